"use client";
import { storiesAbi } from "@chorus/deployments";
import { ContractFunctionRevertedError, parseEventLogs, type Address, type Hex } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { cidToBytes } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import { MAX_CAPTION_BYTES } from "@/lib/stories";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The Stories transactions, as plans for useContractTx: `post(cid, caption, lifetime)` and `deleteStory(id)`. Each is
 * simulated first (contract.ts), and the contract's Stories* errors become sentences here (lib/errors.ts knows the
 * Videos, Channels and StorageEscrow ones).
 */

const contract = (config: PublicConfig) => deployedAt("Stories", config.chainId, "stories can't be posted here");

/** A Stories custom error as a sentence (what happened, what to do), or null for anything else. */
function describeStoriesError(errorName: string, args: readonly unknown[] = []): string | null {
  switch (errorName) {
    case "StoriesMalformedCid":
      return "The contract refused the picture's CID as malformed, so nothing was posted. Pick the picture again.";
    case "StoriesCaptionTooLong":
      return `The caption is ${String(args[0])} bytes; the contract takes at most ${MAX_CAPTION_BYTES}, so nothing was posted. Shorten it.`;
    case "StoriesLifetimeOutOfRange":
      return "The contract refused that lifetime (it must be from 1 hour to 7 days), so nothing was posted. Pick another.";
    case "StoriesUnknownStory":
      return `Story ${String(args[0])} doesn't exist on-chain.`;
    case "StoriesNotCreator":
      return "Only the wallet that posted this story can delete it. Connect that wallet.";
    case "StoriesNotLive":
      return "This story has already expired or been deleted, so there is nothing to delete.";
    default:
      return null;
  }
}

/** Simulates and sends; a Stories revert becomes a sentence (UserFacingError), anything else goes on as it was. */
async function simulateAndSend(wagmiConfig: Config, request: Parameters<typeof simulateContract>[1]): Promise<Hex> {
  try {
    const simulated = await simulateContract(wagmiConfig, request);
    return await writeContract(wagmiConfig, simulated.request);
  } catch (error) {
    let cause: unknown = error;
    for (let depth = 0; cause && depth < 20; depth++) {
      if (cause instanceof ContractFunctionRevertedError && cause.data?.errorName) {
        const sentence = describeStoriesError(cause.data.errorName, cause.data.args ?? []);
        if (sentence) throw new UserFacingError(sentence);
      }
      cause = typeof cause === "object" && cause !== null && "cause" in cause ? cause.cause : undefined;
    }
    throw error;
  }
}

export interface Posted {
  storyId: string;
  creator: Address;
  expiresAt: number;
}

export function postStoryPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { cid: string; caption: string; lifetime: number },
): TxPlan<Posted> {
  return {
    action: "post the story",
    outcome: "nothing was posted",
    send: () =>
      simulateAndSend(wagmiConfig, {
        address: contract(config),
        abi: storiesAbi,
        functionName: "post",
        args: [cidToBytes(input.cid), input.caption, BigInt(input.lifetime)],
        chainId: config.chainId,
      }),
    read: (receipt) => {
      const [posted] = parseEventLogs({ abi: storiesAbi, logs: receipt.logs, eventName: "StoryPosted" });
      if (!posted) throw new UserFacingError("The transaction was mined but posted no story.");
      return {
        storyId: posted.args.storyId.toString(),
        creator: posted.args.creator,
        expiresAt: posted.args.expiresAt,
      };
    },
    isIndexed: async ({ storyId, creator }, signal) => {
      const page = await callIndexer(config.indexerUrl, "listStories", { query: { creator, limit: 20 } }, signal);
      return page.ok && page.data.items.some((s) => s.id === storyId);
    },
  };
}

export function deleteStoryPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  story: { id: string; creator: Address },
): TxPlan<{ storyId: string }> {
  return {
    action: "delete the story",
    outcome: "the story is still up",
    send: () =>
      simulateAndSend(wagmiConfig, {
        address: contract(config),
        abi: storiesAbi,
        functionName: "deleteStory",
        args: [BigInt(story.id)],
        chainId: config.chainId,
      }),
    read: () => ({ storyId: story.id }),
    isIndexed: async ({ storyId }, signal) => {
      const page = await callIndexer(
        config.indexerUrl,
        "listStories",
        { query: { creator: story.creator, limit: 100 } },
        signal,
      );
      return page.ok && page.data.items.some((s) => s.id === storyId && s.status === "deleted");
    },
  };
}
