/**
 * Followed channels kept in full within the quota (follows.ts), against a real node: real pins, the real quota. The
 * channel listing is the one injected part (in the stack it is the indexer's `/videos?channel=`, exercised by
 * test/stack/channels.test.ts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import type { KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { Follows } from "../src/follows.ts";
import { all, pseudoRandomBytes, startTestNode, waitFor } from "./support/util.ts";

async function pinnedRoots(kubo: KuboRPCClient): Promise<string[]> {
  return (await all(kubo.pin.ls({ type: "recursive" }))).map((p) => p.cid.toString()).sort();
}

async function openFollows(
  t: TestContext,
  kubo: KuboRPCClient,
  dataDir: string,
  channels: Map<string, string[]>,
  intervalMs = 60_000,
): Promise<Follows> {
  const follows = await Follows.open({
    file: join(dataDir, "follows.json"),
    listChannel: async (id) => channels.get(id) ?? [],
    pin: async (cid: CID, signal) => {
      await kubo.pin.add(cid, { signal });
    },
    unpin: async (cid: CID) => {
      await kubo.pin.rm(cid);
    },
    isPinned: async (cid: CID) => (await pinnedRoots(kubo)).includes(cid.toString()),
    log: () => {},
    intervalMs,
  });
  t.after(async () => {
    await follows.stop();
  });
  return follows;
}

/** Adds `count` videos of `size` bytes without pinning them (as if watched or fetched), newest first like the indexer. */
async function videos(kubo: KuboRPCClient, count: number, size: number, seed: number): Promise<string[]> {
  const cids: string[] = [];
  for (let i = 0; i < count; i++)
    cids.push((await kubo.add(pseudoRandomBytes(size, seed + i), { ...KUBO_ADD_OPTIONS, pin: false })).cid.toString());
  return cids.reverse();
}

test("following pins every video of the channel, keeps new ones as they come, and survives a restart", async (t) => {
  const { kubo, dataDir } = await startTestNode(t, { cacheQuotaBytes: 10_000_000 });
  const channels = new Map([["7", await videos(kubo, 3, 100_000, 1)]]);
  const follows = await openFollows(t, kubo, dataDir, channels, 100);
  const followed = await follows.follow("7");
  assert.equal(followed.videos, 3);
  assert.equal(followed.kept, 3);
  assert.equal(followed.error, null);
  assert.deepEqual([...followed.pinned].sort(), [...channels.get("7")!].sort());
  assert.deepEqual(await pinnedRoots(kubo), [...channels.get("7")!].sort());

  // A video released later is pinned by the periodic sync.
  follows.start();
  const [newer] = await videos(kubo, 1, 50_000, 99);
  channels.set("7", [newer!, ...channels.get("7")!]);
  await waitFor(async () => (await pinnedRoots(kubo)).includes(newer!), "the new video to be pinned");
  await waitFor(() => follows.list()[0]?.videos === 4, "the follow to count it");
  await follows.stop();

  const reopened = await openFollows(t, kubo, dataDir, channels);
  assert.deepEqual(
    reopened.list().map((f) => [f.channelId, f.pinned.length, f.videos]),
    [["7", 4, 4]],
  );
});

test("a channel bigger than the quota keeps its oldest videos and says how many fit", async (t) => {
  const { kubo, dataDir } = await startTestNode(t, { cacheQuotaBytes: 700_000 });
  const channel = await videos(kubo, 3, 300_000, 10); // newest first; 900 kB in all
  const follows = await openFollows(t, kubo, dataDir, new Map([["3", channel]]));
  const followed = await follows.follow("3");
  assert.equal(followed.videos, 3);
  assert.deepEqual(followed.pinned, [channel[2], channel[1]], "oldest first");
  assert.equal(followed.kept, 2);
  assert.match(followed.error ?? "", /^2 of 3 videos kept: .*cannot pin .* it does not fit in the storage quota/);
  assert.deepEqual(await pinnedRoots(kubo), [channel[1], channel[2]].sort());
});

test("unfollowing unpins what the follow pinned, never a pin from before it or one another follow shares", async (t) => {
  const { kubo, dataDir } = await startTestNode(t, { cacheQuotaBytes: 10_000_000 });
  const [mine, shared, own] = await videos(kubo, 3, 20_000, 40);
  await kubo.pin.add(own!); // the user pinned it before following
  const follows = await openFollows(
    t,
    kubo,
    dataDir,
    new Map([
      ["1", [mine!, shared!, own!]],
      ["2", [shared!]],
    ]),
  );
  assert.equal((await follows.follow("1")).kept, 3, "the own pin counts as kept");
  assert.deepEqual((await follows.follow("2")).pinned, [shared!], "shared with channel 1");
  await follows.unfollow("1");
  assert.deepEqual(
    await pinnedRoots(kubo),
    [own!, shared!].sort(),
    "the shared video stays for channel 2; the own pin stays",
  );
  await follows.unfollow("2");
  assert.deepEqual(await pinnedRoots(kubo), [own!]);
  await assert.rejects(follows.unfollow("2"), /channel 2 is not followed/);
  await assert.rejects(follows.follow("abc"), /"abc" is not a channel id/);
});

test("over RPC: a node without an indexer refuses follows with what to do", async (t) => {
  const { node } = await startTestNode(t);
  const response = await fetch(`${node.rpcUrl}/api/v0/chorus/follows/add?arg=1`, { method: "POST" });
  assert.equal(response.status, 500);
  assert.match(
    await response.text(),
    /this node follows no channels: start it with an indexer URL \(IPFS_INDEXER_URL\)/,
  );
  const listed = await fetch(`${node.rpcUrl}/api/v0/chorus/follows/ls`, { method: "POST" });
  assert.deepEqual(await listed.json(), { Follows: [] });
});
