// The loopback integration test from the issue, all real parts: a chain with the contracts, a creator's IPFS node with
// a real HLS video from ffmpeg, and two keepers, each its own IPFS node and its own daemon, peers on loopback.
//
// Order of the story. A copy must exist somewhere at every moment, so:
//  1. keeper A joins the deal and proves; keeper B finds it full and watches it;
//  2. A deletes the content, misses a period, B reports it: A is slashed and evicted, B takes the slot, fetching the
//     video from the creator's node (the only other copy: A deleted its own) and proves;
//  3. the creator's node goes away: the video still plays through B's gateway, and B still proves, from its own copy;
//  4. the deal ends: B releases itself and withdraws; A withdrew its pay and what the slash left of its stake.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { storageEscrowAbi } from "@chorus/deployments";
import { listDirectory, resolveMediaTools, runPipeline, type MediaTools } from "@chorus/ffmpeg-worker";
import { parseEther, zeroAddress, type Address, formatEther } from "viem";
import { computeStorageRoot } from "@chorus/merkle";
import { startKeeper, type RunningKeeper } from "../src/keeper.ts";
import { makeClip } from "../../ffmpeg-worker/test/helpers.ts";
import { addressOf, KEEPER_KEYS, TEST_KEYS } from "../../test/lib/chain.ts";
import {
  createDeal,
  ESCROW,
  eventsNamed,
  isPinned,
  logLines,
  startTestChain,
  startTestNode,
  tempDir,
  waitFor,
  waitForEvent,
  type TestChain,
  type TestNode,
} from "./helpers.ts";

const run = promisify(execFile);
const PRICE = parseEther("0.001");
const STAKE = parseEther("0.01");
const SLASH = parseEther("0.004");
const PERIOD = 60;
const PERIODS = 6;

/**
 * What a keeper that "deletes the content" does: unpins it and collects the garbage. Uses the node's `repo/gc` when it
 * has one; otherwise removes the block files from the node's data directory (what a lost disk looks like).
 */
async function deleteContent(node: TestNode, cid: string) {
  await node.ipfs.pin.rm(cid);
  try {
    for await (const _ of node.ipfs.repo.gc()) {
      // drain
    }
  } catch (error) {
    if (!/404|not found/i.test(String((error as Error).message))) throw error;
    const blocks = path.join(node.dataDir, "blocks");
    await rm(blocks, { recursive: true, force: true });
    await mkdir(blocks, { recursive: true });
  }
}

