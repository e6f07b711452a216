import { CROWDFUND_MAX_DURATION_SECONDS, CROWDFUND_TITLE_MAX, CROWDFUND_DESCRIPTION_MAX } from "@chorus/protocol";
import { formatUnits, isAddress, parseEther, zeroAddress, type Address } from "viem";
import { plural, shortAddress } from "./format";

/**
 * Crowdfunding's pure parts (tested in test/crowdfund.test.ts): amounts, progress, the countdown and the start form's
 * checks. Pages and transactions live in components/crowdfund/ and tx/crowdfundTx.ts.
 */

export const MAX_DURATION_DAYS = CROWDFUND_MAX_DURATION_SECONDS / 86_400;

/** "1.5 ETH", or "1.5 tokens (0x12ab…cd34)" for an ERC-20 (18 decimals assumed: the UI knows no token's metadata). */
export function formatAmount(amount: bigint | string, token: string): string {
  const value = typeof amount === "string" ? BigInt(amount) : amount;
  if (token.toLowerCase() === zeroAddress) return `${formatUnits(value, 18)} ETH`;
  return `${formatUnits(value, 18)} tokens (${shortAddress(token)})`;
}

/** How far toward the goal, 0..1 for the bar (it may pass 1: a campaign may end above its goal). */
export function progressOf(raised: bigint | string, goal: bigint | string): number {
  const [r, g] = [BigInt(raised), BigInt(goal)];
  if (g === 0n) return 0;
  return Number((r * 10_000n) / g) / 10_000;
}

/**
 * "2 days 3 hours left", "5 minutes 10 seconds left", "ended": the time left until `deadline` by the chain's clock
 * `now`, in its two largest units.
 */
export function timeLeft(deadline: number, now: number): string {
  const left = Math.floor(deadline - now);
  if (left <= 0) return "ended";
  const units: [number, string][] = [
    [Math.floor(left / 86_400), "day"],
    [Math.floor((left % 86_400) / 3600), "hour"],
    [Math.floor((left % 3600) / 60), "minute"],
    [left % 60, "second"],
  ];
  const first = units.findIndex(([n]) => n > 0);
  const shown = units.slice(first, first + 2).filter(([n]) => n > 0);
  return `${shown.map(([n, unit]) => plural(n, unit)).join(" ")} left`;
}

/** Parses a decimal amount of a token with 18 decimals ("0.5"); null when it isn't one or isn't positive. */
export function parseAmount(text: string): bigint | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,18})?$|^\.\d{1,18}$/.test(trimmed)) return null;
  try {
    const value = parseEther(trimmed);
    return value > 0n ? value : null;
  } catch {
    return null;
  }
}

export interface StartDraft {
  title: string;
  description: string;
  goal: string;
  days: string;
  /** "" for ETH, else an ERC-20's address. */
  token: string;
}

export type StartChecked =
  | { ok: true; goal: bigint; days: number; token: Address }
  | { ok: false; errors: Partial<Record<keyof StartDraft, string>> };

/** The start form's checks, with a sentence per field that is wrong (the contract's limits, said in advance). */
export function checkStart(draft: StartDraft): StartChecked {
  const errors: Partial<Record<keyof StartDraft, string>> = {};
  const title = draft.title.trim();
  if (!title) errors.title = "Give the crowdfund a title.";
  else if ([...title].length > CROWDFUND_TITLE_MAX) errors.title = `At most ${CROWDFUND_TITLE_MAX} characters.`;
  if ([...draft.description.trim()].length > CROWDFUND_DESCRIPTION_MAX)
    errors.description = `At most ${CROWDFUND_DESCRIPTION_MAX} characters.`;
  const goal = parseAmount(draft.goal);
  if (goal === null) errors.goal = "Enter the goal as a positive amount, e.g. 2.5.";
  const days = Number(draft.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DURATION_DAYS)
    errors.days = `Run it for 1 to ${MAX_DURATION_DAYS} days.`;
  const token = draft.token.trim();
  if (token && !isAddress(token)) errors.token = "Leave empty for ETH, or paste an ERC-20 token's address (0x…).";
  if (Object.keys(errors).length || goal === null) return { ok: false, errors };
  return { ok: true, goal, days, token: (token || zeroAddress) as Address };
}

/** The deadline a campaign started now runs to: `days` whole days after the chain's clock. */
export const deadlineAfter = (chainNow: number, days: number) => chainNow + days * 86_400;
