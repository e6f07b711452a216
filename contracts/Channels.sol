// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IChannels} from "./interfaces/IChannels.sol";
import {CidV1} from "./libraries/CidV1.sol";
import {MembershipHistory} from "./libraries/MembershipHistory.sol";

/// @title Channels
/// @notice Community channels whose members release videos and change their own policy, membership and rules by vote.
/// No owner, no admin, no pause, no upgrade, no executor: the vote that reaches a proposal's threshold applies it.
/// @dev Storage is laid out for the hot paths ({vote}, {submitVideo}): a proposal is three slots (who/what/state, its
/// snapshot and tally, its payload); a CID is stored as its codec byte and 32-byte digest, the rest of the 36 bytes
/// being fixed by {CidV1}. Membership is a history per member ({MembershipHistory}) keyed by the channel's membership
/// epoch, which goes up by one at each membership change, so a proposal's membership snapshot is just the epoch at its
/// creation. A setting ({proposeSetting}) is one slot: the proposal whose value it holds (the value stays where the
/// proposal stored it, so passing a setting writes one slot, not the value again) and the proposal count at its last
/// change, for the stale check. No function calls out to another contract, so there is no reentrancy to guard against.
contract Channels is IChannels {
    using MembershipHistory for MembershipHistory.History;

    /// @inheritdoc IChannels
    uint32 public constant MIN_VOTING_PERIOD = 1 hours;
    /// @inheritdoc IChannels
    uint32 public constant MAX_VOTING_PERIOD = 90 days;

    /// @inheritdoc IChannels
    uint256 public constant MAX_SETTING_BYTES = 96;

    uint32 private constant _MAX_BPS = 10_000;

    /// @dev One slot of counters and rules, then the two CID digests.
    struct Channel {
        // Slot 0 (26 bytes). `memberCount == 0` means the channel does not exist: a channel always has a member.
        Submitters submitters;
        ThresholdKind thresholdKind;
        uint32 threshold;
        uint32 votingPeriod;
        uint32 memberCount;
        uint48 epoch;
        uint32 policyVersion;
        bytes1 policyCodec;
        bytes1 metadataCodec;
        // Slots 1 and 2.
        bytes32 policyDigest;
        bytes32 metadataDigest;
        // Slot 3, read and written only when a rules, policy or metadata proposal is executed: when each last changed,
        // as the proposal count at that moment. A proposal whose id is at most this value was created before the
        // change, so applying it would undo a later decision: it completes as {Effect.Stale}.
        uint64 rulesChangedAt;
        uint64 policyChangedAt;
        uint64 metadataChangedAt;
    }

    /// @dev Slot 0 is read by every vote, slot 1 read and written by every vote, slot 2 only read on execution.
    struct Proposal {
        // Slot 0 (32 bytes). `proposer == address(0)` means the proposal does not exist.
        address proposer;
        uint64 channelId;
        ProposalKind kind;
        ProposalStatus status;
        // The proposer's ballot lives here rather than in `_ballots`, so that a member's submission (which counts as
        // their yes vote) writes no extra slot.
        Ballot proposerBallot;
        bytes1 cidCodec;
        // Slot 1 (32 bytes): the snapshot, then the tally.
        uint48 deadline;
        uint48 epoch;
        uint32 requiredYes;
        uint32 snapshotMembers;
        uint32 yesVotes;
        uint32 noVotes;
        uint32 policyVersion;
        // Slot 2: the CID digest (Video, Policy, Metadata), the member's address (AddMember, RemoveMember) or the
        // setting's key (Setting). The rules of a Rules proposal are in `_proposedRules`, the value of a Setting
        // proposal in `_proposedValues`.
        bytes32 payload;
    }

    /// @dev A channel's setting: the proposal that set it (its value is `_proposedValues[proposalId]`; 0: never set),
    /// and when it last changed (the proposal count then, as `rulesChangedAt`).
    struct Setting {
        uint64 proposalId;
        uint64 changedAt;
    }

    /// @dev What a proposal freezes at creation; in memory only, on its way to `Proposal` and {ProposalCreated}.
    struct Snapshot {
        uint48 deadline;
        uint48 epoch;
        uint32 requiredYes;
        uint32 members;
    }

    uint64 private _channelCount;
    uint64 private _proposalCount;
    mapping(uint256 channelId => Channel) private _channels;
    /// @dev Per account, its membership changes by epoch: founders join at epoch 0.
    mapping(uint256 channelId => mapping(address account => MembershipHistory.History)) private _membership;
    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(uint256 proposalId => Rules) private _proposedRules;
    mapping(uint256 proposalId => bytes value) private _proposedValues;
    mapping(uint256 channelId => mapping(bytes32 key => Setting)) private _settings;
    /// @dev Every voter's ballot except the proposer's, which is `Proposal.proposerBallot`.
    mapping(uint256 proposalId => mapping(address voter => Ballot)) private _ballots;

    // ─── Channels ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IChannels
    function createChannel(
        bytes calldata metadataCid,
        bytes calldata policyCid,
        address[] calldata founders,
        Rules calldata rules
    ) external returns (uint256 channelId) {
        uint256 founderCount = founders.length;
        if (founderCount == 0) revert ChannelsNoFounders();
        // The casts of `founderCount` to uint32 cannot truncate: 2^32 founders (128 GiB of calldata) fit in no
        // transaction.
        _checkRules(rules, uint32(founderCount));

        channelId = ++_channelCount;
        _storeChannel(_channels[channelId], metadataCid, policyCid, rules, uint32(founderCount));
        emit ChannelCreated(channelId, msg.sender, metadataCid, policyCid, founders, rules);

        mapping(address account => MembershipHistory.History) storage membership = _membership[channelId];
        for (uint256 i; i < founderCount; ++i) {
            address founder = founders[i];
            if (founder == address(0)) revert ChannelsZeroAddressMember();
            MembershipHistory.History storage history = membership[founder];
            if (history.isMember()) revert ChannelsDuplicateFounder(founder);
            history.record(0, true);
            emit MemberAdded(channelId, founder, 0, uint32(i + 1), 0);
        }
        emit PolicyAmended(channelId, 1, policyCid, 0);
    }

    // ─── Proposals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IChannels
    function submitVideo(uint256 channelId, bytes calldata manifestCid) external returns (uint256 proposalId) {
        (bytes1 codec, bytes32 digest) = _packCid(manifestCid);
        // A video is a directory (manifest.json, playlists, segments), as in `Videos.publish`.
        if (codec != CidV1.DAG_PB) revert ChannelsNotADirectory(manifestCid);
        return _propose(channelId, ProposalKind.Video, codec, digest, manifestCid, address(0));
    }

    /// @inheritdoc IChannels
    function proposePolicy(uint256 channelId, bytes calldata policyCid) external returns (uint256 proposalId) {
        (bytes1 codec, bytes32 digest) = _packCid(policyCid);
        return _propose(channelId, ProposalKind.Policy, codec, digest, policyCid, address(0));
    }

    /// @inheritdoc IChannels
    function proposeMetadata(uint256 channelId, bytes calldata metadataCid) external returns (uint256 proposalId) {
        (bytes1 codec, bytes32 digest) = _packCid(metadataCid);
        return _propose(channelId, ProposalKind.Metadata, codec, digest, metadataCid, address(0));
    }

    /// @inheritdoc IChannels
    function proposeAddMember(uint256 channelId, address account) external returns (uint256 proposalId) {
        if (account == address(0)) revert ChannelsZeroAddressMember();
        if (_isMember(channelId, account)) revert ChannelsAlreadyMember(channelId, account);
        return _propose(channelId, ProposalKind.AddMember, 0, _accountPayload(account), msg.data[:0], account);
    }

    /// @inheritdoc IChannels
    function proposeRemoveMember(uint256 channelId, address account) external returns (uint256 proposalId) {
        if (account == address(0)) revert ChannelsZeroAddressMember();
        uint32 memberCount = _channel(channelId).memberCount;
        if (!_isMember(channelId, account)) revert ChannelsNotMember(channelId, account);
        if (memberCount == 1) revert ChannelsLastMember(channelId, account);
        return _propose(channelId, ProposalKind.RemoveMember, 0, _accountPayload(account), msg.data[:0], account);
    }

    /// @inheritdoc IChannels
    function proposeRules(uint256 channelId, Rules calldata rules) external returns (uint256 proposalId) {
        _checkRules(rules, _channel(channelId).memberCount);
        // The id `_propose` will take; written first so that a one-vote channel executing at once finds the rules.
        _proposedRules[_proposalCount + 1] = rules;
        return _propose(channelId, ProposalKind.Rules, 0, 0, msg.data[:0], address(0));
    }

    /// @inheritdoc IChannels
    function proposeSetting(uint256 channelId, bytes32 key, bytes calldata value)
        external
        returns (uint256 proposalId)
    {
        if (key == 0) revert ChannelsZeroSettingKey();
        uint256 length = value.length;
        if (length > MAX_SETTING_BYTES) revert ChannelsSettingTooLong(length, MAX_SETTING_BYTES);
        // The id `_propose` will take; written first so that a one-vote channel executing at once finds the value.
        if (length != 0) _proposedValues[_proposalCount + 1] = value;
        return _propose(channelId, ProposalKind.Setting, 0, key, msg.data[:0], address(0));
    }

    /// @inheritdoc IChannels
    function vote(uint256 proposalId, bool support) external {
        Proposal storage p = _proposals[proposalId];
        address proposer = p.proposer;
        if (proposer == address(0)) revert ChannelsUnknownProposal(proposalId);
        ProposalStatus status = p.status;
        if (status != ProposalStatus.Pending) revert ChannelsProposalClosed(proposalId, status);
        if (block.timestamp >= p.deadline) revert ChannelsProposalClosed(proposalId, ProposalStatus.Expired);
        uint256 channelId = p.channelId;
        if (!_membership[channelId][msg.sender].isMemberAt(p.epoch)) {
            revert ChannelsNotEligible(proposalId, msg.sender);
        }

        Ballot choice = support ? Ballot.Yes : Ballot.No;
        Ballot previous;
        if (msg.sender == proposer) {
            previous = p.proposerBallot;
            p.proposerBallot = choice;
        } else {
            previous = _ballots[proposalId][msg.sender];
            _ballots[proposalId][msg.sender] = choice;
        }
        if (previous == choice) revert ChannelsAlreadyVoted(proposalId, msg.sender, support);

        uint32 yes = p.yesVotes;
        uint32 no = p.noVotes;
        // Cannot overflow: each voter holds one ballot and only members of the snapshot vote, so
        // yes + no <= snapshotMembers <= type(uint32).max. Cannot underflow: a previous Yes (No) ballot was counted
        // in yes (no), which is therefore at least 1.
        unchecked {
            if (support) {
                ++yes;
                if (previous == Ballot.No) --no;
            } else {
                ++no;
                if (previous == Ballot.Yes) --yes;
            }
        }
        p.yesVotes = yes;
        p.noVotes = no;
        emit VoteCast(proposalId, msg.sender, support, yes, no);

        uint32 required = p.requiredYes;
        if (yes >= required) {
            _execute(proposalId, p, channelId);
        } else if (no > p.snapshotMembers - required) {
            // Cannot underflow (checked anyway): requiredYes <= snapshotMembers, fixed at creation.
            p.status = ProposalStatus.Rejected;
            emit ProposalRejected(channelId, proposalId, yes, no);
        }
    }

    /// @inheritdoc IChannels
    function withdraw(uint256 proposalId) external {
        Proposal storage p = _openProposal(proposalId);
        address proposer = p.proposer;
        if (msg.sender != proposer) revert ChannelsNotProposer(proposalId, msg.sender, proposer);
        p.status = ProposalStatus.Withdrawn;
        emit ProposalWithdrawn(p.channelId, proposalId);
    }

    /// @inheritdoc IChannels
    function expire(uint256 proposalId) external {
        Proposal storage p = _proposal(proposalId);
        ProposalStatus status = p.status;
        if (status != ProposalStatus.Pending) revert ChannelsProposalClosed(proposalId, status);
        uint48 deadline = p.deadline;
        if (block.timestamp < deadline) revert ChannelsVotingNotEnded(proposalId, deadline);
        p.status = ProposalStatus.Expired;
        emit ProposalExpired(p.channelId, proposalId, p.yesVotes, p.noVotes);
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IChannels
    function channelCount() external view returns (uint256) {
        return _channelCount;
    }

    /// @inheritdoc IChannels
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IChannels
    function channel(uint256 channelId) external view returns (ChannelView memory) {
        Channel storage c = _channel(channelId);
        return ChannelView({
            rules: Rules({
                submitters: c.submitters,
                thresholdKind: c.thresholdKind,
                threshold: c.threshold,
                votingPeriod: c.votingPeriod
            }),
            memberCount: c.memberCount,
            epoch: c.epoch,
            policyVersion: c.policyVersion,
            policyCid: _unpackCid(c.policyCodec, c.policyDigest),
            metadataCid: _unpackCid(c.metadataCodec, c.metadataDigest)
        });
    }

    /// @inheritdoc IChannels
    function requiredYes(uint256 channelId) external view returns (uint32) {
        Channel storage c = _channel(channelId);
        return _requiredYes(c.thresholdKind, c.threshold, c.memberCount);
    }

    /// @inheritdoc IChannels
    function setting(uint256 channelId, bytes32 key) external view returns (bytes memory) {
        _channel(channelId);
        return _proposedValues[_settings[channelId][key].proposalId];
    }

    /// @inheritdoc IChannels
    function isMember(uint256 channelId, address account) external view returns (bool) {
        _channel(channelId);
        return _isMember(channelId, account);
    }

    /// @inheritdoc IChannels
    function isMemberAt(uint256 channelId, address account, uint48 epoch) external view returns (bool) {
        uint48 currentEpoch = _channel(channelId).epoch;
        if (epoch > currentEpoch) revert ChannelsFutureEpoch(channelId, epoch, currentEpoch);
        return _membership[channelId][account].isMemberAt(epoch);
    }

    /// @inheritdoc IChannels
    function proposal(uint256 proposalId) external view returns (ProposalView memory info) {
        Proposal storage p = _proposal(proposalId);
        ProposalKind kind = p.kind;
        info.channelId = p.channelId;
        info.proposer = p.proposer;
        info.kind = kind;
        info.status = _effectiveStatus(p);
        info.deadline = p.deadline;
        info.epoch = p.epoch;
        info.requiredYes = p.requiredYes;
        info.snapshotMembers = p.snapshotMembers;
        info.yesVotes = p.yesVotes;
        info.noVotes = p.noVotes;
        info.policyVersion = p.policyVersion;
        if (kind == ProposalKind.Video || kind == ProposalKind.Policy || kind == ProposalKind.Metadata) {
            info.cid = _unpackCid(p.cidCodec, p.payload);
        } else if (kind == ProposalKind.Rules) {
            info.rules = _proposedRules[proposalId];
        } else if (kind == ProposalKind.Setting) {
            info.settingKey = p.payload;
            info.settingValue = _proposedValues[proposalId];
        } else {
            info.member = _payloadAccount(p.payload);
        }
    }

    /// @inheritdoc IChannels
    function proposalStatus(uint256 proposalId) external view returns (ProposalStatus) {
        return _effectiveStatus(_proposal(proposalId));
    }

    /// @inheritdoc IChannels
    function ballotOf(uint256 proposalId, address voter) external view returns (Ballot) {
        Proposal storage p = _proposal(proposalId);
        return voter == p.proposer ? p.proposerBallot : _ballots[proposalId][voter];
    }

    /// @inheritdoc IChannels
    function isEligible(uint256 proposalId, address account) external view returns (bool) {
        Proposal storage p = _proposal(proposalId);
        return _membership[p.channelId][account].isMemberAt(p.epoch);
    }

    // ─── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Creates a proposal with the channel's current snapshot; counts a member proposer's yes vote and executes
    /// at once when that vote is enough.
    function _propose(
        uint256 channelId,
        ProposalKind kind,
        bytes1 cidCodec,
        bytes32 payload,
        bytes calldata cid,
        address member
    ) private returns (uint256 proposalId) {
        (Snapshot memory snapshot, bool proposerIsMember) = _snapshot(channelId);
        proposalId = ++_proposalCount;
        Proposal storage p = _proposals[proposalId];
        p.proposer = msg.sender;
        // Cannot truncate: channel ids come from the uint64 `_channelCount`.
        p.channelId = uint64(channelId);
        p.kind = kind;
        p.cidCodec = cidCodec;
        p.deadline = snapshot.deadline;
        p.epoch = snapshot.epoch;
        p.requiredYes = snapshot.requiredYes;
        p.snapshotMembers = snapshot.members;
        if (payload != 0) p.payload = payload;
        _emitProposalCreated(channelId, proposalId, kind, cid, member, snapshot);

        if (proposerIsMember) {
            p.proposerBallot = Ballot.Yes;
            p.yesVotes = 1;
            emit VoteCast(proposalId, msg.sender, true, 1, 0);
            if (snapshot.requiredYes == 1) _execute(proposalId, p, channelId);
        }
    }

    /// @dev What a proposal created now in `channelId` freezes, and whether the caller may vote on it; reverts if the
    /// channel does not exist or does not accept proposals from the caller.
    function _snapshot(uint256 channelId) private view returns (Snapshot memory snapshot, bool proposerIsMember) {
        Channel storage c = _channels[channelId];
        uint32 memberCount = c.memberCount;
        if (memberCount == 0) revert ChannelsUnknownChannel(channelId);
        proposerIsMember = _isMember(channelId, msg.sender);
        if (!proposerIsMember && c.submitters == Submitters.MembersOnly) {
            revert ChannelsNotMember(channelId, msg.sender);
        }
        snapshot.requiredYes = _requiredYes(c.thresholdKind, c.threshold, memberCount);
        snapshot.members = memberCount;
        // Cannot truncate: block.timestamp + 90 days < 2^48 for the next eight million years.
        snapshot.deadline = uint48(block.timestamp + c.votingPeriod);
        snapshot.epoch = c.epoch;
    }

    function _emitProposalCreated(
        uint256 channelId,
        uint256 proposalId,
        ProposalKind kind,
        bytes calldata cid,
        address member,
        Snapshot memory snapshot
    ) private {
        emit ProposalCreated(
            channelId,
            proposalId,
            msg.sender,
            kind,
            cid,
            member,
            snapshot.deadline,
            snapshot.epoch,
            snapshot.requiredYes,
            snapshot.members
        );
        if (kind == ProposalKind.Rules) {
            emit RulesProposed(channelId, proposalId, _proposedRules[proposalId]);
        } else if (kind == ProposalKind.Setting) {
            emit SettingProposed(channelId, proposalId, _proposals[proposalId].payload, _proposedValues[proposalId]);
        }
    }

    /// @dev Applies a proposal that has just reached its required yes votes. Never reverts: a change whose target
    /// changed after the proposal was created ({Effect.Stale}), or that would leave no member ({Effect.LastMember}),
    /// completes with an {Effect} saying it had no effect.
    function _execute(uint256 proposalId, Proposal storage p, uint256 channelId) private {
        Channel storage c = _channels[channelId];
        ProposalKind kind = p.kind;
        uint32 policyVersion = c.policyVersion;
        Effect effect = Effect.Applied;
        p.status = ProposalStatus.Executed;

        if (kind == ProposalKind.Video) {
            p.policyVersion = policyVersion;
            emit VideoReleased(channelId, proposalId, p.proposer, _unpackCid(p.cidCodec, p.payload), policyVersion);
        } else if (kind == ProposalKind.Policy) {
            if (c.policyChangedAt >= proposalId) {
                effect = Effect.Stale;
            } else {
                // Cannot overflow in practice: each version takes a passed proposal, and 2^32 of them would cost more
                // gas than any chain will ever carry. Checked all the same.
                ++policyVersion;
                bytes1 codec = p.cidCodec;
                bytes32 digest = p.payload;
                c.policyVersion = policyVersion;
                c.policyCodec = codec;
                c.policyDigest = digest;
                c.policyChangedAt = _proposalCount;
                emit PolicyAmended(channelId, policyVersion, _unpackCid(codec, digest), proposalId);
            }
            p.policyVersion = policyVersion;
        } else if (kind == ProposalKind.Metadata) {
            p.policyVersion = policyVersion;
            if (c.metadataChangedAt >= proposalId) {
                effect = Effect.Stale;
            } else {
                bytes1 codec = p.cidCodec;
                bytes32 digest = p.payload;
                c.metadataCodec = codec;
                c.metadataDigest = digest;
                c.metadataChangedAt = _proposalCount;
                emit MetadataUpdated(channelId, _unpackCid(codec, digest), proposalId);
            }
        } else if (kind == ProposalKind.Rules) {
            p.policyVersion = policyVersion;
            if (c.rulesChangedAt >= proposalId) {
                effect = Effect.Stale;
            } else {
                Rules storage rules = _proposedRules[proposalId];
                c.submitters = rules.submitters;
                c.thresholdKind = rules.thresholdKind;
                c.threshold = rules.threshold;
                c.votingPeriod = rules.votingPeriod;
                c.rulesChangedAt = _proposalCount;
                emit RulesChanged(channelId, rules, proposalId);
            }
        } else if (kind == ProposalKind.Setting) {
            p.policyVersion = policyVersion;
            effect = _applySetting(channelId, p.payload, proposalId);
        } else {
            p.policyVersion = policyVersion;
            bool add = kind == ProposalKind.AddMember;
            effect = _changeMembership(channelId, c, p, add, proposalId);
        }
        emit ProposalExecuted(channelId, proposalId, kind, effect);
    }

    /// @dev Sets the proposal's value for its key, unless the key was set after the proposal was created (stale).
    function _applySetting(uint256 channelId, bytes32 key, uint256 proposalId) private returns (Effect) {
        Setting storage setting_ = _settings[channelId][key];
        if (setting_.changedAt >= proposalId) return Effect.Stale;
        // Cannot truncate: proposal ids come from the uint64 `_proposalCount`.
        setting_.proposalId = uint64(proposalId);
        setting_.changedAt = _proposalCount;
        emit SettingChanged(channelId, key, _proposedValues[proposalId], proposalId);
        return Effect.Applied;
    }

    /// @dev Adds or removes the proposal's member at a new membership epoch, unless their membership changed since the
    /// proposal's snapshot (a later decision stands) or the removal would leave no member. When it did not change, the
    /// member is still what the proposal checked at creation: not a member (add), a member (remove).
    function _changeMembership(uint256 channelId, Channel storage c, Proposal storage p, bool add, uint256 proposalId)
        private
        returns (Effect)
    {
        address account = _payloadAccount(p.payload);
        MembershipHistory.History storage history = _membership[channelId][account];
        if (history.changedSince(p.epoch)) return Effect.Stale;
        uint32 memberCount = c.memberCount;
        if (!add && memberCount == 1) return Effect.LastMember;

        // Cannot overflow in practice: each change takes a passed proposal, and 2^48 epochs (2^32 members) would cost
        // more gas than any chain will ever carry. Checked all the same.
        uint48 epoch = c.epoch + 1;
        c.epoch = epoch;
        history.record(epoch, add);
        if (add) {
            c.memberCount = ++memberCount;
            emit MemberAdded(channelId, account, proposalId, memberCount, epoch);
        } else {
            // Cannot underflow: memberCount > 1 here.
            c.memberCount = --memberCount;
            emit MemberRemoved(channelId, account, proposalId, memberCount, epoch);
        }
        return Effect.Applied;
    }

    /// @dev Writes a new channel's rules, member count, policy version 1 and CIDs.
    function _storeChannel(
        Channel storage c,
        bytes calldata metadataCid,
        bytes calldata policyCid,
        Rules calldata rules,
        uint32 memberCount
    ) private {
        (bytes1 metadataCodec, bytes32 metadataDigest) = _packCid(metadataCid);
        (bytes1 policyCodec, bytes32 policyDigest) = _packCid(policyCid);
        c.submitters = rules.submitters;
        c.thresholdKind = rules.thresholdKind;
        c.threshold = rules.threshold;
        c.votingPeriod = rules.votingPeriod;
        c.memberCount = memberCount;
        c.policyVersion = 1;
        c.policyCodec = policyCodec;
        c.metadataCodec = metadataCodec;
        c.policyDigest = policyDigest;
        c.metadataDigest = metadataDigest;
    }

    /// @dev Reverts unless `rules` are valid for a channel of `memberCount` members.
    function _checkRules(Rules calldata rules, uint32 memberCount) private pure {
        uint32 threshold = rules.threshold;
        if (threshold == 0) revert ChannelsZeroThreshold();
        if (rules.thresholdKind == ThresholdKind.Absolute) {
            if (threshold > memberCount) revert ChannelsThresholdAboveMembers(threshold, memberCount);
        } else if (threshold > _MAX_BPS) {
            revert ChannelsPercentageAboveMax(threshold);
        }
        uint32 votingPeriod = rules.votingPeriod;
        if (votingPeriod < MIN_VOTING_PERIOD || votingPeriod > MAX_VOTING_PERIOD) {
            revert ChannelsVotingPeriodOutOfRange(votingPeriod, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        }
    }

    /// @dev The yes votes needed among `memberCount` members: between 1 and `memberCount` for valid rules and at least
    /// one member. An absolute threshold is capped at the member count (membership may have shrunk since it was set);
    /// a percentage is rounded up.
    function _requiredYes(ThresholdKind kind, uint32 threshold, uint32 memberCount) private pure returns (uint32) {
        if (kind == ThresholdKind.Absolute) return threshold < memberCount ? threshold : memberCount;
        // Cannot truncate: threshold <= 10_000, so the quotient is at most memberCount. The product fits in 64 bits.
        return uint32((uint256(memberCount) * threshold + (_MAX_BPS - 1)) / _MAX_BPS);
    }

    function _isMember(uint256 channelId, address account) private view returns (bool) {
        return _membership[channelId][account].isMember();
    }

    function _channel(uint256 channelId) private view returns (Channel storage c) {
        c = _channels[channelId];
        if (c.memberCount == 0) revert ChannelsUnknownChannel(channelId);
    }

    function _proposal(uint256 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.proposer == address(0)) revert ChannelsUnknownProposal(proposalId);
    }

    /// @dev The proposal, if it is still open for votes and withdrawal; reverts otherwise.
    function _openProposal(uint256 proposalId) private view returns (Proposal storage p) {
        p = _proposal(proposalId);
        ProposalStatus status = _effectiveStatus(p);
        if (status != ProposalStatus.Pending) revert ChannelsProposalClosed(proposalId, status);
    }

    function _effectiveStatus(Proposal storage p) private view returns (ProposalStatus status) {
        status = p.status;
        if (status == ProposalStatus.Pending && block.timestamp >= p.deadline) status = ProposalStatus.Expired;
    }

    /// @dev Splits a binary CIDv1 into the two parts that vary: its codec byte and its sha2-256 digest.
    function _packCid(bytes calldata cid) private pure returns (bytes1 codec, bytes32 digest) {
        if (cid.length == 0) revert ChannelsEmptyCid();
        if (!CidV1.isValid(cid)) revert ChannelsMalformedCid(cid);
        codec = cid[1];
        digest = bytes32(cid[4:]);
    }

    /// @dev The 36-byte binary CIDv1 of `codec` and `digest`: version 1, codec, sha2-256 (0x12), 32 bytes (0x20).
    function _unpackCid(bytes1 codec, bytes32 digest) private pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x01), codec, bytes2(0x1220), digest);
    }

    function _accountPayload(address account) private pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    function _payloadAccount(bytes32 payload) private pure returns (address) {
        return address(uint160(uint256(payload)));
    }
}
