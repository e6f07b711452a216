/**
 * The blocks the gateway served last, kept in memory (a least-recently-used
 * set bounded in bytes) in front of the node's blockstore.
 *
 * Many viewers of one video ask for the same playlists and segments within
 * seconds of each other. Without this, every request re-read every block
 * from its file (Helia: `has` = access(2), then open, read, close through
 * the libuv thread pool) — most of the gateway's CPU per request under load.
 * A block is named by the hash of its bytes, so a copy in memory can never
 * be stale; the one thing to respect is deletion: repo.ts deletes block files
 * (eviction, `repo/gc`) through `delete()` here as well, so that a block that
 * is gone from disk is not served (nor recorded in the viewer cache) as if it
 * were stored.
 */
import { blockKeyOf, type BlockKey } from "./block-files.ts";
import type { BlockSource } from "./cache.ts";
import type { CID } from "multiformats/cid";

type GetOptions = Parameters<BlockSource["get"]>[1];
type HasOptions = Parameters<BlockSource["has"]>[1];

/** Default memory budget: ~45 s of a 720p rendition, every playlist of a few videos. */
const DEFAULT_HOT_BLOCK_BYTES = 64 * 2 ** 20;

export class HotBlocks {
  readonly #source: BlockSource;
  readonly #maxBytes: number;
  /** insertion order = least recently used first */
  readonly #blocks = new Map<BlockKey, Uint8Array>();
  #bytes = 0;
  /** counts deletions: a read that began before one is not kept (its file may be gone since) */
  #deletions = 0;

  constructor(source: BlockSource, maxBytes = DEFAULT_HOT_BLOCK_BYTES) {
    this.#source = source;
    this.#maxBytes = maxBytes;
  }

  /** bytes held */
  get bytes(): number {
    return this.#bytes;
  }

  /** A blockstore view: reads are served from memory when the block is held, else read and kept. */
  get blockstore(): BlockSource {
    return {
      get: (cid: CID, options?: GetOptions) => this.#get(cid, options),
      has: async (cid: CID, options?: HasOptions) =>
        this.#blocks.has(blockKeyOf(cid)) || (await this.#source.has(cid, options)),
      put: async (cid, bytes, options) => this.#source.put(cid, bytes, options),
    };
  }

  async *#get(cid: CID, options?: GetOptions): AsyncGenerator<Uint8Array> {
    const key = blockKeyOf(cid);
    const held = this.#blocks.get(key);
    if (held !== undefined) {
      // most recently used: to the end of the order
      this.#blocks.delete(key);
      this.#blocks.set(key, held);
      yield held;
      return;
    }
    const deletions = this.#deletions;
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#source.get(cid, options)) {
      chunks.push(chunk);
      yield chunk;
    }
    if (deletions !== this.#deletions) return;
    const only = chunks.length === 1 ? chunks[0]! : undefined;
    // a chunk may be a view into a larger buffer (fs streams): keep a copy of just the block's bytes then
    const bytes =
      only !== undefined && only.byteOffset === 0 && only.buffer.byteLength === only.byteLength ? only : copy(chunks);
    this.#keep(key, bytes);
  }

  #keep(key: BlockKey, bytes: Uint8Array): void {
    if (bytes.byteLength > this.#maxBytes || this.#blocks.has(key)) return;
    this.#blocks.set(key, bytes);
    this.#bytes += bytes.byteLength;
    for (const [oldest, block] of this.#blocks) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#blocks.delete(oldest);
      this.#bytes -= block.byteLength;
    }
  }

  /** Forgets a block (its file is being deleted). */
  delete(cid: CID): void {
    this.#deletions++;
    const key = blockKeyOf(cid);
    const block = this.#blocks.get(key);
    if (block === undefined) return;
    this.#blocks.delete(key);
    this.#bytes -= block.byteLength;
  }
}

/** The chunks' bytes in one buffer of their own (Buffer.concat may hand out a slice of its shared pool). */
function copy(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
