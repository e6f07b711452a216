import {
  AnnouncementVerifier,
  LIVE_SEGMENT_SECONDS,
  LIVE_SILENCE_ENDED_SECONDS,
  type LiveAnnouncement,
  type RejectReason,
  type VerifierEvent,
} from "@chorus/protocol";
import { create, type KuboRPCClient } from "kubo-rpc-client";

/**
 * The live relay — SERVER ONLY (it holds the IPFS RPC client, which must never reach a browser). The instance's web
 * server turns a stream's signed announcements into HLS playlists for the browsers (issue 11, viewer side):
 *
 * - one subscription per stream per server process, on the instance's own IPFS node (`KUBO_RPC_URL`), in the room the
 *   chain recorded for it, dropped after `idleMs` without a reader (a playlist, master or status request);
 * - every message goes through the protocol's `AnnouncementVerifier` with the stream key from the chain (via the
 *   indexer), so spoofs, replays, forks and oversize or malformed messages never reach a playlist;
 * - each accepted segment is fetched by the node at once (`cat`, every rung), so the node holds it and re-serves it —
 *   through its gateway to the next viewers and over bitswap to other nodes: the streamer's uplink carries the first
 *   copies only;
 * - a gap the verifier reports is filled when the node can fetch the missing announcements by id (`block/get`, walking
 *   the chain back); what stays missing is shown in the playlists as `#EXT-X-GAP`, never silently skipped;
 * - playlists: a sliding window of `window` entries, `#EXT-X-MEDIA-SEQUENCE` = the announcement sequence,
 *   `#EXT-X-DISCONTINUITY` where the encoder reconnected, `#EXT-X-ENDLIST` after the `end` announcement, segment URIs
 *   on the configured gateway (`<gateway>/ipfs/<cid>`), so any instance can serve any stream.
 *
 * Pure enough to test with node:test against real IPFS nodes (web/test/live-relay.test.ts); the route handlers in
 * app/api/live/[id]/ are thin wrappers around `liveRelay()`.
 */

/** What the relay needs to know about a stream: from the indexer, i.e. from the chain. */
export interface LiveStreamInfo {
  id: string;
  room: string;
  streamKey: string;
}

export interface LiveRelayOptions {
  kuboRpcUrl: string;
  /** Public gateway base URL, no trailing slash (segment URIs are `<gateway>/ipfs/<cid>`). */
  gatewayUrl: string;
  /** A stream nobody asked about for this long is unsubscribed and forgotten (default 60 s). */
  idleMs?: number;
  /** Entries in a live playlist (default 12: 12 s of 1 s segments). */
  window?: number;
  /** Announcements the verifier holds back while one is missing (default 2: a gap costs ≤ 2 segments of delay). */
  reorderWindow?: number;
  /** Silence after which held-back announcements are released and their gap reported (default 2.5 segments). */
  flushAfterMs?: number;
  /** How long the node may take to fetch one segment or one missing announcement (default 20 s / 3 s). */
  segmentTimeoutMs?: number;
  announcementTimeoutMs?: number;
}

export interface LiveRendition {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
  codecs?: string;
}

/** One sequence number of the stream, as the relay holds it. */
export type Entry =
  | {
      seq: number;
      kind: "segment";
      discontinuity: boolean;
      time: number;
      segments: Map<string, { cid: string; duration: number }>;
    }
  | { seq: number; kind: "gap" };

export type LiveRelayState =
  /** Subscribed, nothing accepted yet (the streamer's encoder may not have started). */
  | "waiting"
  | "live"
  /** No announcement for LIVE_SILENCE_ENDED_SECONDS: counts as ended for readers, though no `end` came. */
  | "silent"
  | "ended";

export interface LiveRelayStatus {
  id: string;
  state: LiveRelayState;
  /** Sequence of the first and last entry held (null before the first). */
  first: number | null;
  last: number | null;
  /** Entries playable (segments) and shown as gaps. */
  segments: number;
  gaps: number;
  /** The publisher's time of the latest accepted segment (Unix ms). */
  lastTime: number | null;
  renditions: LiveRendition[];
  /** Messages refused by the verifier, by reason. */
  rejected: Partial<Record<RejectReason, number>>;
  /** Segment files the node fetched (and now re-serves), and those it could not. */
  fetched: number;
  fetchFailed: number;
  /** Set when the subscription broke (node gone); the next request subscribes again. */
  error: string | null;
}

const now = () => Date.now();

