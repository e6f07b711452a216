import type { JobError } from "@chorus/protocol";

/**
 * Every failure a job can end with. Each carries a message written for the creator (shown as is in the
 * upload page) and whether trying again later could succeed: bad input never can (permanent, reported once),
 * an unreachable IPFS node or an overloaded machine can (retryable).
 */
export type WorkerErrorCode =
  | "empty-file"
  | "not-a-video"
  | "image-not-video"
  | "no-video-stream"
  | "corrupt-video"
  | "truncated-video"
  | "too-short"
  | "transcode-failed"
  | "transcode-timeout"
  | "tool-crashed"
  | "ipfs-unreachable"
  | "ipfs-error"
  | "interrupted"
  | "internal";

/** The `error` field of a job as the API returns it (@chorus/protocol). */
export type { JobError } from "@chorus/protocol";

export class WorkerError extends Error {
  override readonly name = "WorkerError";
  readonly code: WorkerErrorCode;
  readonly retryable: boolean;
  /** Technical detail for the logs (ffmpeg's last lines, the RPC error); never shown to creators. */
  readonly detail: string | undefined;

  constructor(
    code: WorkerErrorCode,
    message: string,
    options: { retryable?: boolean; detail?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.detail = options.detail;
  }

  toJobError(): JobError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Formats seconds as the player shows them: 4:05, 1:02:03. */
function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Bad input: the same file will fail again, so these are never retried. */
export const badInput = {
  emptyFile: () =>
    new WorkerError("empty-file", "This file is empty (0 bytes). Choose the video file again and upload it."),
  notAVideo: (detail?: string) =>
    new WorkerError(
      "not-a-video",
      "This file isn't a video we can read. Upload a video file such as MP4, MOV, MKV or WebM.",
      optionalDetail(detail),
    ),
  imageNotVideo: () => new WorkerError("image-not-video", "This is a still image, not a video. Upload a video file."),
  audioOnly: () =>
    new WorkerError("no-video-stream", "This file has no video stream (audio only). Upload a video file."),
  corrupt: (detail?: string) =>
    new WorkerError(
      "corrupt-video",
      "This video file is damaged or incomplete and can't be read. Export it again and upload the complete file.",
      optionalDetail(detail),
    ),
  noDuration: () =>
    new WorkerError(
      "corrupt-video",
      "We couldn't read how long this video is; the file may be damaged. Export it again and upload it.",
    ),
  noFrames: () =>
    new WorkerError(
      "too-short",
      "This video has no frames: it is 0 seconds long, and a video needs at least one frame. Record or export it again and upload it.",
    ),
  noDecodableFrames: (detail?: string) =>
    new WorkerError(
      "corrupt-video",
      "We couldn't decode a single frame of this video: its picture data is damaged. Export it again and upload the complete file.",
      optionalDetail(detail),
    ),
  truncated: (decodedSeconds: number, declaredSeconds: number) =>
    new WorkerError(
      "truncated-video",
      `This video file is incomplete: it stops at ${formatDuration(decodedSeconds)} of ${formatDuration(declaredSeconds)}. Upload the complete file.`,
    ),
};

function optionalDetail(detail: string | undefined): { detail?: string } {
  return detail === undefined ? {} : { detail };
}

/** ffmpeg or ffprobe died of a signal: a fault of the binary (the npm ffprobe build crashes on MPEG-TS), not proof of bad input. */
export function toolCrashed(tool: string, signal: string): WorkerError {
  return new WorkerError(
    "tool-crashed",
    `The worker's ${tool} crashed while reading this file. That is a fault in the worker's ${tool}, not necessarily in your file: try again later, or upload the video as MP4.`,
    { detail: `${tool} killed by ${signal}` },
  );
}

/** Turns anything thrown into the job's error field; unknown errors become `internal` without leaking internals. */
export function toJobError(error: unknown): JobError {
  if (error instanceof WorkerError) return error.toJobError();
  return {
    code: "internal",
    message: "Something went wrong in the video worker. Try again; if it keeps failing, report it.",
    retryable: false,
  };
}

/**
 * Why a job's work was stopped from outside. Passed as an AbortSignal's reason so the code that catches the
 * abort knows whether to mark the job cancelled (the creator asked) or leave it for the next start (shutdown).
 */
export class JobInterrupted extends Error {
  override readonly name = "JobInterrupted";
  constructor(readonly kind: "cancel" | "shutdown") {
    super(kind === "cancel" ? "The job was cancelled." : "The worker is shutting down.");
  }
}
