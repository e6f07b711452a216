import { type Address, type Hex, getAddress, isAddress, recoverMessageAddress } from "viem";
import { z } from "zod";
import { announcementId, canonicalJson } from "./live.ts";

/**
 * Live chat (`chorus.chat/1`): signed messages in a stream's chat topic (`chatTopic(room)`, the sibling of the room the
 * announcements use), and the verifier every receiving server runs over them.
 *
 * A message is signed by its **chat key**: a secp256k1 key the browser makes (anonymous; kept in localStorage) or one a
 * wallet delegated to once ("key K may speak for wallet W in room R until T", a readable EIP-191 message the wallet
 * signs; the delegation travels inside every message, so the wallet signs once, not per message). The streamer's
 * moderation — pin a message, mute a speaker — is signed by the **stream key** recorded on chain, so every server applies
 * it without trusting anyone's server. Like announcements, the wire format is the canonical JSON of the signed message
 * (sorted keys, no whitespace) and a message's id is the CIDv1 (raw, sha2-256) of those bytes.
 *
 * **Drops.** A message is dropped, and counted by reason, when it is larger than `MAX_CHAT_MESSAGE_BYTES` or its text
 * longer than `MAX_CHAT_BODY_BYTES` (oversize), not the schema or not canonical (malformed), not signed by its key, with
 * a delegation the wallet did not sign, or moderation not signed by the stream key (spoofed), already seen, signed for
 * another room or older than `CHAT_REPLAY_WINDOW_MS` (replayed), or beyond its speaker's token bucket (rate-limited).
 */
export const CHAT_SCHEMA = "chorus.chat/1";

/** Longest text, UTF-8 bytes: Twitch allows 500 characters; bytes keep the wire size bounded for every script. */
export const MAX_CHAT_BODY_BYTES = 500;
/** Largest message on the wire: a 500-byte body plus a delegation and two signatures is ~1.1 KB. */
export const MAX_CHAT_MESSAGE_BYTES = 2048;
/**
 * Messages older than this (by their own timestamp, against the receiver's clock) are dropped as replays; within it,
 * a message seen before is recognised by its id. Two minutes covers gossip delay and ordinary clock skew, and bounds
 * the ids a server remembers.
 */
export const CHAT_REPLAY_WINDOW_MS = 120_000;
/** A message dated further ahead than this is refused (a sender's clock that is wrong, or a replay prepared ahead). */
export const CHAT_MAX_FUTURE_MS = 30_000;
/**
 * Per-speaker token bucket: `burst` messages at once, then `perSecond`. One a second is Twitch's pace for an ordinary
 * viewer in a busy chat; a burst of 4 lets a quick reply through and absorbs gossip bunching on receiving servers.
 */
export const CHAT_RATE = { burst: 4, perSecond: 1 } as const;
/** Messages a server keeps and sends to a reader who connects (the scroll-back). */
export const CHAT_HISTORY = 100;
/** How long the web app asks a wallet's delegation to run: a chat key is a browser secret, a leaked one should not speak for long. */
export const CHAT_DELEGATION_MS = 24 * 3600_000;

/** The pubsub topic of a stream's chat: the sibling of its announcement room. */
export function chatTopic(room: string): string {
  return `${room}/chat`;
}

const address = z.string().refine((value) => isAddress(value, { strict: false }), { message: "must be a 0x address" });
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte hex signature");
const time = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A chat line's text: one line, no control characters (newlines, bidi-free is left to rendering), not blank. */
const chatBody = z
  .string()
  .min(1)
  .refine((value) => value.trim().length > 0, { message: "must not be blank" })
  .refine((value) => !/\p{Cc}/u.test(value), { message: "must not contain control characters (newlines, tabs)" });

export const chatDelegationSchema = z
  .object({
    /** The wallet that speaks through the key. */
    wallet: address,
    /** The chat key's address (the message's `from`). */
    key: address,
    room: z.string().min(1).max(200),
    /** Unix milliseconds after which the delegation no longer counts. */
    until: time,
    /** The wallet's EIP-191 signature of `delegationText(...)`. */
    sig: signature,
  })
  .strict();
export type ChatDelegation = z.output<typeof chatDelegationSchema>;

