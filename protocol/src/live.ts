import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";
import { type Address, type Hex, getAddress, isAddress, recoverMessageAddress, sha256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";

/**
 * Live streams: the signed, chained announcements a streamer's worker publishes in the stream's pubsub room, one per
 * segment, and the verifier a viewer runs over them.
 *
 * A stream is announced on chain with its room (a pubsub topic) and its stream key: the address of a secp256k1 key
 * made for this stream alone, so the creator's wallet signs once (the on-chain announcement) and the worker signs every
 * segment. An announcement is an EIP-191 personal message signed by that key (viem `signMessage`) over the canonical
 * bytes of its body (`canonicalJson`: sorted keys, no whitespace).
 *
 * **Chaining.** Each announcement names the previous one by its id: the CIDv1 (raw codec, sha2-256) of the previous
 * announcement's canonical bytes, signature included. That is the cheapest thing a viewer can verify — one sha-256 of
 * the bytes it received, no IPFS round trip and no dag-json encoder — and, being a CID, it is also fetchable: the
 * worker stores each announcement as a raw block (`block/put`), so a viewer that missed one fetches it by the `prev`
 * of the next and feeds it to the verifier (`late` acceptance). A keccak over the bytes would verify as cheaply but
 * name nothing a node can fetch; a dag-json node would be fetchable but needs an encoder to check.
 *
 * The wire format is the canonical bytes themselves (UTF-8 JSON); anything else is refused, so an announcement's id
 * is the hash of exactly what was received.
 */
export const LIVE_SCHEMA = "chorus.live/1";

/**
 * Segment length the worker aims at, seconds. One second, not the VOD's two: the issue's goal is ≤ 3 s glass to player
 * at the median, and a player holds at least one segment plus the one being made (2 s segments with hls.js tuned
 * read 5.1 s here); an announcement a second is ~500 bytes of gossip, nothing for pubsub.
 */
export const LIVE_SEGMENT_SECONDS = 1;
/** How long the worker waits for an encoder (OBS) to reconnect before it ends the stream; the sequence continues. */
export const LIVE_RECONNECT_GRACE_SECONDS = 30;
/**
 * A stream with no announcement for this long counts as ended for readers (viewers, the indexer), even without an
 * `end` announcement (the worker crashed, the machine went away). Longer than the reconnect grace, during which a live
 * stream is silent.
 */
export const LIVE_SILENCE_ENDED_SECONDS = 60;
/** Largest announcement accepted, bytes (a five-rung announcement is ~1.2 KB). */
export const MAX_ANNOUNCEMENT_BYTES = 4096;
/** Announcements a verifier holds back waiting for a missing one before it reports the gap. */
export const DEFAULT_REORDER_WINDOW = 4;

const cidString = z.string().refine(
  (value) => {
    try {
      CID.parse(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a CID string" },
);

const address = z.string().refine((value) => isAddress(value, { strict: false }), { message: "must be a 0x address" });

/** One rendition's segment for this sequence number. Aligned renditions share the duration. */
export const liveRenditionSchema = z
  .object({
    /** Quality name, as the VOD ladder names rungs ("720p"). */
    name: z.string().min(1).max(16),
    width: z.number().int().positive().max(8192),
    height: z.number().int().positive().max(8192),
    /** Nominal peak bitrate, bits per second (for the master playlist). */
    bandwidth: z.number().int().positive(),
    /** RFC 6381 codecs, e.g. "avc1.64001f,mp4a.40.2". */
    codecs: z.string().max(64).optional(),
    /** The segment file (MPEG-TS), a raw-leaves UnixFS file. */
    cid: cidString,
    duration: z.number().positive().max(60),
  })
  .strict();
export type LiveRendition = z.output<typeof liveRenditionSchema>;

const bodyShape = {
  schema: z.literal(LIVE_SCHEMA),
  /** The stream key's address, as recorded on chain. */
  stream: address,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** Id (`announcementId`) of announcement seq − 1; null for seq 0. */
  prev: cidString.nullable(),
  /** When the segment was complete, Unix milliseconds (the publisher's clock: informative, not trusted for order). */
  time: z.number().int().nonnegative(),
  /** Lowest rung first. Empty only on an `end` announcement that carries no segment. */
  renditions: z.array(liveRenditionSchema).max(8),
  /** The encoder reconnected (or the node restarted) before this segment: timestamps restart, players need EXT-X-DISCONTINUITY. */
  discontinuity: z.boolean().optional(),
  /** The last announcement of the stream. */
  end: z.boolean().optional(),
};

export const liveAnnouncementBodySchema = z
  .object(bodyShape)
  .strict()
  .superRefine((body, ctx) => {
    if ((body.seq === 0) !== (body.prev === null))
      ctx.addIssue({ code: "custom", path: ["prev"], message: "prev must be null exactly for seq 0" });
    if (body.renditions.length === 0 && !body.end)
      ctx.addIssue({ code: "custom", path: ["renditions"], message: "only an end announcement may carry no segment" });
    const names = new Set(body.renditions.map((r) => r.name));
    if (names.size !== body.renditions.length)
      ctx.addIssue({ code: "custom", path: ["renditions"], message: "rendition names repeat" });
  });
export type LiveAnnouncementBody = z.output<typeof liveAnnouncementBodySchema>;

export const liveAnnouncementSchema = z
  .object({
    ...bodyShape,
    /** EIP-191 signature of `canonicalJson(body)` by the stream key. */
    sig: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte hex signature"),
  })
  .strict()
  .superRefine((value, ctx) => {
    const { sig: _sig, ...body } = value;
    const parsed = liveAnnouncementBodySchema.safeParse(body);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
export type LiveAnnouncement = z.output<typeof liveAnnouncementSchema>;

/** Deterministic JSON: object keys sorted by code unit, no whitespace, `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonicalJson: numbers must be finite");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
}

const encoder = new TextEncoder();
const RAW_CODEC = 0x55;
const SHA2_256 = 0x12;

/** The bytes published in the room (and stored as a raw block): the canonical JSON of the signed announcement. */
export function encodeAnnouncement(announcement: LiveAnnouncement): Uint8Array {
  return encoder.encode(canonicalJson(announcement));
}

/** An announcement's id: CIDv1 raw sha2-256 of its bytes, so `block/get <id>` on any node that has it returns them. */
export function announcementId(bytes: Uint8Array): string {
  return CID.createV1(RAW_CODEC, createDigest(SHA2_256, sha256(bytes, "bytes"))).toString();
}

/** A fresh stream key; its address goes on chain, the private key stays with the worker. */
export function streamKeyAddress(privateKey: Hex): Address {
  return privateKeyToAccount(privateKey).address;
}

/** Signs a body with the stream key. The body's `stream` must be that key's address. */
export async function signAnnouncement(privateKey: Hex, body: LiveAnnouncementBody): Promise<LiveAnnouncement> {
  const account = privateKeyToAccount(privateKey);
  const checked = liveAnnouncementBodySchema.parse(body);
  if (getAddress(checked.stream) !== account.address)
    throw new Error(`signAnnouncement: body.stream is ${checked.stream}, but the key is ${account.address}`);
  const sig = await account.signMessage({ message: canonicalJson(checked) });
  return { ...checked, sig };
}

export type RejectReason =
  /** Larger than MAX_ANNOUNCEMENT_BYTES. */
  | "oversize"
  /** Not JSON, not the schema, or not in canonical form. */
  | "malformed"
  /** Names another stream key. */
  | "wrong-key"
  /** Claims this stream but is not signed by its key (a spoof, or damaged). */
  | "bad-signature"
  /** The very announcement already accepted, again. */
  | "replay"
  /** A different announcement for a sequence already taken, or one whose `prev` breaks the chain. */
  | "fork"
  /** After the stream's `end`, or before where this viewer joined. */
  | "out-of-range";

export type VerifierEvent =
  | {
      type: "accepted";
      announcement: LiveAnnouncement;
      id: string;
      bytes: Uint8Array;
      /** Fills a gap reported earlier (the caller fetched it by `prev`, or it arrived late). */
      late?: true;
    }
  | {
      /**
       * Sequences `from`..`to` (inclusive) are missing. Accepting goes on after them; an announcement that fills them
       * later (fetch `lastId` with `block/get`, then its own `prev`, …) is accepted as `late`.
       */
      type: "gap";
      from: number;
      to: number;
      /** Id of announcement `to`, from the `prev` of the one after it. */
      lastId: string;
    }
  | { type: "rejected"; reason: RejectReason; message: string; seq?: number };

export interface VerifierOptions {
  /** The stream key's address, from the chain (never from the announcements). */
  streamKey: string;
  /**
   * The first sequence this viewer wants. Unset: the first correctly signed announcement received sets it (a viewer
   * joining a stream under way); 0 makes the whole stream required, so missing early ones are reported as a gap.
   */
  startAt?: number;
  /** Announcements held back while one is missing before the gap is reported (default DEFAULT_REORDER_WINDOW). */
  window?: number;
}

/**
 * Checks announcements for one stream and releases them in sequence order. Feed it every message of the room
 * (`push`); it returns what happened, in order. Nothing is skipped silently: a missing sequence comes out as a `gap`
 * once `window` later announcements are waiting (or when the caller calls `flush()`, e.g. after a few segment
 * lengths of silence).
 */
export class AnnouncementVerifier {
  readonly streamKey: Address;
  readonly #window: number;
  #next: number | undefined;
  #ended: number | undefined;
  /** Accepted ids by seq. */
  readonly #accepted = new Map<number, string>();
  /** Verified announcements waiting for an earlier one. */
  readonly #pending = new Map<number, { announcement: LiveAnnouncement; id: string; bytes: Uint8Array }>();
  /** Sequences reported missing, with the id the chain says they have (when known). */
  readonly #missing = new Map<number, string | undefined>();
  #first: number | undefined;

  constructor(options: VerifierOptions) {
    if (!isAddress(options.streamKey, { strict: false }))
      throw new Error(`AnnouncementVerifier: streamKey must be an address, got "${options.streamKey}"`);
    this.streamKey = getAddress(options.streamKey);
    this.#window = Math.max(1, options.window ?? DEFAULT_REORDER_WINDOW);
    this.#next = options.startAt;
    this.#first = options.startAt;
  }

  /** The next sequence expected in order (undefined until the first is known). */
  get next(): number | undefined {
    return this.#next;
  }

  /** Whether the `end` announcement has been accepted. */
  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Sequences reported missing and not filled since. */
  get missing(): number[] {
    return [...this.#missing.keys()].sort((a, b) => a - b);
  }

  async push(data: Uint8Array | string): Promise<VerifierEvent[]> {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    const checked = await this.#check(bytes);
    if ("type" in checked) return [checked];
    const { announcement, id } = checked;
    const seq = announcement.seq;
    const reject = (reason: RejectReason, message: string): VerifierEvent[] => [
      { type: "rejected", reason, message, seq },
    ];

    const acceptedId = this.#accepted.get(seq);
    if (acceptedId !== undefined)
      return acceptedId === id
        ? reject("replay", `announcement ${seq} was already accepted`)
        : reject("fork", `a different announcement ${seq} was already accepted (${acceptedId})`);
    if (this.#ended !== undefined && seq > this.#ended)
      return reject("out-of-range", `the stream ended at ${this.#ended}`);
    const held = this.#pending.get(seq);
    if (held)
      return held.id === id
        ? reject("replay", `announcement ${seq} is already waiting`)
        : reject("fork", `a different announcement ${seq} is already waiting (${held.id})`);

    if (this.#missing.has(seq)) return this.#fillLate(seq, checked);
    if (this.#next === undefined) {
      this.#next = seq;
      this.#first = seq;
    }
    if (this.#first !== undefined && seq < this.#first)
      return reject("out-of-range", `this viewer started at ${this.#first}`);
    if (seq < this.#next) return reject("fork", `announcement ${seq} was passed over without being reported missing`);

    this.#pending.set(seq, checked);
    return this.#drain(false);
  }

  /** Reports whatever is missing before the announcements held back, and releases them (e.g. after a silence). */
  flush(): VerifierEvent[] {
    return this.#drain(true);
  }

  async #check(
    bytes: Uint8Array,
  ): Promise<
    { announcement: LiveAnnouncement; id: string; bytes: Uint8Array } | Extract<VerifierEvent, { type: "rejected" }>
  > {
    if (bytes.length > MAX_ANNOUNCEMENT_BYTES)
      return {
        type: "rejected",
        reason: "oversize",
        message: `${bytes.length} bytes, over the ${MAX_ANNOUNCEMENT_BYTES}-byte limit`,
      };
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      return { type: "rejected", reason: "malformed", message: "not UTF-8 JSON" };
    }
    const parsed = liveAnnouncementSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        type: "rejected",
        reason: "malformed",
        message: `${issue?.path.join(".") || "announcement"}: ${issue?.message ?? "invalid"}`,
      };
    }
    const announcement = parsed.data;
    const seq = announcement.seq;
    if (canonicalJson(announcement) !== new TextDecoder().decode(bytes))
      return {
        type: "rejected",
        reason: "malformed",
        message: "not in canonical form (sorted keys, no whitespace)",
        seq,
      };
    if (getAddress(announcement.stream) !== this.streamKey)
      return {
        type: "rejected",
        reason: "wrong-key",
        message: `names stream key ${announcement.stream}, not ${this.streamKey}`,
        seq,
      };
    const { sig, ...body } = announcement;
    let signer: Address;
    try {
      signer = await recoverMessageAddress({ message: canonicalJson(body), signature: sig as Hex });
    } catch {
      return { type: "rejected", reason: "bad-signature", message: "the signature does not decode", seq };
    }
    if (signer !== this.streamKey)
      return {
        type: "rejected",
        reason: "bad-signature",
        message: `signed by ${signer}, not the stream key ${this.streamKey}`,
        seq,
      };
    return { announcement, id: announcementId(bytes), bytes };
  }

  #fillLate(seq: number, checked: { announcement: LiveAnnouncement; id: string; bytes: Uint8Array }): VerifierEvent[] {
    const expected = this.#missing.get(seq);
    if (expected !== undefined && expected !== checked.id)
      return [
        { type: "rejected", reason: "fork", message: `the chain names ${expected} for ${seq}, not ${checked.id}`, seq },
      ];
    const before = this.#accepted.get(seq - 1);
    if (before !== undefined && checked.announcement.prev !== before)
      return [
        {
          type: "rejected",
          reason: "fork",
          message: `prev ${checked.announcement.prev} is not announcement ${seq - 1} (${before})`,
          seq,
        },
      ];
    this.#missing.delete(seq);
    this.#accepted.set(seq, checked.id);
    // Its own prev now names the one before it, if that is missing too: the caller can walk back.
    if (this.#missing.has(seq - 1) && this.#missing.get(seq - 1) === undefined && checked.announcement.prev)
      this.#missing.set(seq - 1, checked.announcement.prev);
    return [{ type: "accepted", ...checked, late: true }];
  }

  #drain(force: boolean): VerifierEvent[] {
    const events: VerifierEvent[] = [];
    for (;;) {
      if (this.#next === undefined || this.#ended !== undefined) break;
      const ready = this.#pending.get(this.#next);
      if (ready) {
        this.#pending.delete(this.#next);
        const { announcement, id } = ready;
        const before = this.#accepted.get(announcement.seq - 1);
        // Chained to the previous one: accepted before it in order, or reported missing (then the chain names it).
        if (announcement.seq > 0 && before !== undefined && announcement.prev !== before) {
          events.push({
            type: "rejected",
            reason: "fork",
            message: `prev ${announcement.prev} is not announcement ${announcement.seq - 1} (${before})`,
            seq: announcement.seq,
          });
          continue;
        }
        if (this.#missing.has(announcement.seq - 1) && announcement.prev)
          this.#missing.set(announcement.seq - 1, announcement.prev);
        this.#accepted.set(announcement.seq, id);
        this.#next = announcement.seq + 1;
        if (announcement.end) this.#ended = announcement.seq;
        events.push({ type: "accepted", ...ready });
        continue;
      }
      if (this.#pending.size === 0 || (!force && this.#pending.size < this.#window)) break;
      const after = Math.min(...this.#pending.keys());
      const nextAnnouncement = this.#pending.get(after)?.announcement;
      const lastId = nextAnnouncement?.prev ?? "";
      for (let seq = this.#next; seq < after; seq++) this.#missing.set(seq, seq === after - 1 ? lastId : undefined);
      events.push({ type: "gap", from: this.#next, to: after - 1, lastId });
      this.#next = after;
    }
    if (this.#ended !== undefined) {
      for (const [seq] of this.#pending)
        events.push({ type: "rejected", reason: "out-of-range", message: `the stream ended at ${this.#ended}`, seq });
      this.#pending.clear();
    }
    return events;
  }
}

/** Runs a verifier over a stream of messages (e.g. a pubsub subscription) and yields its events in order. */
export async function* verifyAnnouncements(
  options: VerifierOptions,
  messages: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<VerifierEvent> {
  const verifier = new AnnouncementVerifier(options);
  for await (const message of messages) {
    yield* await verifier.push(message);
    if (verifier.ended) return;
  }
  yield* verifier.flush();
}

/** The worker's live API (`POST /live`, `GET /live/:id`, `POST /live/:id/end`): one live session. */
export const LIVE_SESSION_STATUSES = ["waiting", "live", "reconnecting", "ended"] as const;
export const liveSessionSchema = z.object({
  id: z.string(),
  /**
   * waiting: no encoder yet; live: an encoder is publishing; reconnecting: the encoder dropped and has
   * LIVE_RECONNECT_GRACE_SECONDS to come back (the sequence continues); ended: the end announcement is out.
   */
  status: z.enum(LIVE_SESSION_STATUSES),
  createdAt: z.string(),
  /** Pubsub topic the announcements go to (to record on chain). */
  room: z.string(),
  /** Address of the key that signs the announcements (to record on chain). */
  streamKey: z.string(),
  /** For OBS: Settings → Stream → Server, and the secret Stream Key. */
  rtmpUrl: z.string(),
  obsStreamKey: z.string(),
  segmentSeconds: z.number(),
  /** The live ladder, lowest first, once the encoder's picture size is known. */
  renditions: z.array(z.object({ name: z.string(), width: z.number(), height: z.number(), bandwidth: z.number() })),
  /** Announcements published so far (the next sequence number). */
  announced: z.number().int().nonnegative(),
  /** The latest announcement: its sequence, id and time. */
  last: z.object({ seq: z.number(), id: z.string(), time: z.number() }).nullable(),
  /** Encoder connections so far (reconnects included). */
  connections: z.number().int().nonnegative(),
  endedAt: z.string().optional(),
  /** Why the stream ended or what goes wrong (IPFS unreachable, ffmpeg failed), in words for the streamer. */
  error: z.string().optional(),
  /**
   * The video the stream became, once the worker has assembled it after the end: a video directory (manifest.json in
   * the uploaded layout, pinned) for `Videos.publish` and `Streams.setVod`, and its duration in seconds.
   */
  vod: z.object({ manifestCid: z.string(), duration: z.number() }).optional(),
  /** Why no VOD could be assembled (e.g. the stream had no segments), in words for the streamer. */
  vodError: z.string().optional(),
  /**
   * The recording's life on the worker's node (ffmpeg-worker/README.md, "Retention"): an ended stream's recording is
   * discarded at `expiresAt` unless the creator keeps it (`keptAt`: published from the Go live page, or `POST
   * /live/:id/keep`); `discardedAt` once its pin and files are gone.
   */
  expiresAt: z.string().optional(),
  keptAt: z.string().optional(),
  discardedAt: z.string().optional(),
});
/** `POST /live` may name the stream: the title its VOD's manifest carries. */
export const liveCreateRequestSchema = z.object({ title: z.string().trim().min(1).max(200).optional() });
export type LiveSession = z.output<typeof liveSessionSchema>;
export const liveSessionResponseSchema = z.object({ session: liveSessionSchema });
export const liveSessionListResponseSchema = z.object({ sessions: z.array(liveSessionSchema) });
