/**
 * The block files of the blockstore (blockstore-fs), seen as files: their
 * sizes and a listing, without reading them (blockstore-fs only offers
 * `getAll()`, which is meant for reading every block).
 *
 * blockstore-fs names a block's file after its multihash alone (not the
 * codec): `<dir>/<last 2 chars>/<base32upper(multihash)>.data`. The file name
 * without `.data` is used throughout as the block's key (`BlockKey`): raw and
 * dag-pb CIDs of the same bytes are the same block on disk.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { NextToLast } from "blockstore-fs/sharding";
import { base32upper } from "multiformats/bases/base32";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";

/** A block's identity on disk: base32upper (multibase-prefixed) of its multihash. */
export type BlockKey = string;

const EXTENSION = ".data";
const RAW_CODE = 0x55;
const IDENTITY_CODE = 0x00;

/** The sharding the blockstore is created with (blockstore-fs' default, spelled out so that both sides agree). */
export const SHARDING = new NextToLast({ base: base32upper, extension: EXTENSION, prefixLength: 2 });

export function blockKeyOf(cid: CID): BlockKey {
  return base32upper.encode(cid.multihash.bytes);
}

/** Identity CIDs carry their bytes inline: they are never stored. */
export function isInline(cid: CID): boolean {
  return cid.multihash.code === IDENTITY_CODE;
}

/** A CID for the block with this key (as Kubo lists blocks: CIDv1, raw codec). */
export function cidOfKey(key: BlockKey): CID {
  return CID.createV1(RAW_CODE, Digest.decode(base32upper.decode(key)));
}

export class BlockFiles {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #path(key: BlockKey): string {
    return join(this.#dir, key.slice(-2), `${key}${EXTENSION}`);
  }

  /** The size of the stored block, undefined when it is not stored. */
  async size(key: BlockKey): Promise<number | undefined> {
    try {
      return (await stat(this.#path(key))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  /** The key of every stored block. */
  async *list(options: { signal?: AbortSignal } = {}): AsyncGenerator<BlockKey> {
    let shards: string[];
    try {
      shards = await readdir(this.#dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const shard of shards.sort()) {
      options.signal?.throwIfAborted();
      let files: string[];
      try {
        files = await readdir(join(this.#dir, shard));
      } catch (err) {
        // not a directory, or removed meanwhile
        if (["ENOTDIR", "ENOENT"].includes((err as NodeJS.ErrnoException).code ?? "")) continue;
        throw err;
      }
      for (const file of files.sort()) {
        if (file.endsWith(EXTENSION)) yield file.slice(0, -EXTENSION.length);
      }
    }
  }
}

/** Total size of the files under a directory (the repo size). */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else if (entry.isFile())
      total += await stat(path).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}
