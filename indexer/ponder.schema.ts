import { index, onchainTable, primaryKey, relations } from "ponder";

/**
 * One row per video in the catalogue: published by a creator into their own channel (Videos.VideoPublished, id = the
 * contract's video id, e.g. "12"), or released by a community channel's vote (Channels.VideoReleased, id =
 * "ch<channelId>-<proposalId>").
 */
export const video = onchainTable(
  "video",
  (t) => ({
    id: t.text().primaryKey(),
    /** The creator (Videos) or the submitter (Channels). */
    creator: t.hex().notNull(),
    /** The manifest directory's CIDv1 in base32 (`bafy…`); `<cid>/manifest.json` describes the video. */
    manifestCid: t.text().notNull(),
    /** Set for a video released by a community channel: which channel, by which proposal, under which policy version. */
    channelId: t.bigint(),
    proposalId: t.bigint(),
    policyVersion: t.integer(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    /** Block timestamp, seconds. */
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    creatorIdx: index().on(table.creator),
    channelIdx: index().on(table.channelId),
    orderIdx: index().on(table.blockNumber, table.logIndex),
    // Search joins its documents (keyed by CID) to the catalogue: a few matches, or the best ranked of many, are then
    // looked up instead of the whole table being hashed.
    manifestIdx: index().on(table.manifestCid),
  }),
);

/** A wallet with at least one video in the catalogue: published into its own channel, or released by a channel. */
export const creator = onchainTable("creator", (t) => ({
  address: t.hex().primaryKey(),
  videoCount: t.integer().notNull(),
  firstPublishedAt: t.bigint().notNull(),
  lastPublishedAt: t.bigint().notNull(),
}));

/** A community channel and its rules in force (for proposals created from now on). */
export const channel = onchainTable("channel", (t) => ({
  id: t.bigint().primaryKey(),
  creator: t.hex().notNull(),
  metadataCid: t.text().notNull(),
  policyCid: t.text().notNull(),
  policyVersion: t.integer().notNull(),
  memberCount: t.integer().notNull(),
  /** "members" or "anyone". */
  submitters: t.text().notNull(),
  /** "absolute" (threshold = a number of members) or "percentage" (threshold in basis points). */
  thresholdKind: t.text().notNull(),
  threshold: t.integer().notNull(),
  votingPeriod: t.integer().notNull(),
  videoCount: t.integer().notNull(),
  createdAt: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}));

/** A channel's member, current or past; `active` false once removed. */
export const channelMember = onchainTable(
  "channel_member",
  (t) => ({
    channelId: t.bigint().notNull(),
    member: t.hex().notNull(),
    active: t.boolean().notNull(),
    joinedAt: t.bigint().notNull(),
    /** Where the latest join was logged: members are listed in this order (timestamps tie within a second). */
    joinedBlock: t.bigint().notNull(),
    joinedLogIndex: t.integer().notNull(),
    /** 0 for a founder. */
    joinedByProposal: t.bigint().notNull(),
    leftAt: t.bigint(),
    leftByProposal: t.bigint(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.channelId, table.member] }) }),
);

/** Every join and leave, in order: a channel's membership history. */
export const membershipChange = onchainTable(
  "membership_change",
  (t) => ({
    id: t.text().primaryKey(),
    channelId: t.bigint().notNull(),
    member: t.hex().notNull(),
    /** "joined" or "left". */
    change: t.text().notNull(),
    proposalId: t.bigint().notNull(),
    memberCount: t.integer().notNull(),
    /** The history's order: several blocks share a timestamp (a local chain mines several a second). */
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ channelIdx: index().on(table.channelId, table.blockNumber, table.logIndex) }),
);

/** Every version of a channel's editorial policy (markdown on IPFS). */
export const policyVersion = onchainTable(
  "policy_version",
  (t) => ({
    channelId: t.bigint().notNull(),
    version: t.integer().notNull(),
    policyCid: t.text().notNull(),
    /** 0 for the founding policy. */
    proposalId: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.channelId, table.version] }) }),
);

