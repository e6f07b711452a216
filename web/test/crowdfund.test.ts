import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeCrowdfundError } from "../src/lib/crowdfund-errors";
import { describeContractError } from "../src/lib/errors";
import { checkStart, deadlineAfter, progressOf, timeLeft } from "../src/lib/crowdfund";
import { formatAmount, READING_TOKEN, unreadableToken, type TokenInfo, type TokenRead } from "../src/lib/money";

const USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const SIX: TokenInfo = { address: USDC, symbol: "USDC", decimals: 6 };
const EIGHTEEN: TokenInfo = { address: USDC, symbol: "T18", decimals: 18 };
const ETH_ONLY: TokenRead = { state: "reading" }; // ignored for ETH: its decimals need no read

describe("crowdfund helpers", () => {
  it("formats a campaign's amounts in its token's own decimals and symbol", () => {
    assert.equal(formatAmount(1_500_000_000_000_000_000n, { symbol: "ETH", decimals: 18 }), "1.5 ETH");
    assert.equal(formatAmount(100_000_000n, { symbol: "USDC", decimals: 6 }), "100 USDC");
    assert.equal(formatAmount(1_500_000n, { symbol: "USDC", decimals: 6 }), "1.5 USDC");
    assert.equal(READING_TOKEN, "reading the token…");
    assert.match(
      unreadableToken(USDC),
      /^0x5FbD…0aa3 isn't an ERC-20 token this app can read .*Check the token's address/,
    );
  });
  it("measures progress, past 100 % when over the goal", () => {
    assert.equal(progressOf("0", "10"), 0);
    assert.equal(progressOf("5", "10"), 0.5);
    assert.equal(progressOf("15", "10"), 1.5);
    assert.equal(progressOf("1", "3"), 0.3333);
  });
  it("counts down by the given clock", () => {
    assert.equal(timeLeft(1000, 1000), "ended");
    assert.equal(timeLeft(1000, 2000), "ended");
    assert.equal(timeLeft(1000 + 86_400 * 2 + 3600 + 59, 1000), "2 days 1 hour left");
    assert.equal(timeLeft(1000 + 86_400 * 3, 1000), "3 days left");
    assert.equal(timeLeft(1000 + 310, 1000), "5 minutes 10 seconds left");
  });
  it("checks the start form with a sentence per field", () => {
    const ok = checkStart({ title: " Film ", description: "", goal: "2", days: "30", token: "" }, ETH_ONLY);
    assert.ok(ok.ok);
    if (ok.ok) {
      assert.equal(ok.goal, 2_000_000_000_000_000_000n);
      assert.equal(ok.token, "0x0000000000000000000000000000000000000000");
    }
    const bad = checkStart({ title: "  ", description: "d".repeat(5001), goal: "0", days: "181", token: "" }, ETH_ONLY);
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.deepEqual(Object.keys(bad.errors).sort(), ["days", "description", "goal", "title"]);
    const badToken = checkStart({ title: "t", description: "", goal: "1", days: "1", token: "0x12" }, ETH_ONLY);
    assert.deepEqual(badToken.ok ? null : badToken.errors, {
      token: "Leave empty for ETH, or paste an ERC-20 token's address (0x…).",
    });
    assert.equal(checkStart({ title: "t", description: "", goal: "1", days: "0", token: "" }, ETH_ONLY).ok, false);
    assert.equal(checkStart({ title: "t", description: "", goal: "1", days: "2.5", token: "" }, ETH_ONLY).ok, false);
    assert.equal(
      checkStart({ title: "t".repeat(121), description: "", goal: "1", days: "1", token: "" }, ETH_ONLY).ok,
      false,
    );
    assert.equal(deadlineAfter(1_000, 3), 1_000 + 3 * 86_400);
  });
  it("reads the goal in the token's own decimals: 100 of a 6-decimal token is 100 000 000 units", () => {
    const draft = { title: "Film", description: "", goal: "100", days: "30", token: USDC.toLowerCase() };
    const six = checkStart(draft, { state: "read", token: SIX });
    assert.deepEqual(six, { ok: true, goal: 100_000_000n, days: 30, token: USDC });
    const eighteen = checkStart(draft, { state: "read", token: EIGHTEEN });
    assert.equal(eighteen.ok && eighteen.goal, 100n * 10n ** 18n);
    const tooPrecise = checkStart({ ...draft, goal: "0.0000001" }, { state: "read", token: SIX });
    assert.match(tooPrecise.ok ? "" : (tooPrecise.errors.goal ?? ""), /At most 6 decimals/);
    assert.deepEqual(checkStart({ ...draft, goal: "" }, { state: "read", token: SIX }), {
      ok: false,
      errors: { goal: "Enter the goal as a positive amount, e.g. 2.5." },
    });
  });
  it("starts nothing while the token's decimals are unknown, and says why", () => {
    const draft = { title: "Film", description: "", goal: "100", days: "30", token: USDC };
    const reading = checkStart(draft, { state: "reading" });
    assert.deepEqual(reading.ok ? null : Object.keys(reading.errors), ["token"]);
    assert.match(reading.ok ? "" : (reading.errors.token ?? ""), /^Reading the token…/);
    const error = unreadableToken(USDC);
    assert.deepEqual(checkStart(draft, { state: "unreadable", error }), { ok: false, errors: { token: error } });
    // ETH needs no read: its 18 decimals are known.
    assert.deepEqual(checkStart({ ...draft, token: "" }, { state: "reading" }), {
      ok: true,
      goal: 100n * 10n ** 18n,
      days: 30,
      token: "0x0000000000000000000000000000000000000000",
    });
  });
  it("says no ERC-20 amount in guessed units in the contract's errors; an ETH transfer's amount in ETH", () => {
    const pledge = describeCrowdfundError("CrowdfundInsufficientPledge", [1n, USDC, 1_000_000n, 2_000_000n]) ?? "";
    assert.match(pledge, /more than you have pledged/);
    assert.doesNotMatch(pledge, /\d/, "no number: the token's decimals are unknown here");
    assert.doesNotMatch(describeCrowdfundError("CrowdfundGoalMissed", [1n, 5n, 10n]) ?? "", /\d/);
    assert.match(
      describeCrowdfundError("CrowdfundEthTransferFailed", [USDC, 1_500_000_000_000_000_000n]) ?? "",
      /^Sending 1\.5 ETH to 0x5FbD…0aa3 failed/,
    );
  });
  it("quotes the amounts in the campaign's token when the page gives it", () => {
    const usdc = { symbol: "USDC", decimals: 6 };
    assert.equal(
      describeCrowdfundError("CrowdfundInsufficientPledge", [1n, USDC, 1_000_000n, 2_500_000n], usdc),
      "Taking back 2.5 USDC is more than your pledge of 1 USDC, so nothing was taken back. Enter at most 1 USDC.",
    );
    assert.equal(
      describeCrowdfundError("CrowdfundGoalMissed", [1n, 12_000_000n, 100_000_000n], usdc),
      "The crowdfund missed its goal: 12 USDC pledged of 100 USDC, so its backers take their pledges back; nothing is paid out.",
    );
    assert.equal(
      describeCrowdfundError("CrowdfundGoalReached", [1n, 112_000_000n, 100_000_000n], usdc),
      "The crowdfund reached its goal (112 USDC pledged of 100 USDC), so pledges are not refunded: they go to its recipient.",
    );
    assert.match(
      describeCrowdfundError("CrowdfundTransferMismatch", [USDC, 5_000_000n, 4_950_000n], usdc) ?? "",
      /^The token moved 4\.95 USDC where 5 USDC was asked \(a fee-on-transfer token\?\)/,
    );
    assert.match(
      describeCrowdfundError("CrowdfundGoalTooLarge", [10n ** 80n], { symbol: "ETH", decimals: 18 }) ?? "",
      /^A goal of 1+0* ETH is larger than any token's supply/,
    );
    assert.equal(
      describeCrowdfundError("CrowdfundValueMismatch", [2n * 10n ** 18n, 10n ** 18n]),
      "The ETH sent (1 ETH) didn't match the pledge (2 ETH), so nothing was pledged. Reload the page and try again.",
    );
    // The same errors through the generic path every transaction's failure takes.
    assert.match(
      describeContractError("CrowdfundGoalMissed", [1n, 12_000_000n, 100_000_000n], "nothing was paid out", usdc),
      /12 USDC pledged of 100 USDC/,
    );
  });
});
