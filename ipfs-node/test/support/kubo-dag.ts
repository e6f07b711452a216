/**
 * An independent, deliberately naive re-implementation of how Kubo (go-ipfs,
 * boxo/ipld/unixfs) builds UnixFS DAGs for `ipfs add` with the default
 * importer settings: fixed 256 KiB chunks, the balanced layout with at most
 * 174 links per node (filled exactly like boxo's balanced builder:
 * `Layout` + `fillNodeRec`), dag-pb nodes encoded by hand (links first, empty
 * link names, Tsize = cumulative size), UnixFS `Data` protobuf encoded by hand.
 *
 * It shares no code with ipfs-unixfs-importer: only sha-256 (node:crypto) and
 * multiformats' CID string encoding are reused. Its CIDv0 output was checked
 * against Debian's `ipfs_cid` tool (a separate Rust implementation) for the
 * fixtures in cid.test.ts.
 */
import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";

const DAG_PB = 0x70;
const RAW = 0x55;
const SHA2_256 = 0x12;
const CHUNK_SIZE = 262_144;
const MAX_LINKS = 174;

function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** protobuf: a length-delimited field */
function bytesField(field: number, value: Uint8Array): Uint8Array {
  return Buffer.concat([varint(field * 8 + 2), varint(value.length), value]);
}

/** protobuf: a varint field */
function uintField(field: number, value: number): Uint8Array {
  return Buffer.concat([varint(field * 8), varint(value)]);
}

interface Link {
  cid: CID;
  name: string;
  tsize: number;
}

/** dag-pb PBNode: Links (field 2) first, then Data (field 1) */
function pbNode(links: Link[], data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = links.map((l) =>
    bytesField(
      2,
      Buffer.concat([
        bytesField(1, l.cid.bytes),
        bytesField(2, new TextEncoder().encode(l.name)),
        uintField(3, l.tsize),
      ]),
    ),
  );
  parts.push(bytesField(1, data));
  return Buffer.concat(parts);
}

function cidFor(block: Uint8Array, codec: number, version: 0 | 1): CID {
  const digest = Digest.create(SHA2_256, createHash("sha256").update(block).digest());
  return version === 0 ? CID.createV0(digest) : CID.createV1(codec, digest);
}

export interface DagOptions {
  cidVersion: 0 | 1;
  rawLeaves: boolean;
}

interface Built {
  cid: CID;
  tsize: number;
  fileSize: number;
}

// UnixFS Data.Type values
const DIRECTORY = 1;
const FILE = 2;

/** The CID `ipfs add [--cid-version=N] [--raw-leaves]` gives these bytes. */
export function kuboFileCid(bytes: Uint8Array, options: DagOptions): CID {
  return buildFile(bytes, options).cid;
}

function buildFile(bytes: Uint8Array, { cidVersion, rawLeaves }: DagOptions): Built {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK_SIZE)
    chunks.push(bytes.subarray(offset, offset + CHUNK_SIZE));
  if (chunks.length === 0) chunks.push(new Uint8Array(0));
  let next = 0;

  const leaf = (): Built => {
    const chunk = chunks[next++] as Uint8Array;
    if (rawLeaves) return { cid: cidFor(chunk, RAW, 1), tsize: chunk.length, fileSize: chunk.length };
    const data = Buffer.concat([
      uintField(1, FILE),
      ...(chunk.length > 0 ? [bytesField(2, chunk)] : []),
      uintField(3, chunk.length),
    ]);
    const block = pbNode([], data);
    return { cid: cidFor(block, DAG_PB, cidVersion), tsize: block.length, fileSize: chunk.length };
  };
  const internal = (children: Built[]): Built => {
    const fileSize = children.reduce((sum, c) => sum + c.fileSize, 0);
    const data = Buffer.concat([
      uintField(1, FILE),
      uintField(3, fileSize),
      ...children.map((c) => uintField(4, c.fileSize)),
    ]);
    const block = pbNode(
      children.map((c) => ({ cid: c.cid, name: "", tsize: c.tsize })),
      data,
    );
    return {
      cid: cidFor(block, DAG_PB, cidVersion),
      tsize: block.length + children.reduce((sum, c) => sum + c.tsize, 0),
      fileSize,
    };
  };
  // boxo's fillNodeRec: fill a node of the given depth while there is room and data
  const fill = (children: Built[], depth: number): Built => {
    while (children.length < MAX_LINKS && next < chunks.length)
      children.push(depth === 1 ? leaf() : fill([], depth - 1));
    return internal(children);
  };
  // boxo's balanced Layout: a single chunk is its own root; then grow the tree one level at a time
  let root = leaf();
  for (let depth = 1; next < chunks.length; depth++) root = fill([root], depth);
  return root;
}

/** A directory tree: file contents or nested directories, by name. */
export interface Tree {
  [name: string]: Uint8Array | Tree;
}

/** The CID of a (small, unsharded) directory as `ipfs add -r` builds it. */
export function kuboDirectoryCid(tree: Tree, options: DagOptions): CID {
  return buildDirectory(tree, options).cid;
}

function buildDirectory(tree: Tree, options: DagOptions): Built {
  // dag-pb links are sorted by name, bytewise
  const names = Object.keys(tree).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const links: Link[] = names.map((name) => {
    const entry = tree[name] as Uint8Array | Tree;
    const child = entry instanceof Uint8Array ? buildFile(entry, options) : buildDirectory(entry, options);
    return { cid: child.cid, name, tsize: child.tsize };
  });
  const block = pbNode(links, uintField(1, DIRECTORY));
  return {
    cid: cidFor(block, DAG_PB, options.cidVersion),
    tsize: block.length + links.reduce((sum, l) => sum + l.tsize, 0),
    fileSize: 0,
  };
}