/** A channel's settings as its votes last set them (Channels.SettingChanged); a cleared one holds `0x`. */
export const channelSetting = onchainTable(
  "channel_setting",
  (t) => ({
    channelId: t.bigint().notNull(),
    key: t.hex().notNull(),
    value: t.hex().notNull(),
    proposalId: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.channelId, table.key] }) }),
);

/**
 * A community channel's membership plan in force: its setting `Earnings.MEMBERSHIP_PLAN_KEY` decoded as the contract
 * decodes it (protocol's decodeChannelPlan). No row: no plan (never voted, cleared, or a value that is not a plan).
 */
export const channelMembershipPlan = onchainTable("channel_membership_plan", (t) => ({
  channelId: t.bigint().primaryKey(),
  token: t.hex().notNull(),
  price: t.bigint().notNull(),
  /** Seconds. */
  period: t.integer().notNull(),
  /** The proposal that set it. */
  proposalId: t.bigint().notNull(),
}));

/**
 * Someone who paid for a community channel's membership (Earnings.ChannelJoined): until when and how often. What they
 * paid is in `channel_membership_paid`, per token (the plan's token can change by vote).
 */
export const channelMembership = onchainTable(
  "channel_membership",
  (t) => ({
    channelId: t.bigint().notNull(),
    member: t.hex().notNull(),
    expiresAt: t.bigint().notNull(),
    joins: t.integer().notNull(),
    firstJoinedAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.channelId, table.member] }),
    expiryIdx: index().on(table.channelId, table.expiresAt),
  }),
);

/** What a paying member paid a channel in one token, over all their joins in it. */
export const channelMembershipPaid = onchainTable(
  "channel_membership_paid",
  (t) => ({
    channelId: t.bigint().notNull(),
    member: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.channelId, table.member, table.token] }) }),
);

/** A proposal with its live tally and the snapshot of rules and membership it was created under. */
export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    channelId: t.bigint().notNull(),
    proposer: t.hex().notNull(),
    /** "video", "policy", "metadata", "add-member", "remove-member", "rules" or "setting". */
    kind: t.text().notNull(),
    /** "open", "released" (a video) / "executed" (a change), "rejected", "withdrawn" or "expired". An open proposal
     * past its deadline is expired even before anyone records it on-chain: the API reports it so. */
    status: t.text().notNull(),
    /** The video manifest, policy or metadata CID the proposal names. */
    cid: t.text(),
    member: t.hex(),
    /** For a rules proposal, the proposed rules. */
    proposedSubmitters: t.text(),
    proposedThresholdKind: t.text(),
    proposedThreshold: t.integer(),
    proposedVotingPeriod: t.integer(),
    /** For a setting proposal, the key and the value it sets (empty: clears it). */
    settingKey: t.hex(),
    settingValue: t.hex(),
    deadline: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    requiredYes: t.integer().notNull(),
    snapshotMembers: t.integer().notNull(),
    yesVotes: t.integer().notNull(),
    noVotes: t.integer().notNull(),
    /** For a released video: the policy version in force when it was released. */
    policyVersion: t.integer(),
    /** For an executed change: "applied", or why it had no effect: "stale" (what it changes was changed by another
     *  proposal after it was created, so it left that later decision standing) or "last-member". */
    effect: t.text(),
    createdAt: t.bigint().notNull(),
    decidedAt: t.bigint(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ channelIdx: index().on(table.channelId, table.status) }),
);

/** Each member's current ballot on a proposal. */
export const ballot = onchainTable(
  "ballot",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.boolean().notNull(),
    /** Where the latest vote was logged: ballots are listed in this order. */
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.proposalId, table.voter] }) }),
);

/**
 * A storage deal (StorageEscrow): a funder pays `replicas` keepers `pricePerPeriod` for each proven period of `periods`
 * periods of `periodSeconds` from `start`. Money columns are in the deal's token (wei for ETH, `token` = the zero
 * address) and only ever grow, as the contract's.
 */
