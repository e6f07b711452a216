// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {Channels} from "../../contracts/Channels.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`). The state is warm
/// as on a live chain: counters are non-zero and the channel has history. A five-member channel needs three yes votes;
/// proposal `OPEN` has its submitter's yes, proposal `ONE_SHORT` two yes votes, and so has `SETTING_ONE_SHORT`, which
/// sets a 96-byte setting (a membership plan's size).
contract ChannelsGasTest is Test {
    Channels internal channels;
    // Constants rather than storage, so that the harness adds no cold reads to the measured calls; setUp checks them.
    uint256 internal constant CHANNEL = 1;
    uint256 internal constant OPEN = 1;
    uint256 internal constant ONE_SHORT = 2;
    uint256 internal constant SETTING_ONE_SHORT = 3;
    bytes32 internal constant KEY = keccak256("chorus.earnings.membershipPlan");

    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant DAVE = address(0xDA7E);
    address internal constant ERIN = address(0xE11E);
    address internal constant OUTSIDER = address(0x0075);

    bytes internal constant METADATA = hex"01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    bytes internal constant POLICY = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    bytes internal constant MANIFEST = hex"01701220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    function setUp() public {
        channels = new Channels();
        address[] memory founders = new address[](5);
        (founders[0], founders[1], founders[2], founders[3], founders[4]) = (ALICE, BOB, CAROL, DAVE, ERIN);
        uint256 channelId = channels.createChannel(
            METADATA,
            POLICY,
            founders,
            IChannels.Rules({
                submitters: IChannels.Submitters.Anyone,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 3,
                votingPeriod: 7 days
            })
        );
        assertEq(channelId, CHANNEL, "channel id");
        vm.prank(ALICE);
        assertEq(channels.submitVideo(CHANNEL, MANIFEST), OPEN, "first proposal id");
        vm.prank(ALICE);
        assertEq(channels.submitVideo(CHANNEL, MANIFEST), ONE_SHORT, "second proposal id");
        vm.prank(BOB);
        channels.vote(ONE_SHORT, true);
        vm.prank(ALICE);
        assertEq(channels.proposeSetting(CHANNEL, KEY, _plan()), SETTING_ONE_SHORT, "third proposal id");
        vm.prank(BOB);
        channels.vote(SETTING_ONE_SHORT, true);
    }

    /// @dev A setting proposal by a member (a 96-byte value): their yes, one of three.
    function test_Gas_ProposeSetting() public {
        vm.prank(DAVE);
        channels.proposeSetting(CHANNEL, KEY, _plan());
    }

    /// @dev The third yes of three on a setting proposal: stores its 96-byte value.
    function test_Gas_VoteThatSetsSetting() public {
        vm.prank(CAROL);
        channels.vote(SETTING_ONE_SHORT, true);
    }

    function _plan() internal pure returns (bytes memory) {
        return abi.encode(address(0xE7C), uint256(1e18), uint32(30 days));
    }

    /// @dev A vote that neither releases nor rejects: Bob's yes, the second of three.
    function test_Gas_Vote() public {
        vm.prank(BOB);
        channels.vote(OPEN, true);
    }

    /// @dev The third yes of three: releases the video in the same call.
    function test_Gas_VoteThatReleases() public {
        vm.prank(CAROL);
        channels.vote(ONE_SHORT, true);
    }

    /// @dev A submission by a non-member in an open channel: no vote is counted.
    function test_Gas_Submit() public {
        vm.prank(OUTSIDER);
        channels.submitVideo(CHANNEL, MANIFEST);
    }

    /// @dev A submission by a member: counts as their yes vote (one of three, so nothing is released).
    function test_Gas_SubmitByMember() public {
        vm.prank(DAVE);
        channels.submitVideo(CHANNEL, MANIFEST);
    }
}
