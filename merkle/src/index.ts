// The content of a CID and its storage Merkle tree: what a deal commits to (contracts/libraries/StorageMerkle.sol).
export {
  computeStorageRoot,
  contentLayout,
  ContentChangedError,
  isNotHeldError,
  segmentProof,
  storageTreeOfBytes,
  treeDepth,
  SEGMENT_SIZE,
  TREE_BLOCK_SIZE,
  type ContentFile,
  type ContentLayout,
  type ContentReadOptions,
  type StorageTree,
} from "./content.ts";
