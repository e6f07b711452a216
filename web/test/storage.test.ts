import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther, parseUnits } from "viem";
import { describeContractError, describeStorageError } from "../src/lib/errors";
import { costSentence, DEFAULT_DRAFT, formatSpan, storageBadge, topUpCost, validateDraft } from "../src/lib/storage";
import { ETH_INFO, type TokenInfo, type TokenRead } from "../src/lib/money";

/** ETH needs no read: what a form knows while an ERC-20 would still be reading. */
const ETH: TokenRead = { state: "reading" };
const USDC: TokenInfo = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", symbol: "USDC", decimals: 6 };

const NOW = 1_800_000_000_000;

describe("storageBadge", () => {
  it("says there is no deal when none is live", () => {
    assert.deepEqual(
      storageBadge({ replicas: 0, keepers: 0, lastProvenAt: null, status: "none" }, NOW).text,
      "No storage deal",
    );
  });
  it("counts keepers against replicas while waiting", () => {
    const badge = storageBadge({ replicas: 2, keepers: 0, lastProvenAt: null, status: "pending" }, NOW);
    assert.equal(badge.text, "0 of 2 replicas · waiting for keepers");
    assert.equal(badge.tone, "pending");
    assert.equal(
      storageBadge({ replicas: 2, keepers: 2, lastProvenAt: null, status: "pending" }, NOW).text,
      "2 of 2 replicas · not proven yet",
    );
  });
  it("shows when it was last proven", () => {
    const badge = storageBadge({ replicas: 3, keepers: 3, lastProvenAt: NOW / 1000 - 2 * 3600, status: "ok" }, NOW);
    assert.equal(badge.text, "3 of 3 replicas · proven 2 hours ago");
    assert.equal(badge.tone, "ok");
    assert.equal(
      storageBadge({ replicas: 1, keepers: 1, lastProvenAt: NOW / 1000 - 5, status: "ok" }, NOW).text,
      "1 of 1 replica · proven just now",
    );
  });
  it("flags a video at risk, whatever its last proof", () => {
    const badge = storageBadge({ replicas: 3, keepers: 1, lastProvenAt: NOW / 1000 - 60, status: "at-risk" }, NOW);
    assert.equal(badge.text, "1 of 3 replicas · at risk");
    assert.equal(badge.tone, "risk");
    assert.match(badge.hint, /Fewer keepers/);
  });
});

