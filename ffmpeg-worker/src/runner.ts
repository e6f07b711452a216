import { readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { WorkerConfig } from "./config.ts";
import type { VideoDetails } from "./details.ts";
import { JobInterrupted, WorkerError, badInput, toJobError } from "./errors.ts";
import { type Job, type JobMedia, type JobPatch, type JobStatus, type JobStore, isTerminal } from "./jobs.ts";
import { nominalBandwidth } from "./ladder.ts";
import type { MediaTools } from "./media-tools.ts";
import { type PreparedVideo, prepareVideo, writeManifest } from "./pipeline.ts";
import { publishDirectory } from "./publish.ts";
import type { StorageRoots } from "./storage-roots.ts";
import { MASTER_PLAYLIST } from "./transcode.ts";
import { encryptLadder } from "./encrypt.ts";
import type { JobAccess } from "@chorus/protocol";
import type { FileKeyStore } from "@chorus/protocol/key-service";

/** Where a job's files live: `<dataDir>/work/<id>/`, removed when the job ends. */
export interface JobPaths {
  dir: string;
  /** The upload while it streams in; renamed to `source` when complete. */
  partial: string;
  source: string;
  /** The directory that is published: manifest.json, master.m3u8, thumbnail.jpg, <rung>/... */
  out: string;
  /** What the transcode produced, so a restart while awaiting details does not transcode again. */
  prepared: string;
}

function jobPaths(workDir: string, id: string): JobPaths {
  const dir = path.join(workDir, id);
  return {
    dir,
    partial: path.join(dir, "source.part"),
    source: path.join(dir, "source"),
    out: path.join(dir, "out"),
    prepared: path.join(dir, "prepared.json"),
  };
}

export class JobConflict extends Error {
  override readonly name = "JobConflict";
}

interface RunningWork {
  controller: AbortController;
  done: Promise<void>;
}

const PROGRESS_UPDATE_MS = 250;

/**
 * Runs jobs: one transcode at a time (a ladder already uses both cores of the machines we target), publishing
 * beside it. Every piece of work can be aborted: a cancel marks the job cancelled and removes its files; a shutdown
 * leaves the job as it is on disk, and `resume()` on the next start takes it up again.
 */
export class JobRunner {
  readonly #store: JobStore;
  readonly #config: WorkerConfig;
  readonly #tools: MediaTools;
  readonly #workDir: string;
  readonly #queue: string[] = [];
  readonly #running = new Map<string, RunningWork>();
  #transcoding: string | undefined;
  #stopping = false;

  readonly #storageRoots: StorageRoots | undefined;
  readonly #keys: FileKeyStore | undefined;

  constructor(options: {
    store: JobStore;
    config: WorkerConfig;
    tools: MediaTools;
    workDir: string;
    storageRoots?: StorageRoots;
    /** Content keys of encrypted videos (`<dataDir>/keys`); jobs with `access` fail without it. */
    keys?: FileKeyStore;
  }) {
    this.#keys = options.keys;
    this.#storageRoots = options.storageRoots;
    this.#store = options.store;
    this.#config = options.config;
    this.#tools = options.tools;
    this.#workDir = options.workDir;
  }

  paths(id: string): JobPaths {
    return jobPaths(this.#workDir, id);
  }

  /** Registers a completely uploaded source (already at paths(id).source) and queues it. */
  async submit(upload: { id: string; filename: string; bytes: number; access?: JobAccess }): Promise<Job> {
    if (upload.bytes === 0) {
      await this.#removeFiles(upload.id);
      const job = this.#store.create({
        ...upload,
        status: "failed",
        stage: "Failed",
        progress: 0,
        error: badInput.emptyFile().toJobError(),
      });
      this.#log("warn", "job failed", job, { code: "empty-file" });
      return job;
    }
    const job = this.#store.create({ ...upload, status: "queued", stage: this.#queuedStage(), progress: 0 });
    this.#log("info", "job queued", job, { bytes: upload.bytes });
    this.#enqueue(job.id);
    return job;
  }

  /** Stores the creator's details; publishes at once if the transcode is done. */
  setDetails(id: string, details: VideoDetails): Job {
    const job = this.#store.get(id);
    if (!job) throw new Error(`No job ${id}`);
    if (job.status === "publishing" || job.status === "published")
      throw new JobConflict("This video is already being published; its details can no longer change.");
    if (job.status === "failed" || job.status === "cancelled")
      throw new JobConflict(
        `This job has ${job.status === "failed" ? "failed" : "been cancelled"}; upload the video again.`,
      );
    const updated = this.#store.update(id, { details });
    if (updated.status === "awaiting-details") this.#startPublish(id);
    return this.#store.get(id) ?? updated;
  }

  /**
   * Cancels a job that is still in progress (stops ffmpeg or the IPFS add, removes its files, keeps the record as
   * cancelled). A job that already ended is forgotten: its record goes too. Published content stays on IPFS.
   */
  async cancel(id: string): Promise<Job | undefined> {
    const job = this.#store.get(id);
    if (!job) return undefined;
    if (isTerminal(job.status)) {
      this.#store.remove(id);
      await this.#removeFiles(id);
      return job;
    }
    const cancelled = this.#store.update(id, { status: "cancelled", stage: "Cancelled", etaSeconds: undefined });
    const queued = this.#queue.indexOf(id);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const running = this.#running.get(id);
    if (running) {
      running.controller.abort(new JobInterrupted("cancel"));
      await running.done;
    }
    await this.#removeFiles(id);
    this.#log("info", "job cancelled", cancelled);
    return cancelled;
  }

  /**
   * Called once at start, before the API listens: takes up jobs a stop or crash interrupted, and removes files
   * that belong to no live job (partial uploads, outputs of ended jobs).
   */
  async resume(): Promise<void> {
    const resumers: Record<JobStatus, (job: Job) => Promise<void>> = {
      queued: (job) => this.#resumeFromSource(job),
      probing: (job) => this.#resumeFromSource(job),
      transcoding: (job) => this.#resumeFromSource(job),
      "awaiting-details": (job) => this.#resumePrepared(job),
      publishing: (job) => this.#resumePrepared(job),
      published: (job) => this.#removeFiles(job.id),
      failed: (job) => this.#removeFiles(job.id),
      cancelled: (job) => this.#removeFiles(job.id),
    };
    // Oldest first, so the queue keeps its order.
    for (const job of this.#store.list().reverse()) await resumers[job.status](job);
    const names = await readdir(this.#workDir).catch(() => [] as string[]);
    for (const name of names) {
      if (!this.#store.get(name)) await rm(path.join(this.#workDir, name), { recursive: true, force: true });
    }
  }

  /** Stops all work (ffmpeg is killed) and leaves jobs to be resumed by the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#queue.length = 0;
    for (const running of this.#running.values()) running.controller.abort(new JobInterrupted("shutdown"));
    await Promise.all([...this.#running.values()].map((r) => r.done));
    await this.#store.flush();
  }

  async #resumeFromSource(job: Job): Promise<void> {
    const paths = this.paths(job.id);
    const size = await stat(paths.source).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== job.bytes) {
      await this.#removeFiles(job.id);
      this.#fail(
        job.id,
        new WorkerError("interrupted", "The worker restarted and the uploaded file was lost. Upload the video again.", {
          retryable: true,
        }),
      );
      return;
    }
    await rm(paths.out, { recursive: true, force: true });
    await rm(paths.prepared, { force: true });
    const updated = this.#store.update(job.id, {
      status: "queued",
      stage: "Resuming after a worker restart",
      progress: 0,
      etaSeconds: undefined,
    });
    this.#log("info", "job resumed from its source", updated);
    this.#enqueue(job.id);
  }

  async #resumePrepared(job: Job): Promise<void> {
    if (job.manifestCid) {
      // Stopped between the IPFS add and the last status change.
      await this.#removeFiles(job.id);
      this.#markPublished(job.id);
      return;
    }
    const paths = this.paths(job.id);
    const prepared = await readPrepared(paths.prepared);
    const masterExists = await stat(path.join(paths.out, MASTER_PLAYLIST)).then(
      () => true,
      () => false,
    );
    if (!prepared || !masterExists) {
      await this.#resumeFromSource(job);
      return;
    }
    this.#log("info", "job resumed after its transcode", job);
    if (job.details) this.#startPublish(job.id);
    else
      this.#store.update(job.id, {
        status: "awaiting-details",
        stage: "Ready to publish: add a title",
        progress: 1,
        etaSeconds: undefined,
      });
  }

  #enqueue(id: string): void {
    this.#queue.push(id);
    this.#pump();
  }

  #queuedStage(): string {
    const ahead = this.#queue.length + (this.#transcoding ? 1 : 0);
    return ahead === 0 ? "Starting" : `Waiting for ${ahead} other video${ahead === 1 ? "" : "s"} to finish transcoding`;
  }

  #pump(): void {
    if (this.#transcoding || this.#stopping) return;
    const id = this.#queue.shift();
    if (id === undefined) return;
    this.#transcoding = id;
    this.#track(id, (signal) => this.#transcode(id, signal)).finally(() => {
      this.#transcoding = undefined;
      this.#pump();
    });
  }

  /** Runs one piece of work for a job with its own abort controller; failures end the job. */
  #track(id: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    const done = work(controller.signal)
      .catch((error: unknown) => this.#handleError(id, controller.signal.aborted ? controller.signal.reason : error))
      .finally(() => {
        if (this.#running.get(id)?.controller === controller) this.#running.delete(id);
      });
    this.#running.set(id, { controller, done });
    return done;
  }

  async #transcode(id: string, signal: AbortSignal): Promise<void> {
    const job = this.#store.get(id);
    if (job?.status !== "queued") return;
    const paths = this.paths(id);
    this.#update(id, { status: "probing", stage: "Checking the file", progress: 0 });
    const startedAt = Date.now();
    let lastProgressAt = 0;

    const prepared = await prepareVideo(paths.source, paths.out, {
      ffmpegPath: this.#tools.ffmpeg.path,
      ffprobePath: this.#tools.ffprobe.path,
      maxHeight: this.#config.maxHeight,
      preset: this.#config.preset,
      signal,
      // Segments go to IPFS as ffmpeg finishes them, so publishing is left with little to add. Unpinned: a job that
      // ends without publishing leaves nothing pinned behind, and publishing checks they are all still there.
      // Not for an encrypted video: its segments would enter IPFS in clear (encrypt.ts).
      ...(job.access
        ? {}
        : {
            addSegmentsTo: {
              kuboRpcUrl: this.#config.kuboRpcUrl,
              onError: (error: WorkerError) =>
                this.#log(
                  "warn",
                  "adding segments during the transcode stopped; publishing adds them",
                  this.#store.get(id),
                  { code: error.code, detail: error.detail },
                ),
            },
          }),
      onProbed: (probe, rungs) => {
        const media: JobMedia = {
          durationSeconds: probe.durationSeconds,
          width: probe.video.width,
          height: probe.video.height,
          hasAudio: probe.audio !== null,
          renditions: rungs.map((r) => ({
            name: r.name,
            width: r.width,
            height: r.height,
            bandwidth: nominalBandwidth(r, probe.audio !== null),
          })),
        };
        this.#update(id, {
          status: "transcoding",
          stage: `Transcoding ${listNames(rungs.map((r) => r.name).reverse())}`,
          progress: 0,
          media,
        });
        this.#log("info", "transcoding", this.#store.get(id), {
          rungs: rungs.map((r) => `${r.name}=${r.width}x${r.height}`),
          durationSeconds: probe.durationSeconds,
        });
      },
      onTranscodeProgress: ({ fraction, etaSeconds }) => {
        const now = Date.now();
        if (now - lastProgressAt < PROGRESS_UPDATE_MS) return;
        lastProgressAt = now;
        this.#update(id, { progress: round(fraction), etaSeconds });
      },
    });

    if (job.access) {
      if (!this.#keys) throw new Error("This worker keeps no content keys, so it cannot encrypt a video");
      const { access, key } = await encryptLadder(
        paths.out,
        prepared.renditions.map((r) => r.playlist),
        job.access.previewSeconds,
      );
      // The key is on disk before prepared.json says the segments are encrypted: a crash in between re-transcodes.
      await this.#keys.put(access.keyId, key);
      prepared.access = access;
      this.#update(id, { keyId: access.keyId });
    }
    await writeJsonAtomic(paths.prepared, prepared);
    const current = this.#store.get(id);
    if (!current || current.status === "cancelled") return;
    const media = current.media && {
      ...current.media,
      renditions: prepared.renditions.map((r) => ({
        name: r.name,
        width: r.width,
        height: r.height,
        bandwidth: r.bandwidth,
      })),
    };
    this.#log("info", "transcoded", current, { seconds: Math.round((Date.now() - startedAt) / 100) / 10 });
    if (media) this.#update(id, { media });
    if (current.details) {
      // Set here too: if the worker is stopping, startPublish does nothing and resume() publishes on the next start.
      this.#update(id, { status: "publishing", stage: "Adding to IPFS", progress: 0, etaSeconds: undefined });
      this.#startPublish(id);
    } else
      this.#update(id, {
        status: "awaiting-details",
        stage: "Ready to publish: add a title",
        progress: 1,
        etaSeconds: undefined,
      });
  }

  #startPublish(id: string): void {
    if (this.#stopping || (this.#running.has(id) && this.#transcoding !== id)) return;
    this.#update(id, { status: "publishing", stage: "Adding to IPFS", progress: 0, etaSeconds: undefined });
    // Called from the end of the transcode too: publishing runs outside the transcode slot, so the next video can start.
    queueMicrotask(() => void this.#track(id, (signal) => this.#publish(id, signal)));
  }

  async #publish(id: string, signal: AbortSignal): Promise<void> {
    const job = this.#store.get(id);
    const paths = this.paths(id);
    const prepared = await readPrepared(paths.prepared);
    if (!job?.details || !prepared) throw new Error(`job ${id} is not ready to publish`);
    let lastProgressAt = 0;
    await writeManifest(paths.out, prepared, job.details, { filename: job.filename, bytes: job.bytes });
    const manifestCid = await publishDirectory(paths.out, {
      kuboRpcUrl: this.#config.kuboRpcUrl,
      ...(prepared.added ? { added: prepared.added } : {}),
      onFallback: (reason) =>
        this.#log(
          "info",
          "segments added during the transcode not reusable; adding the whole directory",
          this.#store.get(id),
          { reason },
        ),
      attempts: this.#config.publishAttempts,
      baseDelayMs: this.#config.publishRetryBaseMs,
      signal,
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - lastProgressAt < PROGRESS_UPDATE_MS && fraction < 1) return;
        lastProgressAt = now;
        this.#update(id, { progress: round(fraction) });
      },
      onRetry: ({ attempt, attempts, delayMs, error }) => {
        this.#log("warn", "IPFS add failed; retrying", this.#store.get(id), {
          attempt,
          attempts,
          delayMs,
          code: error.code,
          detail: error.detail,
        });
        this.#update(id, {
          stage: `${error.message} Retrying in ${Math.ceil(delayMs / 1000)} s (attempt ${attempt + 1} of ${attempts}).`,
          progress: 0,
        });
      },
    });
    if (prepared.access) await this.#keys?.setManifest(prepared.access.keyId, manifestCid);
    if (this.#store.get(id)?.status === "cancelled") return;
    // Record the CID first: if the worker dies before the status changes, resume() finishes the job from it.
    this.#update(id, { manifestCid });
    await this.#removeFiles(id);
    this.#markPublished(id);
    // The root a storage deal commits to, from the content just added (the job is published already: a failure here
    // costs nothing, the deal form asks again through GET /storage-roots/:cid).
    if (this.#storageRoots) {
      try {
        this.#update(id, { storage: await this.#storageRoots.get(manifestCid, signal) });
      } catch (error) {
        this.#log("warn", "storage root not computed", this.#store.get(id), {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  #markPublished(id: string): void {
    const published = this.#update(id, { status: "published", stage: "Published", progress: 1, etaSeconds: undefined });
    this.#log("info", "published", published);
  }

  async #handleError(id: string, error: unknown): Promise<void> {
    if (error instanceof JobInterrupted) {
      // A cancel cleans up in cancel(); after a shutdown the job stays as it is for resume().
      if (error.kind === "shutdown" && this.#store.get(id)) {
        this.#update(id, {
          stage: "Interrupted: the worker stopped; this job resumes when it starts again",
          etaSeconds: undefined,
        });
      }
      return;
    }
    if (this.#store.get(id)?.status === "cancelled") return;
    // Files first, so that a job reported failed has nothing left on disk.
    await this.#removeFiles(id);
    this.#fail(id, error);
  }

  #fail(id: string, error: unknown): void {
    const jobError = toJobError(error);
    const job = this.#update(id, { status: "failed", stage: "Failed", error: jobError, etaSeconds: undefined });
    this.#log(jobError.code === "internal" ? "error" : "warn", "job failed", job, {
      code: jobError.code,
      retryable: jobError.retryable,
      detail: error instanceof WorkerError ? error.detail : error instanceof Error ? error.stack : String(error),
    });
  }

  /** Applies a patch unless the job was cancelled or forgotten meanwhile (work finishing after a cancel). */
  #update(id: string, patch: JobPatch): Job | undefined {
    const job = this.#store.get(id);
    if (!job || job.status === "cancelled") return job;
    return this.#store.update(id, patch);
  }

  async #removeFiles(id: string): Promise<void> {
    await rm(this.paths(id).dir, { recursive: true, force: true });
  }

  #log(
    level: "info" | "warn" | "error",
    message: string,
    job: Job | undefined,
    fields: Record<string, unknown> = {},
  ): void {
    this.#config.log(level, message, {
      jobId: job?.id,
      status: job?.status,
      ...(job?.manifestCid ? { manifestCid: job.manifestCid } : {}),
      ...fields,
    });
  }
}

async function readPrepared(file: string): Promise<PreparedVideo | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as PreparedVideo;
  } catch {
    return undefined;
  }
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(value));
  await rename(`${file}.tmp`, file);
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function round(fraction: number): number {
  return Math.round(fraction * 1000) / 1000;
}
