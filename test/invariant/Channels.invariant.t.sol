// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {Channels} from "../../contracts/Channels.sol";

/// @dev Drives {Channels} with random calls from a fixed cast of six accounts and keeps a reference model of every
/// channel and proposal, written from the rules in test/invariant/README.md and not from the contract: who is a
/// member, the rules, policy and metadata, and for each proposal its snapshot, ballots, tally, status and the effect it
/// must have when it passes (stale when its target changed after it was created). Before each call the model says
/// whether the call must succeed; a call that reverts when it should have succeeded, or succeeds when it should have
/// reverted, is recorded and fails the run. Every member ever is one of the six, so counting over them is counting
/// over everyone.
contract ChannelsHandler is Test {
    Channels public channels;

    uint256 public constant ACTORS = 6;
    uint256 public constant CHANNELS = 2;
    uint32 internal constant _BPS = 10_000;

    struct GhostChannel {
        IChannels.Rules rules;
        uint32 memberCount;
        uint48 epoch;
        uint32 policyVersion;
        bytes32 policyCid; // keccak256 of the CID bytes
        bytes32 metadataCid;
        // The handler step at which each target last changed (0: at creation).
        uint256 rulesStep;
        uint256 policyStep;
        uint256 metadataStep;
    }

    struct GhostProposal {
        uint256 channelId;
        address proposer;
        IChannels.ProposalKind kind;
        uint256 createdStep;
        uint48 deadline;
        uint48 epoch;
        uint32 requiredYes;
        uint32 snapshotMembers;
        uint32 yes;
        uint32 no;
        IChannels.ProposalStatus status; // as stored: Expired only once `expire` succeeded
        IChannels.Effect effect; // once executed
        uint32 policyVersion; // once executed
        address member;
        bytes32 cid;
        IChannels.Rules rules;
    }

    mapping(uint256 channelId => GhostChannel) internal _channel;
    mapping(uint256 channelId => mapping(address account => bool)) public ghostMember;
    mapping(uint256 channelId => mapping(address account => uint256)) internal _memberStep;
    /// @dev Settings: keccak256 of the value each key holds (0: never set), and the step at which it last changed.
    mapping(uint256 channelId => mapping(bytes32 key => bytes32)) internal _setting;
    mapping(uint256 channelId => mapping(bytes32 key => uint256)) internal _settingStep;

    uint256 public ghostProposalCount;
    mapping(uint256 proposalId => GhostProposal) internal _proposal;
    mapping(uint256 proposalId => mapping(address account => bool)) public ghostEligible;
    /// @dev Ballots as cast through successful calls (a member's proposal counts as their yes).
    mapping(uint256 proposalId => mapping(address voter => IChannels.Ballot)) public ghostBallot;
    /// @dev The contract's snapshot of each proposal as read right after its creation, to check it never changes.
    mapping(uint256 proposalId => bytes32) public snapshotAtCreation;
    /// @dev The effect each {IChannels.ProposalExecuted} event stated, plus one; 0 if none was emitted.
    mapping(uint256 proposalId => uint8) public effectSeen;
    /// @dev How many {IChannels.ProposalExecuted} events each proposal emitted.
    mapping(uint256 proposalId => uint256) public executedEvents;

    /// @dev One more at each proposal and vote (a handler call may make several): the model's clock for "changed after
    /// it was created".
    uint256 public step;
    /// @dev Calls whose outcome (success or revert) was not the one the model expected, and the first of them.
    uint256 public unexpectedOutcomes;
    string public firstUnexpected;
    /// @dev How many calls of each kind succeeded, and how many handler calls were made, so that a run that does
    /// nothing fails.
    mapping(bytes32 action => uint256) public calls;
    uint256 public actions;

    modifier action() {
        actions++;
        _;
    }

    constructor(Channels channels_) {
        channels = channels_;
        // Channel 1: three founders, two votes of three, open to anyone.
        address[] memory founders = new address[](3);
        (founders[0], founders[1], founders[2]) = (actor(0), actor(1), actor(2));
        _create(founders, _cid(1, false), _cid(2, false), _rules(true, false, 2, 1 days));
        // Channel 2: two founders, 60 % of the members rounded up (both of two), members only.
        founders = new address[](2);
        (founders[0], founders[1]) = (actor(3), actor(4));
        _create(founders, _cid(3, false), _cid(4, true), _rules(false, true, 6_000, 2 days));
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0xC0FFEE00 + index % ACTORS));
    }

    function ghostChannel(uint256 channelId) external view returns (GhostChannel memory) {
        return _channel[channelId];
    }

    /// @dev keccak256 of the value `key` must hold (of the empty value if never set).
    function ghostSetting(uint256 channelId, bytes32 key) external view returns (bytes32 valueHash) {
        valueHash = _setting[channelId][key];
        if (valueHash == 0) valueHash = keccak256("");
    }

    /// @dev The setting key a proposal about `target` names: one key per actor, so races on the same target race on
    /// the same key.
    function settingKey(address target) public pure returns (bytes32) {
        return bytes32(uint256(uint160(target)));
    }

    function ghostProposal(uint256 proposalId) external view returns (GhostProposal memory) {
        return _proposal[proposalId];
    }

    /// @dev The status the contract must report: a stored Pending past its deadline reads as Expired.
    function ghostStatus(uint256 proposalId) public view returns (IChannels.ProposalStatus status) {
        GhostProposal storage p = _proposal[proposalId];
        status = p.status;
        if (status == IChannels.ProposalStatus.Pending && block.timestamp >= p.deadline) {
            status = IChannels.ProposalStatus.Expired;
        }
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A video submission to a random channel, by a member or, when `byAnyone`, by a random account (refused in
    /// a members-only channel); one in eight names a file (raw CID), which is refused.
    function submitVideo(uint256 actorSeed, uint256 channelSeed, uint256 digestSeed, bool byAnyone) external action {
        _begin();
        (address proposer, uint256 channelId) = _proposer(actorSeed, channelSeed, byAnyone);
        _propose(proposer, channelId, IChannels.ProposalKind.Video, _cid(digestSeed, digestSeed % 8 == 0), address(0),
            _channel[channelId].rules);
        _end();
    }

    /// @dev A change of a random kind (policy, metadata, a member added or removed, rules, a setting) to a random
    /// channel, by a member or, when `byAnyone`, by a random account. Some are refused (adding a member, removing a
    /// non-member or the last member, an absolute threshold above the member count, a setting value over 96 bytes), as
    /// the model predicts.
    function proposeChange(
        uint256 kindSeed,
        uint256 actorSeed,
        uint256 channelSeed,
        uint256 seed,
        bool byAnyone,
        bool percentage
    ) external action {
        _begin();
        (address proposer, uint256 channelId) = _proposer(actorSeed, channelSeed, byAnyone);
        IChannels.ProposalKind kind = IChannels.ProposalKind(kindSeed % 6 + 1);
        _propose(proposer, channelId, kind, _payload(kind, seed), actor(seed), _randomRules(channelId, seed, percentage));
        _end();
    }

    /// @dev The stale-proposal race (review finding 3): a member makes two proposals on the same target; one passes,
    /// then the other passes too (so it must complete as stale and change nothing). `flags`: bit 0, percentage rules;
    /// bit 1, leave the other open for later votes; bit 2, pass the older first (the newer, created before that
    /// decision, is stale) rather than the newer (an old proposal would undo it); bit 3, a membership race names two
    /// different accounts (neither is stale, and removing two of two members makes the second a no-op: last member).
    function raceChanges(uint256 kindSeed, uint256 channelSeed, uint256 seed, uint8 flags) external action {
        _begin();
        (address proposer, uint256 channelId) = _proposer(seed, channelSeed, false);
        IChannels.ProposalKind kind = IChannels.ProposalKind(kindSeed % 6 + 1);
        address target = _raceTarget(channelId, kind, seed, address(0));
        IChannels.Rules memory rules = _randomRules(channelId, seed, flags & 1 != 0);
        uint256 first = _propose(proposer, channelId, kind, _payload(kind, seed), target, rules);
        if (flags & 8 != 0) target = _raceTarget(channelId, kind, seed + 1, target);
        uint256 second = _propose(proposer, channelId, kind, _payload(kind, seed + 1), target, rules);
        if (flags & 4 != 0) (first, second) = (second, first);
        if (second != 0) _passWithYes(second);
        if (first != 0 && flags & 2 == 0) _passWithYes(first);
        _end();
    }

    /// @dev Yes on an open proposal (the first from a random one on) by an eligible voter (the first from a random one
    /// on) whose ballot is not yes yet, so that most calls count.
    function voteFor(uint256 actorSeed, uint256 proposalSeed) external action {
        _targetedVote(actorSeed, proposalSeed, true);
    }

    /// @dev As {voteFor}, with no.
    function voteAgainst(uint256 actorSeed, uint256 proposalSeed) external action {
        _targetedVote(actorSeed, proposalSeed, false);
    }

    /// @dev A random account's vote on a random proposal, open or closed: often refused (not eligible, same choice,
    /// closed), and the model says when.
    function voteAnyone(uint256 actorSeed, uint256 proposalSeed, bool support) external action {
        if (ghostProposalCount == 0) return;
        _begin();
        _vote(actor(actorSeed), bound(proposalSeed, 1, ghostProposalCount), support);
        _end();
    }

    /// @dev The proposer (or, when `byOther`, another account) withdraws a random proposal; one call in four acts, so
    /// that proposals live to be voted on.
    function withdraw(uint256 proposalSeed, uint256 actorSeed, bool byOther) external action {
        if (ghostProposalCount == 0 || proposalSeed % 4 != 0) return;
        _begin();
        uint256 proposalId = bound(proposalSeed, 1, ghostProposalCount);
        GhostProposal storage p = _proposal[proposalId];
        address caller = byOther ? actor(actorSeed) : p.proposer;
        bool expected = ghostStatus(proposalId) == IChannels.ProposalStatus.Pending && caller == p.proposer;
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(channels).call(abi.encodeCall(IChannels.withdraw, (proposalId)));
        if (_outcome(ok, expected, "withdraw", returned)) p.status = IChannels.ProposalStatus.Withdrawn;
        _end();
    }

    function expire(uint256 proposalSeed) external action {
        if (ghostProposalCount == 0) return;
        _begin();
        uint256 proposalId = bound(proposalSeed, 1, ghostProposalCount);
        GhostProposal storage p = _proposal[proposalId];
        bool expected = p.status == IChannels.ProposalStatus.Pending && block.timestamp >= p.deadline;
        (bool ok, bytes memory returned) = address(channels).call(abi.encodeCall(IChannels.expire, (proposalId)));
        if (_outcome(ok, expected, "expire", returned)) {
            p.status = IChannels.ProposalStatus.Expired;
            // Recorded: expiring it again is refused (the effective status alone would read Expired either way).
            (ok, returned) = address(channels).call(abi.encodeCall(IChannels.expire, (proposalId)));
            _outcome(ok, false, "expire again", returned);
        }
        _end();
    }

    /// @dev Time runs to an open proposal's deadline, where an eligible member's new vote must be refused: random
    /// warps alone rarely reach a deadline days away while an eligible ballot is still open.
    function voteAtDeadline(uint256 actorSeed, uint256 proposalSeed, bool support) external action {
        if (ghostProposalCount == 0) return;
        _begin();
        (uint256 proposalId, address voter) = _openBallot(bound(proposalSeed, 1, ghostProposalCount), actorSeed, support);
        if (proposalId != 0) {
            vm.warp(_proposal[proposalId].deadline);
            _vote(voter, proposalId, support);
        }
        _end();
    }

    function warp(uint256 secondsSeed) external action {
        _begin();
        vm.warp(block.timestamp + bound(secondsSeed, 1, 12 hours));
        _end();
    }

    // ─── The model ───────────────────────────────────────────────────────────────────────────────────────────────

    function _create(address[] memory founders, bytes memory metadata, bytes memory policy, IChannels.Rules memory r)
        internal
    {
        uint256 channelId = channels.createChannel(metadata, policy, founders, r);
        GhostChannel storage c = _channel[channelId];
        c.rules = r;
        c.memberCount = uint32(founders.length);
        c.policyVersion = 1;
        c.policyCid = keccak256(policy);
        c.metadataCid = keccak256(metadata);
        for (uint256 i; i < founders.length; ++i) {
            ghostMember[channelId][founders[i]] = true;
        }
    }

    /// @dev Makes a proposal of `kind` (using `cid`, `member` or `rules` as the kind needs; a setting proposal sets
    /// {settingKey} of `member` to the bytes `cid`) and models it; returns its id, or 0 if it was (rightly) refused.
    function _propose(
        address proposer,
        uint256 channelId,
        IChannels.ProposalKind kind,
        bytes memory cid,
        address member,
        IChannels.Rules memory rules
    ) internal returns (uint256 proposalId) {
        step++;
        bool expected =
            ghostMember[channelId][proposer] || _channel[channelId].rules.submitters == IChannels.Submitters.Anyone;
        bytes memory data;
        if (kind == IChannels.ProposalKind.Video) {
            expected = expected && cid[1] == 0x70;
            data = abi.encodeCall(IChannels.submitVideo, (channelId, cid));
        } else if (kind == IChannels.ProposalKind.Policy) {
            data = abi.encodeCall(IChannels.proposePolicy, (channelId, cid));
        } else if (kind == IChannels.ProposalKind.Metadata) {
            data = abi.encodeCall(IChannels.proposeMetadata, (channelId, cid));
        } else if (kind == IChannels.ProposalKind.AddMember) {
            expected = expected && !ghostMember[channelId][member];
            data = abi.encodeCall(IChannels.proposeAddMember, (channelId, member));
        } else if (kind == IChannels.ProposalKind.RemoveMember) {
            expected = expected && ghostMember[channelId][member] && _channel[channelId].memberCount > 1;
            data = abi.encodeCall(IChannels.proposeRemoveMember, (channelId, member));
        } else if (kind == IChannels.ProposalKind.Setting) {
            expected = expected && cid.length <= 96;
            data = abi.encodeCall(IChannels.proposeSetting, (channelId, settingKey(member), cid));
        } else {
            expected = expected && (rules.thresholdKind == IChannels.ThresholdKind.Percentage
                    || rules.threshold <= _channel[channelId].memberCount);
            data = abi.encodeCall(IChannels.proposeRules, (channelId, rules));
        }
        vm.prank(proposer);
        (bool ok, bytes memory returned) = address(channels).call(data);
        if (!_outcome(ok, expected, "propose", returned)) return 0;

        proposalId = abi.decode(returned, (uint256));
        if (proposalId != ++ghostProposalCount) _unexpected("proposal ids are consecutive");
        GhostProposal storage p = _proposal[proposalId];
        p.channelId = channelId;
        p.proposer = proposer;
        p.kind = kind;
        p.member = member;
        p.cid = keccak256(cid);
        p.rules = rules;
        _snapshot(proposalId);
    }

    /// @dev Freezes a new proposal's snapshot as the model sees the channel, records the contract's, and counts a
    /// member proposer's yes.
    function _snapshot(uint256 proposalId) internal {
        GhostProposal storage p = _proposal[proposalId];
        uint256 channelId = p.channelId;
        GhostChannel storage c = _channel[channelId];
        p.createdStep = step;
        p.deadline = uint48(block.timestamp + c.rules.votingPeriod);
        p.epoch = c.epoch;
        p.requiredYes = _required(c.rules, c.memberCount);
        p.snapshotMembers = c.memberCount;
        for (uint256 a; a < ACTORS; ++a) {
            if (ghostMember[channelId][actor(a)]) ghostEligible[proposalId][actor(a)] = true;
        }
        snapshotAtCreation[proposalId] = _snapshotHash(channels.proposal(proposalId));
        if (ghostMember[channelId][p.proposer]) {
            ghostBallot[proposalId][p.proposer] = IChannels.Ballot.Yes;
            p.yes = 1;
            _decide(proposalId);
        }
    }

    /// @dev Votes, if the model says the vote must be accepted or to check that it is refused.
    function _vote(address voter, uint256 proposalId, bool support) internal {
        step++;
        IChannels.Ballot choice = support ? IChannels.Ballot.Yes : IChannels.Ballot.No;
        IChannels.Ballot previous = ghostBallot[proposalId][voter];
        bool expected = ghostStatus(proposalId) == IChannels.ProposalStatus.Pending
            && ghostEligible[proposalId][voter] && previous != choice;
        vm.prank(voter);
        (bool ok, bytes memory returned) = address(channels).call(abi.encodeCall(IChannels.vote, (proposalId, support)));
        if (!_outcome(ok, expected, "vote", returned)) return;

        GhostProposal storage p = _proposal[proposalId];
        ghostBallot[proposalId][voter] = choice;
        if (support) {
            p.yes++;
            if (previous == IChannels.Ballot.No) p.no--;
        } else {
            p.no++;
            if (previous == IChannels.Ballot.Yes) p.yes--;
        }
        _decide(proposalId);
    }

    /// @dev Passes when the yes votes reach the snapshot's requirement; rejects when the no votes leave too few
    /// voters to get there.
    function _decide(uint256 proposalId) internal {
        GhostProposal storage p = _proposal[proposalId];
        if (p.yes >= p.requiredYes) _execute(proposalId);
        else if (p.no + p.requiredYes > p.snapshotMembers) p.status = IChannels.ProposalStatus.Rejected;
    }

    /// @dev What passing does: a change whose target changed after the proposal was created is stale and changes
    /// nothing; removing the last member changes nothing; everything else applies.
    function _execute(uint256 proposalId) internal {
        GhostProposal storage p = _proposal[proposalId];
        GhostChannel storage c = _channel[p.channelId];
        IChannels.ProposalKind kind = p.kind;
        p.status = IChannels.ProposalStatus.Executed;
        IChannels.Effect effect = IChannels.Effect.Applied;
        if (kind == IChannels.ProposalKind.Policy) {
            if (c.policyStep > p.createdStep) {
                effect = IChannels.Effect.Stale;
            } else {
                (c.policyCid, c.policyStep) = (p.cid, step);
                c.policyVersion++;
            }
        } else if (kind == IChannels.ProposalKind.Metadata) {
            if (c.metadataStep > p.createdStep) effect = IChannels.Effect.Stale;
            else (c.metadataCid, c.metadataStep) = (p.cid, step);
        } else if (kind == IChannels.ProposalKind.Rules) {
            if (c.rulesStep > p.createdStep) effect = IChannels.Effect.Stale;
            else (c.rules, c.rulesStep) = (p.rules, step);
        } else if (kind == IChannels.ProposalKind.Setting) {
            bytes32 key = settingKey(p.member);
            if (_settingStep[p.channelId][key] > p.createdStep) effect = IChannels.Effect.Stale;
            else (_setting[p.channelId][key], _settingStep[p.channelId][key]) = (p.cid, step);
        } else if (kind != IChannels.ProposalKind.Video) {
            bool add = kind == IChannels.ProposalKind.AddMember;
            if (_memberStep[p.channelId][p.member] > p.createdStep) {
                effect = IChannels.Effect.Stale;
            } else if (!add && c.memberCount == 1) {
                effect = IChannels.Effect.LastMember;
            } else {
                ghostMember[p.channelId][p.member] = add;
                _memberStep[p.channelId][p.member] = step;
                c.epoch++;
                c.memberCount = add ? c.memberCount + 1 : c.memberCount - 1;
            }
        }
        p.effect = effect;
        p.policyVersion = c.policyVersion;
    }

    /// @dev The yes votes a proposal needs: an absolute threshold capped at the members, a percentage rounded up.
    function _required(IChannels.Rules memory r, uint32 members) internal pure returns (uint32) {
        if (r.thresholdKind == IChannels.ThresholdKind.Absolute) return r.threshold < members ? r.threshold : members;
        uint256 product = uint256(members) * r.threshold;
        return uint32(product / _BPS + (product % _BPS == 0 ? 0 : 1));
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _begin() internal {
        vm.recordLogs();
    }

    /// @dev Reads the {IChannels.ProposalExecuted} events the call emitted.
    function _end() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(channels) || logs[i].topics[0] != IChannels.ProposalExecuted.selector) {
                continue;
            }
            uint256 proposalId = uint256(logs[i].topics[2]);
            (, IChannels.Effect effect) = abi.decode(logs[i].data, (IChannels.ProposalKind, IChannels.Effect));
            effectSeen[proposalId] = uint8(effect) + 1;
            executedEvents[proposalId]++;
        }
    }

    /// @dev Records an outcome the model did not expect; returns whether the call succeeded (and counts it).
    function _outcome(bool ok, bool expected, bytes32 action, bytes memory returned) internal returns (bool) {
        if (ok != expected) {
            _unexpected(string.concat(
                ok ? "a call the model refuses succeeded: " : "a call the model accepts reverted: ",
                string(abi.encodePacked(action)), " ", vm.toString(returned)
            ));
        }
        if (ok) calls[action]++;
        return ok;
    }

    function _unexpected(string memory what) internal {
        if (unexpectedOutcomes++ == 0) firstUnexpected = what;
    }

    function _targetedVote(uint256 actorSeed, uint256 proposalSeed, bool support) internal {
        if (ghostProposalCount == 0) return;
        _begin();
        (uint256 proposalId, address voter) = _openBallot(bound(proposalSeed, 1, ghostProposalCount), actorSeed, support);
        if (proposalId != 0) _vote(voter, proposalId, support);
        _end();
    }

    /// @dev Yes votes from every eligible account until the proposal is decided.
    function _passWithYes(uint256 proposalId) internal {
        for (uint256 a; a < ACTORS && ghostStatus(proposalId) == IChannels.ProposalStatus.Pending; ++a) {
            address voter = actor(a);
            if (ghostEligible[proposalId][voter] && ghostBallot[proposalId][voter] != IChannels.Ballot.Yes) {
                _vote(voter, proposalId, true);
            }
        }
    }

    /// @dev An open proposal from `from` on (wrapping around), and an eligible voter from `actorSeed` on whose ballot
    /// is not already `support`, both as the model sees them; zero if there is none.
    function _openBallot(uint256 from, uint256 actorSeed, bool support)
        internal
        view
        returns (uint256 proposalId, address voter)
    {
        uint256 count = ghostProposalCount;
        IChannels.Ballot choice = support ? IChannels.Ballot.Yes : IChannels.Ballot.No;
        for (uint256 i; i < count; ++i) {
            uint256 id = (from - 1 + i) % count + 1;
            if (ghostStatus(id) != IChannels.ProposalStatus.Pending) continue;
            for (uint256 a; a < ACTORS; ++a) {
                address candidate = actor(actorSeed + a);
                if (ghostEligible[id][candidate] && ghostBallot[id][candidate] != choice) return (id, candidate);
            }
        }
    }

    /// @dev A random channel, and in it a member (the first from a random actor on) or, when `anyone`, a random actor.
    function _proposer(uint256 actorSeed, uint256 channelSeed, bool anyone)
        internal
        view
        returns (address proposer, uint256 channelId)
    {
        channelId = channelSeed % CHANNELS + 1;
        proposer = actor(actorSeed);
        for (uint256 a; !anyone && a < ACTORS; ++a) {
            if (ghostMember[channelId][actor(actorSeed + a)]) return (actor(actorSeed + a), channelId);
        }
    }

    /// @dev For a membership race, someone the proposal can name other than `except`: a non-member to add, a member
    /// to remove.
    function _raceTarget(uint256 channelId, IChannels.ProposalKind kind, uint256 seed, address except)
        internal
        view
        returns (address)
    {
        bool wantMember = kind == IChannels.ProposalKind.RemoveMember;
        for (uint256 a; a < ACTORS; ++a) {
            address candidate = actor(seed + a);
            if (candidate != except && ghostMember[channelId][candidate] == wantMember) return candidate;
        }
        return actor(seed);
    }

    /// @dev Rules for the channel as it is now: an absolute threshold of up to one more than its members (one above
    /// is refused), or a percentage of up to 100 %.
    function _randomRules(uint256 channelId, uint256 seed, bool percentage)
        internal
        view
        returns (IChannels.Rules memory)
    {
        uint256 maxThreshold = percentage ? _BPS : _channel[channelId].memberCount + 1;
        uint32 threshold = uint32(bound(seed, 1, maxThreshold));
        uint32 votingPeriod = uint32(bound(seed >> 128, 1 hours, 3 days));
        return _rules(seed >> 64 & 1 == 1, percentage, threshold, votingPeriod);
    }

    function _snapshotHash(IChannels.ProposalView memory p) internal pure returns (bytes32) {
        return keccak256(abi.encode(p.channelId, p.proposer, p.kind, p.deadline, p.epoch, p.requiredYes,
            p.snapshotMembers, p.cid, p.member, p.rules, p.settingKey, p.settingValue));
    }

    /// @dev A CID for most kinds; for a setting, a value of 0 to 99 bytes (over 96 is refused, 0 clears it).
    function _payload(IChannels.ProposalKind kind, uint256 seed) internal pure returns (bytes memory value) {
        if (kind != IChannels.ProposalKind.Setting) return _cid(seed, false);
        value = new bytes(seed % 100);
        bytes32 fill = keccak256(abi.encode(seed));
        for (uint256 i; i < value.length; ++i) {
            value[i] = fill[i % 32];
        }
    }

    /// @dev A directory (dag-pb) CID, or a file (raw) one.
    function _cid(uint256 seed, bool raw) internal pure returns (bytes memory) {
        return abi.encodePacked(raw ? bytes4(0x01551220) : bytes4(0x01701220), keccak256(abi.encode(seed)));
    }

    function _rules(bool open, bool percentage, uint32 threshold, uint32 votingPeriod)
        internal
        pure
        returns (IChannels.Rules memory)
    {
        return IChannels.Rules({
            submitters: open ? IChannels.Submitters.Anyone : IChannels.Submitters.MembersOnly,
            thresholdKind: percentage ? IChannels.ThresholdKind.Percentage : IChannels.ThresholdKind.Absolute,
            threshold: threshold,
            votingPeriod: votingPeriod
        });
    }
}

