import { ponder } from "ponder:registry";
import {
  ballot,
  channel,
  channelMember,
  channelMembershipPlan,
  channelSetting,
  creator,
  membershipChange,
  policyVersion,
  proposal,
  video,
} from "ponder:schema";
// The contract's enums, as the catalogue names them (generated from the contracts, named in @chorus/protocol).
import {
  CHANNEL_PLAN_KEY,
  decodeChannelPlan,
  EFFECTS,
  PROPOSAL_KINDS,
  SUBMITTERS,
  THRESHOLD_KINDS,
} from "@chorus/protocol";
import { cidToString } from "./cid";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

const rulesColumns = (rules: {
  submitters: number;
  thresholdKind: number;
  threshold: number;
  votingPeriod: number;
}) => ({
  submitters: SUBMITTERS[rules.submitters]!,
  thresholdKind: THRESHOLD_KINDS[rules.thresholdKind]!,
  threshold: rules.threshold,
  votingPeriod: rules.votingPeriod,
});

/**
 * Where an event sits on the chain, the order lists are served in: block timestamps tie (a local chain mines several
 * blocks a second, an L2 one every two), block number and log index do not.
 */
const logged = (event: { block: { number: bigint; timestamp: bigint }; log: { logIndex: number } }) => ({
  blockNumber: event.block.number,
  logIndex: event.log.logIndex,
  timestamp: event.block.timestamp,
});

/** The id a channel-released video has in the catalogue (published videos use the Videos contract's numeric id). */
export const releasedVideoId = (channelId: bigint, proposalId: bigint) => `ch${channelId}-${proposalId}`;

