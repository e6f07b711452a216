// The bytes a storage deal covers and the Merkle tree it commits to (contracts/libraries/StorageMerkle.sol,
// docs/storage-proofs.md). Used by the worker (root at publish), keepers (verify before joining, prove each period)
// and tests.
//
// THE CONTENT OF A CID. A deal names one CID; its content is one byte string, defined from the CID alone so that
// whoever holds the CID computes the same bytes, size and root:
//
// - A file CID (a UnixFS file, or a raw leaf): the file's bytes.
// - A directory CID (a UnixFS directory, plain or HAMT-sharded): the concatenation of the contents of its entries in
//   the order of their names compared as UTF-8 bytes (the order in which a plain UnixFS directory already stores its
//   links; a HAMT directory's links are in hash order and are sorted). A subdirectory contributes its own content,
//   defined the same way, at its place in that order. Names, directory nodes and UnixFS metadata (mode, mtime) are not
//   part of the bytes; an empty file or directory contributes nothing; a symlink is not allowed.
//
// The size is the number of bytes. For a Chorus video (a directory of 240p/…, 480p/…, manifest.json, master.m3u8,
// thumbnail.jpg) the content is the files under 240p/ in name order, then those under 480p/, then manifest.json,
// master.m3u8 and thumbnail.jpg. A directory `{ b.txt: "B", a/ { z: "Z", y: "Y" } }` has the content "YZB", size 3.
// The CID pins down the names and the structure, the root pins down the bytes: a keeper checks both (it fetches by
// CID, then recomputes the root) before it joins a deal.
//
// The tree over those bytes is cut into 256 KiB *tree blocks* of 1024 segments each (aligned subtrees of height 10).
// For a single file added with Chorus' CID options (256 KiB raw leaves) a tree block is exactly one IPFS block; in a
// directory the files' boundaries fall anywhere, so a tree block may span several files (and IPFS blocks) — reading
// one is a few ranged `cat`s. The streaming functions below keep one tree block in memory at a time, plus one 32-byte
// root per tree block (`blockRoots`: 128 KiB for a 1 GiB video), from which any proof is rebuilt by reading the one
// tree block that holds the challenged segment.
import { constants } from "@chorus/protocol";
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import type { HTTPRPCOptions, KuboRPCClient } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { bytesToHex, concat, hexToBytes, keccak256, numberToBytes, type Hex } from "viem";

/** The length of a segment, the tree's leaf (StorageMerkle.SEGMENT_SIZE, generated from the contract). */
export const SEGMENT_SIZE = constants.StorageMerkle.SEGMENT_SIZE;

/** The length of a tree block: 1024 segments, one 256 KiB IPFS raw leaf. */
export const TREE_BLOCK_SIZE = 262_144;

/** The height of a full tree block's subtree: log2(1024). */
const TREE_BLOCK_HEIGHT = 10;

const SEGMENTS_PER_TREE_BLOCK = TREE_BLOCK_SIZE / SEGMENT_SIZE;

const pair = (left: Uint8Array, right: Uint8Array) => keccak256(concat([left, right]), "bytes");
const leaf = (index: number, segment: Uint8Array) =>
  keccak256(concat([numberToBytes(index, { size: 32 }), segment]), "bytes");

/** `ceil(log2(count))`: the number of siblings in every proof of a tree of `count` segments. */
export function treeDepth(segmentCount: number): number {
  let depth = 0;
  while (2 ** depth < segmentCount) depth++;
  return depth;
}

/**
 * The whole tree of an in-memory byte string: its root, and `proof(index)` → the segment and its siblings, leaf level
 * first, as `StorageEscrow.prove` takes them. Holds every level in memory: for tests and small content.
 */
