import type { Channel, PostAccess, Proposal, ProposalStatus, Video } from "@chorus/protocol";
import { CHANNEL_PLAN_KEY, decodeChannelPlan } from "@chorus/protocol";
import type schema from "ponder:schema";
import { getAddress } from "viem";
import { isChannelPlaylistsKey, proposedChannelPlaylists } from "./channel-playlists";
import { channelMetadata, manifests } from "./documents";
import { nowSeconds } from "./params";

type VideoRow = typeof schema.video.$inferSelect;
type ChannelRow = typeof schema.channel.$inferSelect;
type ProposalRow = typeof schema.proposal.$inferSelect;
type BallotRow = typeof schema.ballot.$inferSelect;
type PostMoneyRow = typeof schema.postMoney.$inferSelect;

// The presenters return the REST types of @chorus/protocol. Text columns that hold a catalogue name (a proposal's kind,
// status, effect; a rules field) are cast to it: the handlers write only those names.

/** The REST shape of a video: chain facts, the channel that released it (if any), and its manifest (not its storage). */
export async function presentVideo(row: VideoRow, channel?: ChannelRow | null): Promise<Omit<Video, "storage">> {
  const manifest = await manifests.get(`${row.manifestCid}/manifest.json`);
  return {
    id: row.id,
    creator: getAddress(row.creator),
    manifestCid: row.manifestCid,
    blockNumber: row.blockNumber.toString(),
    timestamp: Number(row.timestamp),
    txHash: row.txHash,
    manifest: manifest.value,
    manifestStatus: manifest.status,
    /** Set when a community channel released the video: which channel, which proposal, under which policy version. */
    release:
      row.channelId === null
        ? null
        : {
            channelId: row.channelId.toString(),
            channelName: channel ? ((await channelMetadata.get(channel.metadataCid)).value?.name ?? null) : null,
            proposalId: row.proposalId!.toString(),
            policyVersion: row.policyVersion!,
          },
  };
}

/** Yes votes a proposal created now needs (the contract's rule: thresholds shrink with membership, never below 1). */
export function requiredYesNow(row: ChannelRow): number {
  if (row.thresholdKind === "absolute") return Math.min(row.threshold, row.memberCount);
  return Math.max(1, Math.ceil((row.memberCount * row.threshold) / 10_000));
}

export async function presentChannel(row: ChannelRow): Promise<Omit<Channel, "openProposals">> {
  const metadata = await channelMetadata.get(row.metadataCid);
  return {
    id: row.id.toString(),
    creator: getAddress(row.creator),
    metadataCid: row.metadataCid,
    metadata: metadata.value,
    metadataStatus: metadata.status,
    policyCid: row.policyCid,
    policyVersion: row.policyVersion,
    memberCount: row.memberCount,
    rules: {
      submitters: row.submitters as Channel["rules"]["submitters"],
      thresholdKind: row.thresholdKind as Channel["rules"]["thresholdKind"],
      threshold: row.threshold,
      votingPeriod: row.votingPeriod,
    },
    requiredYes: requiredYesNow(row),
    videoCount: row.videoCount,
    createdAt: Number(row.createdAt),
    txHash: row.txHash,
  };
}

async function presentSetting(row: ProposalRow): Promise<Proposal["proposedSetting"]> {
  const key = row.settingKey ?? "0x";
  const value = row.settingValue ?? "0x";
  const isPlan = key.toLowerCase() === CHANNEL_PLAN_KEY.toLowerCase();
  const plan = isPlan ? decodeChannelPlan(value) : null;
  return {
    key,
    value,
    membershipPlan: plan ? { token: plan.token, price: plan.pricePerPeriod.toString(), period: plan.period } : null,
    channelPlaylists: isChannelPlaylistsKey(key)
      ? await proposedChannelPlaylists({
          id: row.id,
          channelId: row.channelId,
          value,
          // An open proposal (or one past its deadline) changes the list in force now.
          decidedAt: row.status === "open" ? null : row.decidedAt,
        })
      : null,
  };
}

