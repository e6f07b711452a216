import {
  keyframeInterval,
  rungOutputArgs,
  SEGMENT_FILENAME,
  VARIANT_PLAYLIST,
  x264AlignedArgs,
} from "../ffmpeg-args.ts";
import type { Rung } from "../ladder.ts";
import type { Fraction } from "../probe.ts";

export interface LiveArgsOptions {
  /** Rungs, lowest first; output `<outDir>/<index>/`. */
  rungs: readonly Rung[];
  hasAudio: boolean;
  frameRate: Fraction;
  preset: string;
  segmentSeconds: number;
  outDir: string;
  /** What arrives on stdin: FLV from RTMP (default) or WebM from the browser's MediaRecorder (browser-ingest.ts). */
  input?: "flv" | "webm";
}

/**
 * ffmpeg reading the encoder's stream as FLV on stdin (the RTMP server hands it over) and writing the live ladder as
 * short HLS segments. As for VOD (ffmpeg-args.ts): one decode, a constant frame rate, a scaler per rung, a keyframe at
 * every segment boundary in every rung (so renditions stay aligned and a player switches at any segment). Live
 * differs in `-tune zerolatency` (no lookahead or B-frame delay: a segment is complete as its last frame is encoded),
 * and in the playlist, which ffmpeg rewrites as each segment completes (`temp_file`: a segment has its final name only
 * once complete) — the worker reads it to learn each segment's duration.
 */
export function buildLiveArgs(options: LiveArgsOptions): string[] {
  const { rungs, hasAudio, frameRate, preset, segmentSeconds, outDir } = options;
  const gop = keyframeInterval(frameRate, segmentSeconds);
  const fps = `${frameRate.num}/${frameRate.den}`;
  const scale = (rung: Rung) => `scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1`;
  const graph =
    rungs.length === 1
      ? `[0:v:0]fps=${fps},${scale(rungs[0]!)}[v0]`
      : [
          `[0:v:0]fps=${fps},split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join("")}`,
          ...rungs.map((rung, i) => `[s${i}]${scale(rung)}[v${i}]`),
        ].join(";");
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-fflags",
    "+genpts",
    "-f",
    options.input === "webm" ? "matroska" : "flv",
    "-i",
    "pipe:0",
    "-filter_complex",
    graph,
  ];
  args.push(...rungOutputArgs(rungs, hasAudio));
  args.push(...x264AlignedArgs(preset, gop, segmentSeconds, ["-tune", "zerolatency"]));
  if (hasAudio) args.push("-c:a", "aac", "-ac", "2", "-ar", "48000");
  args.push(
    "-map_metadata",
    "-1",
    "-max_muxing_queue_size",
    "1024",
    "-f",
    "hls",
    "-hls_time",
    String(segmentSeconds),
    "-hls_list_size",
    "0",
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
  return args;
}
