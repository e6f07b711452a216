import { type Address, decodeAbiParameters, encodeAbiParameters, getAddress, type Hex } from "viem";
import { constants } from "./contracts.ts";

/**
 * A community channel's membership plan, as its members vote it: the channel setting `Earnings.MEMBERSHIP_PLAN_KEY`
 * (`IChannels.proposeSetting`), whose value is `abi.encode(address token, uint256 pricePerPeriod, uint32 period)`.
 * Encoded by the web app's proposal form, decoded by the indexer and the proposal cards, with the contract's own rule
 * (`Earnings._channelPlan`): any other value — another length, a word out of its type's range, a period outside one
 * day to 366 days, a zero price — is no plan, and an empty value removes the plan.
 */
export const CHANNEL_PLAN_KEY: Hex = constants.Earnings.MEMBERSHIP_PLAN_KEY;

export interface ChannelPlan {
  token: Address;
  pricePerPeriod: bigint;
  /** Seconds. */
  period: number;
}

const WORDS = [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }] as const;

/** The setting value for `plan`. */
export function encodeChannelPlan(plan: ChannelPlan): Hex {
  return encodeAbiParameters(
    [{ type: "address" }, { type: "uint256" }, { type: "uint32" }],
    [plan.token, plan.pricePerPeriod, plan.period],
  );
}

/** The plan a setting value gives the contract, or null for none (empty, or not a valid plan). */
export function decodeChannelPlan(value: Hex): ChannelPlan | null {
  if ((value.length - 2) / 2 !== 96) return null;
  const [token, pricePerPeriod, period] = decodeAbiParameters(WORDS, value);
  if (token >= 2n ** 160n || pricePerPeriod === 0n) return null;
  const { MIN_MEMBERSHIP_PERIOD, MAX_MEMBERSHIP_PERIOD } = constants.Earnings;
  if (period < BigInt(MIN_MEMBERSHIP_PERIOD) || period > BigInt(MAX_MEMBERSHIP_PERIOD)) return null;
  return {
    token: getAddress(`0x${token.toString(16).padStart(40, "0")}`),
    pricePerPeriod,
    period: Number(period),
  };
}
