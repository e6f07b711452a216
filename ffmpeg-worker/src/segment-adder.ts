import { type FSWatcher, type Stats, watch } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { create } from "kubo-rpc-client";
import type { WorkerError } from "./errors.ts";
import { SEGMENT_NAME, SEGMENT_TEMP_NAME } from "./ffmpeg-args.ts";
import { type AddedFile, addFilesSeparately, addTimeoutMs, classifyIpfsError } from "./publish.ts";

/**
 * Adds HLS segments to IPFS while ffmpeg is still encoding the rest, so that once it exits publishing is left with
 * the playlists, the thumbnail, the manifest and the directory nodes (publish.ts); segments are nearly all of a
 * video's bytes. The adding is not free on a small machine: the ladder keeps ~85 % of 2 cores busy, and moving the
 * bytes (reading, loopback HTTP, chunking, hashing, storing: ~200–300 ms of CPU for the benchmark's 12.7 MB, two
 * thirds of it on the client side) lengthens the ladder by about what it takes off publishing (README, "Adding to
 * IPFS while ffmpeg works"). It pays where cores are spare, and always for a job that waits for its title.
 *
 * - **When a segment is complete.** The ladder runs with `-hls_flags temp_file`: ffmpeg 5.1 writes a segment to
 *   `seg_N.ts.tmp` and renames it when complete, so once a temp file has been seen a final name means complete.
 *   Builds that write segments in place (the 2018 npm ffmpeg) are caught by that rule not holding: until a temp file
 *   is seen, segment N counts as complete only once segment N+1 exists (ffmpeg closes one before opening the next).
 *   Either way this is only an optimisation: a file is recorded with its size and mtime, checked again after the add
 *   and again at publishing, and any file that changed, or was never added, is added then.
 * - **Unpinned.** The adds do not pin: pins cost our embedded node a walk of every block to set and another to remove,
 *   and the early pins would have to be found and removed after a cancel, a failure or a crash. Unpinned blocks a
 *   garbage collection removes before publishing are simply added again: publishing pins the root with a check that
 *   every block is present (`pin/add --offline`) and adds the whole directory the ordinary way if one is missing.
 *   Blocks of a cancelled or failed job are left unpinned, for the node's next `repo gc`, as after any interrupted add.
 * - **Never fails the transcode.** The first IPFS failure stops the adding (reported through `onError`); publishing
 *   adds what is left, with its retries.
 */
export interface SegmentDirectory {
  /** Where ffmpeg writes one rung's segments. */
  dir: string;
  /** That directory's path in the published tree (the worker renames it after the transcode), e.g. "240p". */
  publishedAs: string;
}

export interface SegmentAdderOptions {
  kuboRpcUrl: string;
  directories: readonly SegmentDirectory[];
  /** Aborts the add under way. */
  signal?: AbortSignal;
  /** The first IPFS failure; no more segments are added after it. */
  onError?: (error: WorkerError) => void;
}

interface Pending {
  file: string;
  path: string;
}

export class SegmentAdder {
  readonly #options: SegmentAdderOptions;
  readonly #client: ReturnType<typeof create>;
  readonly #watchers: FSWatcher[] = [];
  /** Complete segments not added yet, in the order they were found. */
  readonly #queue: Pending[] = [];
  readonly #found = new Set<string>();
  readonly #added: AddedFile[] = [];
  /** A segment temp file has been seen: this ffmpeg gives segments their final name only when they are complete. */
  #tempFiles = false;
  #stopped = false;
  #failed = false;
  #scanning: Promise<void> | undefined;
  #scanAgain = false;
  #adding: Promise<void> | undefined;

  constructor(options: SegmentAdderOptions) {
    this.#options = options;
    this.#client = create({ url: options.kuboRpcUrl });
  }

  /** Files added so far. */
  get added(): readonly AddedFile[] {
    return this.#added;
  }

