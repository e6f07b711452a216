// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {IComments} from "../../contracts/interfaces/IComments.sol";
import {IEarnings} from "../../contracts/interfaces/IEarnings.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Earnings} from "../../contracts/Earnings.sol";
import {Streams} from "../../contracts/Streams.sol";
import {Videos} from "../../contracts/Videos.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot`. The state is warm as on a live chain: every
/// post, stream and channel was paid before, the payer paid before, the recipient has a balance. Video 1 has no split
/// (its income goes to its creator's balance); video 2 has a four-holder split; channel 1 has three members and a
/// membership plan its vote set (in the ERC-20).
contract EarningsGasTest is Test {
    Videos internal videos;
    Channels internal channels;
    Streams internal streams;
    Earnings internal earnings;
    StorageEscrowTestToken internal token;

    address internal constant CREATOR = address(0xC4EA);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant FAN = address(0xFA2);
    address internal constant OTHER_FAN = address(0xFA3);
    address internal constant ETH = address(0);
    IComments.PostKind internal constant V = IComments.PostKind.Video;

    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        videos = new Videos();
        channels = new Channels();
        streams = new Streams(channels);
        earnings = new Earnings(videos, channels, streams);
        token = new StorageEscrowTestToken();
        vm.warp(1_000_000);

        vm.startPrank(CREATOR);
        videos.publish(CID);
        videos.publish(CID);
        address[] memory holders = new address[](4);
        (holders[0], holders[1], holders[2], holders[3]) = (CREATOR, ALICE, BOB, CAROL);
        uint16[] memory bps = new uint16[](4);
        (bps[0], bps[1], bps[2], bps[3]) = (4000, 2000, 2000, 2000);
        earnings.setSplit(V, 2, holders, bps, 0);
        earnings.setPrice(V, 1, IEarnings.Access.Paid, address(token), 5e18);
        earnings.setMembershipPlan(address(token), 3e18, 30 days);
        vm.stopPrank();
        address[] memory founders = new address[](3);
        (founders[0], founders[1], founders[2]) = (ALICE, BOB, CAROL);
        channels.createChannel(
            CID,
            CID,
            founders,
            IChannels.Rules(IChannels.Submitters.MembersOnly, IChannels.ThresholdKind.Absolute, 1, 1 days)
        );
        bytes32 planKey = earnings.MEMBERSHIP_PLAN_KEY();
        vm.prank(ALICE);
        channels.proposeSetting(1, planKey, abi.encode(address(token), uint256(2e18), uint32(30 days)));
        uint256 key = 0xBEEF;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, MessageHashUtils.toEthSignedMessageHash(streams.keyProofHash(BOB)));
        vm.prank(BOB);
        streams.start(0, "Live", "chorus/live/31337/x", vm.addr(key), abi.encodePacked(r, s, v));

        // Recipients hold some ETH already (they pay gas), so a withdrawal does not create their account.
        vm.deal(CREATOR, 1 ether);
        vm.deal(ALICE, 1 ether);
        address[2] memory fans = [FAN, OTHER_FAN];
        for (uint256 i; i < 2; ++i) {
            vm.deal(fans[i], 100 ether);
            token.mint(fans[i], 1e24);
            vm.prank(fans[i]);
            token.approve(address(earnings), type(uint256).max);
        }
        // Everything was paid before, in both tokens.
        vm.startPrank(OTHER_FAN);
        earnings.tip{value: 1 ether}(IEarnings.TipTarget.Video, 1, ETH, 1 ether, "first!");
        earnings.tip{value: 1 ether}(IEarnings.TipTarget.Video, 2, ETH, 1 ether, "");
        earnings.tip{value: 1 ether}(IEarnings.TipTarget.Stream, 1, ETH, 1 ether, "");
        earnings.tip{value: 1 ether}(IEarnings.TipTarget.Channel, 1, ETH, 1 ether, "");
        earnings.tip(IEarnings.TipTarget.Video, 1, address(token), 1e18, "");
        earnings.buy(V, 1, address(token), 5e18);
        earnings.join(CREATOR, 1, address(token), 3e18);
        earnings.joinChannel(1, 1, address(token), 2e18);
        vm.stopPrank();
        vm.prank(FAN);
        earnings.tip{value: 1}(IEarnings.TipTarget.Creator, uint160(ALICE), ETH, 1, "");
    }

    /// @dev A tip in ETH to a video without a split, with a short message: the common tip.
    function test_Gas_Tip() public {
        vm.prank(FAN);
        earnings.tip{value: 0.01 ether}(IEarnings.TipTarget.Video, 1, ETH, 0.01 ether, "Thanks for this!");
    }

    /// @dev A tip in an ERC-20 to a video without a split.
    function test_Gas_TipErc20() public {
        vm.prank(FAN);
        earnings.tip(IEarnings.TipTarget.Video, 1, address(token), 1e18, "Thanks for this!");
    }

    /// @dev A tip in ETH to a video split four ways: the same cost, whatever the number of holders.
    function test_Gas_TipSplitVideo() public {
        vm.prank(FAN);
        earnings.tip{value: 0.01 ether}(IEarnings.TipTarget.Video, 2, ETH, 0.01 ether, "Thanks for this!");
    }

    /// @dev A gift in a live stream's chat.
    function test_Gas_TipStream() public {
        vm.prank(FAN);
        earnings.tip{value: 0.01 ether}(IEarnings.TipTarget.Stream, 1, ETH, 0.01 ether, "gg");
    }

    /// @dev A tip to a community channel's pot.
    function test_Gas_TipChannel() public {
        vm.prank(FAN);
        earnings.tip{value: 0.01 ether}(IEarnings.TipTarget.Channel, 1, ETH, 0.01 ether, "");
    }

    /// @dev Buying a paid video in an ERC-20.
    function test_Gas_Buy() public {
        vm.prank(FAN);
        earnings.buy(V, 1, address(token), 5e18);
    }

    /// @dev Joining a creator's membership for one period in an ERC-20.
    function test_Gas_Join() public {
        vm.prank(FAN);
        earnings.join(CREATOR, 1, address(token), 3e18);
    }

    /// @dev Joining a community channel's membership for one period in an ERC-20: the plan read from the channel's
    /// voted setting, the money into its pot.
    function test_Gas_JoinChannel() public {
        vm.prank(FAN);
        earnings.joinChannel(1, 1, address(token), 2e18);
    }

    /// @dev A creator taking out their ETH balance.
    function test_Gas_Withdraw() public {
        vm.prank(CREATOR);
        earnings.withdraw(ETH, CREATOR, new IEarnings.PostRef[](0), new IEarnings.PotRef[](0));
    }

    /// @dev A holder taking out ETH with their share of a four-way split and of a channel pot claimed on the way
    /// (Alice: a split holder, a channel member and tipped directly).
    function test_Gas_WithdrawWithClaims() public {
        IEarnings.PostRef[] memory posts = new IEarnings.PostRef[](1);
        posts[0] = IEarnings.PostRef(V, 2);
        IEarnings.PotRef[] memory pots = new IEarnings.PotRef[](1);
        pots[0] = IEarnings.PotRef(1, 0);
        vm.prank(ALICE);
        earnings.withdraw(ETH, ALICE, posts, pots);
    }
}
