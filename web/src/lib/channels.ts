import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import { constants, SUBMITTERS, THRESHOLD_KINDS, type PostAccess, type ProposalKind } from "@chorus/protocol";
import { plural } from "./format";

/**
 * Pure helpers for community channels (tested in test/channels.test.ts): rules as people read them, the contract's
 * required-yes rule, voting periods, founders, proposal wording. The contract is the authority; these mirror it so the
 * page can say what will happen before anyone signs.
 */

/** Rules as the indexer reports them (and as the forms edit them). */
export interface Rules {
  submitters: "members" | "anyone";
  thresholdKind: "absolute" | "percentage";
  /** A count of yes votes (absolute) or basis points of the members, 1..10 000 (percentage). */
  threshold: number;
  /** Seconds. */
  votingPeriod: number;
}

/** The contract's bounds (Channels.MIN_VOTING_PERIOD / MAX_VOTING_PERIOD, and 100 % in basis points), generated. */
const { MIN_VOTING_PERIOD, MAX_VOTING_PERIOD, MAX_BPS } = constants.Channels;

/** Rules in the contract's ABI shape (`IChannels.Rules`). */
export function rulesToContract(rules: Rules) {
  return {
    submitters: SUBMITTERS.indexOf(rules.submitters),
    thresholdKind: THRESHOLD_KINDS.indexOf(rules.thresholdKind),
    threshold: rules.threshold,
    votingPeriod: rules.votingPeriod,
  } as const;
}

/**
 * The yes votes a proposal needs among `members` members — the contract's rule: an absolute threshold is capped at the
 * member count; a percentage (basis points) is rounded up; never below one for a channel with members.
 */
export function requiredYes(rules: Pick<Rules, "thresholdKind" | "threshold">, members: number): number {
  if (members <= 0) return 0;
  if (rules.thresholdKind === "absolute") return Math.max(1, Math.min(rules.threshold, members));
  return Math.max(1, Math.ceil((members * rules.threshold) / MAX_BPS));
}

/** 6000 → "60", 6667 → "66.67", 5 → "0.05". */
export function formatBps(bps: number): string {
  return String(Math.round(bps) / 100);
}

/**
 * The threshold as people say it: "2 of 3 members" (absolute), "60 % of members" (percentage). With `members`, a
 * percentage also says what it means now: "60 % of members (2 of 3)"; an absolute threshold above the member count
 * (members left since it was set) reads "all 2 members (threshold 3)".
 */
export function formatThreshold(rules: Pick<Rules, "thresholdKind" | "threshold">, members?: number): string {
  if (rules.thresholdKind === "absolute") {
    if (members === undefined) return `${plural(rules.threshold, "member")}`;
    // Above the member count the contract caps it: everyone must agree.
    if (rules.threshold > members) return `all ${plural(members, "member")} (threshold ${rules.threshold})`;
    return `${rules.threshold} of ${plural(members, "member")}`;
  }
  const base = `${formatBps(rules.threshold)} % of members`;
  return members === undefined ? base : `${base} (${requiredYes(rules, members)} of ${members})`;
}

/** The threshold with its verb: "2 of 3 members vote yes", but "1 of 1 member votes yes" (the verb follows the count). */
export function thresholdVotesYes(rules: Pick<Rules, "thresholdKind" | "threshold">, members: number): string {
  const singular = rules.thresholdKind === "absolute" && Math.min(rules.threshold, members) === 1;
  return `${formatThreshold(rules, members)} ${singular ? "votes" : "vote"} yes`;
}

/** "Members only" / "Anyone". */
function formatSubmitters(submitters: Rules["submitters"]): string {
  return submitters === "anyone" ? "Anyone may submit" : "Members only may submit";
}

/** 3600 → "1 hour", 172800 → "2 days", 5400 → "1.5 hours", 90 days → "90 days". */
export function formatVotingPeriod(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, "day");
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  const hours = Math.round((seconds / 3600) * 100) / 100;
  if (hours >= 1) return `${hours} hours`;
  return plural(Math.round(seconds / 60), "minute");
}

/** One line for a channel's rules: "2 of 3 members · 3 days to vote · members only may submit". */
export function formatRules(rules: Rules, members?: number): string {
  return `${formatThreshold(rules, members)} · ${formatVotingPeriod(rules.votingPeriod)} to vote · ${
    rules.submitters === "anyone" ? "anyone may submit" : "members only may submit"
  }`;
}

export type PeriodUnit = "hours" | "days";

/** A voting period typed as a number and a unit → whole seconds, or why not (1 hour to 90 days). */
export function parseVotingPeriod(
  value: string,
  unit: PeriodUnit,
): { ok: true; seconds: number } | { ok: false; error: string } {
  const text = value.trim();
  if (!text) return { ok: false, error: "Enter how long members have to vote." };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: "Enter the voting period as a number, like 3." };
  const n = Number(text);
  const seconds = Math.round(n * (unit === "days" ? 86_400 : 3600));
  if (seconds < MIN_VOTING_PERIOD)
    return { ok: false, error: "The voting period must be at least 1 hour (time for members to notice)." };
  if (seconds > MAX_VOTING_PERIOD) return { ok: false, error: "The voting period can be at most 90 days." };
  return { ok: true, seconds };
}

