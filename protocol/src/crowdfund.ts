import { z } from "zod";
import {
  addressSchema,
  amountSchema,
  documentStatusSchema,
  hexSchema,
  idCursorSchema,
  limitSchema,
  pageSchema,
} from "./api.ts";

// Crowdfunding (contracts/Crowdfund.sol): the campaign metadata document on IPFS and the indexer's answers about
// campaigns. Amounts are decimal strings in the token's smallest unit, times unix seconds (the chain's clock).

export const CROWDFUND_METADATA_SCHEMA = "chorus.crowdfund/1";
export const CROWDFUND_TITLE_MAX = 120;
export const CROWDFUND_DESCRIPTION_MAX = 5000;
/** The longest a campaign may run (Crowdfund.MAX_DURATION): 180 days. */
export const CROWDFUND_MAX_DURATION_SECONDS = 180 * 24 * 60 * 60;

const atMostChars = (max: number) => (text: string) => [...text].length <= max;

/**
 * A campaign's metadata document (JSON on IPFS, by CID; `Crowdfund.create` records the CID in its event). Written by
 * the web app's POST /api/ipfs when a campaign is started, read by the indexer and the web app.
 */
export const crowdfundMetadataSchema = z.object({
  schema: z.literal(CROWDFUND_METADATA_SCHEMA),
  title: z.string().min(1).refine(atMostChars(CROWDFUND_TITLE_MAX), `at most ${CROWDFUND_TITLE_MAX} characters`),
  description: z
    .string()
    .refine(atMostChars(CROWDFUND_DESCRIPTION_MAX), `at most ${CROWDFUND_DESCRIPTION_MAX} characters`)
    .default(""),
  /** An image's CID, or null (no picture). */
  picture: z.string().nullish(),
});
export type CrowdfundMetadata = z.output<typeof crowdfundMetadataSchema>;

/**
 * Where a campaign stands at the chain's clock: `running` until the deadline; then `reached` (the total met the goal,
 * not yet paid out), `claimed` (paid out), or `missed` (under the goal: backers take their pledges back).
 */
export const CROWDFUND_STATUSES = ["running", "reached", "claimed", "missed"] as const;
export type CrowdfundStatus = (typeof CROWDFUND_STATUSES)[number];

export const crowdfundSchema = z
  .object({
    id: z.string(),
    creator: addressSchema,
    channelId: z.string().describe("The community channel whose pot receives the proceeds, or 0 for the creator."),
    token: addressSchema.describe("0x000…000 for ETH, else the ERC-20."),
    goal: amountSchema,
    pledged: amountSchema.describe("Pledged now (refunds of a missed campaign bring it down; a claim does not)."),
    raised: amountSchema.describe(
      "What the campaign held when its deadline passed (pledged plus refunded; while running, pledged): what its progress bar shows.",
    ),
    backers: z.number().int().describe("Accounts with a pledge now."),
    deadline: z.number(),
    status: z.enum(CROWDFUND_STATUSES),
    claimedAt: z.number().nullable(),
    metadataCid: z.string(),
    metadata: crowdfundMetadataSchema.nullable(),
    metadataStatus: documentStatusSchema,
    createdAt: z.number(),
    txHash: hexSchema,
    now: z.number().describe("The chain's clock the status was judged at (a countdown should start from it)."),
  })
  .meta({ id: "Crowdfund" });
export type Crowdfund = z.output<typeof crowdfundSchema>;
export const crowdfundsPageSchema = pageSchema(crowdfundSchema).meta({ id: "CrowdfundsPage" });

export const crowdfundPledgeSchema = z.object({
  backer: addressSchema,
  amount: amountSchema.describe("The backer's pledge now (0 once refunded or taken back)."),
  refunded: amountSchema.describe("What a refund of the missed campaign returned to them."),
  updatedAt: z.number(),
});
export type CrowdfundPledge = z.output<typeof crowdfundPledgeSchema>;

export const crowdfundDetailSchema = crowdfundSchema
  .extend({
    pledges: z
      .array(crowdfundPledgeSchema)
      .describe("Every backer who ever pledged, largest pledge first (complete: not paged)."),
  })
  .meta({ id: "CrowdfundDetail" });
export type CrowdfundDetail = z.output<typeof crowdfundDetailSchema>;

export const crowdfundsQuerySchema = z.object({
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
  channel: z
    .string()
    .regex(/^\d{1,31}$/, { error: "must be a channel id (0 for creators' own campaigns)" })
    .optional()
    .describe("Only the campaigns of this community channel (0: creators' own)."),
  creator: addressSchema.optional().describe("Only this creator's campaigns."),
  backer: addressSchema.optional().describe("Only the campaigns this address has pledged to."),
});
export type CrowdfundsQuery = z.input<typeof crowdfundsQuerySchema>;
