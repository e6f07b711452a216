import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AAC_LC_CODEC, avcCodecString, findAvcParameters } from "./codecs.ts";
import { WorkerError, badInput } from "./errors.ts";
import { VARIANT_PLAYLIST, buildLadderArgs } from "./ffmpeg-args.ts";
import { frameRateValue, type Rung } from "./ladder.ts";
import { buildMasterPlaylist } from "./master-playlist.ts";
import { parseMediaPlaylist } from "./media-playlist.ts";
import { PREVIEW_IMAGE, PREVIEW_VTT, type PreviewLayout, buildPreviewVtt, choosePreviewLayout } from "./previews.ts";
import type { Fraction, MediaProbe } from "./probe.ts";
import { lastErrorLine, runTool } from "./process.ts";
import { THUMBNAIL_FILE } from "./thumbnail.ts";
import { ProgressParser, estimateSecondsLeft } from "./progress.ts";

export const MASTER_PLAYLIST = "master.m3u8";
export const DEFAULT_SEGMENT_SECONDS = 2;

export interface TranscodeProgress {
  /** 0..1 of the source duration written. */
  fraction: number;
  etaSeconds: number | undefined;
}

export interface TranscodeOptions {
  ffmpegPath: string;
  probe: MediaProbe;
  /** Lowest first, as chooseLadder returns them. */
  rungs: readonly Rung[];
  frameRate: Fraction;
  preset?: string;
  segmentSeconds?: number;
  signal?: AbortSignal;
  /** Defaults to transcodeTimeoutMs(duration). */
  timeoutMs?: number;
  onProgress?: (progress: TranscodeProgress) => void;
  /**
   * Work that follows ffmpeg's output as it is written (the worker adds segments to IPFS): started with each rung's
   * segment directory (existing, empty; rung order) just before ffmpeg, and the function it returns is awaited once
   * ffmpeg has exited, however it ended, before anything is checked or renamed.
   */
  whileEncoding?: (segmentDirs: readonly string[]) => () => Promise<unknown>;
  /** Make the seek-preview sheet and track in the same run (default true). */
  previews?: boolean;
  /**
   * Also write THUMBNAIL_FILE in the same run: the first frame at or after `atSeconds`, at this size (thumbnail.ts).
   * A source with no frame there (a damaged tail) gives none: `TranscodeResult.thumbnail` is then absent.
   */
  thumbnail?: { atSeconds: number; width: number; height: number };
}

export interface Rendition {
  name: string;
  width: number;
  height: number;
  /** Peak segment bitrate, bits per second. */
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  /** Relative to the output directory, e.g. "240p/index.m3u8". */
  playlist: string;
  segmentCount: number;
}

export interface TranscodeResult {
  /** Lowest first, as in master.m3u8. */
  renditions: Rendition[];
  segmentCount: number;
  /** Duration actually written (sum of the segment durations). */
  outputSeconds: number;
  framesPerSecond: number;
  /** The seek-preview sheet and its WebVTT track, relative to the output directory (absent if none came out). */
  previews?: { vtt: string; image: string; layout: PreviewLayout };
  /** THUMBNAIL_FILE, when it was asked for and came out. */
  thumbnail?: { atSeconds: number; width: number; height: number };
}

/**
 * A generous limit that still stops a stuck ffmpeg: two minutes plus twenty times the media duration (a three-rung
 * veryfast ladder runs at about 1.2x realtime on two cores; a busy machine or a 1080p source is slower).
 */
export function transcodeTimeoutMs(durationSeconds: number): number {
  return 120_000 + Math.ceil(durationSeconds * 20_000);
}

/**
 * Transcodes the whole ladder in one ffmpeg run and checks what it wrote (ffmpeg can exit 0 having written
 * nothing useful, so its outputs are what count): every playlist complete, the same number of segments in
 * every rendition, and the segments covering the source's duration. Then writes master.m3u8.
 * `outDir` is emptied first. Layout: master.m3u8, <rung>/index.m3u8, <rung>/seg_00000.ts...
 */
