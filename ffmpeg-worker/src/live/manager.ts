import { randomBytes } from "node:crypto";
import { mkdir, readdir } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import {
  LIVE_RECONNECT_GRACE_SECONDS,
  LIVE_SEGMENT_SECONDS,
  liveCreateRequestSchema,
  liveKeyProofRequestSchema,
} from "@chorus/protocol";
import type { WorkerConfig } from "../config.ts";
import type { MediaTools } from "../media-tools.ts";
import { type RtmpServer, startRtmpServer } from "./rtmp.ts";
import { type WebmPublisher, ingestPart } from "./browser-ingest.ts";
import { LiveRefusal, type LiveSessionContext, LiveStream } from "./session.ts";

/** Live settings; what `startWorker` takes beside the worker's config (main.ts reads them from the environment). */
export interface LiveOptions {
  /**
   * RTMP ingest port on the worker's host. Default 0 (a free port, reported in every session's `rtmpUrl`) in process;
   * main.ts defaults to 1935, OBS's usual, and falls back to a free port when that is taken (unless set explicitly).
   */
  rtmpPort?: number;
  /** Whether a taken `rtmpPort` may be replaced by a free one (true unless the port was asked for explicitly). */
  rtmpPortFallback?: boolean;
  /**
   * Most rungs in the live ladder (default 3, the VOD's: a 720p source's 720/480/240 live ladder measured ~0.4 CPU-s a
   * media second on 2 cores with x264 veryfast zerolatency, well within real time; README "Live").
   */
  maxRungs?: number;
  /** Segment length, seconds (default LIVE_SEGMENT_SECONDS). */
  segmentSeconds?: number;
  /** How long a dropped encoder may take to reconnect before the stream ends (default LIVE_RECONNECT_GRACE_SECONDS). */
  reconnectGraceMs?: number;
  /** Chain of the Streams contract key proofs are made for, and of room names (default 31337, the local chain). */
  chainId?: number;
  /**
   * How long an ended stream's recording stays on this node unless the creator keeps it (default 7 days,
   * LIVE_RETENTION_MS): then its pin and files go (README "Retention").
   */
  retentionMs?: number;
}

/** A week: time to publish the recording, or to decide to keep it, after the stream. */
const LIVE_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** The longest wait between two sweeps for expired recordings (a shorter retention sweeps as often as it lasts). */
const MAX_SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface LiveAnswer {
  status: number;
  body: unknown;
}

const ID = /^[0-9a-f]{16}$/;

/** Every live session of this worker, the RTMP ingest they share, and the `/live` routes. */
export class LiveManager {
  readonly #sessions = new Map<string, LiveStream>();
  readonly #config: WorkerConfig;
  readonly #dir: string;
  readonly #rtmp: RtmpServer;
  readonly #context: LiveSessionContext;
  /** Each session's browser camera connection, if any (browser-ingest.ts). */
  readonly #browsers = new Map<string, WebmPublisher>();
  #sweeper: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;

  private constructor(config: WorkerConfig, dir: string, rtmp: RtmpServer, context: LiveSessionContext) {
    this.#config = config;
    this.#dir = dir;
    this.#rtmp = rtmp;
    this.#context = context;
  }

