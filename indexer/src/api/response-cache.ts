// A short-lived cache of the REST API's answers, so that many viewers asking for the same page (a busy instance's home
// feed, a popular channel) cost one database round and presentation per indexed block instead of one each.
//
// An answer is reused only while both hold:
// - the indexed position is the one it was computed at: each request reads Ponder's checkpoint (`_ponder_checkpoint`,
//   written in the same transaction as the rows of the block it names), so an answer never predates a block the
//   indexer had committed when the request arrived — what a client saw indexed on one route, it sees on every other;
// - it is younger than TTL_MS: an answer also depends on the clock (a proposal's deadline, a storage period closing, a
//   membership ending) and on documents read from IPFS (a manifest arriving, the search table filling), which no
//   block announces. Those may lag by up to TTL_MS.
// Identical requests that arrive while one is being computed wait for it instead of computing it again; so do the
// checkpoint reads (one in flight, and at most one queued behind it — it starts after every request waiting on it
// arrived, which keeps the guarantee above).
//
// Each answer says which it was in an `X-Cache: hit | miss` header.
//
// Why not HTTP caching (Cache-Control) in front: the web app's server and any reverse proxy would then serve answers
// older than the indexed position, and the "indexed" state of a transaction (web) relies on the API showing the block.
import { db } from "ponder:api";
import { sql } from "ponder";
import { loadConfig } from "../config";

/** How long an answer may be reused at the same indexed position (INDEXER_CACHE_MS; 0: never). */
const TTL_MS = loadConfig().INDEXER_CACHE_MS;
/** Answers kept (oldest dropped first); pages are a few to tens of KB. */
const MAX_ENTRIES = 2_000;

interface Entry {
  checkpoint: string;
  at: number;
  body: Promise<string>;
}

const entries = new Map<string, Entry>();

let reading: Promise<string> | null = null;
let queued: Promise<string> | null = null;

async function readCheckpoint(): Promise<string> {
  const result = (await db.execute(
    sql`SELECT string_agg(latest_checkpoint, ',' ORDER BY chain_id) AS checkpoint FROM _ponder_checkpoint`,
  )) as unknown as { rows: { checkpoint: string | null }[] };
  return result.rows[0]?.checkpoint ?? "";
}

/** The indexed position, read after the caller arrived (a read already in flight may predate it, so wait for the next). */
function indexedCheckpoint(): Promise<string> {
  if (!reading) {
    reading = readCheckpoint().finally(() => {
      reading = null;
    });
    return reading;
  }
  queued ??= reading
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      queued = null;
      return indexedCheckpoint();
    });
  return queued;
}

/**
 * The JSON body answering `key` (the request's path and query), and whether it was reused (`hit`: computed at the
 * current indexed position less than TTL_MS ago, or being computed) or computed now by `compute`. A failed computation
 * is not kept.
 */
export async function cachedAnswer(
  key: string,
  compute: () => Promise<unknown>,
): Promise<{ body: string; hit: boolean }> {
  if (TTL_MS === 0) return { body: JSON.stringify(await compute()), hit: false };
  const checkpoint = await indexedCheckpoint();
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.checkpoint === checkpoint && now - hit.at < TTL_MS) return { body: await hit.body, hit: true };
  const body = compute().then((answer) => JSON.stringify(answer));
  const entry: Entry = { checkpoint, at: now, body };
  entries.delete(key);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, entry);
  body.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return { body: await body, hit: false };
}
