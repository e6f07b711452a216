import { channelsAbi, storageEscrowAbi, videosAbi } from "@chorus/deployments";
import { enums, type EnumMember } from "@chorus/protocol";
import { BaseError, ContractFunctionRevertedError, formatEther, type Abi, type ContractErrorName } from "viem";
import { formatBps, formatVotingPeriod } from "./channels";
import { describeCrowdfundError } from "./crowdfund-errors";
import { describeFilterListsError } from "./filter-errors";
import { describePlaylistsError } from "./playlist-errors";
import { formatExactTime, shortAddress } from "./format";
import type { TokenUnits } from "./money";
import { describeSocialError } from "./social-errors";
import { describeEarningsError } from "./earnings-errors";

/**
 * Turns whatever a wallet, viem or wagmi threw into one sentence a person can act on: what happened and what to do.
 * Never shows an RPC blob or a stack trace. Tested in test/errors.test.ts.
 */

type ErrorKind = "rejected" | "revert" | "wrong-chain" | "no-funds" | "not-connected" | "network" | "unknown";

export interface HumanError {
  kind: ErrorKind;
  message: string;
}

export interface ErrorContext {
  /** The chain the app expects, for "switch to …" advice. */
  chainName?: string;
  /** What we were doing, for the generic fallback: "publish", "connect", "switch networks", "vote". */
  action?: string;
  /** What didn't happen because of the failure, for rejections and refusals: "the channel wasn't created". */
  outcome?: string;
  /** The token the transaction's amounts are in (a crowdfund's), so a refusal can quote them: "goal 100 USDC". */
  token?: TokenUnits;
}

/** The contract's ProposalStatus enum, as words for "it is no longer open: …" (every member must have words). */
const CLOSED_BECAUSE_BY_STATUS: Record<EnumMember<"ProposalStatus">, string> = {
  Pending: "its voting period is over",
  Executed: "it has already passed",
  Rejected: "it was rejected",
  Withdrawn: "its proposer withdrew it",
  Expired: "its voting period ended",
};
const CLOSED_BECAUSE = enums.ProposalStatus.map((status) => CLOSED_BECAUSE_BY_STATUS[status]);

/*
 * Every custom error of every deployed ABI has a sentence: each contract's sentences are an exhaustive switch over
 * the error names its generated ABI declares (`ContractErrorName<typeof abi>`), with no default, so a new contract
 * error fails `npm run typecheck` ("lacks ending return statement") until it has one here.
 */
type ChannelsErrorName = ContractErrorName<typeof channelsAbi>;
type StorageErrorName = ContractErrorName<typeof storageEscrowAbi>;
type VideosErrorName = ContractErrorName<typeof videosAbi>;
const errorNames = (abi: Abi): ReadonlySet<string> =>
  new Set(abi.flatMap((item) => (item.type === "error" ? [item.name] : [])));
const CHANNELS_ERRORS = errorNames(channelsAbi);
const STORAGE_ERRORS = errorNames(storageEscrowAbi);
const VIDEOS_ERRORS = errorNames(videosAbi);

const arg = (args: readonly unknown[], i: number) => args[i];
const num = (value: unknown) => (typeof value === "bigint" || typeof value === "number" ? Number(value) : NaN);
/** An id argument as text ("12"), or "#?" when it is missing. */
const id = (args: readonly unknown[], i: number) => (args[i] === undefined ? "#?" : String(args[i]));
const who = (value: unknown) => (typeof value === "string" ? shortAddress(value) : "That account");

/** The Channels contract's custom errors, by name, as sentences: what happened, and what to do. Null for others. */
export function describeChannelsError(errorName: string, args: readonly unknown[] = []): string | null {
  return CHANNELS_ERRORS.has(errorName) ? channelsSentence(errorName as ChannelsErrorName, args) : null;
}

