import { z } from "zod";
import { channelMetadataSchema } from "./channel.ts";
import { channelPlaylistsDiffSchema } from "./channel-playlists-diff.ts";
import {
  EFFECTS,
  FILTER_TARGET_KINDS,
  KEEPER_STATUS_NAMES,
  POST_ACCESS,
  PROPOSAL_KINDS,
  REPORT_STATUSES,
  SUBMITTERS,
  THRESHOLD_KINDS,
} from "./contracts.ts";
import { apiErrorSchema } from "./job.ts";
import { videoManifestSchema } from "./manifest.ts";
import { TAG_MAX_CHARS } from "./tags.ts";

/**
 * The indexer's REST API (indexer/src/api/): every answer and every query's parameters, as zod schemas. The indexer
 * validates its input and types its presenters with them, the web app parses every answer with them, and the
 * OpenAPI document (`api-routes.ts`, served at `GET /openapi.json`) is generated from them.
 *
 * Conventions, the same on every route:
 * - a list answers `{ items, nextCursor }` and takes `?cursor=&limit=`; `nextCursor` is null on the last page, else
 *   the value to pass as `cursor` for the next one. A list inside an answer that is not paged says in its description
 *   why it is complete;
 * - a detail route answers the object itself;
 * - an error answers `{ error: { code, message } }` (`apiErrorSchema`, the worker's too) with 400, 404, 500 or 503.
 *
 * Money is a decimal string in the token's smallest unit, times are unix seconds, block numbers decimal strings, ids
 * of channels, proposals and deals decimal strings.
 */

// ---- primitives ----

export const addressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { error: "must be an address (0x and 40 hex digits)" });
export const hexSchema = z.string().regex(/^0x[0-9a-fA-F]*$/);
/** An amount of a token in its smallest unit (wei for ETH), as a decimal string: it does not fit a JSON number. */
export const amountSchema = z.string().regex(/^\d+$/);
/** A positive integer id (channel, proposal, deal) as a decimal string. */
export const bigIdSchema = z.string().regex(/^[1-9]\d{0,30}$/, { error: "must be a positive integer" });
/** `12` (published by a creator) or `ch3-17` (released by channel 3's proposal 17). */
export const videoIdSchema = z
  .string()
  .regex(/^([1-9]\d{0,30}|ch[1-9]\d{0,30}-[1-9]\d{0,30})$/, { error: "must be a video id such as 12 or ch3-17" });
export const documentStatusSchema = z.enum(["ok", "invalid", "unavailable"]);

export { apiErrorSchema };
export type ApiError = z.output<typeof apiErrorSchema>;
/** The `code` of an error answer, by HTTP status. */
export const ERROR_CODES = { 400: "bad-request", 404: "not-found", 500: "internal", 503: "unavailable" } as const;
export type ErrorStatus = keyof typeof ERROR_CODES;

// ---- paging ----

export const DEFAULT_LIMIT = 24;
export const MAX_LIMIT = 100;

/** `?limit=`: how many items a page holds. */
export const limitSchema = z.coerce
  .number({ error: `must be an integer from 1 to ${MAX_LIMIT}` })
  .int({ error: `must be an integer from 1 to ${MAX_LIMIT}` })
  .min(1, { error: `must be an integer from 1 to ${MAX_LIMIT}` })
  .max(MAX_LIMIT, { error: `must be an integer from 1 to ${MAX_LIMIT}` })
  .default(DEFAULT_LIMIT)
  .describe(`How many items to answer, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`);

/** `?cursor=` of a list ordered by chain position: `<block>.<logIndex>` of the previous page's last item. */
export const chainCursorSchema = z
  .string()
  .regex(/^\d{1,20}\.\d{1,6}$/, { error: "must be a nextCursor from an earlier page" })
  .describe("The previous page's nextCursor; omit for the first page.");
/** `?cursor=` of a list ordered by id: the previous page's last id. */
export const idCursorSchema = z
  .string()
  .regex(/^\d{1,31}$/, { error: "must be a nextCursor from an earlier page" })
  .describe("The previous page's nextCursor; omit for the first page.");

