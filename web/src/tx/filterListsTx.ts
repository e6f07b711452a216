"use client";
import type { FilterTargetKind } from "@chorus/protocol";
import { enumValues } from "@chorus/protocol";
import { parseEventLogs, type Address, type TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { filterListsAbi } from "@/lib/contracts";
import { encodeSubject } from "@/lib/filters";
import { callIndexer } from "@/lib/indexer";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The FilterLists transactions the list pages and the report dialog send, as plans for useContractTx (why each is
 * simulated first: contract.ts). Reads come back from the indexer's /lists routes, polled until they show the change.
 */

const contract = (config: PublicConfig) => deployedAt("FilterLists", config.chainId, "filter lists can't be used here");

const events = (receipt: TransactionReceipt) => parseEventLogs({ abi: filterListsAbi, logs: receipt.logs });

const KIND = enumValues("FilterTargetKind");
const KIND_VALUE: Record<FilterTargetKind, number> = {
  video: KIND.Video,
  release: KIND.Release,
  comment: KIND.Comment,
  author: KIND.Author,
  channel: KIND.Channel,
  word: KIND.Word,
};

/** A target as the contract's (kind, subject) arguments; a bad value becomes a sentence before anything is signed. */
function target(kind: FilterTargetKind, value: string) {
  try {
    return [KIND_VALUE[kind], encodeSubject(kind, value)] as const;
  } catch (error) {
    throw new UserFacingError(`${(error as Error).message} Nothing was sent.`);
  }
}

type Call = {
  functionName:
    | "createList"
    | "editList"
    | "offerList"
    | "acceptList"
    | "addEntry"
    | "removeEntry"
    | "report"
    | "resolveReport";
  args: readonly unknown[];
};

function sender(wagmiConfig: Config, config: PublicConfig, call: () => Call) {
  return async () => {
    const { functionName, args } = call();
    const { request } = await simulateContract(wagmiConfig, {
      address: contract(config),
      abi: filterListsAbi,
      functionName,
      args,
      chainId: config.chainId,
    } as Parameters<typeof simulateContract>[1]);
    return writeContract(wagmiConfig, request as Parameters<typeof writeContract>[1]);
  };
}

async function getList(config: PublicConfig, listId: string, signal: AbortSignal) {
  const list = await callIndexer(config.indexerUrl, "getFilterList", { params: { id: listId } }, signal);
  return list.ok ? list.data : null;
}

export function createListPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { name: string; description: string },
): TxPlan<{ listId: string }> {
  return {
    action: "create the list",
    outcome: "the list wasn't created",
    send: sender(wagmiConfig, config, () => ({ functionName: "createList", args: [input.name, input.description] })),
    read: (receipt) => {
      const created = events(receipt).find((e) => e.eventName === "ListCreated");
      if (created?.eventName !== "ListCreated")
        throw new UserFacingError("The transaction was mined but created no list.");
      return { listId: created.args.listId.toString() };
    },
    // The newest lists, not /lists/:id, which answers 404 (an error in the console) until indexed.
    isIndexed: async ({ listId }, signal) => {
      const lists = await callIndexer(config.indexerUrl, "listFilterLists", { query: { limit: 20 } }, signal);
      return lists.ok && lists.data.items.some((l) => l.id === listId);
    },
  };
}

export function editListPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  listId: string,
  input: { name: string; description: string },
): TxPlan<null> {
  return {
    action: "edit the list",
    outcome: "the list wasn't changed",
    send: sender(wagmiConfig, config, () => ({
      functionName: "editList",
      args: [BigInt(listId), input.name, input.description],
    })),
    read: () => null,
    isIndexed: async (_, signal) => {
      const list = await getList(config, listId, signal);
      return list?.name === input.name && list.description === input.description;
    },
  };
}

