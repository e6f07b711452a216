// The bytes a storage deal covers and the Merkle tree it commits to (contracts/libraries/StorageMerkle.sol,
// docs/storage-proofs.md). Used by the worker (root at publish), keepers (verify before joining, prove each period)
// and tests.
import { bytesToHex, concat, keccak256, numberToBytes, type Hex } from "viem";

/** The length of a segment, the tree's leaf (StorageMerkle.SEGMENT_SIZE). */
export const SEGMENT_SIZE = 256;

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
  for (let i = 0; i < segmentCount; i++) levels[0]!.push(leaf(i, content.subarray(i * SEGMENT_SIZE, (i + 1) * SEGMENT_SIZE)));
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
    if (!Number.isInteger(index) || index < 0 || index >= segmentCount) throw new RangeError(`No segment ${index} in ${segmentCount}.`);
    const siblings: Hex[] = [];
    for (let h = 0, i = index; h < depth; h++, i >>= 1) siblings.push(bytesToHex(levels[h]![i ^ 1] ?? empty[h]!));
    return { segment: bytesToHex(content.subarray(index * SEGMENT_SIZE, (index + 1) * SEGMENT_SIZE)), proof: siblings };
  };
  return { root, size: content.length, segmentCount, depth, proof };
}
