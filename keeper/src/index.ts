// The keeper's public surface. The content definition and tree are also importable alone as "@chorus/keeper/content".
export { startKeeper, type KeeperConfig, type RunningKeeper } from "./keeper.ts";
export { loadConfig, ConfigError, type KeeperEnvConfig } from "./config.ts";
export { assessDeal, currentPeriod, firstPeriodIfJoined, KeeperStatus, PeriodStatus, type DealFacts, type Fit, type FitContext, type FitPolicy } from "./fit.ts";
export { describeError } from "./chain.ts";
export {
  computeStorageRoot,
  contentLayout,
  segmentProof,
  storageTreeOfBytes,
  treeDepth,
  SEGMENT_SIZE,
  TREE_BLOCK_SIZE,
  type ContentFile,
  type ContentLayout,
  type StorageTree,
} from "./content.ts";
