import { z } from "zod";
import {
  accountSchema,
  addressSchema,
  amountSchema,
  chainCursorSchema,
  hexSchema,
  limitSchema,
  pageSchema,
  POST_KINDS,
  splitShareSchema,
} from "./api.ts";
import { POST_ACCESS } from "./contracts.ts";

/**
 * The indexer's REST answers about money earned through the Earnings contract (indexer/src/earnings.ts): what an
 * account earned and holds per token, the earnings chart's series, a post's money (split, price, tips) and a stream's
 * tips. Same conventions as api.ts: money is a decimal string in the token's smallest unit (`token` is the zero address
 * for ETH), times are unix seconds, lists page by chain position, newest first.
 */

/**
 * Where income comes from. `tip` (to a post, a stream or the account itself), `sale` (a paid post bought), `membership`
 * (a creator's membership plan joined or renewed), `channel` (a share of a community channel's pot: its tips, releases'
 * shares, its paid memberships and a channel campaign's proceeds included), `crowdfund` (a reached campaign of the account's own, paid to it when claimed; straight to its
 * wallet, so never part of its Earnings balance: credited and withdrawn at once).
 */
export const EARNING_SOURCES = ["tip", "sale", "membership", "channel", "crowdfund"] as const;
export type EarningSource = (typeof EARNING_SOURCES)[number];
export const SERIES_BUCKETS = ["day", "week"] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

/**
 * What an account has in Earnings in one token. `earned` = `credited` + `unclaimed`; `balance` = `credited` −
 * `withdrawn` is the contract's `balanceOf`; `withdrawable` = `balance` + `unclaimed` is what `withdraw(token, to,
 * claim.posts, claim.pots)` sends.
 */
export const earningsBalanceSchema = z.object({
  token: addressSchema,
  earned: amountSchema.describe("Every share of every payment to the account in this token, ever."),
  credited: amountSchema.describe("Moved into the contract balance: direct income and claimed shares."),
  unclaimed: amountSchema.describe("Shares of split posts and channel pots not claimed yet."),
  withdrawn: amountSchema.describe(
    "Taken out with Earnings.withdraw, plus crowdfund proceeds, which were paid straight to the wallet.",
  ),
  balance: amountSchema.describe("The contract's `balanceOf(account, token)`: credited − withdrawn."),
  withdrawable: amountSchema.describe("balance + unclaimed: what a withdrawal claiming `claim` sends."),
  claim: z
    .object({
      posts: z.array(z.object({ kind: z.enum(POST_KINDS), id: z.string() })),
      pots: z.array(z.object({ channelId: z.string(), epoch: z.number().int() })),
    })
    .describe("The posts and pots with unclaimed shares (complete): pass them to `withdraw` or `claim`."),
});
export type EarningsBalance = z.output<typeof earningsBalanceSchema>;

export const earningsTotalSchema = z.object({
  token: addressSchema,
  source: z.enum(EARNING_SOURCES),
  amount: amountSchema.describe("The account's share of the payments of this source, in all."),
  count: z.number().int().describe("How many payments of this source credited the account."),
});

export const earningsSchema = z
  .object({
    address: addressSchema,
    balances: z.array(earningsBalanceSchema).describe("One per token the account was ever credited in (complete)."),
    totals: z.array(earningsTotalSchema).describe("Per token and source (complete: a handful of rows)."),
  })
  .meta({ id: "Earnings" });
export type Earnings = z.output<typeof earningsSchema>;

/** One payment as it credited an account: the account's part of it (its split share, or all of it). */
export const earningSchema = z
  .object({
    source: z.enum(EARNING_SOURCES),
    token: addressSchema,
    amount: amountSchema.describe("What this payment credited to the account (its share)."),
    paid: amountSchema.describe("The whole payment, before the split."),
    from: addressSchema.describe("Who paid."),
    post: z
      .object({ kind: z.enum(POST_KINDS), id: z.string() })
      .nullable()
      .describe("The post paid for or tipped, if any."),
    streamId: z.string().nullable().describe("The stream tipped, if any."),
    channelId: z.string().nullable().describe("The channel whose pot paid, or that was tipped, if any."),
    campaignId: z.string().nullable().describe("The crowdfund campaign whose proceeds these are, if any."),
    message: z.string().describe("The tipper's message (tips only; empty otherwise)."),
    timestamp: z.number(),
    blockNumber: z.string(),
    txHash: hexSchema,
  })
  .meta({ id: "Earning" });
export type Earning = z.output<typeof earningSchema>;
export const earningsPageSchema = pageSchema(earningSchema).meta({ id: "EarningsPage" });

export const earningsQuerySchema = z.object({
  cursor: chainCursorSchema.optional(),
  limit: limitSchema,
});

const sourceFilter = z
  .enum(EARNING_SOURCES, { error: `must be one of ${EARNING_SOURCES.join(", ")}` })
  .optional()
  .describe("Only this source.");
const postFilter = z
  .string()
  .regex(/^(video|release)-[1-9]\d{0,30}$/, { error: "must be a post such as video-12 or release-3" })
  .optional()
  .describe("Only this post: `video-<id>` or `release-<proposal id>`.");

export const seriesQuerySchema = z.object({
  bucket: z
    .enum(SERIES_BUCKETS, { error: "must be day or week" })
    .default("day")
    .describe("day (UTC days) or week (weeks starting Monday 00:00 UTC)."),
  source: sourceFilter,
  post: postFilter,
});
export type SeriesQuery = z.input<typeof seriesQuerySchema>;

