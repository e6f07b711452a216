import { describe, it } from "node:test";
import { expect } from "chai";
import { network } from "hardhat";
import { anyValue } from "@nomicfoundation/hardhat-viem-assertions/predicates";
import { getAddress, parseEventLogs, zeroAddress, type Address, type Hex } from "viem";

// Real binary CIDv1s (raw and dag-pb, sha2-256).
const METADATA: Hex = "0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
const METADATA_2: Hex = "0x015512202c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const POLICY: Hex = "0x01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
const POLICY_2: Hex = "0x01701220fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";
const MANIFEST: Hex = "0x01701220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const MANIFEST_2: Hex = "0x017012206e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
// A well-formed CIDv1 of one file (raw codec): fine for a policy or metadata document, not for a video directory.
const RAW_FILE: Hex = METADATA;

const MALFORMED: readonly (readonly [string, Hex])[] = [
  ["a CIDv0 multihash", "0x1220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  ["a dag-cbor codec", "0x01711220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  ["a truncated digest", "0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcd"],
];

// The contract's enums, by ordinal.
const Submitters = { MembersOnly: 0, Anyone: 1 } as const;
const Threshold = { Absolute: 0, Percentage: 1 } as const;
const Kind = { Video: 0, Policy: 1, Metadata: 2, AddMember: 3, RemoveMember: 4, Rules: 5 } as const;
const Status = { Pending: 0, Executed: 1, Rejected: 2, Withdrawn: 3, Expired: 4 } as const;
const Ballot = { None: 0, Yes: 1, No: 2 } as const;
const Effect = { Applied: 0, Stale: 1, LastMember: 2 } as const;

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

interface Rules {
  submitters: number;
  thresholdKind: number;
  threshold: number;
  votingPeriod: number;
}

const rules = (overrides: Partial<Rules> = {}): Rules => ({
  submitters: Submitters.MembersOnly,
  thresholdKind: Threshold.Absolute,
  threshold: 2,
  votingPeriod: WEEK,
  ...overrides,
});

describe("Channels", async function () {
  const { viem, networkHelpers } = await network.create();
  const { time } = networkHelpers;
  const wallets = await viem.getWalletClients();
  const wallet = (index: number) => {
    const client = wallets[index];
    if (client === undefined) throw new Error(`no wallet client #${index}`);
    return client;
  };
  const [alice, bob, carol, dave, erin, outsider] = [wallet(0), wallet(1), wallet(2), wallet(3), wallet(4), wallet(5)];
  const as = (wallet: typeof alice) => ({ account: wallet.account });
  const addressOf = (wallet: typeof alice): Address => getAddress(wallet.account.address);

  async function deployFixture() {
    return { channels: await viem.deployContract("Channels") };
  }

  /** Alice alone, members only, one vote needed. */
  async function soloFixture() {
    const { channels } = await deployFixture();
    await channels.write.createChannel([METADATA, POLICY, [addressOf(alice)], rules({ threshold: 1 })]);
    return { channels, channelId: 1n };
  }

  /** Alice, Bob and Carol, members only, two votes of three. */
  async function trioFixture() {
    const { channels } = await deployFixture();
    await channels.write.createChannel([METADATA, POLICY, [alice, bob, carol].map(addressOf), rules()]);
    return { channels, channelId: 1n };
  }

  /** Alice, Bob and Carol, submissions from anyone, two votes of three. */
  async function openFixture() {
    const { channels } = await deployFixture();
    await channels.write.createChannel([
      METADATA,
      POLICY,
      [alice, bob, carol].map(addressOf),
      rules({ submitters: Submitters.Anyone }),
    ]);
    return { channels, channelId: 1n };
  }

  /** Alice, Bob and Carol, all three votes needed. */
  async function unanimousFixture() {
    const { channels } = await deployFixture();
    await channels.write.createChannel([METADATA, POLICY, [alice, bob, carol].map(addressOf), rules({ threshold: 3 })]);
    return { channels, channelId: 1n };
  }

  /** Alice and Bob, both votes needed. */
  async function pairFixture() {
    const { channels } = await deployFixture();
    await channels.write.createChannel([METADATA, POLICY, [alice, bob].map(addressOf), rules()]);
    return { channels, channelId: 1n };
  }

  type Channels = Awaited<ReturnType<typeof deployFixture>>["channels"];

  /** How many `eventName` events the transaction `hash` emitted. */
  async function countEvents(
    channels: Channels,
    hash: Hex,
    eventName: "VoteCast" | "MemberAdded" | "MemberRemoved" | "PolicyAmended" | "MetadataUpdated" | "RulesChanged",
  ) {
    const { logs } = await (await viem.getPublicClient()).getTransactionReceipt({ hash });
    return parseEventLogs({ abi: channels.abi, logs, eventName }).length;
  }

  /** Creates a proposal through `create` and returns its id. */
  async function created(channels: Channels, create: Promise<Hex>): Promise<bigint> {
    await create;
    return channels.read.proposalCount();
  }

  describe("createChannel", function () {
    it("creates a channel with its founders, rules, policy version 1 and metadata", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      const founders = [alice, bob, carol].map(addressOf);
      const channelRules = rules({ submitters: Submitters.Anyone, threshold: 3, votingPeriod: 2 * DAY });
      const create = channels.write.createChannel([METADATA, POLICY, founders, channelRules], as(erin));

      await viem.assertions.emitWithArgs(create, channels, "ChannelCreated", [
        1n,
        addressOf(erin),
        METADATA,
        POLICY,
        founders,
        channelRules,
      ]);
      const channel = await channels.read.channel([1n]);
      expect(channel.rules).to.deep.equal(channelRules);
      expect(channel.memberCount).to.equal(3);
      expect(channel.epoch).to.equal(0);
      expect(channel.policyVersion).to.equal(1);
      expect(channel.policyCid).to.equal(POLICY);
      expect(channel.metadataCid).to.equal(METADATA);
      expect(await channels.read.channelCount()).to.equal(1n);
      expect(await channels.read.requiredYes([1n])).to.equal(3);
      for (const founder of founders) expect(await channels.read.isMember([1n, founder])).to.equal(true);
      // The creator need not be a member.
      expect(await channels.read.isMember([1n, addressOf(erin)])).to.equal(false);
    });

    it("emits MemberAdded for each founder with proposal id 0, and PolicyAmended for version 1", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      const create = channels.write.createChannel([METADATA, POLICY, [alice, bob].map(addressOf), rules()]);
      await viem.assertions.emitWithArgs(create, channels, "MemberAdded", [1n, addressOf(alice), 0n, 1, 0]);
      const client = await viem.getPublicClient();
      const added = await client.getContractEvents({
        address: channels.address,
        abi: channels.abi,
        eventName: "MemberAdded",
      });
      expect(added.map((log) => [log.args.member, log.args.proposalId, log.args.memberCount])).to.deep.equal([
        [addressOf(alice), 0n, 1],
        [addressOf(bob), 0n, 2],
      ]);
      const amended = await client.getContractEvents({
        address: channels.address,
        abi: channels.abi,
        eventName: "PolicyAmended",
      });
      const versions = amended.map(({ args }) => [args.channelId, args.version, args.policyCid, args.proposalId]);
      expect(versions).to.deep.equal([[1n, 1, POLICY, 0n]]);
    });

    it("gives channels consecutive ids", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      await channels.write.createChannel([METADATA, POLICY, [addressOf(alice)], rules({ threshold: 1 })]);
      await viem.assertions.emitWithArgs(
        channels.write.createChannel([METADATA_2, POLICY_2, [addressOf(bob)], rules({ threshold: 1 })]),
        channels,
        "ChannelCreated",
        [2n, addressOf(alice), METADATA_2, POLICY_2, [addressOf(bob)], rules({ threshold: 1 })],
      );
      expect(await channels.read.channelCount()).to.equal(2n);
    });

    it("accepts the boundaries: threshold equal to the members, 10_000 bps, one hour and 90 days", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      const founders = [alice, bob].map(addressOf);
      await channels.write.createChannel([METADATA, POLICY, founders, rules({ threshold: 2, votingPeriod: HOUR })]);
      await channels.write.createChannel([
        METADATA,
        POLICY,
        founders,
        rules({ thresholdKind: Threshold.Percentage, threshold: 10_000, votingPeriod: 90 * DAY }),
      ]);
      expect(await channels.read.requiredYes([1n])).to.equal(2);
      expect(await channels.read.requiredYes([2n])).to.equal(2);
      expect(await channels.read.MIN_VOTING_PERIOD()).to.equal(HOUR);
      expect(await channels.read.MAX_VOTING_PERIOD()).to.equal(90 * DAY);
    });

    it("rounds a percentage threshold up, to at least one vote", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      const five = [alice, bob, carol, dave, erin].map(addressOf);
      const percent = (bps: number) => rules({ thresholdKind: Threshold.Percentage, threshold: bps });
      await channels.write.createChannel([METADATA, POLICY, five, percent(5_000)]); // 2.5 -> 3
      await channels.write.createChannel([METADATA, POLICY, five, percent(1)]); // 0.0005 -> 1
      await channels.write.createChannel([METADATA, POLICY, five, percent(6_000)]); // 3 exactly
      expect(await channels.read.requiredYes([1n])).to.equal(3);
      expect(await channels.read.requiredYes([2n])).to.equal(1);
      expect(await channels.read.requiredYes([3n])).to.equal(3);
    });

    it("reverts with ChannelsEmptyCid for an empty metadata or policy CID", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      const founders = [addressOf(alice)];
      const one = rules({ threshold: 1 });
      await viem.assertions.revertWithCustomError(
        channels.write.createChannel(["0x", POLICY, founders, one]),
        channels,
        "ChannelsEmptyCid",
      );
      await viem.assertions.revertWithCustomError(
        channels.write.createChannel([METADATA, "0x", founders, one]),
        channels,
        "ChannelsEmptyCid",
      );
    });

    for (const [why, cid] of MALFORMED) {
      it(`reverts with ChannelsMalformedCid for ${why} as metadata or policy`, async function () {
        const { channels } = await networkHelpers.loadFixture(deployFixture);
        const founders = [addressOf(alice)];
        const one = rules({ threshold: 1 });
        await viem.assertions.revertWithCustomErrorWithArgs(
          channels.write.createChannel([cid, POLICY, founders, one]),
          channels,
          "ChannelsMalformedCid",
          [cid],
        );
        await viem.assertions.revertWithCustomErrorWithArgs(
          channels.write.createChannel([METADATA, cid, founders, one]),
          channels,
          "ChannelsMalformedCid",
          [cid],
        );
      });
    }

    it("reverts with ChannelsNoFounders without founders", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomError(
        channels.write.createChannel([METADATA, POLICY, [], rules({ threshold: 1 })]),
        channels,
        "ChannelsNoFounders",
      );
    });

    it("reverts with ChannelsZeroAddressMember for a zero-address founder", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomError(
        channels.write.createChannel([METADATA, POLICY, [addressOf(alice), zeroAddress], rules()]),
        channels,
        "ChannelsZeroAddressMember",
      );
    });

    it("reverts with ChannelsDuplicateFounder for a founder listed twice", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.createChannel([METADATA, POLICY, [alice, bob, alice].map(addressOf), rules()]),
        channels,
        "ChannelsDuplicateFounder",
        [addressOf(alice)],
      );
    });

    it("reverts with ChannelsZeroThreshold for a zero threshold of either kind", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      for (const thresholdKind of [Threshold.Absolute, Threshold.Percentage]) {
        await viem.assertions.revertWithCustomError(
          channels.write.createChannel([METADATA, POLICY, [addressOf(alice)], rules({ thresholdKind, threshold: 0 })]),
          channels,
          "ChannelsZeroThreshold",
        );
      }
    });

    it("reverts with ChannelsThresholdAboveMembers for an absolute threshold above the founders", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.createChannel([METADATA, POLICY, [alice, bob, carol].map(addressOf), rules({ threshold: 4 })]),
        channels,
        "ChannelsThresholdAboveMembers",
        [4, 3],
      );
    });

    it("reverts with ChannelsPercentageAboveMax above 10_000 basis points", async function () {
      const { channels } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.createChannel([
          METADATA,
          POLICY,
          [addressOf(alice)],
          rules({ thresholdKind: Threshold.Percentage, threshold: 10_001 }),
        ]),
        channels,
        "ChannelsPercentageAboveMax",
        [10_001],
      );
    });

    for (const votingPeriod of [0, HOUR - 1, 90 * DAY + 1]) {
      it(`reverts with ChannelsVotingPeriodOutOfRange for a ${votingPeriod} s voting period`, async function () {
        const { channels } = await networkHelpers.loadFixture(deployFixture);
        await viem.assertions.revertWithCustomErrorWithArgs(
          channels.write.createChannel([METADATA, POLICY, [addressOf(alice)], rules({ threshold: 1, votingPeriod })]),
          channels,
          "ChannelsVotingPeriodOutOfRange",
          [votingPeriod, HOUR, 90 * DAY],
        );
      });
    }

    it("reverts with ChannelsUnknownChannel for channel ids never created", async function () {
      const { channels } = await networkHelpers.loadFixture(trioFixture);
      for (const read of [
        () => channels.read.channel([0n]),
        () => channels.read.channel([2n]),
        () => channels.read.requiredYes([2n]),
        () => channels.read.isMember([2n, addressOf(alice)]),
        () => channels.read.isMemberAt([2n, addressOf(alice), 0]),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(read(), channels, "ChannelsUnknownChannel", [anyValue]);
      }
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.submitVideo([2n, MANIFEST]),
        channels,
        "ChannelsUnknownChannel",
        [2n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeRules([2n, rules()]),
        channels,
        "ChannelsUnknownChannel",
        [2n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeAddMember([2n, addressOf(dave)]),
        channels,
        "ChannelsUnknownChannel",
        [2n],
      );
    });
  });

  describe("a one-member channel", function () {
    it("releases its member's video at once, under policy version 1", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      const submit = channels.write.submitVideo([channelId, MANIFEST]);
      await viem.assertions.emitWithArgs(submit, channels, "VideoReleased", [
        channelId,
        1n,
        addressOf(alice),
        MANIFEST,
        1,
      ]);
      const proposal = await channels.read.proposal([1n]);
      expect(proposal.status).to.equal(Status.Executed);
      expect(proposal.yesVotes).to.equal(1);
      expect(proposal.requiredYes).to.equal(1);
      expect(proposal.policyVersion).to.equal(1);
      expect(proposal.cid).to.equal(MANIFEST);
      expect(await channels.read.ballotOf([1n, addressOf(alice)])).to.equal(Ballot.Yes);
    });

    it("emits ProposalCreated, VoteCast and ProposalExecuted in the submitting transaction", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      const hash = await channels.write.submitVideo([channelId, MANIFEST]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalCreated", [
        channelId,
        1n,
        addressOf(alice),
        Kind.Video,
        MANIFEST,
        zeroAddress,
        anyValue,
        0,
        1,
        1,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "VoteCast", [
        1n,
        addressOf(alice),
        true,
        1,
        0,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalExecuted", [
        channelId,
        1n,
        Kind.Video,
        Effect.Applied,
      ]);
    });

    it("applies its member's changes at once", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      await viem.assertions.emitWithArgs(
        channels.write.proposePolicy([channelId, POLICY_2]),
        channels,
        "PolicyAmended",
        [channelId, 2, POLICY_2, 1n],
      );
      await viem.assertions.emitWithArgs(
        channels.write.proposeAddMember([channelId, addressOf(bob)]),
        channels,
        "MemberAdded",
        [channelId, addressOf(bob), 2n, 2, 1],
      );
      // Bob's arrival does not change the absolute threshold of one.
      expect(await channels.read.requiredYes([channelId])).to.equal(1);
    });

    it("reverts with ChannelsNotMember when a non-member submits to a members-only channel", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.submitVideo([channelId, MANIFEST], as(outsider)),
        channels,
        "ChannelsNotMember",
        [channelId, addressOf(outsider)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeAddMember([channelId, addressOf(outsider)], as(outsider)),
        channels,
        "ChannelsNotMember",
        [channelId, addressOf(outsider)],
      );
    });

    it("reverts with ChannelsLastMember when proposing to remove its only member", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeRemoveMember([channelId, addressOf(alice)]),
        channels,
        "ChannelsLastMember",
        [channelId, addressOf(alice)],
      );
    });
  });

  describe("submissions and votes in a three-member channel", function () {
    it("records a submission with its snapshot and the submitter's yes", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const hash = await channels.write.submitVideo([channelId, MANIFEST]);
      const deadline = (await time.latest()) + WEEK;
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalCreated", [
        channelId,
        1n,
        addressOf(alice),
        Kind.Video,
        MANIFEST,
        zeroAddress,
        deadline,
        0,
        2,
        3,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "VoteCast", [
        1n,
        addressOf(alice),
        true,
        1,
        0,
      ]);
      const proposal = await channels.read.proposal([1n]);
      expect(proposal).to.deep.include({
        channelId,
        kind: Kind.Video,
        status: Status.Pending,
        deadline,
        epoch: 0,
        requiredYes: 2,
        snapshotMembers: 3,
        yesVotes: 1,
        noVotes: 0,
        policyVersion: 0,
        cid: MANIFEST,
        member: zeroAddress,
      });
      expect(proposal.proposer).to.equal(addressOf(alice));
      expect(proposal.rules).to.deep.equal({ submitters: 0, thresholdKind: 0, threshold: 0, votingPeriod: 0 });
      expect(await channels.read.proposalStatus([1n])).to.equal(Status.Pending);
      expect(await channels.read.ballotOf([1n, addressOf(alice)])).to.equal(Ballot.Yes);
      expect(await channels.read.ballotOf([1n, addressOf(bob)])).to.equal(Ballot.None);
    });

    it("gives proposals ids that are unique across channels", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      await channels.write.createChannel([METADATA, POLICY, [addressOf(dave)], rules({ threshold: 1 })]);
      await channels.write.submitVideo([channelId, MANIFEST]);
      await viem.assertions.emitWithArgs(
        channels.write.submitVideo([2n, MANIFEST], as(dave)),
        channels,
        "VideoReleased",
        [2n, 2n, addressOf(dave), MANIFEST, 1],
      );
      expect(await channels.read.proposalCount()).to.equal(2n);
    });

    it("releases the video on the second yes, with the policy version in force", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST_2]));
      const hash = await channels.write.vote([id, true], as(bob));
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "VoteCast", [id, addressOf(bob), true, 2, 0]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "VideoReleased", [
        channelId,
        id,
        addressOf(alice),
        MANIFEST_2,
        1,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalExecuted", [
        channelId,
        id,
        Kind.Video,
        Effect.Applied,
      ]);
      const proposal = await channels.read.proposal([id]);
      expect(proposal.status).to.equal(Status.Executed);
      expect(proposal.policyVersion).to.equal(1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true], as(carol)),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Executed],
      );
    });

    it("records the policy version in force at release, not at submission", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const video = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const amendment = await created(channels, channels.write.proposePolicy([channelId, POLICY_2]));
      await channels.write.vote([amendment, true], as(bob));
      expect((await channels.read.channel([channelId])).policyVersion).to.equal(2);
      await viem.assertions.emitWithArgs(channels.write.vote([video, true], as(carol)), channels, "VideoReleased", [
        channelId,
        video,
        addressOf(alice),
        MANIFEST,
        2,
      ]);
      expect((await channels.read.proposal([video])).policyVersion).to.equal(2);
    });

    it("rejects a proposal as soon as it can no longer pass", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      // One no of three: two yes votes are still possible.
      await channels.write.vote([id, false], as(bob));
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Pending);
      // Two no of three: at most one yes remains possible, fewer than the two required.
      await viem.assertions.emitWithArgs(channels.write.vote([id, false], as(carol)), channels, "ProposalRejected", [
        channelId,
        id,
        1,
        2,
      ]);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Rejected);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true], as(bob)),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Rejected],
      );
    });

    it("rejects a unanimous-threshold proposal at the first no", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(unanimousFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await viem.assertions.emitWithArgs(channels.write.vote([id, false], as(carol)), channels, "ProposalRejected", [
        channelId,
        id,
        1,
        1,
      ]);
    });

    it("lets a member change their vote, and counts the change", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(unanimousFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.vote([id, true], as(bob));
      await viem.assertions.emitWithArgs(channels.write.vote([id, false], as(bob)), channels, "ProposalRejected", [
        channelId,
        id,
        1,
        1,
      ]);
      expect(await channels.read.ballotOf([id, addressOf(bob)])).to.equal(Ballot.No);
    });

    it("lets a vote change from no to yes release the video", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.vote([id, false], as(bob));
      const hash = await channels.write.vote([id, true], as(bob));
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "VoteCast", [id, addressOf(bob), true, 2, 0]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "VideoReleased", [
        channelId,
        id,
        addressOf(alice),
        MANIFEST,
        1,
      ]);
    });

    it("lets the submitter change their own implicit yes", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await viem.assertions.emitWithArgs(channels.write.vote([id, false]), channels, "VoteCast", [
        id,
        addressOf(alice),
        false,
        0,
        1,
      ]);
      expect(await channels.read.ballotOf([id, addressOf(alice)])).to.equal(Ballot.No);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, false]),
        channels,
        "ChannelsAlreadyVoted",
        [id, addressOf(alice), false],
      );
      await channels.write.vote([id, true]);
      await viem.assertions.emitWithArgs(channels.write.vote([id, true], as(bob)), channels, "VideoReleased", [
        channelId,
        id,
        addressOf(alice),
        MANIFEST,
        1,
      ]);
    });

    it("reverts with ChannelsAlreadyVoted when a choice is cast again", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(unanimousFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true]),
        channels,
        "ChannelsAlreadyVoted",
        [id, addressOf(alice), true],
      );
      await channels.write.vote([id, true], as(bob));
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true], as(bob)),
        channels,
        "ChannelsAlreadyVoted",
        [id, addressOf(bob), true],
      );
    });

    it("reverts with ChannelsNotEligible for a non-member's vote", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true], as(outsider)),
        channels,
        "ChannelsNotEligible",
        [id, addressOf(outsider)],
      );
      expect(await channels.read.isEligible([id, addressOf(outsider)])).to.equal(false);
      expect(await channels.read.isEligible([id, addressOf(bob)])).to.equal(true);
    });

    it("reverts with ChannelsUnknownProposal for proposal ids never created", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      await channels.write.submitVideo([channelId, MANIFEST]);
      for (const call of [
        () => channels.write.vote([2n, true]),
        () => channels.write.withdraw([2n]),
        () => channels.write.expire([2n]),
        () => channels.read.proposal([2n]),
        () => channels.read.proposalStatus([0n]),
        () => channels.read.ballotOf([2n, addressOf(alice)]),
        () => channels.read.isEligible([2n, addressOf(alice)]),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(call(), channels, "ChannelsUnknownProposal", [anyValue]);
      }
    });

    it("reverts with ChannelsEmptyCid and ChannelsMalformedCid for bad CIDs in any proposal", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const proposals = [channels.write.submitVideo, channels.write.proposePolicy, channels.write.proposeMetadata];
      for (const propose of proposals) {
        await viem.assertions.revertWithCustomError(propose([channelId, "0x"]), channels, "ChannelsEmptyCid");
        for (const [, cid] of MALFORMED) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            propose([channelId, cid]),
            channels,
            "ChannelsMalformedCid",
            [cid],
          );
        }
      }
      expect(await channels.read.proposalCount()).to.equal(0n);
    });

    it("reverts with ChannelsNotADirectory for a video whose CID names one file (raw codec)", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(openFixture);
      for (const account of [alice, outsider]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          channels.write.submitVideo([channelId, RAW_FILE], as(account)),
          channels,
          "ChannelsNotADirectory",
          [RAW_FILE],
        );
      }
      // Policy and metadata documents are files: a raw CID is what adding one small file gives.
      await channels.write.proposePolicy([channelId, RAW_FILE]);
      await channels.write.proposeMetadata([channelId, METADATA_2]);
      expect(await channels.read.proposalCount()).to.equal(2n);
    });
  });

  describe("expiry", function () {
    it("accepts votes until one second before the deadline", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const { deadline } = await channels.read.proposal([id]);
      await time.setNextBlockTimestamp(deadline - 1);
      await viem.assertions.emit(channels.write.vote([id, true], as(bob)), channels, "VideoReleased");
    });

    it("expires an undecided proposal at its deadline: votes and withdrawal revert", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const { deadline } = await channels.read.proposal([id]);
      await time.increaseTo(deadline);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Expired);
      expect((await channels.read.proposal([id])).status).to.equal(Status.Expired);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true], as(bob)),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Expired],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.withdraw([id]),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Expired],
      );
    });

    it("lets anyone record the expiry once, with ProposalExpired", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.vote([id, false], as(bob));
      const { deadline } = await channels.read.proposal([id]);
      await time.increaseTo(deadline);
      await viem.assertions.emitWithArgs(channels.write.expire([id], as(outsider)), channels, "ProposalExpired", [
        channelId,
        id,
        1,
        1,
      ]);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Expired);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.expire([id]),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Expired],
      );
    });

    it("reverts with ChannelsVotingNotEnded before the deadline", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const { deadline } = await channels.read.proposal([id]);
      await time.setNextBlockTimestamp(deadline - 1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.expire([id]),
        channels,
        "ChannelsVotingNotEnded",
        [id, deadline],
      );
    });

    it("reverts with ChannelsProposalClosed when expiring a decided proposal", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.vote([id, true], as(bob));
      await time.increase(2 * WEEK);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Executed);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.expire([id]),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Executed],
      );
    });
  });

  describe("withdraw", function () {
    it("lets the submitter withdraw an open proposal", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await viem.assertions.emitWithArgs(channels.write.withdraw([id]), channels, "ProposalWithdrawn", [channelId, id]);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Withdrawn);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([id, true], as(bob)),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Withdrawn],
      );
      await time.increase(2 * WEEK);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Withdrawn);
    });

    it("lets a non-member submitter withdraw in an open channel", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(openFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST], as(outsider)));
      await viem.assertions.emit(channels.write.withdraw([id], as(outsider)), channels, "ProposalWithdrawn");
    });

    it("reverts with ChannelsNotProposer for anyone else", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.withdraw([id], as(bob)),
        channels,
        "ChannelsNotProposer",
        [id, addressOf(bob), addressOf(alice)],
      );
    });

    it("reverts with ChannelsProposalClosed after a decision", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.vote([id, true], as(bob));
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.withdraw([id]),
        channels,
        "ChannelsProposalClosed",
        [id, Status.Executed],
      );
      const second = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.withdraw([second]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.withdraw([second]),
        channels,
        "ChannelsProposalClosed",
        [second, Status.Withdrawn],
      );
    });
  });

  describe("an open channel", function () {
    it("takes a non-member's submission without a vote, and releases it on two member votes", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(openFixture);
      const hash = await channels.write.submitVideo([channelId, MANIFEST], as(outsider));
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalCreated", [
        channelId,
        1n,
        addressOf(outsider),
        Kind.Video,
        MANIFEST,
        zeroAddress,
        anyValue,
        0,
        2,
        3,
      ]);
      expect(await countEvents(channels, hash, "VoteCast")).to.equal(0);
      expect((await channels.read.proposal([1n])).yesVotes).to.equal(0);
      expect(await channels.read.ballotOf([1n, addressOf(outsider)])).to.equal(Ballot.None);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([1n, true], as(outsider)),
        channels,
        "ChannelsNotEligible",
        [1n, addressOf(outsider)],
      );
      await channels.write.vote([1n, true], as(alice));
      await viem.assertions.emitWithArgs(channels.write.vote([1n, true], as(bob)), channels, "VideoReleased", [
        channelId,
        1n,
        addressOf(outsider),
        MANIFEST,
        1,
      ]);
    });

    it("lets a non-member apply to join, and the members admit them", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(openFixture);
      const id = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)], as(dave)));
      await channels.write.vote([id, true], as(alice));
      await viem.assertions.emitWithArgs(channels.write.vote([id, true], as(bob)), channels, "MemberAdded", [
        channelId,
        addressOf(dave),
        id,
        4,
        1,
      ]);
      expect(await channels.read.isMember([channelId, addressOf(dave)])).to.equal(true);
    });
  });

  describe("membership", function () {
    it("adds a member at a new epoch", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const hash = await channels.write.proposeAddMember([channelId, addressOf(dave)]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalCreated", [
        channelId,
        1n,
        addressOf(alice),
        Kind.AddMember,
        "0x",
        addressOf(dave),
        anyValue,
        0,
        2,
        3,
      ]);
      expect((await channels.read.proposal([1n])).member).to.equal(addressOf(dave));
      const pass = await channels.write.vote([1n, true], as(bob));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "MemberAdded", [
        channelId,
        addressOf(dave),
        1n,
        4,
        1,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        1n,
        Kind.AddMember,
        Effect.Applied,
      ]);
      const channel = await channels.read.channel([channelId]);
      expect(channel.memberCount).to.equal(4);
      expect(channel.epoch).to.equal(1);
      expect(await channels.read.isMemberAt([channelId, addressOf(dave), 0])).to.equal(false);
      expect(await channels.read.isMemberAt([channelId, addressOf(dave), 1])).to.equal(true);
    });

    it("keeps a member added after a proposal's creation from voting on it", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const before = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const addition = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)]));
      await channels.write.vote([addition, true], as(bob));

      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([before, true], as(dave)),
        channels,
        "ChannelsNotEligible",
        [before, addressOf(dave)],
      );
      const after = await created(channels, channels.write.submitVideo([channelId, MANIFEST_2]));
      expect((await channels.read.proposal([after])).snapshotMembers).to.equal(4);
      await viem.assertions.emit(channels.write.vote([after, true], as(dave)), channels, "VideoReleased");
    });

    it("removes a member, who keeps their vote on proposals created before", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(unanimousFixture);
      const before = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const removal = await created(channels, channels.write.proposeRemoveMember([channelId, addressOf(carol)]));
      await channels.write.vote([removal, true], as(bob));
      const pass = await channels.write.vote([removal, true], as(carol));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "MemberRemoved", [
        channelId,
        addressOf(carol),
        removal,
        2,
        1,
      ]);
      expect(await channels.read.isMember([channelId, addressOf(carol)])).to.equal(false);
      expect(await channels.read.isMemberAt([channelId, addressOf(carol), 0])).to.equal(true);

      // The snapshot of `before` counts Carol: her vote is needed for three of three, and counts.
      await channels.write.vote([before, true], as(bob));
      await viem.assertions.emit(channels.write.vote([before, true], as(carol)), channels, "VideoReleased");

      // She can neither vote on nor submit new proposals.
      const after = await created(channels, channels.write.submitVideo([channelId, MANIFEST_2]));
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.vote([after, true], as(carol)),
        channels,
        "ChannelsNotEligible",
        [after, addressOf(carol)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.submitVideo([channelId, MANIFEST], as(carol)),
        channels,
        "ChannelsNotMember",
        [channelId, addressOf(carol)],
      );
    });

    it("shrinks an absolute threshold with the membership, for proposals created afterwards", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(unanimousFixture);
      const removal = await created(channels, channels.write.proposeRemoveMember([channelId, addressOf(carol)]));
      const open = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      await channels.write.vote([removal, true], as(bob));
      await channels.write.vote([removal, true], as(carol));

      // Three of three, with two members left: new proposals need two.
      expect((await channels.read.channel([channelId])).rules.threshold).to.equal(3);
      expect(await channels.read.requiredYes([channelId])).to.equal(2);
      const next = await created(channels, channels.write.submitVideo([channelId, MANIFEST_2]));
      expect((await channels.read.proposal([next])).requiredYes).to.equal(2);
      await viem.assertions.emit(channels.write.vote([next, true], as(bob)), channels, "VideoReleased");
      // The proposal created before the removal still needs its three.
      await channels.write.vote([open, true], as(bob));
      expect(await channels.read.proposalStatus([open])).to.equal(Status.Pending);
      await viem.assertions.emit(channels.write.vote([open, true], as(carol)), channels, "VideoReleased");
    });

    it("lets a removed member be added again, with their history kept", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      await channels.write.proposeAddMember([channelId, addressOf(bob)]); // epoch 1
      await channels.write.proposeRemoveMember([channelId, addressOf(bob)]); // epoch 2
      await channels.write.proposeAddMember([channelId, addressOf(bob)]); // epoch 3
      const expected = [false, true, false, true];
      for (const [epoch, member] of expected.entries()) {
        expect(await channels.read.isMemberAt([channelId, addressOf(bob), epoch])).to.equal(member);
      }
      expect(await channels.read.isMember([channelId, addressOf(bob)])).to.equal(true);
    });

    it("reverts with ChannelsFutureEpoch for an epoch not reached", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.read.isMemberAt([channelId, addressOf(alice), 1]),
        channels,
        "ChannelsFutureEpoch",
        [channelId, 1, 0],
      );
    });

    it("never removes the last member: the passing vote completes with Effect.LastMember", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(pairFixture);
      const removeBob = await created(channels, channels.write.proposeRemoveMember([channelId, addressOf(bob)]));
      const removeAlice = await created(
        channels,
        channels.write.proposeRemoveMember([channelId, addressOf(alice)], as(bob)),
      );
      await viem.assertions.emit(channels.write.vote([removeAlice, true]), channels, "MemberRemoved");
      expect((await channels.read.channel([channelId])).memberCount).to.equal(1);

      // Alice, removed, still votes on the proposal created before; passing it would leave no member.
      const pass = await channels.write.vote([removeBob, true], as(bob));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        removeBob,
        Kind.RemoveMember,
        Effect.LastMember,
      ]);
      expect(await countEvents(channels, pass, "MemberRemoved")).to.equal(0);
      expect(await channels.read.proposalStatus([removeBob])).to.equal(Status.Executed);
      expect(await channels.read.isMember([channelId, addressOf(bob)])).to.equal(true);
      expect((await channels.read.channel([channelId])).memberCount).to.equal(1);
    });

    it("completes a second addition of the same member as stale (Effect.Stale)", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const first = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)]));
      const second = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)], as(bob)));
      await channels.write.vote([first, true], as(carol));
      const pass = await channels.write.vote([second, true], as(carol));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        second,
        Kind.AddMember,
        Effect.Stale,
      ]);
      expect(await countEvents(channels, pass, "MemberAdded")).to.equal(0);
      expect((await channels.read.channel([channelId])).memberCount).to.equal(4);
    });

    it("completes a second removal of the same member as stale (Effect.Stale)", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const first = await created(channels, channels.write.proposeRemoveMember([channelId, addressOf(carol)]));
      const second = await created(
        channels,
        channels.write.proposeRemoveMember([channelId, addressOf(carol)], as(bob)),
      );
      await channels.write.vote([first, true], as(bob));
      const pass = await channels.write.vote([second, true]);
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        second,
        Kind.RemoveMember,
        Effect.Stale,
      ]);
      expect((await channels.read.channel([channelId])).memberCount).to.equal(2);
    });

    it("reverts pointless membership proposals: already a member, not a member, zero address", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeAddMember([channelId, addressOf(bob)]),
        channels,
        "ChannelsAlreadyMember",
        [channelId, addressOf(bob)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeRemoveMember([channelId, addressOf(dave)]),
        channels,
        "ChannelsNotMember",
        [channelId, addressOf(dave)],
      );
      for (const propose of [channels.write.proposeAddMember, channels.write.proposeRemoveMember]) {
        await viem.assertions.revertWithCustomError(
          propose([channelId, zeroAddress]),
          channels,
          "ChannelsZeroAddressMember",
        );
      }
    });
  });

  describe("rules", function () {
    it("changes the rules for proposals created afterwards only", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const open = await created(channels, channels.write.submitVideo([channelId, MANIFEST]));
      const openDeadline = (await channels.read.proposal([open])).deadline;
      const newRules = rules({ submitters: Submitters.Anyone, threshold: 3, votingPeriod: DAY });

      const hash = await channels.write.proposeRules([channelId, newRules]);
      const id = await channels.read.proposalCount();
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "ProposalCreated", [
        channelId,
        id,
        addressOf(alice),
        Kind.Rules,
        "0x",
        zeroAddress,
        anyValue,
        0,
        2,
        3,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(hash), channels, "RulesProposed", [channelId, id, newRules]);
      expect((await channels.read.proposal([id])).rules).to.deep.equal(newRules);
      await viem.assertions.emitWithArgs(channels.write.vote([id, true], as(bob)), channels, "RulesChanged", [
        channelId,
        newRules,
        id,
      ]);
      expect((await channels.read.channel([channelId])).rules).to.deep.equal(newRules);

      // The open proposal keeps its two-vote threshold and its deadline.
      const kept = await channels.read.proposal([open]);
      expect(kept.requiredYes).to.equal(2);
      expect(kept.deadline).to.equal(openDeadline);
      await viem.assertions.emit(channels.write.vote([open, true], as(carol)), channels, "VideoReleased");

      // New proposals need three votes, close after a day, and anyone may submit.
      const next = await created(channels, channels.write.submitVideo([channelId, MANIFEST_2], as(outsider)));
      const proposal = await channels.read.proposal([next]);
      expect(proposal.requiredYes).to.equal(3);
      expect(proposal.deadline).to.equal((await time.latest()) + DAY);
    });

    it("reverts proposals of invalid rules with the matching error", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      await viem.assertions.revertWithCustomError(
        channels.write.proposeRules([channelId, rules({ threshold: 0 })]),
        channels,
        "ChannelsZeroThreshold",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeRules([channelId, rules({ threshold: 4 })]),
        channels,
        "ChannelsThresholdAboveMembers",
        [4, 3],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeRules([channelId, rules({ thresholdKind: Threshold.Percentage, threshold: 20_000 })]),
        channels,
        "ChannelsPercentageAboveMax",
        [20_000],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        channels.write.proposeRules([channelId, rules({ votingPeriod: 91 * DAY })]),
        channels,
        "ChannelsVotingPeriodOutOfRange",
        [91 * DAY, HOUR, 90 * DAY],
      );
    });

    it("switches to a percentage threshold", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      await channels.write.proposeAddMember([channelId, addressOf(bob)]);
      await channels.write.proposeAddMember([channelId, addressOf(carol)]);
      await channels.write.proposeRules([channelId, rules({ thresholdKind: Threshold.Percentage, threshold: 6_700 })]);
      // ceil(3 * 0.67) = 3
      expect(await channels.read.requiredYes([channelId])).to.equal(3);
    });
  });

  describe("policy and metadata", function () {
    it("amends the policy to version 2 and keeps the current CID readable", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.proposePolicy([channelId, POLICY_2]));
      expect((await channels.read.proposal([id])).cid).to.equal(POLICY_2);
      const pass = await channels.write.vote([id, true], as(carol));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "PolicyAmended", [
        channelId,
        2,
        POLICY_2,
        id,
      ]);
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        id,
        Kind.Policy,
        Effect.Applied,
      ]);
      const channel = await channels.read.channel([channelId]);
      expect(channel.policyVersion).to.equal(2);
      expect(channel.policyCid).to.equal(POLICY_2);
      expect((await channels.read.proposal([id])).policyVersion).to.equal(2);
    });

    it("updates the metadata", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const id = await created(channels, channels.write.proposeMetadata([channelId, METADATA_2]));
      await viem.assertions.emitWithArgs(channels.write.vote([id, true], as(bob)), channels, "MetadataUpdated", [
        channelId,
        METADATA_2,
        id,
      ]);
      const channel = await channels.read.channel([channelId]);
      expect(channel.metadataCid).to.equal(METADATA_2);
      expect(channel.policyVersion).to.equal(1);
    });
  });

  // An old proposal must never undo a decision taken after it was created (review finding 3): when what it changes
  // was changed meanwhile, the vote that passes it completes with Effect.Stale and changes nothing.
  describe("stale proposals", function () {
    /** Passes `id` with Bob's yes (Alice's is counted as proposer) and expects it to complete as stale. */
    async function passStale(channels: Channels, channelId: bigint, id: bigint, kind: number) {
      const pass = await channels.write.vote([id, true], as(bob));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        id,
        kind,
        Effect.Stale,
      ]);
      expect(await channels.read.proposalStatus([id])).to.equal(Status.Executed);
      return pass;
    }

    it("an old addition does not re-add a member removed after it was created", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const oldAdd = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)]));
      const add = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)], as(bob)));
      await channels.write.vote([add, true], as(carol));
      const remove = await created(channels, channels.write.proposeRemoveMember([channelId, addressOf(dave)]));
      await channels.write.vote([remove, true], as(carol));
      expect(await channels.read.isMember([channelId, addressOf(dave)])).to.equal(false);

      const pass = await passStale(channels, channelId, oldAdd, Kind.AddMember);
      expect(await countEvents(channels, pass, "MemberAdded")).to.equal(0);
      expect(await channels.read.isMember([channelId, addressOf(dave)])).to.equal(false);
      const channel = await channels.read.channel([channelId]);
      expect(channel.memberCount).to.equal(3);
      expect(channel.epoch).to.equal(2);
    });

    it("an old removal does not re-remove a member re-admitted after it was created", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const oldRemove = await created(channels, channels.write.proposeRemoveMember([channelId, addressOf(carol)]));
      const remove = await created(
        channels,
        channels.write.proposeRemoveMember([channelId, addressOf(carol)], as(bob)),
      );
      await channels.write.vote([remove, true]);
      const readd = await created(channels, channels.write.proposeAddMember([channelId, addressOf(carol)]));
      await channels.write.vote([readd, true], as(bob));
      expect(await channels.read.isMember([channelId, addressOf(carol)])).to.equal(true);

      const pass = await passStale(channels, channelId, oldRemove, Kind.RemoveMember);
      expect(await countEvents(channels, pass, "MemberRemoved")).to.equal(0);
      expect(await channels.read.isMember([channelId, addressOf(carol)])).to.equal(true);
      expect((await channels.read.channel([channelId])).memberCount).to.equal(3);
    });

    it("a change to another member does not make a membership proposal stale", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const addDave = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)]));
      const addErin = await created(channels, channels.write.proposeAddMember([channelId, addressOf(erin)]));
      await channels.write.vote([addErin, true], as(carol));
      const pass = await channels.write.vote([addDave, true], as(bob));
      await viem.assertions.emitWithArgs(Promise.resolve(pass), channels, "ProposalExecuted", [
        channelId,
        addDave,
        Kind.AddMember,
        Effect.Applied,
      ]);
      expect((await channels.read.channel([channelId])).memberCount).to.equal(5);
    });

    it("old rules do not overwrite rules changed after they were proposed", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const oldRules = rules({ threshold: 3 });
      const newerRules = rules({ submitters: Submitters.Anyone, votingPeriod: DAY });
      const old = await created(channels, channels.write.proposeRules([channelId, oldRules]));
      const newer = await created(channels, channels.write.proposeRules([channelId, newerRules], as(bob)));
      await channels.write.vote([newer, true], as(carol));
      expect((await channels.read.channel([channelId])).rules).to.deep.equal(newerRules);

      const pass = await passStale(channels, channelId, old, Kind.Rules);
      expect(await countEvents(channels, pass, "RulesChanged")).to.equal(0);
      expect((await channels.read.channel([channelId])).rules).to.deep.equal(newerRules);

      // Proposed again after the change, the same rules apply.
      const again = await created(channels, channels.write.proposeRules([channelId, oldRules]));
      await viem.assertions.emitWithArgs(channels.write.vote([again, true], as(bob)), channels, "RulesChanged", [
        channelId,
        oldRules,
        again,
      ]);
      expect((await channels.read.channel([channelId])).rules).to.deep.equal(oldRules);
    });

    it("rules passed before a proposal was created do not make it stale, even in a one-member channel", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(soloFixture);
      const first = rules({ threshold: 1, votingPeriod: DAY });
      const second = rules({ threshold: 1, votingPeriod: 2 * DAY });
      await channels.write.proposeRules([channelId, first]); // passes at once: Alice's yes is enough
      await viem.assertions.emitWithArgs(channels.write.proposeRules([channelId, second]), channels, "RulesChanged", [
        channelId,
        second,
        2n,
      ]);
      expect((await channels.read.channel([channelId])).rules).to.deep.equal(second);
    });

    it("an old policy amendment does not replace a newer version", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const old = await created(channels, channels.write.proposePolicy([channelId, POLICY_2]));
      const newer = await created(channels, channels.write.proposePolicy([channelId, METADATA_2], as(bob)));
      await channels.write.vote([newer, true], as(carol));

      const pass = await passStale(channels, channelId, old, Kind.Policy);
      expect(await countEvents(channels, pass, "PolicyAmended")).to.equal(0);
      const channel = await channels.read.channel([channelId]);
      expect(channel.policyVersion).to.equal(2);
      expect(channel.policyCid).to.equal(METADATA_2);
      expect((await channels.read.proposal([old])).policyVersion).to.equal(2);
    });

    it("old metadata does not replace newer metadata", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const old = await created(channels, channels.write.proposeMetadata([channelId, METADATA_2]));
      const newer = await created(channels, channels.write.proposeMetadata([channelId, POLICY_2], as(bob)));
      await channels.write.vote([newer, true], as(carol));

      const pass = await passStale(channels, channelId, old, Kind.Metadata);
      expect(await countEvents(channels, pass, "MetadataUpdated")).to.equal(0);
      expect((await channels.read.channel([channelId])).metadataCid).to.equal(POLICY_2);
    });

    it("changes of one kind do not make proposals of another kind stale", async function () {
      const { channels, channelId } = await networkHelpers.loadFixture(trioFixture);
      const policy = await created(channels, channels.write.proposePolicy([channelId, POLICY_2]));
      const metadata = await created(channels, channels.write.proposeMetadata([channelId, METADATA_2]));
      const addDave = await created(channels, channels.write.proposeAddMember([channelId, addressOf(dave)]));
      const newRules = rules({ votingPeriod: DAY });
      const rulesChange = await created(channels, channels.write.proposeRules([channelId, newRules]));
      for (const id of [rulesChange, addDave, metadata, policy]) {
        await viem.assertions.emitWithArgs(channels.write.vote([id, true], as(bob)), channels, "ProposalExecuted", [
          channelId,
          id,
          anyValue,
          Effect.Applied,
        ]);
      }
      const channel = await channels.read.channel([channelId]);
      expect(channel.rules).to.deep.equal(newRules);
      expect(channel.metadataCid).to.equal(METADATA_2);
      expect(channel.policyCid).to.equal(POLICY_2);
      expect(channel.memberCount).to.equal(4);
    });
  });
});
