import { z } from "zod";
import {
  addressParamsSchema,
  apiErrorSchema,
  channelDetailSchema,
  channelsPageSchema,
  channelsQuerySchema,
  creatorSchema,
  dealDetailSchema,
  dealsPageSchema,
  dealsQuerySchema,
  ERROR_CODES,
  eventsQuerySchema,
  filterEntriesPageSchema,
  filterEntriesQuerySchema,
  filterListSchema,
  filterListsPageSchema,
  filterListsQuerySchema,
  filterReportsPageSchema,
  filterReportsQuerySchema,
  storiesPageSchema,
  storiesQuerySchema,
  accountSchema,
  commentsPageSchema,
  commentsQuerySchema,
  handleDetailSchema,
  handleParamsSchema,
  postParamsSchema,
  postSchema,
  streamSchema,
  streamsPageSchema,
  streamsQuerySchema,
  idParamsSchema,
  indexerStatusSchema,
  openApiDocumentSchema,
  keeperSchema,
  keeperTenuresPageSchema,
  proposalSchema,
  proposalsPageSchema,
  proposalsQuerySchema,
  storageEventsPageSchema,
  tenuresQuerySchema,
  videoParamsSchema,
  videoSchema,
  videosPageSchema,
  videosQuerySchema,
  type ErrorStatus,
} from "./api.ts";
import {
  channelPayingMembersSchema,
  earningsPageSchema,
  earningsQuerySchema,
  earningsSchema,
  earningsSeriesSchema,
  membershipsSchema,
  membersQuerySchema,
  postMoneySchema,
  seriesQuerySchema,
  tipsPageSchema,
  tipsQuerySchema,
} from "./api-earnings.ts";
import { searchPageSchema, searchQuerySchema, suggestionsSchema, suggestQuerySchema } from "./search.ts";
import { crowdfundDetailSchema, crowdfundsPageSchema, crowdfundsQuerySchema } from "./crowdfund.ts";
import { publishedPlaylistSchema, publishedPlaylistsPageSchema, publishedPlaylistsQuerySchema } from "./playlist.ts";
import { channelPlaylistsSchema } from "./channel-playlists.ts";

/**
 * Every REST route of the indexer, once: its path, parameters and answer. The indexer registers its handlers from
 * this table (so a route's input is validated by these schemas and its output typed by them), the web app's client
 * calls routes by name from it, and `openApiDocument()` turns it into the OpenAPI 3.1 document the indexer serves
 * at `GET /openapi.json`.
 */
export interface RouteSpec {
  readonly path: string;
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** The 200 answer. A JSON schema, or "text" for Ponder's plain-text routes. */
  readonly response: z.ZodType | "text";
  readonly errors: readonly ErrorStatus[];
  /** Served by Ponder itself, not by indexer/src/api. */
  readonly ponder?: true;
}