/** `{ items, nextCursor }`: one page of a list; `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  });
export type Page<T> = { items: T[]; nextCursor: string | null };

// ---- videos and creators ----

export const STORAGE_STATUSES = ["none", "pending", "ok", "at-risk"] as const;
export const DEAL_STATUSES = ["pending", "ok", "at-risk", "ended"] as const;
/** A video's standing over its live deals; "none" when it has none. */
export type StorageStatus = (typeof STORAGE_STATUSES)[number];
/** One deal's standing; "ended" deals no longer count for a video. */
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** The storage of a video's content over its deals that have not ended (indexer/README.md says how it is judged). */
export const videoStorageSchema = z
  .object({
    replicas: z.number().int().describe("Replicas paid for, over the live deals."),
    keepers: z.number().int().describe("Active keepers, over the live deals."),
    lastProvenAt: z.number().nullable(),
    status: z.enum(STORAGE_STATUSES),
    deals: z
      .array(
        z.object({
          id: z.string(),
          replicas: z.number().int(),
          keepers: z.number().int(),
          start: z.number(),
          end: z.number(),
          periodSeconds: z.number(),
          status: z.enum(DEAL_STATUSES),
        }),
      )
      .describe("Every deal for the CID that has not ended (complete: not paged; deals end)."),
  })
  .meta({ id: "VideoStorage" });
export type VideoStorage = z.output<typeof videoStorageSchema>;

export const videoSchema = z
  .object({
    id: videoIdSchema,
    creator: addressSchema,
    manifestCid: z.string(),
    blockNumber: z.string(),
    timestamp: z.number(),
    txHash: hexSchema,
    manifest: videoManifestSchema
      .nullable()
      .describe("Null when IPFS cannot deliver it now or it is not a Chorus manifest."),
    manifestStatus: documentStatusSchema,
    release: z
      .object({
        channelId: z.string(),
        channelName: z.string().nullable(),
        proposalId: z.string(),
        policyVersion: z.number().int(),
      })
      .nullable()
      .describe(
        "Set when a community channel released the video: which channel, which proposal, under which policy version.",
      ),
    storage: videoStorageSchema,
  })
  .meta({ id: "Video" });
export type Video = z.output<typeof videoSchema>;
export const videosPageSchema = pageSchema(videoSchema).meta({ id: "VideosPage" });

/** The most creators or channels one subscriptions feed request names (a URL stays well under 8 KB). */
const MAX_FEED_SOURCES = 100;

