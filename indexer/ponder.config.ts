import { channelsAbi, deployments, storageEscrowAbi, videosAbi, type ChainId } from "@chorus/deployments";
import { createConfig } from "ponder";

// The chain to index. Addresses and start blocks come from deployments/<chainId>.json by generation, never by hand.
const chainId = Number(process.env.CHAIN_ID ?? 31337) as ChainId;
const deployment = deployments[chainId];
if (!deployment) throw new Error(`No deployment recorded for chain ${chainId} in deployments/.`);
const rpcUrl = process.env.CHAIN_RPC_URL ?? "http://127.0.0.1:8545";
const isLocal = chainId === 31337;

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.INDEXER_PGLITE_DIR ?? "../.chorus/indexer/pglite" },
  chains: {
    chorus: {
      id: chainId,
      rpc: rpcUrl,
      // A local chain mines a block per transaction: poll often so a post is listed within a second of its block.
      pollingInterval: isLocal ? 200 : 1_000,
      // A local chain can be reset under the same id; never cache its RPC answers (scripts/start.ts also wipes the
      // store when the chain's genesis changes).
      disableCache: isLocal,
    },
  },
  contracts: {
    Videos: {
      chain: "chorus",
      abi: videosAbi,
      address: deployment.Videos.address,
      startBlock: deployment.Videos.startBlock,
    },
    Channels: {
      chain: "chorus",
      abi: channelsAbi,
      address: deployment.Channels.address,
      startBlock: deployment.Channels.startBlock,
    },
    StorageEscrow: {
      chain: "chorus",
      abi: storageEscrowAbi,
      address: deployment.StorageEscrow.address,
      startBlock: deployment.StorageEscrow.startBlock,
    },
  },
});
