// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IChannels} from "./IChannels.sol";
import {IEarnings} from "./IEarnings.sol";

/// @title ICrowdfund
/// @notice Crowdfunding for a creator or a community channel: a goal in one token (ETH or an ERC-20), a deadline, and
/// pledges held by this contract until the deadline. Reached (the pledges total at least the goal when the deadline
/// passes) → the proceeds go to the recipient: the creator withdraws them, or, for a community channel, anyone
/// triggers their payment into the channel's pot in Earnings. Missed → every backer takes back their pledge in full.
/// No owner, no admin, no fee: every wei pledged goes either to the recipient or back to its backer.
/// @dev Rules, all by the block's timestamp:
/// - A campaign runs until its `deadline` (exclusive): pledges and unpledges are accepted while
///   `block.timestamp < deadline`, claims and refunds only once `block.timestamp >= deadline`.
/// - Reaching the goal early ends nothing: the campaign keeps running and accepting pledges (it may end above its
///   goal), and backers may still unpledge, which may bring it back under the goal. Only the total at the deadline
///   decides, as on Kickstarter.
/// - A backer may withdraw any part of their pledge before the deadline ({unpledge}); after it, only a refund of a
///   missed campaign returns money.
/// - `channelId == 0` is the creator's own channel (the proceeds go to the creator's address, as in {IStreams});
///   otherwise the creator must be a member of that community channel when creating, and the proceeds go to the
///   channel's pot. A member removed later does not stop the campaign: the money never goes to them.
/// - ERC-20 tokens must move exactly the amount asked (no fee-on-transfer, no rebasing): a pledge whose transfer
///   credits less reverts with {CrowdfundTransferMismatch}.
interface ICrowdfund {
    /// @notice A campaign as {campaign} returns it.
    /// @param creator Who created it; for an own-channel campaign, the recipient of its proceeds.
    /// @param channelId The community channel whose pot receives the proceeds, or 0 for the creator.
    /// @param token The token pledged: `address(0)` for ETH, else an ERC-20.
    /// @param goal The total needed at the deadline for the recipient to get the money.
    /// @param pledged The total pledged now (and not unpledged or refunded).
    /// @param deadline The end, a timestamp: pledges until before it, claim or refunds from it.
    /// @param claimed Whether the proceeds were paid out (a reached campaign only).
    struct CampaignView {
        address creator;
        uint256 channelId;
        address token;
        uint256 goal;
        uint256 pledged;
        uint48 deadline;
        bool claimed;
    }

    /// @notice Emitted when a campaign is created.
    /// @param campaignId 1 for the first campaign, then consecutive.
    /// @param creator The creating wallet.
    /// @param channelId The community channel that receives the proceeds, or 0 for the creator.
    /// @param token `address(0)` for ETH, else the ERC-20.
    /// @param goal The amount to reach, in the token's smallest unit.
    /// @param deadline The end (a timestamp).
    /// @param metadataCid Binary CIDv1 of a JSON document on IPFS: title, description, picture (protocol's
    /// crowdfund metadata schema). Only here, never stored.
    event CampaignCreated(
        uint256 indexed campaignId,
        address indexed creator,
        uint256 indexed channelId,
        address token,
        uint256 goal,
        uint48 deadline,
        bytes metadataCid
    );

    /// @notice Emitted when a backer pledges.
    /// @param amount What this call added.
    /// @param backerTotal The backer's pledge to this campaign after the call.
    /// @param total The campaign's total pledged after the call.
    event Pledged(
        uint256 indexed campaignId, address indexed backer, uint256 amount, uint256 backerTotal, uint256 total
    );

    /// @notice Emitted when a backer takes back (part of) a pledge before the deadline.
    /// @param amount What this call returned.
    /// @param backerTotal The backer's pledge after the call.
    /// @param total The campaign's total pledged after the call.
    event Unpledged(
        uint256 indexed campaignId, address indexed backer, uint256 amount, uint256 backerTotal, uint256 total
    );

    /// @notice Emitted when a reached campaign's proceeds are paid out.
    /// @param caller Who triggered the payment.
    /// @param to The creator, or the Earnings contract for a channel campaign (the channel's pot).
    /// @param amount The whole total pledged.
    event Claimed(uint256 indexed campaignId, address indexed caller, address indexed to, uint256 amount);

    /// @notice Emitted when a backer of a missed campaign takes back their pledge.
    event Refunded(uint256 indexed campaignId, address indexed backer, uint256 amount);