describe("validateDraft", () => {
  it("turns the default form into contract numbers and a deposit", () => {
    const result = validateDraft(DEFAULT_DRAFT, ETH);
    assert.ok(result.ok);
    assert.deepEqual(result.deal.token, ETH_INFO);
    assert.equal(result.deal.periods, 24);
    assert.equal(result.deal.replicas, 2);
    assert.equal(result.deal.pricePerPeriod, parseEther("0.0001"));
    assert.equal(result.deal.deposit, 2n * 24n * parseEther("0.0001"));
    assert.equal(costSentence(result.deal), "2 copies × 24 proofs × 0.0001 ETH = 0.0048 ETH, for 1 day");
  });
  it("explains each field the contract would refuse", () => {
    const result = validateDraft(
      {
        replicas: "17",
        durationSeconds: 3600,
        periodSeconds: 86_400,
        token: "",
        price: "0",
        stake: "1",
        slash: "2",
        maxMisses: "0",
      },
      ETH,
    );
    assert.ok(!result.ok);
    assert.match(result.errors.replicas!, /1 to 16/);
    assert.match(result.errors.durationSeconds!, /at least one proving period/);
    assert.match(result.errors.price!, /more than 0/);
    assert.match(result.errors.slash!, /at most its stake/);
    assert.match(result.errors.maxMisses!, /1 to 1,000/);
  });
  it("refuses amounts that are not ETH numbers, and more than 18 decimals", () => {
    const result = validateDraft(
      { ...DEFAULT_DRAFT, price: "1e-4", stake: "abc", slash: "0.0000000000000000001" },
      ETH,
    );
    assert.ok(!result.ok);
    assert.equal(result.errors.price, "Write the price in ETH, like 0.0001.");
    assert.equal(result.errors.stake, "Write the stake in ETH, like 0.01.");
    assert.equal(result.errors.slash, "At most 18 decimals in ETH: shorten the slash.");
  });
  it("refuses a slash below the price, a zero stake and slash included, as the contract does", () => {
    for (const [stake, slash] of [
      ["0", "0"],
      ["0.01", "0.00009"],
    ] as const) {
      const result = validateDraft({ ...DEFAULT_DRAFT, stake, slash }, ETH);
      assert.ok(!result.ok);
      assert.match(result.errors.slash!, /at least what a proof pays \(0\.0001 ETH\)/);
    }
    const lowest = validateDraft({ ...DEFAULT_DRAFT, stake: "0.0001", slash: "0.0001" }, ETH);
    assert.ok(lowest.ok);
    assert.equal(lowest.deal.slashPerMiss, parseEther("0.0001"));
  });
  it("reads amounts in an ERC-20's own decimals, and says its symbol", () => {
    const draft = { ...DEFAULT_DRAFT, token: USDC.address.toLowerCase(), price: "0.5", stake: "20", slash: "1" };
    const result = validateDraft(draft, { state: "read", token: USDC });
    assert.ok(result.ok);
    assert.equal(result.deal.token, USDC);
    assert.equal(result.deal.pricePerPeriod, parseUnits("0.5", 6));
    assert.equal(result.deal.stakePerReplica, 20_000_000n);
    assert.equal(result.deal.deposit, 2n * 24n * 500_000n);
    assert.equal(costSentence(result.deal), "2 copies × 24 proofs × 0.5 USDC = 24 USDC, for 1 day");
    const precise = validateDraft({ ...draft, price: "0.0000001" }, { state: "read", token: USDC });
    assert.equal(precise.ok ? "" : precise.errors.price, "At most 6 decimals in USDC: shorten the price.");
  });
  it("opens nothing while an ERC-20's decimals are unknown or unreadable, and says so at the token", () => {
    const draft = { ...DEFAULT_DRAFT, token: USDC.address };
    const reading = validateDraft(draft, { state: "reading" });
    assert.deepEqual(reading.ok ? null : Object.keys(reading.errors), ["token"]);
    assert.match(reading.ok ? "" : (reading.errors.token ?? ""), /^Reading the token…/);
    const unreadable = validateDraft(draft, { state: "unreadable", error: "not a token" });
    assert.deepEqual(unreadable.ok ? null : unreadable.errors, { token: "not a token" });
    const typo = validateDraft({ ...draft, token: "0x123" }, { state: "reading" });
    assert.match(typo.ok ? "" : (typo.errors.token ?? ""), /ERC-20 token's address/);
  });
});

describe("amounts and spans", () => {
  it("names spans in their largest whole unit", () => {
    assert.equal(formatSpan(86_400 * 30), "30 days");
    assert.equal(formatSpan(7200), "2 hours");
    assert.equal(formatSpan(120), "2 minutes");
    assert.equal(formatSpan(90), "1 minute 30 seconds");
  });
  it("prices a top-up like the contract", () => {
    assert.equal(topUpCost(3, 10, 5n), 150n);
  });
});

describe("describeStorageError", () => {
  it("turns the deal form's reverts into what happened and what to do", () => {
    assert.match(
      describeStorageError("StorageEscrowStartInPast", [1n, 2n])!,
      /would start in the past .* open the deal again/,
    );
    assert.equal(
      describeStorageError("StorageEscrowValueMismatch", [parseEther("0.012"), parseEther("0.01")]),
      "The deposit sent (0.01 ETH) isn't what the deal costs (0.012 ETH), so nothing was paid. Reload the page and try again.",
    );
    assert.match(
      describeStorageError("StorageEscrowDealEnded", [3n, 0n])!,
      /^Deal 3 has already ended, so it can't be topped up/,
    );
    assert.match(describeStorageError("StorageEscrowNothingToRefund", [3n])!, /^Nothing is left in deal 3 to refund/);
    assert.equal(describeStorageError("ChannelsEmptyCid"), null);
  });
  it("has a sentence for each error the hardened escrow added", () => {
    assert.match(
      describeStorageError("StorageEscrowSlashBelowPrice", [0n, parseEther("0.0001")])!,
      /at least what a proof pays \(0\.0001 ETH\)/,
    );
    assert.match(
      describeStorageError("StorageEscrowNotFunder", [3n, "0x0000000000000000000000000000000000000001"])!,
      /^Only the account that opened deal 3 can top it up/,
    );
    assert.match(
      describeStorageError("StorageEscrowBeyondTenure", [3n, "0x01", 6, 6])!,
      /Period 6 of deal 3 is after the end this keeper agreed to serve/,
    );
    assert.match(
      describeStorageError("StorageEscrowTenureEnded", [3n, "0x01", 1_700_000_000n])!,
      /can no longer leave .* Release it/,
    );
    assert.match(
      describeStorageError("StorageEscrowTenureNotEnded", [3n, "0x01", 1_700_000_000n])!,
      /can't be released yet/,
    );
    assert.match(
      describeStorageError("StorageEscrowNothingToExtend", [3n, "0x01", 6])!,
      /already serves deal 3 to its end/,
    );
    assert.match(describeStorageError("StorageEscrowBatchMismatch", [1n, 0n])!, /nothing was reported/);
    assert.match(
      describeStorageError("StorageEscrowNoBlockhash", [3n, "0x01", 42n])!,
      /no hash for block 42, .* Request a new challenge/,
    );
    assert.match(describeStorageError("StorageEscrowZeroRecipient")!, /Nothing was sent/);
  });
  it("routes storage errors through describeContractError", () => {
    assert.match(describeContractError("StorageEscrowZeroPrice", [], "no deal was opened"), /set a price above 0/);
    assert.equal(
      describeContractError("StorageEscrowSomethingNew", [], "no deal was opened"),
      "The contract refused the transaction (StorageEscrowSomethingNew), so no deal was opened.",
    );
  });
});
