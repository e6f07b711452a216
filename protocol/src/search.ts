import { z } from "zod";
import {
  accountSchema,
  addressSchema,
  bigIdSchema,
  channelSchema,
  feedSourcesShape,
  limitSchema,
  pageSchema,
  videoSchema,
} from "./api.ts";

// ---- search ----

export const SEARCH_TYPES = ["videos", "channels", "creators"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
/** Duration buckets, as video sites have them: under 4 minutes, 4–20, over 20. */
export const DURATIONS = { short: [0, 240], medium: [240, 1200], long: [1200, null] } as const;
export type Duration = keyof typeof DURATIONS;
/** How far back `since` reaches, in seconds. */
export const SINCE = { day: 86_400, week: 7 * 86_400, month: 30 * 86_400, year: 365 * 86_400 } as const;
export type Since = keyof typeof SINCE;
export const QUERY_MAX_CHARS = 200;

/** `?cursor=` of a search: an opaque position in the ranked list, from the previous page. */
const searchCursorSchema = z
  .string()
  .regex(/^\d{1,6}$/, { error: "must be a nextCursor from an earlier page" })
  .describe("The previous page's nextCursor; omit for the first page.");

export const searchQuerySchema = z.object({
  q: z
    .string()
    .max(QUERY_MAX_CHARS, { error: `must be at most ${QUERY_MAX_CHARS} characters` })
    .default("")
    .describe(
      'Words to find (web-search syntax: "a phrase", -word to exclude, or). Empty: everything, newest first (with filters, a browse).',
    ),
  type: z
    .enum(SEARCH_TYPES, { error: "must be videos, channels or creators" })
    .default("videos")
    .describe("What to find."),
  tag: z.string().max(64).optional().describe("Videos: only those with this tag."),
  duration: z
    .enum(Object.keys(DURATIONS) as [Duration, ...Duration[]], { error: "must be short, medium or long" })
    .optional()
    .describe("Videos: short (< 4 min), medium (4–20 min) or long (> 20 min)."),
  since: z
    .enum(Object.keys(SINCE) as [Since, ...Since[]], { error: "must be day, week, month or year" })
    .optional()
    .describe("Videos: published within the last day, week, month or year."),
  channel: bigIdSchema.optional().describe("Videos: only those this community channel released."),
  released: z
    .enum(["0", "1"], { error: "must be 1 or 0" })
    .default("0")
    .describe("Videos: 1 = only videos a community channel released."),
  kept: z
    .enum(["0", "1"], { error: "must be 1 or 0" })
    .default("0")
    .describe("Videos: 1 = only videos with a storage deal that is ok or starting (keepers paid to hold them)."),
  creator: addressSchema.optional().describe("Videos: only this creator's."),
  // An instance's scope (any of these creators, channels or tags), on top of the filters above.
  ...feedSourcesShape,
  cursor: searchCursorSchema.optional(),
  limit: limitSchema,
});
export type SearchQuery = z.input<typeof searchQuerySchema>;

export const creatorHitSchema = z
  .object({
    address: addressSchema,
    account: accountSchema,
    videoCount: z.number().int(),
    lastPublishedAt: z.number().nullable(),
  })
  .meta({ id: "CreatorHit" });
export type CreatorHit = z.output<typeof creatorHitSchema>;

export const searchHitSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("video"), video: videoSchema }),
    z.object({ kind: z.literal("channel"), channel: channelSchema }),
    z.object({ kind: z.literal("creator"), creator: creatorHitSchema }),
  ])
  .meta({ id: "SearchHit" });
export type SearchHit = z.output<typeof searchHitSchema>;
export const searchPageSchema = pageSchema(searchHitSchema)
  .extend({
    didYouMean: z
      .string()
      .nullable()
      .describe(
        "When a search for words found nothing (first page, videos or channels): the same words with each unknown one replaced by the closest word of the catalogue's titles, tags and channel names, if that search finds something; else null.",
      ),
  })
  .meta({ id: "SearchPage" });
export type SearchPage = z.output<typeof searchPageSchema>;

export const suggestQuerySchema = z.object({
  q: z
    .string()
    .max(QUERY_MAX_CHARS, { error: `must be at most ${QUERY_MAX_CHARS} characters` })
    .default("")
    .describe("What has been typed so far; the last word counts as a prefix."),
});
export const SUGGESTION_KINDS = ["video", "channel", "creator", "tag"] as const;
export const suggestionSchema = z.object({
  kind: z.enum(SUGGESTION_KINDS),
  text: z.string().describe("What to show (a title, a channel's name, a handle or nickname, a tag)."),
  id: z.string().describe("Where it leads: a video id, a channel id, an address, a tag."),
});
export type Suggestion = z.output<typeof suggestionSchema>;
export const suggestionsSchema = z
  .object({ items: z.array(suggestionSchema).describe("At most 8, best first (complete: not paged).") })
  .meta({ id: "Suggestions" });
