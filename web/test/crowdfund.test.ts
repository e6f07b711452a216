import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkStart, deadlineAfter, formatAmount, parseAmount, progressOf, timeLeft } from "../src/lib/crowdfund";

describe("crowdfund helpers", () => {
  it("formats amounts in ETH, or in a token's units with its address", () => {
    assert.equal(formatAmount("1500000000000000000", "0x0000000000000000000000000000000000000000"), "1.5 ETH");
    assert.equal(formatAmount(0n, "0x0000000000000000000000000000000000000000"), "0 ETH");
    assert.equal(formatAmount(10n ** 18n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"), "1 tokens (0x5FbD…0aa3)");
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
  it("parses positive decimal amounts only", () => {
    assert.equal(parseAmount("1.5"), 1_500_000_000_000_000_000n);
    assert.equal(parseAmount(" .25 "), 250_000_000_000_000_000n);
    for (const bad of ["", "0", "-1", "1e3", "abc", "1.1234567890123456789", "1,5"])
      assert.equal(parseAmount(bad), null, bad);
  });
  it("checks the start form with a sentence per field", () => {
    const ok = checkStart({ title: " Film ", description: "", goal: "2", days: "30", token: "" });
    assert.ok(ok.ok);
    if (ok.ok) {
      assert.equal(ok.goal, 2_000_000_000_000_000_000n);
      assert.equal(ok.token, "0x0000000000000000000000000000000000000000");
    }
    const bad = checkStart({ title: "  ", description: "d".repeat(5001), goal: "0", days: "181", token: "0x12" });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.deepEqual(Object.keys(bad.errors).sort(), ["days", "description", "goal", "title", "token"]);
    assert.equal(checkStart({ title: "t", description: "", goal: "1", days: "0", token: "" }).ok, false);
    assert.equal(checkStart({ title: "t", description: "", goal: "1", days: "2.5", token: "" }).ok, false);
    assert.equal(checkStart({ title: "t".repeat(121), description: "", goal: "1", days: "1", token: "" }).ok, false);
    assert.equal(deadlineAfter(1_000, 3), 1_000 + 3 * 86_400);
  });
});
