"use client";
import type { Account, Comment, CommentPolicy, PostKind } from "@chorus/protocol";
import { parseEventLogs, type Address, type Hex, type TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { callIndexer, callIndexerAll } from "@/lib/indexer";
import { commentsAbi, HANDLE_BOND, handlesAbi, policyValue, postKindValue } from "@/lib/social";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The Handles and Comments transactions the pages send, as plans for useContractTx (simulated first: contract.ts), each
 * followed until the indexer's `/accounts/{address}` or `/posts/{kind}/{id}…` shows it.
 */

const handles = (config: PublicConfig) => deployedAt("Handles", config.chainId, "names and handles can't be set here");
const comments = (config: PublicConfig) => deployedAt("Comments", config.chainId, "comments can't be posted here");

async function account(config: PublicConfig, address: Address, signal: AbortSignal): Promise<Account | null> {
  const result = await callIndexer(config.indexerUrl, "getAccount", { params: { address } }, signal);
  return result.ok ? result.data : null;
}

// ---- Handles ----

type HandlesCall =
  | { fn: "setNickname"; nickname: string }
  | { fn: "claim"; handle: string }
  | { fn: "renew" }
  | { fn: "release" }
  | { fn: "withdrawBond" };

const HANDLES_WORDS: Record<HandlesCall["fn"], { action: string; outcome: string }> = {
  setNickname: { action: "set your nickname", outcome: "your nickname didn't change" },
  claim: { action: "claim the handle", outcome: "no handle was claimed and nothing was paid" },
  renew: { action: "renew your handle", outcome: "your handle wasn't renewed" },
  release: { action: "release your handle", outcome: "you still hold your handle" },
  withdrawBond: { action: "withdraw your bond", outcome: "nothing was withdrawn" },
};

/**
 * One Handles call by `holder`. Indexed once `/accounts/{holder}` shows its effect: the nickname, the handle live (a
 * claim, with the renewal's later expiry), released, or (a withdrawal, which the account route doesn't show) at once.
 */
export function handlesPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  holder: Address,
  call: HandlesCall,
): TxPlan<{ expiresAt: number | null }> {
  const send = async (): Promise<Hex> => {
    const base = { address: handles(config), abi: handlesAbi, chainId: config.chainId } as const;
    switch (call.fn) {
      case "setNickname":
        return simulateContract(wagmiConfig, { ...base, functionName: "setNickname", args: [call.nickname] }).then(
          ({ request }) => writeContract(wagmiConfig, request),
        );
      case "claim":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "claim",
          args: [call.handle],
          value: HANDLE_BOND,
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "renew":
        return simulateContract(wagmiConfig, { ...base, functionName: "renew" }).then(({ request }) =>
          writeContract(wagmiConfig, request),
        );
      case "release":
        return simulateContract(wagmiConfig, { ...base, functionName: "release" }).then(({ request }) =>
          writeContract(wagmiConfig, request),
        );
      case "withdrawBond":
        return simulateContract(wagmiConfig, { ...base, functionName: "withdrawBond" }).then(({ request }) =>
          writeContract(wagmiConfig, request),
        );
    }
  };
  return {
    ...HANDLES_WORDS[call.fn],
    send,
    read: (receipt: TransactionReceipt) => {
      const events = parseEventLogs({ abi: handlesAbi, logs: receipt.logs });
      const set = events.find((e) => e.eventName === "HandleClaimed" || e.eventName === "HandleRenewed");
      if (set && (set.eventName === "HandleClaimed" || set.eventName === "HandleRenewed"))
        return { expiresAt: Number(set.args.expiresAt) };
      if (events.length === 0) throw new UserFacingError("The transaction was mined but changed nothing in Handles.");
      return { expiresAt: null };
    },
    isIndexed: async ({ expiresAt }, signal) => {
      if (call.fn === "withdrawBond") return true;
      const now = await account(config, holder, signal);
      if (!now) return false;
      switch (call.fn) {
        case "setNickname":
          return (now.nickname ?? "") === call.nickname;
        case "claim":
          return now.handle?.handle === call.handle && now.handle.status === "live";
        case "renew":
          return now.handle !== null && now.handle.expiresAt === expiresAt;
        case "release":
          return now.handle === null || now.handle.status === "released";
      }
    },
  };
}

// ---- Comments ----

export interface Post {
  kind: PostKind;
  id: string;
}

type CommentsCall =
  | { fn: "comment"; parentId: string | null; body: string }
  | { fn: "edit"; commentId: string; body: string }
  | { fn: "delete"; commentId: string }
  | { fn: "setPolicy"; policy: CommentPolicy };

const COMMENTS_WORDS: Record<CommentsCall["fn"], { action: string; outcome: string }> = {
  comment: { action: "post the comment", outcome: "the comment wasn't posted" },
  edit: { action: "edit the comment", outcome: "the comment wasn't changed" },
  delete: { action: "delete the comment", outcome: "the comment wasn't deleted" },
  setPolicy: { action: "set who may comment", outcome: "who may comment didn't change" },
};

/** Whether the post's comments, as the indexer lists them, show `check` true for the comment `id`. */
async function commentShows(
  config: PublicConfig,
  post: Post,
  id: string,
  check: (comment: Comment) => boolean,
  signal: AbortSignal,
) {
  const all = await callIndexerAll(config.indexerUrl, "listPostComments", { params: post }, signal);
  const comment = all.ok ? all.data.find((c) => c.id === id) : undefined;
  return comment !== undefined && check(comment);
}

export function commentsPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  post: Post,
  call: CommentsCall,
): TxPlan<{ commentId: string | null }> {
  const kind = postKindValue(post.kind);
  const send = async (): Promise<Hex> => {
    const base = { address: comments(config), abi: commentsAbi, chainId: config.chainId } as const;
    switch (call.fn) {
      case "comment":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "comment",
          args: [kind, BigInt(post.id), BigInt(call.parentId ?? 0), call.body],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "edit":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "edit",
          args: [BigInt(call.commentId), call.body],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "delete":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "deleteComment",
          args: [BigInt(call.commentId)],
        }).then(({ request }) => writeContract(wagmiConfig, request));
      case "setPolicy":
        return simulateContract(wagmiConfig, {
          ...base,
          functionName: "setCommentPolicy",
          args: [kind, BigInt(post.id), policyValue(call.policy)],
        }).then(({ request }) => writeContract(wagmiConfig, request));
    }
  };
  return {
    ...COMMENTS_WORDS[call.fn],
    send,
    read: (receipt) => {
      const events = parseEventLogs({ abi: commentsAbi, logs: receipt.logs });
      const posted = events.find((e) => e.eventName === "CommentPosted");
      if (posted?.eventName === "CommentPosted") return { commentId: posted.args.commentId.toString() };
      if (events.length === 0) throw new UserFacingError("The transaction was mined but changed nothing in Comments.");
      return { commentId: "commentId" in call ? call.commentId : null };
    },
    isIndexed: async ({ commentId }, signal) => {
      switch (call.fn) {
        case "comment":
          return commentId !== null && commentShows(config, post, commentId, () => true, signal);
        case "edit":
          return commentShows(config, post, call.commentId, (c) => c.body === call.body && c.editedAt !== null, signal);
        case "delete":
          return commentShows(config, post, call.commentId, (c) => c.deletedAt !== null, signal);
        case "setPolicy": {
          const now = await callIndexer(config.indexerUrl, "getPost", { params: post }, signal);
          return now.ok && now.data.policy === call.policy;
        }
      }
    },
  };
}
