"use client";
import { parseEventLogs, type Address, type Hex, type TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { getBlock, getConnection, simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { cidToBytes, storageEscrowAbi } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import { isEth } from "@/lib/money";
import { START_LEAD_SECONDS, type DealNumbers } from "@/lib/storage";
import { approveIfShort, deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The StorageEscrow transactions the pages send, as plans for useContractTx (see contract.ts): each is
 * simulated first so a revert comes back as the contract's custom error, then followed until the indexer shows it.
 */

const contract = (config: PublicConfig) =>
  deployedAt("StorageEscrow", config.chainId, "storage deals can't be opened here");

const events = (receipt: TransactionReceipt) => parseEventLogs({ abi: storageEscrowAbi, logs: receipt.logs });

/** For an ERC-20 deal, let StorageEscrow take `amount` from the connected wallet (contract.ts: approveIfShort). */
function approveForEscrow(wagmiConfig: Config, config: PublicConfig, token: Address, amount: bigint, outcome: string) {
  const owner = getConnection(wagmiConfig).address;
  if (!owner) throw new UserFacingError(`No wallet is connected, so ${outcome}. Connect one and try again.`);
  return approveIfShort(wagmiConfig, config, { token, owner, spender: contract(config), amount, outcome });
}

/** The content's fingerprint a deal commits to: computed by the worker from the content on IPFS. */
export interface StorageRoot {
  root: Hex;
  size: number;
  segmentCount: number;
}

export function createDealPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { cid: string; root: StorageRoot; deal: DealNumbers },
): TxPlan<{ dealId: string }> {
  return {
    action: "open the storage deal",
    outcome: "no deal was opened and nothing was paid",
    send: async () => {
      const { deal } = input;
      // An ERC-20 deal's deposit is pulled by the contract: approve it first (its own signature) if need be.
      await approveForEscrow(wagmiConfig, config, deal.token.address, deal.deposit, "no deal was opened");
      // The chain's clock, not the browser's: the contract refuses a start in the past.
      const latest = await getBlock(wagmiConfig, { chainId: config.chainId });
      return simulateContract(wagmiConfig, {
        address: contract(config),
        abi: storageEscrowAbi,
        functionName: "createDeal",
        args: [
          {
            cid: cidToBytes(input.cid),
            size: BigInt(input.root.size),
            root: input.root.root,
            replicas: deal.replicas,
            start: Number(latest.timestamp) + START_LEAD_SECONDS,
            periodSeconds: deal.periodSeconds,
            periods: deal.periods,
            token: deal.token.address,
            pricePerPeriod: deal.pricePerPeriod,
            stakePerReplica: deal.stakePerReplica,
            slashPerMiss: deal.slashPerMiss,
            maxMisses: deal.maxMisses,
          },
        ],
        value: isEth(deal.token.address) ? deal.deposit : 0n,
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request));
    },
    read: (receipt) => {
      const created = events(receipt).find((e) => e.eventName === "DealCreated");
      if (created?.eventName !== "DealCreated")
        throw new UserFacingError("The transaction was mined but opened no deal.");
      return { dealId: created.args.dealId.toString() };
    },
    isIndexed: async ({ dealId }, signal) =>
      (await callIndexer(config.indexerUrl, "getDeal", { params: { id: dealId } }, signal)).ok,
  };
}

export function topUpPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { dealId: string; token: Address; addedPeriods: number; cost: bigint; periodsAfter: number },
): TxPlan<{ dealId: string }> {
  return {
    action: "top up the deal",
    outcome: "the deal wasn't extended and nothing was paid",
    send: async () => {
      await approveForEscrow(wagmiConfig, config, input.token, input.cost, "the deal wasn't extended");
      return simulateContract(wagmiConfig, {
        address: contract(config),
        abi: storageEscrowAbi,
        functionName: "topUp",
        args: [BigInt(input.dealId), input.addedPeriods],
        value: isEth(input.token) ? input.cost : 0n,
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request));
    },
    read: () => ({ dealId: input.dealId }),
    isIndexed: async ({ dealId }, signal) => {
      const deal = await callIndexer(config.indexerUrl, "getDeal", { params: { id: dealId } }, signal);
      return deal.ok && deal.data.periods >= input.periodsAfter;
    },
  };
}

export function refundPlan(wagmiConfig: Config, config: PublicConfig, dealId: string): TxPlan<{ dealId: string }> {
  return {
    action: "refund the deal",
    outcome: "nothing was refunded",
    send: () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: storageEscrowAbi,
        functionName: "refund",
        args: [BigInt(dealId)],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: () => ({ dealId }),
    isIndexed: async (_, signal) => {
      const deal = await callIndexer(config.indexerUrl, "getDeal", { params: { id: dealId } }, signal);
      return deal.ok && deal.data.refunded !== "0";
    },
  };
}

/** Takes out everything credited to the account in `token` (earnings, returned stakes, refunds). */
export function withdrawPlan(wagmiConfig: Config, config: PublicConfig, token: Address): TxPlan<{ amount: bigint }> {
  return {
    action: "withdraw",
    outcome: "nothing was withdrawn",
    send: () =>
      simulateContract(wagmiConfig, {
        address: contract(config),
        abi: storageEscrowAbi,
        functionName: "withdraw",
        args: [token],
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const withdrawn = events(receipt).find((e) => e.eventName === "Withdrawn");
      if (withdrawn?.eventName !== "Withdrawn")
        throw new UserFacingError("The transaction was mined but withdrew nothing.");
      return { amount: withdrawn.args.amount };
    },
    isIndexed: async () => true,
  };
}

/** Asks the worker for the content's storage root (it computes it at publish, or now from IPFS). */
export async function fetchStorageRoot(workerUrl: string, cid: string, signal?: AbortSignal): Promise<StorageRoot> {
  let response: Response;
  try {
    response = await fetch(`${workerUrl}/storage-roots/${encodeURIComponent(cid)}`, {
      cache: "no-store",
      ...(signal ? { signal } : {}),
    });
  } catch {
    throw new UserFacingError(
      "The video worker can't be reached, so the video's fingerprint for the deal can't be computed. Check that the worker is running, then try again.",
    );
  }
  const body = (await response.json().catch(() => null)) as {
    root?: Hex;
    size?: number;
    segmentCount?: number;
    error?: { message?: string };
  } | null;
  if (!response.ok || !body?.root || typeof body.size !== "number") {
    throw new UserFacingError(
      `${body?.error?.message ?? `The worker answered ${response.status}.`} No deal was opened.`,
    );
  }
  return { root: body.root, size: body.size, segmentCount: body.segmentCount ?? Math.ceil(body.size / 256) };
}
