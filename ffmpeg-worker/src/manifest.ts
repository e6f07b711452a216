import type { VideoDetails } from './details.ts';
import type { MediaProbe } from './probe.ts';
import { THUMBNAIL_FILE } from './thumbnail.ts';
import { MASTER_PLAYLIST, type Rendition } from './transcode.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA = 'chorus.video/1';

/**
 * manifest.json at the root of a published video's IPFS directory; its directory CID is what the creator records
 * on-chain. Every path is relative to that directory.
 */
export interface VideoManifest {
  schema: typeof MANIFEST_SCHEMA;
  title: string;
  description: string;
  durationSeconds: number;
  /** Size of the largest rendition. */
  width: number;
  height: number;
  master: string;
  thumbnail: string;
  /**
   * Seek previews (optional: videos published before them have none): a WebVTT track whose cues name tiles of the
   * sprite sheet as `previews.jpg#xywh=x,y,w,h` (paths relative to the track, which sits beside it).
   */
  previews?: { vtt: string; image: string };
  segmentSeconds: number;
  /** Lowest first, as in master.m3u8. */
  renditions: ManifestRendition[];
  source: {
    filename: string;
    bytes: number;
    container: string;
    videoCodec: string;
    audioCodec: string | null;
  };
  createdAt: string;
}

export interface ManifestRendition {
  name: string;
  width: number;
  height: number;
  /** Peak bitrate, bits per second (the master playlist's BANDWIDTH). */
  bandwidth: number;
  codecs: string;
  playlist: string;
}

export interface ManifestInput {
  details: VideoDetails;
  probe: MediaProbe;
  renditions: readonly Rendition[];
  segmentSeconds: number;
  source: { filename: string; bytes: number };
  createdAt: Date;
  previews?: { vtt: string; image: string };
}

export function buildManifest(input: ManifestInput): VideoManifest {
  const largest = input.renditions.reduce<Rendition | undefined>((best, r) => (!best || r.width * r.height > best.width * best.height ? r : best), undefined);
  if (!largest) throw new RangeError('A manifest needs at least one rendition');
  return {
    schema: MANIFEST_SCHEMA,
    title: input.details.title,
    description: input.details.description,
    durationSeconds: Math.round(input.probe.durationSeconds * 1000) / 1000,
    width: largest.width,
    height: largest.height,
    master: MASTER_PLAYLIST,
    thumbnail: THUMBNAIL_FILE,
    ...(input.previews ? { previews: { vtt: input.previews.vtt, image: input.previews.image } } : {}),
    segmentSeconds: input.segmentSeconds,
    renditions: input.renditions.map((r) => ({ name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth, codecs: r.codecs, playlist: r.playlist })),
    source: {
      filename: input.source.filename,
      bytes: input.source.bytes,
      container: input.probe.container,
      videoCodec: input.probe.video.codec,
      audioCodec: input.probe.audio?.codec ?? null,
    },
    createdAt: input.createdAt.toISOString(),
  };
}

/** Stable, readable bytes: the same manifest always gives the same CID. */
export function serializeManifest(manifest: VideoManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
