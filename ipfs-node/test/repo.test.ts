/** `repo/gc` and `repo/stat` through kubo-rpc-client, as a keeper uses them to drop content. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import {
  all,
  cachedRoots,
  concat,
  connect,
  pseudoRandomBytes,
  startTestNode,
  text,
  waitFor,
  watch,
} from "./support/util.ts";
import type { HTTPRPCOptions } from "kubo-rpc-client";

/** Kubo's global `offline` option (kubo-rpc-client passes unknown options through) */
const OFFLINE = { offline: true } as unknown as HTTPRPCOptions;

test("repo/gc deletes what is neither pinned nor cached; pin/rm + repo/gc drops content", async (t) => {
  const { kubo, node, dataDir } = await startTestNode(t, { cacheQuotaBytes: 5_000_000 });
  const kept = pseudoRandomBytes(600_000, 7);
  const pinned = await kubo.add(kept, KUBO_ADD_OPTIONS);
  // Large enough (one 200 KB block) that its removal outweighs what the node's own datastore writes meanwhile: the
  // repo's size is every file under its directory, as Kubo's is (a 17-byte block once lost to a peer-store write).
  const unpinned = await kubo.add(pseudoRandomBytes(200_000, 11), { ...KUBO_ADD_OPTIONS, pin: false });
  const watched = await kubo.add(text("a viewer watched this"), { ...KUBO_ADD_OPTIONS, pin: false });
  assert.equal((await watch(node, watched.cid.toString())).toString(), "a viewer watched this");
  // the keeper's content was also watched through this node's gateway
  assert.deepEqual(await watch(node, pinned.cid.toString()), Buffer.from(kept));
  assert.deepEqual(await cachedRoots(node), [pinned.cid.toString(), watched.cid.toString()]);

  const before = await kubo.repo.stat();
  assert.equal(before.numObjects, 6n); // 3 chunks + file node, and two single-block files
  assert.equal(before.storageMax, 5_000_000n);
  assert.equal(before.repoPath, dataDir);
  assert.equal(typeof before.version, "string");
  assert.ok(before.repoSize > 600_000n);

  const removed = await all(kubo.repo.gc());
  assert.deepEqual(
    removed.map((r) => r.cid?.toString()),
    [unpinned.cid.toString()],
  );
  await assert.rejects(all(kubo.cat(unpinned.cid, OFFLINE)), /not found locally \(offline\)/);
  assert.equal((await concat(kubo.cat(watched.cid, OFFLINE))).toString(), "a viewer watched this");
  assert.deepEqual(await concat(kubo.cat(pinned.cid, OFFLINE)), Buffer.from(kept));
  const after = await kubo.repo.stat();
  assert.equal(after.numObjects, 5n);
  assert.ok(after.repoSize < before.repoSize);

  // the keeper drops its content: pin/rm + repo/gc, even though viewers watched it here
  await kubo.pin.rm(pinned.cid);
  const dropped = await all(kubo.repo.gc());
  assert.equal(dropped.length, 4);
  assert.ok(
    dropped.every((r) => r.err == null && r.cid?.toString().startsWith("bafkrei")),
    "blocks are listed as raw CIDv1, like Kubo",
  );
  assert.ok(
    dropped.some(
      (r) => r.cid !== undefined && Buffer.from(r.cid.multihash.bytes).equals(Buffer.from(pinned.cid.multihash.bytes)),
    ),
  );
  await assert.rejects(all(kubo.cat(pinned.cid, OFFLINE)), /not found locally \(offline\)/);
  assert.deepEqual(await cachedRoots(node), [watched.cid.toString()]);
  assert.equal((await kubo.repo.stat()).numObjects, 1n);
  assert.deepEqual(await all(kubo.repo.gc()), [], "nothing left to collect");
});

