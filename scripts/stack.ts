// `npm start`: Chorus on embedded defaults — local chain with the contracts deployed, IPFS node with a gateway, ffmpeg
// worker, indexer, storage keepers (CHORUS_KEEPERS, default 2), web app — all bound to 127.0.0.1. Ctrl-C stops everything it started. State lives in CHORUS_DATA_DIR
// (default .chorus/), so a restart keeps chain, IPFS content, catalogue and the worker's jobs. With CHAIN_RPC_URL it
// joins that existing chain instead (deployed there with `npm run deploy`): no local chain, no deploy, no keepers.
import path from "node:path";
import { formatForHumans, parseLogLine } from "@chorus/protocol/log";
import { DEFAULT_DATA_DIR } from "./lib/paths.ts";
import { DEFAULT_PORTS, startStack, type StackPorts } from "./lib/stack.ts";

const dataDir = path.resolve(process.env.CHORUS_DATA_DIR ?? DEFAULT_DATA_DIR);
const portFromEnv: Record<keyof StackPorts, string> = {
  chain: "CHAIN_PORT",
  ipfsRpc: "IPFS_RPC_PORT",
  gateway: "IPFS_GATEWAY_PORT",
  swarm: "IPFS_SWARM_PORT",
  worker: "WORKER_PORT",
  indexer: "INDEXER_PORT",
  web: "WEB_PORT",
};
const ports = { ...DEFAULT_PORTS };
for (const [key, name] of Object.entries(portFromEnv) as [keyof StackPorts, string][]) {
  if (process.env[name]) ports[key] = Number(process.env[name]);
}
const verbose = process.env.CHORUS_VERBOSE === "1";
// Two keepers by default, so that a storage deal opened from a video page is taken up and proven on this machine.
const keepers = process.env.CHORUS_KEEPERS === undefined ? undefined : Number(process.env.CHORUS_KEEPERS);
const chainRpcUrl = process.env.CHAIN_RPC_URL || undefined;

console.log(`Chorus: starting on 127.0.0.1 (data in ${dataDir})`);
const started = Date.now();
let stopping = false;
let ready = false;
const stack = await startStack({
  dataDir,
  ports,
  ...(keepers === undefined ? {} : { keepers }),
  ...(chainRpcUrl ? { chainRpcUrl } : {}),
  onReady: (part, detail, ms) => console.log(`  ✔ ${part.padEnd(10)} ${detail} (${(ms / 1000).toFixed(1)} s)`),
  onLine: (part, line) => {
    // Our services log JSON lines (@chorus/protocol/log): shown in their human form, warnings and errors by level.
    const record = parseLogLine(line);
    // Ponder warns when a quiet local chain mines no block for a while: that is normal here.
    const noise = /No new block received|Received SIG|shutdown sequence/.test(line);
    const important = record
      ? record.level === "warn" || record.level === "error"
      : /\b(error|ERROR|WARN|fatal)\b/.test(line);
    if (verbose || (!noise && important)) console.log(`  ${part} | ${record ? formatForHumans(record) : line}`);
  },
  onExit: (part, detail) => {
    console.error(
      `\nChorus: the ${part} stopped unexpectedly (${detail}).\nStopping the rest; run \`npm start\` again.`,
    );
    if (ready) void shutdown(1);
  },
}).catch((error: Error) => {
  console.error(`\nChorus could not start: ${error.message}`);
  process.exit(1);
});

ready = true;
console.log(`\nChorus is ready in ${((Date.now() - started) / 1000).toFixed(0)} s: open ${stack.urls.web}\n`);
console.log(`  indexer API  ${stack.urls.indexer}  (GraphQL at /graphql, REST at /videos)`);
console.log(`  IPFS gateway ${stack.urls.gateway}/ipfs/<cid>`);
console.log(
  `  chain RPC    ${stack.urls.chain}  ${chainRpcUrl ? "(an existing chain, joined)" : "(the local chain, id 31337)"}`,
);
for (const keeper of stack.keepers)
  console.log(`  keeper       ${keeper.address}  (its IPFS gateway ${keeper.gateway})`);
console.log(`\nCtrl-C stops everything.`);

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nChorus: stopping…");
  await stack.stop();
  console.log("Chorus: stopped.");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
