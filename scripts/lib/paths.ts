import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where a running stack keeps its state unless CHORUS_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = path.join(ROOT, ".chorus");

/**
 * Where deployments are recorded (`<chainId>.json`) and `index.ts` is generated. CHORUS_DEPLOYMENTS_DIR moves it, for a
 * rehearsal of `npm run deploy` that must not touch the repository (the deploy test).
 */
export const DEPLOYMENTS_DIR = process.env.CHORUS_DEPLOYMENTS_DIR
  ? path.resolve(process.env.CHORUS_DEPLOYMENTS_DIR)
  : path.join(ROOT, "deployments");

/** The contracts that are deployed, in deployment order. Their ABIs reach every workspace through generation. */
export const CONTRACTS = [
  "Videos",
  "Channels",
  "StorageEscrow",
  "Handles",
  "Comments",
  "FilterLists",
  "Stories",
  "Streams",
  "Earnings",
  "Crowdfund",
  "Playlists",
] as const;
export type ContractName = (typeof CONTRACTS)[number];

export const artifactPath = (name: ContractName) =>
  path.join(ROOT, "artifacts", "contracts", `${name}.sol`, `${name}.json`);
export const deploymentPath = (chainId: number) => path.join(DEPLOYMENTS_DIR, `${chainId}.json`);