/** `?creators=0x…,0x…` / `?channels=3,7`: a comma-separated list of at most MAX_FEED_SOURCES entries, each valid. */
function listOf<T extends z.ZodString>(item: T, one: string, many: string) {
  return z.string().transform((text, ctx) => {
    const items = [
      ...new Set(
        text
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (items.length > MAX_FEED_SOURCES)
      ctx.addIssue({ code: "custom", message: `names ${items.length} ${many}; at most ${MAX_FEED_SOURCES}` });
    for (const entry of items)
      if (!item.safeParse(entry).success) ctx.addIssue({ code: "custom", message: `"${entry}" is not ${one}` });
    return items;
  });
}

/**
 * A feed of several sources, as a subscriptions feed or an instance's scope names them: videos by any of `creators`,
 * released by any of `channels`, or tagged with any of `tags`. Any list may be absent; naming only empty lists matches
 * nothing.
 */
export const feedSourcesShape = {
  creators: listOf(addressSchema, "an address", "addresses")
    .optional()
    .describe(
      `Videos by any of these creators (comma-separated addresses, at most ${MAX_FEED_SOURCES}), or matching \`channels\` or \`tags\`.`,
    ),
  channels: listOf(bigIdSchema, "a channel id", "channel ids")
    .optional()
    .describe(
      `Videos released by any of these community channels (comma-separated ids, at most ${MAX_FEED_SOURCES}), or matching \`creators\` or \`tags\`.`,
    ),
  tags: listOf(z.string().max(TAG_MAX_CHARS * 4), "a tag", "tags")
    .optional()
    .describe(
      `Videos tagged with any of these tags (comma-separated, compared normalised: "Lo Fi" is lo-fi; at most ${MAX_FEED_SOURCES}), or matching \`creators\` or \`channels\`.`,
    ),
};

export const videosQuerySchema = z.object({
  cursor: chainCursorSchema.optional(),
  limit: limitSchema,
  creator: addressSchema.optional().describe("Only this creator's videos."),
  channel: bigIdSchema.optional().describe("Only the videos this community channel released."),
  ...feedSourcesShape,
});
export type VideosQuery = z.input<typeof videosQuerySchema>;

export const creatorSchema = z
  .object({
    address: addressSchema,
    videoCount: z.number().int(),
    firstPublishedAt: z.number().nullable(),
    lastPublishedAt: z.number().nullable(),
  })
  .meta({ id: "Creator" });
export type Creator = z.output<typeof creatorSchema>;

// ---- community channels ----

export const rulesSchema = z.object({
  submitters: z.enum(SUBMITTERS),
  thresholdKind: z.enum(THRESHOLD_KINDS),
  threshold: z.number().int(),
  votingPeriod: z.number().int(),
});

export const channelSchema = z
  .object({
    id: z.string(),
    creator: addressSchema,
    metadataCid: z.string(),
    metadata: channelMetadataSchema.nullable(),
    metadataStatus: documentStatusSchema,
    policyCid: z.string(),
    policyVersion: z.number().int(),
    memberCount: z.number().int(),
    rules: rulesSchema,
    requiredYes: z.number().int().describe("Yes votes a proposal created now needs."),
    videoCount: z.number().int(),
    createdAt: z.number(),
    txHash: hexSchema,
    openProposals: z.number().int(),
  })
  .meta({ id: "Channel" });
export type Channel = z.output<typeof channelSchema>;
export const channelsPageSchema = pageSchema(channelSchema).meta({ id: "ChannelsPage" });

export const channelsQuerySchema = z.object({
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
  member: addressSchema.optional().describe("Only the channels this address is a member of."),
});
export type ChannelsQuery = z.input<typeof channelsQuerySchema>;

export const channelDetailSchema = channelSchema
  .extend({
    members: z
      .array(z.object({ address: addressSchema, joinedAt: z.number(), joinedByProposal: z.string() }))
      .describe("Every current member, in the order they (last) joined (complete: not paged)."),
    membershipHistory: z
      .array(
        z.object({
          member: addressSchema,
          change: z.enum(["joined", "left"]),
          proposalId: z.string(),
          memberCount: z.number().int(),
          timestamp: z.number(),
        }),
      )
      .describe("Every join and leave, oldest first (complete: not paged)."),
    policies: z
      .array(
        z.object({
          version: z.number().int(),
          policyCid: z.string(),
          proposalId: z.string(),
          timestamp: z.number(),
          txHash: hexSchema,
        }),
      )
      .describe("Every policy version, oldest first (complete: not paged)."),
    membershipPlan: z
      .object({
        token: addressSchema,
        price: amountSchema.describe("The price of one period."),
        period: z.number().int().describe("One period, in seconds."),
        proposalId: z.string().describe("The proposal that set it."),
      })
      .nullable()
      .describe(
        "The membership plan the members voted (Earnings.joinChannel sells it; the money goes to the channel's pot); null: none.",
      ),
    payingMembers: z
      .number()
      .int()
      .describe("Accounts whose paid membership of the channel runs now (they watch its members-only releases)."),
  })
  .meta({ id: "ChannelDetail" });
export type ChannelDetail = z.output<typeof channelDetailSchema>;

/** What the chain records, plus "expired" for an open proposal past its deadline that nobody has expired yet. */
export const PROPOSAL_STATUSES = ["open", "released", "executed", "rejected", "withdrawn", "expired"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
/** `?status=` of a channel's proposals: a status, "decided" (any but open) or "all". */
export const PROPOSAL_FILTERS = [...PROPOSAL_STATUSES, "decided", "all"] as const;
export type ProposalFilter = (typeof PROPOSAL_FILTERS)[number];

/** One rights holder's share of a post's money (`Earnings.setSplit`). */
export const splitShareSchema = z.object({
  holder: addressSchema,
  bps: z.number().int().describe("Basis points of every payment to the post (all shares sum to 10000)."),
});

export const proposalSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    proposer: addressSchema,
    kind: z.enum(PROPOSAL_KINDS),
    status: z.enum(PROPOSAL_STATUSES),
    cid: z.string().nullable(),
    member: addressSchema.nullable(),
    proposedSetting: z
      .object({
        key: hexSchema,
        value: hexSchema.describe("The value it sets; `0x` clears the setting."),
        membershipPlan: z
          .object({ token: addressSchema, price: amountSchema, period: z.number().int() })
          .nullable()
          .describe("For the membership plan's key: the plan the value gives (null: it removes the plan)."),
        channelPlaylists: z
          .object({
            documentCid: z.string().nullable().describe("Null: the value is empty (it removes them) or not a CID."),
            documentStatus: documentStatusSchema.nullable().describe("Whether the document could be read."),
            playlists: z
              .array(z.object({ title: z.string(), videoCount: z.number().int() }))
              .nullable()
              .describe("Each playlist's title and number of videos, in order; null unless the document was read."),
            changes: channelPlaylistsDiffSchema
              .nullable()
              .describe(
                "What it changes from the list in force before it was decided (now, while it is open); null unless both lists could be read.",
              ),
          })
          .nullable()
          .describe("For the channel playlists' key (Playlists.CHANNEL_PLAYLISTS_KEY): what the vote would set."),
      })
      .nullable()
      .describe("For a setting proposal, what it sets."),
    releaseMoney: z
      .object({
        access: z
          .enum(POST_ACCESS)
          .describe(
            "Who would watch past the preview: free, paid (buy to watch), members (the submitter's members and the channel's), or withheld (its bytes are encrypted and its submitter hasn't chosen yet: only the submitter and its rights holders would get the key). An unpriced submission whose manifest says its bytes are public reads free.",
          ),
        price: z
          .object({ token: addressSchema, amount: amountSchema })
          .nullable()
          .describe("The price of one purchase; null when it would not be for sale."),
        split: z
          .array(splitShareSchema)
          .nullable()
          .describe("The rights holders' shares, in order; null: everything goes to the submitter."),
        channelBps: z
          .number()
          .int()
          .describe("The releasing channel's share of every payment, in basis points (0 without a split)."),
      })
      .nullable()
      .describe(
        "For a video proposal: what its release would cost viewers and who its money would go to, as its submitter set them in Earnings (post kind release, id the proposal's) — members see them before they vote. Null for the other kinds.",
      ),
    proposedRules: z
      .object({
        submitters: z.enum(SUBMITTERS).nullable(),
        thresholdKind: z.enum(THRESHOLD_KINDS).nullable(),
        threshold: z.number().int().nullable(),
        votingPeriod: z.number().int().nullable(),
      })
      .nullable(),
    deadline: z.number(),
    snapshot: z.object({ epoch: z.number(), members: z.number().int(), requiredYes: z.number().int() }),
    yesVotes: z.number().int(),
    noVotes: z.number().int(),
    votesNeeded: z.number().int().describe("How many more yes votes it needs to pass (0 once decided)."),
    policyVersion: z.number().int().nullable(),
    effect: z.enum(EFFECTS).nullable(),
    createdAt: z.number(),
    decidedAt: z.number().nullable(),
    txHash: hexSchema,
    ballots: z
      .array(z.object({ voter: addressSchema, support: z.boolean(), timestamp: z.number() }))
      .describe(
        "Each member's current vote, in the order they were last cast (complete: at most one per member of the snapshot).",
      ),
  })
  .meta({ id: "Proposal" });
export type Proposal = z.output<typeof proposalSchema>;
export const proposalsPageSchema = pageSchema(proposalSchema).meta({ id: "ProposalsPage" });

export const proposalsQuerySchema = z.object({
  status: z
    .enum(PROPOSAL_FILTERS, { error: `must be one of ${PROPOSAL_FILTERS.join(", ")}` })
    .default("all")
    .describe('A status, "decided" (any but open) or "all" (default).'),
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
});
export type ProposalsQuery = z.input<typeof proposalsQuerySchema>;

// ---- storage deals ----

export const DEAL_KEEPER_STATUSES = KEEPER_STATUS_NAMES.filter((name) => name !== "none") as [
  Exclude<(typeof KEEPER_STATUS_NAMES)[number], "none">,
  ...Exclude<(typeof KEEPER_STATUS_NAMES)[number], "none">[],
];
export const STORAGE_EVENT_KINDS = [
  "created",
  "topup",
  "join",
  "extend",
  "proof",
  "miss",
  "leave",
  "evict",
  "release",
  "refund",
] as const;
export type StorageEventKind = (typeof STORAGE_EVENT_KINDS)[number];

export const dealSchema = z
  .object({
    id: z.string(),
    funder: addressSchema,
    token: addressSchema.describe("The zero address for ETH."),
    cid: z.string(),
    root: hexSchema,
    size: z.number(),
    segmentCount: z.number().int(),
    replicas: z.number().int(),
    keepers: z.number().int().describe("Keepers holding a slot now."),
    start: z.number(),
    periodSeconds: z.number(),
    periods: z.number().int(),
    end: z.number(),
    pricePerPeriod: amountSchema,
    stakePerReplica: amountSchema,
    slashPerMiss: amountSchema,
    maxMisses: z.number().int(),
    deposit: amountSchema,
    paid: amountSchema,
    slashed: amountSchema.describe("The funder's share of the slashes; `rewarded` went to the reporters of misses."),
    rewarded: amountSchema,
    refunded: amountSchema,
    misses: z.number().int(),
    lastProvenAt: z.number().nullable(),
    status: z.enum(DEAL_STATUSES),
    currentPeriod: z.number().int().nullable(),
    createdAt: z.number(),
    createdBlock: z.string(),
    createdTx: hexSchema,
  })
  .meta({ id: "Deal" });
export type Deal = z.output<typeof dealSchema>;
export const dealsPageSchema = pageSchema(dealSchema).meta({ id: "DealsPage" });

export const dealsQuerySchema = z.object({
  cursor: chainCursorSchema.optional(),
  limit: limitSchema,
  cid: z
    .string()
    .max(200, { error: "must be a CID (CIDv0 Qm… or CIDv1)" })
    .optional()
    .describe("Only deals for this content (CIDv0 or v1)."),
  funder: addressSchema.optional().describe("Only deals this address funded."),
  keeper: addressSchema.optional().describe("Only deals this keeper held a slot in."),
});
export type DealsQuery = z.input<typeof dealsQuerySchema>;

/** A keeper's tenure in a deal. */
export const dealKeeperSchema = z
  .object({
    dealId: z.string(),
    keeper: addressSchema,
    slot: z.number().int(),
    status: z.enum(DEAL_KEEPER_STATUSES),
    firstPeriod: z.number().int(),
    endPeriod: z.number().int().nullable(),
    committedEnd: z.number(),
    proven: z.number().int(),
    misses: z.number().int(),
    stake: amountSchema,
    stakeReturned: amountSchema,
    slashed: amountSchema,
    earned: amountSchema,
    joinedAt: z.number(),
    joinedTx: hexSchema,
    closedAt: z.number().nullable(),
    lastProvenAt: z.number().nullable(),
    lastProvenPeriod: z.number().int().nullable(),
    challengePeriod: z.number().int().nullable(),
    seedBlock: z.string().nullable(),
  })
  .meta({ id: "DealKeeper" });
export type DealKeeper = z.output<typeof dealKeeperSchema>;

export const storageEventSchema = z
  .object({
    id: z.string(),
    dealId: z.string(),
    kind: z.enum(STORAGE_EVENT_KINDS),
    token: addressSchema.describe(
      "The deal's token, in which `amount`, `slashed` and `reward` are counted: the zero address for ETH.",
    ),
    keeper: addressSchema.nullable(),
    actor: addressSchema.nullable(),
    amount: amountSchema.nullable(),
    slashed: amountSchema.nullable(),
    reward: amountSchema.nullable(),
    period: z.number().int().nullable(),
    segment: z.number().int().nullable(),
    periods: z.number().int().nullable(),
    blockNumber: z.string(),
    logIndex: z.number().int(),
    timestamp: z.number(),
    txHash: hexSchema,
  })
  .meta({ id: "StorageEvent" });
export type StorageEvent = z.output<typeof storageEventSchema>;
export const storageEventsPageSchema = pageSchema(storageEventSchema).meta({ id: "StorageEventsPage" });

/** `?cursor=&limit=` of a deal's or a keeper's events, newest first. */
export const eventsQuerySchema = z.object({ cursor: chainCursorSchema.optional(), limit: limitSchema });
export type EventsQuery = z.input<typeof eventsQuerySchema>;

export const dealDetailSchema = dealSchema
  .omit({ keepers: true })
  .extend({
    keepers: z
      .array(dealKeeperSchema)
      .describe("Every tenure in the deal, current or closed, in the order they began (complete: not paged)."),
    events: storageEventsPageSchema.describe(
      "The newest events' first page; the next ones from GET /deals/{id}/events.",
    ),
    video: z
      .object({ id: z.string(), title: z.string().nullable() })
      .nullable()
      .describe("The first video with the deal's CID, if indexed."),
  })
  .meta({ id: "DealDetail" });
export type DealDetail = z.output<typeof dealDetailSchema>;

export const keeperTenureSchema = dealKeeperSchema
  .extend({
    cid: z.string(),
    dealEnd: z.number(),
    token: addressSchema.describe(
      "The deal's token, in which the tenure's amounts are counted: the zero address for ETH.",
    ),
  })
  .meta({ id: "KeeperTenure" });
export type KeeperTenure = z.output<typeof keeperTenureSchema>;
export const keeperTenuresPageSchema = pageSchema(keeperTenureSchema).meta({ id: "KeeperTenuresPage" });
/** `?cursor=&limit=` of a keeper's tenures, newest joined first. */
export const tenuresQuerySchema = z.object({ cursor: chainCursorSchema.optional(), limit: limitSchema });

export const keeperTotalsSchema = z.object({
  token: addressSchema,
  earned: amountSchema,
  slashed: amountSchema,
  stakeLocked: amountSchema,
  stakeReturned: amountSchema,
  rewarded: amountSchema,
  withdrawn: amountSchema,
  balance: amountSchema.describe(
    "What `withdraw(token)` would send now: earnings, rewards, returned stake and refunds, less withdrawals.",
  ),
});

export const keeperSchema = z
  .object({
    address: addressSchema,
    deals: keeperTenuresPageSchema.describe(
      "The newest tenures' first page; the next ones from GET /keepers/{address}/deals.",
    ),
    events: storageEventsPageSchema.describe(
      "The newest events' first page; the next ones from GET /keepers/{address}/events.",
    ),
    totals: z.array(keeperTotalsSchema).describe("One entry per token the keeper has dealt in (complete: not paged)."),
  })
  .meta({ id: "Keeper" });
export type Keeper = z.output<typeof keeperSchema>;

// ---- filter lists and reports (FilterLists) ----

/** `?all=1`-style switches: "1" on, "0" (the default) off. */
const switchSchema = (description: string) =>
  z.enum(["0", "1"], { error: "must be 1 or 0" }).default("0").describe(description);

/** A target's subject as the contract has it (bytes32), and decoded for its kind (docs/filters-and-stories.md). */
const targetShape = {
  kind: z.enum(FILTER_TARGET_KINDS),
  subject: hexSchema.describe("The bytes32 subject, as on the chain."),
  value: z
    .string()
    .describe(
      "The subject decoded: a decimal id (video, release, comment, channel), a checksummed address (author) or the word.",
    ),
};

export const filterListSchema = z
  .object({
    id: z.string(),
    maintainer: addressSchema,
    offeredTo: addressSchema
      .nullable()
      .describe("The account offered the list (`offerList`) until it accepts; null when none."),
    name: z.string(),
    description: z.string(),
    entryCount: z.number().int().describe("Entries on the list now."),
    reportCount: z.number().int(),
    openReports: z.number().int(),
    createdAt: z.number(),
    txHash: hexSchema,
  })
  .meta({ id: "FilterList" });
export type FilterList = z.output<typeof filterListSchema>;
export const filterListsPageSchema = pageSchema(filterListSchema).meta({ id: "FilterListsPage" });

export const filterListsQuerySchema = z.object({
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
  maintainer: addressSchema.optional().describe("Only the lists this address maintains."),
});
export type FilterListsQuery = z.input<typeof filterListsQuerySchema>;

/** One listing of a target: from its `EntryAdded` to its `EntryRemoved` (if any). */
export const filterEntrySchema = z
  .object({
    id: z.string(),
    listId: z.string(),
    ...targetShape,
    reason: z.string(),
    reportId: z
      .string()
      .nullable()
      .describe("The report whose acceptance listed it; null when the maintainer added it directly."),
    addedAt: z.number(),
    addedTx: hexSchema,
    removedAt: z.number().nullable(),
    removedTx: hexSchema.nullable(),
  })
  .meta({ id: "FilterEntry" });
export type FilterEntry = z.output<typeof filterEntrySchema>;
export const filterEntriesPageSchema = pageSchema(filterEntrySchema).meta({ id: "FilterEntriesPage" });

export const filterEntriesQuerySchema = z.object({
  cursor: chainCursorSchema.optional(),
  limit: limitSchema,
  all: switchSchema("1: every listing, removed ones too (the history); 0 (default): the entries on the list now."),
});
export type FilterEntriesQuery = z.input<typeof filterEntriesQuerySchema>;

export const REPORT_FILTERS = [...REPORT_STATUSES, "all"] as const;

export const filterReportSchema = z
  .object({
    id: z.string(),
    listId: z.string(),
    reporter: addressSchema,
    ...targetShape,
    reason: z.string().describe("The reporter's words."),
    status: z.enum(REPORT_STATUSES),
    resolvedBy: addressSchema.nullable().describe("The maintainer who decided."),
    resolution: z
      .string()
      .nullable()
      .describe("The maintainer's reason: the entry's reason when accepted, a note (maybe empty) when dismissed."),
    createdAt: z.number(),
    txHash: hexSchema,
    resolvedAt: z.number().nullable(),
    resolvedTx: hexSchema.nullable(),
  })
  .meta({ id: "FilterReport" });
export type FilterReport = z.output<typeof filterReportSchema>;
export const filterReportsPageSchema = pageSchema(filterReportSchema).meta({ id: "FilterReportsPage" });

export const filterReportsQuerySchema = z.object({
  status: z
    .enum(REPORT_FILTERS, { error: `must be one of ${REPORT_FILTERS.join(", ")}` })
    .default("all")
    .describe("open, accepted, dismissed or all (default)."),
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
});
export type FilterReportsQuery = z.input<typeof filterReportsQuerySchema>;

// ---- stories (Stories) ----

/** Live until `expiresAt` (by the chain's clock) unless deleted first. */
export const STORY_STATUSES = ["live", "expired", "deleted"] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];

