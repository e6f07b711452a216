import { badInput } from "./errors.ts";
import { frameRateValue } from "./ladder.ts";
import type { Fraction } from "./probe.ts";
import { lastErrorLine, runTool } from "./process.ts";
import { ProgressParser } from "./progress.ts";

const MEASURE_TIMEOUT_MS = 10 * 60_000;
/** When the stream states no usable frame rate, one frame is taken to last this long. */
const FALLBACK_FRAME_SECONDS = 1 / 30;

export interface MeasuredDuration {
  /** Video packets (= frames) read. */
  frames: number;
  seconds: number;
}

/**
 * Measures a video stream's length when its container does not record one (a recording streamed to a file: WebM
 * from a browser's MediaRecorder, WMV written to a pipe; a raw H.264 stream). ffmpeg copies every video packet to
 * the null muxer: that reads each packet's timestamp without decoding, a fraction of a second even for a long file,
 * where decoding would cost a good part of the transcode itself (the transcode then decodes every frame anyway and
 * checks the output against this length). The length is the last packet's time plus one frame.
 */
export async function measureVideoDuration(
  ffmpegPath: string,
  file: string,
  options: { frameRate?: Fraction | null; signal?: AbortSignal } = {},
): Promise<MeasuredDuration> {
  const parser = new ProgressParser();
  let frames = 0;
  const result = await runTool(
    ffmpegPath,
    [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      "-i",
      file,
      "-map",
      "0:v:0",
      "-c",
      "copy",
      "-f",
      "null",
      "-progress",
      "pipe:1",
      "-nostats",
      "-",
    ],
    {
      timeoutMs: MEASURE_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      onStdoutLine: (line) => {
        const frame = /^frame=(\d+)$/.exec(line.trim());
        if (frame) frames = Math.max(frames, Number(frame[1]));
        parser.push(line);
      },
    },
  );
  if (result.timedOut || (result.exitCode !== 0 && frames === 0))
    throw badInput.corrupt(
      `measuring the duration: ${result.timedOut ? "timed out" : lastErrorLine(result.stderrTail)}`,
    );
  if (frames === 0) throw badInput.noFrames();
  const fps = frameRateValue(options.frameRate);
  const frameSeconds = fps > 0 ? 1 / fps : FALLBACK_FRAME_SECONDS;
  return { frames, seconds: Math.round((parser.outTimeSeconds + frameSeconds) * 1000) / 1000 };
}
