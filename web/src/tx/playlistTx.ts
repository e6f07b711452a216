"use client";
import { playlistsAbi } from "@chorus/deployments";
import { parseEventLogs, type Address } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { cidToBytes } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The Playlists transactions, as plans for useContractTx: publish (`create(cid)`), update (`update(id, cid)`) and
 * remove (`remove(id)`), each simulated first (why: contract.ts) and followed until `/playlists/{id}` shows it. The
 * document is stored on IPFS before (POST /api/ipfs); the transaction is the owner's signature on it.
 */

const contract = (config: PublicConfig) => deployedAt("Playlists", config.chainId, "playlists can't be published here");

export interface PublishedRef {
  playlistId: string;
  owner: Address;
  documentCid: string;
}

const shows =
  (
    config: PublicConfig,
    playlistId: string,
    check: (p: { documentCid: string; removedAt: number | null }) => boolean,
  ) =>
  async (_: unknown, signal: AbortSignal) => {
    const result = await callIndexer(config.indexerUrl, "getPlaylist", { params: { id: playlistId } }, signal);
    return result.ok && check(result.data);
  };

export function publishPlaylistPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  documentCid: string,
): TxPlan<PublishedRef> {
  return {
    action: "publish the playlist",
    outcome: "nothing was published",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: playlistsAbi,
        functionName: "create",
        args: [cidToBytes(documentCid)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const [created] = parseEventLogs({ abi: playlistsAbi, logs: receipt.logs, eventName: "PlaylistCreated" });
      if (!created) throw new UserFacingError("The transaction was mined but published no playlist.");
      return { playlistId: created.args.playlistId.toString(), owner: created.args.owner, documentCid };
    },
    isIndexed: (ref, signal) => shows(config, ref.playlistId, (p) => p.documentCid === documentCid)(ref, signal),
  };
}

export function updatePlaylistPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { playlistId: string; owner: Address; documentCid: string },
): TxPlan<PublishedRef> {
  return {
    action: "update the published playlist",
    outcome: "the published playlist is unchanged",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: playlistsAbi,
        functionName: "update",
        args: [BigInt(input.playlistId), cidToBytes(input.documentCid)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: () => input,
    isIndexed: shows(config, input.playlistId, (p) => p.documentCid === input.documentCid),
  };
}

export function removePlaylistPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { playlistId: string; owner: Address },
): TxPlan<{ playlistId: string }> {
  return {
    action: "remove the published playlist",
    outcome: "it is still published",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: playlistsAbi,
        functionName: "remove",
        args: [BigInt(input.playlistId)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: () => ({ playlistId: input.playlistId }),
    isIndexed: shows(config, input.playlistId, (p) => p.removedAt !== null),
  };
}