export const seriesPointSchema = z.object({
  start: z.number().describe("The bucket's first second (unix)."),
  token: addressSchema,
  source: z.enum(EARNING_SOURCES),
  amount: amountSchema,
  count: z.number().int(),
});
export type SeriesPoint = z.output<typeof seriesPointSchema>;

export const earningsSeriesSchema = z
  .object({
    address: addressSchema,
    bucket: z.enum(SERIES_BUCKETS),
    points: z
      .array(seriesPointSchema)
      .describe(
        "Per bucket, token and source with income, oldest first (complete: buckets with no income are left out).",
      ),
  })
  .meta({ id: "EarningsSeries" });
export type EarningsSeries = z.output<typeof earningsSeriesSchema>;

// ---- a post's money ----

export const tokenSumSchema = z.object({ token: addressSchema, count: z.number().int(), sum: amountSchema });

export const postMoneySchema = z
  .object({
    kind: z.enum(POST_KINDS),
    id: z.string(),
    split: z
      .array(splitShareSchema)
      .nullable()
      .describe("The rights holders' shares fixed at publish, in order; null: everything goes to the creator."),
    price: z
      .object({ token: addressSchema, amount: amountSchema })
      .nullable()
      .describe("The price of one purchase; null when the post is not for sale."),
    access: z
      .enum(POST_ACCESS)
      .describe(
        "Who may watch past the preview: withheld (its bytes are encrypted and its creator hasn't chosen yet: only the creator and its rights holders get the key), free, paid (buy to watch) or members (the creator's members watch). An unpriced post whose manifest says its bytes are public reads free; one whose manifest can't be read keeps the chain's withheld.",
      ),
    tips: z.array(tokenSumSchema).describe("Tips to the post per token (complete)."),
    sales: z.array(tokenSumSchema).describe("Purchases of the post per token (complete)."),
  })
  .meta({ id: "PostMoney" });
export type PostMoney = z.output<typeof postMoneySchema>;

// ---- tips (a stream's, for the live chat's gifts) ----

export const tipSchema = z
  .object({
    from: accountSchema,
    token: addressSchema,
    amount: amountSchema,
    message: z.string(),
    timestamp: z.number(),
    blockNumber: z.string(),
    txHash: hexSchema,
  })
  .meta({ id: "Tip" });
export type Tip = z.output<typeof tipSchema>;
export const tipsPageSchema = pageSchema(tipSchema).meta({ id: "TipsPage" });
export const tipsQuerySchema = z.object({ cursor: chainCursorSchema.optional(), limit: limitSchema });

// ---- memberships (a creator's plan and members) ----

/** A creator's membership plan as last set (`Earnings.membershipPlan`); `active` false once closed (no new joins). */
export const membershipPlanSchema = z
  .object({
    token: addressSchema,
    price: amountSchema.describe("The price of one period."),
    period: z.number().int().describe("One period, in seconds."),
    active: z.boolean().describe("Open to new members and renewals; false once the creator closed the plan."),
  })
  .meta({ id: "MembershipPlan" });

export const memberSchema = z
  .object({
    member: accountSchema,
    expiresAt: z.number().describe("Unix seconds: a member until then (the contract's `memberUntil`)."),
    active: z.boolean().describe("`expiresAt` is still ahead of the chain's time."),
    joins: z.number().int().describe("How many times it joined or renewed (each for one or more periods)."),
    firstJoinedAt: z.number().describe("Unix seconds of its first join."),
  })
  .meta({ id: "Member" });

/** `?cursor=` of a member list: `<expiresAt>.<member address>` of the previous page's last member. */
const memberCursorSchema = z
  .string()
  .regex(/^\d{1,20}\.0x[0-9a-fA-F]{40}$/, { error: "must be a nextCursor from an earlier page" })
  .describe("The previous page's nextCursor; omit for the first page.");

export const membersQuerySchema = z.object({ cursor: memberCursorSchema.optional(), limit: limitSchema });
export const membershipsSchema = pageSchema(memberSchema)
  .extend({
    plan: membershipPlanSchema.nullable().describe("The creator's plan; null if they never opened memberships."),
    activeCount: z.number().int().describe("How many members are active now (all pages)."),
  })
  .meta({ id: "Memberships" });

// ---- a community channel's paying members ----

/** Someone who paid for a community channel's membership (Earnings.joinChannel), and what they paid in each token. */
export const channelPayingMemberSchema = z
  .object({
    member: accountSchema,
    expiresAt: z.number().describe("Unix seconds: a paying member until then (the contract's `channelMemberUntil`)."),
    active: z.boolean().describe("`expiresAt` is still ahead of the chain's time."),
    joins: z.number().int().describe("How many times it joined or renewed (each for one or more periods)."),
    firstJoinedAt: z.number().describe("Unix seconds of its first join."),
    paid: z
      .array(z.object({ token: addressSchema, amount: amountSchema }))
      .describe(
        "What it paid the channel's pot, per token, over all its joins (complete; the plan's token can change by vote).",
      ),
  })
  .meta({ id: "ChannelPayingMember" });
export type ChannelPayingMember = z.output<typeof channelPayingMemberSchema>;

/** A page of them; how many are active now is the channel's `payingMembers` (`GET /channels/{id}`). */
export const channelPayingMembersSchema = pageSchema(channelPayingMemberSchema).meta({ id: "ChannelPayingMembers" });
export type ChannelPayingMembers = z.output<typeof channelPayingMembersSchema>;
