import { channelMetadataSchema, PROPOSAL_KINDS, SUBMITTERS, THRESHOLD_KINDS, videoManifestSchema, type VideoManifest } from "@chorus/protocol";
import { z } from "zod";

/**
 * The indexer's REST API (indexer/src/api/index.ts), validated at the boundary. Used by server components (catalogue
 * pages) and client components (load more, waiting for a fresh video) alike.
 *
 * The indexer is a separate process; its shapes are checked here rather than trusted, and a manifest that doesn't
 * match the schema we can play is treated as invalid instead of breaking a whole page of results.
 */

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);

/** A video's manifest.json; defined once in @chorus/protocol, with the channel metadata document. */
export type Manifest = VideoManifest;

export const videoSchema = z
  .object({
    id: z.string().regex(/^(\d+|ch\d+-\d+)$/),
    creator: address,
    manifestCid: z.string(),
    blockNumber: z.string(),
    timestamp: z.number(),
    txHash: hex,
    manifest: z.unknown(),
    manifestStatus: z.enum(["ok", "invalid", "unavailable"]).catch("invalid"),
    /** Set when a community channel released the video (by a vote, under a policy version). */
    release: z
      .object({
        channelId: z.string(),
        channelName: z.string().nullable(),
        proposalId: z.string(),
        policyVersion: z.number(),
      })
      .nullable()
      .default(null),
    /** Its storage deals' state (keepers holding it, last proof); "none" from an indexer that doesn't report it. */
    storage: z
      .object({
        replicas: z.number(),
        keepers: z.number(),
        lastProvenAt: z.number().nullable(),
        status: z.enum(["none", "pending", "ok", "at-risk"]).catch("at-risk"),
        deals: z.array(z.object({ id: z.string() }).passthrough()).default([]),
      })
      .default({ replicas: 0, keepers: 0, lastProvenAt: null, status: "none", deals: [] }),
  })
  .transform(({ manifest, manifestStatus, ...video }) => {
    const parsed = manifest === null || manifest === undefined ? null : videoManifestSchema.safeParse(manifest);
    const ok = parsed?.success ? parsed.data : null;
    return {
      ...video,
      manifest: ok,
      // A manifest the indexer accepted but we can't read is as good as invalid to this page.
      manifestStatus: manifestStatus === "ok" && !ok ? ("invalid" as const) : manifestStatus,
    };
  });
export type Video = z.output<typeof videoSchema>;

const videosPageSchema = z.object({ videos: z.array(videoSchema), nextCursor: z.string().nullable() });
export type VideosPage = z.output<typeof videosPageSchema>;

const videoResponseSchema = z.object({ video: videoSchema });

export const creatorSchema = z.object({
  address,
  videoCount: z.number(),
  firstPublishedAt: z.number().nullable(),
  lastPublishedAt: z.number().nullable(),
});
export type Creator = z.output<typeof creatorSchema>;
const creatorResponseSchema = z.object({ creator: creatorSchema });

/** Either the data, or why not: `status` is the HTTP status (null when the indexer could not be reached at all). */
export type Fetched<T> = { ok: true; data: T } | { ok: false; status: number | null; error: string };

const TIMEOUT_MS = 8000;

async function getJson<T>(url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<Fetched<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      cache: "no-store",
      headers: { accept: "application/json" },
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, status: null, error: "The catalogue (indexer) can't be reached." };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message =
      typeof body === "object" && body !== null && "error" in body && typeof body.error === "string"
        ? body.error
        : `The catalogue answered ${response.status}.`;
    return { ok: false, status: response.status, error: message };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, status: response.status, error: "The catalogue sent an answer this page doesn't understand." };
  return { ok: true, data: parsed.data };
}

export interface VideosQuery {
  limit?: number;
  before?: string | null;
  creator?: string | null;
  /** Only videos this community channel released. */
  channel?: string | null;
}

export function videosUrl(base: string, { limit = 24, before, creator, channel }: VideosQuery = {}): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before) params.set("before", before);
  if (creator) params.set("creator", creator);
  if (channel) params.set("channel", channel);
  return `${base}/videos?${params}`;
}

export function fetchVideos(base: string, query: VideosQuery = {}, signal?: AbortSignal): Promise<Fetched<VideosPage>> {
  return getJson(videosUrl(base, query), videosPageSchema, signal);
}

export async function fetchVideo(base: string, id: string, signal?: AbortSignal): Promise<Fetched<Video>> {
  const result = await getJson(`${base}/videos/${encodeURIComponent(id)}`, videoResponseSchema, signal);
  return result.ok ? { ok: true, data: result.data.video } : result;
}

