// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Crowdfund} from "../../contracts/Crowdfund.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {ICrowdfund} from "../../contracts/interfaces/ICrowdfund.sol";
import {Earnings} from "../../contracts/Earnings.sol";
import {Streams} from "../../contracts/Streams.sol";
import {Videos} from "../../contracts/Videos.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";

/// @dev Drives {Crowdfund} with random calls from a cast of four accounts (two of them members of one community
/// channel), in ETH and one ERC-20, and keeps a reference model written from the rules in test/invariant/README.md
/// ("Crowdfund"), not from the contract (channel campaigns pay into the real {Earnings}): each campaign's creator, channel, token, goal, deadline, each backer's pledge,
/// and per token the money that came in and went out. Before each call the model says whether it must succeed; a call
/// whose outcome differs is recorded (with its revert data) and fails the run.
contract CrowdfundHandler is Test {
    Crowdfund public crowdfund;
    Earnings public earnings;
    StorageEscrowTestToken public token;

    uint256 public constant ACTORS = 4;
    uint256 public constant CHANNEL = 1;
    address public constant ETH = address(0);

    struct GhostCampaign {
        address creator;
        uint256 channelId;
        address token;
        uint256 goal;
        uint48 deadline;
        uint256 pledged;
        bool claimed;
    }

    uint256 public ghostCampaignCount;
    mapping(uint256 campaignId => GhostCampaign) internal _campaign;
    mapping(uint256 campaignId => mapping(address backer => uint256)) public ghostPledge;
    /// @dev What backers paid in, and what left the contract (to backers, creators and the pot), per token.
    mapping(address token => uint256) public ghostIn;
    mapping(address token => uint256) public ghostOut;
    /// @dev What each account paid in and got back over a run, per token (so a refund's "in full" can be checked).
    mapping(address account => mapping(address token => uint256)) public paidIn;
    mapping(address account => mapping(address token => uint256)) public paidBack;
    bool public drained;

    uint256 public unexpectedOutcomes;
    string public firstUnexpected;
    mapping(bytes32 action => uint256) public calls;

    constructor(Crowdfund crowdfund_, Earnings earnings_, StorageEscrowTestToken token_) {
        (crowdfund, earnings, token) = (crowdfund_, earnings_, token_);
        for (uint256 i; i < ACTORS; ++i) {
            vm.deal(actor(i), 1e30);
            token.mint(actor(i), 1e30);
            vm.prank(actor(i));
            token.approve(address(crowdfund), type(uint256).max);
        }
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0xC0FFEE00 + index % ACTORS));
    }

    /// @dev Actors 0 and 1 founded the channel (see {CrowdfundInvariants-setUp}).
    function isMember(address account) public pure returns (bool) {
        return account == actor(0) || account == actor(1);
    }

    function ghostCampaign(uint256 campaignId) external view returns (GhostCampaign memory) {
        return _campaign[campaignId];
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Creates a campaign: own or for the channel (by anyone: members succeed), in ETH or the token, a goal of
    /// 0 (refused) or up to a few pledges, a deadline from now (refused) to just past the maximum (refused).
    function create(uint256 actorSeed, uint256 goalSeed, uint256 durationSeed, uint8 flags) external {
        address caller = actor(actorSeed);
        uint256 channelId = flags & 1 == 0 ? 0 : CHANNEL;
        address t = flags & 2 == 0 ? ETH : address(token);
        uint256 goal = goalSeed % 32 == 0 ? 0 : _bound(goalSeed, 1, 5 ether);
        uint256 duration = durationSeed % 16 == 0 ? 0 : durationSeed % 16 == 1 ? 180 days + 1 : _bound(durationSeed, 1, 180 days);
        uint48 deadline = uint48(block.timestamp + duration);
        bool expected = goal > 0 && duration > 0 && duration <= 180 days && (channelId == 0 || isMember(caller));
        bytes memory data = abi.encodeCall(
            ICrowdfund.create, (channelId, t, goal, deadline, abi.encodePacked(bytes4(0x01551220), bytes32(goalSeed)))
        );
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(crowdfund).call(data);
        if (!_outcome(ok, expected, "create", returned)) return;
        uint256 id = abi.decode(returned, (uint256));
        if (id != ++ghostCampaignCount) _unexpected("campaign ids are consecutive");
        _campaign[id] = GhostCampaign(caller, channelId, t, goal, deadline, 0, false);
    }

    /// @dev A random actor pledges to a random campaign: zero now and then (refused), after the deadline (refused);
    /// one pledge in four brings the total to the goal exactly (a campaign at its goal to the wei is reached).
    function pledge(uint256 campaignSeed, uint256 actorSeed, uint256 amountSeed) external {
        if (ghostCampaignCount == 0) return;
        uint256 id = _bound(campaignSeed, 1, ghostCampaignCount);
        GhostCampaign storage g = _campaign[id];
        address caller = actor(actorSeed);
        uint256 amount = amountSeed % 16 == 0 ? 0 : _bound(amountSeed, 1, 2 ether);
        if (amountSeed % 4 == 1 && g.goal > g.pledged) amount = g.goal - g.pledged;
        bool expected = amount > 0 && block.timestamp < g.deadline;
        uint256 value = g.token == ETH ? amount : 0;
        vm.prank(caller);
        (bool ok, bytes memory returned) =
            address(crowdfund).call{value: value}(abi.encodeCall(ICrowdfund.pledge, (id, amount)));
        if (!_outcome(ok, expected, "pledge", returned)) return;
        g.pledged += amount;
        ghostPledge[id][caller] += amount;
        ghostIn[g.token] += amount;
        paidIn[caller][g.token] += amount;
    }

    /// @dev A random actor takes back part, all, or more than their pledge (refused), before or after the deadline.
    function unpledge(uint256 campaignSeed, uint256 actorSeed, uint256 amountSeed) external {
        if (ghostCampaignCount == 0) return;
        uint256 id = _bound(campaignSeed, 1, ghostCampaignCount);
        GhostCampaign storage g = _campaign[id];
        address caller = actor(actorSeed);
        uint256 pledged = ghostPledge[id][caller];
        uint256 amount = amountSeed % 8 == 0 ? pledged + 1 : _bound(amountSeed, 1, pledged > 0 ? pledged : 1);
        bool expected = block.timestamp < g.deadline && amount <= pledged;
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(crowdfund).call(abi.encodeCall(ICrowdfund.unpledge, (id, amount)));
        if (!_outcome(ok, expected, "unpledge", returned)) return;
        g.pledged -= amount;
        ghostPledge[id][caller] -= amount;
        _out(caller, g.token, amount);
    }

    /// @dev A random actor (or the creator) claims a random campaign.
    function claim(uint256 campaignSeed, uint256 actorSeed, bool byCreator) external {
        if (ghostCampaignCount == 0) return;
        uint256 id = _bound(campaignSeed, 1, ghostCampaignCount);
        _claim(id, byCreator ? _campaign[id].creator : actor(actorSeed));
    }

    /// @dev A random actor asks a refund of a random campaign.
    function refund(uint256 campaignSeed, uint256 actorSeed) external {
        if (ghostCampaignCount == 0) return;
        uint256 id = _bound(campaignSeed, 1, ghostCampaignCount);
        _refund(id, actor(actorSeed));
    }

    /// @dev Time passes: a little, or to a random campaign's deadline exactly (or a second before it).
    function warp(uint256 secondsSeed, uint256 campaignSeed, uint8 mode) external {
        if (mode % 3 != 0 && ghostCampaignCount > 0) {
            uint48 deadline = _campaign[_bound(campaignSeed, 1, ghostCampaignCount)].deadline;
            uint256 to = mode % 3 == 1 ? deadline : deadline - 1;
            if (to > block.timestamp) vm.warp(to);
            return;
        }
        vm.warp(block.timestamp + _bound(secondsSeed, 1, 30 days));
    }

    /// @dev The end of a run: time passes every deadline, every reached campaign is claimed and every backer of a
    /// missed one asks their refund; each call must succeed.
    function drain() external {
        vm.warp(block.timestamp + 181 days);
        for (uint256 id = 1; id <= ghostCampaignCount; ++id) {
            GhostCampaign storage g = _campaign[id];
            if (g.pledged >= g.goal) {
                if (!g.claimed) _claim(id, g.channelId == 0 ? g.creator : actor(id));
            } else {
                for (uint256 a; a < ACTORS; ++a) {
                    if (ghostPledge[id][actor(a)] > 0) _refund(id, actor(a));
                }
            }
        }
        drained = true;
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _claim(uint256 id, address caller) internal {
        GhostCampaign storage g = _campaign[id];
        bool expected = block.timestamp >= g.deadline && g.pledged >= g.goal && !g.claimed
            && (g.channelId != 0 || caller == g.creator);
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(crowdfund).call(abi.encodeCall(ICrowdfund.claim, (id)));
        if (!_outcome(ok, expected, "claim", returned)) return;
        g.claimed = true;
        if (g.channelId == 0) _out(g.creator, g.token, g.pledged);
        else _out(address(earnings), g.token, g.pledged);
    }

    function _refund(uint256 id, address caller) internal {
        GhostCampaign storage g = _campaign[id];
        uint256 amount = ghostPledge[id][caller];
        bool expected = block.timestamp >= g.deadline && g.pledged < g.goal && amount > 0;
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(crowdfund).call(abi.encodeCall(ICrowdfund.refund, (id)));
        if (!_outcome(ok, expected, "refund", returned)) return;
        g.pledged -= amount;
        ghostPledge[id][caller] = 0;
        _out(caller, g.token, amount);
    }

    function _out(address to, address t, uint256 amount) internal {
        ghostOut[t] += amount;
        paidBack[to][t] += amount;
    }

    function _outcome(bool ok, bool expected, bytes32 name, bytes memory returned) internal returns (bool) {
        if (ok != expected) {
            _unexpected(string.concat(
                ok ? "a call the model refuses succeeded: " : "a call the model accepts reverted: ",
                string(abi.encodePacked(name)), " ", vm.toString(returned)
            ));
        }
        if (ok) calls[name]++;
        return ok;
    }

    function _unexpected(string memory what) internal {
        if (unexpectedOutcomes++ == 0) firstUnexpected = what;
    }
}

/// @dev The invariants of test/invariant/README.md ("Crowdfund"), asserted after every call of a random sequence,
/// and at the end of each run after the handler drained every campaign. Abstract for the same reason as
/// {ChannelsInvariants}: test/contracts/CrowdfundInvariant.t.sol makes it concrete.
abstract contract CrowdfundInvariants is StdInvariant, Test {
    Crowdfund internal crowdfund;
    Channels internal channels;
    Earnings internal earnings;
    StorageEscrowTestToken internal token;
    CrowdfundHandler internal handler;

    function _newHandler(Crowdfund crowdfund_, Earnings earnings_, StorageEscrowTestToken token_)
        internal
        virtual
        returns (CrowdfundHandler);

    function setUp() public virtual {
        vm.warp(1_800_000_000);
        channels = new Channels();
        earnings = new Earnings(new Videos(), channels, new Streams(channels));
        token = new StorageEscrowTestToken();
        crowdfund = new Crowdfund(channels, earnings);
        handler = _newHandler(crowdfund, earnings, token);
        address[] memory founders = new address[](2);
        (founders[0], founders[1]) = (handler.actor(0), handler.actor(1));
        bytes memory cid = abi.encodePacked(bytes4(0x01701220), keccak256("channel"));
        channels.createChannel(
            cid,
            cid,
            founders,
            IChannels.Rules({
                submitters: IChannels.Submitters.MembersOnly,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 1,
                votingPeriod: 1 days
            })
        );
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = CrowdfundHandler.create.selector;
        selectors[1] = CrowdfundHandler.pledge.selector;
        selectors[2] = CrowdfundHandler.unpledge.selector;
        selectors[3] = CrowdfundHandler.claim.selector;
        selectors[4] = CrowdfundHandler.refund.selector;
        selectors[5] = CrowdfundHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Every call had the outcome the rules give it.
    function invariant_EveryCallHasTheExpectedOutcome() public view {
        assertEq(handler.unexpectedOutcomes(), 0, handler.firstUnexpected());
    }

    /// @dev 2. Money in = money held + money paid out, per token; and what is held is exactly the pledges of the
    /// campaigns not yet claimed.
    function invariant_MoneyInIsHeldOrPaidOut() public view {
        _assertMoney();
    }

    /// @dev 3. Every campaign is the model's: creator, channel, token, goal, deadline, total, claimed; each backer's
    /// pledge; and a campaign's total is the sum of its backers' pledges until it is claimed.
    function invariant_CampaignsMatchTheModel() public view {
        uint256 count = crowdfund.campaignCount();
        assertEq(count, handler.ghostCampaignCount(), "campaign count");
        for (uint256 id = 1; id <= count; ++id) {
            ICrowdfund.CampaignView memory c = crowdfund.campaign(id);
            CrowdfundHandler.GhostCampaign memory g = handler.ghostCampaign(id);
            assertEq(c.creator, g.creator, "creator");
            assertEq(c.channelId, g.channelId, "channel");
            assertEq(c.token, g.token, "token");
            assertEq(c.goal, g.goal, "goal");
            assertEq(c.deadline, g.deadline, "deadline");
            assertEq(c.pledged, g.pledged, "total pledged");
            assertEq(c.claimed, g.claimed, "claimed");
            uint256 sum;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                uint256 p = crowdfund.pledgeOf(id, handler.actor(a));
                assertEq(p, handler.ghostPledge(id, handler.actor(a)), "a backer's pledge");
                sum += p;
            }
            assertEq(c.pledged, sum, "the total is the sum of the pledges");
        }
    }

    /// @dev 4. At the end of every run, once every campaign is over and claimed or refunded: every call succeeded,
    /// the contract holds exactly zero of each token, and every backer of a missed campaign got back every wei.
    function afterInvariant() external {
        handler.drain();
        assertTrue(handler.drained());
        assertEq(handler.unexpectedOutcomes(), 0, handler.firstUnexpected());
        _assertMoney();
        assertEq(address(crowdfund).balance, 0, "holds no ETH at the end");
        assertEq(token.balanceOf(address(crowdfund)), 0, "holds no token at the end");
        assertEq(handler.ghostIn(address(0)), handler.ghostOut(address(0)), "all ETH paid out");
        assertEq(handler.ghostIn(address(token)), handler.ghostOut(address(token)), "all tokens paid out");
        for (uint256 id = 1; id <= handler.ghostCampaignCount(); ++id) {
            CrowdfundHandler.GhostCampaign memory g = handler.ghostCampaign(id);
            if (!g.claimed) assertEq(crowdfund.campaign(id).pledged, 0, "a missed campaign returned every pledge");
        }
    }

    function _assertMoney() internal view {
        address[2] memory tokens = [address(0), address(token)];
        for (uint256 i; i < 2; ++i) {
            address t = tokens[i];
            uint256 held = t == address(0) ? address(crowdfund).balance : token.balanceOf(address(crowdfund));
            assertEq(handler.ghostIn(t), held + handler.ghostOut(t), "money in = held + paid out");
            uint256 unclaimed;
            for (uint256 id = 1; id <= crowdfund.campaignCount(); ++id) {
                ICrowdfund.CampaignView memory c = crowdfund.campaign(id);
                if (c.token == t && !c.claimed) unclaimed += c.pledged;
            }
            assertEq(held, unclaimed, "held = the pledges of unclaimed campaigns");
        }
    }
}
