// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IChannels
/// @notice Community channels: creators who publish together under a written editorial policy. A proposal (a video
/// submission, or a change to the channel itself) passes when enough members vote yes, and the vote that reaches the
/// threshold applies it in that same transaction: no owner, no admin, no executor.
/// @dev Every CID is a 36-byte binary CIDv1 (`0x01`, codec raw `0x55` or dag-pb `0x70`, sha2-256 multihash), the form
/// `CID.parse(s).bytes` gives in JavaScript; see {CidV1}. The channel's metadata CID names a JSON document (name,
/// description, avatar) and its policy CID a markdown document, both on IPFS; a video's manifest CID names its
/// directory, so it must be dag-pb.
///
/// Proposals. `Rules.submitters` says who may create any proposal: members only, or anyone (in an open channel a
/// non-member may submit videos and apply to join with {proposeAddMember}). Only members vote, one vote each, and may
/// change their vote while the proposal is open; a member's own proposal counts as their yes vote. Voting periods run
/// from one hour (time to notice a proposal) to 90 days (a proposal should not linger for a season).
///
/// Snapshots. Each proposal freezes, when it is created: the channel's membership (its membership epoch: only the
/// members at that epoch may vote, including members removed later), the number of those members, the yes votes it
/// needs (computed from the rules in force) and its deadline. A later change of rules or membership never touches an
/// open proposal.
///
/// Liveness: a channel can never reach a state where no proposal can pass.
/// - The yes votes a proposal needs are at least 1 and at most its snapshot's member count: an absolute threshold `n`
///   needs `min(n, members)`, a percentage `bps` needs `ceil(members * bps / 10_000)`.
/// - Everyone counted in the snapshot may vote on it, so enough yes votes always exist.
/// - A channel always has at least one member: removing the last member has no effect.
/// - Applying a passed proposal never reverts: one that would leave no member, or whose target another proposal changed
///   after it was created ({Effect.Stale}), completes with {ProposalExecuted} saying it had no effect, so it never
///   blocks the vote that passes it.
///
/// Stale proposals. A change is decided against the state it was proposed on. If the member it adds or removes, or the
/// policy, metadata, rules or setting it replaces, changed after it was created (by another proposal executed
/// meanwhile), it completes as {Effect.Stale} and changes nothing: an old proposal never undoes a later decision.
///
/// Founders. `createChannel` lists founders without their signature, as {proposeAddMember} adds members: membership
/// is a right to vote and propose, and obliges, costs and exposes nothing else (no funds move). A listed member who
/// does not want it simply does not vote; the rules decide how many votes pass a proposal.
///
/// Settings. A channel also holds settings that other contracts and the indexer read, each decided by vote
/// ({proposeSetting}): a `bytes32` key, named by the contract that reads it (`keccak256` of a dotted name, e.g.
/// `keccak256("chorus.earnings.membershipPlan")` for {IEarnings-joinChannel}), and a value of up to
/// {MAX_SETTING_BYTES} bytes that this contract stores and never interprets: the reader decodes it, and a value it
/// cannot decode means "not set" to it. So a channel's decision needs no new proposal kind here, and Channels still
/// calls no other contract. An empty value clears a setting.
interface IChannels {
    /// @notice Who may create proposals (videos and changes) in a channel.
    enum Submitters {
        MembersOnly,
        Anyone
    }

    /// @notice How the approval threshold is expressed.
    enum ThresholdKind {
        /// An absolute number of yes votes, capped at the member count when a proposal is created.
        Absolute,
        /// A share of the members in basis points (1 to 10_000), rounded up, at least one vote.
        Percentage
    }

    /// @notice What a proposal does when it passes.
    enum ProposalKind {
        /// Releases a video (its manifest CID) into the channel.
        Video,
        /// Amends the editorial policy (a new policy CID; the version goes up by one).
        Policy,
        /// Replaces the channel's metadata CID.
        Metadata,
        /// Adds a member.
        AddMember,
        /// Removes a member.
        RemoveMember,
        /// Replaces the channel's rules, for proposals created afterwards.
        Rules,
        /// Sets one of the channel's settings (a key and a value; see {proposeSetting}).
        Setting
    }

