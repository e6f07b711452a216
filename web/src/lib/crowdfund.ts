import { CROWDFUND_MAX_DURATION_SECONDS, CROWDFUND_TITLE_MAX, CROWDFUND_DESCRIPTION_MAX } from "@chorus/protocol";
import type { Address } from "viem";
import { plural } from "./format";
import { parseAmount, typedToken, type TokenRead } from "./money";

/**
 * Crowdfunding's pure parts (tested in test/crowdfund.test.ts): progress, the countdown and the start form's checks.
 * Amounts are money.ts's, in the campaign token's own decimals. Pages and transactions live in components/crowdfund/
 * and tx/crowdfundTx.ts.
 */

export const MAX_DURATION_DAYS = CROWDFUND_MAX_DURATION_SECONDS / 86_400;

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

/**
 * The start form's checks, with a sentence per field that is wrong (the contract's limits, said in advance). The goal is
 * in the token's own decimals: `erc20` is what is known of the typed ERC-20 (ignored for ETH) — its decimals once read,
 * "reading" until then, or the sentence saying it can't be read.
 */
export function checkStart(draft: StartDraft, erc20: TokenRead): StartChecked {
  const errors: Partial<Record<keyof StartDraft, string>> = {};
  const title = draft.title.trim();
  if (!title) errors.title = "Give the crowdfund a title.";
  else if ([...title].length > CROWDFUND_TITLE_MAX) errors.title = `At most ${CROWDFUND_TITLE_MAX} characters.`;
  if ([...draft.description.trim()].length > CROWDFUND_DESCRIPTION_MAX)
    errors.description = `At most ${CROWDFUND_DESCRIPTION_MAX} characters.`;
  const days = Number(draft.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DURATION_DAYS)
    errors.days = `Run it for 1 to ${MAX_DURATION_DAYS} days.`;
  const token = typedToken(draft.token, erc20);
  if (!token.ok) errors.token = token.error;
  const decimals = token.ok ? token.token.decimals : null;
  const goal = decimals === null ? null : parseAmount(draft.goal, decimals);
  if (goal && !goal.ok) errors.goal = draft.goal.trim() ? goal.error : "Enter the goal as a positive amount, e.g. 2.5.";
  if (Object.keys(errors).length || !token.ok || !goal?.ok) return { ok: false, errors };
  return { ok: true, goal: goal.value, days, token: token.token.address };
}

/** The deadline a campaign started now runs to: `days` whole days after the chain's clock. */
export const deadlineAfter = (chainNow: number, days: number) => chainNow + days * 86_400;