const envelope = {
  schema: z.literal(CHAT_SCHEMA),
  /** The stream's room (not the chat topic): a message signed for one stream cannot be replayed in another. */
  room: z.string().min(1).max(200),
  /** The signing key's address: a chat key, or the stream key for moderation. */
  from: address,
  /** The sender's counter: two messages alike in the same millisecond still differ (and so have distinct ids). */
  n: time,
  /** When it was written, Unix milliseconds (the sender's clock; checked against the replay window). */
  time,
  sig: signature,
};

export const chatTextSchema = z
  .object({ ...envelope, kind: z.literal("msg"), body: chatBody, delegation: chatDelegationSchema.optional() })
  .strict();
/** Streamer: pin a message (by id) on top of everyone's chat, or `null` to unpin. */
export const chatPinSchema = z
  .object({ ...envelope, kind: z.literal("pin"), target: z.string().min(1).max(100).nullable() })
  .strict();
/** Streamer: hide a speaker (a wallet, or an anonymous chat key) until `until` (Unix ms; a past time unmutes). */
export const chatMuteSchema = z.object({ ...envelope, kind: z.literal("mute"), target: address, until: time }).strict();

export const chatMessageSchema = z.discriminatedUnion("kind", [chatTextSchema, chatPinSchema, chatMuteSchema]);
export type ChatMessage = z.output<typeof chatMessageSchema>;
/** What the signer fills in; `schema` and `sig` are added by `signChatMessage`. */
export type ChatMessageBody = DistributiveOmit<ChatMessage, "sig" | "schema">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Something that signs EIP-191 messages: a viem local account (chat key, stream key) or a wallet adapter. */
export interface ChatSigner {
  address: Address;
  signMessage(args: { message: string }): Promise<Hex>;
}

/** What a wallet signs to delegate: readable in the wallet's prompt, and exactly what `ChatVerifier` checks. */
export function delegationText(d: Omit<ChatDelegation, "sig">): string {
  return [
    "Chorus live chat",
    `Let chat key ${getAddress(d.key)} speak for ${getAddress(d.wallet)}`,
    `in room ${d.room}`,
    `until ${new Date(d.until).toISOString()}.`,
  ].join("\n");
}

const encoder = new TextEncoder();
const utf8Length = (value: string) => encoder.encode(value).length;

/** Signs a chat message (text or moderation) and returns the bytes to publish. */
export async function signChatMessage(signer: ChatSigner, body: ChatMessageBody): Promise<Uint8Array> {
  const unsigned = { ...body, schema: CHAT_SCHEMA };
  if (getAddress(unsigned.from) !== getAddress(signer.address))
    throw new Error(`signChatMessage: from is ${unsigned.from}, but the key is ${signer.address}`);
  if (unsigned.kind === "msg" && utf8Length(unsigned.body) > MAX_CHAT_BODY_BYTES)
    throw new Error(`signChatMessage: the text is over ${MAX_CHAT_BODY_BYTES} bytes`);
  const sig = await signer.signMessage({ message: canonicalJson(unsigned) });
  const checked = chatMessageSchema.parse({ ...unsigned, sig });
  return encoder.encode(canonicalJson(checked));
}

/** A message's id: the CIDv1 (raw, sha2-256) of its bytes, as for announcements. */
export function chatMessageId(bytes: Uint8Array): string {
  return announcementId(bytes);
}

/** A short, stable name for a key without a wallet: "anonymous · 3f9a2c". */
export function keyFingerprint(key: string): string {
  return key.slice(2, 8).toLowerCase();
}

export const CHAT_DROP_REASONS = ["spoofed", "malformed", "oversize", "replayed", "rate-limited"] as const;
export type ChatDropReason = (typeof CHAT_DROP_REASONS)[number];

/** An accepted chat line, as servers pass it to readers. */
export const chatLineSchema = z.object({
  id: z.string(),
  /** Who is speaking: the delegating wallet, else the chat key. Mutes and rate limits apply to it. */
  speaker: address,
  /** The chat key that signed it. */
  key: address,
  /** The wallet it speaks for (delegated), or null for an anonymous key. */
  wallet: address.nullable(),
  body: z.string(),
  time: z.number(),
});
export type ChatLine = z.output<typeof chatLineSchema>;