  static async start(config: WorkerConfig, tools: MediaTools, options: LiveOptions = {}): Promise<LiveManager> {
    const dir = path.join(config.dataDir, "live");
    await mkdir(dir, { recursive: true });
    let manager: LiveManager | undefined;
    const serverOptions = {
      host: config.host,
      authorize: (key: string) =>
        manager ? manager.#authorize(key) : "The worker is starting. Try again in a moment.",
      accepted: (publisher: Parameters<LiveStream["attach"]>[0]) => manager?.session(publisher.key)?.attach(publisher),
      log: (level: "info" | "warn", message: string, fields: Record<string, unknown>) =>
        config.log(level, message, fields),
    };
    const port = options.rtmpPort ?? 0;
    let rtmp: RtmpServer;
    try {
      rtmp = await startRtmpServer({ ...serverOptions, port });
    } catch (error) {
      if (!(options.rtmpPortFallback ?? false) || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") {
        throw new Error(
          `Cannot listen for RTMP on ${config.host}:${port}: ${error instanceof Error ? error.message : String(error)}. Set WORKER_RTMP_PORT to a free port.`,
        );
      }
      rtmp = await startRtmpServer({ ...serverOptions, port: 0 });
      config.log("warn", "RTMP port taken, listening on a free one", { wanted: port, port: rtmp.port });
    }
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    manager = new LiveManager(config, dir, rtmp, {
      ffmpegPath: tools.ffmpeg.path,
      kuboRpcUrl: config.kuboRpcUrl,
      preset: config.preset,
      maxHeight: config.maxHeight,
      maxRungs: options.maxRungs ?? 3,
      segmentSeconds: options.segmentSeconds ?? LIVE_SEGMENT_SECONDS,
      reconnectGraceMs: options.reconnectGraceMs ?? LIVE_RECONNECT_GRACE_SECONDS * 1000,
      rtmpUrl: `rtmp://${host}:${rtmp.port}/live`,
      chainId: options.chainId ?? 31337,
      retentionMs: options.retentionMs ?? LIVE_RETENTION_MS,
      log: config.log,
    });
    // Sessions of an earlier run: ended ones are listed, live ones wait for their encoder to come back.
    for (const id of await readdir(dir).catch(() => [] as string[])) {
      if (!ID.test(id)) continue;
      try {
        manager.#sessions.set(id, await LiveStream.load(path.join(dir, id), manager.#context));
      } catch (error) {
        config.log("warn", "live session not loaded", { liveId: id, error: String(error) });
      }
    }
    config.log("info", "live ingest", { rtmpUrl: manager.#context.rtmpUrl });
    // Recordings whose retention ran out while the worker was stopped go now; the others when theirs does.
    void manager.sweep();
    const every = Math.max(1000, Math.min(manager.#context.retentionMs, MAX_SWEEP_INTERVAL_MS));
    manager.#sweeper = setInterval(() => void manager.sweep(), every);
    manager.#sweeper.unref();
    return manager;
  }

  /**
   * Discards every ended stream's recording that nobody kept within the retention period (LiveStream.discard). One
   * sweep at a time; a recording the node refused to unpin stays for the next sweep.
   */
  sweep(): Promise<void> {
    this.#sweeping ??= (async () => {
      for (const session of this.#sessions.values()) {
        if (!session.isExpired()) continue;
        try {
          await session.discard();
        } catch (error) {
          this.#config.log("warn", "live recording not discarded", { liveId: session.id, error: String(error) });
        }
      }
    })().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  get rtmpPort(): number {
    return this.#rtmp.port;
  }

  /** The session an OBS stream key belongs to. */
  session(key: string): LiveStream | undefined {
    for (const session of this.#sessions.values()) if (session.obsStreamKey === key) return session;
    return undefined;
  }

  #authorize(key: string): string | undefined {
    const session = this.session(key);
    if (!session) return "Unknown stream key. Copy the stream key from Chorus again.";
    if (session.status === "ended") return "This stream has ended. Start a new one in Chorus for a new stream key.";
    if (session.hasPublisher) return "Another encoder is already streaming with this stream key.";
    return undefined;
  }

  /** `/live…` (parts after "live"); the request for the routes that read a body. */
  async route(method: string, parts: string[], req?: IncomingMessage, url?: URL): Promise<LiveAnswer> {
    try {
      return await this.#route(method, parts, req, url);
    } catch (error) {
      if (error instanceof LiveRefusal)
        return { status: error.status, body: { error: { code: error.code, message: error.message } } };
      throw error;
    }
  }

  async #route(method: string, parts: string[], req?: IncomingMessage, url?: URL): Promise<LiveAnswer> {
    if (parts.length === 0) {
      if (method === "GET")
        return { status: 200, body: { sessions: [...this.#sessions.values()].reverse().map((s) => s.toJSON()) } };
      if (method === "POST") {
        // The body is optional (`{ "title": "…" }`, the VOD's title); an unreadable one is refused, not ignored.
        const body = req ? await readJson(req, '{ "title": "…" } or nothing') : undefined;
        const parsed = liveCreateRequestSchema.safeParse(body ?? {});
        if (!parsed.success)
          return {
            status: 400,
            body: {
              error: {
                code: "invalid-title",
                message: 'Send { "title": "…" } (1 to 200 characters) or no body: the title the recording gets.',
              },
            },
          };
        const id = randomBytes(8).toString("hex");
        const session = await LiveStream.create(path.join(this.#dir, id), id, this.#context, parsed.data.title);
        this.#sessions.set(id, session);
        this.#config.log("info", "live session created", { liveId: id, streamKey: session.address });
        return { status: 201, body: { session: session.toJSON() } };
      }
      return notAllowed("GET or POST");
    }
    const id = parts[0] ?? "";
    const session = ID.test(id) ? this.#sessions.get(id) : undefined;
    if (!session)
      return {
        status: 404,
        body: { error: { code: "live-not-found", message: `There is no live session with id "${id}".` } },
      };
    if (parts.length === 1)
      return method === "GET" ? { status: 200, body: { session: session.toJSON() } } : notAllowed("GET");
    if (parts.length === 2 && parts[1] === "end") {
      if (method !== "POST") return notAllowed("POST");
      await session.end();
      return { status: 200, body: { session: session.toJSON() } };
    }
    if (parts.length === 2 && parts[1] === "keep") {
      if (method !== "POST") return notAllowed("POST");
      await session.keep();
      return { status: 200, body: { session: session.toJSON() } };
    }
    if (parts.length === 2 && parts[1] === "key-proof" && req) {
      if (method !== "POST") return notAllowed("POST");
      const parsed = liveKeyProofRequestSchema.safeParse(await readJson(req));
      if (!parsed.success)
        return {
          status: 400,
          body: {
            error: {
              code: "invalid-creator",
              message: 'Send { "creator": "0x…" }: the wallet that will start the stream.',
            },
          },
        };
      return { status: 200, body: await session.keyProof(parsed.data.creator as `0x${string}`) };
    }
    if (parts.length === 2 && parts[1] === "ingest" && req && url) {
      if (method !== "POST") return notAllowed("POST");
      const refuse = (status: number, code: string, message: string) => new LiveRefusal(status, code, message);
      return { status: 200, body: await ingestPart(session, this.#browsers, req, url, refuse) };
    }
    return { status: 404, body: { error: { code: "not-found", message: `No route /live/${parts.join("/")}.` } } };
  }

  /** Worker shutdown: encoders disconnected, sequences saved (a restart resumes them), no `end` announced. */
  async stop(): Promise<void> {
    clearInterval(this.#sweeper);
    await this.#sweeping;
    await this.#rtmp.close();
    await Promise.all([...this.#sessions.values()].map((s) => s.stop()));
  }
}

/** A body that is not JSON (distinct from no body at all, which `POST /live` allows). */
const UNREADABLE = Symbol("unreadable JSON");

async function readJson(req: IncomingMessage, expected = '{ "creator": "0x…" }'): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 4096) throw new LiveRefusal(413, "body-too-large", `Send only ${expected}.`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return UNREADABLE;
  }
}

function notAllowed(methods: string): LiveAnswer {
  return { status: 405, body: { error: { code: "method-not-allowed", message: `Use ${methods} here.` } } };
}
