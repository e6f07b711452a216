// GET /search and /search/suggest: Postgres full text (tsvector, websearch_to_tsquery, GIN) over the search table of
// search-index.ts joined with the catalogue. The same SQL runs on PGlite and on Postgres.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { DURATIONS, type Page, SINCE, type SearchHit, type Suggestion } from "@chorus/protocol";
import type { Hono } from "hono";
import { sql } from "ponder";
import { getAddress } from "viem";
import { type RouteInput, serve } from "./http";
import { presentChannel } from "./present";
import { SEARCH_SCHEMA, TS_CONFIG } from "./search-document";
import { startSearchIndex } from "./search-index";
import { correction } from "./spelling";
import { accountsOf } from "./social";
import { storageNow } from "./storage";
import { stored } from "./params";
import { fromSources } from "./sources";
import { presentVideos } from "./videos";

type SQL = ReturnType<typeof sql>;
type SearchInput = RouteInput<"search">["query"];
const doc = sql.raw(`${SEARCH_SCHEMA}.document`);
const config = sql.raw(`'${TS_CONFIG}'::regconfig`);
/** Cursors are offsets into the ranked list: a relevance score has no stable key to continue after. */
const MAX_OFFSET = 999_999;

async function rows<R>(query: SQL): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

/** `and` over optional SQL fragments (drizzle's `and` wants columns of one table; these span several). */
const all = (parts: (SQL | false | undefined)[]) => {
  const kept = parts.filter((p): p is SQL => !!p);
  return kept.length ? sql.join(kept, sql` AND `) : sql`TRUE`;
};

/** Words of the box's text for a prefix query: letters and digits only, so no input can be a tsquery syntax error. */
function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 8);
  if (!words?.length) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ");
}