export const deal = onchainTable(
  "deal",
  (t) => ({
    id: t.bigint().primaryKey(),
    funder: t.hex().notNull(),
    /** The zero address for ETH, else the ERC-20. */
    token: t.hex().notNull(),
    /** The content's CIDv1 in base32, the form `video.manifestCid` has: a deal stores the video with the same CID. */
    cid: t.text().notNull(),
    /** The Merkle root over the content's 256-byte segments (docs/storage-proofs.md). */
    root: t.hex().notNull(),
    size: t.bigint().notNull(),
    segmentCount: t.bigint().notNull(),
    replicas: t.integer().notNull(),
    /** When period 0 opens, seconds. */
    start: t.bigint().notNull(),
    periodSeconds: t.bigint().notNull(),
    /** Top-ups included. uint32 counts (periods, misses) are bigint columns: a deal may ask for up to 2^32 - 1. */
    periods: t.bigint().notNull(),
    /** When the last period closes: `start + periods * periodSeconds`. */
    end: t.bigint().notNull(),
    pricePerPeriod: t.bigint().notNull(),
    stakePerReplica: t.bigint().notNull(),
    slashPerMiss: t.bigint().notNull(),
    maxMisses: t.bigint().notNull(),
    /** Paid in by the funder and by top-ups. */
    deposit: t.bigint().notNull(),
    /** Credited to keepers for proven periods. */
    paid: t.bigint().notNull(),
    /** Keepers' stake slashed into the deal: the funder's share of the slashes. */
    slashed: t.bigint().notNull(),
    /** The reporters' share of the slashes of reported misses (half of each). */
    rewarded: t.bigint().notNull(),
    /** Credited back to the funder after the end. */
    refunded: t.bigint().notNull(),
    /** Slots held now. */
    keepers: t.integer().notNull(),
    /** Misses counted against its keepers: reported, or counted when a tenure closed. */
    misses: t.bigint().notNull(),
    /** Block timestamp of the latest accepted proof, seconds. */
    lastProvenAt: t.bigint(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    createdLogIndex: t.integer().notNull(),
    createdTx: t.hex().notNull(),
  }),
  (table) => ({
    cidIdx: index().on(table.cid),
    funderIdx: index().on(table.funder),
    orderIdx: index().on(table.createdBlock, table.createdLogIndex),
  }),
);

/** A keeper's tenure in a deal (a keeper joins a deal at most once). */
export const dealKeeper = onchainTable(
  "deal_keeper",
  (t) => ({
    dealId: t.bigint().notNull(),
    keeper: t.hex().notNull(),
    slot: t.integer().notNull(),
    /** "active", "left" (leaveDeal), "evicted" (maxMisses reached) or "released" (served until the end). */
    status: t.text().notNull(),
    /** Its tenure is `[firstPeriod, endPeriod)`; `endPeriod` is null while active. */
    firstPeriod: t.bigint().notNull(),
    endPeriod: t.bigint(),
    /**
     * The period after the last one it committed to serve: the deal's periods when it joined, or when it last agreed
     * to serve a top-up (extendTenure). A top-up does not bind it otherwise.
     */
    committedEnd: t.bigint().notNull(),
    proven: t.bigint().notNull(),
    misses: t.bigint().notNull(),
    /** Stake still locked (0 once the tenure closed). */
    stake: t.bigint().notNull(),
    stakeReturned: t.bigint().notNull(),
    slashed: t.bigint().notNull(),
    earned: t.bigint().notNull(),
    joinedAt: t.bigint().notNull(),
    /** Where the join was logged: tenures are listed in this order. */
    joinedBlock: t.bigint().notNull(),
    joinedLogIndex: t.integer().notNull(),
    joinedTx: t.hex().notNull(),
    /** When its tenure closed (left, evicted, released), seconds. */
    closedAt: t.bigint(),
    lastProvenAt: t.bigint(),
    lastProvenPeriod: t.bigint(),
    /** Its latest challenge request: the period, and the block whose hash seeds it. */
    challengePeriod: t.bigint(),
    seedBlock: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.dealId, table.keeper] }),
    keeperIdx: index().on(table.keeper, table.joinedBlock, table.joinedLogIndex),
  }),
);

