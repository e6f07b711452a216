/**
 * Viewers' nodes as distributors: what is watched through the gateway is
 * kept within the quota (least recently used evicted first), re-served to
 * other peers, survives restarts; pins ("follows") count toward the quota and
 * are never evicted.
 */
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { startIpfsNode } from "../src/index.ts";
import {
  all,
  cacheListing,
  cachedRoots,
  concat,
  connect,
  pseudoRandomBytes,
  startTestNode,
  tempDir,
  text,
  waitFor,
  watch,
  type TestNode,
} from "./support/util.ts";
import { create, type HTTPRPCOptions, type KuboRPCClient } from "kubo-rpc-client";
import { CID } from "multiformats/cid";

/** Kubo's global `offline` option (kubo-rpc-client passes unknown options through) */
const OFFLINE = { offline: true } as unknown as HTTPRPCOptions;
/** fail instead of waiting for content that does not come */
const FETCH = { timeout: 10_000 };
/** one "video": a 300 kB segment (two chunks) and a playlist, ~300.3 kB stored */
const SEGMENT_SIZE = 300_000;
/** room for two videos, not three */
const TWO_VIDEOS = 700_000;

interface Video {
  root: string;
  segment: Buffer;
}

async function publish(kubo: KuboRPCClient, seed: number): Promise<Video> {
  const segment = Buffer.from(pseudoRandomBytes(SEGMENT_SIZE, seed));
  const entries = await all(
    kubo.addAll(
      [
        { path: "video/index.m3u8", content: text(`#EXTM3U\n#EXTINF:2,\nseg.ts\n# ${seed}\n`) },
        { path: "video/seg.ts", content: segment },
      ],
      KUBO_ADD_OPTIONS,
    ),
  );
  const root = entries.at(-1);
  assert.equal(root?.path, "video");
  return { root: root.cid.toString(), segment };
}

