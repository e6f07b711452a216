// The keeper's public surface. The content definition and its Merkle tree are @chorus/merkle.
export { startKeeper, type KeeperConfig, type RunningKeeper } from "./keeper.ts";
export { loadConfig, type KeeperEnvConfig } from "./config.ts";
export {
  assessDeal,
  currentPeriod,
  firstPeriodIfJoined,
  KeeperStatus,
  PeriodStatus,
  type DealFacts,
  type Fit,
  type FitContext,
  type FitPolicy,
} from "./fit.ts";
export { summarizeError } from "./chain.ts";
