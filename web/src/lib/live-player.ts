import type { HlsConfig } from "hls.js";

/** Pure pieces of the live page (tested in test/live-player.test.ts); the components are in components/live/. */

/**
 * hls.js at the live edge of 1 s segments (LIVE_SEGMENT_SECONDS). Measured with `npm run bench -- live` (figures in
 * web/README.md, "Live"): `liveSyncDurationCount` 2 plays two segments behind the newest one listed, p50 2.6–3.1 s
 * glass to player; 1 gains ~1 s (p50 1.8–1.9 s) but, on this loaded machine, froze more (80 % of frames shown against
 * 83–98 %): a one-segment margin leaves no room for a playlist reload that comes a little late. 2 until a quiet machine
 * says otherwise. `lowLatencyMode` turns on hls.js's catch-up (playback up to
 * `maxLiveSyncPlaybackRate` while further behind than the target and more than a second is buffered); a stall raises
 * the target by `liveSyncOnStallIncrease`, at most one segment. Never native HLS: no latency control there.
 */
export const LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  lowLatencyMode: true,
  liveSyncDurationCount: 2,
  maxLiveSyncPlaybackRate: 1.5,
  liveSyncOnStallIncrease: 0.5,
  startLevel: 0,
  capLevelToPlayerSize: false,
  // A live viewer rarely seeks back far: don't keep minutes of buffer behind the playhead.
  backBufferLength: 30,
  // The first playlists may come while the relay subscribes: retry them rather than fail the player.
  manifestLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 10_000,
      maxLoadTimeMs: 20_000,
      timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 6, retryDelayMs: 1000, maxRetryDelayMs: 4000 },
    },
  },
};

/** Further behind the target latency than this (seconds) counts as "behind live". */
export const BEHIND_LIVE_SLACK_SECONDS = 2.5;

/** Whether the viewer is at the live edge: playing, and within the slack of hls.js's target latency. */
export function isAtLiveEdge(p: { paused: boolean; latency: number; targetLatency: number | null }): boolean {
  if (p.paused) return false;
  if (p.targetLatency === null || !Number.isFinite(p.latency)) return true; // not measured yet: don't cry wolf
  return p.latency <= p.targetLatency + BEHIND_LIVE_SLACK_SECONDS;
}

/**
 * The honest viewer figure: how many other IPFS nodes this server's node sees subscribed to the stream's room. Each is
 * a node (a viewer's, another instance's, the streamer's), not a person: everyone watching through one instance
 * counts as its one node.
 */
export function roomPeersLabel(peers: number | null): string | null {
  if (peers === null) return null;
  if (peers === 0) return "No other node in the room";
  return `${peers} other ${peers === 1 ? "node" : "nodes"} in the room`;
}

/** What /api/live/[id]/status answers (app/api/live/[id]/status/route.ts). */
interface LiveStatus {
  state: "waiting" | "live" | "silent" | "ended";
  segments: number;
  gaps: number;
  lastTime: number | null;
  roomPeers: number | null;
  error: string | null;
}

export type LiveView =
  | { kind: "connecting" }
  | { kind: "waiting" }
  | { kind: "live"; status: LiveStatus }
  | { kind: "silent"; status: LiveStatus }
  | { kind: "ended" }
  | { kind: "error"; message: string };

/** Turns a status answer (or its failure) into what the page shows. */
export function liveView(answer: { httpStatus: number; body: unknown } | { networkError: true }): LiveView {
  if ("networkError" in answer)
    return { kind: "error", message: "This site's server can't be reached. Check your connection; the page retries." };
  const { httpStatus, body } = answer;
  const error =
    typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body.error : null;
  if (httpStatus === 410) return { kind: "ended" };
  if (httpStatus !== 200 || error)
    return { kind: "error", message: error ?? `The server answered ${httpStatus}. The page retries.` };
  const status = body as LiveStatus;
  if (status.state === "ended") return { kind: "ended" };
  if (status.segments === 0) return status.state === "silent" ? { kind: "silent", status } : { kind: "waiting" };
  return status.state === "silent" ? { kind: "silent", status } : { kind: "live", status };
}