export function storageTreeOfBytes(content: Uint8Array) {
  if (content.length === 0) throw new Error("Empty content has no storage tree.");
  const segmentCount = Math.ceil(content.length / SEGMENT_SIZE);
  const depth = treeDepth(segmentCount);
  const levels: Uint8Array[][] = [[]];
  for (let i = 0; i < segmentCount; i++)
    levels[0]!.push(leaf(i, content.subarray(i * SEGMENT_SIZE, (i + 1) * SEGMENT_SIZE)));
  const empty: Uint8Array[] = [new Uint8Array(32)];
  for (let h = 0; h < depth; h++) {
    const below = levels[h]!;
    const level: Uint8Array[] = [];
    for (let j = 0; j < below.length; j += 2) level.push(pair(below[j]!, below[j + 1] ?? empty[h]!));
    levels.push(level);
    empty.push(pair(empty[h]!, empty[h]!));
  }
  const root: Hex = bytesToHex(levels[depth]![0]!);
  const proof = (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= segmentCount)
      throw new RangeError(`No segment ${index} in ${segmentCount}.`);
    const siblings: Hex[] = [];
    for (let h = 0, i = index; h < depth; h++, i >>= 1) siblings.push(bytesToHex(levels[h]![i ^ 1] ?? empty[h]!));
    return { segment: bytesToHex(content.subarray(index * SEGMENT_SIZE, (index + 1) * SEGMENT_SIZE)), proof: siblings };
  };
  return { root, size: content.length, segmentCount, depth, proof };
}

// ─── The content of a CID ───────────────────────────────────────────────────────────────────────────────────────

/** One file of a content, at `offset` in its bytes. `path` is "/"-separated from the deal's CID ("" for a file CID). */
export interface ContentFile {
  path: string;
  cid: string;
  offset: number;
  size: number;
}

/** Where each file's bytes sit in a CID's content (see the top of this file), in content order. */
export interface ContentLayout {
  cid: string;
  size: number;
  files: ContentFile[];
}

/** `offline`: use only blocks the node holds (Kubo's `offline` option), never the network. */
export interface ContentReadOptions {
  offline?: boolean;
  signal?: AbortSignal;
}

/** kubo-rpc-client sends unknown options as query parameters: that is how `offline` reaches the node. */
function rpcOptions(options: ContentReadOptions, extra: { offset?: number; length?: number } = {}): HTTPRPCOptions {
  const rpc: HTTPRPCOptions & { offline?: boolean; offset?: number; length?: number } = { ...extra };
  if (options.offline) rpc.offline = true;
  if (options.signal) rpc.signal = options.signal;
  return rpc;
}

const utf8 = new TextEncoder();
const byName = (a: { name: string }, b: { name: string }) => Buffer.compare(utf8.encode(a.name), utf8.encode(b.name));

const RAW_CODEC = 0x55;

/**
 * What the root block of `cid` is: a file (with its size) or a directory. Read from the one block, decoded here,
 * because `files/stat` may walk the whole DAG to total its size (the embedded node's does), which would download the
 * content before its size could be checked.
 */
async function rootKind(
  ipfs: KuboRPCClient,
  cid: string,
  options: ContentReadOptions,
): Promise<{ kind: "file"; size: number } | { kind: "directory" }> {
  const parsed = CID.parse(cid);
  if (parsed.code === RAW_CODEC)
    return { kind: "file", size: (await ipfs.block.stat(parsed, rpcOptions(options))).size };
  if (parsed.code !== dagPb.code)
    throw new Error(`${cid} is neither a UnixFS file nor a directory (codec 0x${parsed.code.toString(16)}).`);
  const node = dagPb.decode(await ipfs.block.get(parsed, rpcOptions(options)));
  if (!node.Data) throw new Error(`${cid} is a dag-pb node without UnixFS data.`);
  const unixfs = UnixFS.unmarshal(node.Data);
  if (unixfs.type === "directory" || unixfs.type === "hamt-sharded-directory") return { kind: "directory" };
  if (unixfs.type === "file" || unixfs.type === "raw") return { kind: "file", size: Number(unixfs.fileSize()) };
  throw new Error(`${cid} is a UnixFS ${unixfs.type}, which has no content of its own.`);
}

/**
 * The files of a CID's content and where each starts. Reads only the root block and directory listings (which stat
 * each entry's root block): nothing else is fetched, so the size can be checked before the content is downloaded.
 */
