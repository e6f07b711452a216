// The text that search looks in lives on IPFS (a video's manifest, a channel's metadata and policy), not on the chain,
// so Ponder's tables don't hold it. This module keeps it in a table of its own, `chorus_search.document`, one row per
// CID: what a CID names never changes, so a row stays true across restarts and chain resets, and the catalogue joins it
// by CID. A loop in the API process fills it from the catalogue's CIDs that have no row yet (newest first) and asks
// IPFS again, with growing pauses, for those it could not deliver.
//
// Why not in Ponder's handlers: fetching from IPFS while indexing would make the backfill wait on IPFS (seconds per
// unavailable CID). Why a separate writer on Postgres: Ponder's API connections are read-only there; on PGlite the
// API shares Ponder's one in-process database, which is writable.
import { db } from "ponder:api";
import schema from "ponder:schema";
import pg from "pg";
import { parseTags } from "@chorus/protocol";
import { sql } from "ponder";
import { loadConfig } from "../config";
import { channelMetadata, manifests } from "./documents";
import { ipfsCat } from "./ipfs-cat";

const config = loadConfig();
/** The schema of the search table (on PGlite and on Postgres alike). */
export const SEARCH_SCHEMA = "chorus_search";
/** The text-search configuration: English stemming ("cats" finds "cat"), the same on PGlite and Postgres. */
export const TS_CONFIG = "english";
const BATCH = 16;
const RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3_600_000;
const POLICY_MAX_BYTES = 64 * 1024;

type Execute = (query: ReturnType<typeof sql>) => Promise<unknown>;

/** Writes go to Ponder's PGlite through the API's handle, or to Postgres through a pool of our own. */
function writer(): Execute {
  if (!config.DATABASE_URL) return (query) => db.execute(query);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2, application_name: "chorus_search" });
  return async (query) => {
    const { sql: text, params } = toPg(query);
    await pool.query(text, params);
  };
}

