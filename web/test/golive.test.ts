import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { streamsAbi } from "@chorus/deployments";
import { LIVE_SESSION_STATUSES, type LiveSession } from "@chorus/protocol";
import type { ContractErrorName } from "viem";
import { liveStatusText } from "../src/lib/live-worker";
import { streamsSentence } from "../src/tx/streamTx";

describe("go live: words for the streamer", () => {
  it("says every Streams error as a sentence, with its arguments", () => {
    const names = streamsAbi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(names.length >= 10);
    for (const name of names) {
      const text = streamsSentence(name as ContractErrorName<typeof streamsAbi>, [
        7n,
        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      ]);
      assert.match(text, /^[A-Z0-9].*\.$/, name);
      assert.doesNotMatch(text, /undefined|\[object/, name);
    }
    assert.match(
      streamsSentence("StreamsNotMember", [3n, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]),
      /0x7099…79C8 isn't a member of channel #3.*own channel/,
    );
    assert.match(streamsSentence("StreamsTitleTooLong", [230n, 200n]), /230 bytes; at most 200/);
  });

  it("names every session status", () => {
    for (const status of LIVE_SESSION_STATUSES) {
      const text = liveStatusText({ status } as LiveSession);
      assert.ok(text.length > 0, status);
    }
    assert.match(liveStatusText({ status: "waiting" } as LiveSession), /OBS/);
  });
});
