// 6. The catalogue at scale (scripts/catalogue.ts: by default 100,000 videos, 2,000 creators, 1,000 channels with
//    releases and votes, 50,000 comments — real events on a local anvil), on PostgreSQL and on the embedded PGlite:
//
//    a. Backfill: the indexer (indexer/scripts/start.ts → ponder start) from a cold start (empty database) until it has
//       caught up with the chain's head; events/s = the chain's Chorus events / that wall time (Ponder's start
//       included). Baseline: reading the same events with one eth_getLogs per contract (what no indexer can beat).
//       Where the time goes: Ponder's own metrics after the backfill (time per event handler, RPC requests).
//                                                                                 goal: ≥ 5,000 events/s on Postgres
//    b. Listing: 50 concurrent clients, each asking in a loop for one of the pages the web shows — the home feed
//       (`/videos`), a channel page (`/channels/:id` + its `/videos?channel=`), a creator page (`/creators/:address` +
//       `/videos?creator=`) — p95 per page kind; baseline: Ponder's own `/health` at the same concurrency. Channel and
//       creator pages are drawn from a pool of BENCH_LIST_POOL (100) popular ones, warmed once before measuring.
//       Manifests are not fetched: the indexer's IPFS RPC points at a closed port, so every manifest is "unavailable"
//       at once (and cached as such), and the figure is the database and the presentation.
//                                                                           goal: p95 ≤ 50 ms on Postgres
//    c. Search, the same way: `/search?q=` with a common word (in ~5,000 titles), two common words, a rare word (in two
//       titles), a common word with duration, date and tag filters, the search box's `/search/suggest?q=` (three
//       letters), and a misspelled word (no match, so the "did you mean" path: indexer/src/api/spelling.ts). The text
//       is generated (scripts/bench/search-corpus.ts: why, and how it reaches the database) and written after the
//       backfill, with the indexer stopped; the indexer is then started again on the same database. On Postgres,
//       pg_stat_statements gives the database's own time per search query beside the latency the clients see.
//                                                                           goal: p95 ≤ 50 ms on Postgres
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { readChorusEvents, startCatalogue, type CatalogueSize } from "../catalogue.ts";
import { freePort, startService, type Service } from "../lib/process.ts";
import { tsxCommand } from "../lib/tsx.ts";
import { ROOT } from "../lib/paths.ts";
import pg from "pg";
import { pgliteDir } from "../../indexer/scripts/store-guard.ts";
import { startPostgres } from "../../test/lib/postgres.ts";
import { judge, type Result } from "./report.ts";
import { fillSearchTable, type SearchProbes } from "./search-corpus.ts";
import { type Cleanup, cpuSince, cpuSnapshot, formatMs, log } from "./util.ts";

export type Database = "postgres" | "pglite";

interface CatalogueBenchOptions {
  tmp: string;
  size: CatalogueSize;
  databases: Database[];
  clients: number;
  /** Seconds of load per page kind. */
  listSeconds: number;
  /** Distinct channel and creator pages asked for (the popular ones). */
  pool: number;
  cleanup: Cleanup;
  verbose: boolean;
}

/** The search routes the web's search page and search box ask (indexer/src/api/search.ts). */
const SEARCH_ROUTE = "/search";
const SUGGEST_ROUTE = "/search/suggest";
/** The Ponder schema the indexer writes to (its DATABASE_SCHEMA, left at its default here). */
const PONDER_SCHEMA = "chorus";

const INDEXER_ENTRY = path.join(ROOT, "indexer/scripts/start.ts");

export async function benchCatalogue(options: CatalogueBenchOptions): Promise<Result[]> {
  const { size, cleanup } = options;
  log(
    `catalogue: ${size.videos} videos, ${size.creators} creators, ${size.channels} channels (generating if not saved)`,
  );
  const catalogue = await startCatalogue(size, (line) => log(line));
  cleanup.add("the catalogue chain", () => catalogue.stop());

  const baseline = await readChorusEvents(catalogue.rpcUrl);
  log(
    `catalogue: ${baseline.events} Chorus events in ${catalogue.headBlock} blocks; eth_getLogs of them all ${formatMs(baseline.ms)}`,
  );

  const results: Result[] = [];
  for (const database of options.databases) {
    results.push(...(await benchOne(database, catalogue.rpcUrl, catalogue.headBlock, baseline, options)));
  }
  return results;
}