function channelsSentence(errorName: ChannelsErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "ChannelsEmptyCid":
      return "The contract refused an empty CID, so nothing changed. Wait until the document or video is stored on IPFS, then try again.";
    case "ChannelsMalformedCid":
      return "The contract refused the CID as malformed (it takes a CIDv1 with a sha2-256 hash), so nothing changed. Store the document again and retry.";
    case "ChannelsNotADirectory":
      return "The contract refused the video: its CID names a single file, not a video directory (manifest, playlists and segments), so nothing was submitted. Upload the video again so the worker publishes its directory.";
    case "ChannelsNoFounders":
      return "A channel needs at least one founding member. Add one (your own address is fine), then create it again.";
    case "ChannelsZeroAddressMember":
      return "The zero address (0x0000…0000) can't be a member. Remove it and try again.";
    case "ChannelsDuplicateFounder":
      return `${who(arg(args, 0))} is listed twice among the founding members. Remove the duplicate and try again.`;
    case "ChannelsZeroThreshold":
      return "The threshold can't be zero: at least one yes vote must be needed. Set a threshold and try again.";
    case "ChannelsThresholdAboveMembers": {
      const threshold = num(arg(args, 0));
      const members = num(arg(args, 1));
      return `The threshold (${threshold} yes votes) is more than the channel's ${members} ${members === 1 ? "member" : "members"}, so nothing could ever pass. Lower it to at most ${members}, or add members first.`;
    }
    case "ChannelsPercentageAboveMax":
      return `The threshold can be at most 100 % of members (this asked for ${formatBps(num(arg(args, 0)))} %). Lower it and try again.`;
    case "ChannelsVotingPeriodOutOfRange": {
      const [period, min, max] = [num(arg(args, 0)), num(arg(args, 1)), num(arg(args, 2))];
      return `The voting period (${formatVotingPeriod(period)}) must be between ${formatVotingPeriod(min)} and ${formatVotingPeriod(max)}. Change it and try again.`;
    }
    case "ChannelsUnknownChannel":
      return `Channel ${id(args, 0)} doesn't exist on this chain. Check the link; if it was just created, wait until it is confirmed.`;
    case "ChannelsUnknownProposal":
      return `Proposal ${id(args, 0)} doesn't exist on this chain. Reload the page to see the channel's current proposals.`;
    case "ChannelsNotMember":
      return `${who(arg(args, 1))} isn't a member of channel ${id(args, 0)}, so the contract refused: this channel takes submissions and proposals from members only, and only members can be removed. Ask the members to add you, or choose a channel open to anyone.`;
    case "ChannelsAlreadyMember":
      return `${who(arg(args, 1))} is already a member of channel ${id(args, 0)}, so there is nothing to add.`;
    case "ChannelsLastMember":
      return `${who(arg(args, 1))} is the channel's only member, and a channel can't be left without members. Add another member first.`;
    case "ChannelsNotEligible":
      return `You joined after proposal ${id(args, 0)} was made, so you can't vote on it — only the members at the time it was proposed can. You can vote on proposals made since you joined.`;
    case "ChannelsAlreadyVoted":
      return `You already voted ${arg(args, 2) === false ? "no" : "yes"} on proposal ${id(args, 0)}. To change your vote, choose ${arg(args, 2) === false ? "Yes" : "No"}.`;
    case "ChannelsProposalClosed": {
      const status = num(arg(args, 1));
      const because = CLOSED_BECAUSE[status] ?? "it has been decided";
      return `Proposal ${id(args, 0)} is no longer open: ${because}. Reload the page to see where it stands.`;
    }
    case "ChannelsNotProposer":
      return `Only the account that made proposal ${id(args, 0)} can withdraw it.`;
    case "ChannelsVotingNotEnded": {
      const deadline = num(arg(args, 1));
      return `Proposal ${id(args, 0)}'s voting period hasn't ended${Number.isFinite(deadline) ? ` (it ends ${formatExactTime(deadline)})` : ""}, so it can't be closed as expired yet.`;
    }
    case "MembershipHistoryUnorderedEpoch":
      return "The contract refused to record a membership change out of order — this shouldn't happen. Nothing changed; reload the page and try again.";
    case "ChannelsSettingTooLong":
      return `The setting's value is too long (${num(arg(args, 0))} bytes, at most ${num(arg(args, 1))}), so no proposal was made. Shorten it and try again.`;
    case "ChannelsZeroSettingKey":
      return "A setting proposal must name a setting (its key can't be zero), so no proposal was made. Reload the page and try again.";
    case "ChannelsFutureEpoch":
      return "The contract was asked about a membership change that hasn't happened yet. Reload the page and try again.";
  }
}

