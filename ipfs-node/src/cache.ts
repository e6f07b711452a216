/**
 * The viewer cache: what this node's gateway served (a viewer watching), kept
 * so that the node re-serves it to other peers over bitswap.
 *
 * Content is grouped by **root**: the CID a gateway request names
 * (`/ipfs/<root>/720p/seg3.ts` → `<root>`). For each root the cache records
 * when it was last requested and every block read under it (with its size),
 * so a root that was only partly watched accounts for what is actually
 * stored. Nothing is deleted here: the quota and eviction live in repo.ts.
 *
 * The index is kept in memory and persisted as an append-only JSON-lines log
 * in the data directory (compacted when opened and when it grows), so it
 * survives restarts; a torn last line (crash while writing) is ignored:
 *
 *     {"root":"<key>","cid":"bafy...","at":1732250000000}   requested (last access, ms)
 *     {"root":"<key>","blocks":{"<key>":262144,...}}        blocks read under it
 *     {"forget":"<key>"}                                    evicted or unpinned
 */
import { appendFile, readFile, rename, writeFile } from "node:fs/promises";
import { CID } from "multiformats/cid";
import { blockKeyOf, isInline, type BlockFiles, type BlockKey } from "./block-files.ts";
import { errorMessage } from "./ipfs-path.ts";
import type { UnixFSComponents } from "@helia/unixfs";

/** What unixfs and the gateway read blocks from. */
export type BlockSource = UnixFSComponents["blockstore"];
type GetOptions = Parameters<BlockSource["get"]>[1];

export interface CachedRoot {
  key: BlockKey;
  /** the CID as it was first requested */
  cid: CID;
  /** when it was last requested (ms since the epoch) */
  lastAccess: number;
  /** every block read under it, with its size */
  blocks: ReadonlyMap<BlockKey, number>;
  /** gateway requests under way for it */
  active: number;
}

interface Entry extends CachedRoot {
  blocks: Map<BlockKey, number>;
  /** blocks not written to the log yet */
  unsaved: Map<BlockKey, number>;
  /** eviction passed over it while it was being served: try again when its last request ends */
  evictWhenIdle?: boolean;
}

export interface CacheSession {
  /** reads through the node's blockstore, recording every block read under the root */
  blockstore: BlockSource;
  /** the request is over; idempotent */
  end: () => void;
}

export interface ViewerCacheOptions {
  /** the JSON-lines index */
  file: string;
  files: BlockFiles;
  log: (msg: string) => void;
  /** called when a request ended or brought in a lot: the quota may be exceeded */
  onGrow: () => void;
}

/** A request that has read this many new blocks (~16 MiB of 256 KiB chunks) calls onGrow without waiting for its end. */
const GROW_NOTIFY_BLOCKS = 64;
/** Compact the log when it holds this many lines more than the index needs. */
const COMPACT_AFTER_LINES = 10_000;
/** How long close() waits for requests still running (they are aborted by then). */
const CLOSE_WAIT_MS = 2000;

type LogLine =
  | { root: BlockKey; cid: string; at: number }
  | { root: BlockKey; blocks: Record<BlockKey, number> }
  | { forget: BlockKey };

export class ViewerCache {
  readonly #file: string;
  readonly #log: (msg: string) => void;
  readonly #onGrow: () => void;
  readonly #roots = new Map<BlockKey, Entry>();
  /** every block of every root: its size and how many roots hold it */
  readonly #blocks = new Map<BlockKey, { size: number; roots: number }>();
  /** blocks being read right now (not recorded yet) */
  readonly #reading = new Map<BlockKey, number>();
  #sessions = 0;
  #sessionsDone: Array<() => void> = [];
  #lastStamp = 0;
  #writes: Promise<void> = Promise.resolve();
  /** log lines waiting for the next write (requests under load are written together, one append per batch) */
  #pending: string[] = [];
  /** roots whose last access changed and is not written yet (one line per root per write, not per request) */
  readonly #accessed = new Set<Entry>();
  #flushScheduled = false;
  #linesSinceCompaction = 0;
  #closed = false;
  readonly #forgetListeners: Array<(root: BlockKey) => void> = [];

  private constructor(options: ViewerCacheOptions) {
    this.#file = options.file;
    this.#log = options.log;
    this.#onGrow = options.onGrow;
  }

  /** Loads the index, drops blocks that are no longer stored, and compacts the log. */
  static async open(options: ViewerCacheOptions): Promise<ViewerCache> {
    const cache = new ViewerCache(options);
    let text = "";
    try {
      text = await readFile(options.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue; // torn write
      }
      cache.#replay(parsed);
    }
    // the blockstore is the truth: keep only blocks that are stored, with their real size
    for (const entry of cache.#roots.values()) {
      const keys = [...entry.blocks.keys()];
      for (let i = 0; i < keys.length; i += 64) {
        const sizes = await Promise.all(keys.slice(i, i + 64).map(async (k) => options.files.size(k)));
        keys.slice(i, i + 64).forEach((key, j) => {
          const size = sizes[j];
          if (size === undefined) entry.blocks.delete(key);
          else entry.blocks.set(key, size);
        });
      }
      if (entry.blocks.size === 0) cache.#roots.delete(entry.key);
    }
    for (const entry of cache.#roots.values()) {
      for (const [key, size] of entry.blocks) cache.#addRef(key, size);
      cache.#lastStamp = Math.max(cache.#lastStamp, entry.lastAccess);
    }
    await cache.#compact();
    return cache;
  }