    /// @notice Where a proposal stands. `Pending` is the only non-terminal status.
    enum ProposalStatus {
        /// Open for votes until its deadline.
        Pending,
        /// Passed and applied (for a video: released).
        Executed,
        /// Can no longer pass: its no votes exceed its snapshot's members minus its required yes votes.
        Rejected,
        /// Withdrawn by its proposer before a decision.
        Withdrawn,
        /// Its deadline passed without a decision.
        Expired
    }

    /// @notice A member's vote on a proposal.
    enum Ballot {
        None,
        Yes,
        No
    }

    /// @notice What executing a passed proposal did.
    enum Effect {
        /// The proposal took effect.
        Applied,
        /// Stale, no effect: what it changes was changed by another proposal after it was created (the member it
        /// adds or removes was added or removed; the policy, metadata, rules or setting were replaced). Applying it would undo
        /// that later decision, so it completes without changing anything; propose it again to decide it anew.
        Stale,
        /// A {ProposalKind.RemoveMember} proposal named the channel's only member.
        LastMember
    }

    /// @notice A channel's rules.
    /// @param submitters Who may create proposals.
    /// @param thresholdKind Whether `threshold` is a count of votes or basis points of the members.
    /// @param threshold The approval threshold: a count (1 to the member count) or basis points (1 to 10_000).
    /// @param votingPeriod Seconds a proposal stays open, from {MIN_VOTING_PERIOD} to {MAX_VOTING_PERIOD}.
    struct Rules {
        Submitters submitters;
        ThresholdKind thresholdKind;
        uint32 threshold;
        uint32 votingPeriod;
    }

    /// @notice A channel as {channel} returns it.
    /// @param rules The rules in force for proposals created now.
    /// @param memberCount The number of members.
    /// @param epoch The membership epoch: 0 at creation, then one more at each membership change.
    /// @param policyVersion The current policy's version: 1 at creation, then one more at each amendment.
    /// @param policyCid The current policy's binary CIDv1.
    /// @param metadataCid The current metadata document's binary CIDv1.
    struct ChannelView {
        Rules rules;
        uint32 memberCount;
        uint48 epoch;
        uint32 policyVersion;
        bytes policyCid;
        bytes metadataCid;
    }

    /// @notice A proposal as {proposal} returns it.
    /// @param channelId The channel it belongs to.
    /// @param proposer Who created it.
    /// @param kind What it does.
    /// @param status Its effective status ({ProposalStatus.Expired} once its deadline has passed undecided).
    /// @param deadline The timestamp from which votes are refused.
    /// @param epoch The membership epoch of its snapshot: the members at that epoch may vote.
    /// @param requiredYes The yes votes that pass it.
    /// @param snapshotMembers The number of members in its snapshot.
    /// @param yesVotes Yes votes so far.
    /// @param noVotes No votes so far.
    /// @param policyVersion The channel's policy version when it was executed (0 until then): for a video, the policy
    /// it was released under.
    /// @param cid The CID it carries ({ProposalKind.Video}, {ProposalKind.Policy}, {ProposalKind.Metadata}), else
    /// empty.
    /// @param member The account it adds or removes, else the zero address.
    /// @param rules The rules it sets ({ProposalKind.Rules}), else all zero.
    /// @param settingKey The setting it sets ({ProposalKind.Setting}), else zero.
    /// @param settingValue The value it sets ({ProposalKind.Setting}), else empty.
    struct ProposalView {
        uint256 channelId;
        address proposer;
        ProposalKind kind;
        ProposalStatus status;
        uint48 deadline;
        uint48 epoch;
        uint32 requiredYes;
        uint32 snapshotMembers;
        uint32 yesVotes;
        uint32 noVotes;
        uint32 policyVersion;
        bytes cid;
        address member;
        Rules rules;
        bytes32 settingKey;
        bytes settingValue;
    }

    // ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Emitted when a channel is created. {MemberAdded} follows for each founder (proposal id 0) and
    /// {PolicyAmended} for policy version 1 (proposal id 0), so member and policy histories each come from one event.
    /// @param channelId The new channel's id: 1 for the first channel, then consecutive.
    /// @param creator The account that created it (not necessarily a member).
    /// @param metadataCid The binary CIDv1 of the channel's metadata document.
    /// @param policyCid The binary CIDv1 of the channel's first policy (version 1).
    /// @param founders The founding members, in the order given.
    /// @param rules The channel's rules.
    event ChannelCreated(
        uint256 indexed channelId,
        address indexed creator,
        bytes metadataCid,
        bytes policyCid,
        address[] founders,
        Rules rules
    );

