"use client";
import {
  CHANNEL_PLAN_KEY,
  CHANNEL_PLAYLISTS_KEY,
  type ChannelPlan,
  encodeChannelPlan,
  encodeChannelPlaylistsValue,
} from "@chorus/protocol";
import { parseEventLogs, type Address, type Hex, type TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import { rulesToContract, type Rules } from "@/lib/channels";
import type { PublicConfig } from "@/lib/config";
import { channelsAbi, cidToBytes } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The Channels transactions the pages send, as plans for useContractTx: how to send each, what its receipt says, and
 * which indexer route shows it (polled until it does).
 *
 * Each is simulated (eth_call) before it is sent (why: contract.ts).
 */

const contract = (config: PublicConfig) => deployedAt("Channels", config.chainId, "channels can't be used here");

const events = (receipt: TransactionReceipt) => parseEventLogs({ abi: channelsAbi, logs: receipt.logs });

export interface Created {
  channelId: string;
}

export function createChannelPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { metadataCid: string; policyCid: string; founders: Address[]; rules: Rules },
): TxPlan<Created> {
  return {
    action: "create the channel",
    outcome: "the channel wasn't created",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: channelsAbi,
        functionName: "createChannel",
        args: [
          cidToBytes(input.metadataCid),
          cidToBytes(input.policyCid),
          input.founders,
          rulesToContract(input.rules),
        ],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const created = events(receipt).find((e) => e.eventName === "ChannelCreated");
      if (created?.eventName !== "ChannelCreated")
        throw new UserFacingError("The transaction was mined but created no channel.");
      return { channelId: created.args.channelId.toString() };
    },
    // The newest channels, not /channels/:id, which answers 404 (an error in the browser's console) until indexed.
    isIndexed: async ({ channelId }, signal) => {
      const channels = await callIndexer(config.indexerUrl, "listChannels", { query: { limit: 100 } }, signal);
      return channels.ok && channels.data.items.some((c) => c.id === channelId);
    },
  };
}

export interface Proposed {
  proposalId: string;
  channelId: string;
  /** Whether the proposer's own yes vote passed it at once. */
  executed: boolean;
  votesNeeded: number;
}

export type ProposalCall =
  | { kind: "policy"; policyCid: string }
  | { kind: "add-member"; member: Address }
  | { kind: "remove-member"; member: Address }
  | { kind: "rules"; rules: Rules }
  /** The channel's membership plan (a setting, IChannels.proposeSetting); null closes memberships. */
  | { kind: "membership-plan"; plan: ChannelPlan | null }
  /** The channel's playlists (a setting): the CID of their document on IPFS; null removes them. */
  | { kind: "channel-playlists"; documentCid: string | null };

