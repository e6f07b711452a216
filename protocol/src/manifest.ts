import { z } from "zod";
import { manifestAccessSchema } from "./paid.ts";
import { manifestTagsSchema } from "./tags.ts";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_SCHEMA = "chorus.video/1";

/** One rung of the ladder, lowest first as in master.m3u8. */
export const manifestRenditionSchema = z.object({
  name: z.string(),
  width: z.number(),
  height: z.number(),
  /** Peak bitrate, bits per second (the master playlist's BANDWIDTH). */
  bandwidth: z.number(),
  /** RFC 6381 codecs string; some early manifests lack it. */
  codecs: z.string().optional(),
  playlist: z.string(),
});
export type ManifestRendition = z.output<typeof manifestRenditionSchema>;

/**
 * `manifest.json` at the root of a published video's IPFS directory (written by the ffmpeg worker, read by the indexer
 * and the web app); its directory CID is what the creator records on-chain. Every path is relative to that directory.
 *
 * It must accept every manifest already published: fields that older manifests lack (codecs, segmentSeconds, source,
 * previews…) stay optional, and a malformed `previews` is dropped rather than making the whole video unplayable.
 * Lengths are capped so a hostile manifest can't bloat the indexer's answers.
 */
export const videoManifestSchema = z.object({
  schema: z.literal(MANIFEST_SCHEMA),
  title: z.string().max(200),
  description: z.string().max(10_000).default(""),
  durationSeconds: z.number().nonnegative(),
  /** Size of the largest rendition. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  master: z.string(),
  thumbnail: z.string().optional(),
  /**
   * Seek previews: a WebVTT track whose cues name tiles of the sprite sheet as `previews.jpg#xywh=x,y,w,h` (paths
   * relative to the track, which sits beside it). Absent on videos published before them.
   */
  previews: z
    .object({ vtt: z.string().max(512), image: z.string().max(512) })
    .optional()
    .catch(undefined),
  segmentSeconds: z.number().optional(),
  renditions: z.array(manifestRenditionSchema).default([]),
  source: z
    .object({
      filename: z.string(),
      bytes: z.number(),
      container: z.string(),
      videoCodec: z.string(),
      audioCodec: z.string().nullable(),
    })
    .optional(),
  /**
   * Paid or members-only (docs/paid-videos.md): segments after `previewSeconds` are HLS AES-128 under the key
   * `keyId` names, served by key services after an on-chain access check. Absent: every segment is clear.
   */
  access: manifestAccessSchema.optional(),
  /** Set by the creator at publish: normalised (lower case, `-` for spaces), at most TAGS_MAX; absent when none. */
  tags: manifestTagsSchema,
  /**
   * Imported videos (web's /upload/import): when the video was first published elsewhere (e.g. YouTube's "Video
   * Publish Timestamp"), ISO 8601 in UTC, as the creator's import stated it — a claim, not a proof; the on-chain
   * publish time stays the video's date on Chorus. Absent on videos made for Chorus; anything but a date is dropped.
   */
  originallyPublishedAt: z
    .string()
    .max(64)
    .refine((value) => !Number.isNaN(Date.parse(value)))
    .optional()
    .catch(undefined),
  /** ISO 8601; a number (ms) in a few early manifests. */
  createdAt: z.union([z.string(), z.number()]).optional(),
});
export type VideoManifest = z.output<typeof videoManifestSchema>;
