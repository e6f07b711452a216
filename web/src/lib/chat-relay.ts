import {
  CHAT_HISTORY,
  CHAT_RATE,
  CHAT_REPLAY_WINDOW_MS,
  type ChatDropReason,
  type ChatEvent,
  type ChatLine,
  ChatVerifier,
  MAX_CHAT_BODY_BYTES,
  MAX_CHAT_MESSAGE_BYTES,
  chatMessageId,
  chatTopic,
} from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import type { ChatFeedEvent } from "./chat-feed";

/**
 * Server only. The bridge between a stream's chat topic on this instance's IPFS node and browsers (which never talk to
 * the IPFS RPC API): one relay per stream subscribes to `<room>/chat`, runs every message through its own
 * `ChatVerifier` (never trusting the sending server), keeps the last `CHAT_HISTORY` lines, and fans accepted events out
 * to readers as server-sent events. A browser's message (`post`) goes through the same verifier before it is
 * published, so a bad one is refused with a sentence instead of travelling.
 *
 * Plain module (no Next imports), so node:test drives it against real IPFS nodes (web/test/chat-relay.test.ts).
 */

export interface ChatStream {
  /** The room and stream key recorded on chain (the indexer's `/streams/{id}`). */
  room: string;
  streamKey: string;
}

export interface PostAnswer {
  status: number;
  body: { id: string } | { error: string; reason?: ChatDropReason };
}

type Listener = (event: ChatFeedEvent) => void;

const IDLE_CLOSE_MS = 5 * 60_000;
const RESUBSCRIBE_MS = 2000;
const KEEPALIVE_MS = 15_000;

/** What a reader is told when the relay refuses a message: what happened and what to do. */
function dropSentence(reason: ChatDropReason, detail: string): string {
  switch (reason) {
    case "rate-limited":
      return `Slow down: ${CHAT_RATE.perSecond} message per second (${CHAT_RATE.burst} in a row at most). Wait a moment, then send again.`;
    case "oversize":
      return `Your message is too long: at most ${MAX_CHAT_BODY_BYTES} bytes (emoji and accented letters count more than one). Shorten it and send again.`;
    case "replayed":
      return `This message was already sent, or is more than ${CHAT_REPLAY_WINDOW_MS / 60_000} minutes old (${detail}). Write it again to send it; if it keeps happening, check your computer's clock.`;
    case "spoofed":
      return `The message's signature does not check out (${detail}). Reload the page; if you chat as your wallet, delegate again.`;
    case "malformed":
      return `This is not a valid chat message (${detail}). Reload the page and try again.`;
  }
}

const STATUS: Record<ChatDropReason, number> = {
  malformed: 400,
  oversize: 413,
  spoofed: 403,
  replayed: 409,
  "rate-limited": 429,
};

export class ChatRelay {
  readonly stream: ChatStream;
  readonly topic: string;
  readonly #verifier: ChatVerifier;
  readonly #client: ReturnType<typeof create>;
  readonly #log: (message: string) => void;
  readonly #lines: ChatLine[] = [];
  #pinned: { id: string; line: ChatLine | null } | null = null;
  readonly #listeners = new Set<Listener>();
  /** Ids this relay published, whose echo from its own node is not a replay. */
  readonly #published = new Set<string>();
  readonly #abort = new AbortController();
  #idle: NodeJS.Timeout | undefined;
  #onIdle: (() => void) | undefined;
  /** Messages are checked one at a time, in arrival order (the verifier's state is order-dependent). */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(kuboRpcUrl: string, stream: ChatStream, log: (message: string) => void) {
    this.stream = stream;
    this.topic = chatTopic(stream.room);
    this.#verifier = new ChatVerifier(stream);
    this.#client = create({ url: kuboRpcUrl });
    this.#log = log;
  }

  /** Subscribes to the stream's chat topic on the node at `kuboRpcUrl`; rejects if the node cannot be reached. */
  static async open(
    kuboRpcUrl: string,
    stream: ChatStream,
    options: { log?: (message: string) => void; onIdle?: () => void } = {},
  ): Promise<ChatRelay> {
    const relay = new ChatRelay(kuboRpcUrl, stream, options.log ?? ((m) => console.warn(m)));
    relay.#onIdle = options.onIdle;
    await relay.#subscribe();
    relay.#armIdle();
    return relay;
  }

