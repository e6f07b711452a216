"use client";
import { parseEventLogs, zeroAddress, type Address, type Hex, type TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { cidToBytes, crowdfundAbi } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import { approveIfShort, deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The Crowdfund transactions the pages send, as plans for useContractTx: start, pledge (an ERC-20 is approved first,
 * a second signature), take back, claim, refund. Each is simulated before it is sent (why: contract.ts), and followed
 * until `/crowdfunds/{id}` shows it.
 */

const contract = (config: PublicConfig) => deployedAt("Crowdfund", config.chainId, "crowdfunds can't be used here");

const events = (receipt: TransactionReceipt) => parseEventLogs({ abi: crowdfundAbi, logs: receipt.logs });

export interface CampaignRef {
  campaignId: string;
}

const fetchCampaign = async (config: PublicConfig, campaignId: string, signal: AbortSignal) => {
  const result = await callIndexer(config.indexerUrl, "listCrowdfunds", { query: { limit: 100 } }, signal);
  return result.ok ? result.data.items.find((c) => c.id === campaignId) : undefined;
};

export function startCrowdfundPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { channelId: string; token: Address; goal: bigint; deadline: number; metadataCid: string },
): TxPlan<CampaignRef> {
  return {
    action: "start the crowdfund",
    outcome: "no crowdfund was started",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: crowdfundAbi,
        functionName: "create",
        args: [BigInt(input.channelId), input.token, input.goal, input.deadline, cidToBytes(input.metadataCid)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const created = events(receipt).find((e) => e.eventName === "CampaignCreated");
      if (created?.eventName !== "CampaignCreated")
        throw new UserFacingError("The transaction was mined but started no crowdfund.");
      return { campaignId: created.args.campaignId.toString() };
    },
    // The newest campaigns, not /crowdfunds/:id, which answers 404 until indexed.
    isIndexed: async ({ campaignId }, signal) => (await fetchCampaign(config, campaignId, signal)) !== undefined,
  };
}

/** What the indexer must show for a pledge or take-back to be "indexed": the backer's new pledge. */
export interface PledgeResult {
  campaignId: string;
  backerTotal: string;
  backer: Address;
}

const pledgeIndexed = (config: PublicConfig) => async (r: PledgeResult, signal: AbortSignal) => {
  const result = await callIndexer(config.indexerUrl, "getCrowdfund", { params: { id: r.campaignId } }, signal);
  return (
    result.ok &&
    result.data.pledges.some((p) => p.backer.toLowerCase() === r.backer.toLowerCase() && p.amount === r.backerTotal)
  );
};

export function pledgePlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { campaignId: string; token: Address; amount: bigint; backer: Address },
): TxPlan<PledgeResult> {
  const id = BigInt(input.campaignId);
  const send = async (): Promise<Hex> => {
    const address = contract(config);
    // An ERC-20 is pulled by the contract: approve first (a signature of its own) unless the allowance covers it.
    await approveIfShort(wagmiConfig, config, {
      token: input.token,
      owner: input.backer,
      spender: address,
      amount: input.amount,
      outcome: "nothing was pledged",
    });
    return simulateContract(wagmiConfig, {
      address,
      abi: crowdfundAbi,
      functionName: "pledge",
      args: [id, input.amount],
      value: input.token === zeroAddress ? input.amount : 0n,
      chainId: config.chainId,
    }).then(({ request }) => writeContract(wagmiConfig, request));
  };
  return {
    action: "pledge",
    outcome: "nothing was pledged",
    send,
    read: (receipt) => {
      const pledged = events(receipt).find((e) => e.eventName === "Pledged");
      if (pledged?.eventName !== "Pledged") throw new UserFacingError("The transaction was mined but pledged nothing.");
      return { campaignId: input.campaignId, backer: input.backer, backerTotal: pledged.args.backerTotal.toString() };
    },
    isIndexed: pledgeIndexed(config),
  };
}

export function unpledgePlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { campaignId: string; amount: bigint; backer: Address },
): TxPlan<PledgeResult> {
  return {
    action: "take back your pledge",
    outcome: "your pledge is unchanged",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: crowdfundAbi,
        functionName: "unpledge",
        args: [BigInt(input.campaignId), input.amount],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const taken = events(receipt).find((e) => e.eventName === "Unpledged");
      if (taken?.eventName !== "Unpledged")
        throw new UserFacingError("The transaction was mined but returned nothing.");
      return { campaignId: input.campaignId, backer: input.backer, backerTotal: taken.args.backerTotal.toString() };
    },
    isIndexed: pledgeIndexed(config),
  };
}

export function claimPlan(wagmiConfig: Config, config: PublicConfig, campaignId: string): TxPlan<CampaignRef> {
  return {
    action: "claim the crowdfund",
    outcome: "nothing was paid out",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: crowdfundAbi,
        functionName: "claim",
        args: [BigInt(campaignId)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      if (!events(receipt).some((e) => e.eventName === "Claimed"))
        throw new UserFacingError("The transaction was mined but paid nothing out.");
      return { campaignId };
    },
    isIndexed: async (_, signal) => {
      const result = await callIndexer(config.indexerUrl, "getCrowdfund", { params: { id: campaignId } }, signal);
      return result.ok && result.data.status === "claimed";
    },
  };
}

export function refundPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { campaignId: string; backer: Address },
): TxPlan<PledgeResult> {
  return {
    action: "get your pledge back",
    outcome: "nothing was refunded",
    send: async () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: crowdfundAbi,
        functionName: "refund",
        args: [BigInt(input.campaignId)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      if (!events(receipt).some((e) => e.eventName === "Refunded"))
        throw new UserFacingError("The transaction was mined but refunded nothing.");
      return { campaignId: input.campaignId, backer: input.backer, backerTotal: "0" };
    },
    isIndexed: pledgeIndexed(config),
  };
}
