// The worker's public surface: the in-process server for the stack and tests, and the pure pipeline steps for the
// benchmark and tools. Named exports only.
export { startWorker, type RunningWorker } from "./worker.ts";
export { loadConfig, resolveConfig, DEFAULTS, type WorkerConfig } from "./config.ts";
export {
  runPipeline,
  prepareVideo,
  writeManifest,
  type PipelineOptions,
  type PipelineResult,
  type PrepareOptions,
  type PreparedVideo,
} from "./pipeline.ts";
export {
  transcodeLadder,
  transcodeTimeoutMs,
  measureBandwidth,
  MASTER_PLAYLIST,
  DEFAULT_SEGMENT_SECONDS,
  type TranscodeOptions,
  type TranscodeResult,
  type Rendition,
} from "./transcode.ts";
export {
  buildLadderArgs,
  buildFilterGraph,
  buildThumbnailArgs,
  keyframeInterval,
  type LadderArgsOptions,
} from "./ffmpeg-args.ts";
export {
  chooseLadder,
  chooseOutputFrameRate,
  fitInBox,
  nominalBandwidth,
  RUNG_SIZES,
  type Rung,
  type LadderOptions,
  type LadderSource,
} from "./ladder.ts";
export { probeMedia, interpretProbe, type MediaProbe, type Fraction } from "./probe.ts";
export { resolveMediaTools, type MediaTools, type MediaTool } from "./media-tools.ts";
export { makeThumbnail, thumbnailSize, THUMBNAIL_FILE } from "./thumbnail.ts";
export { buildMasterPlaylist, parseMasterPlaylist, type MasterVariant } from "./master-playlist.ts";
export { parseMediaPlaylist, type MediaPlaylist } from "./media-playlist.ts";
export {
  buildManifest,
  serializeManifest,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  type VideoManifest,
  type ManifestRendition,
} from "./manifest.ts";
export { parseDetails, InvalidDetails, TITLE_MAX_CHARS, DESCRIPTION_MAX_CHARS, type VideoDetails } from "./details.ts";
export {
  addDirectoryToIpfs,
  addDirectoryReusing,
  publishDirectory,
  listDirectory,
  withRetry,
  type PublishOptions,
  type AddedFile,
} from "./publish.ts";
export { SegmentAdder } from "./segment-adder.ts";
export { buildDirectoryTree, type DirectoryTree, type FileLink } from "./directory-dag.ts";
export { WorkerError, type JobError, type WorkerErrorCode } from "./errors.ts";
export type { Job, JobStatus, JobMedia } from "./jobs.ts";
export { LiveManager, type LiveOptions } from "./live/manager.ts";
export { buildLiveArgs, type LiveArgsOptions } from "./live/live-args.ts";
