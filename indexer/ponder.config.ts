import {
  channelsAbi,
  commentsAbi,
  crowdfundAbi,
  deployments,
  earningsAbi,
  filterListsAbi,
  handlesAbi,
  playlistsAbi,
  storageEscrowAbi,
  storiesAbi,
  streamsAbi,
  videosAbi,
  type ChainId,
} from "@chorus/deployments";
import { createConfig } from "ponder";
import { loadConfig } from "./src/config";

const env = loadConfig();

// The chain to index. Addresses and start blocks come from deployments/<chainId>.json by generation, never by hand.
const chainId = env.CHAIN_ID as ChainId;
const deployment = deployments[chainId];
if (!deployment) throw new Error(`No deployment recorded for chain ${chainId} in deployments/.`);
const isLocal = chainId === 31337;

export default createConfig({
  database: env.DATABASE_URL
    ? { kind: "postgres", connectionString: env.DATABASE_URL }
    : { kind: "pglite", directory: env.INDEXER_PGLITE_DIR },
  chains: {
    chorus: {
      id: chainId,
      rpc: env.CHAIN_RPC_URL,
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
    FilterLists: {
      chain: "chorus",
      abi: filterListsAbi,
      address: deployment.FilterLists.address,
      startBlock: deployment.FilterLists.startBlock,
    },
    Stories: {
      chain: "chorus",
      abi: storiesAbi,
      address: deployment.Stories.address,
      startBlock: deployment.Stories.startBlock,
    },
    Handles: {
      chain: "chorus",
      abi: handlesAbi,
      address: deployment.Handles.address,
      startBlock: deployment.Handles.startBlock,
    },
    Comments: {
      chain: "chorus",
      abi: commentsAbi,
      address: deployment.Comments.address,
      startBlock: deployment.Comments.startBlock,
    },
    Streams: {
      chain: "chorus",
      abi: streamsAbi,
      address: deployment.Streams.address,
      startBlock: deployment.Streams.startBlock,
    },
    Earnings: {
      chain: "chorus",
      abi: earningsAbi,
      address: deployment.Earnings.address,
      startBlock: deployment.Earnings.startBlock,
    },
    Crowdfund: {
      chain: "chorus",
      abi: crowdfundAbi,
      address: deployment.Crowdfund.address,
      startBlock: deployment.Crowdfund.startBlock,
    },
    Playlists: {
      chain: "chorus",
      abi: playlistsAbi,
      address: deployment.Playlists.address,
      startBlock: deployment.Playlists.startBlock,
    },
  },
});
