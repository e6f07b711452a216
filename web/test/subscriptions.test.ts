import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Stream } from "@chorus/protocol";
import {
  isSubscribedStream,
  type Notice,
  parseChannelFollows,
  parseSeenAt,
  toggleChannelFollow,
  unreadCount,
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

  it("counts as unread what is newer than the bell's last opening, and nothing before it was ever opened", () => {
    const notice = (id: string, at: number): Notice => ({
      id,
      kind: "video",
      title: id,
      at,
      href: "/",
      creator: ALICE,
    });
    const notices = [notice("a", 100), notice("b", 200), notice("c", 300)];
    assert.equal(unreadCount(notices, null), 0);
    assert.equal(unreadCount(notices, 200), 1);
    assert.equal(unreadCount(notices, 0), 3);
    assert.equal(parseSeenAt(JSON.stringify({ seenAt: 200 })), 200);
    assert.equal(parseSeenAt('{"seenAt":"200"}'), null);
    assert.equal(parseSeenAt("garbage"), null);
    assert.equal(parseSeenAt(null), null);
  });

  it("matches a live stream by its creator, or by its community channel (never channel 0, a creator's own)", () => {
    const stream = (creator: string, channelId: string) => ({ creator, channelId }) as Stream;
    assert.ok(isSubscribedStream(stream(ALICE, "0"), [ALICE], []));
    assert.ok(isSubscribedStream(stream(BOB, "4"), [ALICE], ["4"]));
    assert.ok(!isSubscribedStream(stream(BOB, "0"), [ALICE], ["0"]));
    assert.ok(!isSubscribedStream(stream(BOB, "5"), [ALICE], ["4"]));
  });
});
