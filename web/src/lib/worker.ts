import {
  apiErrorSchema,
  jobResponseSchema,
  type Job,
  type JobAccess,
  type JobStatus,
  type VideoDetails,
  workerHealthSchema,
} from "@chorus/protocol";
import { formatBytes } from "./format";

/**
 * The ffmpeg worker's HTTP API, from the browser. Uploads go through XMLHttpRequest because fetch() still can't report
 * upload progress; everything else is fetch.
 */

// The job, its states and errors are the worker's API, defined once in @chorus/protocol; re-exported for the pages.
export { isTerminal, jobSchema, type Job, type JobStatus } from "@chorus/protocol";

/** A short human label for a status; the worker's own `stage` text says more. */
export function statusLabel(status: JobStatus): string {
  switch (status) {
    case "queued":
      return "Waiting for the transcoder";
    case "probing":
      return "Checking your file";
    case "transcoding":
      return "Transcoding";
    case "awaiting-details":
      return "Transcoded — waiting for you to press Publish";
    case "publishing":
      return "Storing on IPFS";
    case "published":
      return "Ready to publish";
    case "failed":
      return "Processing failed";
    case "cancelled":
      return "Cancelled";
  }
}

export class WorkerRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when the worker could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = "WorkerRequestError";
  }
}

const unreachable = (workerUrl: string) =>
  new WorkerRequestError(
    `Couldn't reach the transcoding worker at ${workerUrl}. Check that it is running (npm start starts it), then try again.`,
    null,
  );

/** The worker's error answer (`{ error: { code, message } }`, apiErrorSchema) as a sentence for people. */
function errorFromBody(body: unknown, status: number): string {
  const parsed = apiErrorSchema.safeParse(body);
  return parsed.success && parsed.data.error.message ? parsed.data.error.message : `The worker answered ${status}.`;
}

async function request(workerUrl: string, path: string, init: RequestInit = {}): Promise<Job> {
  let response: Response;
  try {
    response = await fetch(`${workerUrl}${path}`, { cache: "no-store", ...init });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw unreachable(workerUrl);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new WorkerRequestError(errorFromBody(body, response.status), response.status);
  const parsed = jobResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new WorkerRequestError(
      "The worker sent a job this page doesn't understand. Is the worker the same version as the web app?",
      response.status,
    );
  return parsed.data.job;
}

export function getJob(workerUrl: string, jobId: string, signal?: AbortSignal): Promise<Job> {
  return request(workerUrl, `/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export function sendDetails(
  workerUrl: string,
  jobId: string,
  /** `originallyPublishedAt` only from an import (/upload/import). */
  details: VideoDetails,
): Promise<Job> {
  return request(workerUrl, `/jobs/${encodeURIComponent(jobId)}/details`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(details),
  });
}

export function cancelJob(workerUrl: string, jobId: string): Promise<Job> {
  return request(workerUrl, `/jobs/${encodeURIComponent(jobId)}`, { method: "DELETE" });
}

/**
 * Whether the worker answers /health, and the largest upload it accepts (its WORKER_MAX_UPLOAD_BYTES, the one place
 * the limit is set). `maxUploadBytes` is null from a worker that answers but doesn't say (an older one): the worker
 * still refuses a bigger file itself, with 413. Resolves rather than throwing.
 */
export async function workerStatus(
  workerUrl: string,
): Promise<{ up: false } | { up: true; maxUploadBytes: number | null }> {
  try {
    const response = await fetch(`${workerUrl}/health`, { cache: "no-store", signal: AbortSignal.timeout(4000) });
    if (!response.ok) return { up: false };
    const health = workerHealthSchema.safeParse(await response.json().catch(() => null));
    return { up: true, maxUploadBytes: health.success ? health.data.maxUploadBytes : null };
  } catch {
    return { up: false };
  }
}

/**
 * Refuses a file bigger than the worker accepts before a byte is sent: a sentence with both sizes and what to do, or
 * null when it fits (or the limit is unknown).
 */
export function rejectTooBig(file: { name: string; size: number }, maxUploadBytes: number | null): string | null {
  if (maxUploadBytes === null || file.size <= maxUploadBytes) return null;
  let [size, limit] = [formatBytes(file.size), formatBytes(maxUploadBytes)];
  // Just over the limit, both round alike ("4.00 GB; up to 4.00 GB"): then in bytes.
  if (size === limit) [size, limit] = [`${file.size} bytes`, `${maxUploadBytes} bytes`];
  return `"${file.name}" is ${size}; this node accepts files up to ${limit}. Trim it or re-encode it smaller (for example with HandBrake or ffmpeg), or ask the node's operator to raise WORKER_MAX_UPLOAD_BYTES.`;
}

export interface UploadHandle {
  /** Resolves with the created job; rejects with WorkerRequestError (or an AbortError after abort()). */
  done: Promise<Job>;
  abort(): void;
}

/** Uploads a file as a new job, reporting bytes sent. */
export function uploadFile(
  workerUrl: string,
  file: File,
  onProgress: (loaded: number, total: number) => void,
  /** Paid / members-only (docs/paid-videos.md): the worker encrypts all but the preview. */
  access?: JobAccess | null,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Job>((resolve, reject) => {
    const paid = access ? `&access=encrypted&previewSeconds=${access.previewSeconds}` : "";
    xhr.open("POST", `${workerUrl}/jobs?filename=${encodeURIComponent(file.name)}${paid}`);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201 || xhr.status === 200) {
        const parsed = jobResponseSchema.safeParse(body);
        if (parsed.success) resolve(parsed.data.job);
        else
          reject(
            new WorkerRequestError(
              "The worker accepted the file but sent an answer this page doesn't understand.",
              xhr.status,
            ),
          );
        return;
      }
      if (xhr.status === 413) {
        reject(
          new WorkerRequestError(
            `${errorFromBody(body, 413).replace(/\.?$/, ".")} Choose a smaller or shorter file.`,
            413,
          ),
        );
        return;
      }
      reject(new WorkerRequestError(errorFromBody(body, xhr.status), xhr.status));
    };
    xhr.onerror = () => reject(unreachable(workerUrl));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** A client-side first look at a file before sending it: null when it may be a video, or a reason when it clearly isn't. */
export function rejectNonVideo(file: { name: string; type: string; size: number }): string | null {
  if (file.size === 0) return `"${file.name}" is empty. Choose a video file.`;
  const type = file.type.toLowerCase();
  const videoExtension = /\.(mp4|m4v|mov|mkv|webm|avi|wmv|flv|mpg|mpeg|ts|mts|m2ts|3gp|ogv)$/i.test(file.name);
  if (type.startsWith("video/") || videoExtension) return null;
  if (type === "" || type === "application/octet-stream") return null; // unknown: let the worker probe it
  return `"${file.name}" doesn't look like a video (${type}). Choose a video file such as MP4, MOV, MKV or WebM.`;
}
