import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther } from "viem";
import {
  ETH,
  ETH_INFO,
  bpsToPercent,
  checkPlan,
  checkSplit,
  formatAmount,
  formatPeriod,
  isDefaultSplit,
  messageError,
  parseAmount,
  parsePeriodDays,
  parseToken,
  percentToBps,
  unreadableToken,
} from "../src/lib/money";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("amounts and tokens (the tip dialog, prices, plans)", () => {
  it("parses what people type, in the token's base units", () => {
    assert.deepEqual(parseAmount("0.01", 18), { ok: true, value: parseEther("0.01") });
    assert.deepEqual(parseAmount(" 1,5 ", 6), { ok: true, value: 1_500_000n });
    assert.deepEqual(parseAmount("2", 0), { ok: true, value: 2n });
  });
  it("refuses empty, zero, non-numbers and too many decimals with a sentence", () => {
    const cases: [string, number, RegExp][] = [
      ["", 18, /Type an amount/],
      ["0", 18, /more than zero/],
      ["0.000", 18, /more than zero/],
      ["abc", 18, /isn't an amount/],
      ["1e5", 18, /isn't an amount/],
      ["-1", 18, /isn't an amount/],
      [".", 18, /isn't an amount/],
      ["0.0000001", 6, /At most 6 decimals/],
    ];
    for (const [typed, decimals, error] of cases) {
      const parsed = parseAmount(typed, decimals);
      assert.equal(parsed.ok, false, typed);
      if (!parsed.ok) assert.match(parsed.error, error, typed);
    }
  });
  it("formats amounts with at most six decimals and the symbol", () => {
    assert.equal(formatAmount(parseEther("0.01"), ETH_INFO), "0.01 ETH");
    assert.equal(formatAmount(parseEther("1"), ETH_INFO), "1 ETH");
    assert.equal(formatAmount(1_234_567n, { symbol: "USDC", decimals: 6 }), "1.234567 USDC");
    assert.equal(formatAmount(1n, ETH_INFO), "<0.000001 ETH");
    assert.equal(formatAmount(0n, ETH_INFO), "0 ETH");
  });
  it("reads a token: empty or ETH is address(0), else an address, checksummed", () => {
    assert.deepEqual(parseToken(""), { ok: true, token: ETH });
    assert.deepEqual(parseToken("eth"), { ok: true, token: ETH });
    assert.deepEqual(parseToken(ALICE.toLowerCase()), { ok: true, token: ALICE });
    const bad = parseToken("0x123");
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.error, /isn't a token address/);
  });
  it("checks a message against the contract's byte cap, counting UTF-8 bytes", () => {
    assert.equal(messageError("hello", 5), null);
    assert.match(messageError("héllo", 5) ?? "", /1 bytes too long \(at most 5\)/);
  });
  it("reads a membership period in days and formats it back", () => {
    assert.deepEqual(parsePeriodDays("30"), { ok: true, seconds: 30 * 86_400 });
    assert.deepEqual(parsePeriodDays("366"), { ok: true, seconds: 366 * 86_400 });
    for (const bad of ["0", "1.5", "", "x", "367", "4000"]) assert.equal(parsePeriodDays(bad).ok, false, bad);
    assert.deepEqual(parsePeriodDays("400"), {
      ok: false,
      error: "A period is a whole number of days, from 1 to 366.",
    });
    assert.equal(formatPeriod(30 * 86_400), "30 days");
    assert.equal(formatPeriod(86_400), "1 day");
    assert.equal(formatPeriod(90), "1 minute 30 seconds");
  });
});

describe("a membership plan as typed (a creator's plan, a channel's plan proposal)", () => {
  const USDC = { address: BOB, symbol: "USDC", decimals: 6 } as const;
  it("reads the price in the token's own decimals, the period in days", () => {
    assert.deepEqual(checkPlan({ price: "0.002", days: "30", token: "" }, { state: "reading" }), {
      ok: true,
      token: ETH_INFO,
      price: parseEther("0.002"),
      periodSeconds: 30 * 86_400,
    });
    assert.deepEqual(checkPlan({ price: "2.5", days: "7", token: BOB }, { state: "read", token: USDC }), {
      ok: true,
      token: USDC,
      price: 2_500_000n,
      periodSeconds: 7 * 86_400,
    });
  });
  it("says the first problem: the token (its decimals set the price), then the price, then the period", () => {
    const check = (draft: { price: string; days: string; token: string }, read = { state: "reading" } as const) =>
      checkPlan(draft, read);
    assert.deepEqual(check({ price: "1", days: "30", token: BOB }), {
      ok: false,
      error: "Token: Reading the token… (its decimals set what the amounts mean) — a moment.",
    });
    assert.deepEqual(
      checkPlan({ price: "1", days: "30", token: BOB }, { state: "unreadable", error: unreadableToken(BOB) }),
      {
        ok: false,
        error: `Token: ${unreadableToken(BOB)}`,
      },
    );
    assert.deepEqual(check({ price: "1", days: "30", token: "0x12" }), {
      ok: false,
      error: "Token: Leave empty for ETH, or paste an ERC-20 token's address (0x…).",
    });
    assert.deepEqual(checkPlan({ price: "0.0000001", days: "0", token: BOB }, { state: "read", token: USDC }), {
      ok: false,
      error: "Price: At most 6 decimals for this token — shorten the amount.",
    });
    assert.deepEqual(check({ price: "", days: "30", token: "" }), { ok: false, error: "Price: Type an amount." });
    assert.deepEqual(check({ price: "1", days: "367", token: "ETH" }), {
      ok: false,
      error: "A period is a whole number of days, from 1 to 366.",
    });
  });
});

describe("split tables (Rights holders at publish)", () => {
  it("turns percentages into basis points, two decimals at most", () => {
    assert.equal(percentToBps("100"), 10_000);
    assert.equal(percentToBps("33.33"), 3333);
    assert.equal(percentToBps("0.5 %"), 50);
    assert.equal(percentToBps("12,5"), 1250);
    for (const bad of ["0", "100.01", "33.333", "", "x", "-5"]) assert.equal(percentToBps(bad), null, bad);
    assert.equal(bpsToPercent(3333), "33.33 %");
    assert.equal(bpsToPercent(10_000), "100 %");
    assert.equal(bpsToPercent(1250), "12.5 %");
  });
  it("accepts addresses, handles and (channel submissions only) the channel, summing to 100 %", () => {
    const ok = checkSplit(
      [
        { who: ALICE, share: "50" },
        { who: "@Bob_b", share: "30" },
        { who: "channel", share: "20" },
      ],
      true,
    );
    assert.equal(ok.error, null);
    assert.equal(ok.totalBps, 10_000);
    assert.deepEqual(
      ok.rows.map((r) => r.holder),
      [{ kind: "address", address: ALICE }, { kind: "handle", handle: "bob_b" }, { kind: "channel" }],
    );
    assert.deepEqual(
      ok.rows.map((r) => r.bps),
      [5000, 3000, 2000],
    );
  });
  it("says which row is wrong and why, then whether the total is 100 %", () => {
    const cases: [Parameters<typeof checkSplit>[0], boolean, RegExp][] = [
      [[], false, /at least one/],
      [[{ who: "", share: "100" }], false, /Row 1: Say who/],
      [[{ who: "0x1234", share: "100" }], false, /Row 1: "0x1234" isn't an address/],
      [[{ who: "channel", share: "100" }], false, /Row 1: Only a video submitted to a community channel/],
      [[{ who: ALICE, share: "101" }], false, /Row 1: "101" isn't a share/],
      [
        [
          { who: ALICE, share: "50" },
          { who: BOB, share: "40" },
        ],
        false,
        /add up to 90 %; they must add up to exactly 100 %/,
      ],
      [
        [
          { who: ALICE, share: "50" },
          { who: ALICE.toLowerCase(), share: "50" },
        ],
        false,
        /Row 2 names the same holder/,
      ],
    ];
    for (const [rows, channel, error] of cases) assert.match(checkSplit(rows, channel).error ?? "", error);
  });
  it("knows the default table (the creator, 100 %), which needs no second signature", () => {
    assert.equal(isDefaultSplit([{ who: ALICE.toLowerCase(), share: "100" }], ALICE), true);
    assert.equal(isDefaultSplit([{ who: ALICE, share: "100" }], undefined), false);
    assert.equal(
      isDefaultSplit(
        [
          { who: ALICE, share: "50" },
          { who: BOB, share: "50" },
        ],
        ALICE,
      ),
      false,
    );
  });
});

describe("Earnings errors as sentences", () => {
  it("every custom error of the contract becomes a sentence that says what to do", async () => {
    const { earningsAbi } = await import("@chorus/deployments");
    const { describeContractError } = await import("../src/lib/errors");
    const names = earningsAbi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(names.length >= 30);
    for (const name of names) {
      const text = describeContractError(name, []);
      assert.doesNotMatch(text, /refused the transaction \(/, `${name} has its own sentence`);
      assert.doesNotMatch(text, /undefined|NaN/, name);
    }
    assert.equal(
      describeContractError("EarningsMessageTooLong", [300n, 280n]),
      "The message is too long (300 bytes, at most 280), so nothing was paid. Shorten it and try again.",
    );
  });
});