/** Seconds → the number and unit a form shows (days when whole, else hours). */
function votingPeriodFields(seconds: number): { value: string; unit: PeriodUnit } {
  if (seconds % 86_400 === 0) return { value: String(seconds / 86_400), unit: "days" };
  return { value: String(Math.round((seconds / 3600) * 100) / 100), unit: "hours" };
}

/** A threshold typed in a form → the contract's number, or why not. */
export function parseThreshold(
  value: string,
  kind: Rules["thresholdKind"],
  members: number,
): { ok: true; threshold: number } | { ok: false; error: string } {
  const text = value.trim();
  if (kind === "absolute") {
    if (!/^\d+$/.test(text)) return { ok: false, error: "Enter a whole number of yes votes, like 2." };
    const n = Number(text);
    if (n < 1) return { ok: false, error: "At least one yes vote must be needed." };
    if (members > 0 && n > members) {
      return {
        ok: false,
        error: `The channel has ${plural(members, "member")}, so at most ${members} yes ${members === 1 ? "vote" : "votes"} can be required.`,
      };
    }
    return { ok: true, threshold: n };
  }
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { ok: false, error: "Enter a percentage like 60 (up to two decimals)." };
  const bps = Math.round(Number(text) * 100);
  if (bps < 1) return { ok: false, error: "The percentage must be more than 0." };
  if (bps > MAX_BPS) return { ok: false, error: "The percentage can be at most 100." };
  return { ok: true, threshold: bps };
}

export interface FoundersCheck {
  founders: Address[];
  /** One entry per input row: an error for that row, or null. */
  rowErrors: (string | null)[];
  /** A problem with the list as a whole, or null. */
  error: string | null;
}

/** Validates founding members typed one per row: addresses, no zero address, no duplicates, at least one. */
export function checkFounders(rows: string[]): FoundersCheck {
  const founders: Address[] = [];
  const seen = new Map<string, number>();
  const rowErrors = rows.map((row, index): string | null => {
    const text = row.trim();
    if (!text) return null;
    if (!isAddress(text, { strict: false }))
      return "Not an address — it looks like 0x followed by 40 hexadecimal characters.";
    const address = getAddress(text);
    if (address === zeroAddress) return "The zero address can't be a member.";
    const previous = seen.get(address);
    if (previous !== undefined) return `Already listed (row ${previous + 1}).`;
    seen.set(address, index);
    founders.push(address);
    return null;
  });
  const error =
    founders.length === 0 && rowErrors.every((e) => e === null) ? "Add at least one founding member." : null;
  return { founders, rowErrors, error };
}

export type { ProposalKind };
export type ProposalStatus = "open" | "released" | "executed" | "rejected" | "withdrawn" | "expired";

export function proposalKindLabel(kind: ProposalKind): string {
  switch (kind) {
    case "video":
      return "Video submission";
    case "policy":
      return "Policy amendment";
    case "metadata":
      return "New name and description";
    case "add-member":
      return "Add a member";
    case "remove-member":
      return "Remove a member";
    case "rules":
      return "Change the rules";
    case "setting":
      return "Membership plan";
  }
}

/**
 * What viewers could do with a video submission once released, as its proposal card says it ("If released, …"):
 * `price` is its price, formatted (paid only; null while the token is read). The contract's access rules
 * (IEarnings.Access): a members-only release opens to the submitter's members and the channel's.
 */
export function releaseAccessText(access: PostAccess, price: string | null): string {
  switch (access) {
    case "free":
      return "free for everyone to watch";
    case "paid":
      return `viewers pay ${price ?? "(reading the price…)"} to watch past the preview`;
    case "members":
      return "members only: the submitter's members and the channel's (its members and paying members) watch past the preview";
    case "withheld":
      return "closed past the preview until the submitter chooses who may watch (only they and its rights holders could)";
  }
}

/**
 * Who a video submission's release would pay, share by share: its split's holders in order, then the channel's pot
 * (its `channelBps`) when it has a share; null without a split (everything goes to the submitter).
 */
export function releaseShares(money: {
  split: readonly { holder: string; bps: number }[] | null;
  channelBps: number;
}): ({ to: "account"; address: string; bps: number } | { to: "channel"; bps: number })[] | null {
  if (!money.split) return null;
  return [
    ...money.split.map((s) => ({ to: "account" as const, address: s.holder, bps: s.bps })),
    ...(money.channelBps > 0 ? [{ to: "channel" as const, bps: money.channelBps }] : []),
  ];
}

export function proposalStatusLabel(status: ProposalStatus): string {
  switch (status) {
    case "open":
      return "Open";
    case "released":
      return "Released";
    case "executed":
      return "Passed";
    case "rejected":
      return "Rejected";
    case "withdrawn":
      return "Withdrawn";
    case "expired":
      return "Expired";
  }
}

