import { randomBytes } from "node:crypto";
import { type AddressInfo, type Server, type Socket, createServer } from "node:net";
import { type Amf0Object, type Amf0Value, decodeAmf0, encodeAmf0 } from "./amf0.ts";

/**
 * A minimal RTMP ingest server: enough of the protocol for OBS (librtmp) and ffmpeg to publish one stream per
 * connection. It exists because the stream key must authenticate the publisher: `ffmpeg -listen 1` accepts any
 * stream name (it only logs a warning for an unexpected one) and one connection per process. Here one port serves
 * every live session; the stream key in `publish` picks the session, and the session decides (wrong key: refused with
 * `NetStream.Publish.BadName`; a second publisher for the same key: `NetStream.Publish.BadName` too).
 *
 * Once accepted, the publisher's audio, video and metadata messages come out as FLV tags (`onTag`), which the live
 * session pipes into ffmpeg (`-f flv -i pipe:0`). Handshake: the plain (version 3) one, which OBS and ffmpeg accept.
 */
export interface RtmpPublisher {
  /** FLV tags, as opposed to the browser's WebM (browser-ingest.ts). */
  readonly input: "flv";
  /** The stream key the publisher sent (the `publish` name). */
  readonly key: string;
  readonly remote: string;
  /** Metadata from `@setDataFrame onMetaData` (width, height, framerate…), if the encoder sent it before media. */
  readonly metadata: Amf0Object | undefined;
  /** FLV tags in arrival order: type 8 audio, 9 video, 18 script (onMetaData). */
  onTag: ((type: number, timestamp: number, data: Buffer) => void) | undefined;
  /** The connection ended (the encoder stopped, or the network dropped). */
  onClose: (() => void) | undefined;
  close(): void;
}

export interface RtmpServerOptions {
  host: string;
  port: number;
  /** Decides on a `publish`: return a reason to refuse, or undefined to accept (then `accepted` is called). */
  authorize: (key: string) => string | undefined;
  accepted: (publisher: RtmpPublisher) => void;
  log?: (level: "info" | "warn", message: string, fields: Record<string, unknown>) => void;
}

export interface RtmpServer {
  port: number;
  close(): Promise<void>;
}

const HANDSHAKE_SIZE = 1536;
const OUR_CHUNK_SIZE = 4096;
const WINDOW_ACK_SIZE = 2_500_000;
/** Larger than any sane encoder message (a 4K keyframe is a few MB); guards memory against a hostile client. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A connection must publish within this time, or it is dropped (it holds no session until then). */
const PUBLISH_TIMEOUT_MS = 10_000;