/**
 * A deal's timeline: one row per creation, top-up, join, extension, proof, miss, leave, eviction, release and refund.
 * `kind` says which; `amount` is the money that moved: the deposit ("created", "topup"), the stake locked ("join"), the
 * pay credited ("proof"), the stake slashed ("miss"), the stake returned ("leave", "evict", "release") or the refund
 * ("refund"); "extend" moves none (`period` is the new committed end).
 */
export const storageEvent = onchainTable(
  "storage_event",
  (t) => ({
    id: t.text().primaryKey(),
    dealId: t.bigint().notNull(),
    kind: t.text().notNull(),
    /** The keeper concerned, for join, proof, miss, leave, evict and release. */
    keeper: t.hex(),
    /** Who sent it, where that is not the keeper: the funder (created, refund), the payer (topup), the reporter (miss). */
    actor: t.hex(),
    amount: t.bigint(),
    /** For leave, evict and release: the stake slashed at the close for misses not counted before. */
    slashed: t.bigint(),
    /** For miss: the reporter's half of the slash (`amount`), credited to the reporter. */
    reward: t.bigint(),
    /** The period proven or missed; the first period served (join); the end of the tenure (leave, evict, release). */
    period: t.bigint(),
    /** The segment shown (proof). */
    segment: t.bigint(),
    /** The periods added (topup). */
    periods: t.bigint(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    dealIdx: index().on(table.dealId, table.blockNumber, table.logIndex),
    keeperIdx: index().on(table.keeper, table.blockNumber, table.logIndex),
  }),
);

/**
 * What an account (keeper, funder or reporter) has in StorageEscrow, per token. `balance` is what `withdraw` would send
 * now (the contract's `balanceOf`): `earned + rewarded + stakeReturned + refunded - withdrawn`.
 */
export const storageAccount = onchainTable(
  "storage_account",
  (t) => ({
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    /** Paid into deals as their funder or a top-up's payer. */
    deposited: t.bigint().notNull(),
    /** Credited for proven periods. */
    earned: t.bigint().notNull(),
    /** Stake locked by joining deals, in all. */
    staked: t.bigint().notNull(),
    /** Stake locked now, in active tenures. */
    stakeLocked: t.bigint().notNull(),
    /** Stake slashed for misses. */
    slashed: t.bigint().notNull(),
    /** Stake credited back when a tenure closed. */
    stakeReturned: t.bigint().notNull(),
    /** Credited back as a funder after a deal ended. */
    refunded: t.bigint().notNull(),
    /** Credited for reporting other keepers' missed periods (half of each slash). */
    rewarded: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    balance: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.token] }) }),
);

/**
 * A filter list (FilterLists): names things a subscriber's browser hides, each with a reason. Name and description live
 * in events only, so they are here.
 */
export const filterList = onchainTable(
  "filter_list",
  (t) => ({
    id: t.bigint().primaryKey(),
    maintainer: t.hex().notNull(),
    /** The account offered the list until it accepts (MaintainerOffered); null when no offer stands. */
    offeredTo: t.hex(),
    name: t.text().notNull(),
    description: t.text().notNull(),
    /** Entries on the list now (the contract's `entryCount`). */
    entryCount: t.integer().notNull(),
    reportCount: t.integer().notNull(),
    openReports: t.integer().notNull(),
    createdAt: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ maintainerIdx: index().on(table.maintainer) }),
);

/**
 * One listing of a target on a list, from EntryAdded to EntryRemoved: a target removed and added again has two rows,
 * so the history (and each reason) stays. `id` is the EntryAdded event's id.
 */
