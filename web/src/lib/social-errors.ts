import { commentsAbi, enums, handlesAbi } from "@chorus/deployments";
import { formatEther, type Abi, type ContractErrorName } from "viem";
import { formatExactTime, shortAddress } from "./format";

/**
 * The Handles and Comments contracts' custom errors as sentences: what happened, and what to do. Exhaustive switches
 * over the error names of the generated ABIs (no default), so a new contract error fails `npm run typecheck` until it
 * has a sentence here. errors.ts asks these before its generic fallback.
 */

type HandlesErrorName = ContractErrorName<typeof handlesAbi>;
type CommentsErrorName = ContractErrorName<typeof commentsAbi>;
const errorNames = (abi: Abi): ReadonlySet<string> =>
  new Set(abi.flatMap((item) => (item.type === "error" ? [item.name] : [])));
const HANDLES_ERRORS = errorNames(handlesAbi);
const COMMENTS_ERRORS = errorNames(commentsAbi);

const num = (value: unknown) => (typeof value === "bigint" || typeof value === "number" ? Number(value) : NaN);
const text = (value: unknown) => (typeof value === "string" ? value : "?");
const when = (value: unknown) =>
  Number.isFinite(num(value)) && num(value) > 0 ? formatExactTime(num(value)) : "later";
const who = (value: unknown) => (typeof value === "string" ? shortAddress(value) : "another account");
const eth = (value: unknown) => (typeof value === "bigint" ? `${formatEther(value)} ETH` : "?");
const postName = (kind: unknown, id: unknown) =>
  `${num(kind) === enums.PostKind.indexOf("Release") ? "channel release" : "video"} ${String(id ?? "?")}`;

export function describeSocialError(errorName: string, args: readonly unknown[] = []): string | null {
  if (HANDLES_ERRORS.has(errorName)) return handlesSentence(errorName as HandlesErrorName, args);
  if (COMMENTS_ERRORS.has(errorName)) return commentsSentence(errorName as CommentsErrorName, args);
  return null;
}

function handlesSentence(errorName: HandlesErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "HandlesNicknameTooLong":
      return `The nickname is ${num(args[0])} bytes; at most ${num(args[1])} fit (an emoji takes 4). Shorten it and try again — nothing changed.`;
    case "HandlesInvalidHandle":
      return `“${text(args[0])}” isn't a valid handle: 3 to 24 of a–z, 0–9, “-” and “_”, starting with a letter, separators single and not last. Change it and try again — nothing was paid.`;
    case "HandlesWrongBond":
      return `A claim pays exactly the bond (${eth(args[1])}); this sent ${eth(args[0])}, so nothing was paid. Reload the page and claim again.`;
    case "HandlesAlreadyHolding":
      return `This account already holds @${text(args[1])}: one handle per address. Release it first (its bond comes back after the cooldown), then claim the new one.`;
    case "HandlesTaken":
      return `@${text(args[0])} is held by ${who(args[1])} until ${when(args[2])}, and nobody can take a live handle. Choose another — nothing was paid.`;
    case "HandlesCoolingDown":
      return `@${text(args[0])} was released recently and nobody can claim it until ${when(args[1])} (so no impersonator grabs it at once). Choose another or come back then — nothing was paid.`;
    case "HandlesNoHandle":
      return "This account holds no handle, so there is nothing to renew or release. Claim one first.";
    case "HandlesNothingToWithdraw":
      return "There is no bond to withdraw for this account: it was withdrawn already, or the handle is still held.";
    case "HandlesBondLocked":
      return `The bond can be withdrawn from ${when(args[1])}, when the handle's cooldown ends. Come back then.`;
    case "HandlesTransferFailed":
      return `Sending ${eth(args[1])} to ${who(args[0])} failed: that address doesn't accept ETH. Withdraw to another address.`;
  }
}

const REFUSED_BECAUSE: Record<(typeof enums.CommentPolicy)[number], string> = {
  Open: "the post's policy refused it",
  VerifiedOnly: "only accounts with a live verified handle may comment there — get a handle on your account page",
  MembersOnly: "only members of the channel that released it may comment there",
  Off: "its creator turned comments off",
};

function commentsSentence(errorName: CommentsErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "CommentsEmptyBody":
      return "A comment can't be empty. Write something, then send it.";
    case "CommentsBodyTooLong":
      return `The comment is ${num(args[0])} bytes; at most ${num(args[1])} fit. Shorten it and send it again.`;
    case "CommentsUnknownPost":
      return `The contract doesn't know ${postName(args[0], args[1])} as something to comment on (a channel submission becomes one once it is released). Reload the page.`;
    case "CommentsUnknownComment":
      return `Comment ${String(args[0] ?? "?")} doesn't exist on this chain. Reload the page to see the current comments.`;
    case "CommentsParentOnOtherPost":
      return `Comment ${String(args[0] ?? "?")} belongs to another post, so you can't reply to it here. Reload the page.`;
    case "CommentsRefusedByPolicy": {
      const member = enums.CommentPolicy[num(args[2])];
      return `The comment wasn't posted: ${member ? REFUSED_BECAUSE[member] : "the post's policy refused it"}. Reload the page to see who may comment now.`;
    }
    case "CommentsNotAuthor":
      return `Only its author (${who(args[2])}) can change or delete comment ${String(args[0] ?? "?")}.`;
    case "CommentsAlreadyDeleted":
      return `Comment ${String(args[0] ?? "?")} was deleted, so it can't be changed any more. Reload the page.`;
    case "CommentsNotCreator":
      return `Only the post's creator (${who(args[3])}) can choose who may comment on it. Nothing changed.`;
    case "CommentsMembersOnlyNeedsChannel":
      return `Video ${String(args[0] ?? "?")} wasn't released by a channel, so it has no members: choose open, verified handles only, or off.`;
  }
}