export const storySchema = z
  .object({
    id: z.string(),
    creator: addressSchema,
    cid: z.string().describe("An image (raw CID) or a short video directory (dag-pb), CIDv1 base32."),
    caption: z.string(),
    postedAt: z.number(),
    expiresAt: z.number(),
    deletedAt: z.number().nullable(),
    status: z.enum(STORY_STATUSES),
    blockNumber: z.string(),
    txHash: hexSchema,
  })
  .meta({ id: "Story" });
export type Story = z.output<typeof storySchema>;
export const storiesPageSchema = pageSchema(storySchema).meta({ id: "StoriesPage" });

export const storiesQuerySchema = z.object({
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
  creator: addressSchema.optional().describe("Only this creator's stories."),
  live: switchSchema("1: only live stories (not expired by the chain's clock, not deleted); 0 (default): all."),
});
export type StoriesQuery = z.input<typeof storiesQuerySchema>;

// ---- accounts and handles (Handles) ----

/** A handle by the chain's clock: held and not expired, held but expired (claimable by anyone), or released. */
export const HANDLE_STATUSES = ["live", "expired", "released"] as const;
export type HandleStatus = (typeof HANDLE_STATUSES)[number];

/** A handle as the Handles contract allows it: 3 to 24 of `a-z0-9-_`, starting with a letter (docs/identity.md). */
export const handleSchema = z.string().regex(/^[a-z][a-z0-9_-]{2,23}$/, {
  error: "must be a handle: 3 to 24 characters of a-z, 0-9, - and _, starting with a letter",
});

