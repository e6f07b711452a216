// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {Channels} from "../../contracts/Channels.sol";
import {MembershipHistory} from "../../contracts/libraries/MembershipHistory.sol";

/// @dev Fuzz tests of the voting rules against a model kept in the test.
contract ChannelsTest is Test {
    Channels internal channels;

    bytes internal constant METADATA = hex"01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    bytes internal constant POLICY = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    address internal constant OUTSIDER = address(0x0075);
    uint256 internal constant MAX_MEMBERS = 12;
    uint256 internal constant MAX_STEPS = 40;

    /// @dev The model of one proposal, in storage (fresh for every fuzz run).
    struct Model {
        uint256 proposalId;
        uint256 members;
        uint256 required;
        uint256 yes;
        uint256 no;
        IChannels.ProposalStatus status;
    }

    Model internal _model;
    // The model's ballots by member index: 0 none, 1 yes, 2 no.
    mapping(uint256 index => uint8) internal _modelBallot;

    function setUp() public {
        channels = new Channels();
    }

    function _member(uint256 index) internal pure returns (address) {
        return address(uint160(0x1000 + index));
    }

    function _cid(uint256 salt) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes4(0x01701220), keccak256(abi.encode(salt)));
    }

    /// @dev A channel of `memberCount` members `_member(0..n-1)` with fuzzed threshold rules; returns its id and rules.
    function _createChannel(uint256 memberCount, bool percentage, uint256 thresholdSeed, bool open)
        internal
        returns (uint256 channelId, IChannels.Rules memory rules)
    {
        address[] memory founders = new address[](memberCount);
        for (uint256 i; i < memberCount; ++i) {
            founders[i] = _member(i);
        }
        rules = IChannels.Rules({
            submitters: open ? IChannels.Submitters.Anyone : IChannels.Submitters.MembersOnly,
            thresholdKind: percentage ? IChannels.ThresholdKind.Percentage : IChannels.ThresholdKind.Absolute,
            threshold: uint32(percentage ? bound(thresholdSeed, 1, 10_000) : bound(thresholdSeed, 1, memberCount)),
            votingPeriod: 7 days
        });
        channelId = channels.createChannel(METADATA, POLICY, founders, rules);
    }

    function _expectedRequired(IChannels.Rules memory rules, uint256 memberCount) internal pure returns (uint256) {
        if (rules.thresholdKind == IChannels.ThresholdKind.Absolute) {
            return rules.threshold < memberCount ? rules.threshold : memberCount;
        }
        return (memberCount * rules.threshold + 9_999) / 10_000;
    }

    /// @dev Any sequence of votes by members: tallies equal the ballots cast, the proposal is released exactly when
    /// the yes votes reach its required yes, rejected exactly when its no votes make that impossible, and nothing
    /// changes after a decision.
    function testFuzz_VoteCountsMatchBallots(
        uint8 memberCountSeed,
        bool percentage,
        uint16 thresholdSeed,
        bool memberSubmits,
        uint256[] calldata steps
    ) public {
        _model.members = bound(memberCountSeed, 1, MAX_MEMBERS);
        (uint256 channelId, IChannels.Rules memory rules) =
            _createChannel(_model.members, percentage, thresholdSeed, true);
        _model.required = _expectedRequired(rules, _model.members);

        vm.prank(memberSubmits ? _member(0) : OUTSIDER);
        _model.proposalId = channels.submitVideo(channelId, _cid(1));
        if (memberSubmits) {
            _modelBallot[0] = 1;
            _model.yes = 1;
        }
        _model.status = _expectedStatus();
        assertEq(uint8(channels.proposalStatus(_model.proposalId)), uint8(_model.status), "status after submission");

        uint256 stepCount = steps.length < MAX_STEPS ? steps.length : MAX_STEPS;
        for (uint256 s; s < stepCount; ++s) {
            _voteAndCheck(steps[s] % _model.members, (steps[s] >> 128) & 1 == 1);
        }
    }

    /// @dev One vote against the model: expects the revert the model predicts, or updates the model; then compares.
    function _voteAndCheck(uint256 voter, bool support) internal {
        uint256 proposalId = _model.proposalId;
        uint8 choice = support ? 1 : 2;
        if (_model.status != IChannels.ProposalStatus.Pending) {
            vm.expectRevert(
                abi.encodeWithSelector(IChannels.ChannelsProposalClosed.selector, proposalId, _model.status)
            );
        } else if (_modelBallot[voter] == choice) {
            vm.expectRevert(
                abi.encodeWithSelector(IChannels.ChannelsAlreadyVoted.selector, proposalId, _member(voter), support)
            );
        } else {
            if (_modelBallot[voter] == 1) _model.yes--;
            if (_modelBallot[voter] == 2) _model.no--;
            if (support) _model.yes++;
            else _model.no++;
            _modelBallot[voter] = choice;
            _model.status = _expectedStatus();
        }
        vm.prank(_member(voter));
        channels.vote(proposalId, support);

        IChannels.ProposalView memory p = channels.proposal(proposalId);
        assertEq(p.yesVotes, _model.yes, "yes votes equal the yes ballots");
        assertEq(p.noVotes, _model.no, "no votes equal the no ballots");
        assertEq(uint8(p.status), uint8(_model.status), "status follows the tally");
        assertEq(p.requiredYes, _model.required, "required yes fixed at creation");
        assertLe(p.yesVotes + p.noVotes, p.snapshotMembers, "one ballot per snapshot member");
        assertEq(uint8(channels.ballotOf(proposalId, _member(voter))), _modelBallot[voter], "ballot recorded");
    }

    function _expectedStatus() internal view returns (IChannels.ProposalStatus) {
        if (_model.yes >= _model.required) return IChannels.ProposalStatus.Executed;
        if (_model.no > _model.members - _model.required) return IChannels.ProposalStatus.Rejected;
        return IChannels.ProposalStatus.Pending;
    }

    /// @dev The yes votes a proposal needs are between 1 and the member count, for every valid rule.
    function testFuzz_RequiredYesIsWithinMembership(uint8 memberCountSeed, bool percentage, uint16 thresholdSeed)
        public
    {
        uint256 memberCount = bound(memberCountSeed, 1, MAX_MEMBERS);
        (uint256 channelId, IChannels.Rules memory rules) =
            _createChannel(memberCount, percentage, thresholdSeed, false);
        uint256 required = channels.requiredYes(channelId);
        assertGe(required, 1, "at least one yes");
        assertLe(required, memberCount, "at most every member");
        assertEq(required, _expectedRequired(rules, memberCount), "min(n, members) or ceil(members * bps / 10_000)");
        // Every member voting yes always passes.
        vm.prank(_member(0));
        uint256 proposalId = channels.submitVideo(channelId, _cid(2));
        for (uint256 i = 1; i < required; ++i) {
            vm.prank(_member(i));
            channels.vote(proposalId, true);
        }
        assertEq(
            uint8(channels.proposalStatus(proposalId)), uint8(IChannels.ProposalStatus.Executed), "released"
        );
    }

    /// @dev An absolute threshold is capped by the membership when members leave, so proposals can still pass.
    function testFuzz_AbsoluteThresholdShrinksWithMembership(uint8 memberCountSeed, uint8 removalsSeed) public {
        uint256 memberCount = bound(memberCountSeed, 2, MAX_MEMBERS);
        uint256 removals = bound(removalsSeed, 1, memberCount - 1);
        // Unanimity among the founders.
        (uint256 channelId,) = _createChannel(memberCount, false, memberCount, false);
        // Remove the last `removals` founders, each by a unanimous vote of the members left.
        for (uint256 r; r < removals; ++r) {
            uint256 left = memberCount - r;
            vm.prank(_member(0));
            uint256 proposalId = channels.proposeRemoveMember(channelId, _member(left - 1));
            for (uint256 i = 1; i < left; ++i) {
                vm.prank(_member(i));
                channels.vote(proposalId, true);
            }
            assertFalse(channels.isMember(channelId, _member(left - 1)), "removed");
        }
        assertEq(channels.requiredYes(channelId), memberCount - removals, "capped at the members left");
        assertEq(channels.channel(channelId).rules.threshold, memberCount, "rule itself unchanged");
    }

    /// @dev Only members at a proposal's creation vote on it; members added afterwards are refused.
    function testFuzz_OnlySnapshotMembersVote(uint8 memberCountSeed, uint8 newcomerSeed) public {
        uint256 memberCount = bound(memberCountSeed, 1, MAX_MEMBERS);
        (uint256 channelId,) = _createChannel(memberCount, false, memberCount, false);
        vm.prank(_member(0));
        uint256 before = channels.submitVideo(channelId, _cid(3));
        address newcomer = _member(memberCount + bound(newcomerSeed, 0, 100));
        vm.prank(_member(0));
        uint256 addition = channels.proposeAddMember(channelId, newcomer);
        for (uint256 i = 1; i < memberCount; ++i) {
            vm.prank(_member(i));
            channels.vote(addition, true);
        }
        assertTrue(channels.isMember(channelId, newcomer), "added");
        if (memberCount == 1) {
            // The founder's own submission released it at once.
            vm.expectRevert(
                abi.encodeWithSelector(
                    IChannels.ChannelsProposalClosed.selector, before, IChannels.ProposalStatus.Executed
                )
            );
        } else {
            vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsNotEligible.selector, before, newcomer));
        }
        vm.prank(newcomer);
        channels.vote(before, true);
        assertFalse(channels.isEligible(before, newcomer), "not in the snapshot");
    }

    /// @dev Votes are accepted strictly before the deadline and refused from it on, whatever the period.
    function testFuzz_DeadlineClosesVoting(uint32 periodSeed, uint32 elapsedSeed) public {
        uint32 period = uint32(bound(periodSeed, 1 hours, 90 days));
        address[] memory founders = new address[](3);
        (founders[0], founders[1], founders[2]) = (_member(0), _member(1), _member(2));
        uint256 channelId = channels.createChannel(
            METADATA,
            POLICY,
            founders,
            IChannels.Rules(IChannels.Submitters.MembersOnly, IChannels.ThresholdKind.Absolute, 3, period)
        );
        vm.prank(_member(0));
        uint256 proposalId = channels.submitVideo(channelId, _cid(4));
        uint256 elapsed = bound(elapsedSeed, 0, uint256(period) * 2);
        vm.warp(block.timestamp + elapsed);
        if (elapsed >= period) {
            assertEq(uint8(channels.proposalStatus(proposalId)), uint8(IChannels.ProposalStatus.Expired), "expired");
            vm.expectRevert(
                abi.encodeWithSelector(
                    IChannels.ChannelsProposalClosed.selector, proposalId, IChannels.ProposalStatus.Expired
                )
            );
        }
        vm.prank(_member(1));
        channels.vote(proposalId, true);
    }

    /// @dev Every byte string that is not a binary CIDv1 of the accepted shape is refused by every proposal taking one.
    function testFuzz_RejectsEveryMalformedCid(bytes calldata cid, uint8 which) public {
        bool wellFormed = cid.length == 36 && cid[0] == 0x01 && (cid[1] == 0x55 || cid[1] == 0x70)
            && cid[2] == 0x12 && cid[3] == 0x20;
        vm.assume(!wellFormed);
        address[] memory founders = new address[](1);
        founders[0] = _member(0);
        uint256 channelId = channels.createChannel(
            METADATA,
            POLICY,
            founders,
            IChannels.Rules(IChannels.Submitters.MembersOnly, IChannels.ThresholdKind.Absolute, 1, 1 days)
        );
        if (cid.length == 0) vm.expectRevert(IChannels.ChannelsEmptyCid.selector);
        else vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsMalformedCid.selector, cid));
        vm.prank(_member(0));
        which %= 3;
        if (which == 0) channels.submitVideo(channelId, cid);
        else if (which == 1) channels.proposePolicy(channelId, cid);
        else channels.proposeMetadata(channelId, cid);
    }

    /// @dev A well-formed CID comes back byte for byte from storage (codec and digest are all that is kept); a video
    /// takes only a directory (dag-pb) CID.
    function testFuzz_StoredCidRoundTrips(bytes32 digest, bool dagPb) public {
        bytes memory cid = abi.encodePacked(bytes1(0x01), dagPb ? bytes1(0x70) : bytes1(0x55), bytes2(0x1220), digest);
        address[] memory founders = new address[](1);
        founders[0] = _member(0);
        uint256 channelId = channels.createChannel(
            cid,
            cid,
            founders,
            IChannels.Rules(IChannels.Submitters.MembersOnly, IChannels.ThresholdKind.Absolute, 1, 1 days)
        );
        assertEq(channels.channel(channelId).policyCid, cid, "policy CID");
        assertEq(channels.channel(channelId).metadataCid, cid, "metadata CID");
        if (!dagPb) {
            // A raw CID names one file: fine for a policy or metadata document, never a video (a directory).
            vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsNotADirectory.selector, cid));
            vm.prank(_member(0));
            channels.submitVideo(channelId, cid);
            return;
        }
        vm.expectEmit(true, true, true, true, address(channels));
        emit IChannels.VideoReleased(channelId, 1, _member(0), cid, 1);
        vm.prank(_member(0));
        channels.submitVideo(channelId, cid);
        assertEq(channels.proposal(1).cid, cid, "manifest CID");
    }

    // ─── Settings ────────────────────────────────────────────────────────────────────────────────────────────────

    bytes32 internal constant KEY = keccak256("chorus.test.setting");

    /// @dev A setting proposal passes by the usual vote, stores its value, and says so in its events and views.
    function test_ProposeSetting_PassesByVoteAndIsStored() public {
        (uint256 channelId,) = _createChannel(3, false, 2, false);
        bytes memory value = abi.encode(address(0xE7C), uint256(5), uint32(30 days));
        assertEq(channels.setting(channelId, KEY), "", "unset");
        uint256 next = channels.proposalCount() + 1;
        vm.expectEmit(address(channels));
        emit IChannels.SettingProposed(channelId, next, KEY, value);
        vm.prank(_member(0));
        uint256 id = channels.proposeSetting(channelId, KEY, value);
        assertEq(id, next, "id");
        IChannels.ProposalView memory info = channels.proposal(id);
        assertEq(uint8(info.kind), uint8(IChannels.ProposalKind.Setting), "kind");
        assertEq(info.settingKey, KEY, "key");
        assertEq(info.settingValue, value, "value");
        assertEq(channels.setting(channelId, KEY), "", "not before the vote");

        vm.expectEmit(address(channels));
        emit IChannels.SettingChanged(channelId, KEY, value, id);
        vm.expectEmit(address(channels));
        emit IChannels.ProposalExecuted(channelId, id, IChannels.ProposalKind.Setting, IChannels.Effect.Applied);
        vm.prank(_member(1));
        channels.vote(id, true);
        assertEq(channels.setting(channelId, KEY), value, "stored");
        assertEq(channels.setting(channelId, bytes32(uint256(KEY) + 1)), "", "other keys untouched");

        // An empty value clears it; a channel needing one vote applies it at once.
        (uint256 solo,) = _createChannel(1, false, 1, false);
        vm.startPrank(_member(0));
        channels.proposeSetting(solo, KEY, value);
        assertEq(channels.setting(solo, KEY), value, "applied at once");
        channels.proposeSetting(solo, KEY, "");
        vm.stopPrank();
        assertEq(channels.setting(solo, KEY), "", "cleared");
        assertEq(channels.setting(channelId, KEY), value, "per channel");
    }

    /// @dev Of two proposals for the same key, the older one passed after the newer is stale; another key is not.
    function test_ProposeSetting_StaleWhenTheKeyChangedAfterIt() public {
        (uint256 channelId,) = _createChannel(3, false, 2, false);
        vm.startPrank(_member(0));
        uint256 older = channels.proposeSetting(channelId, KEY, hex"01");
        uint256 newer = channels.proposeSetting(channelId, KEY, hex"02");
        uint256 other = channels.proposeSetting(channelId, bytes32(uint256(KEY) + 1), hex"03");
        vm.stopPrank();
        vm.startPrank(_member(1));
        channels.vote(newer, true);
        vm.expectEmit(address(channels));
        emit IChannels.ProposalExecuted(channelId, older, IChannels.ProposalKind.Setting, IChannels.Effect.Stale);
        channels.vote(older, true);
        channels.vote(other, true);
        vm.stopPrank();
        assertEq(channels.setting(channelId, KEY), hex"02", "the later decision stands");
        assertEq(channels.setting(channelId, bytes32(uint256(KEY) + 1)), hex"03", "another key is its own target");
        assertEq(uint8(channels.proposalStatus(older)), uint8(IChannels.ProposalStatus.Executed), "executed anyway");
    }

    function test_RevertWhen_SettingMalformedOrByNonMember() public {
        (uint256 channelId,) = _createChannel(2, false, 1, false);
        vm.startPrank(_member(0));
        vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsSettingTooLong.selector, 97, 96));
        channels.proposeSetting(channelId, KEY, new bytes(97));
        vm.expectRevert(IChannels.ChannelsZeroSettingKey.selector);
        channels.proposeSetting(channelId, 0, hex"01");
        vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsUnknownChannel.selector, 99));
        channels.proposeSetting(99, KEY, hex"01");
        channels.proposeSetting(channelId, KEY, new bytes(96));
        vm.stopPrank();
        assertEq(channels.setting(channelId, KEY), new bytes(96), "96 bytes fit");
        vm.prank(OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsNotMember.selector, channelId, OUTSIDER));
        channels.proposeSetting(channelId, KEY, hex"01");
        vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsUnknownChannel.selector, 99));
        channels.setting(99, KEY);

        // In an open channel an outsider may propose; only members' votes pass it.
        (uint256 open,) = _createChannel(2, false, 1, true);
        vm.prank(OUTSIDER);
        uint256 id = channels.proposeSetting(open, KEY, hex"05");
        assertEq(channels.setting(open, KEY), "", "an outsider's proposal is not a vote");
        vm.prank(_member(1));
        channels.vote(id, true);
        assertEq(channels.setting(open, KEY), hex"05", "passed by a member");
    }

    /// @dev Any value up to the bound round-trips through a proposal and the stored setting.
    function testFuzz_SettingValueRoundTrips(bytes calldata value, bytes32 key) public {
        vm.assume(key != 0);
        (uint256 channelId,) = _createChannel(1, false, 1, false);
        vm.prank(_member(0));
        if (value.length > 96) {
            vm.expectRevert(abi.encodeWithSelector(IChannels.ChannelsSettingTooLong.selector, value.length, 96));
            channels.proposeSetting(channelId, key, value);
            return;
        }
        uint256 id = channels.proposeSetting(channelId, key, value);
        assertEq(channels.setting(channelId, key), value, "stored");
        assertEq(channels.proposal(id).settingValue, value, "proposal");
    }
}

