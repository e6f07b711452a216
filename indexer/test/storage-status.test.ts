import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  currentPeriod,
  dealStatus,
  lastClosedPeriod,
  storageStatus,
  type DealFigures,
} from "../src/api/storage-status.ts";

const HOUR = 3600n;
const START = 1_000_000n;
const deal = (figures: Partial<DealFigures> = {}): DealFigures => ({
  start: START,
  periodSeconds: HOUR,
  end: START + 3n * HOUR,
  replicas: 2,
  keepers: 2,
  misses: 0n,
  lastProvenAt: null,
  ...figures,
});
const tenures = [
  { keeper: "a", firstPeriod: 0n },
  { keeper: "b", firstPeriod: 0n },
];
const provedBy = (proofs: string[]) => (keeper: string, period: bigint) => proofs.includes(`${keeper}${period}`);

describe("storage status", () => {
  it("counts periods from the start, none before it or from the end on", () => {
    assert.equal(currentPeriod(deal(), START - 1n), null);
    assert.equal(currentPeriod(deal(), START), 0n);
    assert.equal(currentPeriod(deal(), START + HOUR), 1n);
    assert.equal(currentPeriod(deal(), START + 3n * HOUR), null);
    assert.equal(lastClosedPeriod(deal(), START + HOUR - 1n), null);
    assert.equal(lastClosedPeriod(deal(), START + HOUR), 0n);
    assert.equal(lastClosedPeriod(deal(), START + 10n * HOUR), 2n);
  });

  it("is pending before the start, and in period 0 until a proof or a miss", () => {
    assert.equal(dealStatus(deal({ keepers: 0 }), [], provedBy([]), START - 1n), "pending");
    assert.equal(dealStatus(deal({ keepers: 0 }), [], provedBy([]), START + 10n), "pending");
    assert.equal(dealStatus(deal({ lastProvenAt: START + 5n }), tenures, provedBy(["a0"]), START + 10n), "ok");
    assert.equal(
      dealStatus(deal({ keepers: 1, lastProvenAt: START + 5n }), tenures.slice(0, 1), provedBy(["a0"]), START + 10n),
      "at-risk",
    );
    assert.equal(
      dealStatus(deal({ keepers: 1, misses: 1n }), tenures.slice(0, 1), provedBy([]), START + 10n),
      "at-risk",
    );
  });

  it("is ok while every active keeper proved the latest closed period, at risk when one did not", () => {
    const now = START + HOUR + 10n; // period 1; period 0 closed
    const proven = deal({ lastProvenAt: START + 5n });
    assert.equal(dealStatus(proven, tenures, provedBy(["a0", "b0"]), now), "ok");
    assert.equal(
      dealStatus(proven, tenures, provedBy(["a0", "b1"]), now),
      "at-risk",
      "a later proof does not make up for a missed period",
    );
    // A keeper that joined during period 0 serves from period 1: it has no closed period yet.
    assert.equal(dealStatus(proven, [tenures[0]!, { keeper: "c", firstPeriod: 1n }], provedBy(["a0"]), now), "ok");
    assert.equal(dealStatus(deal(), tenures, provedBy([]), now), "at-risk", "past period 0 without any proof");
    assert.equal(
      dealStatus(deal({ keepers: 1, lastProvenAt: START }), tenures.slice(0, 1), provedBy(["a0"]), now),
      "at-risk",
    );
    assert.equal(dealStatus(proven, tenures, provedBy([]), START + 3n * HOUR), "ended");
  });

  it("sums a video's live deals: at risk wins, then pending, then ok", () => {
    assert.equal(storageStatus([]), "none");
    assert.equal(storageStatus(["ended"]), "none");
    assert.equal(storageStatus(["ok", "ended"]), "ok");
    assert.equal(storageStatus(["ok", "pending"]), "pending");
    assert.equal(storageStatus(["pending", "at-risk", "ok"]), "at-risk");
  });
});