  /** The scroll-back, pin, mutes and drop counts: what a reader gets first. */
  snapshot(): Extract<ChatFeedEvent, { type: "state" }> {
    return {
      type: "state",
      lines: [...this.#lines],
      pinned: this.#pinned,
      mutes: this.#verifier.mutes,
      drops: { ...this.#verifier.drops },
    };
  }

  /** A browser's signed message: verified here first, then published. */
  async post(bytes: Uint8Array): Promise<PostAnswer> {
    if (bytes.length > MAX_CHAT_MESSAGE_BYTES)
      return {
        status: 413,
        body: { error: dropSentence("oversize", `${bytes.length} bytes`), reason: "oversize" },
      };
    const event = await this.#serial(() => this.#verifier.push(bytes));
    if (event.type === "dropped") {
      this.#emit({ type: "drops", drops: { ...this.#verifier.drops } });
      return {
        status: STATUS[event.reason],
        body: { error: dropSentence(event.reason, event.detail), reason: event.reason },
      };
    }
    this.#apply(event);
    const id = chatMessageId(bytes);
    this.#published.add(id);
    try {
      await this.#client.pubsub.publish(this.topic, bytes, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      this.#published.delete(id);
      this.#log(`chat: publish to ${this.topic} failed: ${error instanceof Error ? error.message : String(error)}`);
      return {
        status: 502,
        body: {
          error:
            "Your message was shown here but could not be sent to the network: this server's IPFS node did not answer. Check that it is running, then send again.",
        },
      };
    }
    return { status: 200, body: { id } };
  }

  /** Calls `listener` with every accepted event (and drop counts) until the returned function is called. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = undefined;
    return () => {
      this.#listeners.delete(listener);
      this.#armIdle();
    };
  }

  /** A `text/event-stream` response: the snapshot, then every event, until `signal` aborts (the reader left). */
  sse(signal: AbortSignal): Response {
    const encoder = new TextEncoder();
    let stop = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const send = (event: ChatFeedEvent) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
        send(this.snapshot());
        const unlisten = this.listen(send);
        // A comment line now and then keeps proxies from closing a quiet chat.
        const keepalive = setInterval(() => controller.enqueue(encoder.encode(": keepalive\n\n")), KEEPALIVE_MS);
        stop = () => {
          clearInterval(keepalive);
          unlisten();
          try {
            controller.close();
          } catch {
            // already closed by the reader
          }
        };
        if (signal.aborted) stop();
        else signal.addEventListener("abort", () => stop(), { once: true });
      },
      cancel: () => stop(),
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        "x-accel-buffering": "no",
      },
    });
  }

  close(): void {
    if (this.#idle) clearTimeout(this.#idle);
    this.#abort.abort();
  }

  async #subscribe(): Promise<void> {
    await this.#client.pubsub.subscribe(this.topic, (message) => void this.#receive(message.data), {
      signal: this.#abort.signal,
      onError: (error) => {
        if (this.#abort.signal.aborted) return;
        this.#log(`chat: subscription to ${this.topic} failed (${error.message}); subscribing again`);
        setTimeout(() => {
          if (!this.#abort.signal.aborted) this.#subscribe().catch(() => {});
        }, RESUBSCRIBE_MS).unref();
      },
    });
  }

  async #receive(bytes: Uint8Array): Promise<void> {
    const event = await this.#serial(async () => {
      // Our own message coming back from our node: already verified and shown when it was posted.
      if (this.#published.delete(chatMessageId(bytes))) return null;
      return this.#verifier.push(bytes);
    });
    if (!event) return;
    if (event.type === "dropped") this.#emit({ type: "drops", drops: { ...this.#verifier.drops } });
    else this.#apply(event);
  }

  /** Records an accepted event and passes it on. */
  #apply(event: Exclude<ChatEvent, { type: "dropped" }>): void {
    if (event.type === "message") {
      this.#lines.push(event.line);
      if (this.#lines.length > CHAT_HISTORY) this.#lines.splice(0, this.#lines.length - CHAT_HISTORY);
      this.#emit({ type: "message", line: event.line });
    } else if (event.type === "pin") {
      // The pinned line is kept even once it scrolls out of the history; a pin of a line this server never saw
      // (it joined later) still shows that something is pinned.
      const line =
        event.id === null
          ? null
          : (this.#lines.find((l) => l.id === event.id) ?? (this.#pinned?.id === event.id ? this.#pinned.line : null));
      this.#pinned = event.id === null ? null : { id: event.id, line };
      this.#emit({ type: "pin", pinned: this.#pinned });
    } else {
      this.#emit({ type: "mute", target: event.target, until: event.until });
    }
  }

  #emit(event: ChatFeedEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  #armIdle(): void {
    if (this.#listeners.size > 0 || !this.#onIdle) return;
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      this.close();
      this.#onIdle?.();
    }, IDLE_CLOSE_MS);
    this.#idle.unref();
  }
}

/** Relays by node and stream, kept across requests (and Next's module reloads in development). */
const store = globalThis as { __chorusChatRelays?: Map<string, Promise<ChatRelay>> };
store.__chorusChatRelays ??= new Map();
const relays = store.__chorusChatRelays;

/** The relay of a stream on this instance's node, opened on first use and closed after a while without readers. */
export function chatRelay(kuboRpcUrl: string, stream: ChatStream): Promise<ChatRelay> {
  const key = `${kuboRpcUrl} ${stream.room} ${stream.streamKey.toLowerCase()}`;
  let relay = relays.get(key);
  if (!relay) {
    relay = ChatRelay.open(kuboRpcUrl, stream, { onIdle: () => relays.delete(key) });
    relays.set(key, relay);
    // A node that could not be reached is tried again by the next request.
    relay.catch(() => relays.delete(key));
  }
  return relay;
}