/** Offers the list to `to` (or, with null, withdraws the offer). */
export function offerListPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  listId: string,
  to: Address | null,
): TxPlan<null> {
  return {
    action: to ? "offer the list" : "withdraw the offer",
    outcome: to ? "the list wasn't offered" : "the offer stands",
    send: sender(wagmiConfig, config, () => ({
      functionName: "offerList",
      args: [BigInt(listId), to ?? "0x0000000000000000000000000000000000000000"],
    })),
    read: () => null,
    isIndexed: async (_, signal) => {
      const list = await getList(config, listId, signal);
      return list !== null && (list.offeredTo?.toLowerCase() ?? null) === (to?.toLowerCase() ?? null);
    },
  };
}

export function acceptListPlan(wagmiConfig: Config, config: PublicConfig, listId: string, me: Address): TxPlan<null> {
  return {
    action: "take over the list",
    outcome: "you don't maintain it",
    send: sender(wagmiConfig, config, () => ({ functionName: "acceptList", args: [BigInt(listId)] })),
    read: () => null,
    isIndexed: async (_, signal) =>
      (await getList(config, listId, signal))?.maintainer.toLowerCase() === me.toLowerCase(),
  };
}

/** Whether the list's current entries include the target (true) or not (false). */
async function listed(
  config: PublicConfig,
  listId: string,
  kind: FilterTargetKind,
  value: string,
  signal: AbortSignal,
) {
  const entries = await callIndexer(
    config.indexerUrl,
    "listFilterEntries",
    { params: { id: listId }, query: { limit: 100 } },
    signal,
  );
  if (!entries.ok) return null;
  return entries.data.items.some((e) => e.kind === kind && e.value.toLowerCase() === value.toLowerCase());
}

export function addEntryPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  listId: string,
  input: { kind: FilterTargetKind; value: string; reason: string },
): TxPlan<null> {
  return {
    action: "add the entry",
    outcome: "nothing was added",
    send: sender(wagmiConfig, config, () => ({
      functionName: "addEntry",
      args: [BigInt(listId), ...target(input.kind, input.value), input.reason],
    })),
    read: () => null,
    isIndexed: async (_, signal) => (await listed(config, listId, input.kind, input.value, signal)) === true,
  };
}

export function removeEntryPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  listId: string,
  input: { kind: FilterTargetKind; value: string },
): TxPlan<null> {
  return {
    action: "remove the entry",
    outcome: "the entry is still listed",
    send: sender(wagmiConfig, config, () => ({
      functionName: "removeEntry",
      args: [BigInt(listId), ...target(input.kind, input.value)],
    })),
    read: () => null,
    isIndexed: async (_, signal) => (await listed(config, listId, input.kind, input.value, signal)) === false,
  };
}

export function reportPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  listId: string,
  input: { kind: FilterTargetKind; value: string; reason: string },
): TxPlan<{ reportId: string }> {
  return {
    action: "report it",
    outcome: "nothing was reported",
    send: sender(wagmiConfig, config, () => ({
      functionName: "report",
      args: [BigInt(listId), ...target(input.kind, input.value), input.reason],
    })),
    read: (receipt) => {
      const reported = events(receipt).find((e) => e.eventName === "Reported");
      if (reported?.eventName !== "Reported")
        throw new UserFacingError("The transaction was mined but filed no report.");
      return { reportId: reported.args.reportId.toString() };
    },
    isIndexed: async ({ reportId }, signal) => {
      const reports = await callIndexer(
        config.indexerUrl,
        "listFilterReports",
        { params: { id: listId }, query: { limit: 50 } },
        signal,
      );
      return reports.ok && reports.data.items.some((r) => r.id === reportId);
    },
  };
}

export function resolveReportPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  listId: string,
  input: { reportId: string; accept: boolean; reason: string },
): TxPlan<null> {
  return {
    action: input.accept ? "accept the report" : "dismiss the report",
    outcome: "the report is still open",
    send: sender(wagmiConfig, config, () => ({
      functionName: "resolveReport",
      args: [BigInt(input.reportId), input.accept, input.reason],
    })),
    read: () => null,
    isIndexed: async (_, signal) => {
      const reports = await callIndexer(
        config.indexerUrl,
        "listFilterReports",
        { params: { id: listId }, query: { limit: 100 } },
        signal,
      );
      return reports.ok && reports.data.items.some((r) => r.id === input.reportId && r.status !== "open");
    },
  };
}