ponder.on("Channels:ChannelCreated", async ({ event, context }) => {
  const { channelId, creator, metadataCid, policyCid, founders, rules } = event.args;
  await context.db.insert(channel).values({
    id: channelId,
    creator,
    metadataCid: cidToString(metadataCid),
    policyCid: cidToString(policyCid),
    policyVersion: 1,
    memberCount: founders.length,
    ...rulesColumns(rules),
    videoCount: 0,
    createdAt: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("Channels:MemberAdded", async ({ event, context }) => {
  const { channelId, member, proposalId, memberCount } = event.args;
  const { timestamp } = event.block;
  const joined = {
    active: true,
    joinedAt: timestamp,
    joinedBlock: event.block.number,
    joinedLogIndex: event.log.logIndex,
    joinedByProposal: proposalId,
  };
  await context.db
    .insert(channelMember)
    .values({ channelId, member, ...joined })
    .onConflictDoUpdate({ ...joined, leftAt: null, leftByProposal: null });
  await context.db.insert(membershipChange).values({
    id: event.id,
    channelId,
    member,
    change: "joined",
    proposalId,
    memberCount,
    ...logged(event),
  });
  await context.db.update(channel, { id: channelId }).set({ memberCount });
});

ponder.on("Channels:MemberRemoved", async ({ event, context }) => {
  const { channelId, member, proposalId, memberCount } = event.args;
  await context.db
    .update(channelMember, { channelId, member })
    .set({ active: false, leftAt: event.block.timestamp, leftByProposal: proposalId });
  await context.db.insert(membershipChange).values({
    id: event.id,
    channelId,
    member,
    change: "left",
    proposalId,
    memberCount,
    ...logged(event),
  });
  await context.db.update(channel, { id: channelId }).set({ memberCount });
});

ponder.on("Channels:PolicyAmended", async ({ event, context }) => {
  const { channelId, version, policyCid, proposalId } = event.args;
  const cid = cidToString(policyCid);
  await context.db.insert(policyVersion).values({
    channelId,
    version,
    policyCid: cid,
    proposalId,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db.update(channel, { id: channelId }).set({ policyCid: cid, policyVersion: version });
});

ponder.on("Channels:RulesChanged", async ({ event, context }) => {
  await context.db.update(channel, { id: event.args.channelId }).set(rulesColumns(event.args.rules));
});

ponder.on("Channels:MetadataUpdated", async ({ event, context }) => {
  const { channelId, metadataCid } = event.args;
  await context.db.update(channel, { id: channelId }).set({ metadataCid: cidToString(metadataCid) });
});

ponder.on("Channels:ProposalCreated", async ({ event, context }) => {
  const { channelId, proposalId, proposer, kind, cid, member, deadline, epoch, requiredYes, snapshotMembers } =
    event.args;
  await context.db.insert(proposal).values({
    id: proposalId,
    channelId,
    proposer,
    kind: PROPOSAL_KINDS[kind]!,
    status: "open",
    cid: cid === "0x" ? null : cidToString(cid),
    member: member === ZERO_ADDRESS ? null : member,
    deadline: BigInt(deadline),
    epoch: BigInt(epoch),
    requiredYes,
    snapshotMembers,
    yesVotes: 0,
    noVotes: 0,
    createdAt: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("Channels:RulesProposed", async ({ event, context }) => {
  const rules = rulesColumns(event.args.rules);
  await context.db.update(proposal, { id: event.args.proposalId }).set({
    proposedSubmitters: rules.submitters,
    proposedThresholdKind: rules.thresholdKind,
    proposedThreshold: rules.threshold,
    proposedVotingPeriod: rules.votingPeriod,
  });
});

ponder.on("Channels:SettingProposed", async ({ event, context }) => {
  const { proposalId, key, value } = event.args;
  await context.db.update(proposal, { id: proposalId }).set({ settingKey: key, settingValue: value });
});

/**
 * A setting the channel voted. Its membership plan (Earnings.MEMBERSHIP_PLAN_KEY) is also decoded into
 * `channel_membership_plan` with the contract's rule: a value that is not a plan removes the plan, as it does on chain.
 */
ponder.on("Channels:SettingChanged", async ({ event, context }) => {
  const { channelId, key, value, proposalId } = event.args;
  const row = { value, proposalId, timestamp: event.block.timestamp };
  await context.db
    .insert(channelSetting)
    .values({ channelId, key, ...row })
    .onConflictDoUpdate(row);
  if (key.toLowerCase() !== CHANNEL_PLAN_KEY.toLowerCase()) return;
  const plan = decodeChannelPlan(value);
  if (!plan) {
    await context.db.delete(channelMembershipPlan, { channelId });
    return;
  }
  const terms = { token: plan.token, price: plan.pricePerPeriod, period: plan.period, proposalId };
  await context.db
    .insert(channelMembershipPlan)
    .values({ channelId, ...terms })
    .onConflictDoUpdate(terms);
});

ponder.on("Channels:VoteCast", async ({ event, context }) => {
  const { proposalId, voter, support, yesVotes, noVotes } = event.args;
  await context.db
    .insert(ballot)
    .values({ proposalId, voter, support, ...logged(event) })
    .onConflictDoUpdate({ support, ...logged(event) });
  await context.db.update(proposal, { id: proposalId }).set({ yesVotes, noVotes });
});

ponder.on("Channels:VideoReleased", async ({ event, context }) => {
  const { channelId, proposalId, submitter, manifestCid, policyVersion: version } = event.args;
  await context.db.insert(video).values({
    id: releasedVideoId(channelId, proposalId),
    creator: submitter,
    manifestCid: cidToString(manifestCid),
    channelId,
    proposalId,
    policyVersion: version,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db.update(proposal, { id: proposalId }).set({ policyVersion: version });
  await context.db.update(channel, { id: channelId }).set((row) => ({ videoCount: row.videoCount + 1 }));
  const { timestamp } = event.block;
  await context.db
    .insert(creator)
    .values({ address: submitter, videoCount: 1, firstPublishedAt: timestamp, lastPublishedAt: timestamp })
    .onConflictDoUpdate((row) => ({ videoCount: row.videoCount + 1, lastPublishedAt: timestamp }));
});

ponder.on("Channels:ProposalExecuted", async ({ event, context }) => {
  const { proposalId, kind, effect } = event.args;
  await context.db.update(proposal, { id: proposalId }).set({
    status: PROPOSAL_KINDS[kind] === "video" ? "released" : "executed",
    effect: EFFECTS[effect]!,
    decidedAt: event.block.timestamp,
  });
});

ponder.on("Channels:ProposalRejected", async ({ event, context }) => {
  const { proposalId, yesVotes, noVotes } = event.args;
  await context.db
    .update(proposal, { id: proposalId })
    .set({ status: "rejected", yesVotes, noVotes, decidedAt: event.block.timestamp });
});

ponder.on("Channels:ProposalWithdrawn", async ({ event, context }) => {
  await context.db
    .update(proposal, { id: event.args.proposalId })
    .set({ status: "withdrawn", decidedAt: event.block.timestamp });
});

ponder.on("Channels:ProposalExpired", async ({ event, context }) => {
  const { proposalId, yesVotes, noVotes } = event.args;
  await context.db
    .update(proposal, { id: proposalId })
    .set({ status: "expired", yesVotes, noVotes, decidedAt: event.block.timestamp });
});
