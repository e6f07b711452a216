/**
 * The node's storage policy: what it keeps, within which quota, and garbage
 * collection.
 *
 * - **Pins** are kept, always. Pins made over RPC (`pin/add`: a viewer
 *   "following" a channel, a keeper taking a deal) count toward the quota and
 *   one that does not fit next to the other pins is refused
 *   (`QuotaExceededError`); pins made by `add` (publishing) are never refused,
 *   but they count too.
 * - **The viewer cache** (cache.ts: what the gateway served) is kept within
 *   what the pins leave of the quota; when pins + cache exceed it, cached
 *   roots are evicted least recently used first (their blocks are deleted
 *   unless pinned or held by another cached root). Pinned content is never
 *   evicted.
 * - **Garbage** (any other block: `cat` of remote content, unpinned adds,
 *   what a refused or failed pin fetched) is deleted by `repo/gc`, which keeps
 *   pins and the cache, as Kubo's keeps pins.
 *
 * Sizes are those of the block files, each block counted once however many
 * pins or roots hold it.
 */
import { blockKeyOf, cidOfKey, directorySize, isInline, type BlockFiles, type BlockKey } from "./block-files.ts";
import { getBlock, walkDag, type VisitedBlock } from "./dag.ts";
import { GcLock } from "./gc-lock.ts";
import { errorMessage } from "./ipfs-path.ts";
import { PinError, type PinManager } from "./pins.ts";
import type { CachedRoot, ViewerCache } from "./cache.ts";
import type { ChorusHelia } from "./helia.ts";
import type { FsBlockstore } from "blockstore-fs";
import type { CID } from "multiformats/cid";

class QuotaExceededError extends PinError {
  override name = "QuotaExceededError";
}

export interface RepoOptions {
  helia: ChorusHelia;
  pins: PinManager;
  cache: ViewerCache;
  files: BlockFiles;
  /** deletes block files (below Helia's BlockStorage, whose delete waits for every read under way) */
  fsBlockstore: Pick<FsBlockstore, "delete">;
  dataDir: string;
  quotaBytes: number;
  log: (msg: string) => void;
}

export interface Usage {
  quotaBytes: number;
  /** blocks under any pin */
  pinnedBytes: number;
  /** blocks of cached roots that are not pinned */
  cachedBytes: number;
}

export interface RepoStat {
  repoSize: number;
  numObjects: number;
  storageMax: number;
  repoPath: string;
}

interface Pinned {
  signature: string;
  blocks: Map<BlockKey, number>;
  bytes: number;
}

/** What `repo/stat` reports as the repo version (this is not a Kubo fs-repo). */
export const REPO_VERSION = "chorus-helia@1";