/** Plays a video through the viewer's gateway: the playlist, then the segment. */
async function play(viewer: TestNode, video: Video): Promise<void> {
  assert.match((await watch(viewer.node, `${video.root}/index.m3u8`)).toString(), /^#EXTM3U/);
  assert.deepEqual(await watch(viewer.node, `${video.root}/seg.ts`), video.segment);
}

/** Whether the node has the whole segment locally (without asking peers). */
async function hasLocally(node: TestNode, video: Video): Promise<boolean> {
  try {
    return (await concat(node.kubo.cat(`${video.root}/seg.ts`, OFFLINE))).equals(video.segment);
  } catch (err) {
    assert.match(String(err), /not found locally \(offline\)/);
    return false;
  }
}

/** A publisher with `count` videos, and a viewer connected to it. */
async function publisherAndViewer(
  t: TestContext,
  count: number,
  cacheQuotaBytes: number,
): Promise<{ publisher: TestNode; viewer: TestNode; videos: Video[] }> {
  const publisher = await startTestNode(t);
  const videos: Video[] = [];
  for (let i = 0; i < count; i++) videos.push(await publish(publisher.kubo, 100 + i));
  const viewer = await startTestNode(t, { cacheQuotaBytes });
  await connect(viewer, publisher);
  return { publisher, viewer, videos };
}

test("what a viewer watches is kept within the quota, least recently used evicted first", async (t) => {
  const { viewer, videos } = await publisherAndViewer(t, 4, TWO_VIDEOS);
  const [a, b, c, d] = videos as [Video, Video, Video, Video];

  await play(viewer, a);
  await play(viewer, b);
  assert.deepEqual(await cachedRoots(viewer.node), [b.root, a.root]);
  assert.ok(await hasLocally(viewer, a));

  await play(viewer, c);
  await waitFor(async () => (await cachedRoots(viewer.node)).length === 2, "an eviction");
  assert.deepEqual(await cachedRoots(viewer.node), [c.root, b.root], "A, the least recently watched, is evicted");
  assert.equal(await hasLocally(viewer, a), false, "A's blocks are deleted");
  assert.ok(await hasLocally(viewer, b));
  assert.ok(await hasLocally(viewer, c));

  // watching B again makes it the most recent: D evicts C, not B
  await play(viewer, b);
  assert.deepEqual(await cachedRoots(viewer.node), [b.root, c.root]);
  await play(viewer, d);
  await waitFor(async () => (await cachedRoots(viewer.node)).length === 2, "an eviction");
  assert.deepEqual(await cachedRoots(viewer.node), [d.root, b.root]);
  assert.equal(await hasLocally(viewer, c), false);

  const listing = await cacheListing(viewer.node);
  assert.equal(listing.QuotaBytes, TWO_VIDEOS);
  assert.equal(listing.PinnedBytes, 0);
  assert.ok(
    listing.CachedBytes > 2 * SEGMENT_SIZE && listing.CachedBytes <= TWO_VIDEOS,
    `cached ${listing.CachedBytes}`,
  );
  for (const root of listing.Roots) {
    assert.ok(root.Size > SEGMENT_SIZE && root.Size < SEGMENT_SIZE + 1000, `size ${root.Size}`);
    assert.equal(root.Blocks, 5); // directory, playlist, file node, two chunks
    assert.equal(root.Pinned, false);
    assert.ok(Date.now() - Date.parse(root.LastAccess) < 60_000);
  }
  const stat = await viewer.kubo.repo.stat();
  assert.equal(stat.storageMax, BigInt(TWO_VIDEOS));
});

test("another node fetches what a viewer watched after the publisher has gone", async (t) => {
  const { publisher, viewer, videos } = await publisherAndViewer(t, 1, 10 * 1024 * 1024);
  const [video] = videos as [Video];
  await play(viewer, video);
  await publisher.node.stop();
  await waitFor(async () => (await viewer.kubo.swarm.peers()).length === 0, "the publisher to disconnect");

  const other = await startTestNode(t);
  await connect(other, viewer);
  // over bitswap (RPC) and through the other node's own gateway
  assert.deepEqual(await concat(other.kubo.cat(`${video.root}/seg.ts`, { timeout: 10_000 })), video.segment);
  assert.match((await watch(other.node, `${video.root}/index.m3u8`)).toString(), /^#EXTM3U/);
});

test('pins ("follows") count toward the quota, are never evicted, and one that does not fit is refused', async (t) => {
  const { viewer, videos } = await publisherAndViewer(t, 5, TWO_VIDEOS);
  const [followed, a, b, second, third] = videos as [Video, Video, Video, Video, Video];

  await viewer.kubo.pin.add(followed.root, FETCH);
  await play(viewer, followed); // watched too: listed as pinned, never evicted
  await play(viewer, a);
  assert.deepEqual(await cachedRoots(viewer.node), [a.root, followed.root]);
  await play(viewer, b); // pin + A + B do not fit: A goes; the pinned video stays although least recent
  await waitFor(async () => (await cachedRoots(viewer.node)).length === 2, "an eviction");
  const listing = await cacheListing(viewer.node);
  assert.deepEqual(
    listing.Roots.map((r) => [r.Cid, r.Pinned]),
    [
      [b.root, false],
      [followed.root, true],
    ],
  );
  assert.ok(listing.PinnedBytes > SEGMENT_SIZE && listing.PinnedBytes < SEGMENT_SIZE + 1000);
  assert.equal(await hasLocally(viewer, a), false);

  // a second follow fits next to the first one: the cache makes room
  await viewer.kubo.pin.add(second.root, FETCH);
  await waitFor(async () => !(await cachedRoots(viewer.node)).includes(b.root), "B to be evicted");
  assert.equal(await hasLocally(viewer, b), false);

  // a third one does not fit next to the two pins: refused, and nothing of it is kept
  await assert.rejects(viewer.kubo.pin.add(third.root, FETCH), (err: Error) => {
    assert.match(
      err.message,
      new RegExp(`cannot pin ${third.root}: it does not fit in the storage quota of 683\\.6 KiB`),
    );
    assert.match(err.message, /IPFS_CACHE_QUOTA_BYTES/);
    return true;
  });
  assert.deepEqual(
    (await all(viewer.kubo.pin.ls({ type: "recursive" }))).map((p) => p.cid.toString()).sort(),
    [followed.root, second.root].sort(),
  );
  await waitFor(async () => {
    try {
      await viewer.kubo.block.stat(CID.parse(third.root), OFFLINE);
      return false;
    } catch {
      return true;
    }
  }, "what the refused pin fetched to be deleted");

  // garbage collection keeps both pins
  await all(viewer.kubo.repo.gc());
  assert.ok(await hasLocally(viewer, followed));
  assert.ok(await hasLocally(viewer, second));
  // unpinning makes room again
  await viewer.kubo.pin.rm(second.root);
  await viewer.kubo.pin.add(third.root, FETCH);
});

test("the cache survives a restart, and a lower quota applies at start", async (t) => {
  const publisher = await startTestNode(t);
  const videos: Video[] = [];
  for (let i = 0; i < 3; i++) videos.push(await publish(publisher.kubo, 200 + i));
  const [a, b, c] = videos as [Video, Video, Video];
  const dataDir = await tempDir(t);

  const first = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0, cacheQuotaBytes: TWO_VIDEOS });
  let before;
  try {
    const viewer: TestNode = { node: first, kubo: create({ url: first.rpcUrl }), dataDir };
    await connect(viewer, publisher);
    await play(viewer, a);
    await play(viewer, b);
    before = await cacheListing(first);
  } finally {
    await first.stop();
  }

  const second = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0, cacheQuotaBytes: TWO_VIDEOS });
  try {
    const viewer: TestNode = { node: second, kubo: create({ url: second.rpcUrl }), dataDir };
    assert.deepEqual(await cacheListing(second), before);
    assert.ok(await hasLocally(viewer, a));
    // the order survived too: re-watching A (offline, from the cache) then watching C evicts B
    await play(viewer, a);
    await connect(viewer, publisher);
    await play(viewer, c);
    await waitFor(async () => (await cachedRoots(second)).length === 2, "an eviction");
    assert.deepEqual(await cachedRoots(second), [c.root, a.root]);
  } finally {
    await second.stop();
  }

  // room for one video only: the least recent one goes before the node answers
  const third = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0, cacheQuotaBytes: 350_000 });
  t.after(async () => {
    await third.stop();
  });
  assert.deepEqual(await cachedRoots(third), [c.root]);
  const viewer: TestNode = { node: third, kubo: create({ url: third.rpcUrl }), dataDir };
  assert.equal(await hasLocally(viewer, a), false);
  assert.ok(await hasLocally(viewer, c));
});

test("a quota of 0 keeps nothing the gateway fetched, but still serves it", async (t) => {
  const { viewer, videos } = await publisherAndViewer(t, 1, 0);
  const [video] = videos as [Video];
  await play(viewer, video);
  await waitFor(async () => (await cachedRoots(viewer.node)).length === 0, "the eviction");
  assert.equal(await hasLocally(viewer, video), false);
  // watching again fetches the same blocks again from the same peer (see bitswap-fixes.ts)
  await play(viewer, video);
});
