import { EARNING_SOURCES, type EarningSource, type SeriesBucket, type SeriesPoint } from "@chorus/protocol";
import { zeroAddress } from "viem";

/**
 * The earnings page's arithmetic, kept pure (web/test/earnings.test.ts): the indexer's series (only buckets with
 * income) becomes one row per bucket — gaps filled with zeros, so the chart's time axis is even — with the amount of
 * each source, for one token. Its amounts are shown in the token's own decimals (money.ts, read by the components).
 */

export const SOURCE_LABELS: Record<EarningSource, string> = {
  tip: "Tips",
  sale: "Sales",
  membership: "Memberships",
  channel: "Channel pots",
  crowdfund: "Crowdfunds",
};

/** Colours of the chart's sources (also shown in its legend; the table beside it carries the same numbers). */
export const SOURCE_COLOURS: Record<EarningSource, string> = {
  tip: "#5b9cff",
  sale: "#3ecf8e",
  membership: "#f5a524",
  channel: "#c77dff",
  crowdfund: "#ff6b8b",
};

const BUCKET_SECONDS: Record<SeriesBucket, number> = { day: 86_400, week: 604_800 };

/** The most buckets the chart draws: the latest ones (the table says when older income is left out). */
export const MAX_BUCKETS = 60;

export interface SeriesRow {
  start: number;
  bySource: Record<EarningSource, bigint>;
  total: bigint;
}

const emptyBySource = () => Object.fromEntries(EARNING_SOURCES.map((s) => [s, 0n])) as Record<EarningSource, bigint>;

/**
 * One row per bucket from the first with income to the last (at most the latest `MAX_BUCKETS`), for `token`;
 * `truncated` says older buckets were left out.
 */
export function seriesRows(
  points: SeriesPoint[],
  token: string,
  bucket: SeriesBucket,
): { rows: SeriesRow[]; truncated: boolean } {
  const step = BUCKET_SECONDS[bucket];
  const mine = points.filter((p) => p.token.toLowerCase() === token.toLowerCase());
  if (mine.length === 0) return { rows: [], truncated: false };
  const byStart = new Map<number, SeriesRow>();
  for (const p of mine) {
    const row = byStart.get(p.start) ?? { start: p.start, bySource: emptyBySource(), total: 0n };
    row.bySource[p.source] += BigInt(p.amount);
    row.total += BigInt(p.amount);
    byStart.set(p.start, row);
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const last = starts.at(-1)!;
  const first = Math.max(starts[0]!, last - (MAX_BUCKETS - 1) * step);
  const rows: SeriesRow[] = [];
  for (let start = first; start <= last; start += step) {
    rows.push(byStart.get(start) ?? { start, bySource: emptyBySource(), total: 0n });
  }
  return { rows, truncated: first > starts[0]! };
}

/** The tokens that appear in a series or balances, ETH first. */
export function tokensOf(tokens: string[]): string[] {
  const unique = [...new Set(tokens.map((t) => t.toLowerCase()))];
  return unique.sort((a, b) => (a === zeroAddress ? -1 : b === zeroAddress ? 1 : a.localeCompare(b)));
}

/** A bucket's label: "6 Dec 2026" (day) or "week of 30 Nov 2026" (week), in UTC as the buckets are. */
export function bucketLabel(start: number, bucket: SeriesBucket): string {
  const date = new Date(start * 1000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return bucket === "week" ? `week of ${date}` : date;
}

/** `video-12` ↔ `{ kind: "video", id: "12" }`: the series route's `post` filter. */
export const postKey = (post: { kind: string; id: string }) => `${post.kind}-${post.id}`;
