// Shared by the keeper tests: temp dirs, IPFS nodes, the chain with its clock, polling with a deadline.
import { deployments, storageEscrowAbi } from "@chorus/deployments";
import type { KuboRPCClient } from "kubo-rpc-client";
import { createPublicClient, http, parseEventLogs, type Hex } from "viem";
import { startChainWithContracts, escrowTx, cidBytes } from "../../test/lib/chain.ts";
import { freePort } from "../../scripts/lib/process.ts";

// Nodes, directories and repeatable bytes are the Merkle package's test helpers (the keeper's tests need the same).
export { addDirectory, pseudoRandomBytes, startTestNode, tempDir, type TestNode } from "../../merkle/test/helpers.ts";

export const ESCROW = deployments[31337].StorageEscrow.address;

/** Polls until `check` returns something other than undefined/false; fails after the deadline with what it saw last. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  {
    timeoutMs = 30_000,
    intervalMs = 50,
    what = "a condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A fresh anvil with the contracts, a public client, and its clock. */
export async function startTestChain() {
  const anvil = await startChainWithContracts(await freePort());
  const client = createPublicClient({ transport: http(anvil.rpcUrl) });
  const mine = () => client.request({ method: "evm_mine" } as never);
  return {
    anvil,
    rpcUrl: anvil.rpcUrl,
    client,
    mine,
    /** The latest block's timestamp: the chain's "now", which keepers use. */
    now: async () => (await client.getBlock()).timestamp,
    /** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
    async increaseTime(seconds: number | bigint) {
      await client.request({ method: "evm_increaseTime", params: [Number(seconds)] } as never);
      await mine();
    },
    /** Mines to (at least) `timestamp`. */
    async travelTo(timestamp: bigint) {
      const latest = (await client.getBlock()).timestamp;
      if (timestamp > latest) {
        await client.request({ method: "evm_increaseTime", params: [Number(timestamp - latest)] } as never);
      }
      await mine();
    },
    /**
     * Mines a block every `intervalMs` whatever the block timestamps say (scripts' keepBlocksComing compares them with
     * the wall clock, which a chain moved forward with evm_increaseTime is ahead of). Returns the function that stops.
     */
    mineEvery(intervalMs: number) {
      let stopped = false;
      let pending: Promise<unknown> = Promise.resolve();
      const timer = setInterval(() => {
        if (stopped) return;
        pending = pending.then(() => (stopped ? undefined : mine().catch(() => {})));
      }, intervalMs);
      return async () => {
        stopped = true;
        clearInterval(timer);
        await pending;
      };
    },
  };
}
export type TestChain = Awaited<ReturnType<typeof startTestChain>>;

export interface DealOptions {
  cid: string;
  size: number | bigint;
  root: Hex;
  start: bigint;
  replicas?: number;
  periodSeconds?: number;
  periods?: number;
  pricePerPeriod?: bigint;
  stakePerReplica?: bigint;
  slashPerMiss?: bigint;
  maxMisses?: number;
  token?: `0x${string}`;
}

/** Creates an ETH deal as `funderKey`, paying its deposit; returns its id. */
export async function createDeal(rpcUrl: string, funderKey: Hex, options: DealOptions): Promise<bigint> {
  const terms = {
    cid: cidBytes(options.cid),
    size: BigInt(options.size),
    root: options.root,
    replicas: options.replicas ?? 1,
    start: Number(options.start),
    periodSeconds: options.periodSeconds ?? 60,
    periods: options.periods ?? 10,
    token: options.token ?? "0x0000000000000000000000000000000000000000",
    pricePerPeriod: options.pricePerPeriod ?? 1_000_000_000_000_000n,
    stakePerReplica: options.stakePerReplica ?? 10_000_000_000_000_000n,
    slashPerMiss: options.slashPerMiss ?? 4_000_000_000_000_000n,
    maxMisses: options.maxMisses ?? 1,
  };
  const deposit = BigInt(terms.replicas) * BigInt(terms.periods) * terms.pricePerPeriod;
  const { receipt } = await escrowTx(rpcUrl, funderKey, "createDeal", [terms], deposit);
  const [event] = parseEventLogs({ abi: storageEscrowAbi, logs: receipt.logs, eventName: "DealCreated" });
  return event!.args.dealId;
}

/** Every decoded StorageEscrow event of the chain so far (optionally one name). */
export async function escrowEvents(chain: TestChain) {
  const logs = await chain.client.getLogs({ address: ESCROW, fromBlock: 0n, toBlock: "latest" });
  return parseEventLogs({ abi: storageEscrowAbi, logs });
}

/** Collects a keeper's log lines; `waitFor(pattern)` waits for one and shows the last lines if it never comes. */
export function logLines(name: string) {
  const lines: string[] = [];
  return {
    lines,
    log: (line: string) => {
      lines.push(line);
      if (process.env.KEEPER_TEST_VERBOSE) console.log(`[${name}] ${line}`);
    },
    has: (pattern: RegExp) => lines.some((line) => pattern.test(line)),
    async waitFor(pattern: RegExp, timeoutMs = 30_000) {
      try {
        return await waitFor(() => lines.find((line) => pattern.test(line)), {
          timeoutMs,
          what: `${name} to log ${pattern}`,
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${name}'s last lines:\n${lines.slice(-30).join("\n")}`);
      }
    },
  };
}

export type EscrowEvent = Awaited<ReturnType<typeof escrowEvents>>[number];

/** Waits for a StorageEscrow event named `eventName` whose args match; returns it. */
export async function waitForEvent<N extends EscrowEvent["eventName"]>(
  chain: TestChain,
  eventName: N,
  match: (args: Extract<EscrowEvent, { eventName: N }>["args"]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<Extract<EscrowEvent, { eventName: N }>> {
  return waitFor(
    async () => {
      for (const event of await escrowEvents(chain)) {
        if (event.eventName !== eventName) continue;
        const named = event as Extract<EscrowEvent, { eventName: N }>;
        if (match(named.args as never)) return named;
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 100, what: `a ${eventName} event` },
  );
}

/** The events named `eventName`, in chain order. */
export async function eventsNamed<N extends EscrowEvent["eventName"]>(chain: TestChain, eventName: N) {
  return (await escrowEvents(chain)).filter((e) => e.eventName === eventName) as Extract<
    EscrowEvent,
    { eventName: N }
  >[];
}

/** Whether `cid` is pinned (recursively) on the node. */
export async function isPinned(ipfs: KuboRPCClient, cid: string): Promise<boolean> {
  try {
    for await (const pin of ipfs.pin.ls({ paths: [cid] })) if (pin.type === "recursive") return true;
    return false;
  } catch (error) {
    if (/not pinned/i.test(String((error as Error).message))) return false;
    throw error;
  }
}
