// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IChannels} from "./interfaces/IChannels.sol";
import {ICrowdfund} from "./interfaces/ICrowdfund.sol";
import {IEarnings} from "./interfaces/IEarnings.sol";
import {CidV1} from "./libraries/CidV1.sol";

/// @title Crowdfund
/// @notice Campaigns with a goal and a deadline; pledges held here until the deadline, then paid to the recipient
/// (goal reached) or back to every backer (goal missed). See {ICrowdfund}. No owner, no admin, no fee, no pause, no
/// upgrade.
/// @dev Every function that moves value ({pledge}, {unpledge}, {claim}, {refund}) is `nonReentrant` and follows
/// checks-effects-interactions; {create} only reads Channels (a static call to a contract fixed at deployment). The
/// contract's balance of a token is always the sum, over the campaigns in that token not yet claimed, of their
/// `pledged` (test/invariant/README.md, "Crowdfund").
contract Crowdfund is ICrowdfund, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc ICrowdfund
    uint256 public constant MAX_DURATION = 180 days;

    /// @dev Three slots. `goal` and `pledged` share one: a pledge reads and writes only slots 0 to 2 (the token for
    /// the value check, the deadline, the totals). `channelId` fits 96 bits as in Streams (ids grow by one a
    /// transaction).
    struct Campaign {
        // Slot 0. `deadline == 0` means no campaign.
        address creator;
        uint48 deadline;
        bool claimed;
        // Slot 1.
        address token;
        uint96 channelId;
        // Slot 2.
        uint128 goal;
        uint128 pledged;
    }

    IChannels private immutable _CHANNELS;
    IEarnings private immutable _EARNINGS;

    uint256 private _campaignCount;
    mapping(uint256 campaignId => Campaign) private _campaigns;
    mapping(uint256 campaignId => mapping(address backer => uint256 amount)) private _pledges;

    constructor(IChannels channels_, IEarnings earnings_) {
        _CHANNELS = channels_;
        _EARNINGS = earnings_;
    }

    /// @inheritdoc ICrowdfund
    function create(uint256 channelId, address token, uint256 goal, uint48 deadline, bytes calldata metadataCid)
        external
        returns (uint256 campaignId)
    {
        // Checks
        if (goal == 0) revert CrowdfundZeroGoal();
        if (goal > type(uint128).max) revert CrowdfundGoalTooLarge(goal);
        uint256 latest = block.timestamp + MAX_DURATION;
        if (deadline <= block.timestamp || deadline > latest) {
            revert CrowdfundDeadlineOutOfRange(deadline, block.timestamp + 1, latest);
        }
        if (!CidV1.isValid(metadataCid)) revert CrowdfundMalformedCid(metadataCid);
        if (channelId != 0) {
            // A view of a contract fixed at deployment (a static call): no reentrancy, no state it could change.
            if (channelId > _CHANNELS.channelCount()) revert CrowdfundUnknownChannel(channelId);
            if (!_CHANNELS.isMember(channelId, msg.sender)) revert CrowdfundNotMember(channelId, msg.sender);
        }

        // Effects
        campaignId = ++_campaignCount;
        // Casts: goal checked above; channelId <= channelCount (see {Campaign}).
        _campaigns[campaignId] = Campaign({
            creator: msg.sender,
            deadline: deadline,
            claimed: false,
            token: token,
            channelId: uint96(channelId),
            goal: uint128(goal),
            pledged: 0
        });
        emit CampaignCreated(campaignId, msg.sender, channelId, token, goal, deadline, metadataCid);
    }

    /// @inheritdoc ICrowdfund
    function pledge(uint256 campaignId, uint256 amount) external payable nonReentrant {
        // Checks
        Campaign storage c = _campaign(campaignId);
        if (amount == 0) revert CrowdfundZeroAmount();
        uint48 deadline = c.deadline;
        if (block.timestamp >= deadline) revert CrowdfundEnded(campaignId, deadline);
        address token = c.token;
        uint256 expected = token == address(0) ? amount : 0;
        if (msg.value != expected) revert CrowdfundValueMismatch(expected, msg.value);
        uint256 total = c.pledged + amount;
        if (total > type(uint128).max) revert CrowdfundTotalTooLarge(campaignId, total);

        // Effects
        // Cast: checked above.
        c.pledged = uint128(total);
        uint256 backerTotal = _pledges[campaignId][msg.sender] + amount;
        _pledges[campaignId][msg.sender] = backerTotal;
        emit Pledged(campaignId, msg.sender, amount, backerTotal, total);

        // Interactions
        if (token != address(0)) {
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            uint256 received = IERC20(token).balanceOf(address(this)) - before;
            if (received != amount) revert CrowdfundTransferMismatch(token, amount, received);
        }
    }

    /// @inheritdoc ICrowdfund
    function unpledge(uint256 campaignId, uint256 amount) external nonReentrant {
        // Checks
        Campaign storage c = _campaign(campaignId);
        if (amount == 0) revert CrowdfundZeroAmount();
        uint48 deadline = c.deadline;
        if (block.timestamp >= deadline) revert CrowdfundEnded(campaignId, deadline);
        uint256 pledged = _pledges[campaignId][msg.sender];
        if (amount > pledged) revert CrowdfundInsufficientPledge(campaignId, msg.sender, pledged, amount);

        // Effects
        uint256 backerTotal = pledged - amount;
        _pledges[campaignId][msg.sender] = backerTotal;
        // Cannot underflow or truncate: the campaign's total includes this backer's pledge.
        uint256 total = c.pledged - amount;
        c.pledged = uint128(total);
        emit Unpledged(campaignId, msg.sender, amount, backerTotal, total);

        // Interactions
        _send(c.token, msg.sender, amount);
    }

    /// @inheritdoc ICrowdfund
    function claim(uint256 campaignId) external nonReentrant {
        // Checks
        Campaign storage c = _campaign(campaignId);
        uint48 deadline = c.deadline;
        if (block.timestamp < deadline) revert CrowdfundNotEnded(campaignId, deadline);
        uint256 pledged = c.pledged;
        uint256 goal = c.goal;
        if (pledged < goal) revert CrowdfundGoalMissed(campaignId, pledged, goal);
        if (c.claimed) revert CrowdfundAlreadyClaimed(campaignId);
        uint256 channelId = c.channelId;
        address creator = c.creator;
        if (channelId == 0 && msg.sender != creator) revert CrowdfundNotCreator(campaignId, msg.sender);

        // Effects
        // `pledged` stays as it was: the record of what the campaign raised (pledges can no longer change).
        c.claimed = true;
        address token = c.token;
        address to = channelId == 0 ? creator : address(_EARNINGS);
        emit Claimed(campaignId, msg.sender, to, pledged);

        // Interactions
        if (channelId == 0) {
            _send(token, creator, pledged);
        } else {
            // The source tells the channel's pot (and its indexer) where the money came from: this campaign.
            bytes32 source = bytes32(campaignId);
            if (token == address(0)) {
                _EARNINGS.payChannel{value: pledged}(channelId, token, pledged, source);
            } else {
                IERC20(token).forceApprove(address(_EARNINGS), pledged);
                _EARNINGS.payChannel(channelId, token, pledged, source);
            }
        }
    }

    /// @inheritdoc ICrowdfund
    function refund(uint256 campaignId) external nonReentrant {
        // Checks
        Campaign storage c = _campaign(campaignId);
        uint48 deadline = c.deadline;
        if (block.timestamp < deadline) revert CrowdfundNotEnded(campaignId, deadline);
        uint256 pledged = c.pledged;
        uint256 goal = c.goal;
        if (pledged >= goal) revert CrowdfundGoalReached(campaignId, pledged, goal);
        uint256 amount = _pledges[campaignId][msg.sender];
        if (amount == 0) revert CrowdfundNothingToRefund(campaignId, msg.sender);

        // Effects
        _pledges[campaignId][msg.sender] = 0;
        // Cannot underflow or truncate: the total includes this pledge. The total goes down with each refund, so it
        // stays what the contract holds for the campaign; a missed campaign stays missed (it only moves away from
        // the goal).
        c.pledged = uint128(pledged - amount);
        emit Refunded(campaignId, msg.sender, amount);

        // Interactions
        _send(c.token, msg.sender, amount);
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ICrowdfund
    function campaignCount() external view returns (uint256) {
        return _campaignCount;
    }

    /// @inheritdoc ICrowdfund
    function campaign(uint256 campaignId) external view returns (CampaignView memory info) {
        Campaign storage c = _campaign(campaignId);
        info.creator = c.creator;
        info.channelId = c.channelId;
        info.token = c.token;
        info.goal = c.goal;
        info.pledged = c.pledged;
        info.deadline = c.deadline;
        info.claimed = c.claimed;
    }

    /// @inheritdoc ICrowdfund
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256) {
        _campaign(campaignId);
        return _pledges[campaignId][backer];
    }

    /// @inheritdoc ICrowdfund
    function channels() external view returns (IChannels) {
        return _CHANNELS;
    }

    /// @inheritdoc ICrowdfund
    function earnings() external view returns (IEarnings) {
        return _EARNINGS;
    }

    // ─── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

    function _campaign(uint256 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.deadline == 0) revert CrowdfundUnknownCampaign(campaignId);
    }

    function _send(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            (bool sent,) = to.call{value: amount}("");
            if (!sent) revert CrowdfundEthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
