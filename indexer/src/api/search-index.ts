// The text that search looks in lives on IPFS (a video's manifest, a channel's metadata and policy), not on the chain,
// so Ponder's tables don't hold it. This module keeps it in a table of its own, `chorus_search.document`, one row per
// CID: what a CID names never changes, so a row stays true across restarts and chain resets, and the catalogue joins it
// by CID. A loop in the API process fills it from the catalogue's CIDs that have no row yet (newest first) and asks
// IPFS again, with growing pauses, for those it could not deliver.
//
// Why not in Ponder's handlers: fetching from IPFS while indexing would make the backfill wait on IPFS (seconds per
// unavailable CID). Why a separate writer on Postgres: Ponder's API connections are read-only there; on PGlite the
// API shares Ponder's one in-process database, which is writable. The table's SQL is in search-document.ts.
import { db } from "ponder:api";
import schema from "ponder:schema";
import pg from "pg";
import { parseTags } from "@chorus/protocol";
import { sql } from "ponder";
import { loadConfig } from "../config";
import { channelMetadata, manifests } from "./documents";
import { ipfsCat } from "./ipfs-cat";
import {
  documentsUpsert,
  failedDocumentUpsert,
  SEARCH_DDL,
  SEARCH_SCHEMA,
  type SearchDocument,
  type SearchText,
  type Statement,
} from "./search-document";

const config = loadConfig();
const BATCH = 16;
const RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3_600_000;
const POLICY_MAX_BYTES = 64 * 1024;

type Execute = (statement: Statement) => Promise<unknown>;

/** Writes go to Ponder's PGlite through the API's handle, or to Postgres through a pool of our own. */
function writer(): Execute {
  if (!config.DATABASE_URL) return (statement) => db.execute(toDrizzle(statement));
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2, application_name: "chorus_search" });
  return (statement) => pool.query(statement.text, statement.params);
}

/**
 * A statement as drizzle SQL, for the API's handle: its text between the `$n` placeholders, raw, and each parameter
 * bound (search-document.ts writes `$` nowhere else).
 */
function toDrizzle({ text, params }: Statement) {
  const pieces = text.split(/\$(\d+)/);
  return sql.join(pieces.map((piece, i) => (i % 2 ? sql`${params[Number(piece) - 1]}` : sql.raw(piece))));
}

type Doc = ({ status: "ok" } & SearchText) | { status: "invalid" | "unavailable" };

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

async function fetchDoc(kind: SearchDocument["kind"], cid: string): Promise<Doc> {
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

function upsert(kind: SearchDocument["kind"], cid: string, doc: Doc, attempts: number): Statement {
  if (doc.status === "ok") {
    const { status: _, ...text } = doc;
    return documentsUpsert([{ kind, cid, text, attempts }]);
  }
  const retryAt = doc.status === "unavailable" ? Date.now() + Math.min(RETRY_MS * 2 ** attempts, MAX_RETRY_MS) : null;
  return failedDocumentUpsert(kind, cid, doc.status, attempts, retryAt);
}

const doc = sql.raw(`${SEARCH_SCHEMA}.document`);

type Due = { kind: SearchDocument["kind"]; cid: string; attempts: number };

async function rows<R>(query: ReturnType<typeof sql>): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

/**
 * Videos from this block on may lack a row; every video below it has one. Raised to the newest video's block when a
 * round finds no video missing, so that an idle loop reads only the newest block's videos instead of the whole catalogue
 * each second (at 100,000 videos that read cost 0.7–2 s of a loaded database's time per round). A reorganisation can
 * add videos back below it: a full read every FULL_READ_MS finds those too (and the first round after a start is one).
 */
let videosFrom = 0n;
let fullReadAt = 0;
const FULL_READ_MS = 60_000;

/** Videos with no row yet, newest first; then unavailable ones due for another try, longest due first. */
async function dueVideos(now: number): Promise<Due[]> {
  const v = schema.video;
  const from = now - fullReadAt >= FULL_READ_MS ? 0n : videosFrom;
  if (from === 0n) fullReadAt = now;
  const [newest] = await rows<{ head: string | null }>(sql`SELECT max(${v.blockNumber})::text AS head FROM ${v}`);
  const missing = await rows<{ cid: string }>(sql`
    SELECT ${v.manifestCid} AS cid FROM ${v}
    WHERE ${v.blockNumber} >= ${from} AND NOT EXISTS (SELECT 1 FROM ${doc} d WHERE d.cid = ${v.manifestCid})
    GROUP BY 1 ORDER BY max(${v.blockNumber}) DESC LIMIT ${BATCH}`);
  // Rows committed after the head was read are at its block or above: none is below the new mark.
  if (!missing.length && newest?.head) videosFrom = BigInt(newest.head);
  const retries = await rows<{ cid: string; attempts: number }>(sql`
    SELECT d.cid, d.attempts FROM ${doc} d
    WHERE d.status = 'unavailable' AND d.retry_at < ${now}
      AND EXISTS (SELECT 1 FROM ${v} WHERE ${v.manifestCid} = d.cid)
    ORDER BY d.retry_at LIMIT ${BATCH}`);
  return [
    ...missing.map(({ cid }) => ({ kind: "video" as const, cid, attempts: 0 })),
    ...retries.map(({ cid, attempts }) => ({ kind: "video" as const, cid, attempts })),
  ];
}

/** CIDs of the catalogue with no row yet, or an unavailable one due for another try: videos first, newest first. */
async function due(): Promise<Due[]> {
  const now = Date.now();
  const missing = (kind: SearchDocument["kind"], cids: ReturnType<typeof sql>) =>
    rows<{ cid: string; attempts: number }>(
      sql`SELECT c.cid, coalesce(d.attempts, 0) AS attempts FROM (${cids}) c LEFT JOIN ${doc} d ON d.cid = c.cid
          WHERE d.cid IS NULL OR (d.status = 'unavailable' AND d.retry_at < ${now}) LIMIT ${BATCH}`,
    ).then((found) => found.map((r) => ({ kind, ...r })));
  // Channels and policies are few (one row per channel or policy version): read whole.
  const [videos, channels, policies] = await Promise.all([
    dueVideos(now),
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
        for (const text of SEARCH_DDL) await execute({ text, params: [] });
        break;
      } catch (error) {
        console.error("search index: could not create its table (will retry):", (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
    await loop();
  })();
}