    /// @notice `channelId` was never created in {IChannels}.
    error CrowdfundUnknownChannel(uint256 channelId);
    /// @notice The creator is not a member of the community channel the campaign would fund.
    error CrowdfundNotMember(uint256 channelId, address account);
    /// @notice A goal of zero: every campaign would succeed at once.
    error CrowdfundZeroGoal();
    /// @notice A goal above 2^128 - 1 (no token has that much).
    error CrowdfundGoalTooLarge(uint256 goal);
    /// @notice The deadline is not after now, or more than {MAX_DURATION} ahead.
    error CrowdfundDeadlineOutOfRange(uint256 deadline, uint256 earliest, uint256 latest);
    /// @notice The metadata CID is not a binary CIDv1 (raw or dag-pb, sha2-256).
    error CrowdfundMalformedCid(bytes cid);
    /// @notice No campaign has this id.
    error CrowdfundUnknownCampaign(uint256 campaignId);
    /// @notice A pledge, or an unpledge, of zero.
    error CrowdfundZeroAmount();
    /// @notice `msg.value` must equal the amount for ETH and be zero for an ERC-20.
    error CrowdfundValueMismatch(uint256 expected, uint256 actual);
    /// @notice The ERC-20 credited this contract with another amount than was asked (a fee-on-transfer token).
    error CrowdfundTransferMismatch(address token, uint256 expected, uint256 received);
    /// @notice The campaign's total would pass 2^128 - 1.
    error CrowdfundTotalTooLarge(uint256 campaignId, uint256 total);
    /// @notice Pledging or unpledging after the deadline.
    error CrowdfundEnded(uint256 campaignId, uint48 deadline);
    /// @notice Claiming or refunding before the deadline.
    error CrowdfundNotEnded(uint256 campaignId, uint48 deadline);
    /// @notice Unpledging more than the backer's pledge.
    error CrowdfundInsufficientPledge(uint256 campaignId, address backer, uint256 pledged, uint256 amount);
    /// @notice Claiming a campaign whose total at the deadline was under its goal (backers get refunds instead).
    error CrowdfundGoalMissed(uint256 campaignId, uint256 pledged, uint256 goal);
    /// @notice Refunding from a campaign that reached its goal (its proceeds go to the recipient).
    error CrowdfundGoalReached(uint256 campaignId, uint256 pledged, uint256 goal);
    /// @notice The proceeds were already paid out.
    error CrowdfundAlreadyClaimed(uint256 campaignId);
    /// @notice Only the creator claims an own-channel campaign.
    error CrowdfundNotCreator(uint256 campaignId, address caller);
    /// @notice The caller has no pledge to refund in this campaign.
    error CrowdfundNothingToRefund(uint256 campaignId, address backer);
    /// @notice Sending ETH to `to` failed (it reverted or has no payable fallback).
    error CrowdfundEthTransferFailed(address to, uint256 amount);

    /// @notice The longest a campaign may run: 180 days from its creation.
    function MAX_DURATION() external view returns (uint256);

    /// @notice Starts a campaign.
    /// @param channelId 0 for the caller's own campaign (the proceeds are theirs), else a community channel the caller
    /// is a member of (the proceeds go to its pot).
    /// @param token `address(0)` for ETH, else an ERC-20 with exact transfers.
    /// @param goal Greater than zero, at most 2^128 - 1.
    /// @param deadline After now, at most now + {MAX_DURATION}.
    /// @param metadataCid Binary CIDv1 of the campaign's JSON metadata on IPFS.
    /// @return campaignId The new campaign's id.
    function create(uint256 channelId, address token, uint256 goal, uint48 deadline, bytes calldata metadataCid)
        external
        returns (uint256 campaignId);

    /// @notice Adds `amount` to the caller's pledge; ETH as `msg.value == amount`, an ERC-20 pulled (approve first).
    function pledge(uint256 campaignId, uint256 amount) external payable;

    /// @notice Takes back `amount` of the caller's pledge before the deadline; sent to the caller.
    function unpledge(uint256 campaignId, uint256 amount) external;

    /// @notice Pays a reached campaign's whole total to its recipient, once, from the deadline on. An own-channel
    /// campaign: only its creator may call, and receives it. A channel campaign: anyone may call; the total goes to the
    /// channel's pot in Earnings.
    function claim(uint256 campaignId) external;

    /// @notice Returns the caller's whole pledge to a missed campaign, from the deadline on.
    function refund(uint256 campaignId) external;

    /// @notice The number of campaigns created; ids run from 1 to it.
    function campaignCount() external view returns (uint256);

    /// @notice A campaign. Reverts with {CrowdfundUnknownCampaign} for an id never created.
    function campaign(uint256 campaignId) external view returns (CampaignView memory);

    /// @notice `backer`'s current pledge to a campaign (0 once refunded). Reverts for an unknown campaign.
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256);

    /// @notice The Channels contract that decides membership.
    function channels() external view returns (IChannels);

    /// @notice The Earnings contract whose channel pots receive channel campaigns' proceeds ({IEarnings-payChannel}:
    /// ETH as `msg.value`, an ERC-20 pulled after this contract approves exactly the amount).
    function earnings() external view returns (IEarnings);
}
