// What the indexer's tests share: the indexer as a real process, and content added to a real IPFS node.
import { createHash } from "node:crypto";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { freePort, startService, waitFor } from "../../scripts/lib/process.ts";

const INDEXER_ENTRY = path.resolve(import.meta.dirname, "../scripts/start.ts");

const postgresDatabases = new Map<string, string>();

/**
 * With CHORUS_TEST_POSTGRES_URL (a superuser URL; `npm test` runs this suite a second time under
 * scripts/with-postgres.ts), each data directory gets its own Postgres database, created on its first start and kept
 * across restarts, as a Postgres deployment keeps its database; without it, Ponder's embedded PGlite as by default.
 */
async function databaseUrlFor(dataDir: string): Promise<string | undefined> {
  const admin = process.env.CHORUS_TEST_POSTGRES_URL;
  if (!admin) return undefined;
  let url = postgresDatabases.get(dataDir);
  if (!url) {
    const name = `indexer_${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}`;
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    url = Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
    postgresDatabases.set(dataDir, url);
  }
  return url;
}

/** Starts `indexer/scripts/start.ts` on a free port and waits until it has caught up with the chain. */
export async function startIndexer(options: {
  chainRpcUrl: string;
  kuboRpcUrl: string;
  dataDir: string;
  onLine?: (line: string) => void;
  /** More environment for the indexer. */
  env?: Record<string, string>;
}) {
  const port = await freePort();
  const databaseUrl = await databaseUrlFor(options.dataDir);
  let dialect: string | undefined;
  // Node strips the start script's types itself: ~0.3 s of CPU less than tsx's loader (scripts/lib/stack.ts does the same).
  const service = await startService("indexer", process.execPath, [INDEXER_ENTRY], {
    env: {
      ...process.env,
      CHAIN_RPC_URL: options.chainRpcUrl,
      KUBO_RPC_URL: options.kuboRpcUrl,
      INDEXER_PORT: String(port),
      INDEXER_DATA_DIR: options.dataDir,
      DATABASE_URL: databaseUrl ?? "",
      ...options.env,
    },
    readyLine: /^indexer caught up/,
    readyTimeoutMs: 120_000,
    onLine: (line) => {
      const connected = /Connected to database.*type=(\w+)/.exec(stripVTControlCharacters(line));
      if (connected) dialect = connected[1];
      options.onLine?.(line);
    },
  });
  // The Postgres run must not pass on PGlite by a lost variable: Ponder names the database it connected to.
  const expected = databaseUrl ? "postgres" : "pglite";
  if (dialect !== expected) {
    await service.stop();
    throw new Error(`The indexer connected to ${dialect ?? "no database it reported"}, expected ${expected}`);
  }
  return { service, api: `http://127.0.0.1:${port}` };
}

/** Adds files as one wrapped directory, as the worker publishes a video; returns the directory's CID. */
export async function addDirectory(kuboRpcUrl: string, files: { path: string; content: string }[]) {
  let root = "";
  for await (const entry of create({ url: kuboRpcUrl }).addAll(files, {
    ...KUBO_ADD_OPTIONS,
    wrapWithDirectory: true,
  })) {
    if (entry.path === "") root = entry.cid.toString();
  }
  return root;
}

/**
 * Polls GET `url` until `ok` accepts its JSON body and returns that body; on time-out, the error says what it answered
 * last (the indexer catches up with the chain a poll later than a transaction's receipt).
 */
export async function untilJson(url: string, ok: (body: any) => boolean, timeoutMs = 20_000): Promise<any> {
  let last: unknown;
  try {
    await waitFor(
      async () => {
        last = (await getJson(url)).body;
        return ok(last);
      },
      { timeoutMs, what: url },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} Last answer: ${JSON.stringify(last)}`);
  }
  return last;
}

/** GET a JSON route: its status and body. */
export async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as any };
}
