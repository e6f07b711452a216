import type { Rung } from "./ladder.ts";
import { type PreviewLayout, previewFilter } from "./previews.ts";
import type { Fraction } from "./probe.ts";

/**
 * Arguments for one ffmpeg run that decodes the source once and encodes every rung of the ladder into HLS.
 *
 * Segment alignment across renditions comes from identical keyframe placement: a constant frame rate, a GOP of
 * exactly one segment (`-g`/`-keyint_min`), no scene-cut keyframes and a keyframe forced at every segment boundary.
 * Variant playlists go to `<outDir>/<index>/index.m3u8` (index 0 = first rung). The worker writes master.m3u8
 * itself and renames the directories to the rung names: `name:` in `var_stream_map` and `-master_pl_name` break
 * older ffmpeg builds, and the master needs measured bandwidths anyway.
 */
export interface LadderArgsOptions {
  input: string;
  outDir: string;
  /** Rungs in output order (lowest first). */
  rungs: readonly Rung[];
  hasAudio: boolean;
  frameRate: Fraction;
  /** x264 preset: veryfast unless WORKER_PRESET says otherwise. */
  preset: string;
  segmentSeconds: number;
  /** Add `-progress pipe:1` for progress reporting (default true). */
  progress?: boolean;
  /**
   * Where the constant frame rate is made. `filter` (default): the fps filter, which holds each frame for as long as
   * its timestamps say. `muxer`: `-r` with CFR sync at the output, for the one case the filter cannot do: a clip whose
   * only frame has no duration (a one-frame WMV), which the filter drops, leaving nothing.
   */
  frameRateAt?: "filter" | "muxer";
  /** Also write the seek-preview sheet (previews.ts) from the same decoded frames: one more output of the run. */
  previews?: { file: string; layout: PreviewLayout };
  /**
   * Also write the thumbnail (thumbnail.ts): the first decoded frame at or after `atSeconds`, scaled from the source
   * (not from a rendition), as one more output of the run instead of a second ffmpeg that decodes the source again.
   */
  thumbnail?: ThumbnailOutput;
}

export interface ThumbnailOutput {
  file: string;
  atSeconds: number;
  width: number;
  height: number;
}

export const SEGMENT_FILENAME = "seg_%05d.ts";
/** A finished segment's name (SEGMENT_FILENAME); the number is the segment's index. */
export const SEGMENT_NAME = /^seg_(\d{5,})\.ts$/;
/** A segment being written under `-hls_flags temp_file` (ffmpeg 5.1 renames it when complete; the 2018 npm build does not use it). */
export const SEGMENT_TEMP_NAME = /^seg_(\d{5,})\.ts\.tmp$/;
export const VARIANT_PLAYLIST = "index.m3u8";

export function buildLadderArgs(options: LadderArgsOptions): string[] {
  const { input, outDir, rungs, hasAudio, frameRate, preset, segmentSeconds } = options;
  if (rungs.length === 0) throw new RangeError("A ladder needs at least one rung");
  const gop = keyframeInterval(frameRate, segmentSeconds);

  const args = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"];
  if (options.progress ?? true) args.push("-progress", "pipe:1", "-nostats");
  const frameRateAt = options.frameRateAt ?? "filter";
  args.push(
    "-i",
    input,
    "-filter_complex",
    buildFilterGraph(rungs, frameRate, {
      frameRateAt,
      ...(options.previews ? { previews: options.previews.layout } : {}),
      ...(options.thumbnail ? { thumbnail: options.thumbnail } : {}),
    }),
  );

  args.push(...rungOutputArgs(rungs, hasAudio));

  args.push(...x264AlignedArgs(preset, gop, segmentSeconds));
  if (frameRateAt === "muxer") args.push("-r", `${frameRate.num}/${frameRate.den}`, "-vsync", "cfr");
  if (hasAudio) args.push("-c:a", "aac", "-ac", "2", "-ar", "48000");
  args.push(
    "-map_metadata",
    "-1",
    "-max_muxing_queue_size",
    "1024",
    // temp_file: a segment gets its final name only once complete, so the worker can add it to IPFS while ffmpeg goes
    // on (the 2018 npm build writes segments in place: there the worker waits for the next segment to start).
    "-f",
    "hls",
    "-hls_time",
    String(segmentSeconds),
    "-hls_playlist_type",
    "vod",
    "-hls_flags",
    "independent_segments+temp_file",
    "-hls_segment_type",
    "mpegts",
    "-hls_segment_filename",
    `${outDir}/%v/${SEGMENT_FILENAME}`,
    "-var_stream_map",
    rungs.map((_, i) => (hasAudio ? `v:${i},a:${i}` : `v:${i}`)).join(" "),
    `${outDir}/%v/${VARIANT_PLAYLIST}`,
  );
  // A second output file: one JPEG, written when the tile filter has its last frame (at the end of the run).
  if (options.previews) {
    args.push(
      "-map",
      "[previews]",
      "-frames:v",
      "1",
      "-c:v",
      "mjpeg",
      "-q:v",
      "5",
      "-pix_fmt",
      "yuvj420p",
      "-f",
      "image2",
      "-update",
      "1",
      options.previews.file,
    );
  }
  // And one more: the thumbnail, written as soon as its frame is decoded (its branch then ends; the ladder goes on).
  if (options.thumbnail) {
    args.push(
      "-map",
      "[thumbnail]",
      "-frames:v",
      "1",
      "-c:v",
      "mjpeg",
      "-q:v",
      "3",
      "-pix_fmt",
      "yuvj420p",
      "-f",
      "image2",
      "-update",
      "1",
      options.thumbnail.file,
    );
  }
  return args;
}

