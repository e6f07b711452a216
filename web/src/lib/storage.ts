import { constants } from "@chorus/protocol";
import { formatAge, formatDurationLong, plural } from "./format";
import { formatAmount, parseAmount, typedToken, type TokenInfo, type TokenRead } from "./money";

/**
 * Storage deals as the pages show and open them (contracts/interfaces/IStorageEscrow.sol, docs/storage-proofs.md):
 * the badge a video page shows, and the deal form's validation and cost. Pure, so test/storage.test.ts covers it.
 */

/** What the indexer says of a video's storage (see indexer/src/api): over the deals for its CID that have not ended. */
export interface StorageSummary {
  replicas: number;
  keepers: number;
  /** Unix seconds of the latest accepted proof, or null. */
  lastProvenAt: number | null;
  status: "none" | "pending" | "ok" | "at-risk";
}

export type BadgeTone = "none" | "pending" | "ok" | "risk";

/** "2 of 2 replicas · proven 5 min ago", "1 of 3 replicas · at risk", "0 of 2 replicas · waiting for keepers". */
export function storageBadge(
  summary: StorageSummary,
  nowMs: number = Date.now(),
): { text: string; tone: BadgeTone; hint: string } {
  if (summary.status === "none" || summary.replicas === 0) {
    return {
      text: "No storage deal",
      tone: "none",
      hint: "Nobody pays keepers to hold this video yet: it lives only on the nodes that happen to have it. Open a deal to keep copies.",
    };
  }
  const count = `${summary.keepers} of ${plural(summary.replicas, "replica")}`;
  if (summary.status === "at-risk") {
    return {
      text: `${count} · at risk`,
      tone: "risk",
      hint:
        summary.keepers < summary.replicas
          ? "Fewer keepers hold this video than its deals pay for, or a keeper missed its last proof. Slots reopen to other keepers; a top-up or a new deal helps."
          : "A keeper missed its last proof: it is slashed, and evicted if it keeps missing.",
    };
  }
  if (summary.lastProvenAt !== null) {
    return {
      text: `${count} · proven ${formatAge(summary.lastProvenAt, nowMs)}`,
      tone: summary.status === "ok" ? "ok" : "pending",
      hint: "Keepers prove on-chain, every period, that they still hold the video's bytes.",
    };
  }
  return {
    text: summary.keepers === 0 ? `${count} · waiting for keepers` : `${count} · not proven yet`,
    tone: "pending",
    hint:
      summary.keepers === 0
        ? "The deal is open: keepers take it up when its terms suit them."
        : "The keepers prove as soon as the first period opens.",
  };
}

/** The proving periods a creator can choose, shortest first. One minute is the contract's minimum (MIN_PERIOD_SECONDS). */
export const PERIOD_CHOICES = [
  { seconds: 60, label: "every minute" },
  { seconds: 3_600, label: "every hour" },
  { seconds: 86_400, label: "every day" },
] as const;

/** How long a deal can run, as the form offers it. */
export const DURATION_CHOICES = [
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "1 week" },
  { seconds: 30 * 86_400, label: "30 days" },
  { seconds: 365 * 86_400, label: "1 year" },
] as const;

/** The contract's limits (StorageEscrow constants, generated). */
const { MAX_REPLICAS, MIN_PERIOD_SECONDS } = constants.StorageEscrow;

/**
 * Seconds between now (the chain's clock) and the deal's first period: keepers that join before it serve from period 0.
 * A keeper on the creator's own machine joins within seconds; on a public network this is one period's grace anyway,
 * since a keeper joining late serves from the next period and the unserved one is refunded.
 */
export const START_LEAD_SECONDS = 20;

export interface DealDraft {
  replicas: string;
  durationSeconds: number;
  periodSeconds: number;
  /** What the deal pays and keepers stake in: "" (or "ETH") for ETH, else an ERC-20's address. */
  token: string;
  /** The token per copy per proven period. */
  price: string;
  /** The token each keeper locks. */
  stake: string;
  /** The token a missed period costs a keeper. */
  slash: string;
  maxMisses: string;
}

export const DEFAULT_DRAFT: DealDraft = {
  replicas: "2",
  durationSeconds: 86_400,
  periodSeconds: 3_600,
  token: "",
  price: "0.0001",
  stake: "0.01",
  slash: "0.001",
  maxMisses: "3",
};

export interface DealNumbers {
  /** The deal's token: the amounts below are in its smallest unit. */
  token: TokenInfo;
  replicas: number;
  periodSeconds: number;
  periods: number;
  pricePerPeriod: bigint;
  stakePerReplica: bigint;
  slashPerMiss: bigint;
  maxMisses: number;
  /** What the funder pays now: replicas × periods × price. */
  deposit: bigint;
}

