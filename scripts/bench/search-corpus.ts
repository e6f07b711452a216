// The catalogue's searchable text. The benchmark chain's manifest CIDs name nothing (contracts/test/CatalogueSeeder.sol
// derives them from numbers), so the indexer's fill loop, which reads each CID's manifest from IPFS, would leave search
// with no text. This module writes what that loop would write — one row per CID in `chorus_search.document` and its
// words in `chorus_search.word`, with the indexer's own statements (indexer/src/api/search-document.ts) — for generated
// text: titles, descriptions and tags drawn from a vocabulary with Zipf–Mandelbrot word frequencies (a few words in
// thousands of titles, most in a handful), channel names and descriptions, and policy texts.
//
// Why directly into the database rather than through IPFS: CIDs are hashes, so no content can be put behind the
// catalogue's made-up ones, and serving invented manifests from a fake IPFS API would spend an hour feeding 100,000
// rows through a loop built to trickle them in. Why with the indexer stopped: on PGlite the database lives inside the
// indexer's process and only one process may open it (so do we, the way scripts/store-guard.ts does, between two runs
// of the indexer); on Postgres the same order keeps the fill loop from racing us. The rows are keyed by CID, outside
// Ponder's schema, so the restarted indexer finds them as if it had fetched them, and its loop has nothing left to do.
import path from "node:path";
import pg from "pg";
import { documentsUpsert, SEARCH_DDL, type SearchDocument } from "../../indexer/src/api/search-document.ts";
import { prng } from "./util.ts";

/** Common words first (the most frequent ranks), then generated ones: a vocabulary as long as a real catalogue's. */
const REAL_WORDS =
  "music live video guitar cooking travel review tutorial game football piano recipe dance news drawing garden coffee city night summer winter mountain river ocean forest street market history science space robot camera bike train island festival concert lesson beginner advanced easy quick homemade vintage acoustic electric jazz blues rock folk classic modern ancient secret hidden ultimate simple perfect story journey morning evening weekend holiday family friends school kitchen bread pasta chicken vegan chocolate painting pottery woodwork knitting fishing camping hiking running climbing swimming yoga workout meditation podcast interview documentary trailer highlights unboxing repair build restore design origami puzzle chess drone rocket volcano desert glacier village castle temple bridge harbor lighthouse sunrise sunset storm thunder rain snow autumn spring".split(
    " ",
  );
const REAL_TAGS =
  "music gaming cooking travel education sports science comedy tutorial diy art nature technology history fitness news film animation language podcast".split(
    " ",
  );
const VOCABULARY = 40_000;
const TAGS = 5_000;
/** Zipf–Mandelbrot: the word of rank r is drawn with weight 1 / (r + Q)^S. */
const S = 1;
const Q = 10;
const DOCUMENTS_PER_STATEMENT = 500;
const SEED = 13;

/** `count` distinct made-up words of 2–4 syllables (letters only, like a word), after the real ones. */
function makeWords(real: readonly string[], count: number, random: () => number) {
  const onsets = "b c d f g h j k l m n p r s t v w z br cl dr fl gr pl st tr".split(" ");
  const vowels = "a e i o u ai ou ee".split(" ");
  const words = new Set(real);
  while (words.size < count) {
    let word = "";
    const syllables = 2 + Math.floor(random() * 3);
    for (let s = 0; s < syllables; s++)
      word +=
        onsets[Math.floor(random() * onsets.length)]! +
        vowels[Math.floor(random() * vowels.length)]! +
        (random() < 0.3 ? "nrsl"[Math.floor(random() * 4)]! : "");
    if (word.length <= 14) words.add(word);
  }
  return [...words];
}

/** A sampler of `items` by rank with Zipf–Mandelbrot weights. */
function zipf<T>(items: readonly T[], random: () => number) {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= items.length; r++) {
    total += 1 / (r + Q) ** S;
    cumulative.push(total);
  }
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

export interface CorpusCids {
  videos: string[];
  channels: string[];
  policies: string[];
}

/** Queries chosen from the generated text, and how many titles hold some of their words (as typed, before stemming). */
export interface SearchProbes {
  /** The five words in most titles. */
  common: string[];
  /** Two of those, as one query. */
  pairs: string[];
  /** Words in exactly two titles. */
  rare: string[];
  /** The five most used tags. */
  tags: string[];
  /** Typos (two middle letters swapped) of real words of the middle ranks, and the word each should be corrected to. */
  typos: { typed: string; intended: string }[];
  /** The first three letters of common words: what the search box asks for as one types. */
  prefixes: string[];
  titlesWith: Record<string, number>;
}