    /// @notice Emitted when `member` joins `channelId`.
    /// @param channelId The channel.
    /// @param member The new member.
    /// @param proposalId The proposal that added them, or 0 for a founder.
    /// @param memberCount The channel's member count after the addition.
    /// @param epoch The membership epoch from which they count (proposals created from this epoch on).
    event MemberAdded(
        uint256 indexed channelId, address indexed member, uint256 indexed proposalId, uint32 memberCount, uint48 epoch
    );

    /// @notice Emitted when `member` leaves `channelId`. They keep their vote on proposals created before.
    /// @param channelId The channel.
    /// @param member The removed member.
    /// @param proposalId The proposal that removed them.
    /// @param memberCount The channel's member count after the removal (at least 1).
    /// @param epoch The membership epoch from which they no longer count.
    event MemberRemoved(
        uint256 indexed channelId, address indexed member, uint256 indexed proposalId, uint32 memberCount, uint48 epoch
    );

    /// @notice Emitted when a channel's policy gets a new version, including version 1 at creation.
    /// @param channelId The channel.
    /// @param version The new version: 1 at creation, then consecutive.
    /// @param policyCid The binary CIDv1 of the policy document.
    /// @param proposalId The proposal that amended it, or 0 at creation.
    event PolicyAmended(uint256 indexed channelId, uint32 indexed version, bytes policyCid, uint256 indexed proposalId);

    /// @notice Emitted when a channel's rules change. Open proposals keep their snapshot.
    /// @param channelId The channel.
    /// @param rules The new rules.
    /// @param proposalId The proposal that changed them.
    event RulesChanged(uint256 indexed channelId, Rules rules, uint256 indexed proposalId);

    /// @notice Emitted when a channel's metadata document changes.
    /// @param channelId The channel.
    /// @param metadataCid The binary CIDv1 of the new metadata document.
    /// @param proposalId The proposal that changed it.
    event MetadataUpdated(uint256 indexed channelId, bytes metadataCid, uint256 indexed proposalId);

    /// @notice Emitted when a proposal is created. For a {ProposalKind.Rules} proposal, {RulesProposed} follows with
    /// the rules, for a {ProposalKind.Setting} proposal {SettingProposed} with the key and value. If the proposer is a member, {VoteCast} with their yes vote follows (and, if that vote reaches the
    /// threshold, the execution events).
    /// @param channelId The channel.
    /// @param proposalId The new proposal's id, unique across channels: 1 for the first, then consecutive.
    /// @param proposer Who created it.
    /// @param kind What it does.
    /// @param cid The CID it carries ({ProposalKind.Video}: the manifest; {ProposalKind.Policy};
    /// {ProposalKind.Metadata}), else empty.
    /// @param member The account it adds or removes, else the zero address.
    /// @param deadline The timestamp from which votes are refused.
    /// @param epoch The membership epoch of its snapshot: the members at that epoch may vote.
    /// @param requiredYes The yes votes that pass it.
    /// @param snapshotMembers The number of members who may vote on it.
    event ProposalCreated(
        uint256 indexed channelId,
        uint256 indexed proposalId,
        address indexed proposer,
        ProposalKind kind,
        bytes cid,
        address member,
        uint48 deadline,
        uint48 epoch,
        uint32 requiredYes,
        uint32 snapshotMembers
    );

    /// @notice Emitted right after {ProposalCreated} for a {ProposalKind.Rules} proposal. (A separate event keeps the
    /// four words of rules out of every video submission's log.)
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    /// @param rules The rules it would set.
    event RulesProposed(uint256 indexed channelId, uint256 indexed proposalId, Rules rules);

    /// @notice Emitted right after {ProposalCreated} for a {ProposalKind.Setting} proposal.
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    /// @param key The setting.
    /// @param value The value it would set (empty: clear it).
    event SettingProposed(uint256 indexed channelId, uint256 indexed proposalId, bytes32 indexed key, bytes value);

    /// @notice Emitted when a setting proposal passes and sets its value.
    /// @param channelId The channel.
    /// @param key The setting.
    /// @param value Its new value (empty: cleared).
    /// @param proposalId The proposal that set it.
    event SettingChanged(uint256 indexed channelId, bytes32 indexed key, bytes value, uint256 indexed proposalId);

