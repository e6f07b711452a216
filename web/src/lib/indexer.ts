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

export const renditionSchema = z.object({
  name: z.string(),
  width: z.number(),
  height: z.number(),
  bandwidth: z.number(),
  codecs: z.string().optional(),
  playlist: z.string(),
});

export const manifestSchema = z.object({
  schema: z.literal("chorus.video/1"),
  title: z.string(),
  description: z.string().default(""),
  durationSeconds: z.number().nonnegative(),
  width: z.number(),
  height: z.number(),
  master: z.string(),
  thumbnail: z.string().optional(),
  segmentSeconds: z.number().optional(),
  renditions: z.array(renditionSchema).default([]),
  createdAt: z.union([z.string(), z.number()]).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

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
  })
  .transform(({ manifest, manifestStatus, ...video }) => {
    const parsed = manifest === null || manifest === undefined ? null : manifestSchema.safeParse(manifest);
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
}

export function videosUrl(base: string, { limit = 24, before, creator }: VideosQuery = {}): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before) params.set("before", before);
  if (creator) params.set("creator", creator);
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