const wei = (value: unknown) => (typeof value === "bigint" ? `${formatEther(value)} ETH` : "?");

/** The StorageEscrow errors a funder can meet from the deal form, the deal page or the storage page. Null for others. */
export function describeStorageError(errorName: string, args: readonly unknown[] = []): string | null {
  return STORAGE_ERRORS.has(errorName) ? storageSentence(errorName as StorageErrorName, args) : null;
}

function storageSentence(errorName: StorageErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "StorageEscrowStartInPast":
      return "The deal's first period would start in the past by the time the transaction was mined (a slow signature?). Nothing was paid: open the deal again.";
    case "StorageEscrowValueMismatch":
      return `The deposit sent (${wei(arg(args, 1))}) isn't what the deal costs (${wei(arg(args, 0))}), so nothing was paid. Reload the page and try again.`;
    case "StorageEscrowReplicasOutOfRange":
      return `A deal keeps 1 to ${num(arg(args, 1))} copies. Change the number of copies and try again; nothing was paid.`;
    case "StorageEscrowPeriodTooShort":
      return `Proofs can be asked for at most every ${num(arg(args, 1))} seconds. Choose a longer period; nothing was paid.`;
    case "StorageEscrowZeroPrice":
      return "Keepers are paid per proof: set a price above 0. Nothing was paid.";
    case "StorageEscrowSlashAboveStake":
      return "A missed proof can cost a keeper at most its stake: lower the slash or raise the stake. Nothing was paid.";
    case "StorageEscrowSlashBelowPrice":
      return `A missed proof must cost a keeper at least what a proof pays (${wei(arg(args, 1))}), or anyone could hold a copy's slot for free: raise the slash (and the stake with it). Nothing was paid.`;
    case "StorageEscrowNotFunder":
      return `Only the account that opened deal ${id(args, 0)} can top it up, so nothing was paid. To keep the video longer yourself, open a new deal from its page.`;
    case "StorageEscrowBeyondTenure":
      return `Period ${num(arg(args, 2))} of deal ${id(args, 0)} is after the end this keeper agreed to serve (period ${num(arg(args, 3))}): the deal was topped up and the keeper has not agreed to serve the added periods.`;
    case "StorageEscrowTenureEnded":
      return `This keeper's time in deal ${id(args, 0)} ended ${formatExactTime(num(arg(args, 2)))}: it can no longer leave or agree to serve more. Release it to return its stake and reopen its slot.`;
    case "StorageEscrowTenureNotEnded":
      return `This keeper serves deal ${id(args, 0)} until ${formatExactTime(num(arg(args, 2)))}, so it can't be released yet.`;
    case "StorageEscrowNothingToExtend":
      return `This keeper already serves deal ${id(args, 0)} to its end: there are no added periods to agree to.`;
    case "StorageEscrowBatchMismatch":
      return "The report listed keepers and periods that don't pair up (or none), so nothing was reported. Reload the page and try again.";
    case "StorageEscrowNoBlockhash":
      return `The chain returned no hash for block ${num(arg(args, 2))}, which seeds this challenge, so it can't be drawn. Request a new challenge for the period.`;
    case "StorageEscrowZeroRecipient":
      return "Choose an address to send the balance to: the zero address would burn it. Nothing was sent.";
    case "StorageEscrowTooManyPeriods":
    case "StorageEscrowDepositTooLarge":
      return "The deal is too long or too expensive for the contract's limits. Choose fewer periods; nothing was paid.";
    case "StorageEscrowEmptyCid":
    case "StorageEscrowMalformedCid":
    case "StorageEscrowZeroSize":
    case "StorageEscrowZeroRoot":
      return "The contract refused the video's identifier or fingerprint, so no deal was opened. Reload the page; if it keeps happening, the worker computed a bad root.";
    case "StorageEscrowUnknownDeal":
      return `Deal ${id(args, 0)} doesn't exist on this chain.`;
    case "StorageEscrowDealEnded":
      return `Deal ${id(args, 0)} has already ended, so it can't be topped up. Open a new deal from the video's page instead.`;
    case "StorageEscrowDealNotEnded":
      return `Deal ${id(args, 0)} is still running; what is left in it can be refunded once it ends (${formatExactTime(num(arg(args, 1)))}).`;
    case "StorageEscrowNothingToRefund":
      return `Nothing is left in deal ${id(args, 0)} to refund: it was refunded already, or keepers earned all of it.`;
    case "StorageEscrowNothingToWithdraw":
      return "There is nothing to withdraw for this account yet.";
    // What a keeper meets (the keeper daemon, or a keeper acting from the storage pages).
    case "StorageEscrowAlreadyJoined":
      return `${who(arg(args, 1))} already keeps a copy in deal ${id(args, 0)}, so it can't join it again.`;
    case "StorageEscrowDealFull":
      return `Deal ${id(args, 0)} already has all its ${num(arg(args, 1))} keepers, so nobody else can join. Look for another deal to keep.`;
    case "StorageEscrowDealNotStarted":
      return `Deal ${id(args, 0)} hasn't started yet (it starts ${formatExactTime(num(arg(args, 1)))}). Try again then.`;
    case "StorageEscrowNoPeriodLeft":
      return `Deal ${id(args, 0)} has no period left to serve (all ${num(arg(args, 1))} have begun), so nobody can join it now.`;
    case "StorageEscrowNotKeeper":
      return `${who(arg(args, 1))} doesn't keep a copy in deal ${id(args, 0)}, so the contract refused. Join the deal first, or use the keeper's account.`;
    case "StorageEscrowAlreadyProven":
      return `Period ${num(arg(args, 2))} of deal ${id(args, 0)} is already proven for this keeper: nothing more to do for it.`;
    case "StorageEscrowAlreadyReported":
      return `The missed proof of period ${num(arg(args, 2))} in deal ${id(args, 0)} was already reported. Reload the page to see the deal's current state.`;
    case "StorageEscrowChallengeAlreadyRequested":
      return `The challenge for period ${num(arg(args, 2))} of deal ${id(args, 0)} was already requested. Wait for it to be drawn, then prove it.`;
    case "StorageEscrowChallengeNotReady":
      return `The challenge for deal ${id(args, 0)} is drawn from block ${num(arg(args, 2))}, which isn't mined yet. Wait a block, then prove.`;
    case "StorageEscrowChallengeExpired":
      return `The challenge for deal ${id(args, 0)} (seeded by block ${num(arg(args, 2))}) is too old for the chain to recall its block hash. Request a new challenge for the period.`;
    case "StorageEscrowNoChallenge":
      return `No challenge was requested for period ${num(arg(args, 2))} of deal ${id(args, 0)}. Request one, then prove.`;
    case "StorageEscrowNotDue":
      return `This keeper owes no proof for period ${num(arg(args, 2))} of deal ${id(args, 0)}: it serves from period ${num(arg(args, 3))}.`;
    case "StorageEscrowPeriodNotOpen":
      return `Period ${num(arg(args, 1))} of deal ${id(args, 0)} hasn't begun yet (it opens ${formatExactTime(num(arg(args, 2)))}). Try again then.`;
    case "StorageEscrowPeriodClosed":
      return `Period ${num(arg(args, 1))} of deal ${id(args, 0)} closed ${formatExactTime(num(arg(args, 2)))}: it can no longer be proven.`;
    case "StorageEscrowPeriodNotClosed":
      return `Period ${num(arg(args, 1))} of deal ${id(args, 0)} is still open until ${formatExactTime(num(arg(args, 2)))}, so a missed proof can't be reported yet.`;
    case "StorageEscrowPeriodOutOfRange":
      return `Deal ${id(args, 0)} has ${num(arg(args, 2))} periods; period ${num(arg(args, 1))} isn't one of them.`;
    case "StorageEscrowInvalidProof":
    case "StorageEscrowProofLength":
    case "StorageEscrowSegmentLength":
      return "The proof doesn't match the deal's fingerprint of the video, so the contract refused it. The copy held may be damaged: fetch the video again from IPFS before the period closes.";
    // What the form prevents, and what the contract's own transfers can hit.
    case "StorageEscrowZeroPeriods":
      return "A deal needs at least one period. Choose how long to keep the video; nothing was paid.";
    case "StorageEscrowZeroMaxMisses":
      return "A deal must allow at least one missed proof before a keeper is evicted. Set the allowed misses above 0; nothing was paid.";
    case "StorageEscrowTransferMismatch":
      return "The token moved a different amount than the deal asked for (a fee-on-transfer token?), so nothing was paid. Pay in ETH or another token.";
    case "SafeERC20FailedOperation":
      return "The token refused the transfer, so nothing was paid. Check your token balance and allowance, then try again.";
    case "StorageEscrowEthTransferFailed":
      return `Sending ${wei(arg(args, 1))} to ${who(arg(args, 0))} failed: that address doesn't accept ETH. Withdraw to another address.`;
    case "ReentrancyGuardReentrantCall":
      return "The contract refused a call made from inside another of its own calls, so nothing changed. Try again from your wallet directly.";
  }
}

