// How a storage deal, and a video's storage as a whole, stands at a given moment: computed from indexed rows and a
// clock, because it changes with time alone (a period closes without a proof: no event says so). Pure: no database.

import type { DealStatus, StorageStatus } from "@chorus/protocol";

export interface DealClock {
  start: bigint;
  periodSeconds: bigint;
  end: bigint;
}

export interface DealFigures extends DealClock {
  replicas: number;
  /** Active keepers. */
  keepers: number;
  misses: bigint;
  lastProvenAt: bigint | null;
}

/** An active keeper's tenure: it serves from `firstPeriod`. */
export interface ActiveTenure {
  keeper: string;
  firstPeriod: bigint;
}

/** The period open at `now` (seconds), or null before the start and from the end on. */
export function currentPeriod(deal: DealClock, now: bigint): bigint | null {
  if (now < deal.start || now >= deal.end) return null;
  return (now - deal.start) / deal.periodSeconds;
}

/** The latest period that has closed at `now`, or null if none has (before the end: the last one after). */
export function lastClosedPeriod(deal: DealClock, now: bigint): bigint | null {
  if (now < deal.start + deal.periodSeconds) return null;
  const periods = (deal.end - deal.start) / deal.periodSeconds;
  const closed = (now - deal.start) / deal.periodSeconds - 1n;
  return closed < periods - 1n ? closed : periods - 1n;
}

/**
 * - "pending": it has not started, or started less than one period ago with no proof and no miss yet;
 * - "ok": as many active keepers as replicas, and each has proven the latest closed period or did not serve it (joined
 *   later);
 * - "at-risk": otherwise — fewer keepers than replicas after the start, or a closed period an active keeper has not
 *   proven;
 * - "ended": its last period has closed.
 * `proved(keeper, period)` says whether the keeper proved that period.
 */
export function dealStatus(
  deal: DealFigures,
  tenures: ActiveTenure[],
  proved: (keeper: string, period: bigint) => boolean,
  now: bigint,
): DealStatus {
  if (now >= deal.end) return "ended";
  if (now < deal.start) return "pending";
  const closed = lastClosedPeriod(deal, now);
  if (closed === null && deal.lastProvenAt === null && deal.misses === 0n) return "pending";
  if (deal.keepers < deal.replicas) return "at-risk";
  if (closed !== null && tenures.some((t) => t.firstPeriod <= closed && !proved(t.keeper, closed))) return "at-risk";
  return "ok";
}

/**
 * A video's storage from the statuses of its live (not ended) deals: "none" without any; "at-risk" if one is — a new
 * deal does not hide a failing one; else "pending" if one is; else "ok".
 */
export function storageStatus(statuses: DealStatus[]): StorageStatus {
  const live = statuses.filter((s) => s !== "ended");
  if (!live.length) return "none";
  if (live.includes("at-risk")) return "at-risk";
  if (live.includes("pending")) return "pending";
  return "ok";
}
