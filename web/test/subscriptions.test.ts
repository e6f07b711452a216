import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Stream } from "@chorus/protocol";
import {
  isSubscribedStream,
  type Notice,
  parseChannelFollows,
  markSeen,
  parseSeen,
  settleSeen,
  toggleChannelFollow,
  unread,
} from "../src/lib/subscriptions.ts";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("subscriptions kept in the browser", () => {
  it("reads the subscribed channels, dropping anything that is not a channel id", () => {
    assert.deepEqual(parseChannelFollows(null), []);
    assert.deepEqual(parseChannelFollows("not json"), []);
    assert.deepEqual(parseChannelFollows('{"a":1}'), []);
    assert.deepEqual(parseChannelFollows(JSON.stringify(["3", "0", "x", 7, "3", "12"])), ["3", "12"]);
    assert.deepEqual(toggleChannelFollow(["3"], "12"), ["3", "12"]);
    assert.deepEqual(toggleChannelFollow(["3", "12"], "3"), ["12"]);
  });

  it("counts as unread only what arrived after the bell settled: not what was there when a creator or channel was followed", () => {
    const notice = (id: string, creator: string, channelId?: string): Notice => ({
      id,
      kind: "video",
      title: id,
      at: 1,
      href: "/",
      creator,
      ...(channelId ? { channelId } : {}),
    });
    const a1 = notice("a1", ALICE);
    const c1 = notice("ch4-1", BOB, "4");
    // The first answer: everything listed is known.
    let seen = settleSeen(null, [ALICE], [], [a1]);
    assert.deepEqual(unread([a1], seen), []);
    // Alice publishes: unread.
    const a2 = notice("a2", ALICE.toLowerCase());
    seen = settleSeen(seen, [ALICE], [], [a2, a1]);
    assert.deepEqual(
      unread([a2, a1], seen).map((n) => n.id),
      ["a2"],
    );
    // Subscribing to channel 4 makes its existing releases known, and leaves Alice's new video unread.
    seen = settleSeen(seen, [ALICE], ["4"], [c1, a2, a1]);
    assert.deepEqual(
      unread([c1, a2, a1], seen).map((n) => n.id),
      ["a2"],
    );
    // Opening the bell reads everything.
    seen = markSeen(seen, [c1, a2, a1]);
    assert.deepEqual(unread([c1, a2, a1], seen), []);
    assert.deepEqual(unread([a1], null), [], "nothing is unread before the bell has settled once");
    assert.deepEqual(parseSeen(JSON.stringify(seen)), seen);
    assert.equal(parseSeen('{"creators":"x"}'), null);
    assert.equal(parseSeen("garbage"), null);
    assert.equal(parseSeen(null), null);
  });

  it("matches a live stream by its creator, or by its community channel (never channel 0, a creator's own)", () => {
    const stream = (creator: string, channelId: string) => ({ creator, channelId }) as Stream;
    assert.ok(isSubscribedStream(stream(ALICE, "0"), [ALICE], []));
    assert.ok(isSubscribedStream(stream(BOB, "4"), [ALICE], ["4"]));
    assert.ok(!isSubscribedStream(stream(BOB, "0"), [ALICE], ["0"]));
    assert.ok(!isSubscribedStream(stream(BOB, "5"), [ALICE], ["4"]));
  });
});