/** Our contracts' custom errors, by name, as sentences. */
export function describeContractError(
  errorName: string,
  args: readonly unknown[] = [],
  outcome = "nothing was published",
  token?: TokenUnits,
): string {
  const known =
    describeChannelsError(errorName, args) ??
    describeStorageError(errorName, args) ??
    describeFilterListsError(errorName, args) ??
    describeSocialError(errorName, args) ??
    describeEarningsError(errorName, args) ??
    describeCrowdfundError(errorName, args, token) ??
    describePlaylistsError(errorName, args);
  if (known) return known;
  return VIDEOS_ERRORS.has(errorName)
    ? videosSentence(errorName as VideosErrorName, args)
    : `The contract refused the transaction (${errorName}), so ${outcome}.`;
}

function videosSentence(errorName: VideosErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "VideosEmptyCid":
      return "The contract refused an empty manifest CID, so nothing was published. Wait until the video has finished processing, then publish again.";
    case "VideosMalformedCid":
      return "The contract refused the manifest CID as malformed, so nothing was published. Upload the video again; if it keeps happening, the worker is producing bad CIDs.";
    case "VideosNotADirectory":
      return "The contract refused the manifest CID: it names a single file, not a video directory (manifest, playlists and segments), so nothing was published. Upload the video again so the worker publishes its directory.";
    case "VideosUnknownVideo":
      return args[0] === undefined
        ? "This video doesn't exist on-chain."
        : `Video ${String(args[0])} doesn't exist on-chain.`;
  }
}

