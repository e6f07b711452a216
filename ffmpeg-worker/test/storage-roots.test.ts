import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startIpfsNode } from "@chorus/ipfs-node";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { storageTreeOfBytes } from "@chorus/merkle";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { type StorageRootError, StorageRoots } from "../src/storage-roots.ts";
import { tempDir } from "./helpers.ts";

describe("StorageRoots", () => {
  let node: Awaited<ReturnType<typeof startIpfsNode>>;
  let dir: string;
  before(async () => {
    dir = await tempDir("storage-roots");
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
  });
  after(() => node?.stop());

  test("a file on the node: its root is the reference tree of its bytes, computed once and remembered on disk", async () => {
    const bytes = randomBytes(300_000);
    const { cid } = await create({ url: node.rpcUrl }).add(bytes, KUBO_ADD_OPTIONS);
    const roots = new StorageRoots({ dataDir: dir, kuboRpcUrl: node.rpcUrl });
    const [a, b] = await Promise.all([roots.get(cid.toString()), roots.get(` ${cid.toString()} `)]);
    const reference = storageTreeOfBytes(bytes);
    assert.deepEqual(a, { root: reference.root, size: bytes.length, segmentCount: reference.segmentCount });
    assert.deepEqual(b, a);
    // A new instance (a restarted worker) answers from the file, even with the node gone.
    const reloaded = new StorageRoots({ dataDir: dir, kuboRpcUrl: "http://127.0.0.1:9" });
    assert.deepEqual(await reloaded.get(cid.toString()), a);
  });

  test("a malformed CID is a 400; content nobody serves is a 504 that says what to do", async () => {
    const roots = new StorageRoots({ dataDir: dir, kuboRpcUrl: node.rpcUrl, timeoutMs: 500 });
    await assert.rejects(
      roots.get("bafy-nope"),
      (error: StorageRootError) => error.status === 400 && error.code === "malformed-cid",
    );
    const missing = CID.createV1(raw.code, await sha256.digest(randomBytes(64))).toString();
    await assert.rejects(roots.get(missing), (error: StorageRootError) => {
      assert.equal(error.status, 504);
      assert.match(
        error.message,
        new RegExp(
          `The content ${missing} couldn't be read from IPFS \\(no answer within 0.5 s\\)\\. Check that a node holding it is reachable`,
        ),
      );
      return true;
    });
  });
});