/** Who an address says it is: what the web shows next to its words. */
export const accountSchema = z
  .object({
    address: addressSchema,
    fingerprint: z
      .string()
      .describe("A short form of the address (`0x1234…abcd`), always shown with a nickname so two alike differ."),
    nickname: z.string().nullable().describe("The latest nickname it set; null if none (or cleared)."),
    handle: z
      .object({
        handle: z.string(),
        status: z.enum(HANDLE_STATUSES),
        expiresAt: z.number().describe("When it stops counting as verified unless renewed."),
        releasedAt: z.number().nullable(),
      })
      .nullable()
      .describe("Its latest handle (only a live one is verified); null if it never held one or lost it to a claim."),
  })
  .meta({ id: "Account" });
export type Account = z.output<typeof accountSchema>;

export const handleHistorySchema = z.object({
  change: z.enum(["claimed", "renewed", "released", "lapsed"]),
  holder: addressSchema,
  expiresAt: z.number().nullable().describe("The expiry set (claimed, renewed)."),
  timestamp: z.number(),
  txHash: hexSchema,
});

export const handleDetailSchema = z
  .object({
    handle: z.string(),
    holder: accountSchema,
    status: z.enum(["live", "expired"]),
    expiresAt: z.number(),
    history: z
      .array(handleHistorySchema)
      .describe(
        "Every claim, renewal, release and lapse of the handle, oldest first (complete: a handle changes rarely).",
      ),
  })
  .meta({ id: "Handle" });
