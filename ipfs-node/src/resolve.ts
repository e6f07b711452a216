/** Resolution of content paths to UnixFS stats, shared by the RPC API and the gateway. */
import { parseIpfsPath, type IpfsPath } from "./ipfs-path.ts";
import type { CatOptions, DirectoryStats, FileStats, RawStats, UnixFS } from "@helia/unixfs";

export type EntryStats = FileStats | DirectoryStats | RawStats;

export interface ResolveOptions {
  signal?: AbortSignal;
  offline?: boolean;
}

export interface Resolved {
  path: IpfsPath;
  stat: EntryStats;
}

export async function resolvePath(
  fs: UnixFS,
  input: string | IpfsPath,
  options: ResolveOptions = {},
): Promise<Resolved> {
  const path = typeof input === "string" ? parseIpfsPath(input) : input;
  const stat = await fs.stat(path.cid, {
    ...(path.path === "" ? {} : { path: path.path }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.offline === true ? { offline: true } : {}),
  });
  return { path, stat };
}

/** True for "this path does not exist in that DAG" errors (as opposed to missing blocks). */
export function isNotFoundError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return ["NotFoundError", "DoesNotExistError", "BadPathError", "NotADirectoryError"].includes(err.name);
}

/** True for a block that is not available locally while offline. */
export function isOfflineMissError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === "BlockNotFoundWhileOfflineError" ||
    (err.name === "LoadBlockFailedError" && /offline/i.test(err.message))
  );
}

/** A UnixFS entry's type as Kubo's `ls` reports it (1 directory, 2 file, 4 symlink, 5 HAMT directory). */
export function kuboEntryType(stat: EntryStats): number {
  const t = stat.unixfs?.type;
  if (t === "hamt-sharded-directory") return 5;
  if (t === "symlink") return 4;
  if (stat.type === "directory") return 1;
  return 2;
}

/**
 * How many blocks of a file are read ahead while streaming it: enough to hide
 * bitswap latency, bounded so that one big download does not pull a whole
 * DAG layer (174 x 256 KiB) into memory (the exporter's default is unbounded).
 */
const READ_AHEAD_BLOCKS = 16;

/** Streams (a byte range of) a file with bounded read-ahead. */
export function catFile(fs: UnixFS, stat: EntryStats, options: CatOptions): AsyncIterable<Uint8Array> {
  // blockReadConcurrency is passed through to ipfs-unixfs-exporter
  const opts: CatOptions & { blockReadConcurrency: number } = { ...options, blockReadConcurrency: READ_AHEAD_BLOCKS };
  return fs.cat(stat.cid, opts);
}