export async function contentLayout(
  ipfs: KuboRPCClient,
  cid: string,
  options: ContentReadOptions = {},
): Promise<ContentLayout> {
  const root = await rootKind(ipfs, cid, options);
  const files: ContentFile[] = [];
  let offset = 0;
  const add = (path: string, fileCid: string, size: number) => {
    if (!Number.isSafeInteger(size) || size < 0)
      throw new Error(`${cid}: ${path || "the file"} has no valid size (${size}).`);
    files.push({ path, cid: fileCid, offset, size });
    offset += size;
  };
  const walk = async (dirCid: string, prefix: string) => {
    const entries: { name: string; cid: string; type: string; size: number }[] = [];
    for await (const entry of ipfs.ls(dirCid, rpcOptions(options))) {
      // An empty directory lists as itself, with no name (kubo-rpc-client cannot tell it from a file).
      if (entry.name === undefined || entry.name === "") continue;
      entries.push({ name: entry.name, cid: entry.cid.toString(), type: entry.type, size: entry.size });
    }
    entries.sort(byName);
    for (const entry of entries) {
      const path = prefix + entry.name;
      if (entry.type === "dir") await walk(entry.cid, `${path}/`);
      else add(path, entry.cid, entry.size);
    }
  };
  if (root.kind === "directory") await walk(cid, "");
  else add("", cid, root.size);
  return { cid, size: offset, files };
}

// The streaming code hashes millions of leaves per GiB: these reuse one input buffer instead of allocating two arrays
// per hash as the reference above does (keccak256 is synchronous, so sharing the buffer is safe). The tests check the
// two against each other.
const leafInput = new Uint8Array(32 + SEGMENT_SIZE);
const leafIndex = new DataView(leafInput.buffer);
const fastLeaf = (index: number, segment: Uint8Array) => {
  leafIndex.setBigUint64(24, BigInt(index));
  leafInput.set(segment, 32);
  return keccak256(leafInput.subarray(0, 32 + segment.length), "bytes");
};
const pairInput = new Uint8Array(64);
const fastPair = (left: Uint8Array, right: Uint8Array) => {
  pairInput.set(left, 0);
  pairInput.set(right, 32);
  return keccak256(pairInput, "bytes");
};

const EMPTY: Uint8Array[] = [new Uint8Array(32)];
/** The root of a subtree of `2^height` zero leaves (what pads a tree to a power of two). */
function emptyRoot(height: number): Uint8Array {
  while (EMPTY.length <= height) EMPTY.push(fastPair(EMPTY.at(-1)!, EMPTY.at(-1)!));
  return EMPTY[height]!;
}

/**
 * The levels of a subtree `height` levels tall over `nodes` (at least one), which sit `base` levels above the leaves;
 * missing right children are empty subtrees. levels[0] = nodes, levels[height] = [root].
 */
function subtreeLevels(nodes: Uint8Array[], height: number, base = 0): Uint8Array[][] {
  const levels = [nodes];
  for (let h = 0; h < height; h++) {
    const below = levels[h]!;
    const level: Uint8Array[] = [];
    for (let j = 0; j < below.length; j += 2) level.push(fastPair(below[j]!, below[j + 1] ?? emptyRoot(base + h)));
    levels.push(level);
  }
  return levels;
}

/** The levels of tree block `blockIndex` (its `bytes`: 256 KiB, or what remains for the last block). */
function treeBlockLevels(bytes: Uint8Array, blockIndex: number, height: number): Uint8Array[][] {
  const first = blockIndex * SEGMENTS_PER_TREE_BLOCK;
  const leaves: Uint8Array[] = [];
  for (let j = 0; j * SEGMENT_SIZE < bytes.length; j++)
    leaves.push(fastLeaf(first + j, bytes.subarray(j * SEGMENT_SIZE, (j + 1) * SEGMENT_SIZE)));
  return subtreeLevels(leaves, height);
}

/** The shape of the tree over `size` bytes: segments, depth, and the height of a tree block's subtree in it. */
function treeShape(size: number) {
  if (!Number.isSafeInteger(size) || size <= 0) throw new Error(`Content of ${size} bytes has no storage tree.`);
  const segmentCount = Math.ceil(size / SEGMENT_SIZE);
  const depth = treeDepth(segmentCount);
  // Content of at most 512 segments is one tree block whose subtree is the whole (shallower) tree.
  return {
    segmentCount,
    depth,
    blockHeight: Math.min(TREE_BLOCK_HEIGHT, depth),
    blockCount: Math.ceil(size / TREE_BLOCK_SIZE),
  };
}

