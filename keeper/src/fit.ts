// Which deals a keeper takes: pure rules over the chain's view of a deal, so they are tested without a chain.
import { KEEPER_STATUS_NAMES, KeeperStatus } from "@chorus/protocol";
import { formatEther, zeroAddress, type Address } from "viem";

/** IStorageEscrow.KeeperStatus and PeriodStatus, generated from the contract (values by member name). */
export { KEEPER_STATUS_NAMES, KeeperStatus, PeriodStatus } from "@chorus/protocol";

/** The parts of `StorageEscrow.deal(id)` the rules read. */
export interface DealFacts {
  token: Address;
  size: bigint;
  replicas: number;
  keepers: number;
  start: bigint;
  periodSeconds: number;
  periods: number;
  end: bigint;
  pricePerPeriod: bigint;
  stakePerReplica: bigint;
}

/** What the operator accepts. */
export interface FitPolicy {
  /** Payment tokens it takes deals in (`address(0)` is ETH). */
  tokens: readonly Address[];
  minPricePerPeriod: bigint;
  maxStakePerReplica: bigint;
  /** The most content bytes it holds at once, across every deal. */
  maxBytes: number;
}

export interface FitContext {
  /** The chain's time: the latest block's timestamp. */
  now: bigint;
  /** Its own status in the deal. */
  status: number;
  /** Bytes it already holds or is fetching for other deals. */
  heldBytes: number;
  /** Why it rejected this deal's content before (its root or size did not match), if it did. */
  rejected?: string | undefined;
}

export type Fit =
  /** The terms fit and a slot is free: fetch, verify, join. */
  | { verdict: "join" }
  /** The terms fit but every slot is held: watch the keepers, report their misses so a slot reopens. */
  | { verdict: "full" }
  | { verdict: "skip"; reason: string };

const amount = (value: bigint, token: Address) =>
  token === zeroAddress ? `${formatEther(value)} ETH` : `${value} of token ${token}`;

/**
 * The first period a keeper joining at `now` would serve (IStorageEscrow.join): the first that opens at or after now
 * (period 0 up to the start included). The contract may push it later if the slot's previous keeper served that
 * period; never earlier.
 */
export function firstPeriodIfJoined(deal: Pick<DealFacts, "start" | "periodSeconds">, now: bigint): bigint {
  if (now <= deal.start) return 0n;
  const length = BigInt(deal.periodSeconds);
  return (now - deal.start + length - 1n) / length;
}

/** The period running at `now`, or undefined before the start and after the end. */
export function currentPeriod(
  deal: Pick<DealFacts, "start" | "periodSeconds" | "periods">,
  now: bigint,
): number | undefined {
  if (now < deal.start) return undefined;
  const period = (now - deal.start) / BigInt(deal.periodSeconds);
  return period < BigInt(deal.periods) ? Number(period) : undefined;
}

/**
 * Whether a keeper that is not (yet) in a deal should join it, watch it, or leave it alone. A keeper joins a deal at
 * most once: having left it, or having been evicted, it never comes back (the contract refuses too).
 */
export function assessDeal(deal: DealFacts, policy: FitPolicy, context: FitContext): Fit {
  if (context.status !== KeeperStatus.None)
    return { verdict: "skip", reason: `already ${KEEPER_STATUS_NAMES[context.status]} in it` };
  if (context.rejected !== undefined)
    return { verdict: "skip", reason: `its content was rejected: ${context.rejected}` };
  if (firstPeriodIfJoined(deal, context.now) >= BigInt(deal.periods))
    return { verdict: "skip", reason: "no full period left" };
  if (!policy.tokens.some((t) => t.toLowerCase() === deal.token.toLowerCase())) {
    return {
      verdict: "skip",
      reason: `pays in ${deal.token === zeroAddress ? "ETH" : `token ${deal.token}`}, which is not accepted`,
    };
  }
  if (deal.pricePerPeriod < policy.minPricePerPeriod) {
    return {
      verdict: "skip",
      reason: `pays ${amount(deal.pricePerPeriod, deal.token)} a period, below the minimum ${amount(policy.minPricePerPeriod, deal.token)}`,
    };
  }
  if (deal.stakePerReplica > policy.maxStakePerReplica) {
    return {
      verdict: "skip",
      reason: `asks a stake of ${amount(deal.stakePerReplica, deal.token)}, above the maximum ${amount(policy.maxStakePerReplica, deal.token)}`,
    };
  }
  const free = Math.max(0, policy.maxBytes - context.heldBytes);
  if (deal.size > BigInt(free))
    return { verdict: "skip", reason: `needs ${deal.size} bytes, ${free} of ${policy.maxBytes} are free` };
  return deal.keepers >= deal.replicas ? { verdict: "full" } : { verdict: "join" };
}
