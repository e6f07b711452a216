import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChatLine } from "@chorus/protocol";
import { EMPTY_CHAT, byteLength, isMuted, reduceChat, speakerName } from "../src/lib/chat-client";

const drops = { spoofed: 0, malformed: 0, oversize: 0, replayed: 0, "rate-limited": 0 };
const line = (id: string, time: number, wallet: `0x${string}` | null = null): ChatLine => ({
  id,
  speaker: wallet ?? "0xAbCdEf0000000000000000000000000000000001",
  key: "0xAbCdEf0000000000000000000000000000000001",
  wallet,
  body: `line ${id}`,
  time,
});

describe("chat panel state (reduceChat)", () => {
  it("merges a reconnect's scroll-back without repeating lines, in time order", () => {
    let view = reduceChat(EMPTY_CHAT, {
      type: "state",
      lines: [line("a", 1), line("b", 2)],
      pinned: null,
      mutes: [],
      drops,
    });
    view = reduceChat(view, { type: "message", line: line("c", 3) });
    view = reduceChat(view, { type: "message", line: line("c", 3) });
    view = reduceChat(view, {
      type: "state",
      lines: [line("b", 2), line("c", 3), line("d", 4)],
      pinned: null,
      mutes: [],
      drops,
    });
    assert.deepEqual(
      view.lines.map((l) => l.id),
      ["a", "b", "c", "d"],
    );
  });

  it("hides a muted speaker until the mute runs out, whatever the address's case", () => {
    const speaker = "0xAbCdEf0000000000000000000000000000000001";
    const view = reduceChat(EMPTY_CHAT, { type: "mute", target: speaker, until: 1000 });
    assert.equal(isMuted(view, speaker.toLowerCase(), 999), true);
    assert.equal(isMuted(view, speaker, 1000), false);
    const unmuted = reduceChat(view, { type: "mute", target: speaker, until: 0 });
    assert.equal(isMuted(unmuted, speaker, 1), false);
  });

  it("names speakers: a handle, a wallet's short address, or anonymous with a fingerprint", () => {
    const wallet = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    assert.equal(speakerName(line("a", 1, wallet), "alice"), "@alice");
    assert.equal(speakerName(line("a", 1, wallet)), "0x7099…79C8");
    assert.equal(speakerName(line("a", 1)), "anonymous · abcdef");
    assert.equal(byteLength("€"), 3);
  });
});
