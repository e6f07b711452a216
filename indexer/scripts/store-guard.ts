import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createPublicClient, http, type Hex } from "viem";

export interface ChainIdentity {
  chainId: number;
  genesisHash: Hex;
}

/** The chain's id and the hash of its block 0: a reset local chain keeps its id but gets a new genesis. */
export async function readChainIdentity(rpcUrl: string): Promise<ChainIdentity> {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  const [chainId, genesis] = await Promise.all([client.getChainId(), client.getBlock({ blockNumber: 0n })]);
  return { chainId, genesisHash: genesis.hash };
}

export interface GuardOptions {
  rpcUrl: string;
  /** Holds `chain.json` and, without a DATABASE_URL, the PGlite database. */
  dataDir: string;
  /** Ponder's Postgres database, when used instead of PGlite. */
  databaseUrl?: string;
  /** The Ponder schema the app writes to. */
  schema: string;
}

/**
 * Ponder keeps what it synced of a chain in its database (the `ponder_sync` schema) and trusts it forever: after a local
 * chain is reset under the same chain id it would serve the old chain's data, restarts included. So before Ponder
 * starts, compare the chain's genesis with the one the store was built from, and wipe the store when they differ.
 * Returns why the store was reset, or undefined when it was kept.
 */
export async function guardIndexerStore({ rpcUrl, dataDir, databaseUrl, schema }: GuardOptions) {
  const identityFile = path.join(dataDir, "chain.json");
  const current = await readChainIdentity(rpcUrl);
  const previous = await readFile(identityFile, "utf8")
    .then((text) => JSON.parse(text) as ChainIdentity)
    .catch(() => undefined);

  let reason: string | undefined;
  if (!previous) reason = "no record of the chain this store was built from";
  else if (previous.chainId !== current.chainId) reason = `chain id changed (${previous.chainId} → ${current.chainId})`;
  else if (previous.genesisHash !== current.genesisHash) reason = "the chain was reset (new genesis block)";

  if (reason) {
    if (databaseUrl) await dropPostgresSchemas(databaseUrl, schema);
    else await rm(path.join(dataDir, "pglite"), { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    await writeFile(identityFile, `${JSON.stringify(current, null, 2)}\n`);
  }
  return reason;
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
