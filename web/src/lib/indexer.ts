import {
  apiErrorSchema,
  indexerRoutes,
  routePath,
  type Channel,
  type IndexerRouteName,
  type Page,
  type RouteResponse,
  type Video,
} from "@chorus/protocol";
import type { z } from "zod";

/**
 * The web app's client of the indexer's REST API. Every route, its parameters and its answer are defined once in
 * @chorus/protocol (`indexerRoutes`, the same table the indexer serves and its OpenAPI document comes from); this
 * client calls a route by name, typed by that table, and parses the answer with the route's schema rather than
 * trusting a separate process. Used by server components (catalogue pages) and client components alike.
 */

export type {
  Channel,
  ChannelDetail,
  Deal,
  DealDetail,
  DealKeeper,
  Keeper,
  KeeperTenure,
  Proposal,
  StorageEvent,
  Video,
} from "@chorus/protocol";

/** Either the data, or why not: `status` is the HTTP status (null when the indexer could not be reached at all). */
export type Fetched<T> = { ok: true; data: T } | { ok: false; status: number | null; error: string };

type Routes = typeof indexerRoutes;
type JsonRouteName = { [N in IndexerRouteName]: Routes[N]["response"] extends z.ZodType ? N : never }[IndexerRouteName];
type Params<N extends IndexerRouteName> = Routes[N] extends { params: z.ZodObject }
  ? z.output<Routes[N]["params"]>
  : undefined;
/** A route's query parameters, each optional; null or undefined leaves it out. */
type Query<N extends IndexerRouteName> = Routes[N] extends { query: z.ZodObject }
  ? { [K in keyof z.output<Routes[N]["query"]>]?: z.output<Routes[N]["query"]>[K] | null }
  : undefined;
/** What a call names: the route's path parameters (if it has any) and query parameters (if it takes any). */
export type RouteInput<N extends IndexerRouteName> = (Params<N> extends undefined
  ? { params?: undefined }
  : { params: Params<N> }) & {
  query?: Query<N>;
};

/** Routes that answer one page of a list. */
export type ListRouteName = { [N in JsonRouteName]: RouteResponse<N> extends Page<unknown> ? N : never }[JsonRouteName];
type Item<N extends ListRouteName> = RouteResponse<N> extends Page<infer T> ? T : never;

const TIMEOUT_MS = 8000;

/** The URL of a route with its parameters: `indexerUrl(base, "getChannel", { params: { id: "3" } })`. */
function indexerUrl<N extends IndexerRouteName>(base: string, name: N, input: RouteInput<N>): string {
  const path = routePath(indexerRoutes[name].path, (input.params ?? {}) as Record<string, string>);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {}))
    if (value !== undefined && value !== null) search.set(key, String(value));
  return `${base}${path}${search.size ? `?${search}` : ""}`;
}

/** Calls a JSON route of the indexer by name and parses its answer with the route's schema. */
export async function callIndexer<N extends JsonRouteName>(
  base: string,
  name: N,
  input: RouteInput<N>,
  signal?: AbortSignal,
): Promise<Fetched<RouteResponse<N>>> {
  const schema = indexerRoutes[name].response as unknown as z.ZodType<RouteResponse<N>>;
  let response: Response;
  try {
    response = await fetch(indexerUrl(base, name, input), {
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
    const problem = apiErrorSchema.safeParse(body);
    return {
      ok: false,
      status: response.status,
      error: problem.success ? problem.data.error.message : `The catalogue answered ${response.status}.`,
    };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return { ok: false, status: response.status, error: "The catalogue sent an answer this page doesn't understand." };
  return { ok: true, data: parsed.data };
}

/**
 * Every item of a list route, following `nextCursor` page by page (at the largest page size), for the places that
 * need the whole list — a member's channels, a channel's open proposals. Stops with the first failed page.
 */
export async function callIndexerAll<N extends ListRouteName>(
  base: string,
  name: N,
  input: RouteInput<N>,
  signal?: AbortSignal,
): Promise<Fetched<Item<N>[]>> {
  const items: Item<N>[] = [];
  let cursor: string | null = (input.query as { cursor?: string | null } | undefined)?.cursor ?? null;
  do {
    const query = { limit: 100, ...input.query, cursor } as Query<N>;
    const page = await callIndexer(base, name, { ...input, query } as RouteInput<N>, signal);
    if (!page.ok) return page;
    const { items: pageItems, nextCursor } = page.data as Page<Item<N>>;
    items.push(...pageItems);
    cursor = nextCursor;
  } while (cursor !== null);
  return { ok: true, data: items };
}

/** Whether the indexer has caught up with the chain (GET /ready answers 200). Unreachable counts as not ready. */
export async function isIndexerReady(base: string): Promise<boolean> {
  try {
    const response = await fetch(indexerUrl(base, "ready", {}), {
      cache: "no-store",
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** The name to show for a channel, whatever state its metadata is in. */
export function channelName(channel: Pick<Channel, "id" | "metadata">): string {
  const name = channel.metadata?.name.trim();
  return name ? name : `Channel #${channel.id}`;
}

/** The title to show for a video, whatever state its manifest is in. */
export function videoTitle(video: Pick<Video, "id" | "manifest">): string {
  const title = video.manifest?.title.trim();
  return title ? title : `Video #${video.id}`;
}
