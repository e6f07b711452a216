// Starts the indexer: wipes a store built from another chain (see store-guard.ts), then runs `ponder start`.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { guardIndexerStore } from "./store-guard.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexerDir = path.resolve(here, "..");
const dataDir = path.resolve(process.env.INDEXER_DATA_DIR ?? path.join(indexerDir, "..", ".chorus", "indexer"));
const rpcUrl = process.env.CHAIN_RPC_URL ?? "http://127.0.0.1:8545";
const port = process.env.INDEXER_PORT ?? "42069";
const schema = process.env.DATABASE_SCHEMA ?? "chorus";

const reason = await guardIndexerStore({ rpcUrl, dataDir, databaseUrl: process.env.DATABASE_URL, schema });
if (reason) console.log(`indexer: building a new store (${reason})`);

// ponder's exports map hides its package.json; its bin sits beside the ESM entry (dist/esm/index.js).
const ponderBin = path.join(path.dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin", "ponder.js");
const child = spawn(
  process.execPath,
  [ponderBin, "start", "--schema", schema, "--port", port, "--hostname", "127.0.0.1"],
  {
    cwd: indexerDir,
    stdio: "inherit",
    env: {
      ...process.env,
      CHAIN_RPC_URL: rpcUrl,
      INDEXER_PGLITE_DIR: path.join(dataDir, "pglite"),
      PONDER_TELEMETRY_DISABLED: "true",
    },
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