export type ChatEvent =
  | { type: "message"; line: ChatLine }
  | { type: "pin"; id: string | null; time: number }
  | { type: "mute"; target: Address; until: number; time: number }
  | { type: "dropped"; reason: ChatDropReason; detail: string };

export interface ChatVerifierOptions {
  /** The stream's room and stream key, from the chain (never from the messages). */
  room: string;
  streamKey: string;
  /** The receiver's clock (tests move it). */
  now?: () => number;
  rate?: { burst: number; perSecond: number };
}

/**
 * Checks one stream's chat and keeps its moderation state. Feed it every message of the chat topic (`push`); it
 * answers what each one did. Muted speakers' lines are still accepted (a reader may choose to see them): `isMuted`
 * says whether to hide them.
 */
export class ChatVerifier {
  readonly room: string;
  readonly streamKey: Address;
  readonly drops: Record<ChatDropReason, number> = {
    spoofed: 0,
    malformed: 0,
    oversize: 0,
    replayed: 0,
    "rate-limited": 0,
  };
  readonly #now: () => number;
  readonly #rate: { burst: number; perSecond: number };
  /** Ids seen within the replay window, with their message time (pruned as the window moves). */
  readonly #seen = new Map<string, number>();
  readonly #buckets = new Map<Address, { tokens: number; at: number }>();
  /** Delegation signatures already checked (one ecrecover per delegation, not per message). */
  readonly #delegations = new Map<string, Address>();
  #pin: { id: string | null; time: number } = { id: null, time: -1 };
  readonly #mutes = new Map<Address, { until: number; time: number }>();

  constructor(options: ChatVerifierOptions) {
    if (!isAddress(options.streamKey, { strict: false }))
      throw new Error(`ChatVerifier: streamKey must be an address, got "${options.streamKey}"`);
    this.room = options.room;
    this.streamKey = getAddress(options.streamKey);
    this.#now = options.now ?? Date.now;
    this.#rate = options.rate ?? CHAT_RATE;
  }

  /** The pinned message's id, or null. */
  get pinned(): string | null {
    return this.#pin.id;
  }

  /** Speakers muted now, with until when. */
  get mutes(): { target: Address; until: number }[] {
    const now = this.#now();
    return [...this.#mutes].filter(([, m]) => m.until > now).map(([target, m]) => ({ target, until: m.until }));
  }

  isMuted(speaker: string): boolean {
    return (this.#mutes.get(getAddress(speaker))?.until ?? 0) > this.#now();
  }

  async push(data: Uint8Array | string): Promise<ChatEvent> {
    const event = await this.#check(typeof data === "string" ? encoder.encode(data) : data);
    if (event.type === "dropped") this.drops[event.reason]++;
    return event;
  }

  async #check(bytes: Uint8Array): Promise<ChatEvent> {
    const drop = (reason: ChatDropReason, detail: string): ChatEvent => ({ type: "dropped", reason, detail });
    if (bytes.length > MAX_CHAT_MESSAGE_BYTES)
      return drop("oversize", `${bytes.length} bytes, over the ${MAX_CHAT_MESSAGE_BYTES}-byte limit`);
    let text: string;
    let json: unknown;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      json = JSON.parse(text);
    } catch {
      return drop("malformed", "not UTF-8 JSON");
    }
    const rawBody = (json as { kind?: unknown; body?: unknown } | null)?.body;
    if (typeof rawBody === "string" && utf8Length(rawBody) > MAX_CHAT_BODY_BYTES)
      return drop("oversize", `the text is ${utf8Length(rawBody)} bytes, over the ${MAX_CHAT_BODY_BYTES}-byte limit`);
    const parsed = chatMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return drop("malformed", `${issue?.path.join(".") || "message"}: ${issue?.message ?? "invalid"}`);
    }
    const message = parsed.data;
    if (canonicalJson(message) !== text) return drop("malformed", "not in canonical form (sorted keys, no whitespace)");

