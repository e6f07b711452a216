import type { IncomingMessage } from "node:http";
import type { LiveRefusal, LiveStream } from "./session.ts";

/**
 * Browser camera ingest: the web app's MediaRecorder (WebM, VP8 or H.264 with Opus) sends its chunks as numbered
 * parts, `POST /live/:id/ingest?connection=<random>&part=<n>` with the session's stream key in `X-Stream-Key`, one
 * request at a time. A connection's parts are the bytes of one WebM file; the session pipes them into the same live
 * ffmpeg an RTMP encoder feeds (session.ts `attach`), only with `-f matroska` in place of `-f flv`.
 *
 * Why numbered POSTs and not one streaming request or a WebSocket: Chromium streams a request body only over HTTP/2
 * (the worker speaks HTTP/1.1), and a WebSocket server would be a new dependency or a hand-written protocol; a
 * 250 ms chunk per request is 4 small requests a second on a kept-alive connection. The part number keeps the file
 * in order (a repeated part, a retry, is acknowledged and dropped; a skipped one refused), and the connection id
 * tells a reload or a second tab (refused while the first one streams) from the same recorder going on.
 */
export interface WebmMedia {
  width: number;
  height: number;
  frameRate: number;
  audio: boolean;
}

/** One browser recorder's connection: what `LiveStream.attach` receives in place of an RTMP publisher. */
export class WebmPublisher {
  readonly input = "webm";
  readonly key: string;
  readonly remote: string;
  readonly connection: string;
  readonly media: WebmMedia;
  onData: ((data: Buffer) => void) | undefined;
  onClose: (() => void) | undefined;
  #next = 0;
  #closed = false;
  #idle: NodeJS.Timeout | undefined;

  constructor(key: string, remote: string, connection: string, media: WebmMedia) {
    this.key = key;
    this.remote = remote;
    this.connection = connection;
    this.media = media;
    this.#touch();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Part `part` of the WebM file; false if it is out of order (the caller refuses it). */
  accept(part: number, data: Buffer, final: boolean): "accepted" | "repeated" | "out-of-order" {
    if (part < this.#next) return "repeated";
    if (part > this.#next) return "out-of-order";
    this.#next++;
    this.#touch();
    if (data.length > 0) this.onData?.(data);
    if (final) this.close();
    return "accepted";
  }

  /** The recorder stopped, went silent for BROWSER_IDLE_MS, or the stream ended: ffmpeg's input ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idle);
    this.onClose?.();
  }

  #touch(): void {
    clearTimeout(this.#idle);
    // A tab closed or a network gone sends no final part: the session then waits for a reconnect as for RTMP.
    this.#idle = setTimeout(() => this.close(), BROWSER_IDLE_MS);
    this.#idle.unref();
  }
}

/** Silence after which a browser connection counts as dropped (a part comes every ~250 ms). */
const BROWSER_IDLE_MS = 10_000;
/** Largest part: a 250 ms chunk is ~100 KB at 3 Mbit/s; 8 MiB tolerates a stalled recorder's catch-up. */
const MAX_PART_BYTES = 8 * 1024 * 1024;

const CONNECTION = /^[A-Za-z0-9_-]{8,64}$/;

type Refuse = (status: number, code: string, message: string) => LiveRefusal;

/** Handles one `POST /live/:id/ingest`; `publishers` holds each session's current browser connection. */
export async function ingestPart(
  session: LiveStream,
  publishers: Map<string, WebmPublisher>,
  req: IncomingMessage,
  url: URL,
  refuse: Refuse,
): Promise<{ part: number; result: "accepted" | "repeated" }> {
  const key = req.headers["x-stream-key"];
  if (typeof key !== "string" || key !== session.obsStreamKey)
    throw refuse(403, "wrong-stream-key", "Wrong or missing stream key (X-Stream-Key) for this live session.");
  if (session.status === "ended")
    throw refuse(409, "live-ended", "This stream has ended. Start a new one for a new stream key.");
  const connection = url.searchParams.get("connection") ?? "";
  if (!CONNECTION.test(connection))
    throw refuse(400, "bad-connection", "Give ?connection=<8 to 64 letters, digits, - or _>, the same for every part.");
  const part = Number(url.searchParams.get("part"));
  if (!Number.isSafeInteger(part) || part < 0)
    throw refuse(400, "bad-part", "Give ?part=<n>: the chunk's number, from 0, one request at a time.");
  const data = await readBody(req, refuse);

  let publisher = publishers.get(session.id);
  if (!publisher || publisher.closed || publisher.connection !== connection) {
    if (part !== 0)
      throw refuse(
        409,
        "ingest-connection-ended",
        "This camera connection ended (no part for 10 s, or another connection took over). Start the camera again.",
      );
    if (session.hasPublisher)
      throw refuse(409, "ingest-busy", "Another encoder is already streaming with this stream key.");
    publisher = new WebmPublisher(key, req.socket.remoteAddress ?? "browser", connection, mediaOf(url, refuse));
    publishers.set(session.id, publisher);
    session.attach(publisher);
  }
  const result = publisher.accept(part, data, url.searchParams.get("final") === "1");
  if (result === "out-of-order")
    throw refuse(
      409,
      "ingest-out-of-order",
      `Part ${part} came before the parts ahead of it; send parts one at a time.`,
    );
  return { part, result };
}

function mediaOf(url: URL, refuse: Refuse): WebmMedia {
  const whole = (name: string, min: number, max: number) => {
    const value = Number(url.searchParams.get(name));
    if (!Number.isFinite(value) || value < min || value > max)
      throw refuse(400, "bad-media", `Part 0 must say the camera's ${name} (${min}–${max}) in ?${name}=.`);
    return value;
  };
  return {
    width: Math.round(whole("width", 16, 8192)),
    height: Math.round(whole("height", 16, 8192)),
    frameRate: whole("frameRate", 1, 120),
    audio: url.searchParams.get("audio") === "1",
  };
}

async function readBody(req: IncomingMessage, refuse: Refuse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PART_BYTES)
      throw refuse(413, "part-too-large", `A part may be at most ${MAX_PART_BYTES} bytes; send smaller chunks.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
