import { rm, stat } from "node:fs/promises";
import { WorkerError } from "./errors.ts";
import { buildThumbnailArgs } from "./ffmpeg-args.ts";
import { evenAtMost } from "./ladder.ts";
import { lastErrorLine, runTool } from "./process.ts";

export const THUMBNAIL_FILE = "thumbnail.jpg";
const THUMBNAIL_MAX_WIDTH = 640;
/** Far enough in to skip black intros and title fades, early enough to exist in any clip. */
export const THUMBNAIL_POSITION = 0.1;

/** At most 640 px wide, the source's aspect ratio, even dimensions, never upscaled. */
export function thumbnailSize(
  width: number,
  height: number,
  maxWidth = THUMBNAIL_MAX_WIDTH,
): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width);
  return { width: evenAtMost(width * scale, width), height: evenAtMost(height * scale, height) };
}

export interface ThumbnailOptions {
  ffmpegPath: string;
  durationSeconds: number;
  /** Display size of the source. */
  width: number;
  height: number;
  signal?: AbortSignal;
}

/**
 * Extracts one frame at ~10 % of the duration from the source (better quality than any rendition) in an ffmpeg run of
 * its own. If seeking there yields no frame (a damaged tail, an odd container), falls back to the first frame. The
 * worker normally takes the thumbnail in the ladder's run (transcode.ts, `thumbnail`: no second decode); this is for
 * a source that gave none there.
 */
export async function makeThumbnail(
  input: string,
  output: string,
  options: ThumbnailOptions,
): Promise<{ width: number; height: number; atSeconds: number }> {
  const size = thumbnailSize(options.width, options.height);
  let lastError = "";
  for (const atSeconds of [options.durationSeconds * THUMBNAIL_POSITION, 0]) {
    await rm(output, { force: true });
    const run = await runTool(options.ffmpegPath, buildThumbnailArgs({ input, output, atSeconds, ...size }), {
      timeoutMs: 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const bytes = await stat(output).then(
      (s) => s.size,
      () => 0,
    );
    if (bytes > 0) return { ...size, atSeconds };
    lastError = run.timedOut ? "timed out" : lastErrorLine(run.stderrTail);
  }
  throw new WorkerError(
    "transcode-failed",
    "We couldn't take a thumbnail from this video. Export it again and upload it.",
    { detail: lastError },
  );
}