function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit] as string}`;
}

export class Repo {
  readonly #helia: ChorusHelia;
  readonly #pins: PinManager;
  readonly #cache: ViewerCache;
  readonly #files: BlockFiles;
  readonly #fsBlockstore: Pick<FsBlockstore, "delete">;
  readonly #dataDir: string;
  readonly #quota: number;
  readonly #log: (msg: string) => void;
  readonly #lock = new GcLock();
  /** the blocks of each recursive pin, by root (DAGs are immutable: never stale) */
  readonly #dags = new Map<BlockKey, Map<BlockKey, number>>();
  #pinned: Pinned | undefined;
  /** bytes counted by pins under way */
  #reserved = 0;
  /** blocks fetched by pins that failed or were refused, deleted by the next maintenance */
  readonly #garbage = new Set<BlockKey>();
  #maintenance: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: RepoOptions) {
    this.#helia = options.helia;
    this.#pins = options.pins;
    this.#cache = options.cache;
    this.#files = options.files;
    this.#fsBlockstore = options.fsBlockstore;
    this.#dataDir = options.dataDir;
    this.#quota = options.quotaBytes;
    this.#log = options.log;
  }

  get quotaBytes(): number {
    return this.#quota;
  }

  /** Runs `fn` (which writes blocks it will pin) without a GC in between. */
  async guard<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.shared(fn);
  }

  async #sizeOf(cid: CID): Promise<number | undefined> {
    return this.#files.size(blockKeyOf(cid));
  }

  /** The blocks of a complete (pinned) DAG, measured from local blocks. */
  async #dagOf(root: CID): Promise<Map<BlockKey, number>> {
    const key = blockKeyOf(root);
    const known = this.#dags.get(key);
    if (known !== undefined) return known;
    const blocks = new Map<BlockKey, number>();
    try {
      await walkDag(
        this.#helia,
        root,
        (cid, block) => {
          if (!isInline(cid)) blocks.set(blockKeyOf(cid), block.size ?? 0);
        },
        { offline: true, sizeOf: async (cid) => this.#sizeOf(cid) },
      );
    } catch (err) {
      // Helia only pins complete DAGs: this is damage (a block file removed by hand?)
      this.#log(
        `repo: pin ${root} is incomplete (${errorMessage(err)}); counting only the ${blocks.size} blocks reached`,
      );
    }
    this.#dags.set(key, blocks);
    return blocks;
  }

  /** Every pinned block with its size (recomputed when the set of pins changed). */
  async #pinnedBlocks(): Promise<Pinned> {
    const pins: Array<{ cid: CID; recursive: boolean }> = [];
    for await (const pin of this.#helia.pins.ls()) pins.push({ cid: pin.cid, recursive: pin.depth > 0 });
    const signature = pins
      .map((p) => `${blockKeyOf(p.cid)}${p.recursive ? "" : ":direct"}`)
      .sort()
      .join(",");
    if (this.#pinned?.signature === signature) return this.#pinned;
    const blocks = new Map<BlockKey, number>();
    for (const pin of pins) {
      if (pin.recursive) {
        for (const [key, size] of await this.#dagOf(pin.cid)) blocks.set(key, size);
      } else if (!isInline(pin.cid)) {
        blocks.set(blockKeyOf(pin.cid), (await this.#sizeOf(pin.cid)) ?? 0);
      }
    }
    let bytes = 0;
    for (const size of blocks.values()) bytes += size;
    this.#pinned = { signature, blocks, bytes };
    return this.#pinned;
  }

  #cachedBytes(pinned: Pinned): number {
    let bytes = 0;
    for (const [key, size] of this.#cache.blocks()) {
      if (!pinned.blocks.has(key)) bytes += size;
    }
    return bytes;
  }

  async usage(): Promise<Usage> {
    const pinned = await this.#pinnedBlocks();
    return { quotaBytes: this.#quota, pinnedBytes: pinned.bytes, cachedBytes: this.#cachedBytes(pinned) };
  }

  /**
   * The cached roots, most recently requested first, each with the bytes
   * stored under it and whether all of them are pinned (then it is never
   * evicted).
   */
  async cachedRoots(): Promise<Array<{ root: CachedRoot; bytes: number; pinned: boolean }>> {
    const pinned = await this.#pinnedBlocks();
    return this.#cache
      .roots()
      .reverse()
      .map((root) => {
        let bytes = 0;
        let allPinned = true;
        for (const [key, size] of root.blocks) {
          bytes += size;
          if (!pinned.blocks.has(key)) allPinned = false;
        }
        return { root, bytes, pinned: allPinned };
      });
  }

  /**
   * `pin/add` within the quota: fetches what is missing while counting the
   * bytes not pinned yet, and refuses (before fetching more than the quota
   * allows) when the pins would not fit. Cached content does not count: it
   * is evicted afterwards to make room.
   */
  async pin(
    cid: CID,
    options: { recursive?: boolean; name?: string; signal?: AbortSignal; offline?: boolean } = {},
  ): Promise<void> {
    const recursive = options.recursive ?? true;
    const pinOptions = {
      recursive,
      prefetch: false,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    await this.#lock.shared(async () => {
      const existing = await this.#pins.get(cid);
      if (existing !== undefined && (existing.type === "recursive" || !recursive)) {
        // nothing new to store: PinManager answers like Kubo (no-op, rename, or error)
        await this.#pins.add(cid, pinOptions);
        return;
      }
      const pinned = await this.#pinnedBlocks();
      const dag = new Map<BlockKey, number>();
      const fetched: BlockKey[] = [];
      let counted = 0;
      const count = (block: CID, info: VisitedBlock): void => {
        if (isInline(block)) return;
        const key = blockKeyOf(block);
        const size = info.size ?? 0;
        if (info.fetched) fetched.push(key);
        if (dag.has(key)) return;
        dag.set(key, size);
        if (pinned.blocks.has(key)) return;
        counted += size;
        this.#reserved += size;
        if (pinned.bytes + this.#reserved > this.#quota) {
          const others = this.#reserved - counted;
          throw new QuotaExceededError(
            `cannot pin ${cid}: it does not fit in the storage quota of ${formatBytes(this.#quota)} ` +
              `(cacheQuotaBytes / IPFS_CACHE_QUOTA_BYTES): pins take ${formatBytes(pinned.bytes)}` +
              `${others > 0 ? ` and pins under way ${formatBytes(others)}` : ""}, and ${cid} needs at least ${formatBytes(counted)} more ` +
              "(cached content does not count: it is evicted to make room)",
          );
        }
      };
      const lookup = {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.offline === true ? { offline: true } : {}),
      };
      try {
        if (recursive) {
          await walkDag(this.#helia, cid, count, { ...lookup, sizeOf: async (c) => this.#sizeOf(c) });
        } else {
          const stored = await this.#helia.blockstore.has(cid);
          const bytes = await getBlock(this.#helia, cid, lookup);
          count(cid, { size: bytes.byteLength, fetched: !stored });
        }
        await this.#pins.add(cid, pinOptions);
        if (recursive) this.#dags.set(blockKeyOf(cid), dag);
      } catch (err) {
        for (const key of fetched) this.#garbage.add(key);
        throw err;
      } finally {
        this.#reserved -= counted;
        this.scheduleMaintenance();
      }
    });
  }

  /**
   * `pin/rm`. The root also leaves the viewer cache, so that `pin/rm` +
   * `repo/gc` drops it as on Kubo even when it was also watched through the
   * gateway (other cached roots sharing its blocks keep those).
   */
  async unpin(cid: CID, options: { recursive?: boolean } = {}): Promise<void> {
    await this.#pins.rm(cid, options);
    this.#cache.forget(blockKeyOf(cid));
  }

  /**
   * Garbage collection: evicts the cache down to the quota, then deletes
   * every stored block that is neither pinned nor cached. Calls `onRemoved`
   * for each deleted block (Kubo lists them as raw CIDv1).
   */
  async gc(onRemoved: (cid: CID) => Promise<void>, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#lock.exclusive(async () => {
      await this.#evict();
      for await (const key of this.#files.list(options)) {
        if (this.#cache.protects(key)) continue;
        const cid = cidOfKey(key);
        if (await this.#helia.pins.isPinned(cid)) continue;
        await this.#delete(cid);
        this.#garbage.delete(key);
        await onRemoved(cid);
      }
    });
  }

  /** Pins and the cache are checked by the callers. */
  async #delete(cid: CID): Promise<void> {
    await this.#fsBlockstore.delete(cid);
  }

  /** Deletes a block unless something still holds it; true when deleted. */
  async #deleteIfUnused(key: BlockKey, pinned: Pinned): Promise<boolean> {
    if (pinned.blocks.has(key) || this.#cache.protects(key)) return false;
    const cid = cidOfKey(key);
    if (await this.#helia.pins.isPinned(cid)) return false;
    // A request may have started reading it while the pin check awaited.
    if (this.#cache.protects(key)) return false;
    await this.#delete(cid);
    return true;
  }

  /** Evicts least recently used cached roots until pins + cache fit in the quota (lock held). */
  async #evict(): Promise<void> {
    const pinned = await this.#pinnedBlocks();
    let cached = this.#cachedBytes(pinned);
    for (const root of this.#cache.roots()) {
      if (pinned.bytes + cached <= this.#quota) return;
      if (root.active > 0) {
        // tried again when its requests end (a request that stored nothing new does not ask for eviction)
        this.#cache.evictWhenIdle(root.key);
        continue;
      }
      if ([...root.blocks.keys()].every((key) => pinned.blocks.has(key))) continue;
      const orphans = this.#cache.forget(root.key);
      let freed = 0;
      for (const [key, size] of orphans) {
        if (pinned.blocks.has(key)) continue;
        cached -= size;
        if (await this.#deleteIfUnused(key, pinned)) freed += size;
      }
      this.#log(
        `cache: evicted ${root.cid} (${formatBytes(freed)} freed, last requested ${new Date(root.lastAccess).toISOString()}) to stay within the quota of ${formatBytes(this.#quota)}`,
      );
    }
  }

  /**
   * Schedules eviction (and the removal of what failed pins fetched) for
   * when no upload or pin is writing; runs are coalesced.
   */
  scheduleMaintenance(): void {
    if (this.#closed) return;
    if (this.#maintenance !== undefined) {
      this.#again = true;
      return;
    }
    const run = async (): Promise<void> => {
      do {
        this.#again = false;
        try {
          await this.#lock.whenIdle(async () => {
            if (this.#closed) return;
            if (this.#garbage.size > 0) {
              const pinned = await this.#pinnedBlocks();
              for (const key of [...this.#garbage]) {
                this.#garbage.delete(key);
                await this.#deleteIfUnused(key, pinned);
              }
            }
            await this.#evict();
          });
        } catch (err) {
          this.#log(`repo: maintenance failed: ${errorMessage(err)}`);
        }
      } while (this.#again && !this.#closed);
      this.#maintenance = undefined;
    };
    this.#maintenance = run();
  }

  /** Waits until scheduled maintenance has run. */
  async settled(): Promise<void> {
    while (this.#maintenance !== undefined) await this.#maintenance;
  }

  /** Kubo's repo stat: the data directory's size on disk (blocks, datastore, cache index) and the number of blocks. */
  async stat(options: { sizeOnly?: boolean; signal?: AbortSignal } = {}): Promise<RepoStat> {
    const repoSize = await directorySize(this.#dataDir);
    if (options.sizeOnly === true) return { repoSize, storageMax: this.#quota, numObjects: 0, repoPath: "" };
    let count = 0;
    for await (const _ of this.#files.list(options.signal === undefined ? {} : { signal: options.signal })) count++;
    return { repoSize, storageMax: this.#quota, numObjects: count, repoPath: this.#dataDir };
  }

  /** Stops scheduling maintenance and waits for the run under way. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.settled();
  }
}
