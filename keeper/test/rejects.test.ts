// Deals a keeper must not join: content that does not match the deal's root or size (fetched, checked, unpinned,
// remembered across restarts), terms that do not fit (never fetched), and a full deal (a join reverts, and says why).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { storageEscrowAbi } from "@chorus/deployments";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { keccak256, parseEther, toHex } from "viem";
import { connectEscrow, summarizeError } from "../src/chain.ts";
import { computeStorageRoot } from "@chorus/merkle";
import { startKeeper, type RunningKeeper } from "../src/keeper.ts";
import { addressOf, escrowTx, KEEPER_KEYS, TEST_KEYS } from "../../test/lib/chain.ts";
import {
  addDirectory,
  createDeal,
  ESCROW,
  isPinned,
  logLines,
  pseudoRandomBytes,
  startTestChain,
  startTestNode,
  tempDir,
  type TestChain,
  type TestNode,
} from "./helpers.ts";

const KEY = KEEPER_KEYS[3];
const STAKE = parseEther("0.01");

describe("deals a keeper does not join", () => {
  let chain: TestChain;
  let creator: TestNode;
  let node: TestNode;
  let dataDir: string;
  let keeper: RunningKeeper | undefined;
  const cids: Record<"wrongRoot" | "wrongSize" | "cheap" | "full", string> = {
    wrongRoot: "",
    wrongSize: "",
    cheap: "",
    full: "",
  };
  const config = (log: (line: string) => void) => ({
    chainRpcUrl: chain.rpcUrl,
    privateKey: KEY,
    ipfsRpcUrl: node.node.rpcUrl,
    dataDir,
    maxBytes: 64 * 1024 * 1024,
    minPricePerPeriod: parseEther("0.001"),
    maxStakePerReplica: STAKE,
    pollMs: 100,
    log,
  });

  before(async () => {
    chain = await startTestChain();
    [creator, node] = await Promise.all([startTestNode("creator"), startTestNode("keeper")]);
    await node.ipfs.swarm.connect(creator.node.multiaddrs[0]! as never);
    dataDir = await tempDir("rejects");
    const start = (await chain.now()) + 3600n;
    const funder = TEST_KEYS[2];

    // 1: a real video directory whose deal commits to another root.
    cids.wrongRoot = await addDirectory(creator.ipfs, {
      "master.m3u8": pseudoRandomBytes(500, 31),
      "240p/seg0.ts": pseudoRandomBytes(280_000, 32),
    });
    const realTree = await computeStorageRoot(creator.ipfs, cids.wrongRoot, { offline: true });
    await createDeal(chain.rpcUrl, funder, {
      cid: cids.wrongRoot,
      size: realTree.size,
      root: keccak256(toHex("not this content")),
      start,
    });
    // 2: a deal that claims one byte more than the content has (refused from the listing, before any download).
    cids.wrongSize = (
      await creator.ipfs.add(pseudoRandomBytes(600_000, 33), { ...KUBO_ADD_OPTIONS, pin: true })
    ).cid.toString();
    const sizeTree = await computeStorageRoot(creator.ipfs, cids.wrongSize, { offline: true });
    await createDeal(chain.rpcUrl, funder, {
      cid: cids.wrongSize,
      size: sizeTree.size + 1,
      root: sizeTree.root,
      start,
    });
    // 3: a deal paying less than the keeper asks.
    cids.cheap = (
      await creator.ipfs.add(pseudoRandomBytes(1000, 34), { ...KUBO_ADD_OPTIONS, pin: true })
    ).cid.toString();
    const cheapTree = await computeStorageRoot(creator.ipfs, cids.cheap, { offline: true });
    await createDeal(chain.rpcUrl, funder, {
      cid: cids.cheap,
      size: cheapTree.size,
      root: cheapTree.root,
      start,
      pricePerPeriod: parseEther("0.0005"),
    });
    // 4: a deal whose only slot another keeper already holds.
    cids.full = (
      await creator.ipfs.add(pseudoRandomBytes(2000, 35), { ...KUBO_ADD_OPTIONS, pin: true })
    ).cid.toString();
    const fullTree = await computeStorageRoot(creator.ipfs, cids.full, { offline: true });
    await createDeal(chain.rpcUrl, funder, {
      cid: cids.full,
      size: fullTree.size,
      root: fullTree.root,
      start,
      replicas: 1,
      stakePerReplica: STAKE,
    });
    await escrowTx(chain.rpcUrl, KEEPER_KEYS[0], "join", [4n], STAKE);
  });

  after(async () => {
    await keeper?.stop();
    await Promise.all([creator, node].map((n) => n?.node.stop()));
    await chain?.anvil.stop();
  });

  // One run sees every deal: the first three tests read its log.
  const log = logLines("keeper");

  it("fetches content whose root is not the deal's, rejects it, unpins it and does not join", async () => {
    keeper = await startKeeper(config(log.log));
    await log.waitFor(
      /^rejected deal=1 cid=\S+: its content's root is 0x[0-9a-f]{64}, the deal says 0x[0-9a-f]{64}; unpinned$/,
    );
    assert.ok(log.has(/^fetching deal=1 /));
    assert.equal(await isPinned(node.ipfs, cids.wrongRoot), false, "what it rejected is unpinned");
    const tenure = await chain.client.readContract({
      address: ESCROW,
      abi: storageEscrowAbi,
      functionName: "keeper",
      args: [1n, addressOf(KEY)],
    });
    assert.equal(tenure.status, 0, "not joined");
  });

  it("refuses content whose size is not the deal's from its listing, without pinning it", async () => {
    await log.waitFor(/^rejected deal=2 cid=\S+: its content is 600000 bytes, the deal says 600001; unpinned$/);
    assert.equal(await isPinned(node.ipfs, cids.wrongSize), false);
    // Only the file's root block was read: its 256 KiB leaves were never downloaded.
    await assert.rejects(
      computeStorageRoot(node.ipfs, cids.wrongSize, { offline: true }),
      "its leaves are not on the keeper's node",
    );
  });

  it("never fetches a deal whose terms do not fit, and watches a full one", async () => {
    await log.waitFor(/^skipped deal=3: pays 0\.0005 ETH a period, below the minimum 0\.001 ETH$/);
    await log.waitFor(/^watching deal=4: every slot is held/);
    assert.equal(log.has(/^fetching deal=(3|4) /), false);
  });

  it("remembers rejected deals across restarts: it does not fetch them again", async () => {
    await keeper!.stop();
    const again = logLines("keeper, restarted");
    keeper = await startKeeper(config(again.log));
    // Deals are handled in id order each poll: once deal 4 is handled, 1 and 2 were too.
    await again.waitFor(/^watching deal=4/);
    assert.match(
      again.lines.find((l) => l.startsWith("skipped deal=1"))!,
      /its content was rejected: its content's root is/,
    );
    assert.match(
      again.lines.find((l) => l.startsWith("skipped deal=2"))!,
      /its content was rejected: its content is 600000 bytes/,
    );
    assert.equal(again.has(/^fetching /), false, again.lines.join("\n"));
    const rejected = JSON.parse(await readFile(path.join(dataDir, "rejected.json"), "utf8")) as Record<
      string,
      { cid: string }
    >;
    assert.deepEqual(Object.keys(rejected).sort(), ["1", "2"]);
    assert.equal(rejected["1"]!.cid, cids.wrongRoot);
  });

  it("a reverted transaction is reported with the contract's custom error", async () => {
    const escrow = await connectEscrow({ chainRpcUrl: chain.rpcUrl, privateKey: KEY, pollingIntervalMs: 100 });
    const error = await escrow.send("join", [4n], STAKE).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(summarizeError(error), "reverted with StorageEscrowDealFull(4, 1)");
  });
});