export async function fetchCreator(base: string, creatorAddress: string, signal?: AbortSignal): Promise<Fetched<Creator>> {
  const result = await getJson(`${base}/creators/${encodeURIComponent(creatorAddress)}`, creatorResponseSchema, signal);
  return result.ok ? { ok: true, data: result.data.creator } : result;
}

// ---- storage deals ----

const amount = z.string().regex(/^\d+$/);

export const dealKeeperSchema = z.object({
  keeper: address,
  slot: z.number(),
  status: z.enum(["active", "left", "evicted", "released"]),
  firstPeriod: z.number(),
  endPeriod: z.number().nullable(),
  proven: z.number(),
  misses: z.number(),
  stake: amount,
  earned: amount,
  slashed: amount,
  joinedAt: z.number(),
  lastProvenAt: z.number().nullable(),
});
export type DealKeeper = z.output<typeof dealKeeperSchema>;

export const storageEventSchema = z.object({
  kind: z.string(),
  dealId: z.string(),
  keeper: address.nullable(),
  actor: address.nullable(),
  period: z.number().nullable(),
  amount: amount.nullable(),
  timestamp: z.number(),
  txHash: hex,
});
export type StorageEvent = z.output<typeof storageEventSchema>;

const dealFields = {
  id: z.string().regex(/^\d+$/),
  funder: address,
  token: address,
  cid: z.string(),
  size: z.number(),
  replicas: z.number(),
  start: z.number(),
  periodSeconds: z.number(),
  periods: z.number(),
  end: z.number(),
  pricePerPeriod: amount,
  stakePerReplica: amount,
  slashPerMiss: amount,
  maxMisses: z.number(),
  deposit: amount,
  paid: amount,
  slashed: amount,
  refunded: amount,
  lastProvenAt: z.number().nullable(),
  status: z.enum(["pending", "ok", "at-risk", "ended"]).catch("at-risk"),
  createdAt: z.number(),
  createdTx: hex,
};

/** A deal in a list: `keepers` is the number of keepers holding a slot now. */
export const dealSchema = z.object({ ...dealFields, keepers: z.number() });
export type Deal = z.output<typeof dealSchema>;

/** One deal in full (GET /deals/:id): every keeper that held a slot, the newest events, the video it keeps. */
export const dealDetailSchema = z.object({
  ...dealFields,
  keepers: z.array(dealKeeperSchema),
  events: z.array(storageEventSchema),
  video: z.object({ id: z.string(), title: z.string().nullable() }).nullable(),
});
export type DealDetail = z.output<typeof dealDetailSchema>;

export const keeperViewSchema = z.object({
  address,
  deals: z.array(dealKeeperSchema.extend({ dealId: z.string(), cid: z.string(), dealEnd: z.number() })),
  events: z.array(storageEventSchema),
  totals: z.array(z.object({ token: address, earned: amount, slashed: amount, stakeLocked: amount, withdrawn: amount, balance: amount })),
});
export type KeeperView = z.output<typeof keeperViewSchema>;

const dealsPageSchema = z.object({ items: z.array(dealSchema), nextCursor: z.string().nullable() });

export async function fetchDeals(base: string, query: { cid?: string; funder?: string; keeper?: string; limit?: number }, signal?: AbortSignal): Promise<Fetched<Deal[]>> {
  const params = new URLSearchParams({ limit: String(query.limit ?? 50) });
  for (const key of ["cid", "funder", "keeper"] as const) if (query[key]) params.set(key, query[key]!);
  const result = await getJson(`${base}/deals?${params}`, dealsPageSchema, signal);
  return result.ok ? { ok: true, data: result.data.items } : result;
}

export function fetchDeal(base: string, id: string, signal?: AbortSignal): Promise<Fetched<DealDetail>> {
  return getJson(`${base}/deals/${encodeURIComponent(id)}`, dealDetailSchema, signal);
}

export function fetchKeeper(base: string, keeperAddress: string, signal?: AbortSignal): Promise<Fetched<KeeperView>> {
  return getJson(`${base}/keepers/${encodeURIComponent(keeperAddress)}`, keeperViewSchema, signal);
}

// ---- community channels ----

const rulesSchema = z.object({
  submitters: z.enum(SUBMITTERS),
  thresholdKind: z.enum(THRESHOLD_KINDS),
  threshold: z.number(),
  votingPeriod: z.number(),
});


