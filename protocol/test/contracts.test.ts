import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  EFFECTS,
  enums,
  FILTER_TARGET_KINDS,
  KeeperStatus,
  KEEPER_STATUS_NAMES,
  PeriodStatus,
  PROPOSAL_KINDS,
  REPORT_STATUSES,
  SUBMITTERS,
  THRESHOLD_KINDS,
} from "../src/index.ts";

describe("contract enums (generated from the compiler output)", () => {
  it("names every member in declaration order, so an on-chain value indexes its catalogue name", () => {
    assert.deepEqual(SUBMITTERS, ["members", "anyone"]);
    assert.deepEqual(THRESHOLD_KINDS, ["absolute", "percentage"]);
    assert.deepEqual(PROPOSAL_KINDS, [
      "video",
      "policy",
      "metadata",
      "add-member",
      "remove-member",
      "rules",
      "setting",
    ]);
    assert.deepEqual(EFFECTS, ["applied", "stale", "last-member"]);
    assert.equal(KEEPER_STATUS_NAMES.length, enums.KeeperStatus.length);
    assert.deepEqual(FILTER_TARGET_KINDS, ["video", "release", "comment", "author", "channel", "word"]);
    assert.deepEqual(REPORT_STATUSES, ["open", "accepted", "dismissed"]);
  });

  it("gives on-chain values by member name", () => {
    assert.deepEqual(KeeperStatus, { None: 0, Active: 1, Left: 2, Evicted: 3, Released: 4 });
    assert.equal(PeriodStatus.Missed, 3);
  });
});