export const filterEntry = onchainTable(
  "filter_entry",
  (t) => ({
    id: t.text().primaryKey(),
    listId: t.bigint().notNull(),
    /** A FILTER_TARGET_KINDS name: "video", "release", "comment", "author", "channel" or "word". */
    kind: t.text().notNull(),
    subject: t.hex().notNull(),
    reason: t.text().notNull(),
    /** The accepted report that listed it; null when added directly. */
    reportId: t.bigint(),
    addedAt: t.bigint().notNull(),
    addedBlock: t.bigint().notNull(),
    addedLogIndex: t.integer().notNull(),
    addedTx: t.hex().notNull(),
    removedAt: t.bigint(),
    removedTx: t.hex(),
  }),
  (table) => ({ listIdx: index().on(table.listId, table.addedBlock, table.addedLogIndex) }),
);

/** The listing of a target that is on a list now (EntryRemoved names the target, not the listing). */
export const filterTarget = onchainTable(
  "filter_target",
  (t) => ({
    listId: t.bigint().notNull(),
    kind: t.text().notNull(),
    subject: t.hex().notNull(),
    entryId: t.text().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.listId, table.kind, table.subject] }) }),
);

/** A report to a list's maintainer and its outcome. */
export const filterReport = onchainTable(
  "filter_report",
  (t) => ({
    id: t.bigint().primaryKey(),
    listId: t.bigint().notNull(),
    reporter: t.hex().notNull(),
    kind: t.text().notNull(),
    subject: t.hex().notNull(),
    reason: t.text().notNull(),
    /** "open", "accepted" or "dismissed". */
    status: t.text().notNull(),
    resolvedBy: t.hex(),
    /** The maintainer's reason (accepted: the entry's reason; dismissed: a note, maybe empty). */
    resolution: t.text(),
    createdAt: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    resolvedAt: t.bigint(),
    resolvedTx: t.hex(),
  }),
  (table) => ({ listIdx: index().on(table.listId, table.status) }),
);

/** A story (Stories): live until `expiresAt` by block time unless deleted; the API computes liveness. */
export const story = onchainTable(
  "story",
  (t) => ({
    id: t.bigint().primaryKey(),
    creator: t.hex().notNull(),
    /** CIDv1 base32: an image (raw) or a short video's directory (dag-pb). */
    cid: t.text().notNull(),
    caption: t.text().notNull(),
    postedAt: t.bigint().notNull(),
    expiresAt: t.bigint().notNull(),
    deletedAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ creatorIdx: index().on(table.creator), expiresIdx: index().on(table.expiresAt) }),
);

/**
 * A published playlist (Playlists): its owner and the CID of its current document, from the events alone. The document
 * itself (title, entries in order) is fetched from IPFS by the API, never stored here.
 */
export const playlist = onchainTable(
  "playlist",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    /** CIDv1 base32 of the current chorus.playlist/1 document. */
    documentCid: t.text().notNull(),
    createdAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    removedAt: t.bigint(),
    /** The transaction that set the current document. */
    txHash: t.hex().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.owner, table.id) }),
);

/**
 * An address as it names itself (Handles): its latest nickname, and its latest handle. `handle` stays after a release
 * (with `handleReleasedAt`) and is cleared when someone else claims it after it expired (HandleLapsed). Live or expired
 * is judged by the API at the chain's clock.
 */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  nickname: t.text(),
  handle: t.text(),
  handleExpiresAt: t.bigint(),
  handleReleasedAt: t.bigint(),
}));

/** A handle's holder now (live or expired); null once released. */
export const handle = onchainTable("handle", (t) => ({
  handle: t.text().primaryKey(),
  holder: t.hex(),
  expiresAt: t.bigint().notNull(),
}));

