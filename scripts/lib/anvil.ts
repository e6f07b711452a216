import { createRequire } from "node:module";
import path from "node:path";
import { createPublicClient, http } from "viem";
import { startService, waitFor, type Service } from "./process.ts";
import { LOCAL_CHAIN_ID } from "./deploy.ts";

const require = createRequire(import.meta.url);

/** The anvil binary shipped in the npm package @foundry-rs/anvil-linux-amd64 (no download needed). */
const ANVIL_BIN = path.join(
  path.dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")),
  "bin",
  "anvil",
);

export interface AnvilOptions {
  port: number;
  /** A file that keeps the chain across restarts; without it the chain is new every start. */
  stateFile?: string | undefined;
  onLine?: ((line: string) => void) | undefined;
  /** Another chain id than the local 31337: only for tests of what the deploy step refuses. */
  chainId?: number | undefined;
  /** More anvil arguments (the benchmark catalogue's chain: gas limit, state dump and load). */
  extraArgs?: string[] | undefined;
}

/** Starts the local chain (chain id 31337) on 127.0.0.1 and waits until it answers JSON-RPC. */
export async function startAnvil({
  port,
  stateFile,
  onLine,
  chainId = LOCAL_CHAIN_ID,
  extraArgs = [],
}: AnvilOptions): Promise<Service & { rpcUrl: string }> {
  const rpcUrl = `http://127.0.0.1:${port}`;
  const args = ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--silent"];
  // --state loads the file if present and writes it on exit; the interval also saves it while running, so a crash
  // loses at most a few seconds of the chain.
  if (stateFile) args.push("--state", stateFile, "--state-interval", "5");
  args.push(...extraArgs);
  const client = createPublicClient({ transport: http(rpcUrl) });
  const service = await startService("chain", ANVIL_BIN, args, {
    readyCheck: async () => (await client.getChainId()) === chainId,
    onLine,
  });
  await waitFor(async () => (await client.getBlockNumber()) >= 0n, { what: "the chain's first block" });
  return Object.assign(service, { rpcUrl });
}

/**
 * Mines an empty block whenever the local chain has gone `intervalMs` without one, and returns a function that stops.
 *
 * anvil mines a block per transaction (automine), so an idle chain has no new blocks and its clock stands still — but
 * a keeper's challenge is drawn from the hash of a block *after* its request (see IStorageEscrow), and deal periods
 * are measured in block timestamps. A live chain makes blocks every few seconds; this makes the local one do the same
 * while keeping instant confirmations. (`anvil --block-time` would turn automine off, and `--mixed-mining` would mine
 * before the deployment and move the recorded start blocks.)
 */
export function keepBlocksComing(rpcUrl: string, intervalMs = 2_000): () => void {
  const client = createPublicClient({ transport: http(rpcUrl) });
  let busy = false;
  // When the chain last made a block, by our clock (the chain's own may run ahead: tests use evm_increaseTime).
  let lastBlock = -1n;
  let lastBlockSeenAt = Date.now();
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const number = await client.getBlockNumber({ cacheTime: 0 });
      if (number !== lastBlock) {
        lastBlock = number;
        lastBlockSeenAt = Date.now();
      } else if (Date.now() - lastBlockSeenAt >= intervalMs) {
        await client.request({ method: "evm_mine" } as never);
      }
    } catch {
      // The chain is stopping or restarting; the next tick tries again.
    } finally {
      busy = false;
    }
  }, intervalMs / 4);
  timer.unref();
  return () => clearInterval(timer);
}