async function benchOne(
  database: Database,
  rpcUrl: string,
  headBlock: bigint,
  baseline: { events: number; ms: number },
  { tmp, clients, listSeconds, pool, cleanup, verbose }: CatalogueBenchOptions,
): Promise<Result[]> {
  const dataDir = path.join(tmp, `indexer-${database}`);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  let databaseUrl = "";
  if (database === "postgres") {
    // pg_stat_statements: the database's own time per search query, beside the latency clients see.
    const cluster = await startPostgres({ settings: { shared_preload_libraries: "pg_stat_statements" } });
    cleanup.add("PostgreSQL", () => cluster.stop());
    databaseUrl = await cluster.createDatabase("chorus");
  }
  const port = await freePort();
  const ipfsPort = await freePort();
  const [command, args] = tsxCommand(INDEXER_ENTRY);
  const startIndexer = () =>
    startService(`indexer (${database})`, command, args, {
      env: {
        ...process.env,
        CHAIN_RPC_URL: rpcUrl,
        // A closed port: manifests answer "unavailable" at once (see the header).
        KUBO_RPC_URL: `http://127.0.0.1:${ipfsPort}`,
        INDEXER_PORT: String(port),
        INDEXER_DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
      },
      readyLine: /^indexer caught up/,
      readyTimeoutMs: 3 * 60 * 60_000,
      onLine: (line) => {
        if (verbose) console.log(`  indexer | ${line}`);
      },
    });
  const cpu = cpuSnapshot();
  const started = performance.now();
  let indexer: Service = await startIndexer();
  const backfillMs = performance.now() - started;
  const contention = cpuSince(cpu).othersShare;
  let stopIndexer = cleanup.add(`indexer (${database})`, () => indexer.stop());
  const api = `http://127.0.0.1:${port}`;
  const eventsPerSecond = baseline.events / (backfillMs / 1000);
  log(
    `${database}: backfill of ${baseline.events} events to block ${headBlock} in ${formatMs(backfillMs)} = ${Math.round(eventsPerSecond)} events/s`,
  );
  const profile = await ponderProfile(api);
  log(`${database}: where the time went (Ponder's metrics): ${JSON.stringify(profile)}`);

  // The search text (scripts/bench/search-corpus.ts: why it is written by the benchmark, with the indexer stopped).
  await stopIndexer();
  const search = await fillSearchTable(
    databaseUrl ? { databaseUrl } : { pgliteDir: pgliteDir(dataDir) },
    PONDER_SCHEMA,
    (line) => log(`${database}: ${line}`),
  );
  log(
    `${database}: search text for ${search.videos} videos, ${search.channels} channels and ${search.policies} policies written in ${formatMs(search.ms)}: ${search.documents} documents, a vocabulary of ${search.vocabulary} words; probes ${JSON.stringify(search.probes)}`,
  );
  const restarted = performance.now();
  indexer = await startIndexer();
  stopIndexer = cleanup.add(`indexer (${database})`, () => indexer.stop());
  log(`${database}: indexer restarted and caught up in ${formatMs(performance.now() - restarted)}`);
  // The indexer wipes a store built by other code (indexer/scripts/store-guard.ts): changing the indexer's code during
  // a run would leave search empty, and every search figure meaningless.
  const probe = `${api}${SEARCH_ROUTE}?${new URLSearchParams({ q: search.probes.common[0]! })}`;
  const searchable = ((await (await fetch(probe)).json()) as { items: unknown[] }).items.length > 0;
  if (!searchable)
    log(
      `${database}: search finds nothing after the restart: the store was rebuilt (did the indexer's code change during the run?); the search figures are failed`,
    );
  const statements = databaseUrl ? await statementStats(databaseUrl) : undefined;

  const results: Result[] = [
    judge({
      id: `catalogue-backfill-${database}`,
      name: `Backfill from a cold start, ${database}`,
      baseline: {
        label: "eth_getLogs",
        value: baseline.events / (baseline.ms / 1000),
        unit: "ev/s",
        statistic: "median",
        samples: [baseline.ms],
      },
      measured: { label: "indexed", value: eventsPerSecond, unit: "ev/s", statistic: "median", samples: [backfillMs] },
      ratioDefinition: "indexed events/s / eth_getLogs events/s",
      ratio: eventsPerSecond / (baseline.events / (baseline.ms / 1000)),
      ...(database === "postgres"
        ? { goal: { text: "≥ 5,000 events/s", on: "measured", op: "≥", threshold: 5_000 } as const }
        : {}),
      contention,
      notes: `${baseline.events} events in ${headBlock} blocks; wall time from starting the indexer (Ponder's start included) to caught up.`,
      details: { backfillMs: Math.round(backfillMs), events: baseline.events, headBlock: String(headBlock), profile },
    }),
  ];

  // Ids to ask for: channels 1..N, creators from pages of the feed.
  const channelTotal = Number((await (await fetch(`${api}/channels?limit=1`)).json()).items[0]?.id ?? 1);
  const creators = new Set<string>();
  let cursor = "";
  for (let page = 0; page < 10; page++) {
    const body = (await (await fetch(`${api}/videos?limit=100${cursor ? `&cursor=${cursor}` : ""}`)).json()) as {
      items: { creator: string }[];
      nextCursor: string | null;
    };
    for (const v of body.items) creators.add(v.creator);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  // A pool of popular pages per kind, each visited once just before its kind is measured: the indexer then serves
  // them from a warm manifest cache, as it serves popular pages. A cold page pays one IPFS lookup per video on it
  // (IpfsJsonCache; measured here ~2 ms of the indexer's CPU each when IPFS refuses at once), which is IPFS's cost, not the
  // database's.
  const creatorPool = [...creators].slice(0, pool);
  const channelPool = Array.from({ length: Math.min(pool, channelTotal) }, (_, i) =>
    String(1 + Math.floor((i * channelTotal) / Math.min(pool, channelTotal))),
  );
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  const kinds: PageKind[] = [
    { id: "home", name: "home feed", pages: [[`${api}/videos?limit=24`]] },
    {
      id: "channel",
      name: "channel page",
      pages: channelPool.map((id) => [`${api}/channels/${id}`, `${api}/videos?channel=${id}&limit=24`]),
    },
    {
      id: "creator",
      name: "creator page",
      pages: creatorPool.map((address) => [`${api}/creators/${address}`, `${api}/videos?creator=${address}&limit=24`]),
    },
    ...searchKinds(api, search.probes),
  ];
  const health = await load(() => [`${api}/health`], clients, listSeconds);
  log(`${database}: /health at ${clients} clients: p95 ${formatMs(health.p95)} (${health.requests} requests)`);
  for (const kind of kinds) {
    for (const page of kind.pages) await Promise.all(page.map((url) => fetch(url).then((r) => r.arrayBuffer())));
    const answers = kind.check ? await kind.check() : undefined;
    if (answers) log(`${database}: ${kind.name}: ${answers}`);
    await statements?.reset();
    const cpuList = cpuSnapshot();
    const measured = await load(() => pick(kind.pages), clients, listSeconds);
    log(
      `${database}: ${kind.name} at ${clients} clients: p50 ${formatMs(measured.p50)}, p95 ${formatMs(measured.p95)} (${measured.requests} pages, ${measured.errors} errors)`,
    );
    const queries = kind.check || kind.id.startsWith("search") ? await statements?.slowest() : undefined;
    if (queries) log(`${database}: ${kind.name}: the database's time per query: ${JSON.stringify(queries)}`);
    // Failed requests fail the figure (below) but not the run: the other figures stay measured.
    if (measured.errors) log(`${database}: ${kind.name}: ${measured.errors} requests failed (${measured.firstError})`);
    results.push(
      judge({
        id: `catalogue-list-${kind.id}-${database}`,
        name: `${kind.name} p95, ${clients} clients, ${database}`,
        baseline: { label: "/health p95", value: health.p95, unit: "ms", statistic: "median", samples: [] },
        measured: { label: "p95", value: measured.p95, unit: "ms", statistic: "median", samples: [] },
        ratioDefinition: "page p95 / /health p95",
        ratio: measured.p95 / health.p95,
        ...(database === "postgres"
          ? { goal: { text: "p95 ≤ 50 ms", on: "measured", op: "≤", threshold: 50 } as const }
          : {}),
        contention: cpuSince(cpuList).othersShare,
        notes: `${measured.errors ? `${measured.errors} requests FAILED (${measured.firstError}); ` : ""}${kind.pages[0]!.length} request(s) per page, in parallel; ${kind.pages.length} distinct pages, warmed once; ${listSeconds} s of load; ${measured.requests} pages.`,
        details: {
          p50: measured.p50,
          p95: measured.p95,
          max: measured.max,
          pages: measured.requests,
          errors: measured.errors,
          firstError: measured.firstError,
          ...(answers ? { answers } : {}),
          ...(queries ? { queries } : {}),
        },
      }),
    );
    if (measured.errors || (kind.id.startsWith("search") && !searchable)) results[results.length - 1]!.pass = false;
  }
  await statements?.close();
  await stopIndexer();
  return results;
}

interface PageKind {
  id: string;
  name: string;
  /** The pages asked for, each its URLs (asked in parallel). */
  pages: string[][];
  /** What the answers hold, for the log (run once before the load). */
  check?: () => Promise<string>;
}

/** The search page and the search box at this catalogue's size, with words chosen from its generated text. */
function searchKinds(api: string, probes: SearchProbes): PageKind[] {
  const search = (params: Record<string, string>) => `${api}${SEARCH_ROUTE}?${new URLSearchParams(params)}`;
  const hits = async (url: string) =>
    ((await (await fetch(url)).json()) as { items: unknown[]; didYouMean: string | null }).items.length;
  const counted = (urls: string[]) => async () =>
    `results on the first page: ${(await Promise.all(urls.map(hits))).join(", ")}`;
  const common = probes.common.map((q) => search({ q }));
  const pairs = probes.pairs.map((q) => search({ q }));
  const rare = probes.rare.map((q) => search({ q }));
  const filtered = probes.common.map((q, i) =>
    search({ q, duration: "medium", since: "year", tag: probes.tags[i % probes.tags.length]! }),
  );
  return [
    { id: "search-common", name: "search, a common word", pages: common.map((url) => [url]), check: counted(common) },
    { id: "search-two", name: "search, two common words", pages: pairs.map((url) => [url]), check: counted(pairs) },
    { id: "search-rare", name: "search, a rare word", pages: rare.map((url) => [url]), check: counted(rare) },
    {
      id: "search-filtered",
      name: "search, a common word, duration, date and tag",
      pages: filtered.map((url) => [url]),
      check: counted(filtered),
    },
    {
      id: "search-suggest",
      name: "search box suggestions",
      pages: probes.prefixes.map((q) => [`${api}${SUGGEST_ROUTE}?${new URLSearchParams({ q })}`]),
    },
    {
      id: "search-typo",
      name: "search, a misspelled word (did you mean)",
      pages: probes.typos.map(({ typed }) => [search({ q: typed })]),
      check: async () => {
        const answers = await Promise.all(
          probes.typos.map(async ({ typed, intended }) => {
            const body = (await (await fetch(search({ q: typed }))).json()) as { didYouMean: string | null };
            return `${typed} → ${body.didYouMean ?? "none"}${body.didYouMean === intended ? "" : ` (expected ${intended})`}`;
          }),
        );
        return `did you mean: ${answers.join(", ")}`;
      },
    },
  ];
}

/**
 * pg_stat_statements of the indexer's database: reset before a kind's load, then the statements that took the most
 * time in all, each with its calls and mean and max milliseconds (the database's share of a page's latency).
 */
async function statementStats(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  return {
    reset: () => client.query("SELECT pg_stat_statements_reset()"),
    slowest: async () =>
      (
        await client.query<{ query: string; calls: string; mean: number; max: number }>(
          `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query, calls, round(mean_exec_time::numeric, 2)::float AS mean,
            round(max_exec_time::numeric, 2)::float AS max
          FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 4`,
        )
      ).rows.map((r) => ({ ...r, calls: Number(r.calls) })),
    close: () => client.end(),
  };
}

/** `clients` loops, each loading one page (its URLs in parallel) after another for `seconds`; page latencies. */
async function load(urls: () => string[], clients: number, seconds: number) {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError = "";
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await Promise.all(
          urls().map(async (url) => {
            try {
              const response = await fetch(url);
              await response.arrayBuffer();
              if (!response.ok) throw new Error(`${url} answered ${response.status}`);
            } catch (error) {
              errors++;
              firstError ||= (error as Error).message;
            }
          }),
        );
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    p50: at(0.5),
    p95: at(0.95),
    max: latencies.at(-1) ?? Number.NaN,
    requests: latencies.length,
    errors,
    firstError,
  };
}