/** Every claim, renewal, release and lapse of a handle, in order. */
export const handleChange = onchainTable(
  "handle_change",
  (t) => ({
    id: t.text().primaryKey(),
    handle: t.text().notNull(),
    holder: t.hex().notNull(),
    /** "claimed", "renewed", "released" or "lapsed". */
    change: t.text().notNull(),
    expiresAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ handleIdx: index().on(table.handle, table.blockNumber, table.logIndex) }),
);

/** A comment or reply (Comments) with its latest text; an edit or deletion updates the row. */
export const comment = onchainTable(
  "comment",
  (t) => ({
    id: t.bigint().primaryKey(),
    /** "video" or "release". */
    postKind: t.text().notNull(),
    postId: t.bigint().notNull(),
    /** null for a top-level comment. */
    parentId: t.bigint(),
    author: t.hex().notNull(),
    body: t.text().notNull(),
    postedAt: t.bigint().notNull(),
    editedAt: t.bigint(),
    deletedAt: t.bigint(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ postIdx: index().on(table.postKind, table.postId, table.id) }),
);

/** A post with comments or a policy set: its policy now and its comments not deleted. */
export const post = onchainTable(
  "post",
  (t) => ({
    kind: t.text().notNull(),
    id: t.bigint().notNull(),
    /** A COMMENT_POLICIES name. */
    policy: t.text().notNull(),
    commentCount: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.kind, table.id] }) }),
);

/** A live stream's record (Streams). */
export const stream = onchainTable(
  "stream",
  (t) => ({
    id: t.bigint().primaryKey(),
    creator: t.hex().notNull(),
    /** 0 for the creator's own channel. */
    channelId: t.bigint().notNull(),
    streamKey: t.hex().notNull(),
    title: t.text().notNull(),
    room: t.text().notNull(),
    startedAt: t.bigint().notNull(),
    endedAt: t.bigint(),
    /** The VOD's manifest directory, CIDv1 base32. */
    vod: t.text(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ creatorIdx: index().on(table.creator), channelIdx: index().on(table.channelId) }),
);

/** A crowdfunding campaign (Crowdfund), from its events alone. */
export const crowdfund = onchainTable(
  "crowdfund",
  (t) => ({
    id: t.bigint().primaryKey(),
    creator: t.hex().notNull(),
    /** 0 for the creator's own campaign. */
    channelId: t.bigint().notNull(),
    token: t.hex().notNull(),
    goal: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    /** The binary CID of its metadata document, CIDv1 base32. */
    metadataCid: t.text().notNull(),
    /** Pledged now: the events' totals, less refunds. */
    pledged: t.bigint().notNull(),
    /** Returned by refunds of the missed campaign (pledged + refunded = what it held at the deadline). */
    refunded: t.bigint().notNull(),
    /** Accounts with a pledge now. */
    backers: t.integer().notNull(),
    claimedAt: t.bigint(),
    createdAt: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ creatorIdx: index().on(table.creator), channelIdx: index().on(table.channelId) }),
);

/** A backer's pledge to a campaign. */
export const crowdfundPledge = onchainTable(
  "crowdfund_pledge",
  (t) => ({
    campaignId: t.bigint().notNull(),
    backer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.campaignId, table.backer] }), backerIdx: index().on(table.backer) }),
);