export async function transcodeLadder(
  input: string,
  outDir: string,
  options: TranscodeOptions,
): Promise<TranscodeResult> {
  const { probe, rungs, frameRate } = options;
  const segmentSeconds = options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS;
  const hasAudio = probe.audio !== null;
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const segmentDirs = rungs.map((_, i) => path.join(outDir, String(i)));
  const previewLayout =
    options.previews === false
      ? undefined
      : choosePreviewLayout(probe.durationSeconds, probe.video.width, probe.video.height);
  const previewFile = path.join(outDir, PREVIEW_IMAGE);
  const thumbnailFile = path.join(outDir, THUMBNAIL_FILE);
  const startedAt = Date.now();

  const runLadder = async (frameRateAt: "filter" | "muxer") => {
    // ffmpeg would make them too; made here so they can be watched from the first segment on.
    for (const dir of segmentDirs) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
    }
    await rm(previewFile, { force: true });
    await rm(thumbnailFile, { force: true });
    const args = buildLadderArgs({
      input,
      outDir,
      rungs,
      hasAudio,
      frameRate,
      preset: options.preset ?? "veryfast",
      segmentSeconds,
      frameRateAt,
      ...(previewLayout ? { previews: { file: previewFile, layout: previewLayout } } : {}),
      ...(options.thumbnail ? { thumbnail: { file: thumbnailFile, ...options.thumbnail } } : {}),
    });
    const parser = new ProgressParser();
    const stopFollowing = options.whileEncoding?.(segmentDirs);
    let run;
    try {
      run = await runTool(options.ffmpegPath, args, {
        timeoutMs: options.timeoutMs ?? transcodeTimeoutMs(probe.durationSeconds),
        ...(options.signal ? { signal: options.signal } : {}),
        onStdoutLine: (line) => {
          const update = parser.push(line);
          if (!update || !options.onProgress) return;
          const fraction = Math.min(1, update.outTimeSeconds / probe.durationSeconds);
          options.onProgress({ fraction, etaSeconds: estimateSecondsLeft(fraction, Date.now() - startedAt) });
        },
      });
    } finally {
      await stopFollowing?.();
    }
    if (run.timedOut) {
      throw new WorkerError(
        "transcode-timeout",
        "Converting this video took too long and was stopped. Try again later, or upload a shorter video.",
        {
          retryable: true,
          detail: `killed after ${Math.round((Date.now() - startedAt) / 1000)} s`,
        },
      );
    }
    return { run, variants: await Promise.all(segmentDirs.map((dir) => readVariant(dir))) };
  };

  let { run, variants } = await runLadder("filter");
  // The fps filter drops a frame that has no duration; when that was the only frame, nothing was written. Once more
  // with the frame rate made at the output (cheap: such a clip is one frame).
  if (variants.every((v) => !v.ok && v.noFrames)) {
    ({ run, variants } = await runLadder("muxer"));
    if (variants.every((v) => !v.ok && v.noFrames))
      throw badInput.noDecodableFrames(`ffmpeg exit ${run.exitCode}: ${lastErrorLine(run.stderrTail)}`);
  }
  const failure = describeFailure(variants, run.exitCode, run.stderrTail);
  if (failure) throw failure;
  const complete = variants as CompleteVariant[];
  const segmentCount = complete[0]?.segments.length ?? 0;
  const outputSeconds = complete[0]?.segments.reduce((sum, s) => sum + s.durationSeconds, 0) ?? 0;
  const tolerance = Math.max(1, probe.durationSeconds * 0.05);
  if (outputSeconds + tolerance < probe.durationSeconds) throw badInput.truncated(outputSeconds, probe.durationSeconds);

  const renditions: Rendition[] = [];
  for (const [i, rung] of rungs.entries()) {
    const variant = complete[i];
    if (!variant) continue;
    await rename(path.join(outDir, String(i)), path.join(outDir, rung.name));
    const videoCodec = await readVideoCodec(path.join(outDir, rung.name, variant.segments[0]?.uri ?? ""));
    renditions.push({
      name: rung.name,
      width: rung.width,
      height: rung.height,
      ...measureBandwidth(variant.segments),
      codecs: hasAudio ? `${videoCodec},${AAC_LC_CODEC}` : videoCodec,
      playlist: `${rung.name}/${VARIANT_PLAYLIST}`,
      segmentCount: variant.segments.length,
    });
  }

  const framesPerSecond = frameRateValue(frameRate);
  await writeFile(
    path.join(outDir, MASTER_PLAYLIST),
    buildMasterPlaylist(
      renditions.map((r) => ({
        uri: r.playlist,
        bandwidth: r.bandwidth,
        averageBandwidth: r.averageBandwidth,
        width: r.width,
        height: r.height,
        codecs: r.codecs,
        framesPerSecond,
      })),
    ),
  );
  // Previews are a convenience: a video whose sheet did not come out (no frame at a tile's time) publishes without.
  const previewBytes = await stat(previewFile).then(
    (s) => s.size,
    () => 0,
  );
  let previews: TranscodeResult["previews"];
  if (previewLayout && previewBytes > 0) {
    await writeFile(path.join(outDir, PREVIEW_VTT), buildPreviewVtt(previewLayout, probe.durationSeconds));
    previews = { vtt: PREVIEW_VTT, image: PREVIEW_IMAGE, layout: previewLayout };
  } else await rm(previewFile, { force: true });
  const thumbnailBytes = options.thumbnail
    ? await stat(thumbnailFile).then(
        (s) => s.size,
        () => 0,
      )
    : 0;
  if (options.thumbnail && thumbnailBytes === 0) await rm(thumbnailFile, { force: true });
  return {
    renditions,
    segmentCount,
    outputSeconds,
    framesPerSecond,
    ...(previews ? { previews } : {}),
    ...(options.thumbnail && thumbnailBytes > 0 ? { thumbnail: options.thumbnail } : {}),
  };
}

