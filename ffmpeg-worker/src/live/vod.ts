import { link, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE, MANIFEST_SCHEMA, videoManifestSchema } from "@chorus/protocol";
import type { Logger } from "@chorus/protocol/log";
import { AAC_LC_CODEC } from "../codecs.ts";
import { VARIANT_PLAYLIST } from "../ffmpeg-args.ts";
import { type Rung, frameRateValue } from "../ladder.ts";
import { serializeManifest } from "../manifest.ts";
import { buildMasterPlaylist } from "../master-playlist.ts";
import type { Fraction } from "../probe.ts";
import { type AddedFile, publishDirectory } from "../publish.ts";
import { THUMBNAIL_FILE, THUMBNAIL_POSITION, makeThumbnail } from "../thumbnail.ts";
import { MASTER_PLAYLIST, measureBandwidth, readVideoCodec } from "../transcode.ts";

/** One announced segment, as the session records it (`segments.ndjson`): what the VOD is assembled from. */
export interface RecordedSegment {
  seq: number;
  /** The media does not continue from the segment before (an encoder reconnect, or a segment that was lost). */
  discontinuity: boolean;
  /** One per rung, lowest first, as announced. */
  renditions: {
    /** The segment's file, relative to the session's directory (e.g. "c1/0/seg_00003.ts"). */
    file: string;
    cid: string;
    /** Cumulative DAG size, as `add` reported it. */
    size: number;
    bytes: number;
    mtimeMs: number;
    duration: number;
  }[];
}

export interface VodInput {
  /** The session's directory: segment files are relative to it, the VOD is assembled in `<dir>/vod`. */
  dir: string;
  segments: readonly RecordedSegment[];
  rungs: readonly Rung[];
  hasAudio: boolean;
  frameRate: Fraction;
  segmentSeconds: number;
  title: string;
  createdAt: Date;
  ffmpegPath: string;
  kuboRpcUrl: string;
  log: Logger;
}

export interface LiveVod {
  /** The VOD's directory CID (pinned): what `Videos.publish` and `Streams.setVod` take. */
  manifestCid: string;
  /** Seconds: the sum of the segments' durations. */
  duration: number;
}

/** A segment's name in the VOD: its announcement's sequence number, so a gap in the numbers is visible. */
function vodSegmentName(seq: number): string {
  return `seg_${String(seq).padStart(5, "0")}.ts`;
}

/**
 * A rung's VOD playlist: every segment in order, then `#EXT-X-ENDLIST`. A segment whose announcement said
 * `discontinuity` (an encoder reconnect, or a segment before it that never reached IPFS and so was never announced) is
 * preceded by `#EXT-X-DISCONTINUITY`: its timestamps do not follow the previous segment's, which is what a player must
 * be told. Not `#EXT-X-GAP`: that marks a listed segment as missing, and a lost segment has no CID to list.
 */