export const indexerRoutes = {
  listVideos: {
    path: "/videos",
    summary: "Videos, newest first (by chain position).",
    query: videosQuerySchema,
    response: videosPageSchema,
    errors: [400],
  },
  getVideo: {
    path: "/videos/{id}",
    summary: "One video, with its manifest and storage.",
    params: videoParamsSchema,
    response: videoSchema,
    errors: [400, 404],
  },
  getCreator: {
    path: "/creators/{address}",
    summary: "A creator's own channel (zero videos for an address that never published).",
    params: addressParamsSchema,
    response: creatorSchema,
    errors: [400],
  },
  listChannels: {
    path: "/channels",
    summary: "Community channels, newest first.",
    query: channelsQuerySchema,
    response: channelsPageSchema,
    errors: [400],
  },
  getChannel: {
    path: "/channels/{id}",
    summary: "A channel with its members, membership history, policy versions, membership plan and paying members.",
    params: idParamsSchema,
    response: channelDetailSchema,
    errors: [400, 404],
  },
  listChannelProposals: {
    path: "/channels/{id}/proposals",
    summary: "A channel's proposals, newest first.",
    params: idParamsSchema,
    query: proposalsQuerySchema,
    response: proposalsPageSchema,
    errors: [400],
  },
  getProposal: {
    path: "/proposals/{id}",
    summary: "One proposal, with its tally and ballots.",
    params: idParamsSchema,
    response: proposalSchema,
    errors: [400, 404],
  },
  listDeals: {
    path: "/deals",
    summary: "Storage deals, newest first.",
    query: dealsQuerySchema,
    response: dealsPageSchema,
    errors: [400],
  },
  getDeal: {
    path: "/deals/{id}",
    summary: "One deal with every tenure, its newest events and the video it keeps.",
    params: idParamsSchema,
    response: dealDetailSchema,
    errors: [400, 404],
  },
  listDealEvents: {
    path: "/deals/{id}/events",
    summary: "A deal's events, newest first.",
    params: idParamsSchema,
    query: eventsQuerySchema,
    response: storageEventsPageSchema,
    errors: [400],
  },
  getKeeper: {
    path: "/keepers/{address}",
    summary: "A keeper's newest tenures and events, and its money per token.",
    params: addressParamsSchema,
    response: keeperSchema,
    errors: [400],
  },
  listKeeperDeals: {
    path: "/keepers/{address}/deals",
    summary: "A keeper's tenures, newest joined first.",
    params: addressParamsSchema,
    query: tenuresQuerySchema,
    response: keeperTenuresPageSchema,
    errors: [400],
  },
  listKeeperEvents: {
    path: "/keepers/{address}/events",
    summary: "A keeper's events, newest first.",
    params: addressParamsSchema,
    query: eventsQuerySchema,
    response: storageEventsPageSchema,
    errors: [400],
  },
  listFilterLists: {
    path: "/lists",
    summary: "Filter lists, newest first.",
    query: filterListsQuerySchema,
    response: filterListsPageSchema,
    errors: [400],
  },
  getFilterList: {
    path: "/lists/{id}",
    summary: "One filter list: name, description, maintainer, pending handover, counts.",
    params: idParamsSchema,
    response: filterListSchema,
    errors: [400, 404],
  },
  listFilterEntries: {
    path: "/lists/{id}/entries",
    summary: "A list's entries, newest first: those on it now, or (all=1) every listing, removed ones too.",
    params: idParamsSchema,
    query: filterEntriesQuerySchema,
    response: filterEntriesPageSchema,
    errors: [400],
  },
  listFilterReports: {
    path: "/lists/{id}/reports",
    summary: "Reports to a list, newest first.",
    params: idParamsSchema,
    query: filterReportsQuerySchema,
    response: filterReportsPageSchema,
    errors: [400],
  },
  listStories: {
    path: "/stories",
    summary: "Stories, newest first.",
    query: storiesQuerySchema,
    response: storiesPageSchema,
    errors: [400],
  },
  getAccount: {
    path: "/accounts/{address}",
    summary: "Who an address says it is: nickname, handle and fingerprint (empty for an address never seen).",
    params: addressParamsSchema,
    response: accountSchema,
    errors: [400],
  },
  getHandle: {
    path: "/handles/{handle}",
    summary: "Who holds a handle now (live or expired), with its history.",
    params: handleParamsSchema,
    response: handleDetailSchema,
    errors: [400, 404],
  },
  getPost: {
    path: "/posts/{kind}/{id}",
    summary: "A post's comment policy and comment count.",
    params: postParamsSchema,
    response: postSchema,
    errors: [400],
  },
  listPostComments: {
    path: "/posts/{kind}/{id}/comments",
    summary: "A post's comments and replies, oldest first, flat with parent ids (a thread is rebuilt by parentId).",
    params: postParamsSchema,
    query: commentsQuerySchema,
    response: commentsPageSchema,
    errors: [400],
  },
  listStreams: {
    path: "/streams",
    summary: "Live streams, newest first.",
    query: streamsQuerySchema,
    response: streamsPageSchema,
    errors: [400],
  },
  getStream: {
    path: "/streams/{id}",
    summary: "One stream.",
    params: idParamsSchema,
    response: streamSchema,
    errors: [400, 404],
  },
  // ---- earnings (Earnings) ----
  getEarnings: {
    path: "/earnings/{address}",
    summary: "What an account earned through Earnings: its balance per token and its income per token and source.",
    params: addressParamsSchema,
    response: earningsSchema,
    errors: [400],
  },
  getEarningsSeries: {
    path: "/earnings/{address}/series",
    summary: "An account's income per day or week, token and source (the earnings chart), from the events alone.",
    params: addressParamsSchema,
    query: seriesQuerySchema,
    response: earningsSeriesSchema,
    errors: [400],
  },
  listEarnings: {
    path: "/earnings/{address}/income",
    summary: "An account's income, payment by payment (its share of each), newest first.",
    params: addressParamsSchema,
    query: earningsQuerySchema,
    response: earningsPageSchema,
    errors: [400],
  },
  getPostMoney: {
    path: "/posts/{kind}/{id}/money",
    summary: "A post's revenue split, price and access, and its tips and sales per token.",
    params: postParamsSchema,
    response: postMoneySchema,
    errors: [400],
  },
  listStreamTips: {
    path: "/streams/{id}/tips",
    summary: "A stream's tips (the live chat's gifts), newest first.",
    params: idParamsSchema,
    query: tipsQuerySchema,
    response: tipsPageSchema,
    errors: [400],
  },
  getMemberships: {
    path: "/memberships/{address}",
    summary:
      "A creator's membership plan and members, latest expiry first (so the active ones come first), with the active count.",
    params: addressParamsSchema,
    query: membersQuerySchema,
    response: membershipsSchema,
    errors: [400],
  },
  listChannelPayingMembers: {
    path: "/channels/{id}/paying-members",
    summary:
      "A community channel's paying members (Earnings.joinChannel), latest expiry first (so the active ones come first), each with what it paid per token.",
    params: idParamsSchema,
    query: membersQuerySchema,
    response: channelPayingMembersSchema,
    errors: [400],
  },
  search: {
    path: "/search",
    summary:
      "Full-text search over titles, descriptions, tags, channel names and policies, creator handles and nicknames; ranked by relevance, then newest first.",
    query: searchQuerySchema,
    response: searchPageSchema,
    errors: [400],
  },
  suggest: {
    path: "/search/suggest",
    summary: "Suggestions for a search box: titles, channels, creators and tags starting with what was typed.",
    query: suggestQuerySchema,
    response: suggestionsSchema,
    errors: [400],
  },
  // Crowdfunding (contracts/Crowdfund.sol).
  listCrowdfunds: {
    path: "/crowdfunds",
    summary: "Crowdfunding campaigns, newest first.",
    query: crowdfundsQuerySchema,
    response: crowdfundsPageSchema,
    errors: [400],
  },
  getCrowdfund: {
    path: "/crowdfunds/{id}",
    summary: "One campaign with its pledges.",
    params: idParamsSchema,
    response: crowdfundDetailSchema,
    errors: [400, 404],
  },
  // Published playlists (contracts/Playlists.sol).
  listPlaylists: {
    path: "/playlists",
    summary:
      "Published playlists, newest first, without removed ones and without those whose document is not a playlist document (unreadable ones are listed with document null).",
    query: publishedPlaylistsQuerySchema,
    response: publishedPlaylistsPageSchema,
    errors: [400],
  },
  getPlaylist: {
    path: "/playlists/{id}",
    summary: "One published playlist with its current document (also when removed: removedAt says so).",
    params: idParamsSchema,
    response: publishedPlaylistSchema,
    errors: [400, 404],
  },
  getChannelPlaylists: {
    path: "/channels/{id}/playlists",
    summary:
      "A community channel's playlists, as its members' vote set them (the Playlists.CHANNEL_PLAYLISTS_KEY setting), with their videos in order; none when the value is not a CID or its document is not a playlists document.",
    params: idParamsSchema,
    response: channelPlaylistsSchema,
    errors: [400, 404],
  },
  openApi: { path: "/openapi.json", summary: "This document.", response: openApiDocumentSchema, errors: [] },
  health: {
    path: "/health",
    summary: "Answers 200 once the process is up.",
    response: "text",
    errors: [],
    ponder: true,
  },
  ready: {
    path: "/ready",
    summary: "Answers 200 once the indexer has caught up with the chain, 503 before.",
    response: "text",
    errors: [503],
    ponder: true,
  },
  status: {
    path: "/status",
    summary: "The latest indexed block per chain.",
    response: indexerStatusSchema,
    errors: [],
    ponder: true,
  },
} as const satisfies Record<string, RouteSpec>;