interface SegmentFile {
  uri: string;
  durationSeconds: number;
  bytes: number;
}

interface CompleteVariant {
  ok: true;
  segments: SegmentFile[];
}

/** `noFrames`: the playlist came out but holds no frame (no segment, or only an empty one). */
type VariantCheck = CompleteVariant | { ok: false; reason: string; noFrames?: true };

async function readVariant(dir: string): Promise<VariantCheck> {
  let text: string;
  try {
    text = await readFile(path.join(dir, VARIANT_PLAYLIST), "utf8");
  } catch {
    return { ok: false, reason: `${path.basename(dir)}: no playlist` };
  }
  let playlist;
  try {
    playlist = parseMediaPlaylist(text);
  } catch (error) {
    return { ok: false, reason: `${path.basename(dir)}: ${(error as Error).message}` };
  }
  if (!playlist.ended) return { ok: false, reason: `${path.basename(dir)}: playlist not finished` };
  if (playlist.segments.length === 0)
    return { ok: false, reason: `${path.basename(dir)}: no segments`, noFrames: true };
  const segments: SegmentFile[] = [];
  for (const segment of playlist.segments) {
    const bytes = await stat(path.join(dir, segment.uri)).then(
      (s) => s.size,
      () => 0,
    );
    if (bytes === 0) {
      const noFrames = playlist.segments.length === 1 ? { noFrames: true as const } : {};
      return { ok: false, reason: `${path.basename(dir)}: segment ${segment.uri} missing or empty`, ...noFrames };
    }
    segments.push({ ...segment, bytes });
  }
  return { ok: true, segments };
}

function describeFailure(variants: VariantCheck[], exitCode: number | null, stderr: string): WorkerError | undefined {
  const broken = variants.find((v): v is { ok: false; reason: string } => !v.ok);
  if (broken) {
    const detail = `${broken.reason}; ffmpeg exit ${exitCode}: ${lastErrorLine(stderr)}`;
    if (/Invalid data found|partial file|error while decoding|moov atom not found|corrupt/i.test(stderr))
      return badInput.corrupt(detail);
    return new WorkerError(
      "transcode-failed",
      "We couldn't convert this video. Export it as an H.264 MP4 and upload it again.",
      { detail },
    );
  }
  const counts = variants.map((v) => (v.ok ? v.segments.length : 0));
  if (new Set(counts).size > 1) {
    return new WorkerError(
      "transcode-failed",
      "We couldn't convert this video. Export it as an H.264 MP4 and upload it again.",
      {
        detail: `renditions have different segment counts: ${counts.join(", ")}`,
      },
    );
  }
  return undefined;
}

/**
 * BANDWIDTH is the peak bitrate of any segment (RFC 8216 §4.3.4.2). A final segment much shorter than the others
 * is mostly its keyframe and would overstate the peak, so it counts only when it is all there is.
 */
export function measureBandwidth(segments: readonly { durationSeconds: number; bytes: number }[]): {
  bandwidth: number;
  averageBandwidth: number;
} {
  const totalBytes = segments.reduce((sum, s) => sum + s.bytes, 0);
  const totalSeconds = segments.reduce((sum, s) => sum + s.durationSeconds, 0);
  const longest = Math.max(...segments.map((s) => s.durationSeconds));
  const counted = segments.filter((s) => s.durationSeconds >= longest / 2);
  const peak = Math.max(...counted.map((s) => (s.bytes * 8) / Math.max(s.durationSeconds, 0.001)));
  return { bandwidth: Math.ceil(peak), averageBandwidth: Math.ceil((totalBytes * 8) / Math.max(totalSeconds, 0.001)) };
}

/** The rendition's H.264 codec string, from the SPS at the start of its first segment. */
export async function readVideoCodec(segment: string): Promise<string> {
  const handle = await open(segment, "r");
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const parameters = findAvcParameters(buffer.subarray(0, bytesRead));
    if (parameters) return avcCodecString(parameters);
  } finally {
    await handle.close();
  }
  throw new WorkerError(
    "transcode-failed",
    "We couldn't convert this video. Export it as an H.264 MP4 and upload it again.",
    {
      detail: `no H.264 sequence parameter set at the start of ${segment}`,
    },
  );
}
