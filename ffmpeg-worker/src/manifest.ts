import type { VideoDetails } from "./details.ts";
import type { MediaProbe } from "./probe.ts";
import { THUMBNAIL_FILE } from "./thumbnail.ts";
import { MASTER_PLAYLIST, type Rendition } from "./transcode.ts";
import { MANIFEST_SCHEMA, type ManifestAccess, type VideoManifest } from "@chorus/protocol";

export { MANIFEST_FILE, MANIFEST_SCHEMA, type ManifestRendition, type VideoManifest } from "@chorus/protocol";

export interface ManifestInput {
  details: VideoDetails;
  probe: MediaProbe;
  renditions: readonly Rendition[];
  segmentSeconds: number;
  source: { filename: string; bytes: number };
  createdAt: Date;
  previews?: { vtt: string; image: string };
  access?: ManifestAccess;
}

/** The manifest of a transcoded video (its shape and the rules readers apply live in @chorus/protocol). */
export function buildManifest(input: ManifestInput): VideoManifest {
  const largest = input.renditions.reduce<Rendition | undefined>(
    (best, r) => (!best || r.width * r.height > best.width * best.height ? r : best),
    undefined,
  );
  if (!largest) throw new RangeError("A manifest needs at least one rendition");
  return {
    schema: MANIFEST_SCHEMA,
    title: input.details.title,
    description: input.details.description,
    // Only when set, so a video published without tags has the manifest (and CID) it had before tags existed.
    ...(input.details.tags?.length ? { tags: input.details.tags } : {}),
    // Likewise only for imports (web's /upload/import), which carry the video's first publication elsewhere.
    ...(input.details.originallyPublishedAt ? { originallyPublishedAt: input.details.originallyPublishedAt } : {}),
    durationSeconds: Math.round(input.probe.durationSeconds * 1000) / 1000,
    width: largest.width,
    height: largest.height,
    master: MASTER_PLAYLIST,
    thumbnail: THUMBNAIL_FILE,
    ...(input.previews ? { previews: { vtt: input.previews.vtt, image: input.previews.image } } : {}),
    segmentSeconds: input.segmentSeconds,
    renditions: input.renditions.map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      bandwidth: r.bandwidth,
      codecs: r.codecs,
      playlist: r.playlist,
    })),
    source: {
      filename: input.source.filename,
      bytes: input.source.bytes,
      container: input.probe.container,
      videoCodec: input.probe.video.codec,
      audioCodec: input.probe.audio?.codec ?? null,
    },
    ...(input.access ? { access: input.access } : {}),
    createdAt: input.createdAt.toISOString(),
  };
}

/** Stable, readable bytes: the same manifest always gives the same CID. */
export function serializeManifest(manifest: VideoManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
