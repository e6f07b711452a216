/**
 * Stories pinned while they live and unpinned after (stories.ts), against a real node: real pins, real unpins. The
 * story listing is injected in the first tests (in the stack it is the indexer's `/stories?creator=`, exercised by
 * test/stack/stories.test.ts); the last one goes through the RPC and `listStoriesFromIndexer` with an HTTP server
 * answering as the indexer does.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import type { KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { type ListedStory, StoryPins } from "../src/stories.ts";
import { all, pseudoRandomBytes, startTestNode, waitFor } from "./support/util.ts";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

async function pinnedRoots(kubo: KuboRPCClient): Promise<string[]> {
  return (await all(kubo.pin.ls({ type: "recursive" }))).map((p) => p.cid.toString()).sort();
}

/** An image-sized file added without a pin, as the web's story route adds it before asking the node to keep it. */
async function image(kubo: KuboRPCClient, seed: number): Promise<string> {
  return (await kubo.add(pseudoRandomBytes(20_000, seed), { ...KUBO_ADD_OPTIONS, pin: false })).cid.toString();
}

async function openPins(
  t: TestContext,
  kubo: KuboRPCClient,
  dataDir: string,
  stories: Map<string, ListedStory[]>,
  clock: { now: number },
): Promise<StoryPins> {
  const pins = await StoryPins.open({
    file: join(dataDir, "stories.json"),
    listStories: async (creator) => stories.get(creator) ?? [],
    pin: async (cid: CID, signal) => {
      await kubo.pin.add(cid, { signal });
    },
    unpin: async (cid: CID) => {
      await kubo.pin.rm(cid);
    },
    isPinned: async (cid: CID) => (await pinnedRoots(kubo)).includes(cid.toString()),
    log: () => {},
    graceMs: 60_000,
    now: () => clock.now,
  });
  t.after(async () => {
    await pins.stop();
  });
  return pins;
}

test("a kept story stays pinned while it lives and is unpinned once it expires; one never posted goes after the grace", async (t) => {
  const { kubo, dataDir } = await startTestNode(t);
  const stories = new Map<string, ListedStory[]>();
  const clock = { now: Date.parse("2026-12-06T12:00:00Z") };
  const pins = await openPins(t, kubo, dataDir, stories, clock);
  const posted = await image(kubo, 1);
  const abandoned = await image(kubo, 2);

  assert.deepEqual(await pins.keep(posted, ALICE), { held: true });
  assert.deepEqual(await pins.keep(abandoned, ALICE), { held: true });
  assert.deepEqual(await pinnedRoots(kubo), [posted, abandoned].sort());

  // Not posted yet, within the grace: both stay. Then posted and live: it stays, by the chain's status.
  await pins.sync();
  assert.deepEqual(await pinnedRoots(kubo), [posted, abandoned].sort());
  stories.set(ALICE.toLowerCase(), [{ cid: posted, status: "live" }]);
  clock.now += 120_000;
  await pins.sync();
  assert.deepEqual(await pinnedRoots(kubo), [posted], "the CID no story carries went after the grace");

  // A restart keeps what is held; expiry (the indexer's status by the chain's clock) unpins it.
  await pins.stop();
  const reopened = await openPins(t, kubo, dataDir, stories, clock);
  assert.deepEqual(
    reopened.state().held.map((h) => [h.cid, h.creator, h.reason]),
    [[posted, ALICE.toLowerCase(), "kept"]],
  );
  stories.set(ALICE.toLowerCase(), [{ cid: posted, status: "expired" }]);
  const after = await reopened.sync();
  assert.deepEqual(after.held, []);
  assert.deepEqual(await pinnedRoots(kubo), []);
});