export type HandleDetail = z.output<typeof handleDetailSchema>;

// ---- comments (Comments) ----

export const POST_KINDS = ["video", "release"] as const;
export const COMMENT_POLICIES = ["open", "verified-only", "members-only", "off"] as const;
export type PostKind = (typeof POST_KINDS)[number];
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

export const postParamsSchema = z.object({
  kind: z
    .enum(POST_KINDS, { error: "must be video or release" })
    .describe("video (the id is a video id) or release (the id is a channel's proposal id)."),
  id: bigIdSchema,
});

export const postSchema = z
  .object({
    kind: z.enum(POST_KINDS),
    id: z.string(),
    policy: z.enum(COMMENT_POLICIES).describe("Who may comment now; open unless the creator set another."),
    commentCount: z.number().int().describe("Comments and replies not deleted."),
  })
  .meta({ id: "Post" });
export type Post = z.output<typeof postSchema>;

export const commentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(POST_KINDS),
    postId: z.string(),
    parentId: z.string().nullable().describe("The comment it replies to; null for a top-level comment."),
    author: accountSchema,
    body: z.string().describe("The latest text; empty once deleted (its author took it back)."),
    postedAt: z.number(),
    editedAt: z.number().nullable(),
    deletedAt: z.number().nullable(),
    txHash: hexSchema,
  })
  .meta({ id: "Comment" });
