/**
 * What the gateway keeps in memory to serve many viewers (hot-blocks.ts,
 * path-cache.ts) and the viewer cache's batched log: never a stale answer,
 * never content that is gone from the node, the same bytes and headers as
 * from disk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { FsBlockstore } from "blockstore-fs";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { SHARDING } from "../src/block-files.ts";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { HotBlocks } from "../src/hot-blocks.ts";
import { startIpfsNode } from "../src/index.ts";
import { PathCache } from "../src/path-cache.ts";
import { all, cachedRoots, concat, pseudoRandomBytes, startTestNode, tempDir, text } from "./support/util.ts";
import type { EntryStats } from "../src/resolve.ts";

const RAW = 0x55;

async function rawBlock(bytes: Uint8Array): Promise<{ cid: CID; bytes: Uint8Array }> {
  return { cid: CID.createV1(RAW, await sha256.digest(bytes)), bytes };
}

async function addVideo(
  kubo: Awaited<ReturnType<typeof startTestNode>>["kubo"],
  playlist: string,
  segment: Uint8Array,
) {
  const entries = await all(
    kubo.addAll(
      [
        { path: "video/720p/index.m3u8", content: text(playlist) },
        { path: "video/720p/seg0.ts", content: segment },
      ],
      KUBO_ADD_OPTIONS,
    ),
  );
  const root = entries.at(-1);
  assert.equal(root?.path, "video");
  return root.cid.toString();
}

test("the same path under another root is that root's file, however often both are requested", async (t) => {
  const { kubo, node } = await startTestNode(t);
  const first = await addVideo(kubo, "#EXTM3U\n# first upload\n", pseudoRandomBytes(300_000, 1));
  const second = await addVideo(kubo, "#EXTM3U\n# second upload\n", pseudoRandomBytes(300_000, 2));
  assert.notEqual(first, second);
  for (let round = 0; round < 3; round++) {
    for (const [root, expected] of [
      [first, "#EXTM3U\n# first upload\n"],
      [second, "#EXTM3U\n# second upload\n"],
    ] as const) {
      const res = await fetch(`${node.gatewayUrl}/ipfs/${root}/720p/index.m3u8`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), expected);
      assert.equal(res.headers.get("cache-control"), "public, max-age=29030400, immutable");
      const file = await kubo.resolve(`/ipfs/${root}/720p/index.m3u8`);
      assert.equal(res.headers.get("etag"), `"${file.replace("/ipfs/", "")}"`);
    }
  }
  // a path that does not exist is still a 404 after its siblings were resolved (and remembered)
  assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${first}/720p/seg1.ts`)).status, 404);
});

test("byte ranges of a file served again (from memory) are the file's bytes, across block boundaries", async (t) => {
  const { kubo, node } = await startTestNode(t);
  const segment = Buffer.from(pseudoRandomBytes(700_000, 3)); // three 256 KiB chunks
  const root = await addVideo(kubo, "#EXTM3U\n", segment);
  const url = `${node.gatewayUrl}/ipfs/${root}/720p/seg0.ts`;
  for (let round = 0; round < 2; round++) {
    const whole = await fetch(url);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), segment);
    for (const [range, start, end] of [
      ["bytes=262000-262300", 262_000, 262_300],
      ["bytes=524200-", 524_200, 699_999],
      ["bytes=-1000", 699_000, 699_999],
    ] as const) {
      const res = await fetch(url, { headers: { Range: range } });
      assert.equal(res.status, 206, range);
      assert.equal(res.headers.get("content-range"), `bytes ${start}-${end}/700000`);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), segment.subarray(start, end + 1), range);
    }
    const etag = whole.headers.get("etag") ?? "";
    assert.equal((await fetch(url, { headers: { "If-None-Match": etag } })).status, 304);
  }
});

test("content dropped with pin/rm + repo/gc is not served from memory afterwards", async (t) => {
  const { kubo, node } = await startTestNode(t, { gatewayTimeoutMs: 1000 });
  const segment = Buffer.from(pseudoRandomBytes(300_000, 4));
  const root = await addVideo(kubo, "#EXTM3U\n", segment);
  const url = `${node.gatewayUrl}/ipfs/${root}/720p/seg0.ts`;
  for (let i = 0; i < 2; i++) assert.deepEqual(Buffer.from(await (await fetch(url)).arrayBuffer()), segment);

  await kubo.pin.rm(root);
  const removed = await all(kubo.repo.gc());
  assert.ok(removed.length >= 4, `repo/gc removed ${removed.length} blocks`);
  // the node has nothing left and no peer: the gateway gives up (504), it does not answer from memory
  const gone = await fetch(url);
  assert.equal(gone.status, 504, await gone.text());
  assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${root}/720p/index.m3u8`)).status, 504);
});

test("re-watching without storing anything new still counts as the latest access after a restart", async (t) => {
  const publisherless = await tempDir(t);
  const first = await startIpfsNode({ dataDir: publisherless, rpcPort: 0, gatewayPort: 0 });
  let a: string;
  let b: string;
  try {
    const kubo = create({ url: first.rpcUrl });
    a = await addVideo(kubo, "#EXTM3U\n# a\n", pseudoRandomBytes(1000, 5));
    b = await addVideo(kubo, "#EXTM3U\n# b\n", pseudoRandomBytes(1000, 6));
    for (const root of [a, b, a]) {
      const res = await fetch(`${first.gatewayUrl}/ipfs/${root}/720p/seg0.ts`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    assert.deepEqual(await cachedRoots(first), [a, b]);
  } finally {
    await first.stop();
  }
  const second = await startIpfsNode({ dataDir: publisherless, rpcPort: 0, gatewayPort: 0 });
  t.after(async () => {
    await second.stop();
  });
  assert.deepEqual(await cachedRoots(second), [a, b]);
});

test("HotBlocks: bounded in bytes, least recently used out first, a deleted block read again from the store", async (t) => {
  const dir = await tempDir(t);
  const store = new FsBlockstore(join(dir, "blocks"), { shardingStrategy: SHARDING });
  await store.open();
  t.after(async () => {
    await store.close();
  });
  const blocks = await Promise.all([1, 2, 3].map(async (seed) => rawBlock(pseudoRandomBytes(1000, seed))));
  for (const b of blocks) await store.put(b.cid, b.bytes);
  const [one, two, three] = blocks as [(typeof blocks)[0], (typeof blocks)[0], (typeof blocks)[0]];
  const hot = new HotBlocks(store, 2500); // room for two
  const read = async (b: typeof one) => concat(hot.blockstore.get(b.cid) as AsyncGenerator<Uint8Array>);

  assert.deepEqual(await read(one), Buffer.from(one.bytes));
  assert.deepEqual(await read(two), Buffer.from(two.bytes));
  assert.equal(hot.bytes, 2000);
  await read(one); // one is now the most recent
  await read(three); // evicts two
  assert.equal(hot.bytes, 2000);
  await store.delete(two.cid);
  await assert.rejects(read(two), /not found|ENOENT/i, "two was not held: read from the store, where it is gone");
  // one is held: served from memory while its file exists…
  assert.deepEqual(await read(one), Buffer.from(one.bytes));
  // …and not once the repo deleted it (through HotBlocks.delete, as repo.ts does)
  hot.delete(one.cid);
  await store.delete(one.cid);
  assert.equal(hot.bytes, 1000);
  assert.equal(await hot.blockstore.has(one.cid), false);
  await assert.rejects(read(one), /not found|ENOENT/i);

  // a block deleted while it was being read is not kept
  const four = await rawBlock(pseudoRandomBytes(1000, 4));
  await store.put(four.cid, four.bytes);
  const reading = (hot.blockstore.get(four.cid) as AsyncGenerator<Uint8Array>)[Symbol.asyncIterator]();
  const chunk = await reading.next();
  hot.delete(four.cid);
  while (!(await reading.next()).done);
  assert.ok(!chunk.done);
  assert.equal(hot.bytes, 1000, "only three is held");
});

test("PathCache: bounded, least recently used out first, a root's paths dropped together", () => {
  const stat = (n: number) => ({ size: BigInt(n) }) as unknown as EntryStats;
  const paths = new PathCache(3);
  paths.set("A", "720p/index.m3u8", stat(1));
  paths.set("A", "720p/seg0.ts", stat(2));
  paths.set("B", "720p/index.m3u8", stat(3));
  assert.equal(paths.get("A", "720p/index.m3u8")?.size, 1n);
  assert.equal(paths.get("B", "720p/index.m3u8")?.size, 3n, "keyed by root: same path, other root, other entry");
  paths.set("B", "720p/seg0.ts", stat(4)); // A's seg0 was the least recently used
  assert.equal(paths.size, 3);
  assert.equal(paths.get("A", "720p/seg0.ts"), undefined);
  paths.dropRoot("B");
  assert.equal(paths.size, 1);
  assert.equal(paths.get("B", "720p/seg0.ts"), undefined);
  assert.equal(paths.get("A", "720p/index.m3u8")?.size, 1n);
});