/// @dev The invariants of test/invariant/README.md, asserted after every call of a random sequence of handler calls.
/// Abstract, and the handler comes from `_newHandler`: test/contracts/ChannelsInvariant.t.sol makes both concrete,
/// because Hardhat runs Solidity tests from test/contracts and fuzzes only contracts declared in test files there (it
/// writes no artifact, hence no ABI, for a contract declared in an imported file).
abstract contract ChannelsInvariants is StdInvariant, Test {
    Channels internal channels;
    ChannelsHandler internal handler;

    /// @dev Deploys the handler: a contract declared in the test file being run, deriving from {ChannelsHandler}.
    function _newHandler(Channels channels_) internal virtual returns (ChannelsHandler);

    function setUp() public virtual {
        channels = new Channels();
        handler = _newHandler(channels);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = ChannelsHandler.submitVideo.selector;
        selectors[1] = ChannelsHandler.proposeChange.selector;
        selectors[2] = ChannelsHandler.raceChanges.selector;
        selectors[3] = ChannelsHandler.voteFor.selector;
        selectors[4] = ChannelsHandler.voteAgainst.selector;
        selectors[5] = ChannelsHandler.voteAnyone.selector;
        selectors[6] = ChannelsHandler.withdraw.selector;
        selectors[7] = ChannelsHandler.expire.selector;
        selectors[8] = ChannelsHandler.warp.selector;
        selectors[9] = ChannelsHandler.voteAtDeadline.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Every call had the outcome the model expects: nothing it accepts reverted (a vote that should count, a
    /// valid proposal, a withdrawal or expiry that is due), nothing it refuses succeeded (a vote on a closed proposal,
    /// by a non-member, a proposal from an outsider in a members-only channel, a video named by a file CID).
    function invariant_EveryCallHasTheExpectedOutcome() public view {
        assertEq(handler.unexpectedOutcomes(), 0, handler.firstUnexpected());
    }

    /// @dev 2. Each proposal matches the model: the same snapshot as when it was created (never changed since) and as
    /// the rules and membership of that moment give, the same tally, the same status (so executed iff its required yes
    /// was reached, rejected only when passing became impossible, terminal forever), and once executed the same
    /// recorded policy version and exactly one {ProposalExecuted} stating the effect the model predicts.
    function invariant_ProposalsMatchTheModel() public view {
        uint256 count = channels.proposalCount();
        assertEq(count, handler.ghostProposalCount(), "proposal count");
        for (uint256 id = 1; id <= count; ++id) {
            IChannels.ProposalView memory p = channels.proposal(id);
            ChannelsHandler.GhostProposal memory g = handler.ghostProposal(id);
            assertEq(keccak256(abi.encode(p.channelId, p.proposer, p.kind, p.deadline, p.epoch, p.requiredYes,
                p.snapshotMembers, p.cid, p.member, p.rules, p.settingKey, p.settingValue)),
                handler.snapshotAtCreation(id), "snapshot unchanged");
            if (p.kind == IChannels.ProposalKind.Setting) {
                assertEq(p.settingKey, handler.settingKey(g.member), "setting key as proposed");
                assertEq(keccak256(p.settingValue), g.cid, "setting value as proposed");
            }
            assertEq(p.deadline, g.deadline, "deadline from the rules at creation");
            assertEq(p.epoch, g.epoch, "membership epoch at creation");
            assertEq(p.requiredYes, g.requiredYes, "required yes from the rules at creation");
            assertEq(p.snapshotMembers, g.snapshotMembers, "members at creation");
            assertEq(p.yesVotes, g.yes, "yes votes counted");
            assertEq(p.noVotes, g.no, "no votes counted");
            assertEq(uint8(p.status), uint8(handler.ghostStatus(id)), "status");
            if (g.status == IChannels.ProposalStatus.Executed) {
                assertEq(p.policyVersion, g.policyVersion, "policy version at execution");
                assertEq(handler.executedEvents(id), 1, "one ProposalExecuted");
                assertEq(handler.effectSeen(id), uint8(g.effect) + 1, "stated effect (stale, last member, applied)");
            } else {
                assertEq(p.policyVersion, 0, "no policy version before execution");
                assertEq(handler.executedEvents(id), 0, "no ProposalExecuted before execution");
            }
        }
    }

    /// @dev 3. Each channel matches the model: every applied proposal's effect is visible (rules, policy and its
    /// version, metadata, settings, membership and epoch) and no stale one changed anything.
    function invariant_ChannelsMatchTheModel() public view {
        for (uint256 channelId = 1; channelId <= handler.CHANNELS(); ++channelId) {
            IChannels.ChannelView memory c = channels.channel(channelId);
            ChannelsHandler.GhostChannel memory g = handler.ghostChannel(channelId);
            assertEq(keccak256(abi.encode(c.rules)), keccak256(abi.encode(g.rules)), "rules");
            assertEq(c.policyVersion, g.policyVersion, "policy version");
            assertEq(keccak256(c.policyCid), g.policyCid, "policy CID");
            assertEq(keccak256(c.metadataCid), g.metadataCid, "metadata CID");
            assertEq(c.memberCount, g.memberCount, "member count");
            assertEq(c.epoch, g.epoch, "membership epoch");
            uint256 members;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address account = handler.actor(a);
                bytes32 key = handler.settingKey(account);
                assertEq(keccak256(channels.setting(channelId, key)), handler.ghostSetting(channelId, key), "setting");
                bool member = channels.isMember(channelId, account);
                assertEq(member, handler.ghostMember(channelId, account), "membership");
                if (member) members++;
            }
            assertGe(c.memberCount, 1, "a channel always has a member");
            assertEq(c.memberCount, members, "member count is the members");
            uint256 required = channels.requiredYes(channelId);
            assertGe(required, 1, "a new proposal needs at least one yes");
            assertLe(required, c.memberCount, "a new proposal can always pass");
        }
    }

    /// @dev 4. Ballots: each recorded ballot is the last one cast; only members of a proposal's snapshot hold one, and
    /// the snapshot's member count is the number of accounts that were members at its epoch.
    function invariant_OnlySnapshotMembersHoldBallots() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint256 eligible;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address account = handler.actor(a);
                bool isEligible = channels.isEligible(id, account);
                assertEq(isEligible, handler.ghostEligible(id, account), "eligible: a member at the snapshot");
                if (isEligible) eligible++;
                IChannels.Ballot ballot = channels.ballotOf(id, account);
                assertEq(uint8(ballot), uint8(handler.ghostBallot(id, account)), "recorded ballot is the one cast");
                if (ballot != IChannels.Ballot.None) assertTrue(isEligible, "only snapshot members hold ballots");
            }
            IChannels.ProposalView memory p = channels.proposal(id);
            assertEq(p.snapshotMembers, eligible, "snapshot members = members at the epoch");
            assertGe(p.requiredYes, 1, "at least one yes required");
            assertLe(p.requiredYes, p.snapshotMembers, "required yes within the snapshot");
        }
    }

    /// @dev A run that made no proposal or counted no vote tested nothing: fail it. (Only for runs of 20 calls or
    /// more, so that the short sequences the fuzzer shrinks a failure to report that failure alone.)
    function afterInvariant() external view {
        if (handler.actions() < 20) return;
        assertGt(handler.calls("propose"), 0, "no proposal was made in this run");
        assertGt(handler.calls("vote"), 0, "no vote was counted in this run");
    }
}