/** Generated search text for every CID, the same for the same CIDs in every run. */
export function generateCorpus(cids: CorpusCids): { documents: SearchDocument[]; probes: SearchProbes } {
  const random = prng(SEED);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const vocabulary = makeWords(REAL_WORDS, VOCABULARY, random);
  const tagNames = makeWords(REAL_TAGS, TAGS, random);
  const word = zipf(vocabulary, random);
  const tag = zipf(tagNames, random);
  const words = (lo: number, hi: number) => Array.from({ length: between(lo, hi) }, word);
  const sentence = (list: string[]) => list.join(" ").replace(/^./, (c) => c.toUpperCase());
  const titlesWith = new Map<string, number>();

  const documents: SearchDocument[] = cids.videos.map((cid) => {
    const title = words(3, 7);
    for (const w of new Set(title)) titlesWith.set(w, (titlesWith.get(w) ?? 0) + 1);
    // Log-normal durations around 6–7 minutes, from seconds to hours.
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return {
      kind: "video",
      cid,
      attempts: 0,
      text: {
        title: sentence(title),
        body: sentence(words(6, 24)),
        tags: [...new Set(Array.from({ length: between(1, 3) }, tag))],
        durationSeconds: Math.round(Math.min(4 * 3600, Math.max(5, Math.exp(Math.log(400) + 1.2 * normal)))),
      },
    };
  });
  for (const cid of cids.channels)
    documents.push({
      kind: "channel",
      cid,
      attempts: 0,
      text: { title: sentence(words(2, 3)), body: sentence(words(10, 30)), tags: [], durationSeconds: null },
    });
  for (const cid of cids.policies)
    documents.push({
      kind: "policy",
      cid,
      attempts: 0,
      text: { title: "", body: sentence(words(20, 60)), tags: [], durationSeconds: null },
    });

  const byUse = [...titlesWith].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const known = new Set(vocabulary);
  const swap = (w: string) => {
    const mid = Math.floor(w.length / 2);
    return w.slice(0, mid - 1) + w[mid] + w[mid - 1] + w.slice(mid + 1);
  };
  const typos = REAL_WORDS.slice(40)
    .filter((w) => w.length >= 7)
    .map((intended) => ({ typed: swap(intended), intended }))
    .filter(({ typed }) => !known.has(typed))
    .slice(0, 5);
  const common = byUse.slice(0, 5);
  const rare = byUse.filter((w) => titlesWith.get(w) === 2 && w.length >= 6).slice(0, 20);
  const probes: SearchProbes = {
    common,
    pairs: common.map((w, i) => `${w} ${common[(i + 2) % common.length]}`),
    rare,
    tags: tagNames.slice(0, 5),
    typos,
    prefixes: byUse.slice(0, 20).map((w) => w.slice(0, 3)),
    titlesWith: Object.fromEntries(
      [...common, rare[0]!, ...typos.map((t) => t.intended)].map((w) => [w, titlesWith.get(w) ?? 0]),
    ),
  };
  return { documents, probes };
}

/** A database the benchmark can write to: the indexer's Postgres or its PGlite directory (the indexer stopped). */
export type SearchTarget = { databaseUrl: string } | { pgliteDir: string };

/**
 * Writes the generated text of the catalogue's CIDs (read from the indexer's tables in `schema`) into the search table,
 * then ANALYZEs it (as autovacuum would after such a load; PGlite has no autovacuum). Returns the probes to search
 * for, the rows written and the time taken.
 */
export async function fillSearchTable(target: SearchTarget, schema: string, log: (line: string) => void) {
  const started = performance.now();
  const db = await open(target);
  try {
    const column = async (sql: string) => (await db.query<{ cid: string }>(sql)).map((r) => r.cid);
    const cids: CorpusCids = {
      videos: await column(`SELECT DISTINCT manifest_cid AS cid FROM "${schema}".video`),
      channels: await column(`SELECT DISTINCT metadata_cid AS cid FROM "${schema}".channel`),
      policies: await column(`SELECT DISTINCT policy_cid AS cid FROM "${schema}".policy_version`),
    };
    const { documents, probes } = generateCorpus(cids);
    for (const text of SEARCH_DDL) await db.query(text);
    for (let first = 0; first < documents.length; first += DOCUMENTS_PER_STATEMENT) {
      const { text, params } = documentsUpsert(documents.slice(first, first + DOCUMENTS_PER_STATEMENT));
      await db.query(text, params);
      if ((first / DOCUMENTS_PER_STATEMENT) % 40 === 39)
        log(`search text: ${first + DOCUMENTS_PER_STATEMENT} of ${documents.length} documents`);
    }
    await db.query("ANALYZE chorus_search.document");
    await db.query("ANALYZE chorus_search.word");
    const [counts] = await db.query<{ documents: string; words: string }>(
      "SELECT (SELECT count(*) FROM chorus_search.document) AS documents, (SELECT count(*) FROM chorus_search.word) AS words",
    );
    return {
      probes,
      videos: cids.videos.length,
      channels: cids.channels.length,
      policies: cids.policies.length,
      documents: Number(counts!.documents),
      vocabulary: Number(counts!.words),
      ms: performance.now() - started,
    };
  } finally {
    await db.close();
  }
}

interface Connection {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

async function open(target: SearchTarget): Promise<Connection> {
  if ("databaseUrl" in target) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    return {
      query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
      close: () => client.end(),
    };
  }
  // Ponder's own PGlite (the indexer's dependency, at Ponder's version), on the directory the stopped indexer used.
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(path.resolve(target.pgliteDir));
  await db.waitReady;
  return {
    query: async <R>(text: string, params?: unknown[]) => (await db.query<R>(text, params)).rows,
    close: () => db.close(),
  };
}
