import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type FSWatcher, mkdirSync, watch } from "node:fs";
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  LIVE_SCHEMA,
  type LiveKeyProof,
  type LiveAnnouncementBody,
  type LiveSession,
  announcementId,
  encodeAnnouncement,
  liveRoom,
  signAnnouncement,
  signKeyProof,
  streamKeyAddress,
  streamsAddressOf,
} from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { type Address, type Hex, getAddress } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { VARIANT_PLAYLIST } from "../ffmpeg-args.ts";
import { type Rung, chooseLadder, chooseOutputFrameRate, nominalBandwidth } from "../ladder.ts";
import type { Logger } from "@chorus/protocol/log";
import { parseMediaPlaylist } from "../media-playlist.ts";
import type { Fraction } from "../probe.ts";
import { addFilesSeparately, classifyIpfsError } from "../publish.ts";
import { buildLiveArgs } from "./live-args.ts";
import type { WebmPublisher } from "./browser-ingest.ts";
import { type RtmpPublisher, flvHeader, flvTag } from "./rtmp.ts";
import { type LiveVod, type RecordedSegment, assembleVod, fileStamp } from "./vod.ts";

export interface LiveSessionContext {
  ffmpegPath: string;
  kuboRpcUrl: string;
  preset: string;
  maxHeight: number;
  maxRungs: number;
  segmentSeconds: number;
  reconnectGraceMs: number;
  /** rtmp://host:port/live — what OBS calls the server. */
  rtmpUrl: string;
  /** The chain of the Streams contract key proofs are made for, and the <chainId> of room names. */
  chainId: number;
  /** How long after the end an ended stream's recording stays on this node unless the creator keeps it. */
  retentionMs: number;
  log: Logger;
}

/** What is kept on disk (`session.json`): enough to resume the sequence after a restart. The key never leaves it. */
interface SavedSession {
  id: string;
  privateKey: Hex;
  obsStreamKey: string;
  room: string;
  createdAt: string;
  status: LiveSession["status"];
  announced: number;
  last: LiveSession["last"];
  connections: number;
  rungs: Rung[] | undefined;
  hasAudio: boolean;
  endedAt?: string;
  error?: string;
  /** The wallet the stream key proved itself for (`keyProof`): one stream, one creator. */
  creator?: Address;
  /** The title the VOD's manifest carries (`POST /live { title }`). */
  title?: string;
  frameRate?: Fraction;
  /** The VOD assembled after the end (vod.ts). */
  vod?: LiveVod;
  vodError?: string;
  keptAt?: string;
  discardedAt?: string;
}

/** A request the session refuses, with the HTTP status and the sentence for the caller. */
export class LiveRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Encoder data waiting for ffmpeg beyond which the stream is behind real time for good (~1 min of a 4 Mbit/s stream). */
const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;

/** Tags held back until the encoder's picture size is known (its onMetaData comes first from OBS and ffmpeg). */
const MAX_TAGS_BEFORE_START = 60;

/**
 * One live stream: its keys and room, the encoder connection(s), the transcoder, and the announcements.
 *
 * Each encoder connection runs one ffmpeg (FLV on stdin → the live ladder). As every rung's playlist lists segment N,
 * the N-th segments are added to IPFS (unpinned, as the VOD path's early adds), and the next announcement is signed
 * with the stream key, stored as a raw block (so a viewer can fetch one it missed by its id) and published in the
 * room. Announcing runs one at a time, so sequence numbers follow the segments. When the encoder drops, its last
 * segment is announced and the session waits `reconnectGraceMs` for it to come back: a reconnect continues the same
 * sequence (its first segment flagged `discontinuity`); otherwise the stream ends with an `end` announcement.
 */
