import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkFounders,
  draftFromRules,
  effectNote,
  formatRules,
  formatThreshold,
  formatTimeLeft,
  formatVotingPeriod,
  parseRulesDraft,
  parseThreshold,
  parseVotingPeriod,
  releaseAccessText,
  releaseShares,
  requiredYes,
  rulesChanges,
  rulesToContract,
  submissionOutcome,
  thresholdVotesYes,
  votesNeededText,
  type Rules,
} from "../src/lib/channels";
import { parseStoredUpload } from "../src/lib/upload-state";

const abs = (threshold: number): Pick<Rules, "thresholdKind" | "threshold"> => ({
  thresholdKind: "absolute",
  threshold,
});
const pct = (bps: number): Pick<Rules, "thresholdKind" | "threshold"> => ({
  thresholdKind: "percentage",
  threshold: bps,
});

describe("rules formatting", () => {
  it("says an absolute threshold as 'N of M members'", () => {
    assert.equal(formatThreshold(abs(2), 3), "2 of 3 members");
    assert.equal(formatThreshold(abs(1), 1), "1 of 1 member");
    assert.equal(
      formatThreshold(abs(5), 3),
      "all 3 members (threshold 5)",
      "capped at the member count, as the contract does",
    );
  });
  it("gives the threshold its verb: one member votes, several vote", () => {
    assert.equal(thresholdVotesYes(abs(1), 1), "1 of 1 member votes yes");
    assert.equal(thresholdVotesYes(abs(1), 3), "1 of 3 members votes yes");
    assert.equal(thresholdVotesYes(abs(2), 3), "2 of 3 members vote yes");
    assert.equal(thresholdVotesYes(pct(6000), 3), "60 % of members (2 of 3) vote yes");
  });
  it("says a percentage as '60 % of members'", () => {
    assert.equal(formatThreshold(pct(6000)), "60 % of members");
    assert.equal(formatThreshold(pct(6667)), "66.67 % of members");
    assert.equal(formatThreshold(pct(6000), 3), "60 % of members (2 of 3)");
  });
  it("formats voting periods", () => {
    assert.equal(formatVotingPeriod(3600), "1 hour");
    assert.equal(formatVotingPeriod(7200), "2 hours");
    assert.equal(formatVotingPeriod(86_400), "1 day");
    assert.equal(formatVotingPeriod(90 * 86_400), "90 days");
    assert.equal(formatVotingPeriod(5400), "1.5 hours");
  });
  it("puts a rule set in one line", () => {
    const rules: Rules = { submitters: "members", thresholdKind: "absolute", threshold: 2, votingPeriod: 3 * 86_400 };
    assert.equal(formatRules(rules, 3), "2 of 3 members · 3 days to vote · members only may submit");
    assert.equal(
      formatRules({ ...rules, submitters: "anyone", thresholdKind: "percentage", threshold: 5000 }, 4),
      "50 % of members (2 of 4) · 3 days to vote · anyone may submit",
    );
  });
  it("maps rules to the contract's enums", () => {
    assert.deepEqual(
      rulesToContract({ submitters: "anyone", thresholdKind: "percentage", threshold: 6000, votingPeriod: 3600 }),
      {
        submitters: 1,
        thresholdKind: 1,
        threshold: 6000,
        votingPeriod: 3600,
      },
    );
    assert.deepEqual(
      rulesToContract({ submitters: "members", thresholdKind: "absolute", threshold: 2, votingPeriod: 7200 })
        .submitters,
      0,
    );
  });
});

