// A streamed storage proof (@chorus/merkle, tested there against the reference tree) is accepted by the contract.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storageEscrowAbi } from "@chorus/deployments";
import { concat } from "viem";
import { computeStorageRoot, segmentProof, storageTreeOfBytes, SEGMENT_SIZE } from "@chorus/merkle";
import { addressOf, escrowTx, KEEPER_KEYS, TEST_KEYS } from "../../test/lib/chain.ts";
import {
  addDirectory,
  createDeal,
  ESCROW,
  pseudoRandomBytes,
  startTestChain,
  startTestNode,
  type TestChain,
  type TestNode,
} from "./helpers.ts";

const KIB = 1024;

describe("a streamed proof, proven to the contract", () => {
  let chain: TestChain;
  let node: TestNode;

  before(async () => {
    chain = await startTestChain();
    node = await startTestNode("contract");
  });
  after(async () => {
    await node?.node.stop();
    await chain?.anvil.stop();
  });

  it("StorageEscrow.prove accepts the streamed proof of a multi-file, multi-block directory", async () => {
    const files = {
      "240p/seg0.ts": pseudoRandomBytes(400 * KIB, 11),
      "240p/seg1.ts": pseudoRandomBytes(333 * KIB, 12),
      "master.m3u8": pseudoRandomBytes(SEGMENT_SIZE + 1, 13),
    };
    const cid = await addDirectory(node.ipfs, files);
    const tree = await computeStorageRoot(node.ipfs, cid, { offline: true });
    const start = (await chain.now()) + 10n;
    const dealId = await createDeal(chain.rpcUrl, TEST_KEYS[0], {
      cid,
      size: tree.size,
      root: tree.root,
      start,
      periods: 3,
    });
    const key = KEEPER_KEYS[0];
    const keeper = addressOf(key);
    await escrowTx(chain.rpcUrl, key, "join", [dealId], 10_000_000_000_000_000n);

    // Every period: a fresh challenge, answered from the node alone.
    for (let period = 0; period < 3; period++) {
      await chain.travelTo(start + BigInt(period * 60));
      await escrowTx(chain.rpcUrl, key, "requestChallenge", [dealId]);
      await chain.mine();
      const segment = await chain.client.readContract({
        address: ESCROW,
        abi: storageEscrowAbi,
        functionName: "challenge",
        args: [dealId, keeper, period],
      });
      const { segment: bytes, proof } = await segmentProof(node.ipfs, tree, Number(segment), { offline: true });
      const { events } = await escrowTx(chain.rpcUrl, key, "prove", [dealId, period, bytes, proof]);
      assert.ok(
        events.some((e) => e.eventName === "ProofAccepted"),
        `period ${period} proven`,
      );
    }
    const reference = storageTreeOfBytes(concat([files["240p/seg0.ts"], files["240p/seg1.ts"], files["master.m3u8"]]));
    assert.equal(tree.root, reference.root);
    // The last segment is short (1 byte), and the contract takes it as it is.
    assert.equal((await segmentProof(node.ipfs, tree, tree.segmentCount - 1, { offline: true })).segment.length, 2 + 2);
  });
});
