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
import {StorageEscrowTestReceiver} from "../../contracts/test/StorageEscrowTestReceiver.sol";
import {StorageEscrowFeeTestToken, StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";

/// @dev The real Videos, Channels and Streams behind Earnings. Posts: videos 1 and 2 by CREATOR; release `RELEASE`
/// (proposal 1) submitted by ALICE into channel 1 (ALICE, BOB, CAROL; one vote passes); proposal `PENDING` (a video
/// waiting for two votes in channel 2 of ALICE and BOB); proposal `POLICY_CHANGE` (executed, not a video). Stream 1 by
/// BOB in his own channel.
contract EarningsTest is Test {
    Videos internal videos;
    Channels internal channels;
    Streams internal streams;
    Earnings internal earnings;
    StorageEscrowTestToken internal token;
    StorageEscrowFeeTestToken internal feeToken;

    address internal constant CREATOR = address(0xC4EA);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant DAVE = address(0xDA7E);
    address internal constant FAN = address(0xFA2);
    address internal constant ETH = address(0);

    uint256 internal constant VIDEO = 1;
    uint256 internal constant SPLIT_VIDEO = 2;
    uint256 internal constant CHANNEL = 1;
    uint256 internal constant PAIR = 2;
    uint256 internal constant RELEASE = 1;
    uint256 internal constant PENDING = 2;
    uint256 internal constant POLICY_CHANGE = 3;
    uint256 internal constant STREAM = 1;

    IComments.PostKind internal constant V = IComments.PostKind.Video;
    IComments.PostKind internal constant R = IComments.PostKind.Release;

    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        videos = new Videos();
        channels = new Channels();
        streams = new Streams(channels);
        earnings = new Earnings(videos, channels, streams);
        token = new StorageEscrowTestToken();
        feeToken = new StorageEscrowFeeTestToken();

        vm.startPrank(CREATOR);
        assertEq(videos.publish(CID), VIDEO);
        assertEq(videos.publish(CID), SPLIT_VIDEO);
        vm.stopPrank();
        address[] memory founders = new address[](3);
        (founders[0], founders[1], founders[2]) = (ALICE, BOB, CAROL);
        assertEq(channels.createChannel(CID, CID, founders, _rules(1)), CHANNEL);
        vm.prank(ALICE);
        assertEq(channels.submitVideo(CHANNEL, CID), RELEASE);
        address[] memory pair = new address[](2);
        (pair[0], pair[1]) = (ALICE, BOB);
        assertEq(channels.createChannel(CID, CID, pair, _rules(2)), PAIR);
        vm.prank(ALICE);
        assertEq(channels.submitVideo(PAIR, CID), PENDING);
        vm.prank(ALICE);
        assertEq(channels.proposePolicy(CHANNEL, CID), POLICY_CHANGE);

        uint256 key = 0xBEEF;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, MessageHashUtils.toEthSignedMessageHash(streams.keyProofHash(BOB)));
        vm.prank(BOB);
        assertEq(streams.start(0, "Live", "chorus/live/31337/x", vm.addr(key), abi.encodePacked(r, s, v)), STREAM);

        address[6] memory accounts = [FAN, ALICE, BOB, CAROL, DAVE, CREATOR];
        for (uint256 i; i < accounts.length; ++i) {
            vm.deal(accounts[i], 1e30);
            token.mint(accounts[i], 1e30);
            feeToken.mint(accounts[i], 1e30);
            vm.startPrank(accounts[i]);
            token.approve(address(earnings), type(uint256).max);
            feeToken.approve(address(earnings), type(uint256).max);
            vm.stopPrank();
        }
    }

    // ─── Splits ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_SetSplit_StoresTheTable() public {
        vm.expectEmit(address(earnings));
        emit IEarnings.SplitSet(V, SPLIT_VIDEO, CREATOR, _two(ALICE, BOB), _bps(7000, 3000), 0);
        _split(V, SPLIT_VIDEO, _two(ALICE, BOB), _bps(7000, 3000), 0);
        IEarnings.Split memory split = earnings.splitOf(V, SPLIT_VIDEO);
        assertTrue(split.set, "set");
        assertEq(split.holders, _two(ALICE, BOB), "holders");
        assertEq(split.bps.length, 2, "shares");
        assertEq(split.bps[0], 7000, "first share");
        assertEq(split.bps[1], 3000, "second share");
        assertEq(split.channelBps, 0, "no channel");
        assertFalse(earnings.splitOf(V, VIDEO).set, "other video has none");
    }

    function test_SetSplit_OnAPendingReleaseThenPaidOnceReleased() public {
        vm.prank(ALICE);
        earnings.setSplit(R, PENDING, _two(ALICE, DAVE), _bps(5000, 2500), 2500);
        vm.prank(FAN);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsNotPayable.selector, PENDING, IChannels.ProposalStatus.Pending)
        );
        earnings.tip{value: 1 ether}(IEarnings.TipTarget.Release, PENDING, ETH, 1 ether, "");

        vm.prank(BOB);
        channels.vote(PENDING, true);
        _tipEth(IEarnings.TipTarget.Release, PENDING, 1000);
        (uint256 received, uint32 members) = earnings.potOf(PAIR, 0, ETH);
        assertEq(received, 250, "channel's share into its pot");
        assertEq(members, 2, "two members");
        assertEq(earnings.poolOf(R, PENDING, ETH), 750, "holders' pool");
        (uint256 alice,) = earnings.postShare(R, PENDING, ETH, ALICE);
        (uint256 dave,) = earnings.postShare(R, PENDING, ETH, DAVE);
        assertEq(alice, 500, "alice: 5000 of 7500");
        assertEq(dave, 250, "dave: 2500 of 7500");
    }

    function test_RevertWhen_SplitByNonCreator() public {
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNotCreator.selector, V, VIDEO, ALICE, CREATOR));
        earnings.setSplit(V, VIDEO, _one(ALICE), _bps1(10_000), 0);
    }

    function test_RevertWhen_SplitTwiceOrAfterIncome() public {
        _split(V, SPLIT_VIDEO, _one(ALICE), _bps1(10_000), 0);
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitAlreadySet.selector, V, SPLIT_VIDEO));
        earnings.setSplit(V, SPLIT_VIDEO, _one(BOB), _bps1(10_000), 0);

        _tipEth(IEarnings.TipTarget.Video, VIDEO, 1);
        assertTrue(earnings.hasIncome(V, VIDEO), "income");
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitAfterIncome.selector, V, VIDEO));
        earnings.setSplit(V, VIDEO, _one(BOB), _bps1(10_000), 0);
    }

    function test_RevertWhen_SplitTableMalformed() public {
        vm.startPrank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitLengthMismatch.selector, 2, 1));
        earnings.setSplit(V, VIDEO, _two(ALICE, BOB), _bps1(10_000), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitHolderCount.selector, 0, 16));
        earnings.setSplit(V, VIDEO, new address[](0), new uint16[](0), 0);
        address[] memory many = new address[](17);
        uint16[] memory shares = new uint16[](17);
        for (uint256 i; i < 17; ++i) {
            many[i] = address(uint160(0x1000 + i));
            shares[i] = i == 0 ? 10_000 - 16 * 588 : 588;
        }
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitHolderCount.selector, 17, 16));
        earnings.setSplit(V, VIDEO, many, shares, 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitZeroHolder.selector, 1));
        earnings.setSplit(V, VIDEO, _two(ALICE, address(0)), _bps(5000, 5000), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitDuplicateHolder.selector, ALICE));
        earnings.setSplit(V, VIDEO, _two(ALICE, ALICE), _bps(5000, 5000), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitZeroShare.selector, BOB));
        earnings.setSplit(V, VIDEO, _two(ALICE, BOB), _bps(10_000, 0), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitSum.selector, 9999));
        earnings.setSplit(V, VIDEO, _two(ALICE, BOB), _bps(5000, 4999), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitSum.selector, 10_001));
        earnings.setSplit(V, VIDEO, _two(ALICE, BOB), _bps(5000, 5001), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsChannelShareOnVideo.selector, VIDEO));
        earnings.setSplit(V, VIDEO, _two(ALICE, BOB), _bps(5000, 4000), 1000);
        vm.stopPrank();
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsSplitSum.selector, 10_500));
        earnings.setSplit(R, RELEASE, _one(ALICE), _bps1(10_000), 500);
        // Sixteen holders is the most, and fine.
        address[] memory sixteen = new address[](16);
        uint16[] memory shares16 = new uint16[](16);
        for (uint256 i; i < 16; ++i) {
            sixteen[i] = address(uint160(0x1000 + i));
            shares16[i] = i == 0 ? 10_000 - 15 * 625 : 625;
        }
        _split(V, VIDEO, sixteen, shares16, 0);
        assertEq(earnings.splitOf(V, VIDEO).holders.length, 16, "sixteen holders");
    }

    function test_RevertWhen_PostUnknown() public {
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownPost.selector, V, 99));
        earnings.setSplit(V, 99, _one(ALICE), _bps1(10_000), 0);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownPost.selector, R, POLICY_CHANGE));
        earnings.setSplit(R, POLICY_CHANGE, _one(ALICE), _bps1(10_000), 0);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownPost.selector, R, 99));
        earnings.setPrice(R, 99, IEarnings.Access.Paid, ETH, 1);
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownPost.selector, V, 99));
        earnings.tip{value: 1}(IEarnings.TipTarget.Video, 99, ETH, 1, "");
        // A withdrawn video proposal is no post any more.
        vm.prank(ALICE);
        channels.withdraw(PENDING);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownPost.selector, R, PENDING));
        earnings.setSplit(R, PENDING, _one(ALICE), _bps1(10_000), 0);
    }

    // ─── Tips ────────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Tip_VideoWithoutSplitCreditsTheCreator() public {
        vm.expectEmit(address(earnings));
        emit IEarnings.Tipped(IEarnings.TipTarget.Video, VIDEO, FAN, CREATOR, ETH, 5, "great");
        vm.prank(FAN);
        earnings.tip{value: 5}(IEarnings.TipTarget.Video, VIDEO, ETH, 5, "great");
        assertEq(earnings.balanceOf(CREATOR, ETH), 5, "creator credited");
        assertEq(address(earnings).balance, 5, "held");
        assertEq(earnings.poolOf(V, VIDEO, ETH), 0, "no pool without a split");
    }

    function test_Tip_InAnErc20() public {
        vm.prank(FAN);
        earnings.tip(IEarnings.TipTarget.Video, VIDEO, address(token), 7e18, "");
        assertEq(earnings.balanceOf(CREATOR, address(token)), 7e18, "credited");
        assertEq(token.balanceOf(address(earnings)), 7e18, "held");
    }

    function test_Tip_SplitVideoIsClaimedByEachHolder() public {
        _split(V, SPLIT_VIDEO, _three(ALICE, BOB, CAROL), _bps3(3334, 3333, 3333), 0);
        _tipEth(IEarnings.TipTarget.Video, SPLIT_VIDEO, 100);
        _tipEth(IEarnings.TipTarget.Video, SPLIT_VIDEO, 1);
        assertEq(earnings.balanceOf(CREATOR, ETH), 0, "the creator is no holder here");
        assertEq(earnings.poolOf(V, SPLIT_VIDEO, ETH), 101, "pool");
        // floor(101 * 3333 / 10000) = 33 each for BOB and CAROL; ALICE 101 - 66 = 35.
        assertEq(_claimPost(ALICE, V, SPLIT_VIDEO), 35, "first holder takes the remainder");
        assertEq(_claimPost(BOB, V, SPLIT_VIDEO), 33, "bob");
        assertEq(_claimPost(CAROL, V, SPLIT_VIDEO), 33, "carol");
        assertEq(_claimPost(ALICE, V, SPLIT_VIDEO), 0, "nothing twice");
        _tipEth(IEarnings.TipTarget.Video, SPLIT_VIDEO, 899);
        assertEq(_claimPost(BOB, V, SPLIT_VIDEO), 333 - 33, "bob's later share");
        (uint256 entitled, uint256 claimed) = earnings.postShare(V, SPLIT_VIDEO, ETH, BOB);
        assertEq(entitled, 333, "entitled");
        assertEq(claimed, 333, "claimed");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNotHolder.selector, V, SPLIT_VIDEO, DAVE));
        earnings.claim(DAVE, ETH, _posts(V, SPLIT_VIDEO), new IEarnings.PotRef[](0));
    }

    function test_Tip_StreamCreditsItsStarter() public {
        _tipEth(IEarnings.TipTarget.Stream, STREAM, 9);
        assertEq(earnings.balanceOf(BOB, ETH), 9, "streamer credited");
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownStream.selector, 2));
        earnings.tip{value: 1}(IEarnings.TipTarget.Stream, 2, ETH, 1, "");
    }

    function test_Tip_CreatorDirectly() public {
        _tipEth(IEarnings.TipTarget.Creator, uint160(DAVE), 4);
        assertEq(earnings.balanceOf(DAVE, ETH), 4, "credited");
        vm.startPrank(FAN);
        vm.expectRevert(IEarnings.EarningsZeroCreator.selector);
        earnings.tip{value: 1}(IEarnings.TipTarget.Creator, 0, ETH, 1, "");
        vm.expectRevert(IEarnings.EarningsZeroCreator.selector);
        earnings.tip{value: 1}(IEarnings.TipTarget.Creator, uint256(type(uint160).max) + 1, ETH, 1, "");
        vm.stopPrank();
    }

    function test_Tip_ChannelPotSharedByItsMembers() public {
        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelPaid(CHANNEL, 0, FAN, ETH, 10, 3, IEarnings.PotSource.Tip, 0);
        _tipEth(IEarnings.TipTarget.Channel, CHANNEL, 10);
        (uint256 received, uint32 members) = earnings.potOf(CHANNEL, 0, ETH);
        assertEq(received, 10, "pot");
        assertEq(members, 3, "members");
        assertEq(_claimPot(ALICE, CHANNEL, 0), 3, "alice");
        assertEq(_claimPot(BOB, CHANNEL, 0), 3, "bob");
        assertEq(_claimPot(CAROL, CHANNEL, 0), 3, "carol");
        assertEq(_claimPot(CAROL, CHANNEL, 0), 0, "nothing twice");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNotMemberAt.selector, CHANNEL, 0, DAVE));
        earnings.claim(DAVE, ETH, new IEarnings.PostRef[](0), _pots(CHANNEL, 0));
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownChannel.selector, 9));
        earnings.tip{value: 1}(IEarnings.TipTarget.Channel, 9, ETH, 1, "");
    }

    function test_PotRemainder_SweptIntoTheNextEpoch() public {
        _tipEth(IEarnings.TipTarget.Channel, CHANNEL, 10);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsEpochNotOver.selector, CHANNEL, 0));
        earnings.sweepPot(CHANNEL, 0, ETH);
        // DAVE joins: epoch 1 with four members.
        vm.prank(ALICE);
        channels.proposeAddMember(CHANNEL, DAVE);
        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelPaid(CHANNEL, 1, address(this), ETH, 1, 4, IEarnings.PotSource.Remainder, bytes32(0));
        earnings.sweepPot(CHANNEL, 0, ETH);
        (uint256 received,) = earnings.potOf(CHANNEL, 0, ETH);
        assertEq(received, 9, "old pot keeps what its members share");
        (received,) = earnings.potOf(CHANNEL, 1, ETH);
        assertEq(received, 1, "remainder in the new pot");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNothingToSweep.selector, CHANNEL, 0, ETH));
        earnings.sweepPot(CHANNEL, 0, ETH);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNothingToSweep.selector, CHANNEL, 0, address(token)));
        earnings.sweepPot(CHANNEL, 0, address(token));
        assertEq(_claimPot(ALICE, CHANNEL, 0), 3, "alice keeps her share");
        assertEq(_claimPot(DAVE, CHANNEL, 1), 0, "1 wei among four: nothing each yet");
        (uint256 entitled,) = earnings.potShare(CHANNEL, 0, ETH, DAVE);
        assertEq(entitled, 0, "dave was no member at epoch 0");
    }

    function test_Tip_ReleaseWithChannelShare() public {
        vm.prank(ALICE);
        earnings.setSplit(R, RELEASE, _two(ALICE, DAVE), _bps(6000, 2000), 2000);
        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelPaid(CHANNEL, 0, FAN, ETH, 199, 3, IEarnings.PotSource.Release, bytes32(RELEASE));
        _tipEth(IEarnings.TipTarget.Release, RELEASE, 999);
        assertEq(earnings.poolOf(R, RELEASE, ETH), 800, "pool: 999 - floor(999 * 0.2)");
        assertEq(_claimPost(DAVE, R, RELEASE), 200, "dave: 2000 of 8000");
        assertEq(_claimPost(ALICE, R, RELEASE), 600, "alice: the rest");
        assertEq(_claimPot(BOB, CHANNEL, 0), 66, "bob's third of the channel's share");
    }

    function test_PayChannel_ByAnyone() public {
        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelPaid(CHANNEL, 0, DAVE, address(token), 30, 3, IEarnings.PotSource.Payment, "crowdfund");
        vm.prank(DAVE);
        earnings.payChannel(CHANNEL, address(token), 30, "crowdfund");
        assertEq(_claimPot(CAROL, CHANNEL, 0, address(token)), 10, "carol's third");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownChannel.selector, 0));
        earnings.payChannel{value: 1}(0, ETH, 1, "");
        vm.expectRevert(IEarnings.EarningsZeroAmount.selector);
        earnings.payChannel(CHANNEL, ETH, 0, "");
    }

    function test_RevertWhen_PaymentMalformed() public {
        vm.startPrank(FAN);
        vm.expectRevert(IEarnings.EarningsZeroAmount.selector);
        earnings.tip(IEarnings.TipTarget.Video, VIDEO, ETH, 0, "");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsValueMismatch.selector, 5, 4));
        earnings.tip{value: 4}(IEarnings.TipTarget.Video, VIDEO, ETH, 5, "");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsValueMismatch.selector, 0, 1));
        earnings.tip{value: 1}(IEarnings.TipTarget.Video, VIDEO, address(token), 5, "");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsTransferMismatch.selector, address(feeToken), 1e6, 99e4));
        earnings.tip(IEarnings.TipTarget.Video, VIDEO, address(feeToken), 1e6, "");
        bytes memory message = new bytes(281);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsMessageTooLong.selector, 281, 280));
        earnings.tip{value: 1}(IEarnings.TipTarget.Video, VIDEO, ETH, 1, string(message));
        earnings.tip{value: 1}(IEarnings.TipTarget.Video, VIDEO, ETH, 1, string(new bytes(280)));
        vm.stopPrank();
    }

    // ─── Sales and access ────────────────────────────────────────────────────────────────────────────────────────

    function test_Buy_GivesAccessForGood() public {
        _split(V, SPLIT_VIDEO, _two(CREATOR, ALICE), _bps(8000, 2000), 0);
        _price(V, SPLIT_VIDEO, IEarnings.Access.Paid, address(token), 50);
        assertFalse(earnings.hasAccess(V, SPLIT_VIDEO, FAN), "not before buying");
        assertTrue(earnings.hasAccess(V, SPLIT_VIDEO, CREATOR), "creator");
        assertTrue(earnings.hasAccess(V, SPLIT_VIDEO, ALICE), "holder");
        vm.expectEmit(address(earnings));
        emit IEarnings.Purchased(V, SPLIT_VIDEO, FAN, CREATOR, address(token), 50);
        vm.prank(FAN);
        earnings.buy(V, SPLIT_VIDEO, address(token), 50);
        assertTrue(earnings.hasBought(V, SPLIT_VIDEO, FAN), "bought");
        assertTrue(earnings.hasAccess(V, SPLIT_VIDEO, FAN), "after buying");
        assertEq(earnings.poolOf(V, SPLIT_VIDEO, address(token)), 50, "into the split");
        _price(V, SPLIT_VIDEO, IEarnings.Access.Paid, ETH, 1 ether);
        assertTrue(earnings.hasAccess(V, SPLIT_VIDEO, FAN), "a price change keeps purchases");
        assertFalse(earnings.hasAccess(V, SPLIT_VIDEO, BOB), "others still not");
        _price(V, SPLIT_VIDEO, IEarnings.Access.Free, ETH, 0);
        assertTrue(earnings.hasAccess(V, SPLIT_VIDEO, BOB), "free for all");
        IEarnings.Price memory price = earnings.priceOf(V, SPLIT_VIDEO);
        assertEq(uint8(price.access), uint8(IEarnings.Access.Free), "access");
        assertEq(price.price, 0, "no price");
    }

    function test_RevertWhen_BuyRefused() public {
        vm.startPrank(FAN);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsNotForSale.selector, V, VIDEO, IEarnings.Access.Withheld)
        );
        earnings.buy(V, VIDEO, ETH, 0);
        vm.stopPrank();
        _price(V, VIDEO, IEarnings.Access.Free, ETH, 0);
        vm.prank(FAN);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsNotForSale.selector, V, VIDEO, IEarnings.Access.Free)
        );
        earnings.buy(V, VIDEO, ETH, 0);
        _price(V, VIDEO, IEarnings.Access.Paid, ETH, 10);
        vm.startPrank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsPriceChanged.selector, ETH, 10));
        earnings.buy{value: 9}(V, VIDEO, ETH, 9);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsPriceChanged.selector, ETH, 10));
        earnings.buy(V, VIDEO, address(token), 10);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsValueMismatch.selector, 10, 9));
        earnings.buy{value: 9}(V, VIDEO, ETH, 10);
        earnings.buy{value: 10}(V, VIDEO, ETH, 10);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsAlreadyBought.selector, V, VIDEO, FAN));
        earnings.buy{value: 10}(V, VIDEO, ETH, 10);
        vm.stopPrank();
        assertEq(earnings.balanceOf(CREATOR, ETH), 10, "creator paid once");
        _price(V, VIDEO, IEarnings.Access.MembersOnly, ETH, 0);
        vm.prank(BOB);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsNotForSale.selector, V, VIDEO, IEarnings.Access.MembersOnly)
        );
        earnings.buy(V, VIDEO, ETH, 0);
    }

    function test_Withheld_ByDefault_OnlyItsCreatorAndHolders() public {
        IEarnings.Price memory price = earnings.priceOf(V, VIDEO);
        assertEq(uint8(price.access), uint8(IEarnings.Access.Withheld), "a post never priced is withheld");
        assertTrue(earnings.hasAccess(V, VIDEO, CREATOR), "its creator, before anything was set on the post");
        assertFalse(earnings.hasAccess(V, VIDEO, FAN), "a stranger");
        assertFalse(earnings.hasAccess(V, VIDEO, address(0)), "not the zero address");
        _plan(ETH, 1 ether, 30 days);
        vm.prank(FAN);
        earnings.join{value: 1 ether}(CREATOR, 1, ETH, 1 ether);
        assertFalse(earnings.hasAccess(V, VIDEO, FAN), "not the creator's member either");

        _split(V, SPLIT_VIDEO, _two(CREATOR, ALICE), _bps(8000, 2000), 0);
        assertTrue(earnings.hasAccess(V, SPLIT_VIDEO, ALICE), "a split holder");
        assertFalse(earnings.hasAccess(V, SPLIT_VIDEO, BOB), "not a stranger");
        _tipEth(IEarnings.TipTarget.Video, VIDEO, 5);
        assertFalse(earnings.hasAccess(V, VIDEO, FAN), "a tip gives no access");

        assertTrue(earnings.hasAccess(R, RELEASE, ALICE), "a release's proposer");
        assertFalse(earnings.hasAccess(R, RELEASE, BOB), "not a member of the releasing channel");
        assertTrue(earnings.hasAccess(R, PENDING, ALICE), "a pending release's proposer");
        assertFalse(earnings.hasAccess(R, POLICY_CHANGE, ALICE), "a proposal that is not a video is nobody's post");
        assertFalse(earnings.hasAccess(V, 99, address(0)), "a video never published: nobody");
        assertFalse(earnings.hasAccess(R, 99, address(0)), "a proposal never made: nobody");
    }

    function test_SetPrice_BackToWithheldStopsHandingOutTheKey() public {
        _price(V, VIDEO, IEarnings.Access.Paid, ETH, 10);
        vm.prank(FAN);
        earnings.buy{value: 10}(V, VIDEO, ETH, 10);
        assertTrue(earnings.hasAccess(V, VIDEO, FAN), "bought");
        vm.expectEmit(address(earnings));
        emit IEarnings.PriceSet(V, VIDEO, CREATOR, IEarnings.Access.Withheld, ETH, 0);
        _price(V, VIDEO, IEarnings.Access.Withheld, ETH, 0);
        assertFalse(earnings.hasAccess(V, VIDEO, FAN), "a buyer, while withheld");
        assertTrue(earnings.hasAccess(V, VIDEO, CREATOR), "its creator still");
        assertTrue(earnings.hasBought(V, VIDEO, FAN), "the purchase is kept");
        vm.prank(BOB);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsNotForSale.selector, V, VIDEO, IEarnings.Access.Withheld)
        );
        earnings.buy{value: 10}(V, VIDEO, ETH, 10);
        _price(V, VIDEO, IEarnings.Access.Paid, ETH, 20);
        assertTrue(earnings.hasAccess(V, VIDEO, FAN), "opened again: the purchase counts again");
        assertFalse(earnings.hasAccess(V, VIDEO, BOB), "others still not");
    }

    function test_RevertWhen_PriceMalformedOrNotByCreator() public {
        vm.startPrank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPrice.selector, IEarnings.Access.Withheld, ETH, 1));
        earnings.setPrice(V, VIDEO, IEarnings.Access.Withheld, ETH, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsBadPrice.selector, IEarnings.Access.Withheld, address(token), 0)
        );
        earnings.setPrice(V, VIDEO, IEarnings.Access.Withheld, address(token), 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPrice.selector, IEarnings.Access.Paid, ETH, 0));
        earnings.setPrice(V, VIDEO, IEarnings.Access.Paid, ETH, 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPrice.selector, IEarnings.Access.Free, ETH, 1));
        earnings.setPrice(V, VIDEO, IEarnings.Access.Free, ETH, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEarnings.EarningsBadPrice.selector, IEarnings.Access.MembersOnly, address(token), 0)
        );
        earnings.setPrice(V, VIDEO, IEarnings.Access.MembersOnly, address(token), 0);
        vm.stopPrank();
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNotCreator.selector, V, VIDEO, FAN, CREATOR));
        earnings.setPrice(V, VIDEO, IEarnings.Access.Free, ETH, 0);
    }

    function test_MembersOnly_CreatorsMembersAndTheReleasingChannel() public {
        vm.prank(ALICE);
        earnings.setPrice(R, RELEASE, IEarnings.Access.MembersOnly, ETH, 0);
        assertTrue(earnings.hasAccess(R, RELEASE, BOB), "channel member");
        assertFalse(earnings.hasAccess(R, RELEASE, FAN), "outsider");
        vm.prank(ALICE);
        earnings.setMembershipPlan(ETH, 1 ether, 30 days);
        vm.prank(FAN);
        earnings.join{value: 1 ether}(ALICE, 1, ETH, 1 ether);
        assertTrue(earnings.hasAccess(R, RELEASE, FAN), "alice's member");
        vm.warp(block.timestamp + 30 days);
        assertFalse(earnings.hasAccess(R, RELEASE, FAN), "membership over");

        _price(V, VIDEO, IEarnings.Access.MembersOnly, ETH, 0);
        assertFalse(earnings.hasAccess(V, VIDEO, BOB), "a video has no channel members");
        assertTrue(earnings.hasAccess(V, VIDEO, CREATOR), "its creator");
    }

    // ─── Memberships ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_Join_ExtendsFromTheLaterOfNowAndItsEnd() public {
        vm.expectEmit(address(earnings));
        emit IEarnings.MembershipPlanSet(CREATOR, address(token), 5, 1 days);
        _plan(address(token), 5, 1 days);
        IEarnings.Plan memory plan = earnings.membershipPlan(CREATOR);
        assertEq(plan.token, address(token), "token");
        assertEq(plan.pricePerPeriod, 5, "price");
        assertEq(plan.period, 1 days, "period");
        uint256 start = block.timestamp;
        vm.expectEmit(address(earnings));
        emit IEarnings.Joined(CREATOR, FAN, address(token), 15, 3, uint48(start + 3 days));
        vm.prank(FAN);
        earnings.join(CREATOR, 3, address(token), 5);
        vm.warp(start + 1 days);
        vm.prank(FAN);
        earnings.join(CREATOR, 1, address(token), 5);
        assertEq(earnings.memberUntil(CREATOR, FAN), start + 4 days, "extended from its end");
        vm.warp(start + 10 days);
        vm.prank(FAN);
        earnings.join(CREATOR, 2, address(token), 5);
        assertEq(earnings.memberUntil(CREATOR, FAN), start + 12 days, "from now after it lapsed");
        assertEq(earnings.balanceOf(CREATOR, address(token)), 30, "creator paid");
    }

    function test_RevertWhen_PlanOrJoinMalformed() public {
        vm.startPrank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPlan.selector, 1, 1 days - 1));
        earnings.setMembershipPlan(ETH, 1, 1 days - 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPlan.selector, 1, 366 days + 1));
        earnings.setMembershipPlan(ETH, 1, 366 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPlan.selector, 0, 1 days));
        earnings.setMembershipPlan(ETH, 0, 1 days);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPlan.selector, 1, 0));
        earnings.setMembershipPlan(ETH, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPlan.selector, 0, 0));
        earnings.setMembershipPlan(address(token), 0, 0);
        earnings.setMembershipPlan(ETH, 1, 366 days);
        vm.stopPrank();

        vm.startPrank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNoPlan.selector, DAVE));
        earnings.join(DAVE, 1, ETH, 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsPriceChanged.selector, ETH, 1));
        earnings.join{value: 2}(CREATOR, 1, ETH, 2);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPeriods.selector, 0));
        earnings.join(CREATOR, 0, ETH, 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsValueMismatch.selector, 2, 1));
        earnings.join{value: 1}(CREATOR, 2, ETH, 1);
        uint32 tooMany = type(uint32).max;
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPeriods.selector, tooMany));
        earnings.join{value: tooMany}(CREATOR, tooMany, ETH, 1);
        vm.stopPrank();

        vm.prank(CREATOR);
        earnings.setMembershipPlan(ETH, 0, 0);
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNoPlan.selector, CREATOR));
        earnings.join{value: 1}(CREATOR, 1, ETH, 1);
    }

    // ─── Channel memberships ─────────────────────────────────────────────────────────────────────────────────────

    /// @dev A plan passes by the channel's vote; each join pays the pot and extends from the later of now and its end.
    function test_JoinChannel_PaysThePotAndExtends() public {
        uint256 start = block.timestamp;
        _channelPlan(CHANNEL, abi.encode(ETH, uint256(3), uint32(1 days)));
        IEarnings.Plan memory plan = earnings.channelMembershipPlan(CHANNEL);
        assertEq(plan.token, ETH, "token");
        assertEq(plan.pricePerPeriod, 3, "price");
        assertEq(plan.period, 1 days, "period");

        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelPaid(CHANNEL, 0, FAN, ETH, 6, 3, IEarnings.PotSource.Membership, bytes32(uint256(uint160(FAN))));
        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelJoined(CHANNEL, FAN, ETH, 6, 2, 1 days, uint48(start + 2 days));
        vm.prank(FAN);
        earnings.joinChannel{value: 6}(CHANNEL, 2, ETH, 3);
        assertEq(earnings.channelMemberUntil(CHANNEL, FAN), start + 2 days, "two periods");
        vm.warp(start + 1 days);
        vm.prank(FAN);
        earnings.joinChannel{value: 3}(CHANNEL, 1, ETH, 3);
        assertEq(earnings.channelMemberUntil(CHANNEL, FAN), start + 3 days, "extended from its end");
        vm.warp(start + 10 days);
        vm.prank(FAN);
        earnings.joinChannel{value: 3}(CHANNEL, 1, ETH, 3);
        assertEq(earnings.channelMemberUntil(CHANNEL, FAN), start + 11 days, "from now after it lapsed");
        assertEq(earnings.memberUntil(ALICE, FAN), 0, "not a membership of any creator");

        (uint256 received, uint32 members) = earnings.potOf(CHANNEL, 0, ETH);
        assertEq(received, 12, "the pot got everything");
        assertEq(members, 3, "shared by the channel's three members");
        assertEq(_claimPot(BOB, CHANNEL, 0), 4, "a member's share");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNotMemberAt.selector, CHANNEL, 0, FAN));
        _claimPot(FAN, CHANNEL, 0);
    }

    function test_JoinChannel_Erc20() public {
        _channelPlan(CHANNEL, abi.encode(address(token), uint256(7), uint32(30 days)));
        uint256 before = token.balanceOf(FAN);
        vm.prank(FAN);
        earnings.joinChannel(CHANNEL, 3, address(token), 7);
        assertEq(before - token.balanceOf(FAN), 21, "paid in the token");
        (uint256 received,) = earnings.potOf(CHANNEL, 0, address(token));
        assertEq(received, 21, "into the token's pot");

        _channelPlan(CHANNEL, abi.encode(address(feeToken), uint256(100), uint32(30 days)));
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsTransferMismatch.selector, address(feeToken), 100, 99));
        earnings.joinChannel(CHANNEL, 1, address(feeToken), 100);
    }

    function test_RevertWhen_JoinChannelRefused() public {
        vm.startPrank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsUnknownChannel.selector, 99));
        earnings.joinChannel(99, 1, ETH, 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNoChannelPlan.selector, CHANNEL));
        earnings.joinChannel{value: 1}(CHANNEL, 1, ETH, 1);
        vm.stopPrank();

        _channelPlan(CHANNEL, abi.encode(ETH, uint256(1), uint32(366 days)));
        vm.startPrank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsPriceChanged.selector, ETH, 1));
        earnings.joinChannel{value: 2}(CHANNEL, 1, ETH, 2);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsPriceChanged.selector, ETH, 1));
        earnings.joinChannel(CHANNEL, 1, address(token), 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPeriods.selector, 0));
        earnings.joinChannel(CHANNEL, 0, ETH, 1);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsValueMismatch.selector, 2, 1));
        earnings.joinChannel{value: 1}(CHANNEL, 2, ETH, 1);
        uint32 tooMany = type(uint32).max;
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsBadPeriods.selector, tooMany));
        earnings.joinChannel{value: tooMany}(CHANNEL, tooMany, ETH, 1);
        vm.stopPrank();

        // The members vote the plan away (an empty value): joining is refused again, time bought stays.
        vm.prank(FAN);
        earnings.joinChannel{value: 1}(CHANNEL, 1, ETH, 1);
        _channelPlan(CHANNEL, "");
        assertEq(earnings.channelMembershipPlan(CHANNEL).period, 0, "no plan");
        vm.prank(FAN);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNoChannelPlan.selector, CHANNEL));
        earnings.joinChannel{value: 1}(CHANNEL, 1, ETH, 1);
        assertEq(earnings.channelMemberUntil(CHANNEL, FAN), block.timestamp + 366 days, "time bought stays");
    }

    /// @dev Every value a vote may set that is not a valid plan reads as no plan: joining is refused with a reason,
    /// nothing reverts elsewhere, and a later vote for a valid plan replaces it.
    function test_JoinChannel_MalformedPlanIsNoPlan() public {
        bytes[8] memory bad = [
            abi.encode(ETH, uint256(1)),
            abi.encodePacked(ETH, uint256(1), uint32(1 days)),
            abi.encode(uint256(1) << 160, uint256(1), uint256(1 days)),
            abi.encode(ETH, uint256(0), uint32(1 days)),
            abi.encode(ETH, uint256(1), uint32(0)),
            abi.encode(ETH, uint256(1), uint32(1 days - 1)),
            abi.encode(ETH, uint256(1), uint32(366 days + 1)),
            abi.encode(ETH, uint256(1), uint256(1) << 32)
        ];
        for (uint256 i; i < bad.length; ++i) {
            _channelPlan(CHANNEL, bad[i]);
            assertEq(channels.setting(CHANNEL, earnings.MEMBERSHIP_PLAN_KEY()), bad[i], "stored as voted");
            IEarnings.Plan memory plan = earnings.channelMembershipPlan(CHANNEL);
            assertEq(plan.period, 0, "no plan");
            assertEq(plan.pricePerPeriod, 0, "no price");
            vm.prank(FAN);
            vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNoChannelPlan.selector, CHANNEL));
            earnings.joinChannel{value: 1}(CHANNEL, 1, ETH, 1);
        }
        assertEq(earnings.channelMembershipPlan(99).period, 0, "an unknown channel has no plan, no revert");
        _channelPlan(CHANNEL, abi.encode(ETH, uint256(1), uint32(1 days)));
        vm.prank(FAN);
        earnings.joinChannel{value: 1}(CHANNEL, 1, ETH, 1);
        _tipEth(IEarnings.TipTarget.Channel, CHANNEL, 5);
        assertEq(_claimPot(ALICE, CHANNEL, 0), (1 + 5) / 3, "the pot works as ever");
    }

    /// @dev A MembersOnly release: the channel's voting members and its paying members see it, until the paid time
    /// ends; paying one channel does not open another's releases nor a creator's videos.
    function test_MembersOnly_ChannelPayingMemberSeesTheRelease() public {
        _price(R, RELEASE, IEarnings.Access.MembersOnly, ETH, 0);
        _price(V, VIDEO, IEarnings.Access.MembersOnly, ETH, 0);
        assertFalse(earnings.hasAccess(R, RELEASE, FAN), "not yet");
        _channelPlan(CHANNEL, abi.encode(ETH, uint256(1 ether), uint32(30 days)));
        vm.prank(FAN);
        earnings.joinChannel{value: 1 ether}(CHANNEL, 1, ETH, 1 ether);
        assertTrue(earnings.hasAccess(R, RELEASE, FAN), "paying member");
        assertTrue(earnings.hasAccess(R, RELEASE, BOB), "voting member still");
        assertFalse(earnings.hasAccess(V, VIDEO, FAN), "not a creator's membership");
        vm.prank(ALICE);
        earnings.setPrice(R, PENDING, IEarnings.Access.MembersOnly, ETH, 0);
        assertFalse(earnings.hasAccess(R, PENDING, FAN), "another channel's release");
        vm.warp(block.timestamp + 30 days - 1);
        assertTrue(earnings.hasAccess(R, RELEASE, FAN), "until the last second");
        vm.warp(block.timestamp + 1);
        assertFalse(earnings.hasAccess(R, RELEASE, FAN), "membership over");
        _price(R, RELEASE, IEarnings.Access.Paid, ETH, 1);
        vm.warp(block.timestamp - 1);
        assertFalse(earnings.hasAccess(R, RELEASE, FAN), "a paid release needs buying");
    }

    /// @dev Any price, periods and channel size: the payment lands whole in the pot, every member can take out
    /// `floor(amount / members)`, and the end is the later of now and the old end plus the periods.
    function testFuzz_JoinChannelPaysThePotExactly(uint256 price, uint32 periods, uint256 membersSeed, uint32 period)
        public
    {
        price = bound(price, 1, 1e26);
        periods = uint32(bound(periods, 1, 1000));
        period = uint32(bound(period, 1 days, 366 days));
        uint256 count = bound(membersSeed, 1, 8);
        address[] memory founders = new address[](count);
        for (uint256 i; i < count; ++i) {
            founders[i] = address(uint160(0x5000 + i));
        }
        uint256 channelId = channels.createChannel(CID, CID, founders, _rules(1));
        bytes32 key = earnings.MEMBERSHIP_PLAN_KEY();
        vm.prank(founders[0]);
        channels.proposeSetting(channelId, key, abi.encode(address(token), price, period));
        uint256 amount = price * periods;
        vm.prank(FAN);
        earnings.joinChannel(channelId, periods, address(token), price);
        assertEq(earnings.channelMemberUntil(channelId, FAN), block.timestamp + uint256(period) * periods, "end");
        (uint256 received,) = earnings.potOf(channelId, 0, address(token));
        assertEq(received, amount, "all into the pot");
        uint256 share = amount / count;
        uint256 taken;
        for (uint256 i; i < count; ++i) {
            // Fewer units than members: each share is 0, so there is nothing to withdraw (the pot sweeps it onward).
            if (share == 0) {
                vm.expectRevert(
                    abi.encodeWithSelector(IEarnings.EarningsNothingToWithdraw.selector, founders[i], address(token))
                );
            }
            vm.prank(founders[i]);
            taken += earnings.withdraw(address(token), founders[i], new IEarnings.PostRef[](0), _pots(channelId, 0));
            assertEq(token.balanceOf(founders[i]), share, "equal share");
        }
        assertEq(amount - taken, amount % count, "only the remainder stays, for the next epoch");
    }

    /// The fuzz run's counterexample that found the case above: 1 unit into a pot of 4 members.
    function test_JoinChannel_FewerUnitsThanMembersLeavesNothingToWithdraw() public {
        testFuzz_JoinChannelPaysThePotExactly(0, 0, 20, 1573);
    }

    // ─── Withdrawals ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_Withdraw_ClaimsAndSendsTheWholeBalance() public {
        _split(V, SPLIT_VIDEO, _two(ALICE, BOB), _bps(5000, 5000), 0);
        _tipEth(IEarnings.TipTarget.Video, SPLIT_VIDEO, 10);
        _tipEth(IEarnings.TipTarget.Channel, CHANNEL, 6);
        _tipEth(IEarnings.TipTarget.Creator, uint160(ALICE), 1);
        uint256 before = DAVE.balance;
        vm.expectEmit(address(earnings));
        emit IEarnings.Withdrawn(ALICE, ETH, DAVE, 8);
        vm.prank(ALICE);
        assertEq(earnings.withdraw(ETH, DAVE, _posts(V, SPLIT_VIDEO), _pots(CHANNEL, 0)), 8, "5 + 2 + 1");
        assertEq(DAVE.balance - before, 8, "sent to DAVE");
        assertEq(earnings.balanceOf(ALICE, ETH), 0, "balance emptied");
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsNothingToWithdraw.selector, ALICE, ETH));
        earnings.withdraw(ETH, ALICE, _posts(V, SPLIT_VIDEO), _pots(CHANNEL, 0));
        vm.prank(ALICE);
        vm.expectRevert(IEarnings.EarningsZeroRecipient.selector);
        earnings.withdraw(ETH, address(0), new IEarnings.PostRef[](0), new IEarnings.PotRef[](0));
    }

    function test_Withdraw_Erc20() public {
        vm.prank(FAN);
        earnings.tip(IEarnings.TipTarget.Video, VIDEO, address(token), 3e18, "");
        uint256 before = token.balanceOf(CREATOR);
        vm.prank(CREATOR);
        earnings.withdraw(address(token), CREATOR, new IEarnings.PostRef[](0), new IEarnings.PotRef[](0));
        assertEq(token.balanceOf(CREATOR) - before, 3e18, "received");
        assertEq(token.balanceOf(address(earnings)), 0, "nothing left");
    }

    function test_Withdraw_RefusedEthOrReentryReverts() public {
        StorageEscrowTestReceiver receiver = new StorageEscrowTestReceiver(address(earnings));
        _tipEth(IEarnings.TipTarget.Creator, uint160(address(receiver)), 5);
        bytes memory withdrawCall = abi.encodeCall(
            IEarnings.withdraw, (ETH, address(receiver), new IEarnings.PostRef[](0), new IEarnings.PotRef[](0))
        );
        receiver.setOnReceive(StorageEscrowTestReceiver.OnReceive.Reject, "");
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsEthTransferFailed.selector, address(receiver), 5));
        receiver.forward(withdrawCall);
        receiver.setOnReceive(StorageEscrowTestReceiver.OnReceive.Reenter, withdrawCall);
        vm.expectRevert(abi.encodeWithSelector(IEarnings.EarningsEthTransferFailed.selector, address(receiver), 5));
        receiver.forward(withdrawCall);
        receiver.setOnReceive(StorageEscrowTestReceiver.OnReceive.Accept, "");
        receiver.forward(withdrawCall);
        assertEq(address(receiver).balance, 5, "paid once accepted");
        assertEq(address(earnings).balance, 0, "nothing left");
    }

    function test_Views_ReportTheContracts() public view {
        assertEq(address(earnings.videos()), address(videos), "videos");
        assertEq(address(earnings.channels()), address(channels), "channels");
        assertEq(address(earnings.streams()), address(streams), "streams");
        assertEq(earnings.MAX_HOLDERS(), 16, "holders");
        assertEq(earnings.MAX_MESSAGE_BYTES(), 280, "message");
        assertEq(earnings.MIN_MEMBERSHIP_PERIOD(), 1 days, "min period");
        assertEq(earnings.MAX_MEMBERSHIP_PERIOD(), 366 days, "max period");
    }

    // ─── Fuzz ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Any share table (1 to 16 holders, with or without a channel share on a release) and any payments: each
    /// holder i > 0 is entitled to exactly floor(pool * bps_i / holders' total), the first to the rest, the
    /// entitlements sum to the pool, the channel's pot got floor(amount * channelBps / 10 000) of each payment, and
    /// once everyone claimed and withdrew the contract holds only the pot's remainder.
    function testFuzz_SplitIsExactAndEverythingComesOut(
        uint256 countSeed,
        uint256 channelSeed,
        uint256[16] memory weights,
        uint96[6] memory amounts
    ) public {
        uint256 count = bound(countSeed, 1, 16);
        uint16 channelBps = uint16(bound(channelSeed, 0, 10_000 - count));
        (address[] memory holders, uint16[] memory bps) = _table(count, 10_000 - channelBps, weights);
        vm.prank(ALICE);
        earnings.setSplit(R, RELEASE, holders, bps, channelBps);

        uint256 total;
        uint256 toChannel;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = bound(amounts[i], 1, 1e24);
            total += amount;
            toChannel += amount * channelBps / 10_000;
            _tipEth(IEarnings.TipTarget.Release, RELEASE, amount);
        }
        uint256 pool = earnings.poolOf(R, RELEASE, ETH);
        assertEq(pool, total - toChannel, "pool is what the channel did not get");
        (uint256 potReceived,) = earnings.potOf(CHANNEL, 0, ETH);
        assertEq(potReceived, toChannel, "channel's shares");

        uint256 sum;
        for (uint256 i; i < count; ++i) {
            (uint256 entitled,) = earnings.postShare(R, RELEASE, ETH, holders[i]);
            if (i != 0) assertEq(entitled, pool * bps[i] / (10_000 - channelBps), "floor share");
            sum += entitled;
            if (entitled == 0) continue;
            uint256 before = holders[i].balance;
            vm.prank(holders[i]);
            earnings.withdraw(ETH, holders[i], _posts(R, RELEASE), new IEarnings.PotRef[](0));
            assertEq(holders[i].balance - before, entitled, "withdrew the entitlement");
        }
        assertEq(sum, pool, "entitlements sum to the pool");
        address[3] memory members = [ALICE, BOB, CAROL];
        for (uint256 i; i < 3; ++i) {
            vm.prank(members[i]);
            try earnings.withdraw(ETH, members[i], new IEarnings.PostRef[](0), _pots(CHANNEL, 0)) {}
            catch (bytes memory reason) {
                assertEq(
                    reason,
                    abi.encodeWithSelector(IEarnings.EarningsNothingToWithdraw.selector, members[i], ETH),
                    "only an empty share refuses"
                );
            }
        }
        // What is left is the pot's rounding remainder, fewer units than members, waiting for sweepPot.
        assertEq(address(earnings).balance, toChannel % 3, "only the pot's remainder is left");
    }

    /// @dev Any payments into a pot of any membership size: each member gets floor(received / members), the
    /// remainder sweeps into the next epoch, and nothing is lost.
    function testFuzz_PotSharesAndRemainder(uint256 membersSeed, uint64[4] memory amounts) public {
        uint256 count = bound(membersSeed, 1, 12);
        address[] memory founders = new address[](count);
        for (uint256 i; i < count; ++i) {
            founders[i] = address(uint160(0x5000 + i));
        }
        uint256 channelId = channels.createChannel(CID, CID, founders, _rules(1));
        uint256 total;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = bound(amounts[i], 1, type(uint64).max);
            total += amount;
            vm.prank(FAN);
            earnings.payChannel(channelId, address(token), amount, bytes32(i));
        }
        for (uint256 i; i < count; ++i) {
            assertEq(_claimPot(founders[i], channelId, 0, address(token)), total / count, "equal share");
        }
        vm.prank(founders[0]);
        channels.proposeAddMember(channelId, DAVE);
        if (total % count != 0) {
            earnings.sweepPot(channelId, 0, address(token));
            (uint256 moved,) = earnings.potOf(channelId, 1, address(token));
            assertEq(moved, total % count, "remainder carried");
        }
        (uint256 left,) = earnings.potOf(channelId, 0, address(token));
        assertEq(left, total / count * count, "old pot holds the members' shares only");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _rules(uint32 threshold) internal pure returns (IChannels.Rules memory) {
        return IChannels.Rules({
            submitters: IChannels.Submitters.MembersOnly,
            thresholdKind: IChannels.ThresholdKind.Absolute,
            threshold: threshold,
            votingPeriod: 1 days
        });
    }

    function _table(uint256 count, uint256 total, uint256[16] memory weights)
        internal
        pure
        returns (address[] memory holders, uint16[] memory bps)
    {
        holders = new address[](count);
        bps = new uint16[](count);
        uint256 weightSum;
        for (uint256 i; i < count; ++i) {
            weights[i] = bound(weights[i], 1, 1e6);
            weightSum += weights[i];
        }
        // Each holder gets at least 1 bp, the rest in proportion to its weight; the last takes what rounding left.
        uint256 spare = total - count;
        uint256 given;
        for (uint256 i; i < count; ++i) {
            holders[i] = address(uint160(0x7000 + i));
            uint256 share = i + 1 == count ? total - given : 1 + spare * weights[i] / weightSum;
            bps[i] = uint16(share);
            given += share;
        }
    }

    function _split(
        IComments.PostKind kind,
        uint256 postId,
        address[] memory holders,
        uint16[] memory bps,
        uint16 channelBps
    ) internal {
        vm.prank(kind == V ? CREATOR : ALICE);
        earnings.setSplit(kind, postId, holders, bps, channelBps);
    }

    function _price(IComments.PostKind kind, uint256 postId, IEarnings.Access access, address asset, uint256 price)
        internal
    {
        vm.prank(kind == V ? CREATOR : ALICE);
        earnings.setPrice(kind, postId, access, asset, price);
    }

    function _plan(address asset, uint256 price, uint32 period) internal {
        vm.prank(CREATOR);
        earnings.setMembershipPlan(asset, price, period);
    }

    /// @dev Sets channel `channelId`'s membership plan setting by ALICE's vote (channel 1 passes with one).
    function _channelPlan(uint256 channelId, bytes memory value) internal {
        bytes32 key = earnings.MEMBERSHIP_PLAN_KEY();
        vm.prank(ALICE);
        channels.proposeSetting(channelId, key, value);
    }

    function _tipEth(IEarnings.TipTarget target, uint256 id, uint256 amount) internal {
        vm.prank(FAN);
        earnings.tip{value: amount}(target, id, ETH, amount, "");
    }

    function _claimPost(address account, IComments.PostKind kind, uint256 postId) internal returns (uint256) {
        return earnings.claim(account, ETH, _posts(kind, postId), new IEarnings.PotRef[](0));
    }

    function _claimPot(address account, uint256 channelId, uint48 epoch) internal returns (uint256) {
        return _claimPot(account, channelId, epoch, ETH);
    }

    function _claimPot(address account, uint256 channelId, uint48 epoch, address asset) internal returns (uint256) {
        return earnings.claim(account, asset, new IEarnings.PostRef[](0), _pots(channelId, epoch));
    }

    function _posts(IComments.PostKind kind, uint256 postId) internal pure returns (IEarnings.PostRef[] memory refs) {
        refs = new IEarnings.PostRef[](1);
        refs[0] = IEarnings.PostRef({kind: kind, postId: postId});
    }

    function _pots(uint256 channelId, uint48 epoch) internal pure returns (IEarnings.PotRef[] memory refs) {
        refs = new IEarnings.PotRef[](1);
        refs[0] = IEarnings.PotRef({channelId: channelId, epoch: epoch});
    }

    function _one(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _two(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        (list[0], list[1]) = (a, b);
    }

    function _three(address a, address b, address c) internal pure returns (address[] memory list) {
        list = new address[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }

    function _bps1(uint16 a) internal pure returns (uint16[] memory list) {
        list = new uint16[](1);
        list[0] = a;
    }

    function _bps(uint16 a, uint16 b) internal pure returns (uint16[] memory list) {
        list = new uint16[](2);
        (list[0], list[1]) = (a, b);
    }

    function _bps3(uint16 a, uint16 b, uint16 c) internal pure returns (uint16[] memory list) {
        list = new uint16[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }
}