export const videoRelations = relations(video, ({ one }) => ({
  channel: one(channel, { fields: [video.channelId], references: [channel.id] }),
}));
export const channelRelations = relations(channel, ({ many }) => ({
  members: many(channelMember),
  policies: many(policyVersion),
  proposals: many(proposal),
  videos: many(video),
}));
export const channelMemberRelations = relations(channelMember, ({ one }) => ({
  channel: one(channel, { fields: [channelMember.channelId], references: [channel.id] }),
}));
export const policyVersionRelations = relations(policyVersion, ({ one }) => ({
  channel: one(channel, { fields: [policyVersion.channelId], references: [channel.id] }),
}));
export const proposalRelations = relations(proposal, ({ one, many }) => ({
  channel: one(channel, { fields: [proposal.channelId], references: [channel.id] }),
  ballots: many(ballot),
}));
export const ballotRelations = relations(ballot, ({ one }) => ({
  proposal: one(proposal, { fields: [ballot.proposalId], references: [proposal.id] }),
}));
export const dealRelations = relations(deal, ({ many }) => ({
  dealKeepers: many(dealKeeper),
  events: many(storageEvent),
}));
export const dealKeeperRelations = relations(dealKeeper, ({ one }) => ({
  deal: one(deal, { fields: [dealKeeper.dealId], references: [deal.id] }),
}));
export const storageEventRelations = relations(storageEvent, ({ one }) => ({
  deal: one(deal, { fields: [storageEvent.dealId], references: [deal.id] }),
}));
export const filterListRelations = relations(filterList, ({ many }) => ({
  entries: many(filterEntry),
  reports: many(filterReport),
}));
export const filterEntryRelations = relations(filterEntry, ({ one }) => ({
  list: one(filterList, { fields: [filterEntry.listId], references: [filterList.id] }),
}));
export const filterReportRelations = relations(filterReport, ({ one }) => ({
  list: one(filterList, { fields: [filterReport.listId], references: [filterList.id] }),
}));

// ---- Earnings (indexer/src/earnings.ts) ----

/**
 * One payment as it credited one account: a tip, sale or membership to a creator (all of it), a payment to a post with
 * a revenue split (each holder's share, one row per holder), a channel pot's share. The earnings chart's series and
 * the "recent income" list are built from these rows alone.
 */
export const earning = onchainTable(
  "earning",
  (t) => ({
    /** `<event id>-<account>`. */
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    /** An EARNING_SOURCES name. */
    source: t.text().notNull(),
    /** What this payment credited to the account. */
    amount: t.bigint().notNull(),
    /** The whole payment. */
    paid: t.bigint().notNull(),
    payer: t.hex().notNull(),
    postKind: t.text(),
    postId: t.bigint(),
    streamId: t.bigint(),
    channelId: t.bigint(),
    /** The crowdfund campaign whose proceeds these are (source "crowdfund"). */
    campaignId: t.bigint(),
    message: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    accountIdx: index().on(table.account, table.blockNumber, table.logIndex),
    postIdx: index().on(table.account, table.postKind, table.postId),
  }),
);

/**
 * An account's money in Earnings per token. `earned` = `credited` + `unclaimed`; `balance` = `credited` − `withdrawn`
 * is the contract's `balanceOf` (claimed shares and direct income, not yet withdrawn).
 */
export const earningsAccount = onchainTable(
  "earnings_account",
  (t) => ({
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    earned: t.bigint().notNull(),
    credited: t.bigint().notNull(),
    unclaimed: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    balance: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.token] }) }),
);

/**
 * An account's entitlement to a split post's pool or to a channel pot of one epoch, per token, and how much of it was
 * claimed (PostShareClaimed, PotShareClaimed): the contract's `postShare` and `potShare`.
 */
export const earningsShare = onchainTable(
  "earnings_share",
  (t) => ({
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    /** `video-12`, `release-3` or `pot-<channelId>-<epoch>`. */
    ref: t.text().notNull(),
    postKind: t.text(),
    postId: t.bigint(),
    channelId: t.bigint(),
    epoch: t.integer(),
    entitled: t.bigint().notNull(),
    claimed: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.token, table.ref] }) }),
);

/** A channel's pot of one membership epoch per token: what it received and its member count (the contract's `potOf`). */
export const channelPot = onchainTable(
  "channel_pot",
  (t) => ({
    channelId: t.bigint().notNull(),
    epoch: t.integer().notNull(),
    token: t.hex().notNull(),
    received: t.bigint().notNull(),
    members: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.channelId, table.epoch, table.token] }) }),
);

/** An account's income per token and source, in all. */
export const earningsTotal = onchainTable(
  "earnings_total",
  (t) => ({
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    source: t.text().notNull(),
    amount: t.bigint().notNull(),
    count: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.token, table.source] }) }),
);