/**
 * Where Ponder spent the backfill, from its /metrics (histograms in milliseconds): the seconds summed over each
 * duration metric (handlers, database methods, extract/transform, RPC), and the handlers that took longest.
 */
async function ponderProfile(api: string) {
  const text = await (await fetch(`${api}/metrics`)).text();
  const seconds = (ms: number) => Math.round(ms / 10) / 100;
  const totals: Record<string, number> = {};
  for (const match of text.matchAll(/^ponder_([a-z_]+_duration)_sum(?:\{[^}]*\})? ([\d.e+-]+)$/gm))
    totals[match[1]!] = (totals[match[1]!] ?? 0) + Number(match[2]);
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^ponder_indexing_function_duration_count\{event="([^"]+)"\} (\d+)$/gm))
    counts.set(match[1]!, Number(match[2]));
  const handlers: [string, number, number][] = [];
  for (const match of text.matchAll(/^ponder_indexing_function_duration_sum\{event="([^"]+)"\} ([\d.e+-]+)$/gm))
    handlers.push([match[1]!, seconds(Number(match[2])), counts.get(match[1]!) ?? 0]);
  handlers.sort((a, b) => b[1] - a[1]);
  // The indexing cache's hits and misses and the queries that reached the database (by table and method).
  const counters: Record<string, number> = {};
  for (const match of text.matchAll(
    /^ponder_(indexing_cache_requests_total|indexing_store_queries_total|indexing_rpc_requests_total)\{([^}]*)\} ([\d.e+-]+)$/gm,
  ))
    if (Number(match[3]) > 0) counters[`${match[1]}{${match[2]}}`] = Number(match[3]);
  return {
    counters,
    secondsByMetric: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, seconds(v)])),
    slowestHandlers: handlers.slice(0, 8).map(([event, s, count]) => ({ event, seconds: s, count })),
  };
}