    const { sig, ...unsigned } = message;
    const from = getAddress(message.from);
    let signer: Address;
    try {
      signer = await recoverMessageAddress({ message: canonicalJson(unsigned), signature: sig as Hex });
    } catch {
      return drop("spoofed", "the signature does not decode");
    }
    if (signer !== from) return drop("spoofed", `signed by ${signer}, not by ${from}`);
    if (message.kind !== "msg" && from !== this.streamKey)
      return drop("spoofed", `a ${message.kind} must be signed by the stream key ${this.streamKey}, not ${from}`);
    let wallet: Address | null = null;
    if (message.kind === "msg" && message.delegation) {
      const checked = await this.#checkDelegation(message.delegation, from, message.time);
      if ("problem" in checked) return drop("spoofed", checked.problem);
      wallet = checked.wallet;
    }

    if (message.room !== this.room) return drop("replayed", `signed for room ${message.room}, not this one`);
    const now = this.#now();
    if (message.time < now - CHAT_REPLAY_WINDOW_MS)
      return drop("replayed", `written ${Math.round((now - message.time) / 1000)} s ago, outside the replay window`);
    if (message.time > now + CHAT_MAX_FUTURE_MS)
      return drop(
        "malformed",
        `dated ${Math.round((message.time - now) / 1000)} s in the future (the sender's clock?)`,
      );
    const id = chatMessageId(bytes);
    this.#prune(now);
    if (this.#seen.has(id)) return drop("replayed", `message ${id} was already seen`);

    const speaker = wallet ?? from;
    // The streamer's moderation is never rate-limited: it is signed by the stream key, which only the worker holds.
    if (from !== this.streamKey && !this.#take(speaker, now))
      return drop("rate-limited", `${speaker} is over ${this.#rate.perSecond} message(s) a second`);
    this.#seen.set(id, message.time);

    if (message.kind === "pin") {
      // The latest decision wins, whatever order gossip delivers them in.
      if (message.time >= this.#pin.time) this.#pin = { id: message.target, time: message.time };
      return { type: "pin", id: this.#pin.id, time: this.#pin.time };
    }
    if (message.kind === "mute") {
      const target = getAddress(message.target);
      const current = this.#mutes.get(target);
      if (!current || message.time >= current.time)
        this.#mutes.set(target, { until: message.until, time: message.time });
      const state = this.#mutes.get(target) ?? { until: message.until, time: message.time };
      return { type: "mute", target, until: state.until, time: state.time };
    }
    return { type: "message", line: { id, speaker, key: from, wallet, body: message.body, time: message.time } };
  }

  async #checkDelegation(
    d: ChatDelegation,
    from: Address,
    at: number,
  ): Promise<{ wallet: Address } | { problem: string }> {
    const problem = (text: string) => ({ problem: text });
    if (getAddress(d.key) !== from) return problem(`the delegation is for key ${d.key}, not ${from}`);
    if (d.room !== this.room) return problem(`the delegation is for room ${d.room}, not this one`);
    if (d.until < at) return problem(`the delegation ran out at ${new Date(d.until).toISOString()}`);
    const wallet = getAddress(d.wallet);
    let signer = this.#delegations.get(d.sig);
    if (!signer) {
      try {
        signer = await recoverMessageAddress({ message: delegationText(d), signature: d.sig as Hex });
      } catch {
        return problem("the delegation's signature does not decode");
      }
      this.#delegations.set(d.sig, signer);
    }
    if (signer !== wallet) return problem(`the delegation is signed by ${signer}, not by the wallet ${wallet}`);
    return { wallet };
  }

  #take(speaker: Address, now: number): boolean {
    const { burst, perSecond } = this.#rate;
    const bucket = this.#buckets.get(speaker) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.#buckets.set(speaker, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #prune(now: number): void {
    // Map iteration follows insertion order, which is close to time order: stop at the first one still in the window.
    for (const [id, at] of this.#seen) {
      if (at >= now - CHAT_REPLAY_WINDOW_MS) {
        if (this.#seen.size < 10_000) break;
        continue;
      }
      this.#seen.delete(id);
    }
    if (this.#buckets.size > 10_000)
      for (const [speaker, bucket] of this.#buckets)
        if (now - bucket.at > (this.#rate.burst / this.#rate.perSecond) * 1000) this.#buckets.delete(speaker);
  }
}