export type Comment = z.output<typeof commentSchema>;
export const commentsPageSchema = pageSchema(commentSchema).meta({ id: "CommentsPage" });

export const commentsQuerySchema = z.object({ cursor: idCursorSchema.optional(), limit: limitSchema });
export type CommentsQuery = z.input<typeof commentsQuerySchema>;

// ---- live streams (Streams) ----

export const streamSchema = z
  .object({
    id: z.string(),
    creator: addressSchema,
    channelId: z.string().describe("The community channel it was started in, or 0 for the creator's own channel."),
    streamKey: addressSchema.describe("The key that signs its announcements."),
    title: z.string(),
    room: z.string().describe("The pubsub topic of its announcements and chat."),
    startedAt: z.number(),
    endedAt: z.number().nullable().describe("Null until its starter ends it on chain."),
    live: z.boolean().describe("Started and not ended on chain."),
    vod: z.string().nullable().describe("The VOD's manifest directory, CIDv1 base32, once recorded."),
    txHash: hexSchema,
  })
  .meta({ id: "Stream" });
export type Stream = z.output<typeof streamSchema>;
export const streamsPageSchema = pageSchema(streamSchema).meta({ id: "StreamsPage" });

export const streamsQuerySchema = z.object({
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
  live: switchSchema("1: only streams started and not ended on chain; 0 (default): all."),
  channel: z
    .string()
    .regex(/^\d{1,31}$/, { error: "must be a channel id (0 for creators' own channels)" })
    .optional()
    .describe("Only the streams of this community channel (0: those in creators' own channels)."),
  creator: addressSchema.optional().describe("Only this creator's streams."),
});
export type StreamsQuery = z.input<typeof streamsQuerySchema>;

// ---- path parameters ----

export const videoParamsSchema = z.object({ id: videoIdSchema });
export const idParamsSchema = z.object({ id: bigIdSchema });
export const addressParamsSchema = z.object({ address: addressSchema });
export const handleParamsSchema = z.object({ handle: handleSchema });

/** `GET /openapi.json`: this API's OpenAPI 3.1 document. */
export const openApiDocumentSchema = z
  .looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
  .meta({
    id: "OpenApiDocument",
    description: "The OpenAPI 3.1 document of this API, generated from the schemas in @chorus/protocol.",
  });

// ---- Ponder's own routes ----

/** `GET /status`: the latest indexed block per chain (Ponder's own route). */
export const indexerStatusSchema = z
  .record(
    z.string(),
    z.object({ id: z.number().int(), block: z.object({ number: z.number().int(), timestamp: z.number() }) }),
  )
  .meta({ id: "IndexerStatus" });