/** Every withdrawal from Earnings. */
export const earningsWithdrawal = onchainTable(
  "earnings_withdrawal",
  (t) => ({
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account, table.blockNumber, table.logIndex) }),
);

/** Every tip: to a post, a stream, a channel or a creator (`target`), with the tipper's message. */
export const tip = onchainTable(
  "tip",
  (t) => ({
    id: t.text().primaryKey(),
    tipper: t.hex().notNull(),
    /** "post", "stream", "channel" or "creator". */
    target: t.text().notNull(),
    postKind: t.text(),
    postId: t.bigint(),
    streamId: t.bigint(),
    channelId: t.bigint(),
    /** The creator tipped directly (target "creator"), else null. */
    creator: t.hex(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    message: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    streamIdx: index().on(table.streamId, table.blockNumber, table.logIndex),
    postIdx: index().on(table.postKind, table.postId),
  }),
);

/** Every purchase of a paid post. */
export const sale = onchainTable(
  "sale",
  (t) => ({
    id: t.text().primaryKey(),
    buyer: t.hex().notNull(),
    postKind: t.text().notNull(),
    postId: t.bigint().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ postIdx: index().on(table.postKind, table.postId), buyerIdx: index().on(table.buyer) }),
);

/** A post's money settings: its revenue split (fixed once set) and its price. */
export const postMoney = onchainTable(
  "post_money",
  (t) => ({
    kind: t.text().notNull(),
    id: t.bigint().notNull(),
    /** `[{ holder, bps }]` in the contract's order, or null (everything to the creator). */
    split: t.json().$type<{ holder: `0x${string}`; bps: number }[]>(),
    /** The releasing channel's share of every payment, in basis points (releases with a split only). */
    channelBps: t.integer().notNull(),
    priceToken: t.hex(),
    /** null or 0: not for sale. */
    price: t.bigint(),
    /** As on chain: "withheld" (the default, until its creator sets it), "free", "paid" or "members". */
    access: t.text().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.kind, table.id] }) }),
);

/** What a post received per token: tips and sales (count and sum), and its split's pool. */
export const postIncome = onchainTable(
  "post_income",
  (t) => ({
    kind: t.text().notNull(),
    id: t.bigint().notNull(),
    token: t.hex().notNull(),
    tipCount: t.integer().notNull(),
    tipSum: t.bigint().notNull(),
    saleCount: t.integer().notNull(),
    saleSum: t.bigint().notNull(),
    /** Paid into the holders' pool (split posts only, after the channel's share): the contract's `poolOf`. */
    pool: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.kind, table.id, table.token] }) }),
);

/** A creator's membership plan (price per period), as last set. */
export const membershipPlan = onchainTable("membership_plan", (t) => ({
  creator: t.hex().primaryKey(),
  token: t.hex().notNull(),
  price: t.bigint().notNull(),
  period: t.bigint().notNull(),
  /** false once the creator closed the plan (no new joins). */
  active: t.boolean().notNull(),
}));

/** A member of a creator's plan: until when, and how many times they joined or renewed. */
export const membership = onchainTable(
  "membership",
  (t) => ({
    creator: t.hex().notNull(),
    member: t.hex().notNull(),
    expiresAt: t.bigint().notNull(),
    joins: t.integer().notNull(),
    firstJoinedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.creator, table.member] }) }),
);

/** Every payment into a community channel's pot (ChannelPaid): tips, releases' shares, payments, swept remainders. */
export const channelPotPayment = onchainTable(
  "channel_pot_payment",
  (t) => ({
    id: t.text().primaryKey(),
    channelId: t.bigint().notNull(),
    epoch: t.integer().notNull(),
    payer: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    members: t.integer().notNull(),
    /** "tip", "release", "payment", "remainder" or "membership". */
    source: t.text().notNull(),
    ref: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ channelIdx: index().on(table.channelId, table.blockNumber, table.logIndex) }),
);