test("following a creator pins their live stories, unpins deleted ones, leaves others' pins alone; unfollow unpins", async (t) => {
  const { kubo, dataDir } = await startTestNode(t);
  const clock = { now: Date.now() };
  const [live, deleted, alreadyPinned, expired] = [
    await image(kubo, 3),
    await image(kubo, 4),
    await image(kubo, 5),
    await image(kubo, 6),
  ];
  await kubo.pin.add(alreadyPinned!);
  const stories = new Map<string, ListedStory[]>([
    [
      BOB.toLowerCase(),
      [
        { cid: live!, status: "live" },
        { cid: deleted!, status: "live" },
        { cid: alreadyPinned!, status: "live" },
        { cid: expired!, status: "expired" },
      ],
    ],
  ]);
  const pins = await openPins(t, kubo, dataDir, stories, clock);

  const followed = await pins.follow(BOB);
  assert.deepEqual(followed.creators, [BOB.toLowerCase()]);
  assert.deepEqual(followed.held.map((h) => h.cid).sort(), [live!, deleted!].sort(), "an expired story is not pinned");
  assert.deepEqual(await pinnedRoots(kubo), [live!, deleted!, alreadyPinned!].sort());

  stories.get(BOB.toLowerCase())![1] = { cid: deleted!, status: "deleted" };
  await pins.sync();
  assert.deepEqual(await pinnedRoots(kubo), [live!, alreadyPinned!].sort());

  // The same image kept for the creator's own post after someone else pinned it: not ours to unpin later.
  assert.deepEqual(await pins.keep(alreadyPinned!, BOB), { held: false });
  // Unless adopted: a short video's directory the worker pinned for this story alone goes with the story.
  const video = await image(kubo, 8);
  await kubo.pin.add(video);
  assert.deepEqual(await pins.keep(video, BOB, { adopt: true }), { held: true });
  stories.get(BOB.toLowerCase())!.push({ cid: video, status: "expired" });
  await pins.sync();
  assert.ok(!(await pinnedRoots(kubo)).includes(video), "the adopted pin goes when its story expires");

  const unfollowed = await pins.unfollow(BOB);
  assert.deepEqual(unfollowed.held, []);
  assert.deepEqual(await pinnedRoots(kubo), [alreadyPinned!], "the pin that was there before stays");
  await assert.rejects(pins.unfollow(BOB), /is not followed/);
  await assert.rejects(pins.follow("0x1234"), /is not an address/);
  await assert.rejects(pins.keep("not-a-cid", BOB), /is not a CID/);
});

test("through the RPC: keep, follow, ls, sync against an indexer's /stories answers; bad input is a 400", async (t) => {
  const statuses = new Map<string, ListedStory[]>();
  const requests: string[] = [];
  const indexer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://indexer");
    requests.push(`${url.pathname}?${url.searchParams}`);
    const items = (statuses.get(url.searchParams.get("creator")?.toLowerCase() ?? "") ?? []).map((s) => ({
      ...s,
      creator: url.searchParams.get("creator"),
    }));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ items, nextCursor: null }));
  });
  await new Promise<void>((resolve) => indexer.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => indexer.close(() => resolve())));
  const indexerUrl = `http://127.0.0.1:${(indexer.address() as AddressInfo).port}`;
  const { node, kubo } = await startTestNode(t, { indexerUrl, followSyncMs: 100 });
  const rpc = async (command: string, query: Record<string, string>) => {
    const response = await fetch(`${node.rpcUrl}/api/v0/chorus/stories/${command}?${new URLSearchParams(query)}`, {
      method: "POST",
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const cid = await image(kubo, 7);
  const kept = await rpc("keep", { arg: cid, creator: ALICE });
  assert.equal(kept.status, 200);
  assert.equal(kept.body.Kept, true);
  assert.deepEqual(await pinnedRoots(kubo), [cid]);
  statuses.set(ALICE.toLowerCase(), [{ cid, status: "live" }]);
  const ls = await rpc("sync", {});
  assert.deepEqual(ls.body.Held, [
    {
      Cid: cid,
      Creator: ALICE.toLowerCase(),
      Reason: "kept",
      HeldSince: (ls.body.Held as { HeldSince: string }[])[0]!.HeldSince,
    },
  ]);
  assert.ok(requests.includes(`/stories?creator=${ALICE.toLowerCase()}&limit=100`), requests.join(", "));

  // The periodic sync (every 100 ms here) unpins it once the indexer says it expired.
  statuses.set(ALICE.toLowerCase(), [{ cid, status: "expired" }]);
  await waitFor(async () => (await pinnedRoots(kubo)).length === 0, "the expired story to be unpinned");
  assert.deepEqual((await rpc("ls", {})).body.Held, []);

  const bad = await rpc("keep", { arg: cid });
  assert.equal(bad.status, 400);
  assert.match(String(bad.body.Message), /creator/);
  const badAddress = await rpc("follow", { arg: "alice" });
  assert.equal(badAddress.status, 400);
  assert.match(String(badAddress.body.Message), /not an address/);
});
