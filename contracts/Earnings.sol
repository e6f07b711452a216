// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IChannels} from "./interfaces/IChannels.sol";
import {IComments} from "./interfaces/IComments.sol";
import {IEarnings} from "./interfaces/IEarnings.sol";
import {IStreams} from "./interfaces/IStreams.sol";
import {IVideos} from "./interfaces/IVideos.sol";

/// @title Earnings
/// @notice Tips, revenue splits, paid and members-only posts, memberships and channel pots; see {IEarnings}. No owner,
/// no admin, no pause, no upgrade, no fee.
/// @dev Accounting. Money lands in one of three places: an account's balance (`_balances`: creator tips, stream tips,
/// creators' memberships, the income of a post without a split, and claimed shares), a split post's holder pool (`_pools`,
/// divided lazily by the split table when a holder claims) or a channel epoch's pot (`_pots`, divided lazily by its
/// member count; channel memberships land here). So a payment writes a constant number of slots whatever the number of holders or members. Only
/// {withdraw} sends money out, and it is the only function that calls anything but the immutable, trusted {IVideos},
/// {IChannels}, {IStreams} and the payment's token; every function that moves money is `nonReentrant`.
contract Earnings is IEarnings, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IEarnings
    uint256 public constant MAX_HOLDERS = 16;
    /// @inheritdoc IEarnings
    uint256 public constant MAX_MESSAGE_BYTES = 280;
    /// @inheritdoc IEarnings
    uint32 public constant MIN_MEMBERSHIP_PERIOD = 1 days;
    /// @inheritdoc IEarnings
    uint32 public constant MAX_MEMBERSHIP_PERIOD = 366 days;
    /// @inheritdoc IEarnings
    bytes32 public constant MEMBERSHIP_PLAN_KEY = keccak256("chorus.earnings.membershipPlan");

    uint256 private constant _BPS = 10_000;

    IVideos private immutable _VIDEOS;
    IChannels private immutable _CHANNELS;
    IStreams private immutable _STREAMS;

    /// @dev One slot per post. `creator` and `channelId` are cached from {IVideos} / {IChannels} the first time the
    /// post is touched (split, price, payment): both are immutable once the post exists. `paid` is set by the first
    /// payment, which checks the post is payable, so later payments read this slot only.
    struct Post {
        address creator;
        uint48 channelId;
        bool paid;
        bool splitSet;
        uint8 holderCount;
        uint16 channelBps;
        Access access;
    }

    /// @dev One slot per holder.
    struct Holder {
        address account;
        uint16 bps;
    }

    struct Terms {
        address token;
        uint256 price;
    }

    struct MembershipPlan {
        address token;
        uint32 period;
        uint256 pricePerPeriod;
    }

    /// @dev One slot per channel, epoch and token. `members` is the epoch's member count, recorded by its first
    /// payment (membership is constant within an epoch).
    struct Pot {
        uint224 received;
        uint32 members;
    }

    /// @dev Keyed by {_key}.
    mapping(uint256 key => Post) private _posts;
    mapping(uint256 key => mapping(uint256 index => Holder)) private _holders;
    mapping(uint256 key => Terms) private _terms;
    mapping(uint256 key => mapping(address account => bool)) private _bought;
    mapping(uint256 key => mapping(address token => uint256)) private _pools;
    mapping(uint256 key => mapping(address token => mapping(address holder => uint256))) private _postClaimed;

    mapping(uint256 channelId => mapping(uint48 epoch => mapping(address token => Pot))) private _pots;
    mapping(uint256 channelId => mapping(uint48 epoch => mapping(address token => mapping(address member => uint256))))
        private _potClaimed;

    mapping(address creator => MembershipPlan) private _plans;
    mapping(address creator => mapping(address member => uint48)) private _memberUntil;
    mapping(uint256 channelId => mapping(address member => uint48)) private _channelMemberUntil;

    mapping(address account => mapping(address token => uint256)) private _balances;

    /// @param videos_ The {Videos} contract whose videos are posts.
    /// @param channels_ The {Channels} contract whose releases are posts and whose channels have pots.
    /// @param streams_ The {Streams} contract whose streams can be tipped.
    constructor(IVideos videos_, IChannels channels_, IStreams streams_) {
        _VIDEOS = videos_;
        _CHANNELS = channels_;
        _STREAMS = streams_;
    }

    // ─── Splits and prices ───────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IEarnings
    function setSplit(
        IComments.PostKind kind,
        uint256 postId,
        address[] calldata holders,
        uint16[] calldata bps,
        uint16 channelBps
    ) external {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        address creator = _creatorFor(kind, postId, p);
        if (msg.sender != creator) revert EarningsNotCreator(kind, postId, msg.sender, creator);
        if (p.splitSet) revert EarningsSplitAlreadySet(kind, postId);
        if (p.paid) revert EarningsSplitAfterIncome(kind, postId);
        uint256 count = holders.length;
        if (count != bps.length) revert EarningsSplitLengthMismatch(count, bps.length);
        if (count == 0 || count > MAX_HOLDERS) revert EarningsSplitHolderCount(count, MAX_HOLDERS);
        if (channelBps != 0 && kind != IComments.PostKind.Release) revert EarningsChannelShareOnVideo(postId);

        uint256 sum = channelBps;
        for (uint256 i; i < count; ++i) {
            address holder = holders[i];
            if (holder == address(0)) revert EarningsSplitZeroHolder(i);
            if (bps[i] == 0) revert EarningsSplitZeroShare(holder);
            for (uint256 j; j < i; ++j) {
                if (holders[j] == holder) revert EarningsSplitDuplicateHolder(holder);
            }
            sum += bps[i];
            _holders[key][i] = Holder({account: holder, bps: bps[i]});
        }
        if (sum != _BPS) revert EarningsSplitSum(sum);

        p.splitSet = true;
        // Cannot truncate: count <= MAX_HOLDERS.
        p.holderCount = uint8(count);
        p.channelBps = channelBps;
        emit SplitSet(kind, postId, creator, holders, bps, channelBps);
    }

    /// @inheritdoc IEarnings
    function setPrice(IComments.PostKind kind, uint256 postId, Access access, address token, uint256 price) external {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        address creator = _creatorFor(kind, postId, p);
        if (msg.sender != creator) revert EarningsNotCreator(kind, postId, msg.sender, creator);
        if (access == Access.Paid ? price == 0 : (token != address(0) || price != 0)) {
            revert EarningsBadPrice(access, token, price);
        }
        p.access = access;
        _terms[key] = Terms({token: token, price: price});
        emit PriceSet(kind, postId, creator, access, token, price);
    }

    // ─── Paying ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IEarnings
    function tip(TipTarget target, uint256 id, address token, uint256 amount, string calldata message)
        external
        payable
        nonReentrant
    {
        if (amount == 0) revert EarningsZeroAmount();
        _checkValue(token, amount);
        uint256 length = bytes(message).length;
        if (length > MAX_MESSAGE_BYTES) revert EarningsMessageTooLong(length, MAX_MESSAGE_BYTES);

        address recipient;
        if (target == TipTarget.Video || target == TipTarget.Release) {
            recipient = _payPost(IComments.PostKind(uint8(target)), id, token, amount);
        } else if (target == TipTarget.Stream) {
            recipient = _streamCreator(id);
            _balances[recipient][token] += amount;
        } else if (target == TipTarget.Channel) {
            _payPot(id, _channelView(id), token, amount, PotSource.Tip, 0);
        } else {
            if (id == 0 || id > type(uint160).max) revert EarningsZeroCreator();
            recipient = address(uint160(id));
            _balances[recipient][token] += amount;
        }
        emit Tipped(target, id, msg.sender, recipient, token, amount, message);
        _pull(token, amount);
    }

    /// @inheritdoc IEarnings
    function buy(IComments.PostKind kind, uint256 postId, address token, uint256 price) external payable nonReentrant {
        uint256 key = _key(kind, postId);
        Access access = _posts[key].access;
        if (access != Access.Paid) revert EarningsNotForSale(kind, postId, access);
        Terms storage t = _terms[key];
        if (t.token != token || t.price != price) revert EarningsPriceChanged(t.token, t.price);
        if (_bought[key][msg.sender]) revert EarningsAlreadyBought(kind, postId, msg.sender);
        _checkValue(token, price);

        _bought[key][msg.sender] = true;
        address creator = _payPost(kind, postId, token, price);
        emit Purchased(kind, postId, msg.sender, creator, token, price);
        _pull(token, price);
    }

    /// @inheritdoc IEarnings
    function setMembershipPlan(address token, uint256 pricePerPeriod, uint32 period) external {
        bool valid = period == 0
            ? token == address(0) && pricePerPeriod == 0
            : period >= MIN_MEMBERSHIP_PERIOD && period <= MAX_MEMBERSHIP_PERIOD && pricePerPeriod != 0;
        if (!valid) revert EarningsBadPlan(pricePerPeriod, period);
        _plans[msg.sender] = MembershipPlan({token: token, period: period, pricePerPeriod: pricePerPeriod});
        emit MembershipPlanSet(msg.sender, token, pricePerPeriod, period);
    }

    /// @inheritdoc IEarnings
    function join(address creator, uint32 periods, address token, uint256 pricePerPeriod)
        external
        payable
        nonReentrant
    {
        MembershipPlan storage plan = _plans[creator];
        uint256 period = plan.period;
        if (period == 0) revert EarningsNoPlan(creator);
        if (plan.token != token || plan.pricePerPeriod != pricePerPeriod) {
            revert EarningsPriceChanged(plan.token, plan.pricePerPeriod);
        }
        if (periods == 0) revert EarningsBadPeriods(periods);
        uint256 amount = pricePerPeriod * periods;
        _checkValue(token, amount);
        uint256 until = Math.max(block.timestamp, _memberUntil[creator][msg.sender]) + period * periods;
        if (until > type(uint48).max) revert EarningsBadPeriods(periods);

        // Cannot truncate: checked above.
        _memberUntil[creator][msg.sender] = uint48(until);
        _balances[creator][token] += amount;
        emit Joined(creator, msg.sender, token, amount, periods, uint48(until));
        _pull(token, amount);
    }

    /// @inheritdoc IEarnings
    function joinChannel(uint256 channelId, uint32 periods, address token, uint256 pricePerPeriod)
        external
        payable
        nonReentrant
    {
        // Checks
        IChannels.ChannelView memory c = _channelView(channelId);
        Plan memory plan = _channelPlan(channelId);
        if (plan.period == 0) revert EarningsNoChannelPlan(channelId);
        if (plan.token != token || plan.pricePerPeriod != pricePerPeriod) {
            revert EarningsPriceChanged(plan.token, plan.pricePerPeriod);
        }
        if (periods == 0) revert EarningsBadPeriods(periods);
        uint256 amount = pricePerPeriod * periods;
        _checkValue(token, amount);
        uint256 until =
            Math.max(block.timestamp, _channelMemberUntil[channelId][msg.sender]) + uint256(plan.period) * periods;
        if (until > type(uint48).max) revert EarningsBadPeriods(periods);

        // Effects. Cannot truncate: checked above.
        _channelMemberUntil[channelId][msg.sender] = uint48(until);
        _payPot(channelId, c, token, amount, PotSource.Membership, bytes32(uint256(uint160(msg.sender))));
        emit ChannelJoined(channelId, msg.sender, token, amount, periods, plan.period, uint48(until));

        // Interactions
        _pull(token, amount);
    }

    /// @inheritdoc IEarnings
    function payChannel(uint256 channelId, address token, uint256 amount, bytes32 source)
        external
        payable
        nonReentrant
    {
        if (amount == 0) revert EarningsZeroAmount();
        _checkValue(token, amount);
        _payPot(channelId, _channelView(channelId), token, amount, PotSource.Payment, source);
        _pull(token, amount);
    }

    /// @inheritdoc IEarnings
    function sweepPot(uint256 channelId, uint48 epoch, address token) external {
        IChannels.ChannelView memory c = _channelView(channelId);
        if (epoch >= c.epoch) revert EarningsEpochNotOver(channelId, epoch);
        Pot storage pot = _pots[channelId][epoch][token];
        uint256 members = pot.members;
        uint256 remainder = members == 0 ? 0 : pot.received % members;
        if (remainder == 0) revert EarningsNothingToSweep(channelId, epoch, token);
        // Taking the remainder off leaves floor(received / members), every member's entitlement, unchanged.
        // Cannot underflow: remainder <= received.
        unchecked {
            pot.received -= uint224(remainder);
        }
        _payPot(channelId, c, token, remainder, PotSource.Remainder, bytes32(uint256(epoch)));
    }

    // ─── Taking out ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IEarnings
    function claim(address account, address token, PostRef[] calldata posts, PotRef[] calldata pots)
        external
        nonReentrant
        returns (uint256 credited)
    {
        credited = _claim(account, token, posts, pots);
    }

    /// @inheritdoc IEarnings
    function withdraw(address token, address to, PostRef[] calldata posts, PotRef[] calldata pots)
        external
        nonReentrant
        returns (uint256 amount)
    {
        // Checks
        if (to == address(0)) revert EarningsZeroRecipient();
        _claim(msg.sender, token, posts, pots);
        amount = _balances[msg.sender][token];
        if (amount == 0) revert EarningsNothingToWithdraw(msg.sender, token);

        // Effects
        _balances[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, to, amount);

        // Interactions
        if (token == address(0)) {
            (bool sent,) = to.call{value: amount}("");
            if (!sent) revert EarningsEthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IEarnings
    function videos() external view returns (IVideos) {
        return _VIDEOS;
    }

    /// @inheritdoc IEarnings
    function channels() external view returns (IChannels) {
        return _CHANNELS;
    }

    /// @inheritdoc IEarnings
    function streams() external view returns (IStreams) {
        return _STREAMS;
    }

    /// @inheritdoc IEarnings
    function hasAccess(IComments.PostKind kind, uint256 postId, address account) external view returns (bool) {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        Access access = p.access;
        if (access == Access.Free) return true;
        // A post never touched (no split, price or payment) has no cached creator: look it up without reverting.
        address creator = p.creator;
        if (creator == address(0)) creator = _tryCreator(kind, postId);
        if (creator != address(0) && account == creator) return true;
        if (_holderIndex(key, p.holderCount, account) != type(uint256).max) return true;
        if (access == Access.Withheld) return false;
        if (access == Access.Paid) return _bought[key][account];
        if (_memberUntil[creator][account] > block.timestamp) return true;
        if (kind == IComments.PostKind.Release) {
            uint256 channelId = p.channelId;
            if (_channelMemberUntil[channelId][account] > block.timestamp) return true;
            try _CHANNELS.isMember(channelId, account) returns (bool member) {
                return member;
            } catch {}
        }
        return false;
    }

    /// @inheritdoc IEarnings
    function splitOf(IComments.PostKind kind, uint256 postId) external view returns (Split memory split) {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        uint256 count = p.holderCount;
        split.set = p.splitSet;
        split.channelBps = p.channelBps;
        split.holders = new address[](count);
        split.bps = new uint16[](count);
        for (uint256 i; i < count; ++i) {
            Holder storage h = _holders[key][i];
            split.holders[i] = h.account;
            split.bps[i] = h.bps;
        }
    }

    /// @inheritdoc IEarnings
    function priceOf(IComments.PostKind kind, uint256 postId) external view returns (Price memory) {
        uint256 key = _key(kind, postId);
        Terms storage t = _terms[key];
        return Price({access: _posts[key].access, token: t.token, price: t.price});
    }

    /// @inheritdoc IEarnings
    function hasBought(IComments.PostKind kind, uint256 postId, address account) external view returns (bool) {
        return _bought[_key(kind, postId)][account];
    }

    /// @inheritdoc IEarnings
    function hasIncome(IComments.PostKind kind, uint256 postId) external view returns (bool) {
        return _posts[_key(kind, postId)].paid;
    }

    /// @inheritdoc IEarnings
    function poolOf(IComments.PostKind kind, uint256 postId, address token) external view returns (uint256) {
        return _pools[_key(kind, postId)][token];
    }

    /// @inheritdoc IEarnings
    function postShare(IComments.PostKind kind, uint256 postId, address token, address account)
        external
        view
        returns (uint256 entitled, uint256 claimed)
    {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        uint256 index = _holderIndex(key, p.holderCount, account);
        if (index != type(uint256).max) entitled = _entitlement(key, p, index, _pools[key][token]);
        claimed = _postClaimed[key][token][account];
    }

    /// @inheritdoc IEarnings
    function potOf(uint256 channelId, uint48 epoch, address token)
        external
        view
        returns (uint256 received, uint32 members)
    {
        Pot storage pot = _pots[channelId][epoch][token];
        return (pot.received, pot.members);
    }

    /// @inheritdoc IEarnings
    function potShare(uint256 channelId, uint48 epoch, address token, address account)
        external
        view
        returns (uint256 entitled, uint256 claimed)
    {
        Pot storage pot = _pots[channelId][epoch][token];
        uint256 members = pot.members;
        if (members != 0 && _CHANNELS.isMemberAt(channelId, account, epoch)) entitled = pot.received / members;
        claimed = _potClaimed[channelId][epoch][token][account];
    }

    /// @inheritdoc IEarnings
    function balanceOf(address account, address token) external view returns (uint256) {
        return _balances[account][token];
    }

    /// @inheritdoc IEarnings
    function membershipPlan(address creator) external view returns (Plan memory) {
        MembershipPlan storage plan = _plans[creator];
        return Plan({token: plan.token, pricePerPeriod: plan.pricePerPeriod, period: plan.period});
    }

    /// @inheritdoc IEarnings
    function channelMembershipPlan(uint256 channelId) external view returns (Plan memory) {
        return _channelPlan(channelId);
    }

    /// @inheritdoc IEarnings
    function channelMemberUntil(uint256 channelId, address account) external view returns (uint48) {
        return _channelMemberUntil[channelId][account];
    }

    /// @inheritdoc IEarnings
    function memberUntil(address creator, address account) external view returns (uint48) {
        return _memberUntil[creator][account];
    }

    // ─── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A post's storage key: kind in the low bit. Ids above 2^255 would collide, but no such post exists (ids
    /// are counts), and nothing can be paid to or set on a post that does not exist.
    function _key(IComments.PostKind kind, uint256 postId) private pure returns (uint256) {
        return (postId << 1) | uint256(kind);
    }

    /// @dev The post's creator, resolved and cached on first use; a release may still be pending.
    function _creatorFor(IComments.PostKind kind, uint256 postId, Post storage p) private returns (address creator) {
        creator = p.creator;
        if (creator == address(0)) {
            uint48 channelId;
            (creator, channelId) = _resolve(kind, postId, false);
            p.creator = creator;
            p.channelId = channelId;
        }
    }

    /// @dev The post's creator for {hasAccess}, or `address(0)` if there is no such post (never reverts): a video's
    /// publisher, a video proposal's proposer whatever its status.
    function _tryCreator(IComments.PostKind kind, uint256 postId) private view returns (address) {
        if (kind == IComments.PostKind.Video) {
            try _VIDEOS.creatorOf(postId) returns (address publisher) {
                return publisher;
            } catch {
                return address(0);
            }
        }
        try _CHANNELS.proposal(postId) returns (IChannels.ProposalView memory proposal) {
            return proposal.kind == IChannels.ProposalKind.Video ? proposal.proposer : address(0);
        } catch {
            return address(0);
        }
    }

    /// @dev The post's creator and (for a release) channel; reverts unless it exists, and, if `payable_`, unless it
    /// can be paid (a release whose proposal passed).
    function _resolve(IComments.PostKind kind, uint256 postId, bool payable_)
        private
        view
        returns (address creator, uint48 channelId)
    {
        if (kind == IComments.PostKind.Video) {
            try _VIDEOS.creatorOf(postId) returns (address publisher) {
                return (publisher, 0);
            } catch {
                revert EarningsUnknownPost(kind, postId);
            }
        }
        IChannels.ProposalView memory proposal;
        try _CHANNELS.proposal(postId) returns (IChannels.ProposalView memory p) {
            proposal = p;
        } catch {
            revert EarningsUnknownPost(kind, postId);
        }
        if (proposal.kind != IChannels.ProposalKind.Video) revert EarningsUnknownPost(kind, postId);
        IChannels.ProposalStatus status = proposal.status;
        if (status != IChannels.ProposalStatus.Executed) {
            if (payable_) revert EarningsNotPayable(postId, status);
            if (status != IChannels.ProposalStatus.Pending) revert EarningsUnknownPost(kind, postId);
        }
        return (proposal.proposer, SafeCast.toUint48(proposal.channelId));
    }

    /// @dev Books a payment to a post: the channel's share into its pot, the rest into the holder pool (split) or the
    /// creator's balance (no split). The first payment checks that the post is payable and marks it paid (which
    /// fixes its split). Returns the creator.
    function _payPost(IComments.PostKind kind, uint256 postId, address token, uint256 amount)
        private
        returns (address creator)
    {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        if (p.paid) {
            creator = p.creator;
        } else {
            uint48 channelId;
            (creator, channelId) = _resolve(kind, postId, true);
            p.creator = creator;
            p.channelId = channelId;
            p.paid = true;
        }
        if (!p.splitSet) {
            _balances[creator][token] += amount;
            return creator;
        }
        uint256 channelBps = p.channelBps;
        uint256 toChannel;
        if (channelBps != 0) {
            // Cannot overflow in practice: amount is a token amount actually paid; mulDiv keeps it exact regardless.
            toChannel = Math.mulDiv(amount, channelBps, _BPS);
            if (toChannel != 0) {
                uint256 channelId = p.channelId;
                _payPot(channelId, _channelView(channelId), token, toChannel, PotSource.Release, bytes32(postId));
            }
        }
        _pools[key][token] += amount - toChannel;
    }

    /// @dev Adds `amount` to the channel's current epoch pot.
    function _payPot(
        uint256 channelId,
        IChannels.ChannelView memory c,
        address token,
        uint256 amount,
        PotSource source,
        bytes32 ref
    ) private {
        uint48 epoch = c.epoch;
        Pot storage pot = _pots[channelId][epoch][token];
        uint32 members = pot.members;
        if (members == 0) {
            members = c.memberCount;
            pot.members = members;
        }
        pot.received = SafeCast.toUint224(pot.received + amount);
        emit ChannelPaid(channelId, epoch, msg.sender, token, amount, members, source, ref);
    }

    /// @dev The channel's voted membership plan, or an all-zero plan (none) if its setting is empty, is not a valid
    /// plan, or the channel does not exist. Never reverts, so a bad value only means "no plan".
    function _channelPlan(uint256 channelId) private view returns (Plan memory plan) {
        bytes memory value;
        try _CHANNELS.setting(channelId, MEMBERSHIP_PLAN_KEY) returns (bytes memory v) {
            value = v;
        } catch {
            return plan;
        }
        // abi.encode(address, uint256, uint32) is three words. Decoded as plain words, which never reverts, then each
        // checked against its type's range and the bounds {setMembershipPlan} enforces.
        if (value.length != 96) return plan;
        (uint256 token, uint256 pricePerPeriod, uint256 period) = abi.decode(value, (uint256, uint256, uint256));
        if (token > type(uint160).max || pricePerPeriod == 0) return plan;
        if (period < MIN_MEMBERSHIP_PERIOD || period > MAX_MEMBERSHIP_PERIOD) return plan;
        // Cannot truncate: checked just above.
        plan = Plan({token: address(uint160(token)), pricePerPeriod: pricePerPeriod, period: uint32(period)});
    }

    function _channelView(uint256 channelId) private view returns (IChannels.ChannelView memory c) {
        try _CHANNELS.channel(channelId) returns (IChannels.ChannelView memory view_) {
            return view_;
        } catch {
            revert EarningsUnknownChannel(channelId);
        }
    }

    function _streamCreator(uint256 streamId) private view returns (address) {
        try _STREAMS.streamOf(streamId) returns (IStreams.StreamView memory s) {
            return s.creator;
        } catch {
            revert EarningsUnknownStream(streamId);
        }
    }

    /// @dev Moves `account`'s unclaimed shares into its balance; returns the total.
    function _claim(address account, address token, PostRef[] calldata posts, PotRef[] calldata pots)
        private
        returns (uint256 credited)
    {
        for (uint256 i; i < posts.length; ++i) {
            credited += _claimPost(account, token, posts[i].kind, posts[i].postId);
        }
        for (uint256 i; i < pots.length; ++i) {
            credited += _claimPot(account, token, pots[i].channelId, pots[i].epoch);
        }
        if (credited != 0) _balances[account][token] += credited;
    }

    /// @dev Marks `account`'s unclaimed share of a post's pool claimed and returns it (the caller credits it).
    function _claimPost(address account, address token, IComments.PostKind kind, uint256 postId)
        private
        returns (uint256 owed)
    {
        uint256 key = _key(kind, postId);
        Post storage p = _posts[key];
        uint256 index = _holderIndex(key, p.holderCount, account);
        if (index == type(uint256).max) revert EarningsNotHolder(kind, postId, account);
        uint256 entitled = _entitlement(key, p, index, _pools[key][token]);
        mapping(address => uint256) storage claimed = _postClaimed[key][token];
        owed = entitled - claimed[account];
        if (owed != 0) {
            claimed[account] = entitled;
            emit PostShareClaimed(kind, postId, account, token, owed);
        }
    }

    /// @dev Marks `account`'s unclaimed share of a pot claimed and returns it (the caller credits it).
    function _claimPot(address account, address token, uint256 channelId, uint48 epoch)
        private
        returns (uint256 owed)
    {
        if (!_CHANNELS.isMemberAt(channelId, account, epoch)) revert EarningsNotMemberAt(channelId, epoch, account);
        Pot storage pot = _pots[channelId][epoch][token];
        uint256 members = pot.members;
        uint256 entitled = members == 0 ? 0 : pot.received / members;
        mapping(address => uint256) storage claimed = _potClaimed[channelId][epoch][token];
        owed = entitled - claimed[account];
        if (owed != 0) {
            claimed[account] = entitled;
            emit PotShareClaimed(channelId, epoch, account, token, owed);
        }
    }

    /// @dev The position of `account` in the post's split, or `type(uint256).max` if it is not a holder.
    function _holderIndex(uint256 key, uint256 count, address account) private view returns (uint256) {
        for (uint256 i; i < count; ++i) {
            if (_holders[key][i].account == account) return i;
        }
        return type(uint256).max;
    }

    /// @dev Holder `index`'s entitlement to a pool: its floor share, or for the first holder the pool minus the others'
    /// floor shares (so the entitlements sum to the pool exactly).
    function _entitlement(uint256 key, Post storage p, uint256 index, uint256 pool) private view returns (uint256) {
        uint256 total = _BPS - p.channelBps;
        if (index != 0) return Math.mulDiv(pool, _holders[key][index].bps, total);
        uint256 others;
        uint256 count = p.holderCount;
        for (uint256 i = 1; i < count; ++i) {
            others += Math.mulDiv(pool, _holders[key][i].bps, total);
        }
        return pool - others;
    }

    /// @dev Reverts unless `msg.value` pays `amount` of `token`: all of it in ETH, or none for an ERC-20.
    function _checkValue(address token, uint256 amount) private view {
        uint256 expected = token == address(0) ? amount : 0;
        if (msg.value != expected) revert EarningsValueMismatch(expected, msg.value);
    }

    /// @dev Takes `amount` of an ERC-20 from the caller, and reverts unless the balance grew by exactly that much.
    function _pull(address token, uint256 amount) private {
        if (token == address(0)) return;
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert EarningsTransferMismatch(token, amount, received);
    }
}