/** Names of errors (viem's and wagmi's) found anywhere in the cause chain. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 20; depth++) {
    chain.push(current);
    current =
      typeof current === "object" && current !== null && "cause" in current
        ? (current as { cause: unknown }).cause
        : undefined;
  }
  return chain;
}

function nameOf(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error
    ? String((error as { name: unknown }).name)
    : "";
}

function codeOf(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error)
    return String((error as { message: unknown }).message);
  return typeof error === "string" ? error : "";
}

export function describeError(error: unknown, context: ErrorContext = {}): HumanError {
  const chainName = context.chainName ?? "the right network";
  const chain = causeChain(error);
  const names = chain.map(nameOf);
  const has = (...candidates: string[]) => names.some((n) => candidates.includes(n));

  // 1. The person said no. Wallets disagree on how they say it: viem's class, EIP-1193 code 4001, or just a message.
  if (
    has("UserRejectedRequestError") ||
    chain.some((e) => codeOf(e) === 4001 || codeOf(e) === "ACTION_REJECTED") ||
    chain.some((e) => /user (rejected|denied|cancelled|canceled)/i.test(messageOf(e)))
  ) {
    return {
      kind: "rejected",
      message: context.outcome
        ? `You rejected the signature — ${context.outcome}. Try again when ready.`
        : context.action === "publish" || context.action === undefined
          ? "You rejected the signature — nothing was published. Publish again when ready."
          : `You cancelled the request in your wallet. Try again when ready.`,
    };
  }

  // 2. The contract reverted with one of our custom errors (or a reason string).
  const reverted = chain.find((e): e is ContractFunctionRevertedError => e instanceof ContractFunctionRevertedError);
  const outcome = context.outcome ?? "nothing was published";
  const refused =
    context.outcome === undefined
      ? "The contract refused the transaction, so nothing was published. Check the video and try again."
      : `The contract refused the transaction, so ${outcome}. Reload the page and try again.`;
  if (reverted) {
    if (reverted.data?.errorName)
      return {
        kind: "revert",
        message: describeContractError(reverted.data.errorName, reverted.data.args ?? [], outcome, context.token),
      };
    if (reverted.reason)
      return {
        kind: "revert",
        message: `The contract refused the transaction: ${reverted.reason}. ${outcome[0]!.toUpperCase()}${outcome.slice(1)}.`,
      };
    return { kind: "revert", message: refused };
  }
  if (has("ContractFunctionRevertedError")) {
    return { kind: "revert", message: refused };
  }

  // 3. Wrong network, or the wallet can't switch to ours.
  if (has("ChainMismatchError", "ConnectorChainMismatchError")) {
    return {
      kind: "wrong-chain",
      message: `Your wallet is on a different network. Switch to ${chainName}, then try again.`,
    };
  }
  if (
    has("SwitchChainError", "ChainNotConfiguredError", "SwitchChainNotSupportedError") ||
    chain.some((e) => codeOf(e) === 4902)
  ) {
    return {
      kind: "wrong-chain",
      message: `Your wallet couldn't switch to ${chainName}. Add or select that network in your wallet, then try again.`,
    };
  }

  // 4. Not enough ETH for gas.
  if (has("InsufficientFundsError") || chain.some((e) => /insufficient funds/i.test(messageOf(e)))) {
    return {
      kind: "no-funds",
      message: `Your account doesn't have enough ETH on ${chainName} to pay for gas. Fund it (or use another account) and try again.`,
    };
  }

  // 5. No wallet, or it went away.
  if (
    has(
      "ConnectorNotConnectedError",
      "ConnectorAccountNotFoundError",
      "ConnectorNotFoundError",
      "ProviderNotFoundError",
    )
  ) {
    return {
      kind: "not-connected",
      message: "No wallet is connected. Connect one with the button at the top right, then try again.",
    };
  }

  // 6. The chain (or the wallet's RPC) can't be reached.
  if (
    has("HttpRequestError", "TimeoutError", "WebSocketRequestError", "SocketClosedError") ||
    chain.some((e) => e instanceof TypeError && /fetch|network/i.test(messageOf(e)))
  ) {
    return {
      kind: "network",
      message: `Couldn't reach ${chainName}. Check that the chain's RPC is running and your connection works, then try again.`,
    };
  }

  // 7. Anything else: viem's short message is readable; a raw object is not.
  const short = messageOf(error).split("\n")[0]?.trim();
  const doing = context.action ? ` to ${context.action}` : "";
  return {
    kind: "unknown",
    message:
      short && short.length < 200
        ? `Something went wrong${doing}: ${short.replace(/\.$/, "")}. Try again; if it keeps failing, reload the page.`
        : `Something went wrong${doing}. Try again; if it keeps failing, reload the page.`,
  };
}