/** drizzle's SQL as `$1` text and parameters, for the pg pool (the API's drizzle instance speaks Postgres). */
const toPg = (query: ReturnType<typeof sql>) =>
  (db as unknown as { dialect: { sqlToQuery(q: unknown): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(
    query,
  );

/**
 * The words of a document row `d` for the vocabulary: its title and tags as the 'simple' text-search configuration splits
 * them (lower case, no stemming — words as typed, so a correction reads like a word), each once.
 */
const vocabularyOf = (d: string) =>
  `unnest(tsvector_to_array(to_tsvector('simple', ${d}.title || ' ' || array_to_string(${d}.tags, ' '))))`;
/** Words worth suggesting: 3 to 32 characters, no digits, URLs, addresses or hyphenated compounds. */
const isVocabularyWord = (w: string) => `length(${w}) BETWEEN 3 AND 32 AND ${w} !~ '[0-9_./:@-]'`;

const DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${SEARCH_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${SEARCH_SCHEMA}.document (
    cid text PRIMARY KEY,
    kind text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    retry_at bigint,
    title text NOT NULL DEFAULT '',
    tags text[] NOT NULL DEFAULT '{}',
    duration_seconds double precision,
    tsv tsvector NOT NULL DEFAULT ''::tsvector
  )`,
  `CREATE INDEX IF NOT EXISTS document_tsv ON ${SEARCH_SCHEMA}.document USING gin (tsv)`,
  `CREATE INDEX IF NOT EXISTS document_tags ON ${SEARCH_SCHEMA}.document USING gin (tags)`,
  `CREATE INDEX IF NOT EXISTS document_title ON ${SEARCH_SCHEMA}.document (lower(title) text_pattern_ops)`,
  // The vocabulary "did you mean" corrects against (spelling.ts): each word of the titles (videos' and channels' names)
  // and tags, with the number of documents it is in. Filled as documents arrive; an older table gets it from its rows.
  `CREATE TABLE IF NOT EXISTS ${SEARCH_SCHEMA}.word (word text PRIMARY KEY, docs integer NOT NULL)`,
  `INSERT INTO ${SEARCH_SCHEMA}.word (word, docs)
    SELECT w, count(*) FROM ${SEARCH_SCHEMA}.document d, ${vocabularyOf("d")} w
    WHERE d.status = 'ok' AND ${isVocabularyWord("w")} AND NOT EXISTS (SELECT 1 FROM ${SEARCH_SCHEMA}.word)
    GROUP BY w`,
];

type Doc =
  | { status: "ok"; title: string; body: string; tags: string[]; durationSeconds: number | null }
  | { status: "invalid" | "unavailable" };

/** A channel policy's text (Markdown on IPFS), capped. */
async function policyText(cid: string): Promise<Doc> {
  try {
    const bytes = await ipfsCat(config.KUBO_RPC_URL, cid, {
      signal: AbortSignal.timeout(5_000),
      maxBytes: POLICY_MAX_BYTES,
    });
    if (bytes === "too-large") return { status: "invalid" };
    return { status: "ok", title: "", body: Buffer.from(bytes).toString("utf8"), tags: [], durationSeconds: null };
  } catch {
    return { status: "unavailable" };
  }
}

async function fetchDoc(kind: string, cid: string): Promise<Doc> {
  if (kind === "video") {
    const m = await manifests.get(`${cid}/manifest.json`);
    if (m.status !== "ok") return { status: m.status };
    return {
      status: "ok",
      title: m.value.title,
      body: m.value.description,
      tags: parseTags(m.value.tags ?? []),
      durationSeconds: m.value.durationSeconds,
    };
  }
  if (kind === "channel") {
    const m = await channelMetadata.get(cid);
    if (m.status !== "ok") return { status: m.status };
    return { status: "ok", title: m.value.name, body: m.value.description, tags: [], durationSeconds: null };
  }
  return policyText(cid);
}

function upsert(kind: string, cid: string, doc: Doc, attempts: number) {
  if (doc.status !== "ok") {
    const retryAt = doc.status === "unavailable" ? Date.now() + Math.min(RETRY_MS * 2 ** attempts, MAX_RETRY_MS) : null;
    return sql`INSERT INTO ${sql.raw(SEARCH_SCHEMA)}.document (cid, kind, status, attempts, retry_at)
      VALUES (${cid}, ${kind}, ${doc.status}, ${attempts + 1}, ${retryAt})
      ON CONFLICT (cid) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, retry_at = excluded.retry_at`;
  }
  const tagText = doc.tags.join(" ");
  // Weights: the title (or a channel's name) A, tags B, the description or policy C; ts_rank ranks by them. A row that
  // is already 'ok' is left alone (a CID's text never changes), so its words are counted in the vocabulary once.
  return sql`WITH d AS (
    INSERT INTO ${sql.raw(SEARCH_SCHEMA)}.document (cid, kind, status, attempts, title, tags, duration_seconds, tsv)
    VALUES (${cid}, ${kind}, 'ok', ${attempts + 1}, ${doc.title}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(doc.tags)}::jsonb)), ${doc.durationSeconds},
      setweight(to_tsvector(${TS_CONFIG}::regconfig, ${doc.title}), 'A')
      || setweight(to_tsvector(${TS_CONFIG}::regconfig, ${tagText}), 'B')
      || setweight(to_tsvector(${TS_CONFIG}::regconfig, ${doc.body}), 'C'))
    ON CONFLICT (cid) DO UPDATE SET status = 'ok', attempts = excluded.attempts, retry_at = NULL,
      title = excluded.title, tags = excluded.tags, duration_seconds = excluded.duration_seconds, tsv = excluded.tsv
    WHERE ${sql.raw(SEARCH_SCHEMA)}.document.status <> 'ok'
    RETURNING title, tags)
  INSERT INTO ${sql.raw(SEARCH_SCHEMA)}.word (word, docs)
    SELECT w, 1 FROM d, ${sql.raw(vocabularyOf("d"))} w WHERE ${sql.raw(isVocabularyWord("w"))}
    ON CONFLICT (word) DO UPDATE SET docs = ${sql.raw(SEARCH_SCHEMA)}.word.docs + 1`;
}

const doc = sql.raw(`${SEARCH_SCHEMA}.document`);

/** CIDs of the catalogue with no row yet, or an unavailable one due for another try: newest first. */
async function due(): Promise<{ kind: string; cid: string; attempts: number }[]> {
  const now = Date.now();
  const missing = (kind: string, cids: ReturnType<typeof sql>) =>
    db
      .execute(
        sql`SELECT c.cid, coalesce(d.attempts, 0) AS attempts FROM (${cids}) c LEFT JOIN ${doc} d ON d.cid = c.cid
          WHERE d.cid IS NULL OR (d.status = 'unavailable' AND d.retry_at < ${now}) LIMIT ${BATCH}`,
      )
      .then((result) =>
        (result as unknown as { rows: { cid: string; attempts: number }[] }).rows.map((r) => ({ kind, ...r })),
      );
  const v = schema.video;
  const [videos, channels, policies] = await Promise.all([
    missing(
      "video",
      sql`SELECT ${v.manifestCid} AS cid, max(${v.blockNumber}) AS at FROM ${v} GROUP BY 1 ORDER BY 2 DESC`,
    ),
    missing("channel", sql`SELECT DISTINCT ${schema.channel.metadataCid} AS cid FROM ${schema.channel}`),
    missing("policy", sql`SELECT DISTINCT ${schema.policyVersion.policyCid} AS cid FROM ${schema.policyVersion}`),
  ]);
  return [...videos, ...channels, ...policies].slice(0, BATCH);
}

let started = false;

/** Creates the table and starts the loop that fills it; once per process. */
export function startSearchIndex() {
  if (started) return;
  started = true;
  const execute = writer();
  const loop = async () => {
    for (;;) {
      let worked = false;
      try {
        const rows = await due();
        await Promise.all(
          rows.map(async ({ kind, cid, attempts }) => {
            await execute(upsert(kind, cid, await fetchDoc(kind, cid), Number(attempts)));
          }),
        );
        worked = rows.length > 0;
      } catch (error) {
        console.error("search index: could not update (will retry):", (error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, worked ? 50 : 1_000));
    }
  };
  void (async () => {
    for (;;) {
      try {
        for (const statement of DDL) await execute(sql.raw(statement));
        break;
      } catch (error) {
        console.error("search index: could not create its table (will retry):", (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
    await loop();
  })();
}
