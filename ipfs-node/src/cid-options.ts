/**
 * The one place that says how Chorus turns bytes into CIDs.
 *
 * Every add in the project must produce the same CID as
 * `ipfs add --cid-version=1` on a real Kubo (go-ipfs) node, so that content
 * added through the embedded node, through a real Kubo, or computed locally
 * (e.g. by a worker before uploading) is addressed identically.
 *
 * Kubo's `--cid-version=1` means: CIDv1, raw leaves (implied by v1), fixed
 * 256 KiB chunks, balanced DAG layout with at most 174 links per node, a
 * single-chunk file is the raw leaf itself, and directories switch to a HAMT
 * (fanout 256) once their estimated size (sum of link name + CID bytes)
 * exceeds 256 KiB. `@helia/unixfs` defaults differ (1 MiB chunks, 1024 links):
 * always pass these options explicitly.
 */
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { ImporterOptions } from "ipfs-unixfs-importer";

/** Kubo's default chunk size: `--chunker=size-262144`. */
export const KUBO_CHUNK_SIZE = 262_144;

/** Kubo's default maximum number of links in a file DAG node (balanced layout). */
export const KUBO_MAX_FILE_LINKS = 174;

/** Kubo's HAMT sharding threshold for directories (`Import.UnixFSHAMTDirectorySizeThreshold`). */
export const KUBO_HAMT_THRESHOLD_BYTES = 262_144;

/** Kubo's HAMT fanout (256 = 8 bits). */
export const KUBO_HAMT_FANOUT_BITS = 8;

/**
 * Options for kubo-rpc-client's `add` / `addAll`, to pass on EVERY add:
 *
 * ```ts
 * await kubo.add(bytes, { ...KUBO_ADD_OPTIONS, pin: true })
 * ```
 *
 * Works the same against a real Kubo and against this embedded node.
 */
export const KUBO_ADD_OPTIONS: Readonly<{ cidVersion: 1; rawLeaves: true; chunker: "size-262144" }> = Object.freeze({
  cidVersion: 1,
  rawLeaves: true,
  chunker: "size-262144",
} as const);

/**
 * The same settings for `ipfs-unixfs-importer`'s `importer()` or
 * `@helia/unixfs`' `addAll`/`addBytes`/..., e.g. to compute a CID locally
 * without a node:
 *
 * ```ts
 * importer(source, blockstore, IMPORTER_OPTIONS)
 * ```
 *
 * The object is frozen; spread it to add options that do not change CIDs
 * (`wrapWithDirectory`, `onProgress`, concurrency...).
 */
export const IMPORTER_OPTIONS: Readonly<ImporterOptions> = Object.freeze({
  cidVersion: 1,
  rawLeaves: true,
  leafType: "file",
  chunker: fixedSize({ chunkSize: KUBO_CHUNK_SIZE }),
  layout: balanced({ maxChildrenPerNode: KUBO_MAX_FILE_LINKS }),
  reduceSingleLeafToSelf: true,
  fieldOrder: "links-first",
  shardSplitThresholdBytes: KUBO_HAMT_THRESHOLD_BYTES,
  shardSplitStrategy: "links-bytes",
  shardFanoutBits: KUBO_HAMT_FANOUT_BITS,
} satisfies ImporterOptions);
