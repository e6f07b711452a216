// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
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

/// @dev Drives {Earnings} (over the real Videos, Channels and Streams) with random calls from a cast of six actors, in
/// ETH and a test token, and keeps its own model of where every unit went: balances, split pools with what each
/// holder claimed, and channel pots per epoch with what each member claimed. Every call is made in `try`/`catch`; a
/// call the model says must succeed that reverts (its revert data is recorded), one it says must fail that succeeds,
/// or a success whose effect differs from the model, counts in {unexpected} (the first one in {firstUnexpected}). The
/// handler never reverts and never asserts.
///
/// The cast: actor 0 published video 1 (no split) and submitted release 1 into channel 1 (split: actor 0 5000, actor 3
/// 2500, actor 4 1000, the channel 1500); actor 1 published video 2 (split: actor 1 3334, actor 2 3333, actor 0 3333)
/// and video 3 (paid, no split; its creator may withhold it and open it again); actor 2 streams (stream 1); actor 0
/// sells a membership. Channel 1 starts with actors 0-3 and one vote passes; {toggleMember} adds or removes actor 4
/// (each a new epoch); {votePlan} sets the channel's membership plan by vote (valid, malformed or none) and
/// {joinChannel} buys it; {priceRelease} makes release 1 members-only or withholds it again. Actor 5 is a fan only:
/// never a member, a holder or a creator, so their access to the release is their paid memberships alone.
contract EarningsHandler is Test {
    Earnings public earnings;
    Channels public channels;
    StorageEscrowTestToken public token;

    uint256 public constant ACTORS = 6;
    uint256 public constant CHANNEL = 1;
    uint256 internal constant POSTS = 4;
    IComments.PostKind internal constant V = IComments.PostKind.Video;
    IComments.PostKind internal constant R = IComments.PostKind.Release;
    uint16 internal constant RELEASE_CHANNEL_BPS = 1500;

    // ─── The model ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Per post index (0: video 1, 1: video 2, 2: release 1, 3: video 3): kind, id, creator, split.
    IComments.PostKind[POSTS] internal _kinds;
    uint256[POSTS] internal _ids;
    address[POSTS] internal _creators;
    mapping(uint256 post => address[]) internal _holders;
    mapping(uint256 post => uint16[]) internal _bps;
    mapping(uint256 post => uint256) internal _holderTotal;

    mapping(address account => mapping(address token => uint256)) public ghostBalance;
    mapping(uint256 post => mapping(address token => uint256)) public ghostPool;
    mapping(uint256 post => mapping(address token => mapping(address holder => uint256))) public ghostPostClaimed;
    mapping(uint48 epoch => mapping(address token => uint256)) public ghostPot;
    mapping(uint48 epoch => uint32) public ghostPotMembers;
    mapping(uint48 epoch => mapping(address token => mapping(address member => uint256))) public ghostPotClaimed;
    mapping(uint48 epoch => mapping(address account => bool)) public ghostMemberAt;
    uint48 public epoch;
    mapping(address token => uint256) public ghostIn;
    mapping(address token => uint256) public ghostWithdrawn;
    mapping(address account => uint256) public ghostMemberUntil;
    mapping(address account => bool) public ghostBought;
    /// @dev Video 3 withheld by its creator (no sale, its key only to its creator) until repriced.
    bool public ghostWithheld;
    address public saleToken;
    uint256 public salePrice = 1e15;
    /// @dev The channel's membership plan as voted, if valid (`planPeriod` 0: no valid plan), and each account's paid
    /// channel membership end.
    address public planToken;
    uint256 public planPrice;
    uint32 public planPeriod;
    mapping(address account => uint256) public ghostChannelMemberUntil;
    /// @dev Release 1 is members-only (else withheld, the default).
    bool public ghostReleaseMembersOnly;

    mapping(bytes32 action => uint256) public calls;
    uint256 public successes;
    uint256 public actions;
    uint256 public unexpected;
    string public firstUnexpected;

    constructor(Earnings earnings_, Channels channels_, StorageEscrowTestToken token_) {
        earnings = earnings_;
        channels = channels_;
        token = token_;
        (_kinds[0], _ids[0], _creators[0]) = (V, 1, actor(0));
        (_kinds[1], _ids[1], _creators[1]) = (V, 2, actor(1));
        (_kinds[2], _ids[2], _creators[2]) = (R, 1, actor(0));
        (_kinds[3], _ids[3], _creators[3]) = (V, 3, actor(1));
        _holders[1].push(actor(1));
        _holders[1].push(actor(2));
        _holders[1].push(actor(0));
        (_bps[1].push(), _bps[1].push(), _bps[1].push());
        (_bps[1][0], _bps[1][1], _bps[1][2]) = (3334, 3333, 3333);
        _holderTotal[1] = 10_000;
        _holders[2].push(actor(0));
        _holders[2].push(actor(3));
        _holders[2].push(actor(4));
        (_bps[2].push(), _bps[2].push(), _bps[2].push());
        (_bps[2][0], _bps[2][1], _bps[2][2]) = (5000, 2500, 1000);
        _holderTotal[2] = 10_000 - RELEASE_CHANNEL_BPS;
        for (uint256 a; a < 4; ++a) {
            ghostMemberAt[0][actor(a)] = true;
        }
        for (uint256 a; a < ACTORS; ++a) {
            vm.deal(actor(a), 1e30);
            token.mint(actor(a), 1e30);
            vm.prank(actor(a));
            token.approve(address(earnings), type(uint256).max);
        }
    }

    modifier counted() {
        ++actions;
        _;
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0xE40000 + index % ACTORS));
    }

    function tokens() public view returns (address[2] memory) {
        return [address(0), address(token)];
    }

    function postCount() external pure returns (uint256) {
        return POSTS;
    }

    function post(uint256 index) external view returns (IComments.PostKind, uint256) {
        return (_kinds[index], _ids[index]);
    }

    function holders(uint256 index) external view returns (address[] memory) {
        return _holders[index];
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A tip of a random amount to one of the targets: video 1, video 2, release 1, stream 1, channel 1, or an
    /// actor directly. A tenth of the tips are malformed (zero amount, wrong value) and must be refused.
    function tip(uint256 actorSeed, uint256 targetSeed, uint256 amountSeed, bool inToken) public counted {
        address tipper = actor(actorSeed);
        address asset = inToken ? address(token) : address(0);
        uint256 amount = _bound(amountSeed, 1, 1e21);
        uint256 which = targetSeed % 6;
        IEarnings.TipTarget target;
        uint256 id;
        if (which == 0) (target, id) = (IEarnings.TipTarget.Video, 1);
        else if (which == 1) (target, id) = (IEarnings.TipTarget.Video, 2);
        else if (which == 2) (target, id) = (IEarnings.TipTarget.Release, 1);
        else if (which == 3) (target, id) = (IEarnings.TipTarget.Stream, 1);
        else if (which == 4) (target, id) = (IEarnings.TipTarget.Channel, CHANNEL);
        else (target, id) = (IEarnings.TipTarget.Creator, uint160(actor(targetSeed >> 8)));

        bool malformed = (amountSeed >> 128) % 10 == 0;
        uint256 value = asset == address(0) ? amount : 0;
        if (malformed) value += 1;
        vm.prank(tipper);
        try earnings.tip{value: value}(target, id, asset, amount, "tip") {
            if (malformed) return _unexpected("a tip with the wrong value succeeded");
            ghostIn[asset] += amount;
            if (which == 0) ghostBalance[actor(0)][asset] += amount;
            else if (which == 1) _payPool(1, asset, amount);
            else if (which == 2) _payPool(2, asset, amount);
            else if (which == 3) ghostBalance[actor(2)][asset] += amount;
            else if (which == 4) _payPot(asset, amount);
            else ghostBalance[actor(targetSeed >> 8)][asset] += amount;
            _ok("tip");
        } catch (bytes memory reason) {
            if (!malformed) _unexpected(string.concat("a tip reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Buys video 3 at its current terms; a second purchase by the same actor, or one while it is withheld, must
    /// be refused.
    function buy(uint256 actorSeed) public counted {
        address buyer = actor(actorSeed);
        address asset = saleToken;
        uint256 price = salePrice;
        vm.prank(buyer);
        try earnings.buy{value: asset == address(0) ? price : 0}(V, 3, asset, price) {
            if (ghostBought[buyer]) return _unexpected("a second purchase succeeded");
            if (ghostWithheld) return _unexpected("a purchase of a withheld post succeeded");
            ghostBought[buyer] = true;
            ghostIn[asset] += price;
            ghostBalance[actor(1)][asset] += price;
            if (!earnings.hasAccess(V, 3, buyer)) return _unexpected("a buyer has no access");
            _ok("buy");
        } catch (bytes memory reason) {
            if (!ghostBought[buyer] && !ghostWithheld) {
                _unexpected(string.concat("a purchase reverted: ", vm.toString(reason)));
            }
        }
    }

    /// @dev The creator of video 3 changes its price (and maybe its token); purchases stay valid.
    function reprice(uint256 priceSeed, bool inToken) public counted {
        uint256 price = _bound(priceSeed, 1, 1e20);
        address asset = inToken ? address(token) : address(0);
        vm.prank(actor(1));
        try earnings.setPrice(V, 3, IEarnings.Access.Paid, asset, price) {
            (saleToken, salePrice) = (asset, price);
            ghostWithheld = false;
            for (uint256 a; a < ACTORS; ++a) {
                if (ghostBought[actor(a)] && !earnings.hasAccess(V, 3, actor(a))) {
                    return _unexpected("a price change took a purchase's access away");
                }
            }
            _ok("reprice");
        } catch (bytes memory reason) {
            _unexpected(string.concat("setPrice by the creator reverted: ", vm.toString(reason)));
        }
    }

    /// @dev The creator of video 3 withholds it (stops handing out its key); {reprice} opens it again. Nobody but the
    /// creator keeps access meanwhile, buyers included.
    function withhold() public counted {
        vm.prank(actor(1));
        try earnings.setPrice(V, 3, IEarnings.Access.Withheld, address(0), 0) {
            ghostWithheld = true;
            for (uint256 a; a < ACTORS; ++a) {
                if (earnings.hasAccess(V, 3, actor(a)) != (a == 1)) {
                    return _unexpected("a withheld post's key goes to someone other than its creator");
                }
            }
            _ok("withhold");
        } catch (bytes memory reason) {
            _unexpected(string.concat("withholding by the creator reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Whether `account` may have post `index`'s key by the model: its creator and split holders always; for
    /// video 3 also its buyers unless withheld; for release 1 while members-only, the channel's current members, its
    /// paying members and its creator's (actor 0's) members until their time ends; for the never-priced posts
    /// (withheld by default) nobody else.
    function modelAccess(uint256 index, address account) external view returns (bool) {
        if (account == _creators[index]) return true;
        for (uint256 h; h < _holders[index].length; ++h) {
            if (_holders[index][h] == account) return true;
        }
        if (index == 2 && ghostReleaseMembersOnly) {
            return ghostMemberAt[epoch][account] || ghostChannelMemberUntil[account] > block.timestamp
                || ghostMemberUntil[account] > block.timestamp;
        }
        return index == 3 && !ghostWithheld && ghostBought[account];
    }

    /// @dev Actor 0 makes release 1 members-only, or withholds it again.
    function priceRelease(bool membersOnly) public counted {
        IEarnings.Access access = membersOnly ? IEarnings.Access.MembersOnly : IEarnings.Access.Withheld;
        vm.prank(actor(0));
        try earnings.setPrice(R, 1, access, address(0), 0) {
            ghostReleaseMembersOnly = membersOnly;
            _ok("priceRelease");
        } catch (bytes memory reason) {
            _unexpected(string.concat("setPrice of the release by its creator reverted: ", vm.toString(reason)));
        }
    }

    /// @dev The channel votes its membership plan (one vote passes): a valid plan in ETH or the token, a malformed
    /// value (zero price, a period over 366 days, too short), or none. A malformed value means no plan.
    function votePlan(uint256 seed) public counted {
        uint256 which = seed % 6;
        address asset = which == 1 ? address(token) : address(0);
        uint256 price = _bound(seed >> 8, 1, 1e18);
        // Mostly short periods, so that paid memberships also run out within a run (warps are up to 10 days).
        uint32 period = uint32(_bound(seed >> 72, 1 days, (seed >> 200) % 8 == 0 ? 366 days : 10 days));
        bytes memory value;
        if (which <= 1) value = abi.encode(asset, price, period);
        else if (which == 2) value = abi.encode(asset, uint256(0), period);
        else if (which == 3) value = abi.encode(asset, price, uint32(366 days + 1));
        else if (which == 4) value = abi.encode(asset, price);
        bytes32 key = earnings.MEMBERSHIP_PLAN_KEY();
        vm.prank(actor(0));
        try channels.proposeSetting(CHANNEL, key, value) {
            if (which <= 1) (planToken, planPrice, planPeriod) = (asset, price, period);
            else (planToken, planPrice, planPeriod) = (address(0), 0, 0);
            // Reading the plan never reverts, whatever value was voted: a malformed one reads as no plan.
            try earnings.channelMembershipPlan(CHANNEL) returns (IEarnings.Plan memory plan) {
                if (plan.token != planToken || plan.pricePerPeriod != planPrice || plan.period != planPeriod) {
                    return _unexpected("the channel's plan is not the one voted (or none for a malformed value)");
                }
            } catch (bytes memory reason) {
                return _unexpected(string.concat("channelMembershipPlan reverted: ", vm.toString(reason)));
            }
            _ok("votePlan");
        } catch (bytes memory reason) {
            _unexpected(string.concat("a plan vote reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Buys 1-3 periods of the channel's membership at its plan, or at a stale price (refused); refused too when
    /// the channel has no valid plan, each with its own error. The money goes into the channel's current pot, and the
    /// membership ends exactly `max(now, its current end) + periods × period`.
    function joinChannel(uint256 actorSeed, uint256 periodsSeed, bool stalePrice) public counted {
        address member = actor(actorSeed);
        uint32 periods = uint32(_bound(periodsSeed, 1, 3));
        address asset = planToken;
        uint256 price = (planPeriod == 0 ? 1 : planPrice) + (stalePrice ? 1 : 0);
        uint256 amount = price * periods;
        bool expected = planPeriod != 0 && !stalePrice;
        if (asset == address(0)) _fund(member, amount);
        vm.prank(member);
        try earnings.joinChannel{value: asset == address(0) ? amount : 0}(CHANNEL, periods, asset, price) {
            if (!expected) return _unexpected("joinChannel without a valid plan or at a stale price succeeded");
            uint256 current = ghostChannelMemberUntil[member];
            uint256 from = current > block.timestamp ? current : block.timestamp;
            ghostChannelMemberUntil[member] = from + uint256(planPeriod) * periods;
            if (earnings.channelMemberUntil(CHANNEL, member) != ghostChannelMemberUntil[member]) {
                return _unexpected(
                    current > block.timestamp
                        ? "joinChannel: a renewal before the end does not extend from the current end"
                        : "joinChannel: wrong end"
                );
            }
            ghostIn[asset] += amount;
            _payPot(asset, amount);
            _ok(current > block.timestamp ? bytes32("renewChannel") : bytes32("joinChannel"));
        } catch (bytes memory reason) {
            if (expected) return _unexpected(string.concat("joinChannel at the plan reverted: ", vm.toString(reason)));
            bytes memory refusal = planPeriod == 0
                ? abi.encodeWithSelector(IEarnings.EarningsNoChannelPlan.selector, CHANNEL)
                : abi.encodeWithSelector(IEarnings.EarningsPriceChanged.selector, planToken, planPrice);
            if (keccak256(reason) != keccak256(refusal)) {
                _unexpected(string.concat("joinChannel was refused with another error: ", vm.toString(reason)));
            }
        }
    }

    /// @dev Renews a paying channel member's membership before it ends (from a second after the last renewal to its
    /// last second): a member whose time is running, else one who joins first; a valid plan is voted first if there is
    /// none. Without this, a renewal before the end is rare in random runs (the plan must be valid and the same actor
    /// must join twice within a period), and a renewal counted from now would go unseen.
    function renewChannel(uint256 actorSeed, uint256 periodsSeed, uint256 leftSeed) public counted {
        if (planPeriod == 0) votePlan((periodsSeed >> 8) - (periodsSeed >> 8) % 6);
        if (planPeriod == 0) return;
        uint256 a = _runningMember(actorSeed, true);
        if (a == ACTORS) {
            a = actorSeed % ACTORS;
            joinChannel(a, periodsSeed >> 128, false);
        }
        _warpToBefore(ghostChannelMemberUntil[actor(a)], leftSeed);
        joinChannel(a, periodsSeed, false);
    }

    /// @dev Joins actor 0's membership (ETH) for 1-3 periods; it ends exactly `max(now, its current end) + periods ×
    /// 7 days`.
    function join(uint256 actorSeed, uint256 periodsSeed) public counted {
        address member = actor(actorSeed);
        uint32 periods = uint32(_bound(periodsSeed, 1, 3));
        uint256 amount = uint256(periods) * 1e14;
        uint256 current = ghostMemberUntil[member];
        _fund(member, amount);
        vm.prank(member);
        try earnings.join{value: amount}(actor(0), periods, address(0), 1e14) {
            uint256 from = current > block.timestamp ? current : block.timestamp;
            ghostMemberUntil[member] = from + uint256(periods) * 7 days;
            if (earnings.memberUntil(actor(0), member) != ghostMemberUntil[member]) {
                return _unexpected(
                    current > block.timestamp
                        ? "join: a renewal before the end does not extend from the current end"
                        : "join: wrong end"
                );
            }
            ghostIn[address(0)] += amount;
            ghostBalance[actor(0)][address(0)] += amount;
            _ok(current > block.timestamp ? bytes32("renew") : bytes32("join"));
        } catch (bytes memory reason) {
            _unexpected(string.concat("join reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Renews a member of actor 0 before their membership ends (as {renewChannel} does for the channel's).
    function renew(uint256 actorSeed, uint256 periodsSeed, uint256 leftSeed) public counted {
        uint256 a = _runningMember(actorSeed, false);
        if (a == ACTORS) {
            a = actorSeed % ACTORS;
            join(a, periodsSeed >> 128);
        }
        _warpToBefore(ghostMemberUntil[actor(a)], leftSeed);
        join(a, periodsSeed);
    }

    /// @dev Tops `payer` up before an ETH payment: EDR's invariant runs now and then start an actor at a balance of 0
    /// although the constructor dealt it 1e30 (test/invariant/README.md, StorageEscrow), and the payment would then
    /// revert with empty data whatever the contract does.
    function _fund(address payer, uint256 amount) internal {
        if (payer.balance < amount) vm.deal(payer, payer.balance + 1e30);
    }

    /// @dev The first actor from `actorSeed` on whose paid membership (the channel's, or actor 0's) is running, or
    /// `ACTORS` if none.
    function _runningMember(uint256 actorSeed, bool ofChannel) internal view returns (uint256) {
        for (uint256 i; i < ACTORS; ++i) {
            address account = actor(actorSeed + i);
            uint256 until = ofChannel ? ghostChannelMemberUntil[account] : ghostMemberUntil[account];
            if (until > block.timestamp) return (actorSeed + i) % ACTORS;
        }
        return ACTORS;
    }

    /// @dev Moves time forward but stays before `end` (now < end): to its last second one time in four, else anywhere
    /// from now on.
    function _warpToBefore(uint256 end, uint256 leftSeed) internal {
        if (end <= block.timestamp + 1) return;
        uint256 to = leftSeed % 4 == 0 ? end - 1 : _bound(leftSeed >> 8, block.timestamp, end - 1);
        vm.warp(to);
    }

    /// @dev Anyone pays into the channel's pot (as a crowdfund does).
    function payChannel(uint256 actorSeed, uint256 amountSeed, bool inToken) public counted {
        address asset = inToken ? address(token) : address(0);
        uint256 amount = _bound(amountSeed, 1, 1e21);
        vm.prank(actor(actorSeed));
        try earnings.payChannel{value: asset == address(0) ? amount : 0}(CHANNEL, asset, amount, "handler") {
            ghostIn[asset] += amount;
            _payPot(asset, amount);
            _ok("payChannel");
        } catch (bytes memory reason) {
            _unexpected(string.concat("payChannel reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Adds actor 4 to the channel, or removes them: a new epoch either way.
    function toggleMember() public counted {
        bool member = ghostMemberAt[epoch][actor(4)];
        vm.prank(actor(0));
        if (member) channels.proposeRemoveMember(CHANNEL, actor(4));
        else channels.proposeAddMember(CHANNEL, actor(4));
        _newEpoch(actor(4), !member);
        _ok("toggleMember");
    }

    /// @dev Sweeps a past epoch's remainder; must succeed exactly when the epoch is over and has a remainder.
    function sweep(uint256 epochSeed, bool inToken) public counted {
        address asset = inToken ? address(token) : address(0);
        uint48 from = uint48(_bound(epochSeed, 0, epoch));
        uint32 members = ghostPotMembers[from];
        uint256 remainder = members == 0 ? 0 : ghostPot[from][asset] % members;
        bool expected = from < epoch && remainder != 0;
        try earnings.sweepPot(CHANNEL, from, asset) {
            if (!expected) return _unexpected("sweepPot succeeded in the current epoch or with no remainder");
            ghostPot[from][asset] -= remainder;
            _payPot(asset, remainder);
            _ok("sweep");
        } catch (bytes memory reason) {
            if (expected) _unexpected(string.concat("sweepPot of a remainder reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Someone claims an actor's shares of every post they hold and every pot they were a member of.
    function claim(uint256 callerSeed, uint256 actorSeed, bool inToken) public counted {
        _claim(actor(callerSeed), actor(actorSeed), inToken ? address(token) : address(0));
    }

    /// @dev An actor claims and withdraws everything in one token.
    function withdraw(uint256 actorSeed, bool inToken) public counted {
        _withdraw(actor(actorSeed), inToken ? address(token) : address(0));
    }

    function warp(uint256 secondsSeed) public counted {
        vm.warp(block.timestamp + _bound(secondsSeed, 1, 10 days));
    }

    /// @dev The end of a run: the channel shrinks to one member (actor 0), every past epoch's remainder is swept into
    /// its pot, and every actor claims and withdraws everything.
    function settleEverything() external {
        for (uint256 a = 1; a < ACTORS; ++a) {
            if (!ghostMemberAt[epoch][actor(a)]) continue;
            vm.prank(actor(0));
            channels.proposeRemoveMember(CHANNEL, actor(a));
            _newEpoch(actor(a), false);
        }
        address[2] memory assets = tokens();
        for (uint256 t; t < 2; ++t) {
            for (uint48 e; e < epoch; ++e) {
                sweep(e, t == 1);
            }
            for (uint256 a; a < ACTORS; ++a) {
                if (_owed(actor(a), assets[t]) != 0) _withdraw(actor(a), assets[t]);
            }
        }
    }

    // ─── Model ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Holder `h`'s entitlement to post `p`'s pool of `asset`, as IEarnings states it.
    function entitlement(uint256 p, uint256 h, address asset) public view returns (uint256) {
        uint256 pool = ghostPool[p][asset];
        uint256 total = _holderTotal[p];
        if (h != 0) return pool * _bps[p][h] / total;
        uint256 others;
        for (uint256 i = 1; i < _holders[p].length; ++i) {
            others += pool * _bps[p][i] / total;
        }
        return pool - others;
    }

    /// @dev What `account` can take out of `asset` now: its balance, and its unclaimed shares.
    function owed(address account, address asset) external view returns (uint256) {
        return _owed(account, asset);
    }

    function _owed(address account, address asset) internal view returns (uint256 total) {
        total = ghostBalance[account][asset];
        for (uint256 p = 1; p <= 2; ++p) {
            for (uint256 h; h < _holders[p].length; ++h) {
                if (_holders[p][h] == account) total += entitlement(p, h, asset) - ghostPostClaimed[p][asset][account];
            }
        }
        for (uint48 e; e <= epoch; ++e) {
            if (ghostMemberAt[e][account] && ghostPotMembers[e] != 0) {
                total += ghostPot[e][asset] / ghostPotMembers[e] - ghostPotClaimed[e][asset][account];
            }
        }
    }

    function _payPool(uint256 p, address asset, uint256 amount) internal {
        uint256 toChannel = p == 2 ? amount * RELEASE_CHANNEL_BPS / 10_000 : 0;
        if (toChannel != 0) _payPot(asset, toChannel);
        ghostPool[p][asset] += amount - toChannel;
    }

    function _payPot(address asset, uint256 amount) internal {
        if (ghostPotMembers[epoch] == 0) {
            uint32 members;
            for (uint256 a; a < ACTORS; ++a) {
                if (ghostMemberAt[epoch][actor(a)]) ++members;
            }
            ghostPotMembers[epoch] = members;
        }
        ghostPot[epoch][asset] += amount;
    }

    function _newEpoch(address changed, bool isMember) internal {
        uint48 next = epoch + 1;
        for (uint256 a; a < ACTORS; ++a) {
            ghostMemberAt[next][actor(a)] = ghostMemberAt[epoch][actor(a)];
        }
        ghostMemberAt[next][changed] = isMember;
        epoch = next;
    }

    /// @dev The refs of every post `account` holds and every pot it was a member of.
    function _refs(address account)
        internal
        view
        returns (IEarnings.PostRef[] memory posts, IEarnings.PotRef[] memory pots)
    {
        posts = new IEarnings.PostRef[](2);
        uint256 n;
        for (uint256 p = 1; p <= 2; ++p) {
            for (uint256 h; h < _holders[p].length; ++h) {
                if (_holders[p][h] == account) posts[n++] = IEarnings.PostRef(_kinds[p], _ids[p]);
            }
        }
        assembly ("memory-safe") {
            mstore(posts, n)
        }
        pots = new IEarnings.PotRef[](epoch + 1);
        n = 0;
        for (uint48 e; e <= epoch; ++e) {
            if (ghostMemberAt[e][account]) pots[n++] = IEarnings.PotRef(CHANNEL, e);
        }
        assembly ("memory-safe") {
            mstore(pots, n)
        }
    }

    /// @dev Marks everything `account` is owed in shares as claimed in the model; returns the total.
    function _markClaimed(address account, address asset) internal returns (uint256 total) {
        for (uint256 p = 1; p <= 2; ++p) {
            for (uint256 h; h < _holders[p].length; ++h) {
                if (_holders[p][h] != account) continue;
                uint256 entitled = entitlement(p, h, asset);
                total += entitled - ghostPostClaimed[p][asset][account];
                ghostPostClaimed[p][asset][account] = entitled;
            }
        }
        for (uint48 e; e <= epoch; ++e) {
            if (!ghostMemberAt[e][account] || ghostPotMembers[e] == 0) continue;
            uint256 entitled = ghostPot[e][asset] / ghostPotMembers[e];
            total += entitled - ghostPotClaimed[e][asset][account];
            ghostPotClaimed[e][asset][account] = entitled;
        }
    }

    function _claim(address caller, address account, address asset) internal {
        (IEarnings.PostRef[] memory posts, IEarnings.PotRef[] memory pots) = _refs(account);
        vm.prank(caller);
        try earnings.claim(account, asset, posts, pots) returns (uint256 credited) {
            uint256 expected = _markClaimed(account, asset);
            if (credited != expected) return _unexpected("claim credited another amount than the shares owed");
            ghostBalance[account][asset] += credited;
            _ok("claim");
        } catch (bytes memory reason) {
            _unexpected(string.concat("claim of one's own shares reverted: ", vm.toString(reason)));
        }
    }

    function _withdraw(address account, address asset) internal {
        uint256 amount = _owed(account, asset);
        (IEarnings.PostRef[] memory posts, IEarnings.PotRef[] memory pots) = _refs(account);
        uint256 before = asset == address(0) ? account.balance : token.balanceOf(account);
        vm.prank(account);
        try earnings.withdraw(asset, account, posts, pots) returns (uint256 sent) {
            if (amount == 0) return _unexpected("withdraw of nothing succeeded");
            uint256 received = (asset == address(0) ? account.balance : token.balanceOf(account)) - before;
            if (sent != amount || received != amount) return _unexpected("withdraw sent another amount than owed");
            _markClaimed(account, asset);
            ghostBalance[account][asset] = 0;
            ghostWithdrawn[asset] += amount;
            _ok("withdraw");
        } catch (bytes memory reason) {
            if (amount != 0) _unexpected(string.concat("withdraw of what is owed reverted: ", vm.toString(reason)));
        }
    }

    function _ok(bytes32 action) internal {
        calls[action]++;
        successes++;
    }

    function _unexpected(string memory what) internal {
        if (unexpected == 0) firstUnexpected = what;
        unexpected++;
    }
}

/// @dev The invariants of test/invariant/README.md ("Earnings"), asserted after every call of random call sequences,
/// and the end state after each sequence ({afterInvariant}). Abstract, with the handler from `_newHandler`:
/// test/contracts/EarningsInvariant.t.sol makes both concrete (Hardhat fuzzes only contracts declared under
/// test/contracts).
abstract contract EarningsInvariants is StdInvariant, Test {
    Videos internal videos;
    Channels internal channels;
    Streams internal streams;
    Earnings internal earnings;
    StorageEscrowTestToken internal token;
    EarningsHandler internal handler;

    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function _newHandler(Earnings earnings_, Channels channels_, StorageEscrowTestToken token_)
        internal
        virtual
        returns (EarningsHandler);

    function setUp() public virtual {
        videos = new Videos();
        channels = new Channels();
        streams = new Streams(channels);
        earnings = new Earnings(videos, channels, streams);
        token = new StorageEscrowTestToken();
        vm.warp(1_000_000);
        handler = _newHandler(earnings, channels, token);
        address a0 = handler.actor(0);
        address a1 = handler.actor(1);
        address a2 = handler.actor(2);

        vm.prank(a0);
        videos.publish(CID);
        vm.startPrank(a1);
        videos.publish(CID);
        videos.publish(CID);
        earnings.setSplit(IComments.PostKind.Video, 2, handler.holders(1), _bps(3334, 3333, 3333), 0);
        earnings.setPrice(IComments.PostKind.Video, 3, IEarnings.Access.Paid, address(0), 1e15);
        vm.stopPrank();
        address[] memory founders = new address[](4);
        for (uint256 a; a < 4; ++a) {
            founders[a] = handler.actor(a);
        }
        channels.createChannel(
            CID,
            CID,
            founders,
            IChannels.Rules(IChannels.Submitters.MembersOnly, IChannels.ThresholdKind.Absolute, 1, 1 days)
        );
        vm.startPrank(a0);
        channels.submitVideo(1, CID);
        earnings.setSplit(IComments.PostKind.Release, 1, handler.holders(2), _bps(5000, 2500, 1000), 1500);
        earnings.setMembershipPlan(address(0), 1e14, 7 days);
        vm.stopPrank();
        uint256 key = 0xBEEF;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, MessageHashUtils.toEthSignedMessageHash(streams.keyProofHash(a2)));
        vm.prank(a2);
        streams.start(0, "Live", "chorus/live/31337/x", vm.addr(key), abi.encodePacked(r, s, v));

        // Every run starts with a tip, so that no run is empty.
        handler.tip(0, 1, 12_345, false);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](16);
        selectors[0] = EarningsHandler.tip.selector;
        selectors[1] = EarningsHandler.buy.selector;
        selectors[2] = EarningsHandler.reprice.selector;
        selectors[3] = EarningsHandler.join.selector;
        selectors[4] = EarningsHandler.payChannel.selector;
        selectors[5] = EarningsHandler.toggleMember.selector;
        selectors[6] = EarningsHandler.sweep.selector;
        selectors[7] = EarningsHandler.claim.selector;
        selectors[8] = EarningsHandler.withdraw.selector;
        selectors[9] = EarningsHandler.warp.selector;
        selectors[10] = EarningsHandler.withhold.selector;
        selectors[11] = EarningsHandler.votePlan.selector;
        selectors[12] = EarningsHandler.joinChannel.selector;
        selectors[13] = EarningsHandler.priceRelease.selector;
        selectors[14] = EarningsHandler.renewChannel.selector;
        selectors[15] = EarningsHandler.renew.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 0. Every call did what the model says.
    function invariant_CallsDoWhatTheModelSays() public view {
        assertEq(handler.unexpected(), 0, handler.firstUnexpected());
    }

    /// @dev 1. Money in = withdrawable + withdrawn, per token; the contract holds exactly the withdrawable money
    /// (balances, unclaimed shares of pools and pots, and pots' remainders).
    function invariant_MoneyInIsWithdrawableOrWithdrawn() public view {
        address[2] memory assets = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            address asset = assets[t];
            uint256 owed;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address account = handler.actor(a);
                assertEq(earnings.balanceOf(account, asset), handler.ghostBalance(account, asset), "balance = model");
                owed += handler.owed(account, asset);
            }
            uint256 remainders;
            for (uint48 e; e <= handler.epoch(); ++e) {
                (uint256 received, uint32 members) = earnings.potOf(1, e, asset);
                assertEq(received, handler.ghostPot(e, asset), "pot = model");
                // A pot records its epoch's member count at its first payment, per token.
                if (received != 0) assertEq(members, handler.ghostPotMembers(e), "pot members = the epoch's");
                if (members != 0) remainders += received % members;
            }
            uint256 held = asset == address(0) ? address(earnings).balance : token.balanceOf(address(earnings));
            assertEq(held, owed + remainders, "held = owed + pots' remainders");
            assertEq(handler.ghostIn(asset), held + handler.ghostWithdrawn(asset), "in = held + withdrawn");
        }
    }

    /// @dev 2. Splits are exact: each holder's entitlement is their share as IEarnings states it (the model's), the
    /// entitlements sum to the pool, and nobody has claimed more than their entitlement.
    function invariant_EachHolderGetsTheirShare() public view {
        address[2] memory assets = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            for (uint256 p = 1; p <= 2; ++p) {
                (IComments.PostKind kind, uint256 id) = handler.post(p);
                address[] memory list = handler.holders(p);
                uint256 sum;
                for (uint256 h; h < list.length; ++h) {
                    (uint256 entitled, uint256 claimed) = earnings.postShare(kind, id, assets[t], list[h]);
                    assertEq(entitled, handler.entitlement(p, h, assets[t]), "entitlement = share");
                    assertLe(claimed, entitled, "never claimed more than the share");
                    sum += entitled;
                }
                assertEq(sum, earnings.poolOf(kind, id, assets[t]), "entitlements sum to the pool");
                assertEq(sum, handler.ghostPool(p, assets[t]), "pool = model");
            }
        }
    }

    /// @dev 3. Pots are shared equally by their epoch's members.
    function invariant_PotsAreSharedEqually() public view {
        for (uint48 e; e <= handler.epoch(); ++e) {
            (uint256 received, uint32 members) = earnings.potOf(1, e, address(0));
            for (uint256 a; a < handler.ACTORS(); ++a) {
                (uint256 entitled, uint256 claimed) = earnings.potShare(1, e, address(0), handler.actor(a));
                uint256 expected = handler.ghostMemberAt(e, handler.actor(a)) && members != 0 ? received / members : 0;
                assertEq(entitled, expected, "a member's share is received / members; others none");
                assertLe(claimed, entitled, "never claimed more than the share");
            }
        }
    }

    /// @dev 5. A post's key goes to whom its access says: its creator and split holders always; buyers of the paid
    /// video while it is not withheld; for the release while members-only, the channel's members, its paying members
    /// and its creator's members while their time lasts; nobody else for the posts never priced (withheld by default)
    /// — a stranger, a channel member, a paying channel member and a creator's member included.
    function invariant_AccessFollowsTheTerms() public view {
        for (uint256 p; p < handler.postCount(); ++p) {
            (IComments.PostKind kind, uint256 id) = handler.post(p);
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address account = handler.actor(a);
                assertEq(earnings.hasAccess(kind, id, account), handler.modelAccess(p, account), "access = model");
            }
            assertFalse(earnings.hasAccess(kind, id, address(0)), "never the zero address");
        }
    }

    /// @dev The end of a run: everything settled and withdrawn leaves the contract holding exactly nothing.
    function afterInvariant() public {
        if (handler.actions() >= 10) assertGt(handler.successes(), 1, "a run of ten actions made successful calls");
        handler.settleEverything();
        assertEq(handler.unexpected(), 0, handler.firstUnexpected());
        assertEq(address(earnings).balance, 0, "no ETH left");
        assertEq(token.balanceOf(address(earnings)), 0, "no token left");
        address[2] memory assets = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            assertEq(handler.ghostIn(assets[t]), handler.ghostWithdrawn(assets[t]), "everything in went out");
        }
    }

    function _bps(uint16 a, uint16 b, uint16 c) internal pure returns (uint16[] memory list) {
        list = new uint16[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }
}
