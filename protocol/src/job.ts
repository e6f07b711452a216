import { z } from "zod";
import { jobAccessSchema } from "./paid.ts";

/**
 * The ffmpeg worker's HTTP API (ffmpeg-worker/README.md): a job as `GET /jobs/:id`, `POST /jobs`, `POST
 * /jobs/:id/details` and `DELETE /jobs/:id` return it (`{ job }`), and as the worker stores it on disk.
 *
 * queued → probing → transcoding → awaiting-details → publishing → published; any of them → failed or cancelled.
 * Details may arrive at any point before publishing; a job that has them skips awaiting-details.
 */
export const JOB_STATUSES = [
  "queued",
  "probing",
  "transcoding",
  "awaiting-details",
  "publishing",
  "published",
  "failed",
  "cancelled",
] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.output<typeof jobStatusSchema>;

/** Statuses after which the job never changes again. */
export function isTerminal(status: JobStatus): boolean {
  return status === "published" || status === "failed" || status === "cancelled";
}

/** The `error` field of a failed job: `code` for programs, `message` for people. */
export const jobErrorSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });
export type JobError = z.output<typeof jobErrorSchema>;

/**
 * What the creator types while the video transcodes; `tags` normalised (tags.ts), absent when none were given.
 * `originallyPublishedAt`: an import's original publication time on another platform (ISO 8601, UTC), carried into
 * the manifest; absent for a new video.
 */
export const videoDetailsSchema = z.object({
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()).optional(),
  originallyPublishedAt: z.string().optional(),
});
export type VideoDetails = z.output<typeof videoDetailsSchema>;

export const jobMediaSchema = z.object({
  durationSeconds: z.number(),
  /** Display size of the source. */
  width: z.number(),
  height: z.number(),
  hasAudio: z.boolean(),
  /** Lowest first. Bandwidth is the planned one while transcoding, the measured peak afterwards. */
  renditions: z.array(z.object({ name: z.string(), width: z.number(), height: z.number(), bandwidth: z.number() })),
});
export type JobMedia = z.output<typeof jobMediaSchema>;

export const jobSchema = z.object({
  id: z.string(),
  filename: z.string(),
  bytes: z.number(),
  /** ISO 8601. */
  createdAt: z.string(),
  updatedAt: z.string(),
  status: jobStatusSchema,
  /** What is happening, for people: "Transcoding 720p, 480p and 240p". */
  stage: z.string(),
  /** 0..1 of the current stage. */
  progress: z.number(),
  etaSeconds: z.number().optional(),
  error: jobErrorSchema.optional(),
  media: jobMediaSchema.optional(),
  details: videoDetailsSchema.optional(),
  manifestCid: z.string().optional(),
  /** Paid / members-only: set at upload (`POST /jobs?access=encrypted&previewSeconds=N`), before any segment exists. */
  access: jobAccessSchema.optional(),
  /** The content key's id once the segments are encrypted (the key itself stays in the worker's data dir). */
  keyId: z.string().optional(),
  /** What a storage deal for the published directory commits to (computed once published). */
  storage: z
    .object({ root: z.templateLiteral(["0x", z.string()]), size: z.number(), segmentCount: z.number() })
    .optional(),
});
export type Job = z.output<typeof jobSchema>;

/** The body of every job route's successful answer. */
export const jobResponseSchema = z.object({ job: jobSchema });

/** `GET /jobs`: every job, newest first. */
export const jobListResponseSchema = z.object({ jobs: z.array(jobSchema) });

/** One media tool the worker runs: where it is, its version, and where it came from. */
const mediaToolSchema = z.object({ path: z.string(), version: z.string(), source: z.enum(["env", "system", "npm"]) });

/**
 * `GET /health`: the worker is up, which ffmpeg and ffprobe it runs, and the largest upload it accepts
 * (`WORKER_MAX_UPLOAD_BYTES`, in bytes). The web reads the limit from here so the upload studio and the import page
 * refuse a bigger file before sending a byte; the worker's config stays the only place it is set.
 */
export const workerHealthSchema = z.object({
  ok: z.literal(true),
  ffmpeg: mediaToolSchema,
  ffprobe: mediaToolSchema,
  maxUploadBytes: z.number().int().positive(),
});
export type WorkerHealth = z.output<typeof workerHealthSchema>;

/** The body of every error answer: `{ error: { code, message } }`. */
export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