    /// @notice Emitted when a member votes, or changes their vote, including the proposer's own yes at creation.
    /// @param proposalId The proposal.
    /// @param voter The member.
    /// @param support True for yes, false for no.
    /// @param yesVotes The proposal's yes votes after this vote.
    /// @param noVotes The proposal's no votes after this vote.
    event VoteCast(uint256 indexed proposalId, address indexed voter, bool support, uint32 yesVotes, uint32 noVotes);

    /// @notice Emitted when a video proposal passes: the video is released into the channel.
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    /// @param submitter Who submitted the video.
    /// @param manifestCid The binary CIDv1 of the video's manifest directory.
    /// @param policyVersion The channel's policy version in force when it was released.
    event VideoReleased(
        uint256 indexed channelId,
        uint256 indexed proposalId,
        address indexed submitter,
        bytes manifestCid,
        uint32 policyVersion
    );

    /// @notice Emitted when any proposal passes, after the events of what it changed (if anything).
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    /// @param kind What it does.
    /// @param effect {Effect.Applied}, or why it changed nothing.
    event ProposalExecuted(uint256 indexed channelId, uint256 indexed proposalId, ProposalKind kind, Effect effect);

    /// @notice Emitted when a proposal can no longer pass.
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    /// @param yesVotes Its final yes votes.
    /// @param noVotes Its final no votes.
    event ProposalRejected(uint256 indexed channelId, uint256 indexed proposalId, uint32 yesVotes, uint32 noVotes);

    /// @notice Emitted when a proposer withdraws their proposal.
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    event ProposalWithdrawn(uint256 indexed channelId, uint256 indexed proposalId);

    /// @notice Emitted when someone records that a proposal's deadline passed undecided (see {expire}). A proposal is
    /// expired from its deadline on whether or not this is emitted.
    /// @param channelId The channel.
    /// @param proposalId The proposal.
    /// @param yesVotes Its final yes votes.
    /// @param noVotes Its final no votes.
    event ProposalExpired(uint256 indexed channelId, uint256 indexed proposalId, uint32 yesVotes, uint32 noVotes);

    // ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Thrown when a CID is empty.
    error ChannelsEmptyCid();

    /// @notice Thrown when a CID is not a binary CIDv1 with a raw or dag-pb codec and a sha2-256 multihash.
    /// @param cid The rejected bytes.
    error ChannelsMalformedCid(bytes cid);

    /// @notice Thrown when a setting's value is longer than {MAX_SETTING_BYTES}.
    /// @param length The value's length.
    /// @param max The longest value allowed.
    error ChannelsSettingTooLong(uint256 length, uint256 max);

    /// @notice Thrown when a setting proposal names the zero key, which no reader uses.
    error ChannelsZeroSettingKey();

    /// @notice Thrown when a channel is created without founders.
    error ChannelsNoFounders();

    /// @notice Thrown when a video's manifest CID is a well-formed CIDv1 of one file (raw codec) rather than of a
    /// directory (dag-pb): a video is a directory of its manifest, playlists and segments.
    /// @param cid The rejected bytes.
    error ChannelsNotADirectory(bytes cid);

    /// @notice Thrown when the zero address is named as a founder or as the member to add or remove.
    error ChannelsZeroAddressMember();

    /// @notice Thrown when the same founder is listed twice.
    /// @param founder The repeated address.
    error ChannelsDuplicateFounder(address founder);

    /// @notice Thrown when rules set a threshold of zero.
    error ChannelsZeroThreshold();

    /// @notice Thrown when an absolute threshold exceeds the member count (at creation, or when a rules change is
    /// proposed).
    /// @param threshold The requested threshold.
    /// @param memberCount The channel's member count.
    error ChannelsThresholdAboveMembers(uint32 threshold, uint32 memberCount);

    /// @notice Thrown when a percentage threshold exceeds 10_000 basis points.
    /// @param bps The requested threshold.
    error ChannelsPercentageAboveMax(uint32 bps);

    /// @notice Thrown when a voting period is outside [{MIN_VOTING_PERIOD}, {MAX_VOTING_PERIOD}].
    /// @param votingPeriod The requested period in seconds.
    /// @param min The shortest period allowed.
    /// @param max The longest period allowed.
    error ChannelsVotingPeriodOutOfRange(uint32 votingPeriod, uint32 min, uint32 max);

    /// @notice Thrown when a channel id has never been created.
    /// @param channelId The unknown id.
    error ChannelsUnknownChannel(uint256 channelId);

