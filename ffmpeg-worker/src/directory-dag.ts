import * as dagPb from "@ipld/dag-pb";
import { KUBO_HAMT_THRESHOLD_BYTES } from "@chorus/ipfs-node/cid-options";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";

/**
 * The UnixFS directory nodes of a tree whose files are already in IPFS, built here from the files' CIDs, so that
 * publishing does not send the files' bytes a second time. The nodes are exactly those `ipfs add -r --cid-version=1`
 * (KUBO_ADD_OPTIONS / IMPORTER_OPTIONS) makes for the same files: dag-pb, CIDv1, sha2-256, a UnixFS `directory` with no
 * mode or mtime, links sorted by name, each link's Tsize the child's cumulative DAG size (what `add` reports as Size).
 *
 * Large directories are HAMT-sharded by the importer; this module does not build shards and says so instead
 * (`undefined`), and the caller adds the whole tree the ordinary way.
 */
export interface FileLink {
  /** Relative, "/"-separated, e.g. "240p/seg_00000.ts". */
  path: string;
  cid: CID;
  /** Cumulative DAG size: `add`'s Size (for a file of one raw block, its length). */
  size: number;
}

interface DirectoryBlock {
  /** Relative path of the directory, '' for the root. */
  path: string;
  cid: CID;
  bytes: Uint8Array;
}

export interface DirectoryTree {
  root: CID;
  /** Every directory node, children before parents (the root last). */
  blocks: DirectoryBlock[];
}

interface Child {
  name: string;
  cid: CID;
  size: number;
}

/**
 * Builds every directory node of the tree holding `files` (the root is the wrapping directory, as with
 * `wrapWithDirectory`). Returns undefined when some directory would be sharded, so the importer's layout differs.
 */
export async function buildDirectoryTree(files: readonly FileLink[]): Promise<DirectoryTree | undefined> {
  const directories = new Map<string, Map<string, { file: FileLink } | { directory: string }>>([["", new Map()]]);
  for (const file of files) {
    const parts = file.path.split("/");
    if (parts.some((part) => part === "" || part === "." || part === ".."))
      throw new RangeError(`not a relative file path: "${file.path}"`);
    let parent = "";
    for (const [i, name] of parts.entries()) {
      const siblings = directories.get(parent)!;
      const existing = siblings.get(name);
      if (i === parts.length - 1) {
        if (existing) throw new RangeError(`"${file.path}" is listed twice, or is also a directory`);
        siblings.set(name, { file });
        continue;
      }
      const directory = parent === "" ? name : `${parent}/${name}`;
      if (existing && !("directory" in existing)) throw new RangeError(`"${directory}" is both a file and a directory`);
      if (!existing) {
        siblings.set(name, { directory });
        directories.set(directory, new Map());
      }
      parent = directory;
    }
  }

  const blocks: DirectoryBlock[] = [];
  const build = async (directory: string): Promise<Child | undefined> => {
    const children: Child[] = [];
    for (const [name, entry] of directories.get(directory)!) {
      if ("file" in entry) {
        children.push({ name, cid: entry.file.cid, size: entry.file.size });
        continue;
      }
      const child = await build(entry.directory);
      if (!child) return undefined;
      children.push({ ...child, name });
    }
    if (wouldShard(children)) return undefined;
    const bytes = dagPb.encode(
      dagPb.prepare({
        Data: new UnixFS({ type: "directory" }).marshal(),
        Links: children.map((c) => ({ Name: c.name, Hash: c.cid, Tsize: c.size })),
      }),
    );
    const cid = CID.createV1(dagPb.code, await sha256.digest(bytes));
    blocks.push({ path: directory, cid, bytes });
    return { name: "", cid, size: bytes.byteLength + children.reduce((sum, c) => sum + c.size, 0) };
  };
  const root = await build("");
  return root && { root: root.cid, blocks };
}

/**
 * Whether the importer could turn this directory into a HAMT shard. It shards once the sum over the entries of
 * (name bytes + CID bytes) exceeds KUBO_HAMT_THRESHOLD_BYTES, counting only entries that already have a CID when it
 * looks (files; a subdirectory counts while it is a bare entry, not once it has children). Counting every entry is
 * never below that, so "not above the threshold here" means "flat there". A rung directory of 2 s segments
 * ("seg_00000.ts", 12 bytes + 36) reaches it after about 3 hours of video; beyond that the caller adds the tree whole.
 */
function wouldShard(children: readonly { name: string; cid: CID }[]): boolean {
  let estimate = 0;
  for (const child of children) estimate += Buffer.byteLength(child.name, "utf8") + child.cid.bytes.byteLength;
  return estimate > KUBO_HAMT_THRESHOLD_BYTES;
}
