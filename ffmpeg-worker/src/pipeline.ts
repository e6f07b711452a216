import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { VideoDetails } from "./details.ts";
import { type WorkerError, badInput } from "./errors.ts";
import { chooseLadder, chooseOutputFrameRate, type Rung } from "./ladder.ts";
import type { ManifestAccess } from "@chorus/protocol";
import { MANIFEST_FILE, buildManifest, serializeManifest, type VideoManifest } from "./manifest.ts";
import { probeMedia, type MediaProbe } from "./probe.ts";
import { type AddedFile, publishDirectory, type PublishOptions } from "./publish.ts";
import { SegmentAdder } from "./segment-adder.ts";
import { THUMBNAIL_FILE, THUMBNAIL_POSITION, makeThumbnail, thumbnailSize } from "./thumbnail.ts";
import { DEFAULT_SEGMENT_SECONDS, transcodeLadder, type Rendition, type TranscodeProgress } from "./transcode.ts";

/**
 * The job-independent steps from a source file to a published directory, used by the worker's job runner and by
 * the benchmark: prepareVideo (probe → ladder → one ffmpeg run for the ladder, the seek previews and the thumbnail), then writeManifest and publishDirectory.
 */
export interface PrepareOptions {
  ffmpegPath: string;
  ffprobePath: string;
  maxHeight: number;
  preset: string;
  segmentSeconds?: number;
  signal?: AbortSignal;
  /** After probing, before transcoding: what will be made. */
  onProbed?: (probe: MediaProbe, rungs: readonly Rung[]) => void;
  onTranscodeProgress?: (progress: TranscodeProgress) => void;
  /** The ladder and the thumbnail are made. */
  onTranscoded?: () => void;
  /**
   * Add segments to this IPFS node while ffmpeg writes the rest (segment-adder.ts), for a publish that follows; they
   * are listed in `PreparedVideo.added`. `onError` gets the first failure, after which adding stops (the transcode
   * goes on; publishing adds what is missing).
   */
  addSegmentsTo?: { kuboRpcUrl: string; onError?: (error: WorkerError) => void };
}

/** What the transcode produced; enough to write the manifest later, when the details arrive. */
export interface PreparedVideo {
  probe: MediaProbe;
  renditions: Rendition[];
  segmentSeconds: number;
  framesPerSecond: number;
  thumbnail: { width: number; height: number };
  /** The seek-preview track and sheet (file names in the output directory), when they came out. */
  previews?: { vtt: string; image: string };
  /** Files already in IPFS (added during the transcode, unpinned), for publishDirectory's `added`. */
  added?: AddedFile[];
  /** Paid / members-only: the segments after the preview are encrypted (encrypt.ts); the manifest records this. */
  access?: ManifestAccess;
}

