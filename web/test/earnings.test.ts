import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { zeroAddress } from "viem";
import { EARNING_SOURCES, type EarningSource } from "@chorus/protocol";
import { bucketLabel, MAX_BUCKETS, SOURCE_COLOURS, SOURCE_LABELS, seriesRows, tokensOf } from "../src/lib/earnings";

const DAY = 86_400;
const T0 = 1_796_515_200; // 2026-12-06 00:00 UTC
const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const point = (start: number, source: EarningSource, amount: string, token: string = zeroAddress) => ({
  start,
  source,
  amount,
  token,
  count: 1,
});

describe("seriesRows", () => {
  it("sums sources per bucket, fills the days without income with zeros, and keeps to one token", () => {
    const { rows, truncated } = seriesRows(
      [
        point(T0, "tip", "5"),
        point(T0, "sale", "7"),
        point(T0 + 2 * DAY, "membership", "3"),
        point(T0 + DAY, "tip", "1000", TOKEN),
      ],
      zeroAddress,
      "day",
    );
    assert.equal(truncated, false);
    assert.deepEqual(
      rows.map((r) => [r.start, r.bySource.tip, r.bySource.sale, r.bySource.membership, r.total]),
      [
        [T0, 5n, 7n, 0n, 12n],
        [T0 + DAY, 0n, 0n, 0n, 0n],
        [T0 + 2 * DAY, 0n, 0n, 3n, 3n],
      ],
    );
    assert.deepEqual(seriesRows([point(T0, "tip", "5")], TOKEN, "day").rows, []);
  });

  it("charts crowdfunds as a source of their own, beside the others in the same bucket", () => {
    const { rows } = seriesRows(
      [point(T0, "crowdfund", "1100"), point(T0, "tip", "5"), point(T0 + DAY, "channel", "500")],
      zeroAddress,
      "day",
    );
    assert.deepEqual(
      rows.map((r) => [r.start, r.bySource.crowdfund, r.bySource.tip, r.bySource.channel, r.total]),
      [
        [T0, 1100n, 5n, 0n, 1105n],
        [T0 + DAY, 0n, 0n, 500n, 500n],
      ],
    );
    assert.equal(SOURCE_LABELS.crowdfund, "Crowdfunds");
    const colours = EARNING_SOURCES.map((s) => SOURCE_COLOURS[s]);
    assert.equal(new Set(colours).size, colours.length, "every source its own colour in the chart");
  });

  it("keeps the latest buckets when there are too many, and says so", () => {
    const { rows, truncated } = seriesRows(
      [point(T0, "tip", "1"), point(T0 + 100 * DAY, "tip", "2")],
      zeroAddress,
      "day",
    );
    assert.equal(truncated, true);
    assert.equal(rows.length, MAX_BUCKETS);
    assert.equal(rows.at(-1)!.total, 2n);
    assert.equal(rows[0]!.start, T0 + (100 - MAX_BUCKETS + 1) * DAY);
  });
});

describe("formatting", () => {
  it("lists ETH first", () => {
    assert.deepEqual(tokensOf([TOKEN, zeroAddress, TOKEN.toLowerCase()]), [zeroAddress, TOKEN.toLowerCase()]);
  });
  it("labels days and weeks in UTC", () => {
    assert.equal(bucketLabel(T0, "day"), "6 Dec 2026");
    assert.equal(bucketLabel(T0 - 6 * DAY, "week"), "week of 30 Nov 2026");
  });
});