  /** Starts watching the (existing) segment directories. */
  start(): void {
    for (const directory of this.#options.directories) {
      try {
        // One watcher per rung directory (not a recursive one, which misses events in new subdirectories).
        const watcher = watch(directory.dir, { persistent: false }, (_event, name) => {
          if (typeof name === "string" && SEGMENT_TEMP_NAME.test(name)) this.#tempFiles = true;
          this.#scan();
        });
        watcher.on("error", () => watcher.close());
        this.#watchers.push(watcher);
      } catch {
        // No file watching here (inotify limits?): publishing adds everything, as it would without this class.
      }
    }
  }

  /** Stops watching and waits for the add under way (segments still queued are left to publishing). */
  async stop(): Promise<readonly AddedFile[]> {
    this.#stopped = true;
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers.length = 0;
    while (this.#scanning || this.#adding) await Promise.all([this.#scanning, this.#adding]);
    return this.#added;
  }

  /** Reads the directories again after a change; runs are coalesced. */
  #scan(): void {
    if (this.#stopped) return;
    if (this.#scanning) {
      this.#scanAgain = true;
      return;
    }
    this.#scanning = (async () => {
      do {
        this.#scanAgain = false;
        for (const directory of this.#options.directories) await this.#scanDirectory(directory);
        this.#pump();
      } while (this.#scanAgain && !this.#stopped);
    })()
      .catch(() => {})
      .finally(() => {
        this.#scanning = undefined;
      });
  }

  async #scanDirectory({ dir, publishedAs }: SegmentDirectory): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const started = new Set<number>();
    const named: [index: number, name: string][] = [];
    for (const name of names) {
      const final = SEGMENT_NAME.exec(name);
      const temp = final ? null : SEGMENT_TEMP_NAME.exec(name);
      if (temp) this.#tempFiles = true;
      const index = Number((final ?? temp)?.[1] ?? Number.NaN);
      if (Number.isNaN(index)) continue;
      started.add(index);
      if (final) named.push([index, name]);
    }
    named.sort((a, b) => a[0] - b[0]);
    for (const [index, name] of named) {
      const relative = `${publishedAs}/${name}`;
      if (this.#found.has(relative)) continue;
      if (!this.#tempFiles && !started.has(index + 1)) continue;
      this.#found.add(relative);
      this.#queue.push({ file: path.join(dir, name), path: relative });
    }
  }

  /**
   * One request at a time, taking every segment found complete since the last one (the three rungs' segment N come
   * within milliseconds of each other): fewer, larger requests cost the node less than one per file.
   */
  #pump(): void {
    if (this.#adding || this.#stopped || this.#failed || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, MAX_FILES_PER_REQUEST);
    this.#adding = this.#add(batch).finally(() => {
      this.#adding = undefined;
      this.#pump();
    });
  }

  async #add(batch: readonly Pending[]): Promise<void> {
    const files: { path: string; absolutePath: string; bytes: number; before: Stats }[] = [];
    for (const pending of batch) {
      const before = await stat(pending.file).catch(() => undefined);
      if (before) files.push({ path: pending.path, absolutePath: pending.file, bytes: before.size, before });
    }
    if (files.length === 0) return;
    const timeout = AbortSignal.timeout(addTimeoutMs(files.reduce((sum, f) => sum + f.bytes, 0)));
    const signal = this.#options.signal ? AbortSignal.any([this.#options.signal, timeout]) : timeout;
    let links;
    try {
      links = await addFilesSeparately(this.#client, files, signal);
    } catch (error) {
      if (this.#options.signal?.aborted) return;
      this.#failed = true;
      this.#options.onError?.(classifyIpfsError(error, this.#options.kuboRpcUrl, timeout.aborted));
      return;
    }
    for (const [i, { before, absolutePath }] of files.entries()) {
      const link = links[i]!;
      const after = await stat(absolutePath).catch(() => undefined);
      // Changed while it was read (a build that writes in place, against the rule above): publishing adds it.
      if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs) continue;
      this.#added.push({
        path: link.path,
        cid: link.cid.toString(),
        size: link.size,
        bytes: after.size,
        mtimeMs: after.mtimeMs,
      });
    }
  }
}

/** Bounds a request; segments found together are usually one per rung. */
const MAX_FILES_PER_REQUEST = 12;
