// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Crowdfund} from "../../contracts/Crowdfund.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {ICrowdfund} from "../../contracts/interfaces/ICrowdfund.sol";
import {IEarnings} from "../../contracts/interfaces/IEarnings.sol";
import {Earnings} from "../../contracts/Earnings.sol";
import {Streams} from "../../contracts/Streams.sol";
import {Videos} from "../../contracts/Videos.sol";
import {StorageEscrowTestReceiver} from "../../contracts/test/StorageEscrowTestReceiver.sol";
import {StorageEscrowFeeTestToken, StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";

/// @dev Unit tests of every branch of {Crowdfund}, and fuzz tests of its money: whatever the pledges, a reached campaign
/// pays out exactly their total and a missed one returns each backer exactly their pledge.
contract CrowdfundTest is Test {
    Crowdfund internal crowdfund;
    Channels internal channels;
    Earnings internal earnings;
    StorageEscrowTestToken internal token;

    bytes internal constant CID = hex"01551220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    address internal constant ETH = address(0);
    address internal constant CREATOR = address(0xC4EA7);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    uint256 internal constant CHANNEL = 1;
    uint48 internal constant NOW = 1_800_000_000;
    uint48 internal constant DEADLINE = NOW + 7 days;
    uint256 internal constant GOAL = 10 ether;

    function setUp() public {
        vm.warp(NOW);
        channels = new Channels();
        earnings = new Earnings(new Videos(), channels, new Streams(channels));
        crowdfund = new Crowdfund(channels, earnings);
        token = new StorageEscrowTestToken();
        address[] memory founders = new address[](1);
        founders[0] = CREATOR;
        channels.createChannel(
            CID,
            CID,
            founders,
            IChannels.Rules({
                submitters: IChannels.Submitters.MembersOnly,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 1,
                votingPeriod: 1 days
            })
        );
        for (uint256 i; i < 4; ++i) {
            address account = [CREATOR, ALICE, BOB, CAROL][i];
            vm.deal(account, 1e30);
            token.mint(account, 1e30);
            vm.prank(account);
            token.approve(address(crowdfund), type(uint256).max);
        }
    }

    // ─── create ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Create_OwnCampaign() public {
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.CampaignCreated(1, CREATOR, 0, ETH, GOAL, DEADLINE, CID);
        assertEq(_create(0, ETH), 1);
        ICrowdfund.CampaignView memory c = crowdfund.campaign(1);
        assertEq(c.creator, CREATOR);
        assertEq(c.channelId, 0);
        assertEq(c.token, ETH);
        assertEq(c.goal, GOAL);
        assertEq(c.pledged, 0);
        assertEq(c.deadline, DEADLINE);
        assertFalse(c.claimed);
        assertEq(crowdfund.campaignCount(), 1);
        assertEq(_create(0, address(token)), 2, "ids are consecutive");
        assertEq(address(crowdfund.channels()), address(channels));
        assertEq(address(crowdfund.earnings()), address(earnings));
    }

    function test_Create_ForAChannelByAMember() public {
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.CampaignCreated(1, CREATOR, CHANNEL, address(token), GOAL, DEADLINE, CID);
        _create(CHANNEL, address(token));
        assertEq(crowdfund.campaign(1).channelId, CHANNEL);
    }

    function test_Create_RevertsForANonMember() public {
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundNotMember.selector, CHANNEL, ALICE));
        crowdfund.create(CHANNEL, ETH, GOAL, DEADLINE, CID);
    }

    function test_Create_RevertsForAnUnknownChannel() public {
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownChannel.selector, 2));
        crowdfund.create(2, ETH, GOAL, DEADLINE, CID);
    }

    function test_Create_RevertsOnAZeroGoal() public {
        vm.prank(CREATOR);
        vm.expectRevert(ICrowdfund.CrowdfundZeroGoal.selector);
        crowdfund.create(0, ETH, 0, DEADLINE, CID);
    }

    function test_Create_GoalBounds() public {
        uint256 max = type(uint128).max;
        vm.startPrank(CREATOR);
        crowdfund.create(0, ETH, max, DEADLINE, CID);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundGoalTooLarge.selector, max + 1));
        crowdfund.create(0, ETH, max + 1, DEADLINE, CID);
        vm.stopPrank();
    }

    function test_Create_DeadlineBounds() public {
        uint256 latest = NOW + 180 days;
        vm.startPrank(CREATOR);
        crowdfund.create(0, ETH, GOAL, NOW + 1, CID);
        crowdfund.create(0, ETH, GOAL, uint48(latest), CID);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundDeadlineOutOfRange.selector, NOW, NOW + 1, latest));
        crowdfund.create(0, ETH, GOAL, NOW, CID);
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfund.CrowdfundDeadlineOutOfRange.selector, latest + 1, NOW + 1, latest)
        );
        crowdfund.create(0, ETH, GOAL, uint48(latest + 1), CID);
        vm.stopPrank();
        assertEq(crowdfund.MAX_DURATION(), 180 days);
    }

    function test_Create_RevertsOnAMalformedCid() public {
        bytes memory bad = hex"01711220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundMalformedCid.selector, bad));
        crowdfund.create(0, ETH, GOAL, DEADLINE, bad);
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundMalformedCid.selector, ""));
        crowdfund.create(0, ETH, GOAL, DEADLINE, "");
    }

    // ─── pledge ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Pledge_EthAddsUp() public {
        _create(0, ETH);
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Pledged(1, ALICE, 3 ether, 3 ether, 3 ether);
        _pledge(ALICE, 1, 3 ether);
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Pledged(1, BOB, 2 ether, 2 ether, 5 ether);
        _pledge(BOB, 1, 2 ether);
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Pledged(1, ALICE, 1 ether, 4 ether, 6 ether);
        _pledge(ALICE, 1, 1 ether);
        assertEq(crowdfund.pledgeOf(1, ALICE), 4 ether);
        assertEq(crowdfund.pledgeOf(1, BOB), 2 ether);
        assertEq(crowdfund.campaign(1).pledged, 6 ether);
        assertEq(address(crowdfund).balance, 6 ether);
    }

    function test_Pledge_TokenIsPulled() public {
        _create(0, address(token));
        uint256 before = token.balanceOf(ALICE);
        _pledge(ALICE, 1, 5);
        assertEq(token.balanceOf(address(crowdfund)), 5);
        assertEq(token.balanceOf(ALICE), before - 5);
    }

    function test_Pledge_ContinuesPastTheGoalUntilTheDeadline() public {
        _create(0, ETH);
        _pledge(ALICE, 1, GOAL);
        vm.warp(DEADLINE - 1);
        _pledge(BOB, 1, 1 ether);
        assertEq(crowdfund.campaign(1).pledged, GOAL + 1 ether);
    }

    function test_Pledge_RevertsAtTheDeadline() public {
        _create(0, ETH);
        vm.warp(DEADLINE);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundEnded.selector, 1, DEADLINE));
        crowdfund.pledge{value: 1}(1, 1);
    }

    function test_Pledge_RevertsOnZero() public {
        _create(0, ETH);
        vm.prank(ALICE);
        vm.expectRevert(ICrowdfund.CrowdfundZeroAmount.selector);
        crowdfund.pledge(1, 0);
    }

    function test_Pledge_RevertsOnAWrongValue() public {
        _create(0, ETH);
        _create(0, address(token));
        vm.startPrank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundValueMismatch.selector, 2, 1));
        crowdfund.pledge{value: 1}(1, 2);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundValueMismatch.selector, 0, 1));
        crowdfund.pledge{value: 1}(2, 1);
        vm.stopPrank();
    }

    function test_Pledge_RevertsForAnUnknownCampaign() public {
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownCampaign.selector, 1));
        crowdfund.pledge{value: 1}(1, 1);
    }

    function test_Pledge_RevertsWhenTheTotalWouldOverflow() public {
        _create(0, address(token));
        uint256 max = type(uint128).max;
        token.mint(ALICE, max);
        _pledge(ALICE, 1, max);
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundTotalTooLarge.selector, 1, max + 1));
        crowdfund.pledge(1, 1);
    }

    function test_Pledge_RefusesAFeeOnTransferToken() public {
        StorageEscrowFeeTestToken fee = new StorageEscrowFeeTestToken();
        fee.mint(ALICE, 1e18);
        vm.prank(ALICE);
        fee.approve(address(crowdfund), type(uint256).max);
        _create(0, address(fee));
        vm.prank(ALICE);
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfund.CrowdfundTransferMismatch.selector, address(fee), 10_000, 9_900)
        );
        crowdfund.pledge(1, 10_000);
    }

    // ─── unpledge ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Unpledge_ReturnsPartOfAPledge() public {
        _create(0, ETH);
        _pledge(ALICE, 1, 3 ether);
        _pledge(BOB, 1, 1 ether);
        uint256 before = ALICE.balance;
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Unpledged(1, ALICE, 2 ether, 1 ether, 2 ether);
        vm.prank(ALICE);
        crowdfund.unpledge(1, 2 ether);
        assertEq(ALICE.balance, before + 2 ether);
        assertEq(crowdfund.pledgeOf(1, ALICE), 1 ether);
        assertEq(crowdfund.campaign(1).pledged, 2 ether);
        assertEq(address(crowdfund).balance, 2 ether);
    }

    function test_Unpledge_CanBringAReachedCampaignBackUnderItsGoal() public {
        _create(0, address(token));
        _pledge(ALICE, 1, GOAL);
        vm.prank(ALICE);
        crowdfund.unpledge(1, 1);
        vm.warp(DEADLINE);
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundGoalMissed.selector, 1, GOAL - 1, GOAL));
        crowdfund.claim(1);
        uint256 before = token.balanceOf(ALICE);
        vm.prank(ALICE);
        crowdfund.refund(1);
        assertEq(token.balanceOf(ALICE), before + GOAL - 1);
    }

    function test_Unpledge_Reverts() public {
        _create(0, ETH);
        _pledge(ALICE, 1, 1 ether);
        vm.startPrank(ALICE);
        vm.expectRevert(ICrowdfund.CrowdfundZeroAmount.selector);
        crowdfund.unpledge(1, 0);
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfund.CrowdfundInsufficientPledge.selector, 1, ALICE, 1 ether, 1 ether + 1)
        );
        crowdfund.unpledge(1, 1 ether + 1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownCampaign.selector, 9));
        crowdfund.unpledge(9, 1);
        vm.warp(DEADLINE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundEnded.selector, 1, DEADLINE));
        crowdfund.unpledge(1, 1);
        vm.stopPrank();
    }

    // ─── claim ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Claim_PaysTheCreatorTheWholeTotal() public {
        _create(0, ETH);
        _pledge(ALICE, 1, 7 ether);
        _pledge(BOB, 1, 4 ether);
        vm.warp(DEADLINE);
        uint256 before = CREATOR.balance;
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Claimed(1, CREATOR, CREATOR, 11 ether);
        vm.prank(CREATOR);
        crowdfund.claim(1);
        assertEq(CREATOR.balance, before + 11 ether);
        assertEq(address(crowdfund).balance, 0);
        ICrowdfund.CampaignView memory c = crowdfund.campaign(1);
        assertTrue(c.claimed);
        assertEq(c.pledged, 11 ether, "the record of what was raised stays");
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundAlreadyClaimed.selector, 1));
        crowdfund.claim(1);
    }

    function test_Claim_TokenToTheCreator() public {
        _create(0, address(token));
        _pledge(ALICE, 1, GOAL);
        vm.warp(DEADLINE);
        uint256 before = token.balanceOf(CREATOR);
        vm.prank(CREATOR);
        crowdfund.claim(1);
        assertEq(token.balanceOf(CREATOR), before + GOAL);
        assertEq(token.balanceOf(address(crowdfund)), 0);
    }

    function test_Claim_OnlyTheCreatorClaimsTheirOwn() public {
        _create(0, ETH);
        _pledge(ALICE, 1, GOAL);
        vm.warp(DEADLINE);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundNotCreator.selector, 1, ALICE));
        crowdfund.claim(1);
    }

    function test_Claim_AnyoneSendsAChannelCampaignToItsPot() public {
        _create(CHANNEL, ETH);
        _pledge(ALICE, 1, GOAL);
        vm.warp(DEADLINE);
        uint48 epoch = channels.channel(CHANNEL).epoch;
        // Claimed first (effects before the interaction), then Earnings' record of the payment, naming the campaign.
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Claimed(1, CAROL, address(earnings), GOAL);
        vm.expectEmit(address(earnings));
        emit IEarnings.ChannelPaid(
            CHANNEL, epoch, address(crowdfund), ETH, GOAL, 1, IEarnings.PotSource.Payment, bytes32(uint256(1))
        );
        vm.prank(CAROL);
        crowdfund.claim(1);
        (uint256 received, uint32 members) = earnings.potOf(CHANNEL, epoch, ETH);
        assertEq(received, GOAL, "the channel's pot received the whole total");
        assertEq(members, 1);
        (uint256 entitled,) = earnings.potShare(CHANNEL, epoch, ETH, CREATOR);
        assertEq(entitled, GOAL, "shared by the channel's members (one here)");
        assertEq(address(earnings).balance, GOAL);
        assertEq(address(crowdfund).balance, 0);
    }

    function test_Claim_ChannelTokenCampaignIsPulledByThePot() public {
        _create(CHANNEL, address(token));
        _pledge(ALICE, 1, GOAL);
        _create(CHANNEL, address(token));
        _pledge(BOB, 2, GOAL);
        vm.warp(DEADLINE);
        crowdfund.claim(1);
        (uint256 received,) = earnings.potOf(CHANNEL, channels.channel(CHANNEL).epoch, address(token));
        assertEq(received, GOAL);
        assertEq(token.balanceOf(address(earnings)), GOAL);
        assertEq(token.balanceOf(address(crowdfund)), GOAL, "only campaign 1's pledges left");
        assertEq(token.allowance(address(crowdfund), address(earnings)), 0, "no allowance left over");
    }

    function test_Claim_RevertsBeforeTheDeadlineAndWhenMissed() public {
        _create(0, ETH);
        _pledge(ALICE, 1, GOAL - 1);
        vm.startPrank(CREATOR);
        vm.warp(DEADLINE - 1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundNotEnded.selector, 1, DEADLINE));
        crowdfund.claim(1);
        vm.warp(DEADLINE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundGoalMissed.selector, 1, GOAL - 1, GOAL));
        crowdfund.claim(1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownCampaign.selector, 2));
        crowdfund.claim(2);
        vm.stopPrank();
    }

    function test_Claim_ExactlyTheGoalIsReached() public {
        _create(0, ETH);
        _pledge(ALICE, 1, GOAL);
        vm.warp(DEADLINE);
        vm.prank(CREATOR);
        crowdfund.claim(1);
        assertTrue(crowdfund.campaign(1).claimed);
    }

    function test_Claim_RevertsWhenTheCreatorRejectsEth() public {
        StorageEscrowTestReceiver receiver = new StorageEscrowTestReceiver(address(crowdfund));
        vm.prank(address(receiver));
        crowdfund.create(0, ETH, GOAL, DEADLINE, CID);
        _pledge(ALICE, 1, GOAL);
        vm.warp(DEADLINE);
        receiver.setOnReceive(StorageEscrowTestReceiver.OnReceive.Reject, "");
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfund.CrowdfundEthTransferFailed.selector, address(receiver), GOAL)
        );
        receiver.forward(abi.encodeCall(ICrowdfund.claim, (1)));
        receiver.setOnReceive(StorageEscrowTestReceiver.OnReceive.Accept, "");
        receiver.forward(abi.encodeCall(ICrowdfund.claim, (1)));
        assertEq(address(receiver).balance, GOAL);
    }

    // ─── refund ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Refund_ReturnsEachPledgeInFull() public {
        _create(0, ETH);
        _pledge(ALICE, 1, 3 ether);
        _pledge(BOB, 1, 2 ether);
        vm.warp(DEADLINE);
        uint256 before = ALICE.balance;
        vm.expectEmit(address(crowdfund));
        emit ICrowdfund.Refunded(1, ALICE, 3 ether);
        vm.prank(ALICE);
        crowdfund.refund(1);
        assertEq(ALICE.balance, before + 3 ether);
        assertEq(crowdfund.pledgeOf(1, ALICE), 0);
        assertEq(crowdfund.campaign(1).pledged, 2 ether);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundNothingToRefund.selector, 1, ALICE));
        crowdfund.refund(1);
        vm.prank(BOB);
        crowdfund.refund(1);
        assertEq(address(crowdfund).balance, 0);
    }

    function test_Refund_Token() public {
        _create(CHANNEL, address(token));
        _pledge(ALICE, 1, 3);
        vm.warp(DEADLINE);
        uint256 before = token.balanceOf(ALICE);
        vm.prank(ALICE);
        crowdfund.refund(1);
        assertEq(token.balanceOf(ALICE), before + 3);
        assertEq(token.balanceOf(address(crowdfund)), 0);
    }

    function test_Refund_Reverts() public {
        _create(0, ETH);
        _pledge(ALICE, 1, GOAL);
        vm.startPrank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundNotEnded.selector, 1, DEADLINE));
        crowdfund.refund(1);
        vm.warp(DEADLINE);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundGoalReached.selector, 1, GOAL, GOAL));
        crowdfund.refund(1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownCampaign.selector, 2));
        crowdfund.refund(2);
        vm.stopPrank();
        _createAt(0, ETH, DEADLINE + 1 days);
        vm.warp(DEADLINE + 1 days);
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundNothingToRefund.selector, 2, BOB));
        crowdfund.refund(2);
    }

    function test_Refund_CannotBeReentered() public {
        StorageEscrowTestReceiver receiver = new StorageEscrowTestReceiver(address(crowdfund));
        vm.deal(address(receiver), 10 ether);
        _create(0, ETH);
        receiver.forward{value: 1 ether}(abi.encodeCall(ICrowdfund.pledge, (1, 1 ether)));
        _pledge(ALICE, 1, 1 ether);
        vm.warp(DEADLINE);
        receiver.setOnReceive(
            StorageEscrowTestReceiver.OnReceive.Reenter, abi.encodeCall(ICrowdfund.refund, (1))
        );
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfund.CrowdfundEthTransferFailed.selector, address(receiver), 1 ether)
        );
        receiver.forward(abi.encodeCall(ICrowdfund.refund, (1)));
        assertEq(address(crowdfund).balance, 2 ether);
    }

    function test_Unpledge_CannotBeReentered() public {
        StorageEscrowTestReceiver receiver = new StorageEscrowTestReceiver(address(crowdfund));
        vm.deal(address(receiver), 10 ether);
        _create(0, ETH);
        receiver.forward{value: 2 ether}(abi.encodeCall(ICrowdfund.pledge, (1, 2 ether)));
        receiver.setOnReceive(
            StorageEscrowTestReceiver.OnReceive.Reenter, abi.encodeCall(ICrowdfund.unpledge, (1, 1 ether))
        );
        // The inner call reverts with ReentrancyGuardReentrantCall, so the receiver's receive() reverts, so the send.
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfund.CrowdfundEthTransferFailed.selector, address(receiver), 1 ether)
        );
        receiver.forward(abi.encodeCall(ICrowdfund.unpledge, (1, 1 ether)));
        assertEq(crowdfund.pledgeOf(1, address(receiver)), 2 ether);
        // ReentrancyGuardTransient is what refused the inner call: called directly it works.
        receiver.setOnReceive(StorageEscrowTestReceiver.OnReceive.Accept, "");
        receiver.forward(abi.encodeCall(ICrowdfund.unpledge, (1, 1 ether)));
        assertEq(crowdfund.pledgeOf(1, address(receiver)), 1 ether);
    }

    // ─── views ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Views_RevertForAnUnknownCampaign() public {
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownCampaign.selector, 1));
        crowdfund.campaign(1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfund.CrowdfundUnknownCampaign.selector, 1));
        crowdfund.pledgeOf(1, ALICE);
    }

    // ─── fuzz ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Any goal and any three pledges (some partly taken back): at the deadline, a reached campaign pays out
    /// exactly the total and a missed one returns each backer exactly what they still had pledged; the contract ends
    /// with nothing, and nothing was created or lost.
    function testFuzz_MoneyIsPaidOutOrReturnedExactly(
        uint128 goalSeed,
        uint128[3] calldata amounts,
        uint128[3] calldata takenBack,
        bool inToken
    ) public {
        address t = inToken ? address(token) : ETH;
        uint256 goal = bound(goalSeed, 1, 3e27);
        _createGoal(0, t, goal);
        address[3] memory backers = [ALICE, BOB, CAROL];
        uint256[3] memory kept;
        uint256[3] memory before;
        uint256 total;
        for (uint256 i; i < 3; ++i) {
            before[i] = _balance(t, backers[i]);
            uint256 amount = bound(amounts[i], 1, 1e27);
            _pledge(backers[i], 1, amount);
            uint256 back = bound(takenBack[i], 0, amount);
            if (back > 0) {
                vm.prank(backers[i]);
                crowdfund.unpledge(1, back);
            }
            kept[i] = amount - back;
            total += kept[i];
        }
        assertEq(crowdfund.campaign(1).pledged, total);
        assertEq(_balance(t, address(crowdfund)), total);
        vm.warp(DEADLINE);
        uint256 creatorBefore = _balance(t, CREATOR);
        if (total >= goal) {
            vm.prank(CREATOR);
            crowdfund.claim(1);
            assertEq(_balance(t, CREATOR), creatorBefore + total, "the creator gets the whole total");
            for (uint256 i; i < 3; ++i) {
                assertEq(_balance(t, backers[i]), before[i] - kept[i], "a backer pays what they kept pledged");
            }
        } else {
            for (uint256 i; i < 3; ++i) {
                if (kept[i] == 0) continue;
                vm.prank(backers[i]);
                crowdfund.refund(1);
            }
            for (uint256 i; i < 3; ++i) {
                assertEq(_balance(t, backers[i]), before[i], "a missed campaign returns every pledge in full");
            }
            assertEq(_balance(t, CREATOR), creatorBefore);
        }
        assertEq(_balance(t, address(crowdfund)), 0, "the contract holds nothing at the end");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _create(uint256 channelId, address t) internal returns (uint256) {
        return _createAt(channelId, t, DEADLINE);
    }

    function _createAt(uint256 channelId, address t, uint48 deadline) internal returns (uint256) {
        vm.prank(CREATOR);
        return crowdfund.create(channelId, t, GOAL, deadline, CID);
    }

    function _createGoal(uint256 channelId, address t, uint256 goal) internal returns (uint256) {
        vm.prank(CREATOR);
        return crowdfund.create(channelId, t, goal, DEADLINE, CID);
    }

    function _pledge(address backer, uint256 campaignId, uint256 amount) internal {
        bool eth = crowdfund.campaign(campaignId).token == ETH;
        vm.prank(backer);
        if (eth) crowdfund.pledge{value: amount}(campaignId, amount);
        else crowdfund.pledge(campaignId, amount);
    }

    function _balance(address t, address account) internal view returns (uint256) {
        return t == ETH ? account.balance : token.balanceOf(account);
    }
}
