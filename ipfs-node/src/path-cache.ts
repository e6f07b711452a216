/**
 * Resolved gateway paths: `/ipfs/<root>/<path>` → the stats of the entry it
 * names (its CID, size, type), a least-recently-used map bounded in entries.
 *
 * Without it every request walked the path again through UnixFS — read and
 * decode the root directory's block, then each directory below — before
 * reading a byte of the file. A root CID names its whole DAG, so what a path
 * under it resolves to can never change: entries need no expiry. What they
 * must follow is the viewer cache: the blocks a resolution read are recorded
 * under the root by the request that read them, and stay stored as long as
 * the root is cached; when the root is evicted (and its blocks may be
 * deleted), `dropRoot` forgets its paths, so the next request walks — and
 * records — them again.
 */
import type { BlockKey } from "./block-files.ts";
import type { EntryStats } from "./resolve.ts";

/** Enough for the playlists and segments of every rendition of a few long videos. */
const DEFAULT_PATH_CACHE_ENTRIES = 20_000;

export class PathCache {
  readonly #max: number;
  /** insertion order = least recently used first */
  readonly #entries = new Map<string, { root: BlockKey; stat: EntryStats }>();
  readonly #byRoot = new Map<BlockKey, Set<string>>();

  constructor(maxEntries = DEFAULT_PATH_CACHE_ENTRIES) {
    this.#max = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(root: BlockKey, path: string): EntryStats | undefined {
    const key = `${root}/${path}`;
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.stat;
  }

  set(root: BlockKey, path: string, stat: EntryStats): void {
    const key = `${root}/${path}`;
    this.#entries.delete(key);
    this.#entries.set(key, { root, stat });
    let paths = this.#byRoot.get(root);
    if (paths === undefined) {
      paths = new Set();
      this.#byRoot.set(root, paths);
    }
    paths.add(key);
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#max) break;
      this.#remove(oldest, entry.root);
    }
  }

  /** Forgets every path under a root (it left the viewer cache). */
  dropRoot(root: BlockKey): void {
    for (const key of this.#byRoot.get(root) ?? []) this.#entries.delete(key);
    this.#byRoot.delete(root);
  }

  #remove(key: string, root: BlockKey): void {
    this.#entries.delete(key);
    const paths = this.#byRoot.get(root);
    paths?.delete(key);
    if (paths?.size === 0) this.#byRoot.delete(root);
  }
}