/// @dev Exposes {MembershipHistory} and, as the reference, OpenZeppelin's `Checkpoints.Trace208`, on the same changes.
contract MembershipHistoryHarness {
    using MembershipHistory for MembershipHistory.History;
    using Checkpoints for Checkpoints.Trace208;

    MembershipHistory.History internal _history;
    Checkpoints.Trace208 internal _reference;

    function record(uint48 epoch, bool member) external {
        _history.record(epoch, member);
        _reference.push(epoch, member ? 1 : 0);
    }

    function isMemberAt(uint48 epoch) external view returns (bool actual, bool expected) {
        return (_history.isMemberAt(epoch), _reference.upperLookupRecent(epoch) != 0);
    }

    function isMember() external view returns (bool actual, bool expected) {
        return (_history.isMember(), _reference.latest() != 0);
    }
}

contract ChannelsMembershipHistoryTest is Test {
    /// @dev Any history of changes answers every lookup as OpenZeppelin's checkpoints do.
    function testFuzz_MembershipHistoryMatchesCheckpoints(
        uint8[] calldata gaps,
        uint256 toggles,
        uint48[8] calldata probes
    ) public {
        MembershipHistoryHarness harness = new MembershipHistoryHarness();
        uint48 epoch;
        uint256 count = gaps.length < 24 ? gaps.length : 24;
        for (uint256 i; i < count; ++i) {
            // Gaps of zero re-record the latest epoch, as a change within one epoch would.
            epoch += gaps[i] % 4;
            harness.record(epoch, (toggles >> i) & 1 == 1);
            (bool actual, bool expected) = harness.isMember();
            assertEq(actual, expected, "latest membership");
        }
        for (uint256 i; i < probes.length; ++i) {
            uint48 probe = uint48(bound(probes[i], 0, uint256(epoch) + 2));
            (bool actual, bool expected) = harness.isMemberAt(probe);
            assertEq(actual, expected, "membership at an epoch");
        }
    }

    function test_RevertWhen_EpochGoesBack() public {
        MembershipHistoryHarness harness = new MembershipHistoryHarness();
        harness.record(5, true);
        vm.expectRevert(abi.encodeWithSelector(MembershipHistory.MembershipHistoryUnorderedEpoch.selector, 4, 5));
        harness.record(4, false);
    }
}
