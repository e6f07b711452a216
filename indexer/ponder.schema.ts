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
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ channelIdx: index().on(table.channelId) }),
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

/** A proposal with its live tally and the snapshot of rules and membership it was created under. */
export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    channelId: t.bigint().notNull(),
    proposer: t.hex().notNull(),
    /** "video", "policy", "metadata", "add-member", "remove-member" or "rules". */
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
    deadline: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    requiredYes: t.integer().notNull(),
    snapshotMembers: t.integer().notNull(),
    yesVotes: t.integer().notNull(),
    noVotes: t.integer().notNull(),
    /** For a released video: the policy version in force when it was released. */
    policyVersion: t.integer(),
    /** For an executed change: "applied", or why it had no effect. */
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
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.proposalId, table.voter] }) }),
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