export const channelSchema = z.object({
  id: z.string().regex(/^\d+$/),
  creator: address,
  metadataCid: z.string(),
  metadata: channelMetadataSchema.nullable().catch(null),
  metadataStatus: z.enum(["ok", "invalid", "unavailable"]).catch("invalid"),
  policyCid: z.string(),
  policyVersion: z.number(),
  memberCount: z.number(),
  rules: rulesSchema,
  requiredYes: z.number(),
  videoCount: z.number(),
  createdAt: z.number(),
  txHash: hex,
  openProposals: z.number().default(0),
});
export type Channel = z.output<typeof channelSchema>;

const channelsResponseSchema = z.object({ channels: z.array(channelSchema) });

export const channelDetailSchema = z.object({
  channel: channelSchema,
  members: z.array(z.object({ address, joinedAt: z.number(), joinedByProposal: z.string() })),
  membershipHistory: z.array(
    z.object({ member: address, change: z.enum(["joined", "left"]), proposalId: z.string(), memberCount: z.number(), timestamp: z.number() }),
  ),
  policies: z.array(z.object({ version: z.number(), policyCid: z.string(), proposalId: z.string(), timestamp: z.number(), txHash: hex })),
});
export type ChannelDetail = z.output<typeof channelDetailSchema>;

export { PROPOSAL_KINDS };
export const PROPOSAL_STATUSES = ["open", "released", "executed", "rejected", "withdrawn", "expired"] as const;

export const proposalSchema = z.object({
  id: z.string().regex(/^\d+$/),
  channelId: z.string(),
  proposer: address,
  kind: z.enum(PROPOSAL_KINDS),
  status: z.enum(PROPOSAL_STATUSES),
  cid: z.string().nullable(),
  member: address.nullable(),
  proposedRules: z
    .object({
      submitters: z.enum(SUBMITTERS).nullable(),
      thresholdKind: z.enum(THRESHOLD_KINDS).nullable(),
      threshold: z.number().nullable(),
      votingPeriod: z.number().nullable(),
    })
    .nullable(),
  deadline: z.number(),
  snapshot: z.object({ epoch: z.number(), members: z.number(), requiredYes: z.number() }),
  yesVotes: z.number(),
  noVotes: z.number(),
  votesNeeded: z.number(),
  policyVersion: z.number().nullable(),
  effect: z.string().nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
  txHash: hex,
  ballots: z.array(z.object({ voter: address, support: z.boolean(), timestamp: z.number() })),
});
export type Proposal = z.output<typeof proposalSchema>;

const proposalsResponseSchema = z.object({ proposals: z.array(proposalSchema) });
const proposalResponseSchema = z.object({ proposal: proposalSchema });

export type ProposalFilter = "open" | "released" | "executed" | "rejected" | "withdrawn" | "expired" | "decided" | "all";

/** All channels newest first, or (with `member`) those the address belongs to. */
export async function fetchChannels(base: string, member?: string | null, signal?: AbortSignal): Promise<Fetched<Channel[]>> {
  const url = member ? `${base}/channels?member=${encodeURIComponent(member)}` : `${base}/channels`;
  const result = await getJson(url, channelsResponseSchema, signal);
  return result.ok ? { ok: true, data: result.data.channels } : result;
}

export function fetchChannel(base: string, id: string, signal?: AbortSignal): Promise<Fetched<ChannelDetail>> {
  return getJson(`${base}/channels/${encodeURIComponent(id)}`, channelDetailSchema, signal);
}

export async function fetchProposals(base: string, channelId: string, status: ProposalFilter = "all", signal?: AbortSignal): Promise<Fetched<Proposal[]>> {
  const result = await getJson(`${base}/channels/${encodeURIComponent(channelId)}/proposals?status=${status}`, proposalsResponseSchema, signal);
  return result.ok ? { ok: true, data: result.data.proposals } : result;
}

export async function fetchProposal(base: string, id: string, signal?: AbortSignal): Promise<Fetched<Proposal>> {
  const result = await getJson(`${base}/proposals/${encodeURIComponent(id)}`, proposalResponseSchema, signal);
  return result.ok ? { ok: true, data: result.data.proposal } : result;
}

/** The name to show for a channel, whatever state its metadata is in. */
export function channelName(channel: Pick<Channel, "id" | "metadata">): string {
  const name = channel.metadata?.name.trim();
  return name ? name : `Channel #${channel.id}`;
}

/** Whether the indexer has caught up with the chain (GET /ready answers 200). Unreachable counts as not ready. */
export async function isIndexerReady(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/ready`, { cache: "no-store", signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The title to show for a video, whatever state its manifest is in. */
export function videoTitle(video: Pick<Video, "id" | "manifest">): string {
  const title = video.manifest?.title.trim();
  return title ? title : `Video #${video.id}`;
}