export class LiveStream {
  readonly id: string;
  readonly #privateKey: Hex;
  readonly address: `0x${string}`;
  readonly obsStreamKey: string;
  readonly room: string;
  readonly createdAt: string;
  readonly #dir: string;
  readonly #ctx: LiveSessionContext;
  readonly #client: ReturnType<typeof create>;
  #status: LiveSession["status"] = "waiting";
  #announced = 0;
  #last: LiveSession["last"] = null;
  #connections = 0;
  #rungs: Rung[] | undefined;
  #hasAudio = false;
  #endedAt: string | undefined;
  #error: string | undefined;
  #creator: Address | undefined;
  readonly #title: string | undefined;
  /** Every announced segment, in order (also appended to `segments.ndjson`): what the VOD is made of. */
  #segments: RecordedSegment[] = [];
  #vod: LiveVod | undefined;
  #vodError: string | undefined;
  #keptAt: string | undefined;
  #discardedAt: string | undefined;
  #assembling: Promise<void> | undefined;
  #publisher: RtmpPublisher | WebmPublisher | undefined;
  #transcoder: Transcoder | undefined;
  #grace: NodeJS.Timeout | undefined;
  #discontinuity = false;
  /** Announcements go out one at a time, in segment order. */
  #queue: Promise<void> = Promise.resolve();
  #ending: Promise<void> | undefined;
  #stopped = false;

  private constructor(dir: string, ctx: LiveSessionContext, saved: SavedSession) {
    this.#dir = dir;
    this.#ctx = ctx;
    this.#client = create({ url: ctx.kuboRpcUrl });
    this.id = saved.id;
    this.#privateKey = saved.privateKey;
    this.address = streamKeyAddress(saved.privateKey);
    this.obsStreamKey = saved.obsStreamKey;
    this.room = saved.room;
    this.createdAt = saved.createdAt;
    this.#status = saved.status;
    this.#announced = saved.announced;
    this.#last = saved.last;
    this.#connections = saved.connections;
    this.#rungs = saved.rungs;
    this.#hasAudio = saved.hasAudio;
    this.#endedAt = saved.endedAt;
    this.#error = saved.error;
    this.#creator = saved.creator;
    this.#title = saved.title;
    if (saved.frameRate) this.#frameRate = saved.frameRate;
    this.#vod = saved.vod;
    this.#vodError = saved.vodError;
    this.#keptAt = saved.keptAt;
    this.#discardedAt = saved.discardedAt;
  }

  static async create(dir: string, id: string, ctx: LiveSessionContext, title?: string): Promise<LiveStream> {
    const privateKey = generatePrivateKey();
    const address = streamKeyAddress(privateKey);
    const stream = new LiveStream(dir, ctx, {
      id,
      privateKey,
      // 24 random bytes: what OBS stores as the secret stream key.
      obsStreamKey: `live_${randomBytes(24).toString("base64url")}`,
      room: liveRoom(ctx.chainId, address),
      createdAt: new Date().toISOString(),
      status: "waiting",
      announced: 0,
      last: null,
      connections: 0,
      rungs: undefined,
      hasAudio: false,
      ...(title ? { title } : {}),
    });
    await mkdir(dir, { recursive: true });
    await stream.#save();
    return stream;
  }

  /** A session saved before a restart: one that was live waits for its encoder again (the sequence continues). */
  static async load(dir: string, ctx: LiveSessionContext): Promise<LiveStream> {
    const saved = JSON.parse(await readFile(path.join(dir, "session.json"), "utf8")) as SavedSession;
    const stream = new LiveStream(dir, ctx, saved);
    const recorded = await readFile(path.join(dir, SEGMENTS_FILE), "utf8").catch(() => "");
    stream.#segments = recorded
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as RecordedSegment);
    // Ended before its VOD was assembled (the worker stopped meanwhile): assemble it now.
    if (stream.#status === "ended" && !stream.#vod && !stream.#vodError) stream.#startVod();
    if (stream.#status === "live" || stream.#status === "reconnecting") {
      stream.#status = "reconnecting";
      stream.#discontinuity = true;
      stream.#startGrace();
    }
    return stream;
  }

  get status(): LiveSession["status"] {
    return this.#status;
  }

  get hasPublisher(): boolean {
    return this.#publisher !== undefined;
  }

