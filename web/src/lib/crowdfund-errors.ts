import { crowdfundAbi } from "@chorus/deployments";
import type { Abi, ContractErrorName } from "viem";
import { formatExactTime, shortAddress } from "./format";
import { ETH_INFO, formatAmount, type TokenUnits } from "./money";

/**
 * Crowdfund's custom errors as sentences: what happened, and what to do. An exhaustive switch over the generated ABI's
 * error names (no default), so a new contract error fails `npm run typecheck` until it has a sentence here.
 */

type CrowdfundErrorName = ContractErrorName<typeof crowdfundAbi>;
const CROWDFUND_ERRORS: ReadonlySet<string> = new Set(
  (crowdfundAbi as Abi).flatMap((item) => (item.type === "error" ? [item.name] : [])),
);

const num = (value: unknown) => (typeof value === "bigint" || typeof value === "number" ? Number(value) : NaN);
const when = (value: unknown) => (Number.isFinite(num(value)) && num(value) > 0 ? formatExactTime(num(value)) : "?");
const who = (value: unknown) => (typeof value === "string" ? shortAddress(value) : "this account");
const ether = (value: unknown) => (typeof value === "bigint" ? formatAmount(value, ETH_INFO) : "the amount");

/**
 * A Crowdfund error as a sentence, or null for another contract's. The errors' amounts are in the campaign's token,
 * which they don't name: with `token` (the page knows the campaign's) they are quoted in its units ("goal 100 USDC");
 * without it, never in guessed units — the sentence points to the page, which shows them.
 */
export function describeCrowdfundError(
  errorName: string,
  args: readonly unknown[] = [],
  token?: TokenUnits,
): string | null {
  if (!CROWDFUND_ERRORS.has(errorName)) return null;
  const amount = (value: unknown) => (token && typeof value === "bigint" ? formatAmount(value, token) : null);
  return sentence(errorName as CrowdfundErrorName, args, amount);
}

function sentence(
  errorName: CrowdfundErrorName,
  args: readonly unknown[],
  amount: (value: unknown) => string | null,
): string {
  switch (errorName) {
    case "CrowdfundUnknownChannel":
      return `There is no channel ${String(args[0])}, so no crowdfund was started. Pick one of your channels.`;
    case "CrowdfundNotMember":
      return `${who(args[1])} isn't a member of channel ${String(args[0])}, so it can't raise money in its name. Start it for yourself instead, or ask the channel to add you.`;
    case "CrowdfundZeroGoal":
      return "A crowdfund needs a goal above zero. Enter one and try again — nothing was started.";
    case "CrowdfundGoalTooLarge": {
      const goal = amount(args[0]);
      return `${goal ? `A goal of ${goal} is` : "That goal is"} larger than any token's supply. Enter a smaller one — nothing was started.`;
    }
    case "CrowdfundDeadlineOutOfRange":
      return `The deadline must be after now and at most 180 days ahead (by ${when(args[2])}). Choose another length — nothing was started.`;
    case "CrowdfundMalformedCid":
      return "The campaign's description couldn't be recorded (its IPFS CID was refused). Try again — nothing was started.";
    case "CrowdfundUnknownCampaign":
      return `There is no crowdfund ${String(args[0])} on this chain. Check the link.`;
    case "CrowdfundZeroAmount":
      return "Enter an amount above zero — nothing was sent.";
    case "CrowdfundValueMismatch":
      return `The ETH sent (${ether(args[1])}) didn't match the pledge (${ether(args[0])}), so nothing was pledged. Reload the page and try again.`;
    case "CrowdfundTransferMismatch": {
      const [asked, moved] = [amount(args[1]), amount(args[2])];
      return `The token moved ${asked && moved ? `${moved} where ${asked} was asked` : "a different amount than asked"} (a fee-on-transfer token?), so nothing was pledged. This campaign's token can't be used.`;
    }
    case "CrowdfundTotalTooLarge": {
      const total = amount(args[1]);
      return `That pledge would take the campaign's total${total ? ` (${total} now)` : ""} past what the contract can count, so nothing was pledged. Pledge less.`;
    }
    case "CrowdfundEnded":
      return `The crowdfund ended at ${when(args[1])}, so pledges can no longer change. Reload the page to see its outcome.`;
    case "CrowdfundNotEnded":
      return `The crowdfund runs until ${when(args[1])}; its outcome is settled only then. Come back after the deadline.`;
    case "CrowdfundInsufficientPledge": {
      const [pledged, asked] = [amount(args[2]), amount(args[3])];
      return pledged && asked
        ? `Taking back ${asked} is more than your pledge of ${pledged}, so nothing was taken back. Enter at most ${pledged}.`
        : "That is more than you have pledged, so nothing was taken back. Enter at most your pledge (shown on the page).";
    }
    case "CrowdfundGoalMissed": {
      const [pledged, goal] = [amount(args[1]), amount(args[2])];
      return pledged && goal
        ? `The crowdfund missed its goal: ${pledged} pledged of ${goal}, so its backers take their pledges back; nothing is paid out.`
        : "The crowdfund missed its goal (its total is on the page), so its backers take their pledges back; nothing is paid out.";
    }
    case "CrowdfundGoalReached": {
      const [pledged, goal] = [amount(args[1]), amount(args[2])];
      return `The crowdfund reached its goal${pledged && goal ? ` (${pledged} pledged of ${goal})` : ""}, so pledges are not refunded: they go to its recipient.`;
    }
    case "CrowdfundAlreadyClaimed":
      return "The proceeds were already paid out. Reload the page.";
    case "CrowdfundNotCreator":
      return "Only the creator who started this crowdfund can claim it. Connect that wallet.";
    case "CrowdfundNothingToRefund":
      return `${who(args[1])} has no pledge to refund in this crowdfund (never pledged, or already refunded).`;
    case "CrowdfundEthTransferFailed":
      return `Sending ${ether(args[1])} to ${who(args[0])} failed: that address doesn't accept ETH. Nothing changed.`;
    case "SafeERC20FailedOperation":
      return "The token refused the transfer, so nothing changed. Check your token balance and allowance, then try again.";
    case "ReentrancyGuardReentrantCall":
      return "The contract refused a call made from inside another of its own calls, so nothing changed. Try again from your wallet directly.";
  }
}