  #replay(line: LogLine): void {
    if ("forget" in line) {
      this.#roots.delete(line.forget);
    } else if ("blocks" in line) {
      const entry = this.#roots.get(line.root);
      if (entry === undefined) return;
      for (const [key, size] of Object.entries(line.blocks)) entry.blocks.set(key, size);
    } else if (typeof line.at === "number") {
      const entry = this.#roots.get(line.root);
      if (entry !== undefined) {
        entry.lastAccess = Math.max(entry.lastAccess, line.at);
        return;
      }
      let cid: CID;
      try {
        cid = CID.parse(line.cid);
      } catch {
        return;
      }
      this.#roots.set(line.root, {
        key: line.root,
        cid,
        lastAccess: line.at,
        blocks: new Map(),
        unsaved: new Map(),
        active: 0,
      });
    }
  }

  /** A strictly increasing clock, so that requests in the same millisecond still have an order. */
  #now(): number {
    this.#lastStamp = Math.max(Date.now(), this.#lastStamp + 1);
    return this.#lastStamp;
  }

  #addRef(key: BlockKey, size: number): void {
    const ref = this.#blocks.get(key);
    if (ref === undefined) this.#blocks.set(key, { size, roots: 1 });
    else ref.roots++;
  }

  /**
   * Starts recording a gateway request for `root`: it becomes the most
   * recently used root, and every block read through the returned blockstore
   * is recorded under it.
   */
  session(root: CID, source: BlockSource): CacheSession {
    const key = blockKeyOf(root);
    let entry = this.#roots.get(key);
    if (entry === undefined) {
      entry = { key, cid: root, lastAccess: 0, blocks: new Map(), unsaved: new Map(), active: 0 };
      this.#roots.set(key, entry);
    }
    const current = entry;
    current.active++;
    current.lastAccess = this.#now();
    this.#sessions++;
    let recorded = 0;
    let ended = false;

    const cache = this;
    async function* get(cid: CID, options?: GetOptions): AsyncGenerator<Uint8Array> {
      if (isInline(cid)) {
        yield* source.get(cid, options);
        return;
      }
      const blockKey = blockKeyOf(cid);
      // protected from deletion from before it is fetched until it is recorded
      cache.#reading.set(blockKey, (cache.#reading.get(blockKey) ?? 0) + 1);
      try {
        let size = 0;
        for (let attempt = 1; ; attempt++) {
          try {
            for await (const chunk of source.get(cid, options)) {
              size += chunk.byteLength;
              yield chunk;
            }
            break;
          } catch (err) {
            // Eviction can delete a block between the blockstore's "I have it" and its read of the file (the delete
            // was decided before this read began): read once more, which finds it missing and fetches it from peers.
            if (attempt > 1 || size > 0 || !isVanishedBlock(err)) throw err;
          }
        }
        if (cache.#record(current, blockKey, size) && ++recorded % GROW_NOTIFY_BLOCKS === 0) cache.#onGrow();
      } finally {
        const n = cache.#reading.get(blockKey) ?? 1;
        if (n <= 1) cache.#reading.delete(blockKey);
        else cache.#reading.set(blockKey, n - 1);
      }
    }

    return {
      blockstore: {
        get,
        has: async (cid, options) => source.has(cid, options),
        put: async (cid, bytes, options) => source.put(cid, bytes, options),
      },
      end: () => {
        if (ended) return;
        ended = true;
        current.active--;
        current.lastAccess = this.#now();
        this.#sessions--;
        if (this.#sessions === 0) for (const done of this.#sessionsDone.splice(0)) done();
        if (this.#roots.get(key) !== current) return; // forgotten meanwhile
        const retry = current.evictWhenIdle === true && current.active === 0;
        if (retry) current.evictWhenIdle = false;
        if (current.blocks.size === 0) {
          // nothing was read (bad path, timeout): nothing to remember
          if (current.active === 0) {
            this.#roots.delete(key);
            this.#notifyForget(key);
          }
          return;
        }
        this.#persist(current);
        // Only a request that stored more (or a root eviction had to pass over) can have taken the repo over its
        // quota: an eviction pass per request read the pins and summed every cached block, for nothing, under load.
        if (recorded > 0 || retry) this.#onGrow();
      },
    };
  }

  /** Records a block read under a root; true when it is new for that root. */
  #record(entry: Entry, key: BlockKey, size: number): boolean {
    if (entry.blocks.has(key)) return false;
    entry.blocks.set(key, size);
    entry.unsaved.set(key, size);
    if (this.#roots.get(entry.key) === entry) this.#addRef(key, size);
    return true;
  }

  #persist(entry: Entry): void {
    if (entry.unsaved.size === 0) {
      // only the access time changed: written with the next batch, once per root
      if (this.#closed) return;
      this.#accessed.add(entry);
      this.#scheduleFlush();
      return;
    }
    this.#append([
      { root: entry.key, cid: entry.cid.toString(), at: entry.lastAccess },
      { root: entry.key, blocks: Object.fromEntries(entry.unsaved) },
    ]);
    entry.unsaved = new Map();
  }

  #append(lines: LogLine[]): void {
    if (this.#closed) return;
    for (const line of lines) this.#pending.push(`${JSON.stringify(line)}\n`);
    this.#scheduleFlush();
  }

  /** Appends what is pending after the writes under way (a single append for everything that queued meanwhile). */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.#writes = this.#writes
      .then(async () => {
        this.#flushScheduled = false;
        // access times after the lines queued before them: "at" only moves a known root's time forward
        for (const entry of this.#accessed) {
          if (this.#roots.get(entry.key) === entry)
            this.#pending.push(
              `${JSON.stringify({ root: entry.key, cid: entry.cid.toString(), at: entry.lastAccess })}\n`,
            );
        }
        this.#accessed.clear();
        const lines = this.#pending;
        this.#pending = [];
        if (lines.length === 0) return;
        await appendFile(this.#file, lines.join(""));
        this.#linesSinceCompaction += lines.length;
        if (this.#linesSinceCompaction > COMPACT_AFTER_LINES + 2 * this.#roots.size) await this.#compact();
      })
      .catch((err: unknown) => {
        this.#log(`cache: cannot write ${this.#file}: ${errorMessage(err)}`);
      });
  }

  /** Rewrites the log with just the current index (atomically: temp file + rename). */
  async #compact(): Promise<void> {
    const lines: LogLine[] = [];
    for (const entry of this.#roots.values()) {
      lines.push({ root: entry.key, cid: entry.cid.toString(), at: entry.lastAccess });
      lines.push({ root: entry.key, blocks: Object.fromEntries(entry.blocks) });
      entry.unsaved = new Map();
    }
    const tmp = `${this.#file}.tmp`;
    await writeFile(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    await rename(tmp, this.#file);
    this.#linesSinceCompaction = 0;
  }

  /** Whether a block belongs to a cached root or is being read by a request. */
  protects(key: BlockKey): boolean {
    return this.#blocks.has(key) || this.#reading.has(key);
  }

  /** Every cached block (union of all roots) with its size. */
  *blocks(): Generator<[BlockKey, number]> {
    for (const [key, ref] of this.#blocks) yield [key, ref.size];
  }

  /** The cached roots, least recently used first. */
  roots(): CachedRoot[] {
    return [...this.#roots.values()].sort((a, b) => a.lastAccess - b.lastAccess);
  }

  /**
   * Drops a root from the index (persisted). Returns the blocks that no
   * other root holds any more, with their sizes: the caller decides whether
   * to delete them.
   */
  forget(key: BlockKey): Array<[BlockKey, number]> {
    const entry = this.#roots.get(key);
    if (entry === undefined) return [];
    this.#roots.delete(key);
    const orphans: Array<[BlockKey, number]> = [];
    for (const block of entry.blocks.keys()) {
      const ref = this.#blocks.get(block);
      if (ref === undefined) continue;
      if (--ref.roots === 0) {
        this.#blocks.delete(block);
        orphans.push([block, ref.size]);
      }
    }
    this.#accessed.delete(entry);
    this.#append([{ forget: key }]);
    this.#notifyForget(key);
    return orphans;
  }

  /** Eviction had to pass over this root (it is being served): `onGrow` is called again when its last request ends. */
  evictWhenIdle(key: BlockKey): void {
    const entry = this.#roots.get(key);
    if (entry !== undefined) entry.evictWhenIdle = true;
  }

  /** Calls `listener` whenever a root leaves the cache (what was learnt from its blocks may be gone with them). */
  onForget(listener: (root: BlockKey) => void): void {
    this.#forgetListeners.push(listener);
  }

  #notifyForget(key: BlockKey): void {
    for (const listener of this.#forgetListeners) listener(key);
  }

  /**
   * Waits (at most a moment: they have been aborted) for requests still
   * running, then for the log writes; later writes are dropped.
   */
  async close(): Promise<void> {
    if (this.#sessions > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_WAIT_MS);
        this.#sessionsDone.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.#closed = true;
    await this.#writes;
  }
}

/** Whether a read failed because the block's file is gone (deleted by eviction after the blockstore said it had it). */
function isVanishedBlock(err: unknown): boolean {
  const code = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
  return (
    code(err) === "ENOENT" ||
    code((err as { cause?: unknown } | undefined)?.cause) === "ENOENT" ||
    /\bENOENT\b/.test(String(err))
  );
}