/**
 * A post's access as a viewer meets it. On chain a post is withheld until its creator sets its access, but only an
 * encrypted post has a key to withhold: one whose manifest says its bytes are public (an ordinary upload) is simply
 * free, whatever the chain says. A post whose manifest can't be read (yet) keeps the chain's word.
 */
export async function viewerAccess(onChain: PostAccess, cid: string | null | undefined): Promise<PostAccess> {
  if (onChain !== "withheld" || !cid) return onChain;
  const manifest = await manifests.get(`${cid}/manifest.json`);
  return manifest.status === "ok" && !manifest.value.access ? "free" : onChain;
}

/** A post's split and price from its money row in Earnings (none: no split, no price). */
export function presentMoneyTerms(money: PostMoneyRow | undefined) {
  return {
    split: money?.split?.map((s) => ({ holder: getAddress(s.holder), bps: s.bps })) ?? null,
    price:
      money?.price && money.priceToken ? { token: getAddress(money.priceToken), amount: money.price.toString() } : null,
  };
}

/** What a video submission's release would cost viewers and who would be paid: its money row in Earnings, if any. */
async function presentReleaseMoney(
  row: ProposalRow,
  money: PostMoneyRow | undefined,
): Promise<Proposal["releaseMoney"]> {
  const { split, price } = presentMoneyTerms(money);
  return {
    access: await viewerAccess((money?.access ?? "withheld") as PostAccess, row.cid),
    price,
    split,
    channelBps: split ? (money?.channelBps ?? 0) : 0,
  };
}

/** An open proposal whose deadline has passed is expired, whether or not anyone has recorded that on-chain. */
export const effectiveStatus = (row: ProposalRow): ProposalStatus =>
  row.status === "open" && row.deadline <= nowSeconds() ? "expired" : (row.status as ProposalStatus);

type ProposedRules = NonNullable<Proposal["proposedRules"]>;

/** A proposal; `money` is a video proposal's row in `post_money` (kind release), if its submitter set one. */
export async function presentProposal(
  row: ProposalRow,
  ballots: BallotRow[],
  money: PostMoneyRow | undefined,
): Promise<Proposal> {
  const status = effectiveStatus(row);
  return {
    id: row.id.toString(),
    channelId: row.channelId.toString(),
    proposer: getAddress(row.proposer),
    kind: row.kind as Proposal["kind"],
    status,
    cid: row.cid,
    member: row.member ? getAddress(row.member) : null,
    proposedSetting: row.kind === "setting" ? await presentSetting(row) : null,
    releaseMoney: row.kind === "video" ? await presentReleaseMoney(row, money) : null,
    proposedRules:
      row.kind === "rules"
        ? {
            submitters: row.proposedSubmitters as ProposedRules["submitters"],
            thresholdKind: row.proposedThresholdKind as ProposedRules["thresholdKind"],
            threshold: row.proposedThreshold,
            votingPeriod: row.proposedVotingPeriod,
          }
        : null,
    deadline: Number(row.deadline),
    snapshot: { epoch: Number(row.epoch), members: row.snapshotMembers, requiredYes: row.requiredYes },
    yesVotes: row.yesVotes,
    noVotes: row.noVotes,
    /** How many more yes votes it needs to pass (0 once decided). */
    votesNeeded: status === "open" ? Math.max(0, row.requiredYes - row.yesVotes) : 0,
    policyVersion: row.policyVersion,
    effect: row.effect as Proposal["effect"],
    createdAt: Number(row.createdAt),
    decidedAt: row.decidedAt === null ? null : Number(row.decidedAt),
    txHash: row.txHash,
    ballots: ballots.map((b) => ({ voter: getAddress(b.voter), support: b.support, timestamp: Number(b.timestamp) })),
  };
}