export type IndexerRoutes = typeof indexerRoutes;
export type IndexerRouteName = keyof IndexerRoutes;

/** A route's 200 answer, as parsed. */
export type RouteResponse<N extends IndexerRouteName> = IndexerRoutes[N]["response"] extends z.ZodType
  ? z.output<IndexerRoutes[N]["response"]>
  : string;
/** A route's path parameters, as the caller gives them. */
export type RouteParams<N extends IndexerRouteName> = IndexerRoutes[N] extends { params: z.ZodObject }
  ? z.input<IndexerRoutes[N]["params"]>
  : undefined;
/** A route's query parameters, as the caller gives them. */
export type RouteQuery<N extends IndexerRouteName> = IndexerRoutes[N] extends { query: z.ZodObject }
  ? z.input<IndexerRoutes[N]["query"]>
  : undefined;

/** `/channels/{id}` with `{ id: "3" }` → `/channels/3` (each value URI-encoded). */
export function routePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "A parameter is not valid; the message names it and says what it must be.",
  404: "No such object (or it is not indexed yet).",
  500: "The indexer failed; try again.",
  503: "Not ready yet.",
};

type JsonSchema = Record<string, unknown>;

/** A parameter list from a params or query schema: one entry per property, with its JSON schema and description. */
function parametersOf(schema: z.ZodObject | undefined, location: "path" | "query") {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as JsonSchema & {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, { description, ...property }]) => ({
    name,
    in: location,
    required: location === "path" || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: property,
  }));
}

