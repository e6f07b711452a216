import { earningsAbi } from "@chorus/deployments";
import type { Abi, ContractErrorName } from "viem";
import { shortAddress } from "./format";

type EarningsErrorName = ContractErrorName<typeof earningsAbi>;
const EARNINGS_ERRORS: ReadonlySet<string> = new Set(
  (earningsAbi as Abi).flatMap((item) => (item.type === "error" ? [item.name] : [])),
);

/**
 * The Earnings contract's custom errors (contracts/interfaces/IEarnings.sol) as sentences: what happened and what to
 * do. An exhaustive switch over the generated ABI's error names (no default), as lib/social-errors.ts: a new contract
 * error fails `npm run typecheck` until it has a sentence here. lib/errors.ts asks this after the other tables.
 */
export function describeEarningsError(errorName: string, args: readonly unknown[] = []): string | null {
  return EARNINGS_ERRORS.has(errorName) ? sentence(errorName as EarningsErrorName, args) : null;
}

function sentence(errorName: EarningsErrorName, args: readonly unknown[]): string {
  const a = (i: number) => args[i];
  switch (errorName) {
    case "EarningsZeroAmount":
      return "The amount is zero, so nothing was paid. Choose an amount above zero.";
    case "EarningsValueMismatch":
      return "The ETH sent didn't match the amount, so nothing was paid. Try again from this page.";
    case "EarningsTransferMismatch":
      return "This token delivered less than the amount (it takes a fee on transfers), which the contract refuses, so nothing was paid. Pay in ETH or another token.";
    case "EarningsUnknownPost":
      return "The contract doesn't know this video (not published, or not a video proposal), so nothing was paid or set. Reload the page.";
    case "EarningsNotPayable":
      return "This video hasn't been released by its channel yet, so it can't be paid. Try again once the channel's vote releases it.";
    case "EarningsNotCreator":
      return "Only the video's creator can set its shares or its price — connect the wallet that published it.";
    case "EarningsSplitAlreadySet":
      return "This video's rights holders are already set, and they are fixed for good.";
    case "EarningsSplitAfterIncome":
      return "This video has already been paid, so its rights holders can't be set any more: what it earns goes to its creator.";
    case "EarningsSplitLengthMismatch":
    case "EarningsSplitSum":
      return "The shares don't add up to exactly 100 %, so nothing was set. Fix the shares and try again.";
    case "EarningsSplitHolderCount":
      return `A video can have 1 to ${String(a(1) ?? 16)} rights holders. Remove some rows and try again.`;
    case "EarningsSplitZeroHolder":
      return "A rights holder's address is empty (0x000…), so nothing was set. Fix that row and try again.";
    case "EarningsSplitDuplicateHolder":
      return `${typeof a(0) === "string" ? shortAddress(a(0) as string) : "A holder"} is named twice. Merge their rows and try again.`;
    case "EarningsSplitZeroShare":
      return "A rights holder has a share of 0 %. Remove that row or give it a share.";
    case "EarningsChannelShareOnVideo":
      return "Only a video submitted to a community channel can give the channel a share.";
    case "EarningsBadPrice":
      return "That price isn't valid: a paid video needs a price above zero.";
    case "EarningsNotForSale":
      return "This video isn't for sale (it's free or for members). Reload the page to see how to watch it.";
    case "EarningsPriceChanged":
      return "The price changed meanwhile (the creator, or the channel's vote, set a new one), so nothing was paid. Reload the page and check the new price.";
    case "EarningsAlreadyBought":
      return "You have already bought this video — nothing was paid again. Reload the page to watch it.";
    case "EarningsMessageTooLong":
      return `The message is too long${a(0) === undefined ? "" : ` (${String(a(0))} bytes, at most ${String(a(1))})`}, so nothing was paid. Shorten it and try again.`;
    case "EarningsUnknownStream":
      return "The contract doesn't know this stream, so nothing was paid. Reload the page.";
    case "EarningsUnknownChannel":
      return "The contract doesn't know this channel, so nothing was paid. Reload the page.";
    case "EarningsZeroCreator":
      return "There is no creator to pay at the zero address, so nothing was paid.";
    case "EarningsBadPlan":
      return "That plan isn't valid: a period of 1 to 366 days and a price above zero.";
    case "EarningsNoPlan":
      return "This creator has no membership plan, so there is nothing to join yet.";
    case "EarningsNoChannelPlan":
      return "This channel has no membership plan (its members haven't voted one, or voted it away), so nothing was paid. Come back once they have.";
    case "EarningsBadPeriods":
      return "That membership can't be bought for so many periods. Join for fewer.";
    case "EarningsNothingToWithdraw":
      return "There is nothing to withdraw in this token.";
    case "EarningsZeroRecipient":
      return "Withdrawing to the zero address would burn the money; choose another address.";
    case "EarningsNotHolder":
      return "That account isn't one of this video's rights holders, so there is nothing of it to claim.";
    case "EarningsNotMemberAt":
      return "That account wasn't a member of the channel then, so it has no share of that pot.";
    case "EarningsEpochNotOver":
      return "That pot's period isn't over yet, so its remainder can't be moved. Try after the channel's members change.";
    case "EarningsNothingToSweep":
      return "That pot has no remainder to move.";
    case "EarningsEthTransferFailed":
      return "Sending the ETH failed: that address doesn't accept ETH. Withdraw to another address.";
    case "SafeERC20FailedOperation":
      return "The token refused the transfer, so nothing was paid. Check your token balance and allowance, then try again.";
    case "SafeCastOverflowedUintDowncast":
      return "A number was too large for the contract, so nothing changed. Use a smaller amount or fewer periods.";
    case "ReentrancyGuardReentrantCall":
      return "The contract refused a call made from inside another of its own calls, so nothing changed. Try again from your wallet directly.";
  }
}