export type DraftResult =
  | { ok: true; deal: DealNumbers }
  | { ok: false; errors: Partial<Record<keyof DealDraft, string>> };

/**
 * Checks a deal form the way the contract will, with sentences saying what to change. Amounts are typed in the deal's
 * token (`read`: what is known of an ERC-20 typed in the form; ETH needs no read), so none is parsed before its
 * decimals are known.
 */
export function validateDraft(draft: DealDraft, read: TokenRead): DraftResult {
  const errors: Partial<Record<keyof DealDraft, string>> = {};
  const replicas = Number(draft.replicas);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS)
    errors.replicas = `Choose 1 to ${MAX_REPLICAS} copies.`;
  if (draft.periodSeconds < MIN_PERIOD_SECONDS) errors.periodSeconds = "Proofs can be asked for at most once a minute.";
  const periods = Math.floor(draft.durationSeconds / draft.periodSeconds);
  if (!(periods >= 1))
    errors.durationSeconds =
      "The deal must last at least one proving period: choose a longer time or more frequent proofs.";
  else if (draft.durationSeconds % draft.periodSeconds !== 0)
    errors.durationSeconds = "The time must be a whole number of proving periods.";
  else if (periods > 100_000)
    errors.durationSeconds = `That is ${periods.toLocaleString("en")} proofs per keeper: choose less frequent proofs for so long a time.`;
  const typed = typedToken(draft.token, read);
  if (!typed.ok) errors.token = typed.error;
  const token = typed.ok ? typed.token : null;
  // An amount in the token's units, zero included (the checks below say which may be zero), or a sentence.
  const amount = (field: "price" | "stake" | "slash", example: string): bigint | null => {
    if (!token) return null;
    const text = draft[field].trim().replace(",", ".");
    if (/^0*\.?0*$/.test(text) && /0/.test(text)) return 0n;
    const parsed = parseAmount(text, token.decimals);
    if (parsed.ok) return parsed.value;
    errors[field] = /^\d*\.?\d+$/.test(text)
      ? `At most ${token.decimals} decimals in ${token.symbol}: shorten the ${field}.`
      : `Write the ${field} in ${token.symbol}, like ${example}.`;
    return null;
  };
  const price = amount("price", "0.0001");
  if (price === 0n) errors.price = "Keepers are paid per proof: the price must be more than 0.";
  const stake = amount("stake", "0.01");
  const slash = amount("slash", "0.001");
  // The contract's minimum: a miss costs at least what a proof pays, so holding a copy's slot without keeping the copy
  // costs money (and half of each slash pays whoever reports the miss).
  if (token && price !== null && slash !== null && price > 0n && slash < price) {
    errors.slash = `A missed proof must cost a keeper at least what a proof pays (${formatAmount(price, token)}): raise the slash.`;
  } else if (stake !== null && slash !== null && slash > stake)
    errors.slash = "A miss can cost a keeper at most its stake: lower the slash or raise the stake.";
  const maxMisses = Number(draft.maxMisses);
  if (!Number.isInteger(maxMisses) || maxMisses < 1 || maxMisses > 1_000)
    errors.maxMisses = "Evict after 1 to 1,000 missed proofs.";
  if (Object.keys(errors).length > 0 || !token || price === null || stake === null || slash === null)
    return { ok: false, errors };
  return {
    ok: true,
    deal: {
      token,
      replicas,
      periodSeconds: draft.periodSeconds,
      periods,
      pricePerPeriod: price,
      stakePerReplica: stake,
      slashPerMiss: slash,
      maxMisses,
      deposit: BigInt(replicas) * BigInt(periods) * price,
    },
  };
}

/** "1 day", "30 days", "1 hour", "90 minutes": a deal's length or period in the largest whole unit. */
export function formatSpan(seconds: number): string {
  if (seconds > 0 && seconds % 86_400 === 0) return plural(seconds / 86_400, "day");
  if (seconds > 0 && seconds % 3_600 === 0) return plural(seconds / 3_600, "hour");
  if (seconds > 0 && seconds % 60 === 0) return plural(seconds / 60, "minute");
  return formatDurationLong(seconds);
}

/** "2 copies × 24 proofs × 0.0001 ETH = 0.0048 ETH, for 1 day" */
export function costSentence(deal: DealNumbers): string {
  return `${plural(deal.replicas, "copy", "copies")} × ${plural(deal.periods, "proof")} × ${formatAmount(deal.pricePerPeriod, deal.token)} = ${formatAmount(deal.deposit, deal.token)}, for ${formatSpan(deal.periods * deal.periodSeconds)}`;
}

/** A top-up's price: replicas × added periods × price per period. */
export function topUpCost(replicas: number, addedPeriods: number, pricePerPeriod: bigint): bigint {
  return BigInt(replicas) * BigInt(addedPeriods) * pricePerPeriod;
}