const likePrefix = (q: string) => `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function serveSearchRoutes(app: Hono) {
  startSearchIndex();

  serve(app, "search", async ({ query }) => {
    const found = await search(query);
    return { ...found, didYouMean: await didYouMean(query, found.items.length) };
  });

  /** A correction worth offering: the words found nothing, and the corrected words find something under the same filters. */
  async function didYouMean(query: SearchInput, found: number): Promise<string | null> {
    const text = query.q.trim();
    if (found > 0 || text === "" || query.cursor !== undefined || query.type === "creators") return null;
    const fixed = await correction(text);
    if (fixed === null) return null;
    return (await search({ ...query, q: fixed, limit: 1 })).items.length ? fixed : null;
  }

  async function search(query: SearchInput): Promise<Page<SearchHit>> {
    const offset = query.cursor === undefined ? 0 : Math.min(Number(query.cursor), MAX_OFFSET);
    const text = query.q.trim();
    const tsq = sql`websearch_to_tsquery(${config}, ${text})`;
    const page = (items: SearchHit[], more: boolean) => ({
      items,
      nextCursor: more && offset + query.limit <= MAX_OFFSET ? String(offset + query.limit) : null,
    });

    if (query.type === "videos") {
      const v = schema.video;
      const now = BigInt(Math.floor(Date.now() / 1000));
      const range = query.duration ? DURATIONS[query.duration] : undefined;
      const needsDoc = text !== "" || query.tag !== undefined || range !== undefined;
      const documentWhere = all([
        text !== "" && sql`d.tsv @@ ${tsq}`,
        query.tag !== undefined && sql`d.tags @> ARRAY[${query.tag.toLowerCase()}]::text[]`,
        range && sql`d.duration_seconds >= ${range[0]}`,
        range && range[1] !== null && sql`d.duration_seconds < ${range[1]}`,
      ]);
      const videoWhere = all([
        query.since && sql`${v.timestamp} >= ${now - BigInt(SINCE[query.since])}`,
        query.channel !== undefined && sql`${v.channelId} = ${BigInt(query.channel)}`,
        query.released === "1" && sql`${v.channelId} IS NOT NULL`,
        query.creator !== undefined && sql`${v.creator} = ${stored(query.creator)}`,
        fromSources(query),
        query.kept === "1" &&
          sql`EXISTS (SELECT 1 FROM ${schema.deal} WHERE ${schema.deal.cid} = ${v.manifestCid} AND ${schema.deal.end} > ${await storageNow()})`,
      ]);
      // Words: every match is ranked, so the rank is computed once per match in a subquery that OFFSET 0 keeps the
      // planner from merging into the join; the sort then carries (cid, rank), not each match's tsvector (at 24,000
      // matches in 100,000 videos the wide sort spilled to disk and took twice as long; same answers).
      const found = await rows<{ id: string }>(
        text !== ""
          ? sql`
        SELECT ${v.id} AS id
        FROM (SELECT d.cid, ts_rank(d.tsv, ${tsq}) AS rank FROM ${doc} d WHERE ${documentWhere} OFFSET 0) d
          JOIN ${v} ON ${v.manifestCid} = d.cid
        WHERE ${videoWhere}
        ORDER BY d.rank DESC, ${v.blockNumber} DESC, ${v.logIndex} DESC
        LIMIT ${query.limit + 1} OFFSET ${offset}`
          : sql`
        SELECT ${v.id} AS id FROM ${v} ${sql.raw(needsDoc ? "JOIN" : "LEFT JOIN")} ${doc} d ON d.cid = ${v.manifestCid}
        WHERE ${documentWhere} AND ${videoWhere}
        ORDER BY ${v.blockNumber} DESC, ${v.logIndex} DESC
        LIMIT ${query.limit + 1} OFFSET ${offset}`,
      );
      const ids = found.slice(0, query.limit).map((r) => r.id);
      const videoRows = ids.length
        ? await db
            .select()
            .from(v)
            .where(
              sql`${v.id} IN (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )})`,
            )
        : [];
      const videos = await presentVideos(ids.map((id) => videoRows.find((r) => r.id === id)!));
      return page(
        videos.map((video) => ({ kind: "video", video })),
        found.length > query.limit,
      );
    }

    if (query.type === "channels") {
      const c = schema.channel;
      // A channel's words: its name and description (metadata) and its current policy's text.
      const found = await rows<{ id: string }>(sql`
        SELECT ${c.id}::text AS id FROM ${c}
          LEFT JOIN ${doc} m ON m.cid = ${c.metadataCid} LEFT JOIN ${doc} p ON p.cid = ${c.policyCid}
        WHERE ${text === "" ? sql`TRUE` : sql`(coalesce(m.tsv, ''::tsvector) || coalesce(p.tsv, ''::tsvector)) @@ ${tsq}`}
        ORDER BY ${text === "" ? sql`` : sql`ts_rank(coalesce(m.tsv, ''::tsvector) || coalesce(p.tsv, ''::tsvector), ${tsq}) DESC,`}
          ${c.id} DESC
        LIMIT ${query.limit + 1} OFFSET ${offset}`);
      const ids = found.slice(0, query.limit).map((r) => BigInt(r.id));
      const channelRows = ids.length
        ? await db
            .select()
            .from(c)
            .where(
              sql`${c.id} IN (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )})`,
            )
        : [];
      const items: SearchHit[] = [];
      for (const id of ids) {
        const row = channelRows.find((r) => r.id === id)!;
        items.push({ kind: "channel", channel: { ...(await presentChannel(row)), openProposals: 0 } });
      }
      return page(items, found.length > query.limit);
    }

    // Creators: accounts with a nickname or handle, and addresses that published; by handle, nickname or address.
    const a = schema.account;
    const cr = schema.creator;
    const names = sql`to_tsvector('simple', coalesce(${a.handle}, '') || ' ' || coalesce(${a.nickname}, ''))`;
    const simpleQuery = sql`websearch_to_tsquery('simple', ${text})`;
    const isAddress = /^0x[0-9a-fA-F]{40}$/.test(text);
    const found = await rows<{ address: `0x${string}`; video_count: number | null; last: string | null }>(sql`
      SELECT coalesce(${a.address}, ${cr.address}) AS address, ${cr.videoCount} AS video_count,
        ${cr.lastPublishedAt}::text AS last
      FROM ${a} FULL JOIN ${cr} ON ${cr.address} = ${a.address}
      WHERE ${
        text === ""
          ? sql`TRUE`
          : isAddress
            ? sql`coalesce(${a.address}, ${cr.address}) = ${stored(text)}`
            : sql`(${names} @@ ${simpleQuery} OR lower(${a.handle}) LIKE ${likePrefix(text.toLowerCase())})`
      }
      ORDER BY ${text === "" || isAddress ? sql`` : sql`ts_rank(${names}, ${simpleQuery}) DESC,`}
        ${cr.lastPublishedAt} DESC NULLS LAST, 1
      LIMIT ${query.limit + 1} OFFSET ${offset}`);
    const hits = found.slice(0, query.limit);
    const accounts = await accountsOf(
      hits.map((h) => h.address),
      await storageNow(),
    );
    return page(
      hits.map((h) => ({
        kind: "creator",
        creator: {
          address: getAddress(h.address),
          account: accounts.get(h.address)!,
          videoCount: h.video_count ?? 0,
          lastPublishedAt: h.last === null ? null : Number(h.last),
        },
      })),
      found.length > query.limit,
    );
  }

  serve(app, "suggest", async ({ query }) => {
    const q = query.q.trim().toLowerCase();
    const prefix = prefixQuery(q);
    if (!prefix) return { items: [] };
    const tsq = sql`to_tsquery(${config}, ${prefix})`;
    const like = likePrefix(q);
    const v = schema.video;
    const [videos, channels, creators, tags] = await Promise.all([
      // Ranked in a subquery of its own, as in search (a common prefix matches a quarter of the catalogue).
      rows<{ id: string; title: string }>(sql`
        SELECT ${v.id} AS id, d.title
        FROM (SELECT d.cid, d.title, ts_rank(d.tsv, ${tsq}) AS rank FROM ${doc} d
          WHERE d.kind = 'video' AND (d.tsv @@ ${tsq} OR lower(d.title) LIKE ${like}) OFFSET 0) d
          JOIN ${v} ON ${v.manifestCid} = d.cid
        ORDER BY d.rank DESC, ${v.blockNumber} DESC LIMIT 4`),
      rows<{ id: string; title: string }>(sql`
        SELECT ${schema.channel.id}::text AS id, d.title FROM ${doc} d
          JOIN ${schema.channel} ON ${schema.channel.metadataCid} = d.cid
        WHERE d.kind = 'channel' AND (d.tsv @@ ${tsq} OR lower(d.title) LIKE ${like})
        ORDER BY ts_rank(d.tsv, ${tsq}) DESC LIMIT 2`),
      rows<{ address: string; handle: string | null; nickname: string | null }>(sql`
        SELECT ${schema.account.address} AS address, ${schema.account.handle} AS handle,
          ${schema.account.nickname} AS nickname FROM ${schema.account}
        WHERE ${schema.account.handle} LIKE ${like} OR lower(${schema.account.nickname}) LIKE ${like} LIMIT 2`),
      rows<{ tag: string }>(sql`
        SELECT tag FROM ${sql.raw(`${SEARCH_SCHEMA}.tag`)}
        WHERE tag LIKE ${likePrefix(q.replace(/\s+/g, "-"))}
        ORDER BY videos DESC, tag LIMIT 2`),
    ]);
    const items: Suggestion[] = [
      ...tags.map((t) => ({ kind: "tag" as const, text: t.tag, id: t.tag })),
      ...videos.map((r) => ({ kind: "video" as const, text: r.title, id: r.id })),
      ...channels.map((r) => ({ kind: "channel" as const, text: r.title, id: r.id })),
      ...creators.map((r) => ({
        kind: "creator" as const,
        text: r.handle?.startsWith(q) ? `@${r.handle}` : (r.nickname ?? r.handle ?? r.address),
        id: getAddress(r.address),
      })),
    ];
    return { items: items.slice(0, 8) };
  });
}