describe("required yes votes (the contract's rule)", () => {
  it("caps an absolute threshold at the member count", () => {
    assert.equal(requiredYes(abs(2), 3), 2);
    assert.equal(requiredYes(abs(3), 3), 3);
    assert.equal(requiredYes(abs(5), 3), 3);
    assert.equal(requiredYes(abs(1), 10), 1);
  });
  it("rounds a percentage up and never asks for fewer than one vote", () => {
    assert.equal(requiredYes(pct(6000), 3), 2); // 1.8 → 2
    assert.equal(requiredYes(pct(5000), 4), 2); // exactly 2
    assert.equal(requiredYes(pct(5001), 4), 3); // 2.0004 → 3
    assert.equal(requiredYes(pct(10_000), 7), 7);
    assert.equal(requiredYes(pct(1), 1), 1);
    assert.equal(requiredYes(pct(1), 100), 1);
    assert.equal(requiredYes(pct(3333), 3), 1); // 0.9999 → 1
    assert.equal(requiredYes(pct(3334), 3), 2); // 1.0002 → 2
  });
  it("matches the contract's integer formula over a range", () => {
    for (let members = 1; members <= 30; members++) {
      for (const bps of [1, 999, 3333, 5000, 6667, 9999, 10_000]) {
        const contract = Math.floor((members * bps + 9999) / 10_000);
        assert.equal(requiredYes(pct(bps), members), contract, `${bps} bps of ${members}`);
      }
    }
  });
  it("says when a member's own submission is enough to release it", () => {
    assert.equal(submissionOutcome(abs(1), 3, true), "released");
    assert.equal(submissionOutcome(abs(2), 1, true), "released", "a one-member channel");
    assert.equal(submissionOutcome(abs(2), 3, true), "open");
    assert.equal(submissionOutcome(abs(1), 3, false), "open", "a non-member's submission has no vote");
  });
});

describe("voting period and threshold input", () => {
  it("accepts 1 hour to 90 days", () => {
    assert.deepEqual(parseVotingPeriod("1", "hours"), { ok: true, seconds: 3600 });
    assert.deepEqual(parseVotingPeriod("3", "days"), { ok: true, seconds: 259_200 });
    assert.deepEqual(parseVotingPeriod("90", "days"), { ok: true, seconds: 7_776_000 });
    assert.deepEqual(parseVotingPeriod("1.5", "hours"), { ok: true, seconds: 5400 });
    assert.deepEqual(parseVotingPeriod(" 2 ", "hours"), { ok: true, seconds: 7200 });
    assert.deepEqual(parseVotingPeriod("1.001", "hours"), { ok: true, seconds: 3604 }, "rounded to whole seconds");
  });
  it("refuses what the contract would refuse, saying why", () => {
    const bad = (value: string, unit: "hours" | "days") => {
      const result = parseVotingPeriod(value, unit);
      assert.equal(result.ok, false, `${value} ${unit}`);
      return result.ok ? "" : result.error;
    };
    assert.match(bad("0.5", "hours"), /at least 1 hour/);
    assert.match(bad("91", "days"), /at most 90 days/);
    assert.match(bad("", "days"), /how long/);
    assert.match(bad("abc", "days"), /number/);
    assert.match(bad("-1", "days"), /number/);
    assert.match(bad("0.99", "hours"), /at least 1 hour/);
  });
  it("parses thresholds: a count within the members, or a percentage to two decimals", () => {
    assert.deepEqual(parseThreshold("2", "absolute", 3), { ok: true, threshold: 2 });
    assert.equal(parseThreshold("4", "absolute", 3).ok, false);
    assert.equal(parseThreshold("0", "absolute", 3).ok, false);
    assert.equal(parseThreshold("1.5", "absolute", 3).ok, false);
    assert.deepEqual(parseThreshold("60", "percentage", 3), { ok: true, threshold: 6000 });
    assert.deepEqual(parseThreshold("66.67", "percentage", 3), { ok: true, threshold: 6667 });
    assert.equal(parseThreshold("100.5", "percentage", 3).ok, false);
    assert.equal(parseThreshold("0", "percentage", 3).ok, false);
  });
  it("round-trips rules through the form", () => {
    const rules: Rules = { submitters: "anyone", thresholdKind: "percentage", threshold: 6000, votingPeriod: 7200 };
    assert.deepEqual(draftFromRules(rules), {
      submitters: "anyone",
      thresholdKind: "percentage",
      threshold: "60",
      period: "2",
      periodUnit: "hours",
    });
    assert.deepEqual(parseRulesDraft(draftFromRules(rules), 3), { ok: true, rules });
    const broken = parseRulesDraft(
      { ...draftFromRules(rules), thresholdKind: "absolute", threshold: "9", period: "0" },
      3,
    );
    assert.equal(broken.ok, false);
    if (!broken.ok) {
      assert.ok(broken.errors.threshold);
      assert.ok(broken.errors.period);
    }
  });
  it("lists rule changes before → after", () => {
    const before: Rules = { submitters: "members", thresholdKind: "absolute", threshold: 2, votingPeriod: 86_400 };
    assert.deepEqual(rulesChanges(before, before, 3), []);
    assert.deepEqual(rulesChanges(before, { ...before, threshold: 3, submitters: "anyone" }, 3), [
      { label: "Threshold", before: "2 of 3 members", after: "3 of 3 members" },
      { label: "Who may submit", before: "Members only may submit", after: "Anyone may submit" },
    ]);
  });
});