  toJSON(): LiveSession {
    return {
      id: this.id,
      status: this.#status,
      createdAt: this.createdAt,
      room: this.room,
      streamKey: this.address,
      rtmpUrl: this.#ctx.rtmpUrl,
      obsStreamKey: this.obsStreamKey,
      segmentSeconds: this.#ctx.segmentSeconds,
      renditions: (this.#rungs ?? []).map((r) => ({
        name: r.name,
        width: r.width,
        height: r.height,
        bandwidth: nominalBandwidth(r, this.#hasAudio),
      })),
      announced: this.#announced,
      last: this.#last,
      connections: this.#connections,
      ...(this.#endedAt ? { endedAt: this.#endedAt } : {}),
      ...(this.#error ? { error: this.#error } : {}),
      ...(this.#vod ? { vod: this.#vod } : {}),
      ...(this.#vodError ? { vodError: this.#vodError } : {}),
      ...(this.#expiresAt() ? { expiresAt: this.#expiresAt()!.toISOString() } : {}),
      ...(this.#keptAt ? { keptAt: this.#keptAt } : {}),
      ...(this.#discardedAt ? { discardedAt: this.#discardedAt } : {}),
    };
  }

  /** When the recording will be discarded: the end plus the retention period, unless kept or already discarded. */
  #expiresAt(): Date | undefined {
    if (!this.#endedAt || this.#keptAt || this.#discardedAt) return undefined;
    return new Date(Date.parse(this.#endedAt) + this.#ctx.retentionMs);
  }

  /** Whether the retention period is over for a recording nobody kept (and its assembly, if any, has finished). */
  isExpired(now = Date.now()): boolean {
    const expiresAt = this.#expiresAt();
    return (
      expiresAt !== undefined && expiresAt.getTime() <= now && (this.#vod !== undefined || this.#vodError !== undefined)
    );
  }

  /**
   * The creator keeps the recording on this node for good (they published it, or chose to): the retention period no
   * longer applies. Allowed before the end too; refused once the recording is gone.
   */
  async keep(): Promise<void> {
    if (this.#discardedAt)
      throw new LiveRefusal(
        410,
        "live-discarded",
        `This recording was discarded on ${this.#discardedAt} (nobody kept it within the retention period); it cannot be kept any more.`,
      );
    this.#keptAt ??= new Date().toISOString();
    await this.#save();
  }

  /**
   * Discards a recording nobody kept: unpins its VOD directory — the live segments it linked become garbage for the
   * node's next `repo gc` (viewers' nodes hold their own copies under their own cache rules) — and deletes the
   * session's media files. `session.json` and `segments.ndjson` stay: the record of what was announced. A node that
   * cannot be reached leaves everything as it was, for the next sweep.
   */
  async discard(): Promise<void> {
    if (this.#discardedAt) return;
    if (this.#vod) {
      try {
        await this.#client.pin.rm(CID.parse(this.#vod.manifestCid));
      } catch (error) {
        // Unpinned already (by hand, or a sweep that stopped before saving): nothing left to unpin.
        if (!/not pinned/i.test(error instanceof Error ? error.message : String(error)))
          throw classifyIpfsError(error, this.#ctx.kuboRpcUrl);
      }
    }
    for (const entry of await readdir(this.#dir)) {
      if (entry === "session.json" || entry === SEGMENTS_FILE) continue;
      await rm(path.join(this.#dir, entry), { recursive: true, force: true });
    }
    this.#discardedAt = new Date().toISOString();
    await this.#save();
    this.#ctx.log("info", "live recording discarded", { liveId: this.id, vod: this.#vod?.manifestCid });
  }

  /**
   * The stream key's signature over `Streams.keyProofHash(creator)`, for the creator's `start` transaction. The hash is
   * computed here from the worker's chain and that chain's Streams address, never taken from the caller: the key
   * signs nothing else. A session proves itself for one creator only (the first who asks), so the key can start one
   * stream under one name.
   */
  async keyProof(creator: Address): Promise<LiveKeyProof> {
    const wallet = getAddress(creator);
    if (this.#status === "ended")
      throw new LiveRefusal(409, "live-ended", "This stream has ended. Start a new one for a new stream key.");
    if (this.#creator && this.#creator !== wallet)
      throw new LiveRefusal(
        409,
        "live-other-creator",
        `This stream key already proved itself for ${this.#creator}; a key starts one creator's stream. Start a new session for ${wallet}.`,
      );
    const streams = streamsAddressOf(this.#ctx.chainId);
    if (!streams)
      throw new LiveRefusal(
        503,
        "no-streams-contract",
        `The worker knows no Streams contract on chain ${this.#ctx.chainId}: set WORKER_CHAIN_ID to the web app's chain (npm run generate records each chain's deployment).`,
      );
    if (!this.#creator) {
      this.#creator = wallet;
      await this.#save();
    }
    return {
      keyProof: await signKeyProof(this.#privateKey, this.#ctx.chainId, streams, wallet),
      creator: wallet,
      streamKey: this.address,
      chainId: this.#ctx.chainId,
      streams,
    };
  }

  /**
   * An authorised encoder connection: RTMP (the server checked the key and that no other publisher is on), or the
   * browser's camera (browser-ingest.ts, WebM in parts over HTTP). Both feed one ffmpeg per connection.
   */
  attach(publisher: RtmpPublisher | WebmPublisher): void {
    clearTimeout(this.#grace);
    this.#publisher = publisher;
    this.#error = undefined;
    this.#connections++;
    if (this.#connections > 1) this.#discontinuity = true;
    this.#status = "live";
    void this.#save();
    this.#ctx.log("info", "live encoder connected", {
      liveId: this.id,
      remote: publisher.remote,
      connection: this.#connections,
    });

    const held: Buffer[] = [];
    let transcoder: Transcoder | undefined;
    let seenAudio = false;
    const start = (): void => {
      if (!this.#rungs) {
        let width: number;
        let height: number;
        let rate: number;
        if (publisher.input === "webm") {
          // The browser says its picture size and frame rate with its first part (MediaRecorder writes no metadata).
          ({ width, height, frameRate: rate } = publisher.media);
          this.#hasAudio = publisher.media.audio;
        } else {
          const metadata = publisher.metadata ?? {};
          width = Number(metadata["width"]) || 1280;
          height = Number(metadata["height"]) || 720;
          if (!publisher.metadata)
            this.#ctx.log("warn", "live encoder sent no metadata: assuming 1280x720", { liveId: this.id });
          rate = Number(metadata["framerate"]) || 30;
          this.#hasAudio = publisher.metadata ? "audiocodecid" in metadata || seenAudio : seenAudio;
        }
        this.#rungs = chooseLadder(
          { width, height, frameRate: fraction(rate) },
          { maxHeight: this.#ctx.maxHeight, maxRungs: this.#ctx.maxRungs },
        );
        this.#frameRate = chooseOutputFrameRate(fraction(rate));
      }
      transcoder = new Transcoder({
        ffmpegPath: this.#ctx.ffmpegPath,
        args: buildLiveArgs({
          rungs: this.#rungs,
          hasAudio: this.#hasAudio,
          frameRate: this.#frameRate,
          preset: this.#ctx.preset,
          segmentSeconds: this.#ctx.segmentSeconds,
          outDir: path.join(this.#dir, `c${this.#connections}`),
          input: publisher.input,
        }),
        dir: path.join(this.#dir, `c${this.#connections}`),
        rungs: this.#rungs.length,
        onSegment: (index, files) => this.#enqueue(() => this.#announceSegment(index, files)),
        onFailure: (reason) => {
          this.#error = `The live transcoder stopped: ${reason}. Stop and start streaming again in your encoder.`;
          this.#ctx.log("error", "live ffmpeg failed", { liveId: this.id, reason });
          publisher.close();
        },
        log: this.#ctx.log,
      });
      this.#transcoder = transcoder;
      if (publisher.input === "flv") transcoder.write(flvHeader());
      for (const tag of held) transcoder.write(tag);
      held.length = 0;
    };
    const write = (data: Buffer): void => {
      if (transcoder && !transcoder.write(data)) {
        this.#error = `The worker cannot transcode this stream in real time (${this.#rungs?.length} rungs): lower the encoder's resolution or WORKER_LIVE_RUNGS.`;
        this.#ctx.log("error", "live transcode behind real time", { liveId: this.id });
        publisher.close();
      }
    };
    if (publisher.input === "webm") {
      start();
      publisher.onData = write;
    } else
      publisher.onTag = (type, timestamp, data) => {
        if (transcoder) return write(flvTag(type, timestamp, data));
        if (type === 8) seenAudio = true;
        held.push(flvTag(type, timestamp, data));
        if (type === 18 || held.length >= MAX_TAGS_BEFORE_START || this.#rungs) {
          start();
        }
      };
    publisher.onClose = () => {
      this.#publisher = undefined;
      this.#ctx.log("info", "live encoder disconnected", { liveId: this.id, connection: this.#connections });
      void (async () => {
        await transcoder?.finish();
        await this.#queue;
        if (this.#status === "live" && !this.#ending && !this.#stopped) {
          this.#status = "reconnecting";
          await this.#save();
          this.#startGrace();
        }
      })();
    };
  }

  #frameRate: Fraction = { num: 30, den: 1 };

  #startGrace(): void {
    clearTimeout(this.#grace);
    this.#grace = setTimeout(() => {
      void this.end(
        `The encoder did not reconnect within ${Math.round(this.#ctx.reconnectGraceMs / 1000)} s, so the stream ended.`,
      );
    }, this.#ctx.reconnectGraceMs);
    this.#grace.unref();
  }

  /** Ends the stream: stops the encoder's connection and ffmpeg, announces what is left, then the `end`. */
  end(reason?: string): Promise<void> {
    this.#ending ??= (async () => {
      clearTimeout(this.#grace);
      this.#publisher?.close();
      await this.#transcoder?.finish();
      await this.#queue;
      if (this.#status !== "ended") {
        await this.#enqueue(() => this.#announce([], true));
        this.#status = "ended";
        this.#endedAt = new Date().toISOString();
        if (reason && !this.#error) this.#error = reason;
        await this.#save();
        this.#ctx.log("info", "live stream ended", { liveId: this.id, announced: this.#announced, reason });
        this.#startVod();
      }
    })();
    return this.#ending;
  }

  /** Stops without announcing the end (worker shutdown): a restart resumes the sequence. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#grace);
    this.#publisher?.close();
    await this.#transcoder?.finish();
    await this.#queue;
    await this.#assembling;
    await this.#save();
  }

  /**
   * Assembles the VOD in the background (the end is announced first, so viewers see it at once); `GET /live/:id`
   * shows `vod` once it is pinned, or `vodError`.
   */
  #startVod(): void {
    this.#assembling ??= (async () => {
      try {
        this.#vod = await assembleVod({
          dir: this.#dir,
          segments: this.#segments,
          rungs: this.#rungs ?? [],
          hasAudio: this.#hasAudio,
          frameRate: this.#frameRate,
          segmentSeconds: this.#ctx.segmentSeconds,
          title: this.#title ?? `Live stream of ${this.createdAt.slice(0, 16).replace("T", " ")} UTC`,
          createdAt: new Date(this.#endedAt ?? Date.now()),
          ffmpegPath: this.#ctx.ffmpegPath,
          kuboRpcUrl: this.#ctx.kuboRpcUrl,
          log: this.#ctx.log,
        });
        this.#ctx.log("info", "live VOD assembled", { liveId: this.id, ...this.#vod });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#vodError = `The recording could not be kept as a video: ${reason}.`;
        this.#ctx.log("error", "live VOD failed", { liveId: this.id, error: reason });
      }
      await this.#save();
    })();
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(task).catch((error: unknown) => {
      this.#error = error instanceof Error ? error.message : String(error);
      this.#ctx.log("error", "live announcement failed", { liveId: this.id, error: this.#error });
      // The segment is lost to viewers; the next announcement says the media jumps.
      this.#discontinuity = true;
    });
    this.#queue = next;
    return next;
  }

  async #announceSegment(index: number, files: SegmentFile[]): Promise<void> {
    const rungs = this.#rungs ?? [];
    const added = await addFilesSeparately(
      this.#client,
      files.map((f, i) => ({
        path: `${rungs[i]?.name ?? i}/${path.basename(f.file)}`,
        absolutePath: f.file,
        bytes: f.bytes,
      })),
      AbortSignal.timeout(30_000),
    ).catch((error: unknown) => {
      throw classifyIpfsError(error, this.#ctx.kuboRpcUrl);
    });
    const renditions = rungs.map((rung, i) => ({
      name: rung.name,
      width: rung.width,
      height: rung.height,
      bandwidth: nominalBandwidth(rung, this.#hasAudio),
      cid: added[i]!.cid.toString(),
      duration: Math.round(files[i]!.duration * 1000) / 1000,
    }));
    const discontinuity = this.#discontinuity;
    const seq = this.#announced;
    await this.#announce(renditions, false);
    const segment: RecordedSegment = {
      seq,
      discontinuity,
      renditions: await Promise.all(
        files.map(async (f, i) => ({
          file: path.relative(this.#dir, f.file),
          cid: added[i]!.cid.toString(),
          size: added[i]!.size,
          ...(await fileStamp(f.file)),
          duration: f.duration,
        })),
      ),
    };
    this.#segments.push(segment);
    await appendFile(path.join(this.#dir, SEGMENTS_FILE), `${JSON.stringify(segment)}\n`);
    if (index === 0)
      this.#ctx.log("info", "live segments announced", { liveId: this.id, connection: this.#connections });
  }

  async #announce(renditions: LiveAnnouncementBody["renditions"], end: boolean): Promise<void> {
    const body: LiveAnnouncementBody = {
      schema: LIVE_SCHEMA,
      stream: this.address,
      seq: this.#announced,
      prev: this.#last?.id ?? null,
      time: Date.now(),
      renditions,
      ...(this.#discontinuity && renditions.length > 0 ? { discontinuity: true } : {}),
      ...(end ? { end: true } : {}),
    };
    const bytes = encodeAnnouncement(await signAnnouncement(this.#privateKey, body));
    const id = announcementId(bytes);
    try {
      // Stored first, so a viewer that sees the next announcement can always fetch this one by its `prev`.
      const stored = await this.#client.block.put(bytes, { format: "raw", mhtype: "sha2-256", pin: false });
      if (stored.toString() !== id) throw new Error(`the node stored the announcement as ${stored}, expected ${id}`);
      await this.#client.pubsub.publish(this.room, bytes);
    } catch (error) {
      throw classifyIpfsError(error, this.#ctx.kuboRpcUrl);
    }
    if (renditions.length > 0) this.#discontinuity = false;
    this.#announced = body.seq + 1;
    this.#last = { seq: body.seq, id, time: body.time };
    await this.#save();
  }

  async #save(): Promise<void> {
    const saved: SavedSession = {
      id: this.id,
      privateKey: this.#privateKey,
      obsStreamKey: this.obsStreamKey,
      room: this.room,
      createdAt: this.createdAt,
      status: this.#status,
      announced: this.#announced,
      last: this.#last,
      connections: this.#connections,
      rungs: this.#rungs,
      hasAudio: this.#hasAudio,
      ...(this.#endedAt ? { endedAt: this.#endedAt } : {}),
      ...(this.#error ? { error: this.#error } : {}),
      ...(this.#creator ? { creator: this.#creator } : {}),
      ...(this.#title ? { title: this.#title } : {}),
      frameRate: this.#frameRate,
      ...(this.#vod ? { vod: this.#vod } : {}),
      ...(this.#vodError ? { vodError: this.#vodError } : {}),
      ...(this.#keptAt ? { keptAt: this.#keptAt } : {}),
      ...(this.#discardedAt ? { discardedAt: this.#discardedAt } : {}),
    };
    const file = path.join(this.#dir, "session.json");
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    // The private key is in it: readable by the worker's user only.
    await writeFile(temp, JSON.stringify(saved), { mode: 0o600 });
    await rename(temp, file);
  }
}

/** One line per announced segment (RecordedSegment), appended as it is announced. */
const SEGMENTS_FILE = "segments.ndjson";

function fraction(rate: number): Fraction {
  return { num: Math.round(rate * 1000), den: 1000 };
}

interface SegmentFile {
  file: string;
  bytes: number;
  duration: number;
}

interface TranscoderOptions {
  ffmpegPath: string;
  args: string[];
  dir: string;
  rungs: number;
  /** ffmpeg stopped before its input ended (the reason, from its last error line). */
  onFailure: (reason: string) => void;
  /** Segment `index` is complete in every rung (files lowest rung first). */
  onSegment: (index: number, files: SegmentFile[]) => void;
  log: Logger;
}

/**
 * One ffmpeg for one encoder connection, and the watch on its playlists: segment N is reported once every rung's
 * playlist lists it (ffmpeg renames a segment to its final name, then rewrites the playlist with its duration).
 */
class Transcoder {
  readonly #options: TranscoderOptions;
  readonly #process: ChildProcess;
  readonly #exited: Promise<void>;
  readonly #watchers: FSWatcher[] = [];
  readonly #timer: NodeJS.Timeout;
  #reported = 0;
  #scanning: Promise<void> | undefined;
  #again = false;
  #stderr = "";
  #finishing: Promise<void> | undefined;

  constructor(options: TranscoderOptions) {
    this.#options = options;
    for (let i = 0; i < options.rungs; i++) {
      const dir = path.join(options.dir, String(i));
      // Synchronous: the directories must exist before ffmpeg writes into them and before the watch.
      mkdirSync(dir, { recursive: true });
      try {
        const watcher = watch(dir, { persistent: false }, () => this.#scan());
        watcher.on("error", () => watcher.close());
        this.#watchers.push(watcher);
      } catch {
        // Without inotify the timer below still finds every segment.
      }
    }
    this.#timer = setInterval(() => this.#scan(), 250);
    this.#process = spawn(options.ffmpegPath, options.args, { stdio: ["pipe", "ignore", "pipe"] });
    this.#process.stdin?.on("error", () => {});
    this.#process.stderr?.on("data", (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    this.#exited = new Promise((resolve) => {
      this.#process.once("close", (code, signal) => {
        if (code !== 0 && !this.#finishing)
          options.onFailure(lastLine(this.#stderr) || `ffmpeg exited with ${code ?? signal}`);
        if (code !== 0)
          options.log("warn", "live ffmpeg exited", {
            code,
            signal,
            stderr: this.#stderr.trim().split("\n").slice(-3).join(" | "),
          });
        resolve();
      });
      this.#process.once("error", (error) => {
        options.log("error", "live ffmpeg failed to start", { error: error.message });
        resolve();
      });
    });
  }

  /** Returns false when ffmpeg has fallen too far behind the encoder (its input backlog is over MAX_BACKLOG_BYTES). */
  write(data: Buffer): boolean {
    const stdin = this.#process.stdin;
    if (stdin && !stdin.destroyed && stdin.writable) stdin.write(data);
    return (stdin?.writableLength ?? 0) <= MAX_BACKLOG_BYTES;
  }

  /** Ends ffmpeg's input, waits for it to write its last segment, and reports every segment left. */
  finish(): Promise<void> {
    this.#finishing ??= (async () => {
      this.#process.stdin?.end();
      const killer = setTimeout(() => this.#process.kill("SIGKILL"), 15_000);
      await this.#exited;
      clearTimeout(killer);
      clearInterval(this.#timer);
      for (const watcher of this.#watchers) watcher.close();
      while (this.#scanning) await this.#scanning;
      await this.#scanOnce();
    })();
    return this.#finishing;
  }

  #scan(): void {
    if (this.#scanning) {
      this.#again = true;
      return;
    }
    this.#scanning = (async () => {
      do {
        this.#again = false;
        await this.#scanOnce();
      } while (this.#again);
    })()
      .catch(() => {})
      .finally(() => {
        this.#scanning = undefined;
      });
  }

  async #scanOnce(): Promise<void> {
    const lists = await Promise.all(
      Array.from({ length: this.#options.rungs }, async (_, i) => {
        const text = await readFile(path.join(this.#options.dir, String(i), VARIANT_PLAYLIST), "utf8").catch(() => "");
        return parseMediaPlaylist(text).segments;
      }),
    );
    const complete = Math.min(...lists.map((l) => l.length));
    while (this.#reported < complete) {
      const index = this.#reported;
      const files: SegmentFile[] = [];
      for (const [i, list] of lists.entries()) {
        const segment = list[index]!;
        const file = path.join(this.#options.dir, String(i), segment.uri);
        const info = await stat(file).catch(() => undefined);
        if (!info) return;
        files.push({ file, bytes: info.size, duration: segment.durationSeconds });
      }
      this.#reported++;
      this.#options.onSegment(index, files);
    }
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()?.trim() ?? "";
}