export async function prepareVideo(input: string, outDir: string, options: PrepareOptions): Promise<PreparedVideo> {
  const signalOption = options.signal ? { signal: options.signal } : {};
  const { size } = await stat(input);
  if (size === 0) throw badInput.emptyFile();

  const probe = await probeMedia(options.ffprobePath, input, { ...signalOption, ffmpegPath: options.ffmpegPath });
  const rungs = chooseLadder(
    { width: probe.video.width, height: probe.video.height, frameRate: probe.video.frameRate },
    { maxHeight: options.maxHeight },
  );
  options.onProbed?.(probe, rungs);

  const segmentSeconds = options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS;
  const addSegmentsTo = options.addSegmentsTo;
  let adder: SegmentAdder | undefined;
  // The thumbnail is one more output of the ladder's ffmpeg run (one decode of the source, not two: a second ffmpeg
  // beside the ladder took CPU from it on every upload). Only a source with no frame at that time (a damaged tail)
  // costs a separate run after the ladder, which also tries the first frame.
  const thumbnailAt = {
    atSeconds: probe.durationSeconds * THUMBNAIL_POSITION,
    ...thumbnailSize(probe.video.width, probe.video.height),
  };
  const transcoded = await transcodeLadder(input, outDir, {
    ffmpegPath: options.ffmpegPath,
    probe,
    rungs,
    frameRate: chooseOutputFrameRate(probe.video.frameRate),
    preset: options.preset,
    segmentSeconds,
    thumbnail: thumbnailAt,
    ...signalOption,
    ...(options.onTranscodeProgress ? { onProgress: options.onTranscodeProgress } : {}),
    ...(addSegmentsTo && {
      whileEncoding: (segmentDirs: readonly string[]) => {
        adder = new SegmentAdder({
          kuboRpcUrl: addSegmentsTo.kuboRpcUrl,
          // transcodeLadder renames directory i to rung i's name once ffmpeg is done: record the final paths.
          directories: segmentDirs.map((dir, i) => ({ dir, publishedAs: rungs[i]!.name })),
          ...signalOption,
          ...(addSegmentsTo.onError ? { onError: addSegmentsTo.onError } : {}),
        });
        adder.start();
        return () => adder!.stop();
      },
    }),
  });
  const thumbnail =
    transcoded.thumbnail ??
    (await makeThumbnail(input, path.join(outDir, THUMBNAIL_FILE), {
      ffmpegPath: options.ffmpegPath,
      durationSeconds: probe.durationSeconds,
      width: probe.video.width,
      height: probe.video.height,
      ...signalOption,
    }));
  options.onTranscoded?.();
  return {
    probe,
    renditions: transcoded.renditions,
    segmentSeconds,
    framesPerSecond: transcoded.framesPerSecond,
    thumbnail: { width: thumbnail.width, height: thumbnail.height },
    ...(transcoded.previews ? { previews: { vtt: transcoded.previews.vtt, image: transcoded.previews.image } } : {}),
    ...(adder ? { added: [...adder.added] } : {}),
  };
}

/** Writes manifest.json into the output directory (so it is published with the rest) and returns it. */
export async function writeManifest(
  outDir: string,
  prepared: PreparedVideo,
  details: VideoDetails,
  source: { filename: string; bytes: number },
  createdAt = new Date(),
): Promise<VideoManifest> {
  const manifest = buildManifest({
    details,
    probe: prepared.probe,
    renditions: prepared.renditions,
    segmentSeconds: prepared.segmentSeconds,
    source,
    createdAt,
    ...(prepared.previews ? { previews: prepared.previews } : {}),
    ...(prepared.access ? { access: prepared.access } : {}),
  });
  await writeFile(path.join(outDir, MANIFEST_FILE), serializeManifest(manifest));
  return manifest;
}

export interface PipelineOptions extends PrepareOptions {
  /** With details the manifest is written; without, the output has no manifest.json. */
  details?: VideoDetails;
  /** Defaults to the input's basename and size. */
  source?: { filename: string; bytes: number };
  /** With details and an IPFS RPC URL the output directory is also published. */
  publish?: Omit<PublishOptions, "signal">;
}

export interface PipelineResult {
  prepared: PreparedVideo;
  manifest: VideoManifest | undefined;
  manifestCid: string | undefined;
}

/**
 * The whole pipeline in one call, for tools and the benchmark (the worker runs the same steps per job). When it is
 * to publish, segments are added to IPFS during the transcode, and publishing reuses them.
 */
export async function runPipeline(input: string, outDir: string, options: PipelineOptions): Promise<PipelineResult> {
  const willPublish = options.details !== undefined && options.publish !== undefined;
  const prepared = await prepareVideo(input, outDir, {
    ...options,
    ...(willPublish && !options.addSegmentsTo ? { addSegmentsTo: { kuboRpcUrl: options.publish!.kuboRpcUrl } } : {}),
  });
  if (!options.details) return { prepared, manifest: undefined, manifestCid: undefined };
  const source = options.source ?? { filename: path.basename(input), bytes: (await stat(input)).size };
  const manifest = await writeManifest(outDir, prepared, options.details, source);
  if (!options.publish) return { prepared, manifest, manifestCid: undefined };
  const manifestCid = await publishDirectory(outDir, {
    ...(prepared.added ? { added: prepared.added } : {}),
    ...options.publish,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { prepared, manifest, manifestCid };
}
