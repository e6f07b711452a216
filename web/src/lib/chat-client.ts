import {
  CHAT_DELEGATION_MS,
  type ChatDelegation,
  type ChatDropReason,
  type ChatLine,
  type ChatMessageBody,
  delegationText,
  keyFingerprint,
  signChatMessage,
} from "@chorus/protocol";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { ChatFeedEvent, ChatPin } from "./chat-feed";
import { shortAddress } from "./format";

/**
 * The browser side of live chat: the reader's view of the feed (a pure reducer over the server's events), the keys a
 * writer signs with, and sending. Keys live in localStorage: an anonymous chat key per browser, and per wallet a
 * separate chat key that the wallet delegates per room (separate, so anonymous lines cannot be linked to the wallet).
 */

/** Lines a reader keeps on screen. */
const MAX_LINES = 300;

export interface ChatView {
  lines: ChatLine[];
  pinned: ChatPin | null;
  /** Muted speaker (checksummed, lowercased key) → until when (Unix ms). */
  mutes: Record<string, number>;
  drops: Record<ChatDropReason, number> | null;
}

export const EMPTY_CHAT: ChatView = { lines: [], pinned: null, mutes: {}, drops: null };

export function reduceChat(view: ChatView, event: ChatFeedEvent): ChatView {
  switch (event.type) {
    case "state": {
      // A reconnect sends the scroll-back again: keep what we had, add what we missed, in time order.
      const known = new Set(view.lines.map((l) => l.id));
      const lines = [...view.lines, ...event.lines.filter((l) => !known.has(l.id))].sort((a, b) => a.time - b.time);
      return {
        lines: lines.slice(-MAX_LINES),
        pinned: event.pinned,
        mutes: Object.fromEntries(event.mutes.map((m) => [m.target.toLowerCase(), m.until])),
        drops: event.drops,
      };
    }
    case "message":
      if (view.lines.some((l) => l.id === event.line.id)) return view;
      return { ...view, lines: [...view.lines, event.line].slice(-MAX_LINES) };
    case "pin":
      return { ...view, pinned: event.pinned };
    case "mute":
      return { ...view, mutes: { ...view.mutes, [event.target.toLowerCase()]: event.until } };
    case "drops":
      return { ...view, drops: event.drops };
  }
}

export function isMuted(view: ChatView, speaker: string, now = Date.now()): boolean {
  return (view.mutes[speaker.toLowerCase()] ?? 0) > now;
}

/** How a line's speaker is shown: a handle, the wallet's short address, or "anonymous · fingerprint". */
export function speakerName(line: Pick<ChatLine, "wallet" | "key">, handle?: string | null): string {
  if (line.wallet) return handle ? `@${handle}` : shortAddress(line.wallet);
  return `anonymous · ${keyFingerprint(line.key)}`;
}

/** UTF-8 bytes of a draft (the limit counts bytes, as the verifier does). */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

const ANON_KEY = "chorus.chat.key";
const walletKeyName = (wallet: string) => `chorus.chat.walletKey.${wallet.toLowerCase()}`;
const delegationName = (wallet: string, room: string) => `chorus.chat.delegation.${wallet.toLowerCase()}.${room}`;

function storedKey(name: string): Hex {
  const existing = localStorage.getItem(name);
  if (existing && /^0x[0-9a-f]{64}$/i.test(existing)) return existing as Hex;
  const key = generatePrivateKey();
  localStorage.setItem(name, key);
  return key;
}

/** This browser's anonymous chat key (made on first use). */
export function anonymousKey(): Hex {
  return storedKey(ANON_KEY);
}

/** A delegation this browser holds for the wallet in this room, still valid for a minute at least. */
export function storedDelegation(wallet: string, room: string): { key: Hex; delegation: ChatDelegation } | null {
  try {
    const raw = localStorage.getItem(delegationName(wallet, room));
    if (!raw) return null;
    const delegation = JSON.parse(raw) as ChatDelegation;
    if (delegation.until < Date.now() + 60_000) return null;
    const key = storedKey(walletKeyName(wallet));
    if (privateKeyToAccount(key).address.toLowerCase() !== delegation.key.toLowerCase()) return null;
    return { key, delegation };
  } catch {
    return null;
  }
}

/** Asks the wallet to sign once that this browser's wallet chat key may speak for it in the room for a day. */
export async function delegate(
  wallet: `0x${string}`,
  room: string,
  signWithWallet: (message: string) => Promise<Hex>,
): Promise<{ key: Hex; delegation: ChatDelegation }> {
  const key = storedKey(walletKeyName(wallet));
  const unsigned = { wallet, key: privateKeyToAccount(key).address, room, until: Date.now() + CHAT_DELEGATION_MS };
  const delegation = { ...unsigned, sig: await signWithWallet(delegationText(unsigned)) };
  localStorage.setItem(delegationName(wallet, room), JSON.stringify(delegation));
  return { key, delegation };
}

let sequence = 0;

/** Signs `body` with the chat key and hands it to this server's chat route; resolves, or throws the server's sentence. */
export async function sendChat(
  streamId: string,
  room: string,
  identity: { key: Hex; delegation?: ChatDelegation },
  body: string,
): Promise<void> {
  const account = privateKeyToAccount(identity.key);
  const time = Date.now();
  const message: ChatMessageBody = {
    kind: "msg",
    room,
    from: account.address,
    // Unique per browser and millisecond: two equal lines never share an id.
    n: time * 1000 + (sequence++ % 1000),
    time,
    body,
    ...(identity.delegation ? { delegation: identity.delegation } : {}),
  };
  await postSigned(streamId, await signChatMessage(account, message));
}

/** Posts signed bytes (a line, or the streamer's pin or mute) to this server's chat route. */
async function postSigned(streamId: string, bytes: Uint8Array | string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/live/${streamId}/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes),
    });
  } catch {
    throw new Error("Your message could not reach this site's server. Check your connection and send again.");
  }
  if (response.ok) return;
  const answer = (await response.json().catch(() => null)) as { error?: string } | null;
  throw new Error(answer?.error ?? `The server answered ${response.status}. Try again in a moment.`);
}

/**
 * The streamer's moderation: the worker that holds the stream key signs the pin or mute (`POST /live/:id/moderation`),
 * and it reaches the room through this server like any message.
 */
export async function moderate(
  workerUrl: string,
  sessionId: string,
  streamId: string,
  request: { kind: "pin"; target: string | null } | { kind: "mute"; target: string; until: number },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${workerUrl}/live/${sessionId}/moderation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch {
    throw new Error("The video worker that holds your stream key can't be reached. Check that it is running.");
  }
  const answer = (await response.json().catch(() => null)) as { message?: string; error?: { message?: string } } | null;
  if (!response.ok || !answer?.message)
    throw new Error(answer?.error?.message ?? `The video worker answered ${response.status}. Try again.`);
  await postSigned(streamId, answer.message);
}

/** The worker's live session holding this stream's key, if this browser's worker has it: then this is the streamer. */
export async function findStreamerSession(
  workerUrl: string,
  streamKey: string,
  signal: AbortSignal,
): Promise<string | null> {
  try {
    const response = await fetch(`${workerUrl}/live`, { signal, cache: "no-store" });
    if (!response.ok) return null;
    const { sessions } = (await response.json()) as { sessions?: { id: string; streamKey: string }[] };
    return sessions?.find((s) => s.streamKey.toLowerCase() === streamKey.toLowerCase())?.id ?? null;
  } catch {
    return null;
  }
}
