"use client";
import { parseEventLogs, type Hex, type TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { channelsAbi, cidToBytes, videosAbi } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import type { Destination } from "@/components/PostToPicker";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/** What the upload's transaction did: a video published on the creator's own channel, or submitted to a community channel. */
export type Posted =
  | { kind: "video"; videoId: string; creator: string }
  | {
      kind: "submission";
      channelId: string;
      channelName: string;
      proposalId: string;
      released: boolean;
      votesNeeded: number;
    };

/**
 * The upload page's one transaction, as a plan for useContractTx: `Videos.publish(cid)` for the creator's own channel,
 * `Channels.submitVideo(channelId, cid)` for a community channel.
 *
 * Whether the catalogue has it yet is asked of a list that exists from the start (the creator's videos, the channel's
 * proposals), not of `/videos/:id`: that route answers 404 until the video is indexed, and the browser logs every 404 as
 * an error in the console — one or more per publish.
 */
export function postPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  target: Destination,
  cid: string | null,
  onHash: (hash: Hex) => void,
): TxPlan<Posted> {
  if (target.kind === "own") {
    return {
      action: "publish",
      outcome: "nothing was published",
      onHash,
      send: async () => {
        const contract = deployedAt(
          "Videos",
          config.chainId,
          "nothing can be published here. Point CHAIN_ID at a chain it's deployed on",
        );
        // Simulated first so a revert comes back as the contract's custom error (see contract.ts).
        const { request } = await simulateContract(wagmiConfig, {
          address: contract,
          abi: videosAbi,
          functionName: "publish",
          args: [cidToBytes(cid!)],
          chainId: config.chainId,
        });
        return writeContract(wagmiConfig, request);
      },
      read: (receipt: TransactionReceipt) => {
        const [event] = parseEventLogs({ abi: videosAbi, logs: receipt.logs, eventName: "VideoPublished" });
        if (!event)
          throw new UserFacingError("The transaction was mined but recorded no video. Nothing was published.");
        return { kind: "video", videoId: event.args.videoId.toString(), creator: event.args.creator };
      },
      isIndexed: async (result, signal) => {
        if (result.kind !== "video") return false;
        // The creator's newest videos: the one just published is among them once indexed.
        const page = await callIndexer(
          config.indexerUrl,
          "listVideos",
          { query: { creator: result.creator, limit: 50 } },
          signal,
        );
        return page.ok && page.data.items.some((v) => v.id === result.videoId);
      },
    };
  }
  return {
    action: "submit the video",
    outcome: "nothing was submitted",
    onHash,
    send: async () => {
      const contract = deployedAt("Channels", config.chainId, "nothing can be submitted here");
      const { request } = await simulateContract(wagmiConfig, {
        address: contract,
        abi: channelsAbi,
        functionName: "submitVideo",
        args: [BigInt(target.channelId), cidToBytes(cid!)],
        chainId: config.chainId,
      });
      return writeContract(wagmiConfig, request);
    },
    read: (receipt: TransactionReceipt) => {
      const events = parseEventLogs({ abi: channelsAbi, logs: receipt.logs });
      const created = events.find((e) => e.eventName === "ProposalCreated");
      if (created?.eventName !== "ProposalCreated")
        throw new UserFacingError("The transaction was mined but recorded no submission. Nothing was submitted.");
      const vote = events.find((e) => e.eventName === "VoteCast");
      const yes = vote && vote.eventName === "VoteCast" ? vote.args.yesVotes : 0;
      return {
        kind: "submission",
        channelId: created.args.channelId.toString(),
        channelName: target.name,
        proposalId: created.args.proposalId.toString(),
        released: events.some((e) => e.eventName === "VideoReleased"),
        votesNeeded: Math.max(0, created.args.requiredYes - yes),
      };
    },
    isIndexed: async (result, signal) => {
      if (result.kind !== "submission") return false;
      // The channel's newest proposals: the one just submitted is among them once indexed.
      const proposals = await callIndexer(
        config.indexerUrl,
        "listChannelProposals",
        { params: { id: result.channelId }, query: { limit: 100 } },
        signal,
      );
      const proposal = proposals.ok ? proposals.data.items.find((p) => p.id === result.proposalId) : undefined;
      return Boolean(proposal) && (!result.released || proposal!.status === "released");
    },
  };
}