async function catOffline(node: TestNode, cid: string) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of node.ipfs.cat(`${cid}/master.m3u8`, { offline: true } as never)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("two keepers on loopback: a video outlives its creator's node, and a keeper that deletes it is replaced", () => {
  let chain: TestChain;
  let stopMining: () => Promise<void>;
  let tools: MediaTools;
  let creator: TestNode;
  let nodeA: TestNode;
  let nodeB: TestNode;
  let outDir: string;
  let cid: string;
  let dealId: bigint;
  let start: bigint;
  const keepers: RunningKeeper[] = [];
  const logA = logLines("keeper A");
  const logB = logLines("keeper B");
  const A = addressOf(KEEPER_KEYS[0]);
  const B = addressOf(KEEPER_KEYS[1]);
  const tenure = (keeper: Address) =>
    chain.client.readContract({
      address: ESCROW,
      abi: storageEscrowAbi,
      functionName: "keeper",
      args: [dealId, keeper],
    });
  const keeperConfig = (key: `0x${string}`, node: TestNode, dataDir: string, log: (line: string) => void) => ({
    chainRpcUrl: chain.rpcUrl,
    privateKey: key,
    ipfsRpcUrl: node.node.rpcUrl,
    dataDir,
    maxBytes: 100 * 1024 * 1024,
    minPricePerPeriod: PRICE,
    maxStakePerReplica: STAKE,
    pollMs: 100,
    withdrawAbove: 0n,
    log,
  });

  before(async () => {
    const dir = await tempDir("loopback");
    chain = await startTestChain();
    // The chain makes a block every 200 ms, as a live one would: a challenge is read from the block after its request.
    stopMining = chain.mineEvery(200);
    tools = await resolveMediaTools();
    [creator, nodeA, nodeB] = await Promise.all([startTestNode("creator"), startTestNode("A"), startTestNode("B")]);
    // No DHT on loopback: every node dials the others, as KEEPER_PEERS makes a keeper do.
    for (const [from, to] of [
      [nodeA, creator],
      [nodeB, creator],
      [nodeB, nodeA],
    ] as const) {
      await from.ipfs.swarm.connect(to.node.multiaddrs[0]! as never);
    }

    // The creator's worker publishes a real HLS directory, and computes the deal's root as it would.
    outDir = path.join(dir, "out");
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 640, height: 360, seconds: 6 });
    const published = await runPipeline(clip, outDir, {
      ffmpegPath: tools.ffmpeg.path,
      ffprobePath: tools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
      segmentSeconds: 2,
      details: { title: "Kept alive", description: "By two keepers." },
      publish: { kuboRpcUrl: creator.node.rpcUrl },
    });
    cid = published.manifestCid!;
    const tree = await computeStorageRoot(creator.ipfs, cid, { offline: true });
    assert.ok(tree.blockRoots.length > 2, `a video of several tree blocks (${tree.size} bytes)`);

    start = (await chain.now()) + 30n;
    dealId = await createDeal(chain.rpcUrl, TEST_KEYS[0], {
      cid,
      size: tree.size,
      root: tree.root,
      start,
      replicas: 1,
      maxMisses: 1,
      periodSeconds: PERIOD,
      periods: PERIODS,
      pricePerPeriod: PRICE,
      stakePerReplica: STAKE,
      slashPerMiss: SLASH,
    });
  });

  after(async () => {
    for (const keeper of keepers) await keeper.stop();
    await stopMining?.();
    await Promise.all([creator, nodeA, nodeB].map((n) => n?.node.stop()));
    await chain?.anvil.stop();
  });

  it("keeper A fetches, verifies and joins the deal; keeper B finds it full and watches it instead", async () => {
    keepers.push(await startKeeper(keeperConfig(KEEPER_KEYS[0], nodeA, await tempDir("keeper-a"), logA.log)));
    const joined = await waitForEvent(chain, "KeeperJoined", (e) => e.keeper === A);
    assert.equal(joined.args.firstPeriod, 0, "joined before the start: serves from period 0");
    assert.ok(logA.has(new RegExp(`verified deal=${dealId} cid=${cid}`)));
    assert.ok(await isPinned(nodeA.ipfs, cid), "A pins the content");

    keepers.push(await startKeeper(keeperConfig(KEEPER_KEYS[1], nodeB, await tempDir("keeper-b"), logB.log)));
    await logB.waitFor(new RegExp(`watching deal=${dealId}: every slot is held`));
    assert.equal((await tenure(B)).status, 0, "B is not in the deal");
    assert.equal(await isPinned(nodeB.ipfs, cid), false, "B holds nothing for a deal it is not in");
  });

  it("A proves periods 0 and 1 and is paid for each", async () => {
    for (const period of [0, 1]) {
      await chain.travelTo(start + BigInt(period * PERIOD));
      const proof = await waitForEvent(chain, "ProofAccepted", (e) => e.keeper === A && e.period === period);
      assert.equal(proof.args.amount, PRICE);
    }
    await logA.waitFor(/withdrew 0\.001 ETH/);
  });

  it("A deletes the content: it misses period 2, B reports it, A is slashed and evicted, and B takes the slot", async () => {
    await deleteContent(nodeA, cid);
    await assert.rejects(catOffline(nodeA, cid), "A's node no longer has the bytes");

    await chain.travelTo(start + 2n * BigInt(PERIOD));
    await logA.waitFor(new RegExp(`missed deal=${dealId} period=2: ${cid} is no longer pinned`));
    // One second into period 3, not its opening: a keeper joining in the very second a period opens serves that period
    // (StorageEscrow._firstPeriod), and B's join could land in that second when the machine is quick — then B would
    // serve period 3 too and the rest of this story (first period 4, two proofs, no miss) would not hold.
    await chain.travelTo(start + 3n * BigInt(PERIOD) + 1n);

    const missed = await waitForEvent(chain, "PeriodMissed", (e) => e.keeper === A && e.period === 2);
    assert.equal(missed.args.reporter, B, "reported by the other keeper's daemon");
    assert.equal(missed.args.slashed, SLASH);
    const evicted = await waitForEvent(chain, "KeeperEvicted", (e) => e.keeper === A);
    assert.equal(evicted.args.stakeReturned, STAKE - SLASH, "A's stake came back less the slash");
    assert.equal(evicted.args.proven, 2);
    assert.equal((await tenure(A)).status, 3, "A is evicted");
    await logA.waitFor(new RegExp(`evicted deal=${dealId}`));

    // B fetches the video (from the creator's node: A deleted its copy), verifies the root and joins the free slot.
    const joined = await waitForEvent(chain, "KeeperJoined", (e) => e.keeper === B);
    assert.equal(joined.args.firstPeriod, 4, "joined during period 3: serves from period 4");
    assert.ok(
      logB.has(
        new RegExp(`reported deal=${dealId} keeper=${A} periods=2 .*reward=${formatEther(SLASH / 2n)} ETH evicted`),
      ),
    );
    assert.ok(logB.has(new RegExp(`verified deal=${dealId}`)));
    assert.ok(await isPinned(nodeB.ipfs, cid));

    await chain.travelTo(start + 4n * BigInt(PERIOD));
    await waitForEvent(chain, "ProofAccepted", (e) => e.keeper === B && e.period === 4);
  });

  it("with the creator's node gone, the video plays through B's gateway, byte for byte, and B still proves", async () => {
    await creator.node.stop();
    const gateway = nodeB.node.gatewayUrl;
    const files = (await listDirectory(outDir)).filter((e) => e.kind === "file");
    assert.ok(
      files.some((f) => f.path === "master.m3u8") &&
        files.some((f) => f.path.endsWith(".ts") || f.path.endsWith(".m4s")),
    );
    for (const file of files) {
      const response = await fetch(`${gateway}/ipfs/${cid}/${file.path}`, { signal: AbortSignal.timeout(15_000) });
      assert.equal(response.status, 200, file.path);
      assert.deepEqual(
        Buffer.from(await response.arrayBuffer()),
        await readFile(file.absolutePath),
        `${file.path} is byte-identical`,
      );
    }
    // ffprobe reads HLS over http as a player does: the master playlist, a variant playlist, its segments.
    const { stdout } = await run(
      tools.ffprobe.path,
      ["-v", "error", "-show_streams", "-of", "json", `${gateway}/ipfs/${cid}/master.m3u8`],
      { timeout: 60_000 },
    );
    const streams = (JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[] }).streams;
    assert.ok(
      streams.some((s) => s.codec_type === "video" && s.codec_name === "h264"),
      stdout,
    );
    assert.ok(
      streams.some((s) => s.codec_type === "audio"),
      stdout,
    );

    await chain.travelTo(start + 5n * BigInt(PERIOD));
    await waitForEvent(chain, "ProofAccepted", (e) => e.keeper === B && e.period === 5);
  });

  it("at the end B releases itself and withdraws; every payment was credited and taken out", async () => {
    await chain.travelTo(start + BigInt(PERIODS * PERIOD));
    const released = await waitForEvent(chain, "KeeperReleased", (e) => e.keeper === B);
    assert.equal(released.args.proven, 2);
    assert.equal(released.args.misses, 0);
    assert.equal(released.args.stakeReturned, STAKE);
    await logB.waitFor(new RegExp(`unpinned deal=${dealId} cid=${cid}: the deal ended`));
    assert.equal(await isPinned(nodeB.ipfs, cid), false);

    const withdrawn = async (account: Address) =>
      (await eventsNamed(chain, "Withdrawn"))
        .filter((e) => e.args.account === account && e.args.token === zeroAddress)
        .reduce((sum, e) => sum + e.args.amount, 0n);
    // B also reported A's miss, for half its slash.
    await waitFor(async () => (await withdrawn(B)) === 2n * PRICE + STAKE + SLASH / 2n, {
      what: "B to withdraw its pay, its stake and its reward",
    });
    await waitFor(async () => (await withdrawn(A)) === 2n * PRICE + STAKE - SLASH, {
      what: "A to withdraw its pay and what is left of its stake",
    });
    for (const account of [A, B]) {
      const balance = await chain.client.readContract({
        address: ESCROW,
        abi: storageEscrowAbi,
        functionName: "balanceOf",
        args: [account, zeroAddress],
      });
      assert.equal(balance, 0n, `${account} has nothing left in the escrow`);
    }
    const deal = await chain.client.readContract({
      address: ESCROW,
      abi: storageEscrowAbi,
      functionName: "deal",
      args: [dealId],
    });
    assert.equal(deal.paid, 4n * PRICE, "four proven periods paid: A's 0 and 1, B's 4 and 5");
    assert.deepEqual(
      [deal.slashed, deal.rewarded],
      [SLASH - SLASH / 2n, SLASH / 2n],
      "half the slash to the deal, half to B",
    );
  });
});