    /// @notice Thrown when a proposal id has never been created.
    /// @param proposalId The unknown id.
    error ChannelsUnknownProposal(uint256 proposalId);

    /// @notice Thrown when `account` must be a member of `channelId` and is not: a proposer in a members-only channel,
    /// or the member named by a removal proposal.
    /// @param channelId The channel.
    /// @param account The non-member.
    error ChannelsNotMember(uint256 channelId, address account);

    /// @notice Thrown when a proposal would add someone who is already a member.
    /// @param channelId The channel.
    /// @param account The member.
    error ChannelsAlreadyMember(uint256 channelId, address account);

    /// @notice Thrown when a proposal would remove a channel's only member.
    /// @param channelId The channel.
    /// @param account The only member.
    error ChannelsLastMember(uint256 channelId, address account);

    /// @notice Thrown when `account` votes on a proposal without having been a member at its snapshot.
    /// @param proposalId The proposal.
    /// @param account The voter.
    error ChannelsNotEligible(uint256 proposalId, address account);

    /// @notice Thrown when a voter casts the choice they have already cast (changing it is allowed).
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @param support The choice repeated.
    error ChannelsAlreadyVoted(uint256 proposalId, address voter, bool support);

    /// @notice Thrown when a proposal is no longer open: decided, withdrawn or past its deadline.
    /// @param proposalId The proposal.
    /// @param status Its effective status.
    error ChannelsProposalClosed(uint256 proposalId, ProposalStatus status);

    /// @notice Thrown when someone other than the proposer tries to withdraw a proposal.
    /// @param proposalId The proposal.
    /// @param caller The caller.
    /// @param proposer The proposer.
    error ChannelsNotProposer(uint256 proposalId, address caller, address proposer);

    /// @notice Thrown when {expire} is called on a proposal whose deadline has not come.
    /// @param proposalId The proposal.
    /// @param deadline Its deadline.
    error ChannelsVotingNotEnded(uint256 proposalId, uint48 deadline);

    /// @notice Thrown when a membership lookup names an epoch the channel has not reached.
    /// @param channelId The channel.
    /// @param epoch The requested epoch.
    /// @param currentEpoch The channel's current epoch.
    error ChannelsFutureEpoch(uint256 channelId, uint48 epoch, uint48 currentEpoch);

    // ─── Channels ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Creates a channel. Anyone may; the creator need not be a founder.
    /// @dev Emits {ChannelCreated}, then {MemberAdded} per founder and {PolicyAmended} for version 1.
    /// Requirements:
    /// - `metadataCid` and `policyCid` are binary CIDv1s ({ChannelsEmptyCid}, {ChannelsMalformedCid}).
    /// - At least one founder ({ChannelsNoFounders}), none the zero address ({ChannelsZeroAddressMember}), none twice
    ///   ({ChannelsDuplicateFounder}).
    /// - `rules` are valid for `founders.length` members: see {proposeRules}.
    /// @param metadataCid The binary CIDv1 of the channel's metadata document.
    /// @param policyCid The binary CIDv1 of the channel's editorial policy (version 1).
    /// @param founders The founding members.
    /// @param rules The channel's rules.
    /// @return channelId The new channel's id.
    function createChannel(
        bytes calldata metadataCid,
        bytes calldata policyCid,
        address[] calldata founders,
        Rules calldata rules
    ) external returns (uint256 channelId);

    // ─── Proposals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Submits a video to a channel. A member's submission counts as their yes vote, so in a channel needing
    /// one vote it is released at once.
    /// @dev Emits {ProposalCreated}; for a member also {VoteCast}, and {VideoReleased} and {ProposalExecuted} if their
    /// vote reaches the threshold.
    /// Requirements:
    /// - The channel exists ({ChannelsUnknownChannel}).
    /// - The caller is a member unless the channel accepts submissions from anyone ({ChannelsNotMember}).
    /// - `manifestCid` is a binary CIDv1 ({ChannelsEmptyCid}, {ChannelsMalformedCid}) of a directory: codec dag-pb
    ///   ({ChannelsNotADirectory}).
    /// @param channelId The channel.
    /// @param manifestCid The binary CIDv1 of the video's manifest directory.
    /// @return proposalId The new proposal's id.
    function submitVideo(uint256 channelId, bytes calldata manifestCid) external returns (uint256 proposalId);