export async function startRtmpServer(options: RtmpServerOptions): Promise<RtmpServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.setNoDelay(true);
    new RtmpConnection(socket, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

interface ChunkStream {
  timestamp: number;
  delta: number;
  length: number;
  type: number;
  streamId: number;
  extended: boolean;
  payload: Buffer[];
  received: number;
}

class RtmpConnection implements RtmpPublisher {
  readonly input = "flv";
  key = "";
  readonly remote: string;
  metadata: Amf0Object | undefined;
  onTag: RtmpPublisher["onTag"];
  onClose: RtmpPublisher["onClose"];
  readonly #socket: Socket;
  readonly #options: RtmpServerOptions;
  #buffer: Buffer = Buffer.alloc(0);
  #state: "c0c1" | "c2" | "chunks" = "c0c1";
  #inChunkSize = 128;
  readonly #streams = new Map<number, ChunkStream>();
  #publishing = false;
  #received = 0;
  #lastAck = 0;
  #peerWindow = WINDOW_ACK_SIZE;
  readonly #timer: NodeJS.Timeout;

  constructor(socket: Socket, options: RtmpServerOptions) {
    this.#socket = socket;
    this.#options = options;
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.#timer = setTimeout(() => {
      if (!this.#publishing) this.#fail("no publish within 10 s");
    }, PUBLISH_TIMEOUT_MS);
    socket.on("data", (data) => {
      try {
        this.#onData(data);
      } catch (error) {
        this.#fail(error instanceof Error ? error.message : String(error));
      }
    });
    socket.on("error", () => {});
    socket.once("close", () => {
      clearTimeout(this.#timer);
      if (this.#publishing) this.onClose?.();
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #fail(reason: string): void {
    this.#options.log?.("warn", "rtmp connection dropped", { remote: this.remote, reason });
    this.#socket.destroy();
  }

  #onData(data: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? data : Buffer.concat([this.#buffer, data]);
    this.#received += data.length;
    if (this.#received - this.#lastAck >= this.#peerWindow) {
      this.#lastAck = this.#received;
      this.#sendControl(3, uint32(this.#received >>> 0));
    }
    for (;;) {
      if (this.#state === "c0c1") {
        if (this.#buffer.length < 1 + HANDSHAKE_SIZE) return;
        if (this.#buffer[0] !== 3) throw new Error(`RTMP version ${this.#buffer[0]} (only 3 is spoken)`);
        const c1 = this.#buffer.subarray(1, 1 + HANDSHAKE_SIZE);
        const s1 = Buffer.concat([Buffer.alloc(8), randomBytes(HANDSHAKE_SIZE - 8)]);
        // S0, S1, S2 (= C1 echoed).
        this.#socket.write(Buffer.concat([Buffer.from([3]), s1, c1]));
        this.#buffer = this.#buffer.subarray(1 + HANDSHAKE_SIZE);
        this.#state = "c2";
        continue;
      }
      if (this.#state === "c2") {
        if (this.#buffer.length < HANDSHAKE_SIZE) return;
        this.#buffer = this.#buffer.subarray(HANDSHAKE_SIZE);
        this.#state = "chunks";
        continue;
      }
      if (!this.#readChunk()) return;
    }
  }

  /** Reads one chunk if the buffer holds it whole; false when more bytes are needed. */
  #readChunk(): boolean {
    const b = this.#buffer;
    if (b.length < 1) return false;
    let offset = 1;
    const fmt = b[0]! >> 6;
    let csid = b[0]! & 0x3f;
    if (csid === 0) {
      if (b.length < 2) return false;
      csid = b[1]! + 64;
      offset = 2;
    } else if (csid === 1) {
      if (b.length < 3) return false;
      csid = b[1]! + b[2]! * 256 + 64;
      offset = 3;
    }
    const headerSize = [11, 7, 3, 0][fmt]!;
    if (b.length < offset + headerSize) return false;
    const previous = this.#streams.get(csid);
    if (fmt !== 0 && !previous) throw new Error(`chunk stream ${csid} continues a message it never started`);
    const stream: ChunkStream = previous ?? {
      timestamp: 0,
      delta: 0,
      length: 0,
      type: 0,
      streamId: 0,
      extended: false,
      payload: [],
      received: 0,
    };
    let stamp = 0;
    if (fmt <= 2) stamp = b.readUIntBE(offset, 3);
    const extended = fmt <= 2 ? stamp === 0xffffff : stream.extended;
    const extra = extended ? 4 : 0;
    if (b.length < offset + headerSize + extra) return false;
    if (extended) stamp = b.readUInt32BE(offset + headerSize);
    const startsMessage = stream.received === 0;
    const length = fmt <= 1 ? b.readUIntBE(offset + 3, 3) : stream.length;
    if (length > MAX_MESSAGE_BYTES) throw new Error(`a ${length}-byte message is over the limit`);
    const remaining = length - stream.received;
    const take = Math.min(this.#inChunkSize, remaining);
    const start = offset + headerSize + extra;
    if (b.length < start + take) return false;

    // Only now, with the whole chunk here, change the stream's state.
    if (fmt <= 1) {
      stream.length = length;
      stream.type = b[offset + 6]!;
    }
    if (fmt === 0) {
      stream.streamId = b.readUInt32LE(offset + 7);
      stream.timestamp = stamp;
      stream.delta = 0;
    } else if (fmt <= 2) {
      stream.delta = stamp;
      if (startsMessage) stream.timestamp += stamp;
    } else if (startsMessage) stream.timestamp += stream.delta;
    stream.extended = extended;
    stream.payload.push(b.subarray(start, start + take));
    stream.received += take;
    this.#streams.set(csid, stream);
    this.#buffer = b.subarray(start + take);

    if (stream.received >= stream.length) {
      const payload = Buffer.concat(stream.payload);
      stream.payload = [];
      stream.received = 0;
      this.#onMessage(stream.type, stream.timestamp >>> 0, payload);
    }
    return true;
  }

  #onMessage(type: number, timestamp: number, payload: Buffer): void {
    switch (type) {
      case 1: // Set Chunk Size
        this.#inChunkSize = payload.readUInt32BE(0) & 0x7fffffff;
        if (this.#inChunkSize < 1) throw new Error("chunk size 0");
        return;
      case 5: // Window Acknowledgement Size
        this.#peerWindow = Math.max(1, payload.readUInt32BE(0));
        return;
      case 8:
      case 9:
        if (this.#publishing) this.onTag?.(type, timestamp, payload);
        return;
      case 18: {
        if (!this.#publishing) return;
        // "@setDataFrame", "onMetaData", {…}: FLV wants the tag without the first string.
        let values: Amf0Value[] = [];
        try {
          values = decodeAmf0(payload);
        } catch {
          return;
        }
        if (values[0] === "@setDataFrame") values = values.slice(1);
        if (values[0] !== "onMetaData") return;
        if (values[1] && typeof values[1] === "object" && !Array.isArray(values[1])) this.metadata ??= values[1];
        this.onTag?.(18, timestamp, encodeAmf0(...values));
        return;
      }
      case 17: // AMF3 command: a format byte, then AMF0
        this.#onCommand(payload.subarray(1));
        return;
      case 20:
        this.#onCommand(payload);
        return;
      default:
    }
  }

  #onCommand(payload: Buffer): void {
    const [name, transaction, , ...args] = decodeAmf0(payload);
    const tx = typeof transaction === "number" ? transaction : 0;
    switch (name) {
      case "connect":
        this.#sendControl(5, uint32(WINDOW_ACK_SIZE));
        this.#sendControl(6, Buffer.concat([uint32(WINDOW_ACK_SIZE), Buffer.from([2])]));
        this.#sendControl(1, uint32(OUR_CHUNK_SIZE));
        this.#outChunkSize = OUR_CHUNK_SIZE;
        this.#sendCommand(
          0,
          "_result",
          tx,
          { fmsVer: "FMS/3,0,1,123", capabilities: 31 },
          {
            level: "status",
            code: "NetConnection.Connect.Success",
            description: "Connection succeeded.",
            objectEncoding: 0,
          },
        );
        return;
      case "releaseStream":
      case "FCPublish":
        this.#sendCommand(0, "_result", tx, null, undefined);
        return;
      case "createStream":
        this.#sendCommand(0, "_result", tx, null, 1);
        return;
      case "publish": {
        const key = typeof args[0] === "string" ? args[0] : "";
        if (this.#publishing) return;
        const refused = this.#options.authorize(key);
        if (refused !== undefined) {
          this.#sendCommand(1, "onStatus", 0, null, {
            level: "error",
            code: "NetStream.Publish.BadName",
            description: refused,
          });
          this.#options.log?.("warn", "rtmp publish refused", { remote: this.remote, reason: refused });
          setTimeout(() => this.#socket.destroy(), 100).unref();
          return;
        }
        this.key = key;
        this.#publishing = true;
        clearTimeout(this.#timer);
        this.#sendCommand(1, "onStatus", 0, null, {
          level: "status",
          code: "NetStream.Publish.Start",
          description: "Publishing.",
        });
        this.#options.accepted(this);
        return;
      }
      case "deleteStream":
      case "FCUnpublish":
        // The encoder stops; the connection's close ends the session's input.
        if (this.#publishing) this.#socket.end();
        return;
      default:
    }
  }

  #outChunkSize = 128;

  #sendControl(type: number, payload: Buffer): void {
    this.#sendMessage(2, type, 0, payload);
  }

  #sendCommand(streamId: number, ...values: Amf0Value[]): void {
    this.#sendMessage(3, 20, streamId, encodeAmf0(...values));
  }

  /** One message as a type-0 chunk followed by type-3 continuation chunks. */
  #sendMessage(csid: number, type: number, streamId: number, payload: Buffer): void {
    if (this.#socket.destroyed) return;
    const header = Buffer.alloc(12);
    header[0] = csid;
    header.writeUIntBE(0, 1, 3);
    header.writeUIntBE(payload.length, 4, 3);
    header[7] = type;
    header.writeUInt32LE(streamId, 8);
    const parts: Buffer[] = [header];
    for (let offset = 0; offset < payload.length; offset += this.#outChunkSize) {
      if (offset > 0) parts.push(Buffer.from([0xc0 | csid]));
      parts.push(payload.subarray(offset, offset + this.#outChunkSize));
    }
    this.#socket.write(Buffer.concat(parts));
  }
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

/** FLV file header (audio and video flagged; ffmpeg's demuxer adds any stream it finds anyway) and PreviousTagSize0. */
export function flvHeader(): Buffer {
  return Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);
}

/** One FLV tag and its trailing PreviousTagSize. */
export function flvTag(type: number, timestamp: number, data: Buffer): Buffer {
  const tag = Buffer.alloc(11 + data.length + 4);
  tag[0] = type;
  tag.writeUIntBE(data.length, 1, 3);
  tag.writeUIntBE(timestamp & 0xffffff, 4, 3);
  tag[7] = (timestamp >>> 24) & 0xff;
  data.copy(tag, 11);
  tag.writeUInt32BE(11 + data.length, 11 + data.length);
  return tag;
}
