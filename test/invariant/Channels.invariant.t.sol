// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {Channels} from "../../contracts/Channels.sol";

/// @dev Drives {Channels} with random but mostly valid calls from a fixed cast of six accounts, and keeps ghost
/// records (the ballots each account cast, the first terminal status seen for each proposal) for the invariants to
/// check against. Every member ever is one of the six, so counting over them is counting over everyone.
contract ChannelsHandler is Test {
    Channels public channels;

    uint256 public constant ACTORS = 6;
    uint256 public constant CHANNELS = 2;

    /// @dev Ghost ballots: 0 none, 1 yes, 2 no, as cast through successful calls.
    mapping(uint256 proposalId => mapping(address voter => IChannels.Ballot)) public ghostBallot;
    /// @dev The first terminal (effective) status observed for each proposal, once it had one.
    mapping(uint256 proposalId => IChannels.ProposalStatus) public ghostTerminal;
    mapping(uint256 proposalId => bool) public ghostIsTerminal;
    /// @dev How many calls of each kind succeeded, to see that the run exercised the contract.
    mapping(bytes32 action => uint256) public calls;

    constructor(Channels channels_) {
        channels = channels_;
        // Channel 1: three founders, two votes of three, open to anyone.
        address[] memory founders = new address[](3);
        (founders[0], founders[1], founders[2]) = (actor(0), actor(1), actor(2));
        channels.createChannel(_cid(1), _cid(2), founders, _rules(true, false, 2, 1 days));
        // Channel 2: two founders, 60 % of the members rounded up (both of two), members only.
        founders = new address[](2);
        (founders[0], founders[1]) = (actor(3), actor(4));
        channels.createChannel(_cid(3), _cid(4), founders, _rules(false, true, 6_000, 2 days));
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0xC0FFEE00 + index % ACTORS));
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A video submission to a random channel, by a member or, when `byAnyone`, by a random account (which
    /// reverts in a members-only channel).
    function submitVideo(uint256 actorSeed, uint256 channelSeed, uint256 digestSeed, bool byAnyone) external {
        (address proposer, uint256 channelId) = _proposer(actorSeed, channelSeed, byAnyone);
        bool member = channels.isMember(channelId, proposer);
        vm.prank(proposer);
        try channels.submitVideo(channelId, _cid(digestSeed)) returns (uint256 proposalId) {
            _created(proposalId, proposer, member);
        } catch {}
        _observe();
    }

    /// @dev A change of a random kind (policy, member added or removed, rules) to a random channel, by a member or,
    /// when `byAnyone`, by a random account. Pointless changes (adding a member, removing a non-member) revert.
    function proposeChange(
        uint256 kindSeed,
        uint256 actorSeed,
        uint256 channelSeed,
        uint256 seed,
        bool byAnyone,
        bool percentage
    ) external {
        (address proposer, uint256 channelId) = _proposer(actorSeed, channelSeed, byAnyone);
        bool member = channels.isMember(channelId, proposer);
        uint256 kind = kindSeed % 4;
        vm.startPrank(proposer);
        uint256 proposalId;
        if (kind == 0) {
            try channels.proposePolicy(channelId, _cid(seed)) returns (uint256 id) {
                proposalId = id;
            } catch {}
        } else if (kind == 1) {
            try channels.proposeAddMember(channelId, actor(seed)) returns (uint256 id) {
                proposalId = id;
            } catch {}
        } else if (kind == 2) {
            try channels.proposeRemoveMember(channelId, actor(seed)) returns (uint256 id) {
                proposalId = id;
            } catch {}
        } else {
            IChannels.Rules memory rules = _randomRules(channelId, seed, byAnyone, percentage);
            try channels.proposeRules(channelId, rules) returns (uint256 id) {
                proposalId = id;
            } catch {}
        }
        vm.stopPrank();
        if (proposalId != 0) _created(proposalId, proposer, member);
        _observe();
    }

    /// @dev Yes on an open proposal (the first from a random one on) by an eligible voter (the first from a random one
    /// on) whose ballot is not yes yet, so that most calls count.
    function voteFor(uint256 actorSeed, uint256 proposalSeed) external {
        _targetedVote(actorSeed, proposalSeed, true);
    }

    /// @dev As {voteFor}, with no.
    function voteAgainst(uint256 actorSeed, uint256 proposalSeed) external {
        _targetedVote(actorSeed, proposalSeed, false);
    }

    /// @dev A random account's vote on an open proposal if there is one (else a random one): often reverts (not
    /// eligible, same choice, closed), which is the point.
    function voteAnyone(uint256 actorSeed, uint256 proposalSeed, bool support) external {
        uint256 count = channels.proposalCount();
        if (count == 0) return;
        uint256 proposalId = bound(proposalSeed, 1, count);
        for (uint256 i; i < count; ++i) {
            uint256 id = (proposalId - 1 + i) % count + 1;
            if (channels.proposalStatus(id) == IChannels.ProposalStatus.Pending) {
                proposalId = id;
                break;
            }
        }
        _vote(actor(actorSeed), proposalId, support);
    }

    /// @dev The proposer withdraws a random proposal; one call in four acts, so that proposals live to be voted on.
    function withdraw(uint256 proposalSeed) external {
        uint256 count = channels.proposalCount();
        if (count == 0 || proposalSeed % 4 != 0) return;
        uint256 proposalId = bound(proposalSeed, 1, count);
        vm.prank(channels.proposal(proposalId).proposer);
        try channels.withdraw(proposalId) {
            calls["withdraw"]++;
        } catch {}
        _observe();
    }

    function expire(uint256 proposalSeed) external {
        uint256 count = channels.proposalCount();
        if (count == 0) return;
        try channels.expire(bound(proposalSeed, 1, count)) {
            calls["expire"]++;
        } catch {}
        _observe();
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 12 hours));
        _observe();
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _targetedVote(uint256 actorSeed, uint256 proposalSeed, bool support) internal {
        uint256 count = channels.proposalCount();
        if (count == 0) return;
        (uint256 proposalId, address voter) = _openBallot(bound(proposalSeed, 1, count), actorSeed, support);
        if (proposalId != 0) _vote(voter, proposalId, support);
    }

    function _vote(address voter, uint256 proposalId, bool support) internal {
        vm.prank(voter);
        try channels.vote(proposalId, support) {
            ghostBallot[proposalId][voter] = support ? IChannels.Ballot.Yes : IChannels.Ballot.No;
            calls["vote"]++;
        } catch {}
        _observe();
    }

    /// @dev An open proposal from `from` on (wrapping around), and an eligible voter from `actorSeed` on whose ballot
    /// is not already `support`; zero if there is none.
    function _openBallot(uint256 from, uint256 actorSeed, bool support)
        internal
        view
        returns (uint256 proposalId, address voter)
    {
        uint256 count = channels.proposalCount();
        IChannels.Ballot choice = support ? IChannels.Ballot.Yes : IChannels.Ballot.No;
        for (uint256 i; i < count; ++i) {
            uint256 id = (from - 1 + i) % count + 1;
            if (channels.proposalStatus(id) != IChannels.ProposalStatus.Pending) continue;
            for (uint256 a; a < ACTORS; ++a) {
                address candidate = actor(actorSeed + a);
                if (channels.isEligible(id, candidate) && channels.ballotOf(id, candidate) != choice) {
                    return (id, candidate);
                }
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
            if (channels.isMember(channelId, actor(actorSeed + a))) return (actor(actorSeed + a), channelId);
        }
    }

    function _created(uint256 proposalId, address proposer, bool proposerIsMember) internal {
        // A member's proposal counts as their yes vote.
        if (proposerIsMember) ghostBallot[proposalId][proposer] = IChannels.Ballot.Yes;
        calls["propose"]++;
    }

    /// @dev Records the first terminal status of every proposal that has one.
    function _observe() internal {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            if (ghostIsTerminal[id]) continue;
            IChannels.ProposalStatus status = channels.proposalStatus(id);
            if (status != IChannels.ProposalStatus.Pending) {
                ghostIsTerminal[id] = true;
                ghostTerminal[id] = status;
            }
        }
    }

    /// @dev Valid rules for the channel as it is now (a threshold of up to its member count, or of up to 100 %).
    function _randomRules(uint256 channelId, uint256 seed, bool open, bool percentage)
        internal
        view
        returns (IChannels.Rules memory)
    {
        uint256 maxThreshold = percentage ? 10_000 : channels.channel(channelId).memberCount;
        uint32 threshold = uint32(bound(seed, 1, maxThreshold));
        uint32 votingPeriod = uint32(bound(seed >> 128, 1 hours, 3 days));
        return _rules(open, percentage, threshold, votingPeriod);
    }

    function _cid(uint256 seed) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes4(0x01551220), keccak256(abi.encode(seed)));
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
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = ChannelsHandler.submitVideo.selector;
        selectors[1] = ChannelsHandler.proposeChange.selector;
        selectors[2] = ChannelsHandler.voteFor.selector;
        selectors[3] = ChannelsHandler.voteAgainst.selector;
        selectors[4] = ChannelsHandler.voteAnyone.selector;
        selectors[5] = ChannelsHandler.withdraw.selector;
        selectors[6] = ChannelsHandler.expire.selector;
        selectors[7] = ChannelsHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. A proposal is executed (a video released) if and only if its yes votes reached the required yes of its
    /// own snapshot; it is rejected only once its no votes exceed its snapshot members minus its required yes.
    function invariant_ExecutedIffRequiredYesReached() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            IChannels.ProposalView memory p = channels.proposal(id);
            bool reached = p.yesVotes >= p.requiredYes;
            assertEq(p.status == IChannels.ProposalStatus.Executed, reached, "executed iff required yes reached");
            if (p.status == IChannels.ProposalStatus.Rejected) {
                assertGt(p.noVotes, p.snapshotMembers - p.requiredYes, "rejected only when passing is impossible");
            }
            if (p.status == IChannels.ProposalStatus.Pending) {
                assertLe(p.noVotes, p.snapshotMembers - p.requiredYes, "pending proposals can still pass");
            }
        }
    }

    /// @dev 2. Every proposal's tallies equal the ballots recorded, and the ballots recorded are those cast.
    function invariant_TalliesEqualBallots() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint256 yes;
            uint256 no;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address voter = handler.actor(a);
                IChannels.Ballot ballot = channels.ballotOf(id, voter);
                assertEq(uint8(ballot), uint8(handler.ghostBallot(id, voter)), "recorded ballot is the one cast");
                if (ballot == IChannels.Ballot.Yes) yes++;
                if (ballot == IChannels.Ballot.No) no++;
            }
            IChannels.ProposalView memory p = channels.proposal(id);
            assertEq(p.yesVotes, yes, "yes votes equal yes ballots");
            assertEq(p.noVotes, no, "no votes equal no ballots");
        }
    }

    /// @dev 3. Terminal statuses (executed, rejected, withdrawn, expired) never change: a released video stays
    /// released.
    function invariant_TerminalStatusesNeverChange() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            if (!handler.ghostIsTerminal(id)) continue;
            assertEq(
                uint8(channels.proposalStatus(id)), uint8(handler.ghostTerminal(id)), "terminal status unchanged"
            );
        }
    }

    /// @dev 4. Only members of a proposal's snapshot hold ballots on it, and its snapshot member count is exactly
    /// the number of accounts that were members at its epoch.
    function invariant_OnlySnapshotMembersCount() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint256 eligible;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address account = handler.actor(a);
                bool isEligible = channels.isEligible(id, account);
                if (isEligible) eligible++;
                if (channels.ballotOf(id, account) != IChannels.Ballot.None) {
                    assertTrue(isEligible, "only snapshot members hold ballots");
                }
            }
            assertEq(channels.proposal(id).snapshotMembers, eligible, "snapshot members = members at the epoch");
        }
    }

    /// @dev 5. A channel always has at least one member, and its member count is the number of its members.
    function invariant_ChannelAlwaysHasAMember() public view {
        for (uint256 channelId = 1; channelId <= handler.CHANNELS(); ++channelId) {
            uint256 memberCount = channels.channel(channelId).memberCount;
            assertGe(memberCount, 1, "at least one member");
            uint256 members;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                if (channels.isMember(channelId, handler.actor(a))) members++;
            }
            assertEq(memberCount, members, "member count matches the members");
        }
    }

    /// @dev 6. Every proposal needs at least one and at most its snapshot members' yes votes, and holds no more ballots
    /// than its snapshot has members; a proposal created now would need between one and all the members.
    function invariant_RequiredYesWithinSnapshot() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            IChannels.ProposalView memory p = channels.proposal(id);
            assertGe(p.requiredYes, 1, "at least one yes required");
            assertLe(p.requiredYes, p.snapshotMembers, "required yes within the snapshot");
            assertLe(uint256(p.yesVotes) + p.noVotes, p.snapshotMembers, "no more ballots than snapshot members");
        }
        for (uint256 channelId = 1; channelId <= handler.CHANNELS(); ++channelId) {
            uint256 required = channels.requiredYes(channelId);
            assertGe(required, 1, "a new proposal needs at least one yes");
            assertLe(required, channels.channel(channelId).memberCount, "a new proposal can always pass");
        }
    }

    /// @dev 7. An executed proposal records a policy version the channel has had; a pending one records none.
    function invariant_PolicyVersionRecordedAtExecution() public view {
        uint256 count = channels.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            IChannels.ProposalView memory p = channels.proposal(id);
            if (p.status == IChannels.ProposalStatus.Executed) {
                assertGe(p.policyVersion, 1, "executed under a policy version");
                assertLe(p.policyVersion, channels.channel(p.channelId).policyVersion, "a version the channel had");
            } else {
                assertEq(p.policyVersion, 0, "no version before execution");
            }
        }
    }
}