/**
 * Why a passed proposal changed nothing, as a sentence; null when it took effect or is not decided. The contract
 * completes such a vote rather than revert it: "stale" when another proposal changed the same member, policy,
 * metadata, rules or setting (the membership plan) after this one was made (that later decision stands), "last-member" when it would have removed the
 * channel's only member.
 */
export function effectNote(effect: string | null | undefined): string | null {
  switch (effect) {
    case "stale":
      return "Passed with no effect: another proposal changed the same thing after this one was made, and that later decision stands. Propose it again to decide it anew.";
    case "last-member":
      return "Passed with no effect: it would have removed the channel's last member.";
    default:
      return null;
  }
}

/** "needs 1 more yes vote" / "passed" … for a tally. */
export function votesNeededText(p: { status: ProposalStatus; votesNeeded: number }): string {
  if (p.status !== "open") return proposalStatusLabel(p.status);
  if (p.votesNeeded <= 0) return "Passing…";
  return `Needs ${p.votesNeeded} more yes ${p.votesNeeded === 1 ? "vote" : "votes"}`;
}

/** Time left until a deadline (unix seconds): "2 days 3 hours left", "45 minutes left", "voting closed". */
export function formatTimeLeft(deadline: number, nowMs: number = Date.now()): string {
  const left = Math.floor(deadline - nowMs / 1000);
  if (left <= 0) return "Voting closed";
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  if (days > 0) return `${plural(days, "day")}${hours ? ` ${plural(hours, "hour")}` : ""} left`;
  if (hours > 0) return `${plural(hours, "hour")}${minutes ? ` ${plural(minutes, "minute")}` : ""} left`;
  if (minutes > 0) return `${plural(minutes, "minute")} left`;
  return "Less than a minute left";
}

/**
 * What a submission does once signed, for the upload flow: a member's own submission is their yes vote, so it is
 * released at once when that vote alone reaches the threshold.
 */
export function submissionOutcome(
  rules: Pick<Rules, "thresholdKind" | "threshold">,
  members: number,
  isMember: boolean,
): "released" | "open" {
  return isMember && requiredYes(rules, members) <= 1 ? "released" : "open";
}

/** Changes between two rule sets, as "label: before → after" lines (empty when equal). */
export function rulesChanges(
  before: Rules,
  after: Rules,
  members: number,
): { label: string; before: string; after: string }[] {
  const changes: { label: string; before: string; after: string }[] = [];
  if (before.thresholdKind !== after.thresholdKind || before.threshold !== after.threshold) {
    changes.push({
      label: "Threshold",
      before: formatThreshold(before, members),
      after: formatThreshold(after, members),
    });
  }
  if (before.votingPeriod !== after.votingPeriod) {
    changes.push({
      label: "Voting period",
      before: formatVotingPeriod(before.votingPeriod),
      after: formatVotingPeriod(after.votingPeriod),
    });
  }
  if (before.submitters !== after.submitters) {
    changes.push({
      label: "Who may submit",
      before: formatSubmitters(before.submitters),
      after: formatSubmitters(after.submitters),
    });
  }
  return changes;
}

/** The id the catalogue gives a video a channel released. */
export const releasedVideoId = (channelId: string | bigint, proposalId: string | bigint) =>
  `ch${channelId}-${proposalId}`;

/** A channel id from a URL segment: a positive integer, or null. */
export function parseChannelId(value: string): string | null {
  return /^[1-9]\d{0,30}$/.test(value) ? value : null;
}

/** Rules as a form holds them (text fields as typed). */
export interface RulesDraft {
  submitters: Rules["submitters"];
  thresholdKind: Rules["thresholdKind"];
  /** A count ("2") or a percentage ("60"). */
  threshold: string;
  period: string;
  periodUnit: PeriodUnit;
}

export function draftFromRules(rules: Rules): RulesDraft {
  const period = votingPeriodFields(rules.votingPeriod);
  return {
    submitters: rules.submitters,
    thresholdKind: rules.thresholdKind,
    threshold: rules.thresholdKind === "absolute" ? String(rules.threshold) : formatBps(rules.threshold),
    period: period.value,
    periodUnit: period.unit,
  };
}

/** A rules form → rules, or an error per field. `members` is the member count the threshold must fit. */
export function parseRulesDraft(
  draft: RulesDraft,
  members: number,
): { ok: true; rules: Rules } | { ok: false; errors: { threshold?: string; period?: string } } {
  const threshold = parseThreshold(draft.threshold, draft.thresholdKind, members);
  const period = parseVotingPeriod(draft.period, draft.periodUnit);
  if (threshold.ok && period.ok) {
    return {
      ok: true,
      rules: {
        submitters: draft.submitters,
        thresholdKind: draft.thresholdKind,
        threshold: threshold.threshold,
        votingPeriod: period.seconds,
      },
    };
  }
  return {
    ok: false,
    errors: { threshold: threshold.ok ? undefined : threshold.error, period: period.ok ? undefined : period.error },
  };
}