/** A content's storage tree as a keeper keeps it: the root, the shape, and one root per 256 KiB tree block. */
export interface StorageTree {
  root: Hex;
  size: number;
  segmentCount: number;
  depth: number;
  blockRoots: Hex[];
  layout: ContentLayout;
}

/** Streams `file`'s bytes (a range of them with `offset`/`length`) and fails unless exactly the expected count arrives. */
async function* readFile(
  ipfs: KuboRPCClient,
  file: ContentFile,
  options: ContentReadOptions,
  range?: { offset: number; length: number },
) {
  const expected = range?.length ?? file.size;
  const what = `${file.path || "the file"} (${file.cid})${range ? ` bytes ${range.offset}–${range.offset + range.length}` : ""}${options.offline ? ", offline" : ""}`;
  let received = 0;
  try {
    for await (const chunk of ipfs.cat(file.cid, rpcOptions(options, range ?? {}))) {
      const take = chunk.subarray(0, Math.max(0, expected - received));
      received += chunk.length;
      if (take.length > 0) yield take;
    }
  } catch (error) {
    // A node that misses a block mid-stream can only cut the connection ("terminated"): say what was being read.
    throw new Error(
      `Reading ${what} failed after ${received} bytes: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (received !== expected) throw new Error(`Reading ${what}: got ${received} bytes, expected ${expected}.`);
}

/** How many files (or ranges of files) are read at once: a block of small files is many requests, each a round trip. */
const READ_CONCURRENCY = 16;
/** Files up to this size are read ahead whole (at most READ_CONCURRENCY of them); larger ones are streamed in turn. */
const READ_AHEAD_MAX_FILE = 1024 * 1024;

async function readWhole(ipfs: KuboRPCClient, file: ContentFile, options: ContentReadOptions): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.size);
  let at = 0;
  for await (const chunk of readFile(ipfs, file, options)) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The content's bytes in order. Small files (an HLS playlist, short segments, a directory of thousands of entries) are
 * read ahead a few at a time, since one request per file in turn would make a long listing slow; memory stays
 * bounded by READ_CONCURRENCY × READ_AHEAD_MAX_FILE.
 */
async function* contentChunks(
  ipfs: KuboRPCClient,
  files: ContentFile[],
  options: ContentReadOptions,
): AsyncGenerator<Uint8Array> {
  const ahead = new Map<number, Promise<Uint8Array>>();
  let started = 0;
  for (let i = 0; i < files.length; i++) {
    started = Math.max(started, i);
    while (started < files.length && started < i + READ_CONCURRENCY && files[started]!.size <= READ_AHEAD_MAX_FILE) {
      const read =
        files[started]!.size === 0 ? Promise.resolve(new Uint8Array(0)) : readWhole(ipfs, files[started]!, options);
      read.catch(() => {}); // awaited in its turn below; a failure ahead must not go unhandled meanwhile
      ahead.set(started++, read);
    }
    const read = ahead.get(i);
    if (read) {
      ahead.delete(i);
      yield await read;
    } else {
      yield* readFile(ipfs, files[i]!, options);
    }
  }
}

/**
 * Streams a CID's content (see the top of this file) and computes its storage tree's root, without holding the content:
 * each 256 KiB tree block is hashed up to its subtree root (`blockRoots`), then the roots up to the tree's root.
 */
export async function computeStorageRoot(
  ipfs: KuboRPCClient,
  cid: string,
  options: ContentReadOptions = {},
): Promise<StorageTree> {
  const layout = await contentLayout(ipfs, cid, options);
  const { segmentCount, depth, blockHeight } = treeShape(layout.size);
  const buffer = new Uint8Array(TREE_BLOCK_SIZE);
  let filled = 0;
  const blockRoots: Uint8Array[] = [];
  const closeBlock = () => {
    blockRoots.push(treeBlockLevels(buffer.subarray(0, filled), blockRoots.length, blockHeight)[blockHeight]![0]!);
    filled = 0;
  };
  for await (let chunk of contentChunks(ipfs, layout.files, options)) {
    while (chunk.length > 0) {
      const take = Math.min(chunk.length, TREE_BLOCK_SIZE - filled);
      buffer.set(chunk.subarray(0, take), filled);
      filled += take;
      chunk = chunk.subarray(take);
      if (filled === TREE_BLOCK_SIZE) closeBlock();
    }
  }
  if (filled > 0) closeBlock();
  const top = subtreeLevels(blockRoots, depth - blockHeight, blockHeight);
  return {
    root: bytesToHex(top.at(-1)![0]!),
    size: layout.size,
    segmentCount,
    depth,
    blockRoots: blockRoots.map((r) => bytesToHex(r)),
    layout,
  };
}

/** The bytes `[start, end)` of a content: a ranged `cat` of each file they overlap, a few at a time. */
async function readContentRange(
  ipfs: KuboRPCClient,
  layout: ContentLayout,
  start: number,
  end: number,
  options: ContentReadOptions,
) {
  const bytes = new Uint8Array(end - start);
  const pieces = layout.files
    .map((file) => ({ file, from: Math.max(start, file.offset), to: Math.min(end, file.offset + file.size) }))
    .filter(({ from, to }) => from < to);
  let next = 0;
  const worker = async () => {
    while (next < pieces.length) {
      const { file, from, to } = pieces[next++]!;
      let at = from - start;
      for await (const chunk of readFile(ipfs, file, options, { offset: from - file.offset, length: to - from })) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, pieces.length) }, worker));
  return bytes;
}

/** Thrown when the bytes read back no longer hash to the root recorded for their tree block. */
export class ContentChangedError extends Error {
  override name = "ContentChangedError";
}

/**
 * Segment `index` of a content and its proof (siblings leaf level first, as `StorageEscrow.prove` takes them), from
 * the tree `computeStorageRoot` returned: reads only the 256 KiB tree block that holds the segment and takes the upper
 * levels from `blockRoots`. Fails with {@link ContentChangedError} if that block no longer hashes to its recorded root.
 */
export async function segmentProof(
  ipfs: KuboRPCClient,
  tree: { layout: ContentLayout; size: number; depth: number; blockRoots: Hex[] },
  index: number,
  options: ContentReadOptions = {},
): Promise<{ segment: Hex; proof: Hex[] }> {
  const { segmentCount, depth, blockHeight, blockCount } = treeShape(tree.size);
  if (depth !== tree.depth || tree.blockRoots.length !== blockCount || tree.layout.size !== tree.size) {
    throw new Error(`The tree does not fit content of ${tree.size} bytes.`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= segmentCount)
    throw new RangeError(`No segment ${index} in ${segmentCount}.`);

  const blockIndex = Math.floor(index / SEGMENTS_PER_TREE_BLOCK);
  const start = blockIndex * TREE_BLOCK_SIZE;
  const bytes = await readContentRange(ipfs, tree.layout, start, Math.min(tree.size, start + TREE_BLOCK_SIZE), options);
  const inBlock = treeBlockLevels(bytes, blockIndex, blockHeight);
  const blockRoot = bytesToHex(inBlock[blockHeight]![0]!);
  if (blockRoot !== tree.blockRoots[blockIndex]) {
    throw new ContentChangedError(
      `Tree block ${blockIndex} of ${tree.layout.cid} hashes to ${blockRoot}, not to its recorded root.`,
    );
  }

  const proof: Hex[] = [];
  const local = index - blockIndex * SEGMENTS_PER_TREE_BLOCK;
  for (let h = 0; h < blockHeight; h++) proof.push(bytesToHex(inBlock[h]![(local >> h) ^ 1] ?? emptyRoot(h)));
  const top = subtreeLevels(
    tree.blockRoots.map((r) => hexToBytes(r)),
    depth - blockHeight,
    blockHeight,
  );
  for (let h = 0; h < depth - blockHeight; h++)
    proof.push(bytesToHex(top[h]![(blockIndex >> h) ^ 1] ?? emptyRoot(blockHeight + h)));

  const offset = local * SEGMENT_SIZE;
  return { segment: bytesToHex(bytes.subarray(offset, offset + SEGMENT_SIZE)), proof };
}

/** True for the error a node gives for a block it does not hold when asked `offline` (Kubo's and ours say so). */
export function isNotHeldError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not found locally|could not find|block not found/i.test(message);
}