export function buildVodMediaPlaylist(
  segments: readonly { uri: string; duration: number; discontinuity: boolean }[],
): string {
  const target = Math.max(1, ...segments.map((s) => Math.ceil(s.duration)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:6",
    `#EXT-X-TARGETDURATION:${target}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    "#EXT-X-INDEPENDENT-SEGMENTS",
  ];
  for (const [i, segment] of segments.entries()) {
    if (segment.discontinuity && i > 0) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  }
  lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}

/**
 * Assembles the VOD a live stream became, in the layout of an uploaded video (manifest.json, master.m3u8,
 * thumbnail.jpg, `<rung>/index.m3u8`, `<rung>/seg_N.ts`), without re-encoding and without sending the segments to IPFS
 * again: the segment files are hard-linked into `<dir>/vod` (same inode, so the size and mtime recorded when each was
 * added still match), and `publishDirectory` with those segments as `added` links them by CID (directory-dag.ts),
 * adds only the playlists, thumbnail and manifest, and pins the root. A segment that changed or vanished from disk is
 * added again by the same path (slower, same result).
 */
export async function assembleVod(input: VodInput): Promise<LiveVod> {
  const { segments, rungs } = input;
  if (segments.length === 0 || rungs.length === 0)
    throw new Error("the stream sent no segments (or ended before this worker recorded them)");
  const out = path.join(input.dir, "vod");
  await rm(out, { recursive: true, force: true });
  const added: AddedFile[] = [];
  const renditions = [];
  for (const [i, rung] of rungs.entries()) {
    await mkdir(path.join(out, rung.name), { recursive: true });
    const listed = [];
    for (const segment of segments) {
      const recorded = segment.renditions[i];
      if (!recorded) throw new Error(`segment ${segment.seq} has no ${rung.name} rendition`);
      const name = vodSegmentName(segment.seq);
      await link(path.join(input.dir, recorded.file), path.join(out, rung.name, name));
      added.push({
        path: `${rung.name}/${name}`,
        cid: recorded.cid,
        size: recorded.size,
        bytes: recorded.bytes,
        mtimeMs: recorded.mtimeMs,
      });
      listed.push({
        uri: name,
        duration: recorded.duration,
        discontinuity: segment.discontinuity,
        bytes: recorded.bytes,
      });
    }
    await writeFile(path.join(out, rung.name, VARIANT_PLAYLIST), buildVodMediaPlaylist(listed));
    const videoCodec = await readVideoCodec(path.join(out, rung.name, listed[0]!.uri));
    renditions.push({
      name: rung.name,
      width: rung.width,
      height: rung.height,
      ...measureBandwidth(listed.map((s) => ({ durationSeconds: s.duration, bytes: s.bytes }))),
      codecs: input.hasAudio ? `${videoCodec},${AAC_LC_CODEC}` : videoCodec,
      playlist: `${rung.name}/${VARIANT_PLAYLIST}`,
    });
  }
  const framesPerSecond = frameRateValue(input.frameRate);
  await writeFile(
    path.join(out, MASTER_PLAYLIST),
    buildMasterPlaylist(renditions.map((r) => ({ ...r, uri: r.playlist, framesPerSecond }))),
  );

  const duration = Math.round(segments.reduce((sum, s) => sum + (s.renditions[0]?.duration ?? 0), 0) * 1000) / 1000;
  const largest = renditions.reduce((best, r) => (r.width * r.height > best.width * best.height ? r : best));
  const largestIndex = renditions.indexOf(largest);
  // One frame from the top rung's segment at ~10 % of the stream (as an upload's): one short ffmpeg run on ~1 s of
  // video. A stream without one is still a video (the manifest's thumbnail is optional).
  let thumbnail = false;
  const at = segments[Math.min(segments.length - 1, Math.floor(segments.length * THUMBNAIL_POSITION))]!;
  try {
    await makeThumbnail(path.join(out, largest.name, vodSegmentName(at.seq)), path.join(out, THUMBNAIL_FILE), {
      ffmpegPath: input.ffmpegPath,
      durationSeconds: 0,
      width: largest.width,
      height: largest.height,
    });
    thumbnail = true;
  } catch (error) {
    input.log("warn", "live VOD without a thumbnail", { error: String(error), segment: at.seq, rung: largestIndex });
  }

  // Parsed with the protocol's schema, as the indexer and web app will: a VOD they would refuse is never published.
  const manifest = videoManifestSchema.parse({
    schema: MANIFEST_SCHEMA,
    title: input.title,
    description: "",
    durationSeconds: duration,
    width: largest.width,
    height: largest.height,
    master: MASTER_PLAYLIST,
    ...(thumbnail ? { thumbnail: THUMBNAIL_FILE } : {}),
    segmentSeconds: input.segmentSeconds,
    renditions: renditions.map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      bandwidth: r.bandwidth,
      codecs: r.codecs,
      playlist: r.playlist,
    })),
    createdAt: input.createdAt.toISOString(),
  });
  await writeFile(path.join(out, MANIFEST_FILE), serializeManifest(manifest));
  const manifestCid = await publishDirectory(out, {
    kuboRpcUrl: input.kuboRpcUrl,
    added,
    attempts: 3,
    onFallback: (reason) => input.log("warn", "live VOD: segments added again", { reason }),
  });
  return { manifestCid, duration };
}

/** The file's size and mtime now, as recorded beside its CID (publishDirectory links it only while both match). */
export async function fileStamp(file: string): Promise<{ bytes: number; mtimeMs: number }> {
  const info = await stat(file);
  return { bytes: info.size, mtimeMs: info.mtimeMs };
}