export class RelayedStream {
  readonly info: LiveStreamInfo;
  readonly #kubo: KuboRPCClient;
  readonly #options: Required<LiveRelayOptions>;
  readonly #verifier: AnnouncementVerifier;
  readonly #entries = new Map<number, Entry>();
  readonly #rejected: Partial<Record<RejectReason, number>> = {};
  readonly #abort = new AbortController();
  readonly #waiters = new Set<() => void>();
  #renditions: LiveRendition[] = [];
  #queue: Promise<void> = Promise.resolve();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;
  #lastAnnouncementAt: number;
  #lastTime: number | null = null;
  #fetched = 0;
  #fetchFailed = 0;
  #error: string | null = null;
  lastRead = now();
  /** Resolves once the node has subscribed to the room. */
  readonly ready: Promise<void>;

  constructor(info: LiveStreamInfo, kubo: KuboRPCClient, options: Required<LiveRelayOptions>) {
    this.info = info;
    this.#kubo = kubo;
    this.#options = options;
    this.#verifier = new AnnouncementVerifier({ streamKey: info.streamKey, window: options.reorderWindow });
    this.#lastAnnouncementAt = now();
    this.ready = kubo.pubsub.subscribe(info.room, (message) => this.push(message.data), {
      signal: this.#abort.signal,
      onError: (error) => {
        if (this.#abort.signal.aborted) return;
        this.#error = `The IPFS node's subscription to the stream's room broke (${error.message}).`;
        this.#wake();
      },
    });
  }

  get broken(): boolean {
    return this.#error !== null;
  }

  /** Feeds one room message (what the subscription does; tests may call it directly). Serialized: order matters. */
  push(data: Uint8Array): Promise<void> {
    this.#queue = this.#queue.then(async () => {
      this.#handle(await this.#verifier.push(data));
      this.#armFlush();
    });
    return this.#queue;
  }

  #armFlush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#ended) return;
    this.#flushTimer = setTimeout(() => {
      this.#queue = this.#queue.then(() => this.#handle(this.#verifier.flush()));
    }, this.#options.flushAfterMs);
    this.#flushTimer.unref?.();
  }

  #handle(events: VerifierEvent[]): void {
    for (const event of events) {
      if (event.type === "accepted") this.#accept(event.announcement);
      else if (event.type === "rejected") this.#rejected[event.reason] = (this.#rejected[event.reason] ?? 0) + 1;
      else {
        for (let seq = event.from; seq <= event.to; seq++) this.#entries.set(seq, { seq, kind: "gap" });
        void this.#fillGap(event.from, event.to, event.lastId);
      }
    }
    this.#trim();
    if (events.length) this.#wake();
  }

  #accept(announcement: LiveAnnouncement): void {
    this.#lastAnnouncementAt = now();
    if (announcement.end) this.#ended = true;
    if (announcement.renditions.length === 0) return; // an `end` without a segment
    const newest = Math.max(-1, ...this.#entries.keys()) <= announcement.seq;
    // A late one (a filled gap) does not change what the newest segments say about the ladder.
    if (newest)
      this.#renditions = announcement.renditions.map(({ name, width, height, bandwidth, codecs }) => ({
        name,
        width,
        height,
        bandwidth,
        ...(codecs ? { codecs } : {}),
      }));
    this.#lastTime = Math.max(this.#lastTime ?? 0, announcement.time);
    this.#entries.set(announcement.seq, {
      seq: announcement.seq,
      kind: "segment",
      discontinuity: announcement.discontinuity === true,
      time: announcement.time,
      segments: new Map(announcement.renditions.map((r) => [r.name, { cid: r.cid, duration: r.duration }])),
    });
    for (const rendition of announcement.renditions) void this.#fetchSegment(rendition.cid);
  }

  /** The node fetches the segment now, so it holds it before the first viewer asks and serves it to the next ones. */
  async #fetchSegment(cid: string): Promise<void> {
    try {
      for await (const _ of this.#kubo.cat(cid, {
        timeout: this.#options.segmentTimeoutMs,
        signal: this.#abort.signal,
      })) {
        // Only the node's copy matters: it keeps the blocks it fetched.
      }
      this.#fetched++;
    } catch {
      if (!this.#abort.signal.aborted) this.#fetchFailed++;
    }
  }

  /** Walks the chain back from the announcement the next one names, for as long as the node can fetch them. */
  async #fillGap(from: number, to: number, lastId: string): Promise<void> {
    let id: string | null = lastId;
    for (let seq = to; seq >= from && id; seq--) {
      let bytes: Uint8Array;
      try {
        bytes = await this.#kubo.block.get(id as never, {
          timeout: this.#options.announcementTimeoutMs,
          signal: this.#abort.signal,
        });
      } catch {
        return; // Not to be had now: the gap stays shown.
      }
      const announcementId: string = id;
      id = null;
      await new Promise<void>((resolve) => {
        this.#queue = this.#queue.then(async () => {
          const events = await this.#verifier.push(bytes);
          this.#handle(events);
          const late = events.find((e) => e.type === "accepted" && e.late && e.id === announcementId);
          if (late?.type === "accepted") id = late.announcement.prev;
          resolve();
        });
      });
    }
  }

  #trim(): void {
    // Keep a few windows' worth: enough for playlists, bounded for a stream that runs for days.
    const keep = this.#options.window * 4;
    if (this.#entries.size <= keep) return;
    const seqs = [...this.#entries.keys()].sort((a, b) => a - b);
    for (const seq of seqs.slice(0, seqs.length - keep)) this.#entries.delete(seq);
  }

  #wake(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /** Resolves at the next change (an accepted segment, a gap, a break), or after `timeoutMs`. */
  changed(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.add(done);
    });
  }

  get state(): LiveRelayState {
    if (this.#ended) return "ended";
    if (now() - this.#lastAnnouncementAt > LIVE_SILENCE_ENDED_SECONDS * 1000) return "silent";
    return this.#lastTime === null ? "waiting" : "live";
  }

  #ordered(): Entry[] {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }

  status(): LiveRelayStatus {
    const entries = this.#ordered();
    return {
      id: this.info.id,
      state: this.state,
      first: entries[0]?.seq ?? null,
      last: entries.at(-1)?.seq ?? null,
      segments: entries.filter((e) => e.kind === "segment").length,
      gaps: entries.filter((e) => e.kind === "gap").length,
      lastTime: this.#lastTime,
      renditions: this.#renditions,
      rejected: { ...this.#rejected },
      fetched: this.#fetched,
      fetchFailed: this.#fetchFailed,
      error: this.#error,
    };
  }

  get renditions(): LiveRendition[] {
    return this.#renditions;
  }

  /** The master playlist, or null before the first segment (the ladder is not known yet). */
  masterPlaylist(): string | null {
    if (this.#renditions.length === 0) return null;
    const lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-INDEPENDENT-SEGMENTS"];
    for (const r of this.#renditions) {
      const codecs = r.codecs ? `,CODECS="${r.codecs}"` : "";
      lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height}${codecs}`);
      lines.push(`${encodeURIComponent(r.name)}.m3u8`);
    }
    return `${lines.join("\n")}\n`;
  }

  /** One rendition's live media playlist, or null when the stream has no rendition of that name. */
  mediaPlaylist(name: string): string | null {
    if (!this.#renditions.some((r) => r.name === name)) return null;
    return renderMediaPlaylist(this.#ordered(), name, {
      window: this.#options.window,
      ended: this.#ended,
      gatewayUrl: this.#options.gatewayUrl,
    });
  }

  /** Room peers this node knows of: other nodes subscribed to the stream's room (viewers' nodes, the streamer's). */
  async roomPeers(): Promise<number | null> {
    try {
      return (await this.#kubo.pubsub.peers(this.info.room, { timeout: 3000 })).length;
    } catch {
      return null;
    }
  }

  async stop(): Promise<void> {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#abort.abort();
    this.#wake();
    await this.ready.catch(() => undefined);
    // The abort closes this subscription's request; the node drops the topic when its last subscriber goes.
  }
}

/**
 * Renders a live media playlist for one rendition from the entries held (sorted by sequence). Exported for unit tests.
 * A gap — a sequence the verifier reported missing and the node could not fetch, or a rendition an announcement
 * lacks — is an `#EXT-X-GAP` entry of the nominal segment length (players skip it; the timeline keeps its place).
 */
export function renderMediaPlaylist(
  entries: Entry[],
  name: string,
  options: { window: number; ended: boolean; gatewayUrl: string },
): string {
  const shown = entries.slice(-options.window);
  const before = entries.slice(0, entries.length - shown.length);
  // Discontinuities that slid out of the window still count (RFC 8216 §4.3.3.3).
  const discontinuitySequence = before.filter((e) => e.kind === "segment" && e.discontinuity).length;
  const durations = shown.flatMap((e) => (e.kind === "segment" ? [e.segments.get(name)?.duration ?? 0] : []));
  const target = Math.max(LIVE_SEGMENT_SECONDS, ...durations.map((d) => Math.round(d)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:6",
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${shown[0]?.seq ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySequence}`,
    "#EXT-X-INDEPENDENT-SEGMENTS",
  ];
  let previous: number | undefined;
  for (const entry of shown) {
    // A hole in the sequence the relay holds nothing for (trimmed or never seen) is shown as gaps too.
    if (previous !== undefined) for (let seq = previous + 1; seq < entry.seq; seq++) lines.push(...gapLines(seq));
    previous = entry.seq;
    const segment = entry.kind === "segment" ? entry.segments.get(name) : undefined;
    if (entry.kind === "segment" && entry.discontinuity) lines.push("#EXT-X-DISCONTINUITY");
    if (!segment) {
      lines.push(...gapLines(entry.seq));
      continue;
    }
    if (entry.kind === "segment") lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(entry.time).toISOString()}`);
    lines.push(`#EXTINF:${segment.duration.toFixed(3)},`, `${options.gatewayUrl}/ipfs/${segment.cid}`);
  }
  if (options.ended) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}

function gapLines(seq: number): string[] {
  return ["#EXT-X-GAP", `#EXTINF:${LIVE_SEGMENT_SECONDS.toFixed(3)},`, `gap-${seq}.ts`];
}

/** The streams relayed by one server process. */
export class LiveRelay {
  readonly #kubo: KuboRPCClient;
  readonly #options: Required<LiveRelayOptions>;
  readonly #streams = new Map<string, RelayedStream>();
  readonly #sweep: ReturnType<typeof setInterval>;

  constructor(options: LiveRelayOptions) {
    this.#options = {
      idleMs: 60_000,
      window: 12,
      reorderWindow: 2,
      flushAfterMs: LIVE_SEGMENT_SECONDS * 2500,
      segmentTimeoutMs: 20_000,
      announcementTimeoutMs: 3000,
      ...options,
      gatewayUrl: options.gatewayUrl.replace(/\/+$/, ""),
    };
    this.#kubo = create({ url: options.kuboRpcUrl });
    this.#sweep = setInterval(() => this.#dropIdle(), Math.max(1000, this.#options.idleMs / 4));
    this.#sweep.unref?.();
  }

  get options(): Readonly<Required<LiveRelayOptions>> {
    return this.#options;
  }

  /** The stream if this process relays it already (counts as a read). */
  get(id: string): RelayedStream | undefined {
    const stream = this.#streams.get(id);
    if (!stream || stream.broken) return undefined;
    stream.lastRead = now();
    return stream;
  }

  /** The stream, subscribing to its room if this process does not relay it yet. */
  async open(info: LiveStreamInfo): Promise<RelayedStream> {
    const existing = this.#streams.get(info.id);
    if (existing && !existing.broken && existing.info.room === info.room) {
      existing.lastRead = now();
      await existing.ready;
      return existing;
    }
    if (existing) await existing.stop();
    const stream = new RelayedStream(info, this.#kubo, this.#options);
    this.#streams.set(info.id, stream);
    try {
      await stream.ready;
    } catch (error) {
      this.#streams.delete(info.id);
      await stream.stop();
      throw error;
    }
    return stream;
  }

  /** Ids of the streams relayed now. */
  ids(): string[] {
    return [...this.#streams.keys()];
  }

  #dropIdle(): void {
    const cutoff = now() - this.#options.idleMs;
    for (const [id, stream] of this.#streams)
      if (stream.lastRead < cutoff || stream.broken) {
        this.#streams.delete(id);
        void stream.stop();
      }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    const streams = [...this.#streams.values()];
    this.#streams.clear();
    await Promise.all(streams.map((s) => s.stop()));
  }
}

const globalKey = Symbol.for("chorus.liveRelay");
type GlobalWithRelay = typeof globalThis & { [globalKey]?: { key: string; relay: LiveRelay } };

/**
 * The process's relay (one per server process, on globalThis so that route handlers bundled separately, or reloaded
 * in development, share the subscriptions). A change of node or gateway makes a new one.
 */
export function liveRelay(options: LiveRelayOptions): LiveRelay {
  const g = globalThis as GlobalWithRelay;
  const key = `${options.kuboRpcUrl} ${options.gatewayUrl}`;
  const held = g[globalKey];
  if (held && held.key === key) return held.relay;
  if (held) void held.relay.close();
  const relay = new LiveRelay(options);
  g[globalKey] = { key, relay };
  return relay;
}
