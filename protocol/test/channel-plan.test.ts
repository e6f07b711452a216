import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeAbiParameters, keccak256, stringToBytes, zeroAddress } from "viem";
import { CHANNEL_PLAN_KEY, decodeChannelPlan, encodeChannelPlan } from "../src/channel-plan.ts";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const words = (a: bigint, b: bigint, c: bigint) =>
  encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }], [a, b, c]);

test("the plan's key is the contract's, generated", () => {
  assert.equal(CHANNEL_PLAN_KEY, keccak256(stringToBytes("chorus.earnings.membershipPlan")));
});

test("a plan round-trips through its setting value", () => {
  for (const plan of [
    { token: zeroAddress, pricePerPeriod: 10n ** 15n, period: 30 * 86_400 },
    { token: TOKEN, pricePerPeriod: 1n, period: 86_400 },
    { token: TOKEN, pricePerPeriod: 2n ** 256n - 1n, period: 366 * 86_400 },
  ] as const) {
    const value = encodeChannelPlan(plan);
    assert.equal((value.length - 2) / 2, 96);
    assert.deepEqual(decodeChannelPlan(value), plan);
  }
});

test("any value the contract would not take as a plan is no plan", () => {
  const day = 86_400n;
  for (const [why, value] of [
    ["empty", "0x"],
    ["too short", words(0n, 1n, day).slice(0, -64)],
    ["too long", `${words(0n, 1n, day)}00`],
    ["token over 160 bits", words(2n ** 160n, 1n, day)],
    ["zero price", words(0n, 0n, day)],
    ["no period", words(0n, 1n, 0n)],
    ["period under a day", words(0n, 1n, day - 1n)],
    ["period over 366 days", words(0n, 1n, 366n * day + 1n)],
    ["period over 32 bits", words(0n, 1n, 2n ** 32n + day)],
  ] as const)
    assert.equal(decodeChannelPlan(value as `0x${string}`), null, why);
});
