import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startIpfsNode } from "@chorus/ipfs-node";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { z } from "zod";
import { IpfsJsonCache } from "../src/api/ipfs-json";

describe("IpfsJsonCache against a real IPFS node", () => {
  let dir: string;
  let node: Awaited<ReturnType<typeof startIpfsNode>>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "chorus-ipfs-json-"));
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0, gatewayTimeoutMs: 300 });
  });
  after(async () => {
    await node?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads and validates a document, caches it, and remembers an invalid one", async () => {
    const ipfs = create({ url: node.rpcUrl });
    const good = await ipfs.add(JSON.stringify({ title: "Hi" }), KUBO_ADD_OPTIONS);
    const bad = await ipfs.add(JSON.stringify({ title: 3 }), KUBO_ADD_OPTIONS);
    // The default read timeout: 300 ms (the other test's, for an absent document) is too short for a present one on a
    // busy machine, and it would be reported unavailable.
    const cache = new IpfsJsonCache(node.rpcUrl, z.object({ title: z.string() }));
    assert.deepEqual(await cache.get(good.cid.toString()), { status: "ok", value: { title: "Hi" } });
    assert.deepEqual(await cache.get(bad.cid.toString()), { status: "invalid", value: null });
    // Past 256 KiB a document is not read to its end: invalid, whatever it holds.
    const big = await ipfs.add(JSON.stringify({ title: "x".repeat(300 * 1024) }), KUBO_ADD_OPTIONS);
    assert.deepEqual(await cache.get(big.cid.toString()), { status: "invalid", value: null });
    const loose = new IpfsJsonCache(node.rpcUrl, z.object({ title: z.string() }), 5_000, 5_000, 400 * 1024);
    assert.equal((await loose.get(big.cid.toString())).status, "ok", "the same document under a higher cap");
  });

  it("remembers an unavailable document only for the retry window, then asks again", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ title: "Late" }));
    // The CID the document will have once added (a single raw block), asked for before anyone has it.
    const cid = CID.createV1(raw.code, await sha256.digest(bytes)).toString();
    const cache = new IpfsJsonCache(node.rpcUrl, z.object({ title: z.string() }), 300, 5_000);
    assert.deepEqual(await cache.get(cid), { status: "unavailable", value: null });
    const added = await create({ url: node.rpcUrl }).add(bytes, KUBO_ADD_OPTIONS);
    assert.equal(added.cid.toString(), cid);
    // Within the window the answer is the remembered one, though the node has the document now.
    assert.deepEqual(await cache.get(cid), { status: "unavailable", value: null });
    const deadline = Date.now() + 20_000;
    let fetched = await cache.get(cid);
    while (fetched.status !== "ok" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      fetched = await cache.get(cid);
    }
    assert.deepEqual(fetched, { status: "ok", value: { title: "Late" } });
  });
});