describe("founders", () => {
  const a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const b = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  it("checksums valid addresses and skips empty rows", () => {
    const check = checkFounders([a.toLowerCase(), "", ` ${b} `]);
    assert.deepEqual(check.founders, [a, b]);
    assert.deepEqual(check.rowErrors, [null, null, null]);
    assert.equal(check.error, null);
  });
  it("flags bad, zero and repeated addresses per row", () => {
    const check = checkFounders([a, "0x1234", "0x0000000000000000000000000000000000000000", a.toLowerCase()]);
    assert.deepEqual(check.founders, [a]);
    assert.match(check.rowErrors[1]!, /Not an address/);
    assert.match(check.rowErrors[2]!, /zero address/);
    assert.match(check.rowErrors[3]!, /row 1/);
  });
  it("needs at least one founder", () => {
    assert.match(checkFounders(["", " "]).error!, /at least one/);
  });
});

describe("proposal wording", () => {
  it("says why a passed change had no effect, and nothing when it applied", () => {
    assert.match(effectNote("stale")!, /another proposal changed the same thing after this one was made/);
    assert.match(effectNote("last-member")!, /last member/);
    assert.equal(effectNote("applied"), null);
    assert.equal(effectNote(null), null);
  });
  it("says how many more yes votes are needed", () => {
    assert.equal(votesNeededText({ status: "open", votesNeeded: 1 }), "Needs 1 more yes vote");
    assert.equal(votesNeededText({ status: "open", votesNeeded: 2 }), "Needs 2 more yes votes");
    assert.equal(votesNeededText({ status: "released", votesNeeded: 0 }), "Released");
  });
  it("says how long is left", () => {
    const now = 1_000_000 * 1000;
    assert.equal(formatTimeLeft(1_000_000 + 2 * 86_400 + 3 * 3600, now), "2 days 3 hours left");
    assert.equal(formatTimeLeft(1_000_000 + 45 * 60 + 10, now), "45 minutes left");
    assert.equal(formatTimeLeft(1_000_000 + 3600, now), "1 hour left");
    assert.equal(formatTimeLeft(1_000_000 + 30, now), "Less than a minute left");
    assert.equal(formatTimeLeft(1_000_000 - 1, now), "Voting closed");
  });
  it("says what a submission's release would cost viewers, for each access", () => {
    assert.equal(releaseAccessText("free", null), "free for everyone to watch");
    assert.equal(releaseAccessText("paid", "0.002 ETH"), "viewers pay 0.002 ETH to watch past the preview");
    assert.equal(releaseAccessText("paid", null), "viewers pay (reading the price…) to watch past the preview");
    assert.match(releaseAccessText("members", null), /^members only: the submitter's members and the channel's/);
    assert.match(releaseAccessText("withheld", null), /^closed past the preview until the submitter chooses/);
  });
  it("lists who a release would pay: the split's holders in order, then the channel's pot", () => {
    const [x, y] = ["0x00000000000000000000000000000000000000aa", "0x00000000000000000000000000000000000000bb"];
    assert.equal(releaseShares({ split: null, channelBps: 0 }), null);
    assert.deepEqual(
      releaseShares({
        split: [
          { holder: x, bps: 6000 },
          { holder: y, bps: 3000 },
        ],
        channelBps: 1000,
      }),
      [
        { to: "account", address: x, bps: 6000 },
        { to: "account", address: y, bps: 3000 },
        { to: "channel", bps: 1000 },
      ],
    );
    assert.deepEqual(releaseShares({ split: [{ holder: x, bps: 10_000 }], channelBps: 0 }), [
      { to: "account", address: x, bps: 10_000 },
    ]);
  });
});

describe("stored upload with a channel", () => {
  it("remembers the channel a submission went to", () => {
    const hash = `0x${"b".repeat(64)}`;
    assert.deepEqual(
      parseStoredUpload(JSON.stringify({ jobId: "j1", txHash: hash, channelId: "3", channelName: "Night owls" })),
      {
        jobId: "j1",
        txHash: hash,
        channelId: "3",
        channelName: "Night owls",
      },
    );
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "j1", channelId: "0" })), { jobId: "j1" });
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "j1", channelId: 3 })), { jobId: "j1" });
  });
});