/**
 * The OpenAPI 3.1 document of the indexer's REST API, generated from `indexerRoutes` with zod's own JSON Schema
 * output (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect). Named schemas (`.meta({ id })`) become
 * `components.schemas`; GraphQL and SQL over HTTP are Ponder's and described elsewhere.
 */
export function openApiDocument(options: { version?: string; serverUrl?: string } = {}) {
  const named = z.toJSONSchema(z.globalRegistry, { io: "output", uri: (id) => `#/components/schemas/${id}` }).schemas;
  const schemas = Object.fromEntries(
    Object.entries(named).map(([id, { $id: _id, $schema: _schema, ...schema }]) => [id, schema]),
  );
  schemas.Error = z.toJSONSchema(apiErrorSchema, { io: "output", target: "draft-2020-12" });
  delete schemas.Error.$schema;

  // Every JSON answer is a named schema, so the document refers to it rather than repeating it.
  const responseSchema = (schema: z.ZodType) => {
    const id = z.globalRegistry.get(schema)?.id;
    if (!id) throw new Error("every JSON answer of indexerRoutes needs .meta({ id })");
    return { $ref: `#/components/schemas/${id}` };
  };

  const paths: Record<string, { get: JsonSchema }> = {};
  for (const [operationId, route] of Object.entries(indexerRoutes) as [string, RouteSpec][]) {
    const responses: Record<string, JsonSchema> = {
      200: {
        description: "OK",
        content:
          route.response === "text"
            ? { "text/plain": { schema: { type: "string" } } }
            : { "application/json": { schema: responseSchema(route.response) } },
      },
    };
    for (const status of route.errors) {
      responses[status] = route.ponder
        ? { description: ERROR_DESCRIPTIONS[status], content: { "text/plain": { schema: { type: "string" } } } }
        : {
            description: ERROR_DESCRIPTIONS[status],
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          };
    }
    if (!route.ponder) {
      responses[500] = {
        description: ERROR_DESCRIPTIONS[500],
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[route.path] = {
      get: {
        operationId,
        summary: route.summary,
        parameters: [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")],
        responses,
      },
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Chorus indexer REST API",
      version: options.version ?? "1",
      description:
        "Lists answer `{ items, nextCursor }` and take `?cursor=&limit=`; `nextCursor` is null on the last page. " +
        "Detail routes answer the object itself. Errors answer `{ error: { code, message } }` with code " +
        Object.values(ERROR_CODES).join(", ") +
        ". GraphQL (`POST /graphql`) and SQL over HTTP (`/sql/*`, for @ponder/client) are Ponder's own and not listed here.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: { schemas },
  };
}