    /// @notice Proposes a new version of the channel's editorial policy.
    /// @dev Same requirements and events as {submitVideo} (the CID may be raw or dag-pb); executing emits
    /// {PolicyAmended}, or has no effect ({Effect.Stale}) if another amendment passed after this one was created.
    /// @param channelId The channel.
    /// @param policyCid The binary CIDv1 of the new policy document.
    /// @return proposalId The new proposal's id.
    function proposePolicy(uint256 channelId, bytes calldata policyCid) external returns (uint256 proposalId);

    /// @notice Proposes a new metadata document (name, description, avatar) for the channel.
    /// @dev Same requirements and events as {submitVideo} (the CID may be raw or dag-pb); executing emits
    /// {MetadataUpdated}, or has no effect ({Effect.Stale}) if the metadata changed after this one was created.
    /// @param channelId The channel.
    /// @param metadataCid The binary CIDv1 of the new metadata document.
    /// @return proposalId The new proposal's id.
    function proposeMetadata(uint256 channelId, bytes calldata metadataCid) external returns (uint256 proposalId);

    /// @notice Proposes adding a member. In a channel open to anyone, this is how a non-member applies to join.
    /// @dev Same requirements and events as {submitVideo}, and: `account` is not the zero address
    /// ({ChannelsZeroAddressMember}) nor a member now ({ChannelsAlreadyMember}). Executing emits {MemberAdded}, or has
    /// no effect ({Effect.Stale}) if their membership changed after it was created (added, or added and removed).
    /// @param channelId The channel.
    /// @param account The account to add.
    /// @return proposalId The new proposal's id.
    function proposeAddMember(uint256 channelId, address account) external returns (uint256 proposalId);

    /// @notice Proposes removing a member. The removed member keeps their vote on proposals created before.
    /// @dev Same requirements and events as {submitVideo}, and: `account` is not the zero address
    /// ({ChannelsZeroAddressMember}), is a member now ({ChannelsNotMember}) and is not the only member
    /// ({ChannelsLastMember}). Executing emits {MemberRemoved}, or has no effect if their membership
    /// changed after it was created ({Effect.Stale}) or they are by then the only member ({Effect.LastMember}).
    /// @param channelId The channel.
    /// @param account The member to remove.
    /// @return proposalId The new proposal's id.
    function proposeRemoveMember(uint256 channelId, address account) external returns (uint256 proposalId);

    /// @notice Proposes new rules. They apply to proposals created after the change, never to open ones.
    /// @dev Same requirements and events as {submitVideo}, plus {RulesProposed}, and valid rules: `threshold` is not
    /// zero ({ChannelsZeroThreshold}); an absolute threshold is at most the member count now
    /// ({ChannelsThresholdAboveMembers}; if members leave before later proposals, it is capped at the member count);
    /// a percentage is at most 10_000 basis points ({ChannelsPercentageAboveMax}); the voting period is within
    /// [{MIN_VOTING_PERIOD}, {MAX_VOTING_PERIOD}] ({ChannelsVotingPeriodOutOfRange}). Executing emits {RulesChanged}, or
    /// has no effect ({Effect.Stale}) if the rules changed after it was created.
    /// @param channelId The channel.
    /// @param rules The new rules.
    /// @return proposalId The new proposal's id.
    function proposeRules(uint256 channelId, Rules calldata rules) external returns (uint256 proposalId);

    /// @notice Proposes setting one of the channel's settings: `key` to `value` (empty: clear it). The value is stored
    /// as given; the contract that reads the key decodes it (see {IChannels} on settings).
    /// @dev Same requirements and events as {submitVideo}, plus {SettingProposed}, and: `key` is not zero
    /// ({ChannelsZeroSettingKey}); `value` is at most {MAX_SETTING_BYTES} long ({ChannelsSettingTooLong}). Executing
    /// emits {SettingChanged}, or has no effect ({Effect.Stale}) if the same key was set after it was created.
    /// @param channelId The channel.
    /// @param key The setting.
    /// @param value Its new value.
    /// @return proposalId The new proposal's id.
    function proposeSetting(uint256 channelId, bytes32 key, bytes calldata value)
        external
        returns (uint256 proposalId);

