import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BEHIND_LIVE_SLACK_SECONDS,
  isAtLiveEdge,
  LIVE_HLS_CONFIG,
  liveView,
  roomPeersLabel,
} from "../src/lib/live-player.ts";

describe("live player pieces", () => {
  it("is at the live edge while playing within the slack of the target latency, and not when paused or far behind", () => {
    assert.equal(isAtLiveEdge({ paused: false, latency: 2.4, targetLatency: 2 }), true);
    const limit = 2 + BEHIND_LIVE_SLACK_SECONDS;
    assert.equal(isAtLiveEdge({ paused: false, latency: limit - 0.1, targetLatency: 2 }), true);
    assert.equal(isAtLiveEdge({ paused: false, latency: limit + 0.1, targetLatency: 2 }), false);
    assert.equal(isAtLiveEdge({ paused: true, latency: 2, targetLatency: 2 }), false);
    assert.equal(isAtLiveEdge({ paused: false, latency: Number.NaN, targetLatency: null }), true, "not measured yet");
  });

  it("tunes hls.js for the live edge", () => {
    assert.equal(LIVE_HLS_CONFIG.lowLatencyMode, true);
    assert.ok((LIVE_HLS_CONFIG.liveSyncDurationCount ?? 0) >= 1 && (LIVE_HLS_CONFIG.liveSyncDurationCount ?? 9) <= 2);
    assert.ok((LIVE_HLS_CONFIG.maxLiveSyncPlaybackRate ?? 1) > 1, "catches up when behind");
  });

  it("says what the room figure counts: nodes, not people", () => {
    assert.equal(roomPeersLabel(null), null);
    assert.equal(roomPeersLabel(0), "No other node in the room");
    assert.equal(roomPeersLabel(1), "1 other node in the room");
    assert.equal(roomPeersLabel(3), "3 other nodes in the room");
  });

  it("turns the relay's status answers into what the page shows", () => {
    const status = { state: "live", segments: 3, gaps: 0, lastTime: 1, roomPeers: 1, error: null } as const;
    assert.equal(liveView({ httpStatus: 200, body: status }).kind, "live");
    assert.equal(liveView({ httpStatus: 200, body: { ...status, segments: 0, state: "waiting" } }).kind, "waiting");
    assert.equal(liveView({ httpStatus: 200, body: { ...status, state: "silent" } }).kind, "silent");
    assert.equal(liveView({ httpStatus: 200, body: { ...status, state: "ended" } }).kind, "ended");
    assert.equal(liveView({ httpStatus: 410, body: { error: "Stream 1 has ended" } }).kind, "ended");
    const broken = liveView({ httpStatus: 502, body: { error: "This server's IPFS node couldn't join the room." } });
    assert.deepEqual(broken, { kind: "error", message: "This server's IPFS node couldn't join the room." });
    assert.match((liveView({ networkError: true }) as { message: string }).message, /can't be reached/);
  });
});
