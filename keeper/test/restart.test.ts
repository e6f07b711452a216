// The daemon as a process (src/main.ts, configured from the environment, with its own IPFS node), stopped with SIGTERM
// in the middle of a period — after its challenge request, before its proof — and started again on the same data
// directory: it proves that period without joining again or fetching again. Started on a data directory that lost its
// trees, it rebuilds them (the chain says which deals it is in) and goes on proving.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseLogLine, type LogRecord } from "@chorus/protocol/log";
import { parseEther } from "viem";
import { computeStorageRoot } from "@chorus/merkle";
import { startService, type Service } from "../../scripts/lib/process.ts";
import { tsxCommand } from "../../scripts/lib/tsx.ts";
import { addressOf, KEEPER_KEYS, TEST_KEYS } from "../../test/lib/chain.ts";
import {
  addDirectory,
  createDeal,
  eventsNamed,
  pseudoRandomBytes,
  startTestChain,
  startTestNode,
  tempDir,
  waitFor,
  waitForEvent,
  type TestChain,
  type TestNode,
} from "./helpers.ts";

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "main.ts");
const KEY = KEEPER_KEYS[2];
const KEEPER = addressOf(KEY);

describe("the daemon process: a restart mid-period still proves", () => {
  let chain: TestChain;
  let stopMining: (() => Promise<void>) | undefined;
  let creator: TestNode;
  let dataDir: string;
  let cid: string;
  let dealId: bigint;
  let start: bigint;
  let keeper: Service | undefined;
  const runs: string[][] = [];

  /** Starts src/main.ts with only KEEPER_* settings from this test; resolves with its readiness line. */
  async function startDaemon() {
    const lines: string[] = [];
    const records: LogRecord[] = [];
    runs.push(lines);
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("KEEPER_")),
    );
    Object.assign(env, {
      KEEPER_PRIVATE_KEY: KEY,
      KEEPER_CHAIN_RPC_URL: chain.rpcUrl,
      KEEPER_DATA_DIR: dataDir,
      KEEPER_POLL_MS: "100",
      KEEPER_MAX_BYTES: "64MiB",
      KEEPER_MIN_PRICE_PER_PERIOD: "1",
      KEEPER_MAX_STAKE: parseEther("0.01").toString(),
      KEEPER_IPFS_RPC_PORT: "0",
      KEEPER_GATEWAY_PORT: "0",
      KEEPER_SWARM_PORT: "0",
      KEEPER_PEERS: creator.node.multiaddrs.join(","),
      // Set, even if empty, so that a developer's keeper/.env cannot fill them in.
      KEEPER_IPFS_RPC_URL: "",
      KEEPER_ESCROW_ADDRESS: "",
      KEEPER_TOKENS: "",
      KEEPER_WITHDRAW_ABOVE: "",
      KEEPER_FETCH_TIMEOUT_MS: "",
      KEEPER_PEERS_RETRY_MS: "",
      KEEPER_GATEWAY_URL: "",
    });
    const [command, args] = tsxCommand(MAIN);
    // Log records (JSON lines on stderr) are kept as their msg, the keeper's action line; the readiness line as it is.
    keeper = await startService("keeper", command, args, {
      env,
      readyLine: /^keeper ready /,
      onLine: (line) => {
        const record = parseLogLine(line);
        if (record) records.push(record);
        lines.push(record?.msg ?? line);
      },
      readyTimeoutMs: 60_000,
    });
    const ready = lines.find((line) => line.startsWith("keeper ready "))!;
    return { ready, lines, records, service: keeper };
  }

  before(async () => {
    chain = await startTestChain();
    stopMining = chain.mineEvery(200);
    creator = await startTestNode("creator");
    dataDir = await tempDir("daemon");
    cid = await addDirectory(creator.ipfs, {
      "master.m3u8": pseudoRandomBytes(3000, 21),
      "240p/seg0.ts": pseudoRandomBytes(300_000, 22),
    });
    const tree = await computeStorageRoot(creator.ipfs, cid, { offline: true });
    start = (await chain.now()) + 30n;
    dealId = await createDeal(chain.rpcUrl, TEST_KEYS[1], {
      cid,
      size: tree.size,
      root: tree.root,
      start,
      periods: 4,
      stakePerReplica: parseEther("0.01"),
    });
  });

  after(async () => {
    await keeper?.stop();
    await stopMining?.();
    await creator?.node.stop();
    await chain?.anvil.stop();
  });

  it("prints one readiness line with its address and its node's URLs, joins and proves", async () => {
    const { ready, lines, records } = await startDaemon();
    assert.match(
      ready,
      new RegExp(
        `^keeper ready address=${KEEPER} ipfs-rpc=http://127\\.0\\.0\\.1:\\d+ gateway=http://127\\.0\\.0\\.1:\\d+ keys=http://127\\.0\\.0\\.1:\\d+$`,
      ),
    );
    assert.equal(lines.filter((line) => line.startsWith("keeper ready")).length, 1);

    await waitForEvent(chain, "KeeperJoined", (e) => e.keeper === KEEPER && e.dealId === dealId);
    await chain.travelTo(start);
    await waitForEvent(chain, "ProofAccepted", (e) => e.keeper === KEEPER && e.period === 0);
    // Its actions are records of the services' one log format, under its own name.
    await waitFor(
      () => records.some((r) => r.service === "keeper" && r.level === "info" && /^proved deal=1 period=0 /.test(r.msg)),
      { what: "the proof's log record" },
    );
  });

  it("stopped by SIGTERM after requesting period 1's challenge, it exits cleanly", async () => {
    // No block after the request: the challenge cannot be read yet, so the daemon is caught between request and proof.
    await stopMining?.();
    stopMining = undefined;
    await chain.travelTo(start + 60n);
    await waitForEvent(chain, "ChallengeRequested", (e) => e.keeper === KEEPER && e.period === 1);
    const service = keeper!;
    await service.stop();
    assert.equal(service.child.exitCode, 0, `exit code (output:\n${service.tail()})`);
    assert.ok(
      runs[0]!.some((line) => /^stopping \(SIGTERM\)$/.test(line)),
      service.tail(),
    );
  });

  it("started again on the same data directory, it proves period 1 without joining or fetching again", async () => {
    const { ready, lines } = await startDaemon();
    assert.match(ready, new RegExp(`address=${KEEPER}`));
    stopMining = chain.mineEvery(200);
    await waitForEvent(chain, "ProofAccepted", (e) => e.keeper === KEEPER && e.period === 1);
    await waitFor(() => lines.some((line) => /^proved deal=1 period=1 /.test(line)), {
      what: "the restarted daemon to log its proof",
    });

    assert.equal((await eventsNamed(chain, "KeeperJoined")).length, 1, "joined once");
    assert.equal(
      (await eventsNamed(chain, "ChallengeRequested")).filter((e) => e.args.period === 1).length,
      1,
      "one request for period 1",
    );
    assert.deepEqual(
      lines.filter((line) => /^(joined|fetching|challenge) /.test(line)),
      [],
      "the restart neither joins, fetches nor requests again",
    );
  });

  it("started on a data directory that lost its trees, it rebuilds the deal's from the chain and its node, and proves", async () => {
    await keeper!.stop();
    await rm(path.join(dataDir, "deals"), { recursive: true, force: true });
    const { lines } = await startDaemon();
    await waitFor(() => lines.some((line) => /^verified deal=1 /.test(line)), { what: "the tree to be rebuilt" });
    assert.ok(lines.some((line) => /^fetching deal=1 .*the chain says it holds a slot/.test(line)));
    await chain.travelTo(start + 120n);
    await waitForEvent(chain, "ProofAccepted", (e) => e.keeper === KEEPER && e.period === 2);
    assert.equal((await eventsNamed(chain, "KeeperJoined")).length, 1, "still joined once");
  });
});