test("unpinning a tree that holds a block twice keeps it for another pin that holds it (a video's identical playlists)", async (t) => {
  const { kubo } = await startTestNode(t);
  const addTree = async (files: Array<{ path: string; content: Uint8Array }>) => {
    let root;
    for await (const entry of kubo.addAll(files, { ...KUBO_ADD_OPTIONS, wrapWithDirectory: true }))
      if (entry.path === "") root = entry.cid;
    assert.ok(root !== undefined);
    return root;
  };
  const playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg_00000.ts\n#EXT-X-ENDLIST\n";
  const first = await addTree([
    { path: "240p/index.m3u8", content: text(playlist) },
    { path: "480p/index.m3u8", content: text(playlist) },
    { path: "title", content: text("first") },
  ]);
  const second = await addTree([
    { path: "240p/index.m3u8", content: text(playlist) },
    { path: "title", content: text("second") },
  ]);
  // the first video goes: its walk meets the playlist block twice, which must count as one pin of it, not two
  await kubo.pin.rm(first);
  await all(kubo.repo.gc());
  await assert.rejects(
    all(kubo.cat(`${first.toString()}/title`, OFFLINE)),
    /not found locally \(offline\)/,
    "the first tree is collected",
  );
  assert.equal((await concat(kubo.cat(`${second.toString()}/240p/index.m3u8`, OFFLINE))).toString(), playlist);
});

test("repo/stat reports the cache; size-only like Kubo", async (t) => {
  const { node } = await startTestNode(t, { cacheQuotaBytes: 1_000_000 });
  const res = await fetch(`${node.rpcUrl}/api/v0/repo/stat`, { method: "POST" });
  const stat = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(stat), ["RepoSize", "StorageMax", "NumObjects", "RepoPath", "Version", "Cache"]);
  assert.deepEqual(stat.Cache, { QuotaBytes: 1_000_000, PinnedBytes: 0, CachedBytes: 0, CachedRoots: 0 });
  const sizeOnly = (await (
    await fetch(`${node.rpcUrl}/api/v0/repo/stat?size-only=true`, { method: "POST" })
  ).json()) as Record<string, unknown>;
  assert.equal(sizeOnly.StorageMax, 1_000_000);
  assert.equal(sizeOnly.NumObjects, 0);
  assert.equal(sizeOnly.RepoPath, "");
  // like every RPC command: POST only
  const get = await fetch(`${node.rpcUrl}/api/v0/chorus/cache`);
  assert.equal(get.status, 405);
  await get.body?.cancel();
});

test("repo/gc waits for an upload in progress instead of deleting its blocks", async (t) => {
  const { kubo } = await startTestNode(t);
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let gcDone = false;
  async function* slowFile(): AsyncGenerator<Uint8Array> {
    // enough chunks for the importer to write a batch of blocks, not pinned yet
    yield pseudoRandomBytes(3_000_000, 1);
    await held;
    yield pseudoRandomBytes(300_000, 2);
  }
  const upload = kubo.add({ path: "slow.bin", content: slowFile() }, KUBO_ADD_OPTIONS);
  // wait until the first chunk is stored, then collect garbage while the upload is held
  await waitFor(async () => (await kubo.repo.stat()).numObjects > 0n, "the first chunk to be stored");
  const gc = all(kubo.repo.gc()).then((r) => {
    gcDone = true;
    return r;
  });
  // gc waits for as long as the upload holds the lock (other commands do not)
  await kubo.repo.stat();
  await kubo.id();
  assert.equal(gcDone, false);
  release();
  const { cid } = await upload;
  assert.deepEqual(await gc, []);
  assert.equal((await concat(kubo.cat(cid, OFFLINE))).length, 3_300_000);
});

test("what repo/gc deleted is fetched again from the peer that sent it (see bitswap-fixes.ts)", async (t) => {
  const publisher = await startTestNode(t);
  const viewer = await startTestNode(t);
  await connect(viewer, publisher);
  const { cid } = await publisher.kubo.add(text("fetched, deleted, fetched again"), KUBO_ADD_OPTIONS);
  for (let round = 0; round < 3; round++) {
    assert.equal(
      (await concat(viewer.kubo.cat(cid, { timeout: 5000 }))).toString(),
      "fetched, deleted, fetched again",
      `round ${round}`,
    );
    assert.deepEqual(
      (await all(viewer.kubo.repo.gc())).map((r) => r.cid?.toString()),
      [cid.toString()],
    );
  }
});