    /// @notice Votes yes or no on a proposal, or changes one's vote. The vote that reaches the required yes votes
    /// executes the proposal in this transaction; the vote that makes passing impossible rejects it.
    /// @dev Emits {VoteCast}; then the execution events and {ProposalExecuted}, or {ProposalRejected}.
    /// Requirements:
    /// - The proposal exists ({ChannelsUnknownProposal}), is pending and before its deadline
    ///   ({ChannelsProposalClosed}).
    /// - The caller was a member at the proposal's snapshot ({ChannelsNotEligible}).
    /// - The caller's current ballot is not already `support` ({ChannelsAlreadyVoted}).
    /// @param proposalId The proposal.
    /// @param support True for yes, false for no.
    function vote(uint256 proposalId, bool support) external;

    /// @notice Withdraws one's own proposal before it is decided.
    /// @dev Emits {ProposalWithdrawn}.
    /// Requirements:
    /// - The proposal exists ({ChannelsUnknownProposal}), is pending and before its deadline
    ///   ({ChannelsProposalClosed}).
    /// - The caller is its proposer ({ChannelsNotProposer}).
    /// @param proposalId The proposal.
    function withdraw(uint256 proposalId) external;

    /// @notice Records that a proposal's deadline passed undecided. Anyone may call it; it changes nothing but the
    /// stored status, since a proposal is expired from its deadline on (see {proposalStatus}).
    /// @dev Emits {ProposalExpired}.
    /// Requirements:
    /// - The proposal exists ({ChannelsUnknownProposal}) and its stored status is pending ({ChannelsProposalClosed}).
    /// - Its deadline has come ({ChannelsVotingNotEnded}).
    /// @param proposalId The proposal.
    function expire(uint256 proposalId) external;

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The shortest voting period rules may set: one hour.
    function MIN_VOTING_PERIOD() external view returns (uint32);

    /// @notice The longest voting period rules may set: 90 days.
    function MAX_VOTING_PERIOD() external view returns (uint32);

    /// @notice The longest setting value: 96 bytes (three words).
    function MAX_SETTING_BYTES() external view returns (uint256);

    /// @notice The number of channels created so far; ids run from 1 to this number.
    function channelCount() external view returns (uint256);

    /// @notice The number of proposals created so far, across channels; ids run from 1 to this number.
    function proposalCount() external view returns (uint256);

    /// @notice A channel's rules, membership counters, and current policy and metadata.
    /// @dev Reverts with {ChannelsUnknownChannel} for an id never created.
    function channel(uint256 channelId) external view returns (ChannelView memory);

    /// @notice The yes votes a proposal created now in `channelId` would need.
    /// @dev Reverts with {ChannelsUnknownChannel} for an id never created.
    function requiredYes(uint256 channelId) external view returns (uint32);

    /// @notice A channel's setting: the value its last passed {proposeSetting} for `key` set; empty if never set.
    /// @dev Reverts with {ChannelsUnknownChannel} for an id never created.
    function setting(uint256 channelId, bytes32 key) external view returns (bytes memory);

    /// @notice Whether `account` is a member of `channelId` now.
    /// @dev Reverts with {ChannelsUnknownChannel} for an id never created.
    function isMember(uint256 channelId, address account) external view returns (bool);

    /// @notice Whether `account` was a member of `channelId` at membership epoch `epoch`.
    /// @dev Reverts with {ChannelsUnknownChannel} for an id never created, with {ChannelsFutureEpoch} for an epoch
    /// after the current one.
    function isMemberAt(uint256 channelId, address account, uint48 epoch) external view returns (bool);

    /// @notice A proposal: its snapshot, tally, effective status and payload.
    /// @dev Reverts with {ChannelsUnknownProposal} for an id never created.
    function proposal(uint256 proposalId) external view returns (ProposalView memory);

    /// @notice A proposal's effective status: {ProposalStatus.Expired} once its deadline has passed undecided, whether
    /// or not {expire} was called.
    /// @dev Reverts with {ChannelsUnknownProposal} for an id never created.
    function proposalStatus(uint256 proposalId) external view returns (ProposalStatus);

    /// @notice `voter`'s current ballot on a proposal.
    /// @dev Reverts with {ChannelsUnknownProposal} for an id never created.
    function ballotOf(uint256 proposalId, address voter) external view returns (Ballot);

    /// @notice Whether `account` may vote on a proposal: a member at its snapshot (whether or not it is still open).
    /// @dev Reverts with {ChannelsUnknownProposal} for an id never created.
    function isEligible(uint256 proposalId, address account) external view returns (bool);
}