export function proposePlan(
  wagmiConfig: Config,
  config: PublicConfig,
  channelId: string,
  call: ProposalCall,
): TxPlan<Proposed> {
  const id = BigInt(channelId);
  const send = async (): Promise<Hex> => {
    const base = { address: contract(config), abi: channelsAbi, chainId: config.chainId } as const;
    switch (call.kind) {
      case "policy":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "proposePolicy",
          args: [id, cidToBytes(call.policyCid)],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "add-member":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "proposeAddMember",
          args: [id, call.member],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "remove-member":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "proposeRemoveMember",
          args: [id, call.member],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "rules":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "proposeRules",
          args: [id, rulesToContract(call.rules)],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "membership-plan":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "proposeSetting",
          args: [id, CHANNEL_PLAN_KEY, call.plan ? encodeChannelPlan(call.plan) : "0x"],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "channel-playlists":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "proposeSetting",
          args: [id, CHANNEL_PLAYLISTS_KEY, encodeChannelPlaylistsValue(call.documentCid)],
        }).then(({ request }) => writeContract(wagmiConfig, request));
    }
  };
  return {
    action: "make the proposal",
    outcome: "no proposal was made",
    send,
    read: (receipt) => {
      const all = events(receipt);
      const created = all.find((e) => e.eventName === "ProposalCreated");
      if (created?.eventName !== "ProposalCreated")
        throw new UserFacingError("The transaction was mined but recorded no proposal.");
      const vote = all.find((e) => e.eventName === "VoteCast");
      const yes = vote && vote.eventName === "VoteCast" ? vote.args.yesVotes : 0;
      return {
        proposalId: created.args.proposalId.toString(),
        channelId,
        executed: all.some((e) => e.eventName === "ProposalExecuted"),
        votesNeeded: Math.max(0, created.args.requiredYes - yes),
      };
    },
    isIndexed: async (result, signal) => {
      // The channel's newest proposals, not /proposals/:id, which answers 404 (an error in the browser's console) until
      // indexed.
      const proposals = await callIndexer(
        config.indexerUrl,
        "listChannelProposals",
        { params: { id: result.channelId }, query: { limit: 100 } },
        signal,
      );
      const proposal = proposals.ok ? proposals.data.items.find((p) => p.id === result.proposalId) : undefined;
      return Boolean(proposal) && (!result.executed || proposal!.status === "executed");
    },
  };
}

export interface Voted {
  proposalId: string;
  support: boolean;
  /** What the vote decided: nothing yet, passed (a video: released; a change that was stale: no effect), or rejected. */
  outcome: "open" | "passed" | "no-effect" | "released" | "rejected";
  yesVotes: number;
  noVotes: number;
}

export function votePlan(
  wagmiConfig: Config,
  config: PublicConfig,
  proposalId: string,
  voter: Address,
  support: boolean,
): TxPlan<Voted> {
  return {
    action: "vote",
    outcome: "your vote wasn't cast",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: channelsAbi,
        functionName: "vote",
        args: [BigInt(proposalId), support],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const all = events(receipt);
      const cast = all.find((e) => e.eventName === "VoteCast");
      const executed = all.find((e) => e.eventName === "ProposalExecuted");
      if (cast?.eventName !== "VoteCast") throw new UserFacingError("The transaction was mined but recorded no vote.");
      return {
        proposalId,
        support,
        outcome: all.some((e) => e.eventName === "VideoReleased")
          ? "released"
          : executed && executed.eventName === "ProposalExecuted"
            ? executed.args.effect === 0
              ? "passed"
              : "no-effect"
            : all.some((e) => e.eventName === "ProposalRejected")
              ? "rejected"
              : "open",
        yesVotes: cast.args.yesVotes,
        noVotes: cast.args.noVotes,
      };
    },
    isIndexed: async (result, signal) => {
      const proposal = await callIndexer(config.indexerUrl, "getProposal", { params: { id: proposalId } }, signal);
      if (!proposal.ok) return false;
      const ballot = proposal.data.ballots.find((b) => b.voter.toLowerCase() === voter.toLowerCase());
      if (!ballot || ballot.support !== support) return false;
      const expected = {
        open: null,
        passed: "executed",
        "no-effect": "executed",
        released: "released",
        rejected: "rejected",
      }[result.outcome];
      return expected === null || proposal.data.status === expected;
    },
  };
}

export function withdrawPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  proposalId: string,
): TxPlan<{ proposalId: string }> {
  return {
    action: "withdraw the proposal",
    outcome: "the proposal is still open",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: channelsAbi,
        functionName: "withdraw",
        args: [BigInt(proposalId)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      if (!events(receipt).some((e) => e.eventName === "ProposalWithdrawn"))
        throw new UserFacingError("The transaction was mined but withdrew nothing.");
      return { proposalId };
    },
    isIndexed: async (_result, signal) => {
      const proposal = await callIndexer(config.indexerUrl, "getProposal", { params: { id: proposalId } }, signal);
      return proposal.ok && proposal.data.status === "withdrawn";
    },
  };
}
