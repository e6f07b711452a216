import { badInput, toolCrashed } from "./errors.ts";
import { measureVideoDuration } from "./measure.ts";
import { lastErrorLine, runTool } from "./process.ts";

/** A rational number as ffprobe reports frame rates ("30000/1001"). */
export interface Fraction {
  num: number;
  den: number;
}

export interface MediaProbe {
  /** From the container, or measured by reading every video packet when the container does not say (measure.ts). */
  durationSeconds: number;
  /** Short container name for people: mp4, mov, webm, mkv, mpegts, avi... */
  container: string;
  video: {
    codec: string;
    /** Display size: sample aspect ratio and rotation already applied, as ffmpeg will output it. */
    width: number;
    height: number;
    frameRate: Fraction | null;
    rotation: 0 | 90 | 180 | 270;
  };
  audio: { codec: string } | null;
}

/** The parts of `ffprobe -print_format json -show_format -show_streams` the worker reads. */
export interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
  streams?: FfprobeStream[];
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

const PROBE_TIMEOUT_MS = 60_000;

/** Demuxers that accept almost any bytes (text and binary "art" formats) and so prove nothing. */
const TEXT_ART_FORMATS = new Set(["tty", "bin", "adf", "idf", "xbin"]);
const TEXT_ART_CODECS = new Set(["ansi", "bintext", "xbin", "idf"]);

/** What ffprobe alone tells: the duration is unknown when the container does not record it (a streamed WMV or WebM). */
export type ProbedMedia = Omit<MediaProbe, "durationSeconds"> & { durationSeconds: number | undefined };

export interface ProbeOptions {
  signal?: AbortSignal;
  /**
   * ffmpeg, to measure the duration when the container does not record it (a recording streamed to a file, a raw
   * H.264 stream). Without it such a file fails with `corrupt-video`.
   */
  ffmpegPath?: string;
}

/** Probes a file on disk (never a pipe: an MP4 with its index at the end can only be read by seeking). */
export async function probeMedia(ffprobePath: string, file: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  const result = await runTool(
    ffprobePath,
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file],
    {
      captureStdout: true,
      timeoutMs: PROBE_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  if (result.timedOut) throw badInput.corrupt("ffprobe timed out");
  const crashSignal =
    result.exitSignal ?? (result.exitCode !== null && result.exitCode > 128 ? `exit code ${result.exitCode}` : null);
  if (crashSignal) throw toolCrashed("ffprobe", crashSignal);
  let parsed: FfprobeOutput | undefined;
  try {
    parsed = result.exitCode === 0 ? (JSON.parse(result.stdout) as FfprobeOutput) : undefined;
  } catch {
    parsed = undefined;
  }
  const probed = interpretProbe(parsed, result.stderrTail);
  if (probed.durationSeconds !== undefined) return { ...probed, durationSeconds: probed.durationSeconds };
  if (!options.ffmpegPath) throw badInput.noDuration();
  const measured = await measureVideoDuration(options.ffmpegPath, file, {
    frameRate: probed.video.frameRate,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...probed, durationSeconds: measured.seconds };
}

/** Decides from ffprobe's answer whether this is a video the worker can publish, and what it is. Throws bad-input errors. */
export function interpretProbe(output: FfprobeOutput | undefined, stderr: string): ProbedMedia {
  if (!output) {
    if (/moov atom not found/i.test(stderr)) throw badInput.corrupt(lastErrorLine(stderr));
    if (/Invalid data found when processing input/i.test(stderr)) throw badInput.notAVideo(lastErrorLine(stderr));
    throw badInput.corrupt(lastErrorLine(stderr) || "ffprobe failed");
  }
  const formatName = output.format?.format_name ?? "";
  const streams = output.streams ?? [];
  const videoStreams = streams.filter((s) => s.codec_type === "video");
  const audio = streams.find((s) => s.codec_type === "audio");

  if (TEXT_ART_FORMATS.has(formatName) || videoStreams.some((s) => TEXT_ART_CODECS.has(s.codec_name ?? ""))) {
    throw badInput.notAVideo(`probed as ${formatName}`);
  }
  if (formatName === "image2" || formatName.endsWith("_pipe")) throw badInput.imageNotVideo();
  // Cover art in music files is a "video" stream of one picture.
  const video = videoStreams.find((s) => s.disposition?.attached_pic !== 1);
  if (!video) {
    if (audio) throw badInput.audioOnly();
    if (videoStreams.length > 0) throw badInput.imageNotVideo();
    throw badInput.notAVideo(`no audio or video streams in ${formatName || "unknown format"}`);
  }
  if (!video.codec_name || !video.width || !video.height) throw badInput.corrupt("video stream without codec or size");

  const durationSeconds = firstPositive(
    parseSeconds(output.format?.duration),
    parseSeconds(video.duration),
    parseClock(video.tags?.["DURATION"]),
    parseClock(output.format?.tags?.["DURATION"]),
  );

  const rotation = readRotation(video);
  const sar = parseFraction(video.sample_aspect_ratio);
  const storedWidth = sar && sar.num > 0 && sar.den > 0 ? Math.round((video.width * sar.num) / sar.den) : video.width;
  const turned = rotation === 90 || rotation === 270;

  return {
    durationSeconds,
    container: containerName(formatName, output.format?.tags, video.codec_name),
    video: {
      codec: video.codec_name,
      width: turned ? video.height : storedWidth,
      height: turned ? storedWidth : video.height,
      frameRate:
        validFrameRate(parseFraction(video.avg_frame_rate)) ?? validFrameRate(parseFraction(video.r_frame_rate)),
      rotation,
    },
    audio: audio ? { codec: audio.codec_name ?? "unknown" } : null,
  };
}

function firstPositive(...values: (number | undefined)[]): number | undefined {
  return values.find((v) => v !== undefined && Number.isFinite(v) && v > 0);
}

function parseSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value === "N/A") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Matroska keeps durations as "00:01:02.500000000" tags. */
function parseClock(value: string | undefined): number | undefined {
  const match = value ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim()) : null;
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function parseFraction(value: string | undefined): Fraction | undefined {
  const match = value ? /^(\d+)[/:](\d+)$/.exec(value) : null;
  if (!match) return undefined;
  return { num: Number(match[1]), den: Number(match[2]) };
}

function validFrameRate(rate: Fraction | undefined): Fraction | null {
  if (!rate || rate.den === 0) return null;
  const fps = rate.num / rate.den;
  return fps >= 1 && fps <= 1000 ? rate : null;
}

function readRotation(stream: FfprobeStream): MediaProbe["video"]["rotation"] {
  const fromSideData = stream.side_data_list?.find((d) => typeof d.rotation === "number")?.rotation;
  const raw = fromSideData ?? Number(stream.tags?.["rotate"] ?? 0);
  const normalised = (((Math.round(raw / 90) * 90) % 360) + 360) % 360;
  return normalised === 90 || normalised === 180 || normalised === 270 ? normalised : 0;
}

function containerName(formatName: string, tags: Record<string, string> | undefined, videoCodec: string): string {
  if (formatName.startsWith("mov,mp4")) return tags?.["major_brand"]?.trim() === "qt" ? "mov" : "mp4";
  if (formatName === "matroska,webm") return ["vp8", "vp9", "av1"].includes(videoCodec) ? "webm" : "mkv";
  return formatName.split(",")[0] ?? formatName;
}
