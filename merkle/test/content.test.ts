// The canonical content of a CID and its streamed storage tree, against the in-memory reference tree (the keeper's
// tests prove a streamed proof to the contract: keeper/test/proof.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import { concat } from "viem";
import {
  ContentChangedError,
  computeStorageRoot,
  contentLayout,
  isNotHeldError,
  segmentProof,
  storageTreeOfBytes,
  TREE_BLOCK_SIZE,
} from "../src/index.ts";
import { addDirectory, pseudoRandomBytes, startTestNode, type TestNode } from "./helpers.ts";

const KIB = 1024;

/** The segments whose proofs are compared: both ends, both sides of every tree-block boundary, and a few between. */
function sampleIndices(segmentCount: number): number[] {
  const indices = new Set([0, 1, segmentCount - 2, segmentCount - 1, Math.floor(segmentCount / 2)]);
  for (let b = 1024; b < segmentCount; b += 1024) for (const i of [b - 1, b, b + 1]) indices.add(i);
  return [...indices].filter((i) => i >= 0 && i < segmentCount).sort((a, b) => a - b);
}

async function assertMatchesReference(node: TestNode, cid: string, bytes: Uint8Array, indices = sampleIndices) {
  const reference = storageTreeOfBytes(bytes);
  const tree = await computeStorageRoot(node.ipfs, cid, { offline: true });
  assert.equal(tree.root, reference.root, "root");
  assert.equal(tree.size, bytes.length, "size");
  assert.equal(tree.segmentCount, reference.segmentCount, "segment count");
  assert.equal(tree.depth, reference.depth, "depth");
  assert.equal(tree.blockRoots.length, Math.ceil(bytes.length / TREE_BLOCK_SIZE), "one root per tree block");
  for (const index of indices(reference.segmentCount)) {
    assert.deepEqual(
      await segmentProof(node.ipfs, tree, index, { offline: true }),
      reference.proof(index),
      `proof of segment ${index}`,
    );
  }
  return tree;
}

