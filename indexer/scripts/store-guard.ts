import { createHash } from "node:crypto";
import { cpSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";

const INDEXER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What the store was built from: a store is only valid for the same chain and the same indexer code. */
export interface StoreIdentity {
  chainId: number;
  genesisHash: Hex;
  codeHash: string;
}

/**
 * One JSON-RPC call to the chain. Plain fetch rather than viem: this process runs before every Ponder start (each indexer
 * and stack test file), and loading viem's ~1,100 modules cost it ~0.85 s of CPU for three calls.
 */
export async function chainRpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  let answer: { result?: T; error?: { message: string } };
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    answer = (await response.json()) as typeof answer;
  } catch (error) {
    throw new Error(`the chain at ${rpcUrl} did not answer ${method} (${(error as Error).message}); is it running?`);
  }
  if (answer.error || answer.result === undefined) {
    throw new Error(`the chain at ${rpcUrl} answered ${method} with ${answer.error?.message ?? "no result"}`);
  }
  return answer.result;
}

/** The chain's id and the hash of its block 0: a reset local chain keeps its id but gets a new genesis. */
export async function readChainIdentity(rpcUrl: string) {
  const [chainId, genesis] = await Promise.all([
    chainRpc<Hex>(rpcUrl, "eth_chainId"),
    chainRpc<{ hash: Hex }>(rpcUrl, "eth_getBlockByNumber", ["0x0", false]),
  ]);
  return { chainId: Number(chainId), genesisHash: genesis.hash };
}

/** A hash of everything Ponder derives the catalogue from: config, schema, handlers, and the generated ABIs. */
export async function indexerCodeHash() {
  const hash = createHash("sha256");
  const src = await readdir(path.join(INDEXER_DIR, "src"), { recursive: true, withFileTypes: true });
  const files = [
    "ponder.config.ts",
    "ponder.schema.ts",
    "../deployments/index.ts",
    ...src.filter((e) => e.isFile()).map((e) => path.relative(INDEXER_DIR, path.join(e.parentPath, e.name))),
  ].sort();
  for (const file of files) hash.update(file).update(await readFile(path.join(INDEXER_DIR, file)));
  return hash.digest("hex").slice(0, 16);
}

export interface GuardOptions {
  rpcUrl: string;
  /** Holds `store.json` and, without a DATABASE_URL, the PGlite database. */
  dataDir: string;
  /** Ponder's Postgres database, when used instead of PGlite. */
  databaseUrl?: string;
  /** The Ponder schema the app writes to. */
  schema: string;
}

/**
 * Ponder keeps what it synced of a chain in its database and trusts it forever: after a local chain is reset under the
 * same chain id it would serve the old chain's data, restarts included; and it refuses to start on a schema written by
 * different indexer code. So before Ponder starts, compare the chain's genesis and the indexer's code with those the
 * store was built from, and wipe the store when either differs (everything in it can be rebuilt from the chain).
 * Returns why the store was reset, or undefined when it was kept.
 */
export async function guardIndexerStore({ rpcUrl, dataDir, databaseUrl, schema }: GuardOptions) {
  const identityFile = path.join(dataDir, "store.json");
  const current: StoreIdentity = { ...(await readChainIdentity(rpcUrl)), codeHash: await indexerCodeHash() };
  const previous = await readFile(identityFile, "utf8")
    .then((text) => JSON.parse(text) as StoreIdentity)
    .catch(() => undefined);

  let reason: string | undefined;
  if (!previous) reason = "no record of what this store was built from";
  else if (previous.chainId !== current.chainId) reason = `chain id changed (${previous.chainId} → ${current.chainId})`;
  else if (previous.genesisHash !== current.genesisHash) reason = "the chain was reset (new genesis block)";
  else if (previous.codeHash !== current.codeHash) reason = "the indexer's code changed";

  if (reason) {
    if (databaseUrl) await dropPostgresSchemas(databaseUrl, schema);
    else {
      await rm(pgliteDir(dataDir), { recursive: true, force: true });
      await seedPgliteStore(pgliteDir(dataDir));
    }
    await mkdir(dataDir, { recursive: true });
    await writeFile(identityFile, `${JSON.stringify(current, null, 2)}\n`);
  } else if (!databaseUrl) {
    await releaseStaleLock(pgliteDir(dataDir), schema);
  }
  return reason;
}

export const pgliteDir = (dataDir: string) => path.join(dataDir, "pglite");

/**
 * A new PGlite store starts as a copy of an empty database made once per machine and PGlite version (in the system's
 * temporary directory): PGlite runs initdb, seconds of WebAssembly, on a directory that holds no database, and resumes
 * one that does. Every indexer and stack test starts a new store, so this is paid once per machine instead of each time.
 */
async function seedPgliteStore(directory: string) {
  const entry = fileURLToPath(import.meta.resolve("@electric-sql/pglite"));
  const { version } = JSON.parse(await readFile(path.join(entry, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  const template = path.join(tmpdir(), `chorus-pglite-empty-${version}`);
  if (!(await stat(path.join(template, "PG_VERSION")).catch(() => undefined))) {
    // Made aside and renamed into place, so that a process starting beside this one never copies half of it.
    const making = `${template}.${process.pid}`;
    await rm(making, { recursive: true, force: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(making);
    await db.waitReady;
    await db.close();
    await rename(making, template).catch(() => rm(making, { recursive: true, force: true }));
  }
  await mkdir(path.dirname(directory), { recursive: true });
  cpSync(template, directory, { recursive: true });
}

/**
 * Ponder locks its schema while it runs and is meant to unlock it on shutdown, but with PGlite the unlock does not
 * survive (seen with 0.16.10): the next start then waits out the 25 s heartbeat timeout. An embedded PGlite store has one
 * user — the caller holds the data directory's pid lock — so a lock found at start is stale: release it.
 */
async function releaseStaleLock(directory: string, schema: string) {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(directory);
  try {
    const table = `"${schema.replaceAll('"', '""')}"._ponder_meta`;
    const exists = await db.query<{ name: string | null }>(`SELECT to_regclass($1) AS name`, [table]);
    if (exists.rows[0]?.name) {
      await db.query(`UPDATE ${table} SET value = jsonb_set(value, '{is_locked}', to_jsonb(0)) WHERE key = 'app'`);
    }
  } finally {
    await db.close();
  }
}

async function dropPostgresSchemas(databaseUrl: string, schema: string) {
  // `pg` comes with Ponder.
  const { default: pg } = await import("pg");
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`DROP SCHEMA IF EXISTS ponder_sync CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
  } finally {
    await db.end();
  }
}

/**
 * Takes the data directory for this process: fails if another live process holds it. Two indexers on one embedded
 * store would corrupt it.
 */
export async function lockDataDir(dataDir: string) {
  await mkdir(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, "indexer.pid");
  const holder = Number(await readFile(pidFile, "utf8").catch(() => "0"));
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(`Another indexer (pid ${holder}) is using ${dataDir}. Stop it first.`);
  }
  await writeFile(pidFile, String(process.pid));
  return () => rm(pidFile, { force: true });
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
