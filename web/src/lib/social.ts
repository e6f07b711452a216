import { commentsAbi, constants, enums, handlesAbi } from "@chorus/deployments";
import { contractAddress } from "./contracts";
import type { Account, CommentPolicy, PostKind } from "@chorus/protocol";

/**
 * Handles and Comments for the web: addresses, the contracts' rules as the pages check them before anything is sent
 * (so a form never offers what the contract will refuse), and the catalogue's names for the contracts' enums.
 * Rules and reasons: docs/identity.md. Pure and unit-tested (test/social.test.ts).
 */

export { commentsAbi, handlesAbi };

export const handlesAddress = (chainId: number) => contractAddress("Handles", chainId);
export const commentsAddress = (chainId: number) => contractAddress("Comments", chainId);

export const HANDLE_BOND: bigint = constants.Handles.BOND;
export const HANDLE_TERM_SECONDS: number = constants.Handles.TERM;
export const RELEASE_COOLDOWN_SECONDS: number = constants.Handles.RELEASE_COOLDOWN;
const MIN_HANDLE_LENGTH: number = constants.Handles.MIN_HANDLE_LENGTH;
const MAX_HANDLE_LENGTH: number = constants.Handles.MAX_HANDLE_LENGTH;
export const MAX_NICKNAME_BYTES: number = constants.Handles.MAX_NICKNAME_BYTES;
export const MAX_COMMENT_BYTES: number = constants.Comments.MAX_BODY_BYTES;

/** UTF-8 bytes, as the contracts count them (a limit in bytes, not characters: an emoji is 4). */
export const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The on-chain value of a post kind / comment policy, and back (by position in the contract's enum). */
const POST_KIND_MEMBER: Record<PostKind, (typeof enums.PostKind)[number]> = { video: "Video", release: "Release" };
const POLICY_MEMBER: Record<CommentPolicy, (typeof enums.CommentPolicy)[number]> = {
  open: "Open",
  "verified-only": "VerifiedOnly",
  "members-only": "MembersOnly",
  off: "Off",
};
export const postKindValue = (kind: PostKind) => enums.PostKind.indexOf(POST_KIND_MEMBER[kind]);
export const policyValue = (policy: CommentPolicy) => enums.CommentPolicy.indexOf(POLICY_MEMBER[policy]);
export function policyName(value: number): CommentPolicy | null {
  const member = enums.CommentPolicy[value];
  const entry = Object.entries(POLICY_MEMBER).find(([, m]) => m === member);
  return entry ? (entry[0] as CommentPolicy) : null;
}

/** What each policy means, in the words the pages use (picker labels and the notice beside a post's comments). */
export const POLICY_LABELS: Record<CommentPolicy, string> = {
  open: "Anyone with a wallet",
  "verified-only": "Verified handles only",
  "members-only": "Channel members only",
  off: "Off (nobody)",
};

/** The policies a creator may pick for a post: members only exists for channel releases (the contract refuses it on a video). */
export const policiesFor = (kind: PostKind): CommentPolicy[] =>
  kind === "release" ? ["open", "verified-only", "members-only", "off"] : ["open", "verified-only", "off"];

/**
 * A handle as typed, normalised as the page sends it (trimmed, lower case, a leading "@" dropped) and checked against
 * the contract's rule: 3–24 of `a-z0-9-_`, a letter first, a separator never last nor next to another. `error` says
 * what is wrong in words, naming the character.
 */
export function checkHandle(typed: string): { handle: string; error: string | null } {
  const handle = typed.trim().replace(/^@/, "").toLowerCase();
  if (handle === "") return { handle, error: "Type the handle you want." };
  const bad = [...handle].find((c) => !/[a-z0-9_-]/.test(c));
  if (bad !== undefined)
    return {
      handle,
      error: `“${bad}” can't be in a handle: use the letters a–z, digits 0–9, “-” and “_” (so that no look-alike can pass for someone else).`,
    };
  if (!/^[a-z]/.test(handle))
    return { handle, error: "A handle starts with a letter (so it never reads as a number or an address)." };
  if (handle.length < MIN_HANDLE_LENGTH)
    return { handle, error: `A handle has at least ${MIN_HANDLE_LENGTH} characters.` };
  if (handle.length > MAX_HANDLE_LENGTH)
    return { handle, error: `A handle has at most ${MAX_HANDLE_LENGTH} characters (this has ${handle.length}).` };
  if (/[-_]{2}/.test(handle))
    return {
      handle,
      error: "Separators (“-”, “_”) can't stand next to each other: a--b would pass for a-b at a glance.",
    };
  if (/[-_]$/.test(handle)) return { handle, error: "A handle can't end with “-” or “_”." };
  return { handle, error: null };
}

/** Where a handle stands, from `Handles.handleStatus` (its enum member by position). */
export type HandleStatusName = (typeof enums.HandleStatus)[number];
export const handleStatusName = (value: number): HandleStatusName => enums.HandleStatus[value] ?? "Invalid";

/** The name to show: a live handle, else a nickname, else nothing (the caller shows the short address). */
export function displayName(account: Account | null | undefined): {
  kind: "handle" | "nickname" | "address";
  text: string | null;
} {
  if (account?.handle?.status === "live") return { kind: "handle", text: account.handle.handle };
  const nickname = account?.nickname?.trim();
  if (nickname) return { kind: "nickname", text: nickname };
  return { kind: "address", text: null };
}

/**
 * What the comment box offers a viewer under a post's policy, so the page never offers what the contract will refuse:
 * the form only when `Comments.canComment` said yes for the connected account; otherwise why not and what to do.
 */
export type CommentAccess =
  | "form"
  | "off"
  | "connect"
  | "switch"
  | "checking"
  | "needs-handle"
  | "needs-membership"
  | "refused"
  | "unavailable";

export function commentAccess(input: {
  policy: CommentPolicy;
  connected: boolean;
  wrongChain: boolean;
  /** `canComment(kind, id, account)` on chain; undefined while unknown. */
  canComment: boolean | undefined;
  /** The chain couldn't be asked. */
  failed?: boolean;
}): CommentAccess {
  if (input.policy === "off") return "off";
  if (!input.connected) return "connect";
  if (input.wrongChain) return "switch";
  if (input.failed) return "unavailable";
  if (input.canComment === undefined) return "checking";
  if (input.canComment) return "form";
  if (input.policy === "verified-only") return "needs-handle";
  if (input.policy === "members-only") return "needs-membership";
  // Open, yet refused: the catalogue's policy is behind the chain's (it just changed). Reloading shows the new one.
  return "refused";
}