/**
 * One decode, a constant frame rate, then one scaler per rung (explicit even sizes; square pixels), and the
 * seek-preview sheet (`[previews]`) and the thumbnail (`[thumbnail]`) when asked for.
 */
export function buildFilterGraph(
  rungs: readonly Rung[],
  frameRate: Fraction,
  options: {
    frameRateAt?: "filter" | "muxer";
    previews?: PreviewLayout;
    thumbnail?: Pick<ThumbnailOutput, "atSeconds" | "width" | "height">;
  } = {},
): string {
  const head =
    (options.frameRateAt ?? "filter") === "filter" ? `[0:v:0]fps=${frameRate.num}/${frameRate.den},` : "[0:v:0]";
  const scale = (rung: Rung) => `scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1`;
  const [only] = rungs;
  const extras: string[] = [];
  if (options.previews) extras.push(`${previewFilter(options.previews)}[previews]`);
  // select, then trim: the first frame at or after the time, and the branch ends there (so it holds no frames back).
  const thumbnail = options.thumbnail;
  if (thumbnail)
    extras.push(
      `select=gte(t\\,${thumbnail.atSeconds.toFixed(3)}),trim=end_frame=1,scale=${thumbnail.width}:${thumbnail.height}:flags=bicubic,setsar=1[thumbnail]`,
    );
  if (rungs.length === 1 && only && extras.length === 0) return `${head}${scale(only)}[v0]`;
  const branches = rungs.length + extras.length;
  const split = `${head}split=${branches}${Array.from({ length: branches }, (_, i) => `[s${i}]`).join("")}`;
  const graph = [split, ...rungs.map((rung, i) => `[s${i}]${scale(rung)}[v${i}]`)];
  for (const [i, extra] of extras.entries()) graph.push(`[s${rungs.length + i}]${extra}`);
  return graph.join(";");
}

/** Frames per segment, rounded up so a natural keyframe never comes before the forced one. */
export function keyframeInterval(frameRate: Fraction, segmentSeconds: number): number {
  return Math.max(1, Math.ceil((frameRate.num / frameRate.den) * segmentSeconds - 1e-6));
}

export interface ThumbnailArgsOptions {
  input: string;
  output: string;
  atSeconds: number;
  width: number;
  height: number;
}

/**
 * One JPEG frame; seeking before `-i` is fast and (since ffmpeg 2.1) frame-accurate. The first frame is read without
 * any seek: a stream that cannot seek (raw H.264) yields nothing for even `-ss 0`.
 */
export function buildThumbnailArgs(options: ThumbnailArgsOptions): string[] {
  return [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "error",
    "-y",
    ...(options.atSeconds > 0 ? ["-ss", options.atSeconds.toFixed(3)] : []),
    "-i",
    options.input,
    "-map",
    "0:v:0",
    "-frames:v",
    "1",
    "-an",
    "-sn",
    "-vf",
    `scale=${options.width}:${options.height}:flags=bicubic,setsar=1`,
    "-q:v",
    "3",
    "-f",
    "image2",
    options.output,
  ];
}

/**
 * H.264 (high profile, 4:2:0) with a keyframe exactly every `gop` frames and at every segment boundary, no scene-cut
 * keyframes and closed GOPs: what makes every rung's segments start together. Shared by the VOD and the live ladder.
 */
export function x264AlignedArgs(preset: string, gop: number, segmentSeconds: number, extra: string[] = []): string[] {
  return [
    "-c:v",
    "libx264",
    "-preset",
    preset,
    ...extra,
    "-profile:v",
    "high",
    "-pix_fmt",
    "yuv420p",
    "-g",
    String(gop),
    "-keyint_min",
    String(gop),
    "-sc_threshold",
    "0",
    "-flags",
    "+cgop",
    "-force_key_frames",
    `expr:gte(t,n_forced*${segmentSeconds})`,
  ];
}

/**
 * Each rung's outputs of the ladder's filter graph (`[v0]`, `[v1]`…, and the source's first audio stream when there is
 * one) with its bitrates: shared by the VOD and the live ladder.
 */
export function rungOutputArgs(rungs: readonly Rung[], hasAudio: boolean): string[] {
  const args: string[] = [];
  rungs.forEach((rung, i) => {
    args.push("-map", `[v${i}]`);
    if (hasAudio) args.push("-map", "0:a:0");
    args.push(
      `-b:v:${i}`,
      bitrate(rung.videoBitrate),
      `-maxrate:v:${i}`,
      bitrate(rung.maxBitrate),
      `-bufsize:v:${i}`,
      bitrate(rung.bufferSize),
    );
    if (hasAudio) args.push(`-b:a:${i}`, bitrate(rung.audioBitrate));
  });
  return args;
}

function bitrate(bitsPerSecond: number): string {
  return `${Math.round(bitsPerSecond / 1000)}k`;
}