describe("content of a CID", () => {
  let node: TestNode;
  let empty: TestNode;

  before(async () => {
    node = await startTestNode("content");
    empty = await startTestNode("empty");
  });
  after(async () => {
    await node?.node.stop();
    await empty?.node.stop();
  });

  for (const size of [
    1,
    255,
    256,
    257,
    100 * KIB,
    256 * KIB - 1,
    256 * KIB,
    256 * KIB + 1,
    3 * 256 * KIB + 1000,
    5 * 256 * KIB,
  ]) {
    it(`a file of ${size} bytes: root, size and proofs equal the reference tree's`, async () => {
      const bytes = pseudoRandomBytes(size, size);
      const { cid } = await node.ipfs.add(bytes, { ...KUBO_ADD_OPTIONS, pin: true });
      const layout = await contentLayout(node.ipfs, cid.toString(), { offline: true });
      assert.deepEqual(layout, {
        cid: cid.toString(),
        size,
        files: [{ path: "", cid: cid.toString(), offset: 0, size }],
      });
      await assertMatchesReference(node, cid.toString(), bytes);
    });
  }

  it("a directory: its files' bytes in name order (UTF-8 bytes), subdirectories recursively, empty files contributing nothing", async () => {
    const files: Record<string, Uint8Array> = {
      // Sizes that put file boundaries inside segments and inside tree blocks, and a file spanning two tree blocks.
      "b.bin": pseudoRandomBytes(300 * KIB + 7, 2),
      "a/z.ts": pseudoRandomBytes(1000, 3),
      "a/y.ts": pseudoRandomBytes(256 * KIB + 3, 4),
      "a/deeper/x": pseudoRandomBytes(513, 5),
      "B.txt": new TextEncoder().encode("upper-case sorts before lower-case"),
      "empty.txt": new Uint8Array(0),
      "é.txt": pseudoRandomBytes(10, 6), // U+00E9: after every ASCII name, in UTF-8 bytes
      "z.txt": pseudoRandomBytes(700, 7),
    };
    const cid = await addDirectory(node.ipfs, files);
    const order = ["B.txt", "a/deeper/x", "a/y.ts", "a/z.ts", "b.bin", "empty.txt", "z.txt", "é.txt"];
    const bytes = concat(order.map((p) => files[p]!));

    const layout = await contentLayout(node.ipfs, cid, { offline: true });
    assert.deepEqual(
      layout.files.map((f) => f.path),
      order,
    );
    assert.equal(layout.size, bytes.length);
    let offset = 0;
    for (const file of layout.files) {
      assert.equal(file.offset, offset, `${file.path} offset`);
      assert.equal(file.size, files[file.path]!.length, `${file.path} size`);
      offset += file.size;
    }
    await assertMatchesReference(node, cid, bytes);
  });

  it("a directory of one small file; an empty subdirectory contributes nothing; an empty directory has no tree", async () => {
    const one = await addDirectory(node.ipfs, { "only.txt": new TextEncoder().encode("x") });
    await assertMatchesReference(node, one, new TextEncoder().encode("x"));

    let withEmpty: string | undefined;
    const entries = [{ path: "a/nothing" }, { path: "b.txt", content: new TextEncoder().encode("B") }];
    for await (const added of node.ipfs.addAll(entries, { ...KUBO_ADD_OPTIONS, wrapWithDirectory: true, pin: true })) {
      if (added.path === "") withEmpty = added.cid.toString();
    }
    const layout = await contentLayout(node.ipfs, withEmpty!, { offline: true });
    assert.deepEqual(
      layout.files.map((f) => f.path),
      ["b.txt"],
    );
    await assertMatchesReference(node, withEmpty!, new TextEncoder().encode("B"));

    const { cid: emptyDir } = await node.ipfs.add({ path: "nothing" }, { ...KUBO_ADD_OPTIONS, pin: true });
    await assert.rejects(computeStorageRoot(node.ipfs, emptyDir.toString(), { offline: true }), /no storage tree/);
  });

  it("a HAMT-sharded directory (a long video's segment list): entries in name order, not in the shard's hash order", async () => {
    // Names of 220 bytes: about 1,100 entries pass the 256 KiB of links at which Kubo (and our node) shard a directory.
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1250; i++)
      files[`seg/${String(i).padStart(5, "0")}-${"x".repeat(212)}.ts`] = pseudoRandomBytes(
        1 + ((i * 7) % 600),
        100 + i,
      );
    const cid = await addDirectory(node.ipfs, files);
    let seg: { cid: { toString(): string } } | undefined;
    for await (const entry of node.ipfs.ls(cid)) seg = entry;
    const shard = UnixFS.unmarshal(dagPb.decode(await node.ipfs.block.get(CID.parse(seg!.cid.toString()))).Data!);
    assert.equal(shard.type, "hamt-sharded-directory");
    const names = Object.keys(files).sort();
    const layout = await contentLayout(node.ipfs, cid, { offline: true });
    assert.deepEqual(
      layout.files.map((f) => f.path),
      names,
    );
    // A tree block here spans hundreds of files: a few proofs, across the block boundary, are enough.
    await assertMatchesReference(node, cid, concat(names.map((n) => files[n]!)), (count) => [0, 1023, 1024, count - 1]);
  });

  it("offline: a node that does not hold the content fails clearly instead of fetching it", async () => {
    const bytes = pseudoRandomBytes(2 * 256 * KIB, 9);
    const { cid } = await node.ipfs.add(bytes, { ...KUBO_ADD_OPTIONS, pin: true });
    await empty.ipfs.swarm.connect(node.node.multiaddrs[0]! as never);
    const error = await computeStorageRoot(empty.ipfs, cid.toString(), { offline: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error, "computing offline without the blocks must fail");
    assert.ok(isNotHeldError(error), `a not-held error, got: ${String(error)}`);
    // Online, the same node fetches it from its peer and gets the same root.
    const online = await computeStorageRoot(empty.ipfs, cid.toString());
    assert.equal(online.root, storageTreeOfBytes(bytes).root);
  });

  it("a proof whose block no longer hashes to its recorded root is refused, not sent", async () => {
    const bytes = pseudoRandomBytes(256 * KIB + 10, 10);
    const { cid } = await node.ipfs.add(bytes, { ...KUBO_ADD_OPTIONS, pin: true });
    const tree = await computeStorageRoot(node.ipfs, cid.toString(), { offline: true });
    const tampered = { ...tree, blockRoots: [tree.blockRoots[0]!, tree.blockRoots[0]!] };
    await assert.rejects(segmentProof(node.ipfs, tampered, 1024, { offline: true }), ContentChangedError);
  });
});
