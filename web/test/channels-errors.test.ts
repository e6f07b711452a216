import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  TransactionExecutionError,
  UserRejectedRequestError,
} from "viem";
import { anvil } from "viem/chains";
import { channelsAbi } from "@chorus/deployments";
import { describeChannelsError, describeError } from "../src/lib/errors";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** What viem's writeContract throws when Channels reverts with one of its custom errors. */
function revertWith(errorName: string, args: readonly unknown[] = []) {
  const data = encodeErrorResult({ abi: channelsAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
  const cause = new ContractFunctionRevertedError({ abi: channelsAbi, data, functionName: "vote" });
  return new ContractFunctionExecutionError(cause, {
    abi: channelsAbi,
    functionName: "vote",
    args: [],
    contractAddress: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  });
}

/** Every custom error the contract declares, with example arguments. */
const EXAMPLES: Record<string, readonly unknown[]> = {
  ChannelsEmptyCid: [],
  ChannelsMalformedCid: ["0x1234"],
  ChannelsNotADirectory: ["0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  ChannelsNoFounders: [],
  ChannelsZeroAddressMember: [],
  ChannelsDuplicateFounder: [A],
  ChannelsZeroThreshold: [],
  ChannelsThresholdAboveMembers: [4, 3],
  ChannelsPercentageAboveMax: [15_000],
  ChannelsVotingPeriodOutOfRange: [60, 3600, 7_776_000],
  ChannelsUnknownChannel: [9n],
  ChannelsUnknownProposal: [12n],
  ChannelsNotMember: [3n, A],
  ChannelsAlreadyMember: [3n, A],
  ChannelsLastMember: [3n, A],
  ChannelsNotEligible: [12n, A],
  ChannelsAlreadyVoted: [12n, A, true],
  ChannelsProposalClosed: [12n, 1],
  ChannelsNotProposer: [12n, A, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"],
  ChannelsVotingNotEnded: [12n, 1_900_000_000],
  ChannelsFutureEpoch: [3n, 9, 2],
  ChannelsSettingTooLong: [97n, 96n],
  ChannelsZeroSettingKey: [],
  // From the MembershipHistory library the contract uses.
  MembershipHistoryUnorderedEpoch: [1, 2],
};

describe("Channels errors as sentences", () => {
  it("covers every custom error in the ABI", () => {
    const declared = channelsAbi
      .filter((item) => item.type === "error")
      .map((item) => (item as { name: string }).name)
      .sort();
    assert.deepEqual(Object.keys(EXAMPLES).sort(), declared);
    for (const [name, args] of Object.entries(EXAMPLES)) {
      const sentence = describeChannelsError(name, args);
      assert.ok(sentence && sentence.length > 30, name);
      assert.doesNotMatch(sentence!, /0x[0-9a-f]{8}/i, `${name} shows no raw data`);
      assert.doesNotMatch(sentence!, /undefined|NaN|\[object/, name);
    }
  });

  it("decodes a revert into what happened and what to do", () => {
    const ctx = { chainName: "Local chain (Anvil)", action: "vote", outcome: "your vote wasn't cast" };
    const eligible = describeError(revertWith("ChannelsNotEligible", [12n, A]), ctx);
    assert.equal(eligible.kind, "revert");
    assert.match(eligible.message, /You joined after proposal 12 was made, so you can't vote on it/);

    const voted = describeError(revertWith("ChannelsAlreadyVoted", [12n, A, true]), ctx);
    assert.match(voted.message, /already voted yes on proposal 12.*choose No/);

    const closed = describeError(revertWith("ChannelsProposalClosed", [12n, 1]), ctx);
    assert.match(closed.message, /no longer open: it has already passed/);

    const above = describeError(revertWith("ChannelsThresholdAboveMembers", [4, 3]), ctx);
    assert.match(above.message, /4 yes votes.*3 members.*at most 3/);

    const period = describeError(revertWith("ChannelsVotingPeriodOutOfRange", [60, 3600, 7_776_000]), ctx);
    assert.match(period.message, /1 minute.*between 1 hour and 90 days/);

    const notMember = describeError(revertWith("ChannelsNotMember", [3n, A]), ctx);
    assert.match(notMember.message, /0x7099…79C8 isn't a member of channel 3/);

    const duplicate = describeError(revertWith("ChannelsDuplicateFounder", [A]), ctx);
    assert.match(duplicate.message, /listed twice/);
  });

  it("says what didn't happen when the signature is rejected", () => {
    const error = new TransactionExecutionError(new UserRejectedRequestError(new Error("User denied")), {
      chain: anvil,
    } as never);
    assert.equal(
      describeError(error, { action: "vote", outcome: "your vote wasn't cast" }).message,
      "You rejected the signature — your vote wasn't cast. Try again when ready.",
    );
    assert.equal(
      describeError(error, { action: "create the channel", outcome: "the channel wasn't created" }).kind,
      "rejected",
    );
  });
});
