// Starts the indexer: wipes a store built from another chain or other code (see store-guard.ts), then runs
// `ponder start`, forwarding Ctrl-C / SIGTERM to it.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";
import { ConfigError } from "@chorus/protocol/env";
import { loadConfig } from "../src/config.ts";
import { chainRpc, guardIndexerStore, lockDataDir, pgliteDir } from "./store-guard.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexerDir = path.resolve(here, "..");
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const dataDir = path.resolve(config.INDEXER_DATA_DIR ?? path.join(indexerDir, "..", ".chorus", "indexer"));
const { CHAIN_RPC_URL: rpcUrl, DATABASE_SCHEMA: schema, DATABASE_URL: databaseUrl } = config;
const port = String(config.INDEXER_PORT);

let unlock: () => Promise<void>;
let head: bigint;
try {
  unlock = await lockDataDir(dataDir);
  const reason = await guardIndexerStore({ rpcUrl, dataDir, databaseUrl, schema });
  if (reason) console.log(`indexer: building a new store (${reason})`);
  head = BigInt(await chainRpc<string>(rpcUrl, "eth_blockNumber"));
} catch (error) {
  console.error(`indexer: cannot start: ${(error as Error).message}`);
  process.exit(1);
}

// ponder's exports map hides its package.json; its bin sits beside the ESM entry (dist/esm/index.js).
const ponderBin = path.join(path.dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin", "ponder.js");
const child = spawn(
  process.execPath,
  [ponderBin, "start", "--schema", schema, "--port", port, "--hostname", "127.0.0.1"],
  {
    cwd: indexerDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      CHAIN_RPC_URL: rpcUrl,
      INDEXER_PGLITE_DIR: pgliteDir(dataDir),
      PONDER_TELEMETRY_DISABLED: "true",
    },
  },
);

// Ponder answers /ready after its backfill, but on a restart it replays a local chain's unfinalised blocks live, after
// /ready. Announce when the catalogue has really caught up with the chain as it was at start, so that whoever starts the
// indexer (npm start, tests) can wait for this line instead of showing a catalogue that is still filling.
let caughtUp = false;
const announce = (block: bigint) => {
  if (caughtUp) return;
  caughtUp = true;
  console.log(`indexer caught up to block ${block} at http://127.0.0.1:${port}`);
};
const watch = (printed: string) => {
  // Ponder colours its logs when it thinks a terminal (or CI) is watching.
  const line = stripVTControlCharacters(printed);
  const live = /Started live indexing .*finalized_block=(\d+)/.exec(line);
  if (live && BigInt(live[1]!) >= head) announce(BigInt(live[1]!));
  const indexed = /Indexed block .*number=(\d+)/.exec(line);
  if (indexed && BigInt(indexed[1]!) >= head) announce(BigInt(indexed[1]!));
};
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
] as const) {
  createInterface({ input: from }).on("line", (line) => {
    to.write(`${line}\n`);
    watch(line);
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", async (code, signal) => {
  await unlock();
  process.exit(code ?? (signal ? 1 : 0));
});
