/** What every RPC command gets, and how it answers (Kubo's wire format). */
import { write } from "../http.ts";
import type { ViewerCache } from "../cache.ts";
import type { Follows } from "../follows.ts";
import type { StoryPins } from "../stories.ts";
import type { ChorusHelia } from "../helia.ts";
import type { PinManager } from "../pins.ts";
import type { PubsubHub } from "../pubsub.ts";
import type { Repo } from "../repo.ts";
import type { UnixFS } from "@helia/unixfs";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

export interface RpcDeps {
  helia: ChorusHelia;
  fs: UnixFS;
  pins: PinManager;
  /** quota-checked pins, GC, repo stats */
  repo: Repo;
  /** what the gateway served */
  cache: ViewerCache;
  /** followed channels; undefined when the node has no indexer to follow them with */
  follows?: Follows | undefined;
  /** stories pinned while they live; undefined without an indexer */
  stories?: StoryPins | undefined;
  pubsub: PubsubHub;
  log: (msg: string) => void;
  /** aborted when the node stops: ends long-lived requests (pubsub/sub) */
  shutdown: AbortSignal;
}

export interface RpcCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  /** aborted when the client goes away, the `timeout` option elapses or the node stops */
  signal: AbortSignal;
  /** Kubo's global `offline` option: never fetch from the network */
  offline: boolean;
}

export type Command = (deps: RpcDeps, call: RpcCall) => Promise<void>;

const COMMON_HEADERS: OutgoingHttpHeaders = {
  "Cache-Control": "no-cache",
  "X-Content-Type-Options": "nosniff",
  Vary: "Origin",
};

export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/** Starts a streamed response (Kubo's chunked output). */
export function startStream(res: ServerResponse, contentType: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    "Content-Type": contentType,
    "X-Chunked-Output": "1",
    "X-Stream-Output": "1",
    Trailer: "X-Stream-Error",
    ...headers,
  });
  res.flushHeaders();
}

/**
 * Newline-delimited JSON output whose headers are only sent with the first
 * object, so that an error before any output still gets a proper error
 * response.
 */
export class NdjsonStream {
  readonly #res: ServerResponse;
  readonly #signal: AbortSignal;

  constructor(res: ServerResponse, signal: AbortSignal) {
    this.#res = res;
    this.#signal = signal;
  }

  async write(obj: unknown): Promise<void> {
    if (!this.#res.headersSent) startStream(this.#res, "application/json");
    await write(this.#res, `${JSON.stringify(obj)}\n`, this.#signal);
  }

  end(): void {
    if (!this.#res.headersSent) startStream(this.#res, "application/json");
    this.#res.end();
  }
}
