import {
  apiErrorSchema,
  type LiveKeyProof,
  type LiveSession,
  liveKeyProofResponseSchema,
  liveSessionResponseSchema,
} from "@chorus/protocol";

/**
 * The worker's live API from the creator's browser (ffmpeg-worker/README.md, "Live streams"): a session (the worker
 * makes and keeps the stream key), the key's proof for `Streams.start`, its status, the camera's WebM parts, the end.
 * Every failure is a sentence saying what happened and what to do.
 */

export type { LiveKeyProof, LiveSession };

class LiveWorkerError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when the worker could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = "LiveWorkerError";
  }
}

async function call<T>(
  workerUrl: string,
  path: string,
  init: RequestInit,
  parse: (body: unknown) => T | undefined,
  what: string,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${workerUrl}${path}`, { cache: "no-store", ...init });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new LiveWorkerError(
      `Couldn't reach the video worker at ${workerUrl} to ${what}. Start the worker (npm start starts it with the rest), then try again.`,
      null,
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = apiErrorSchema.safeParse(body);
    throw new LiveWorkerError(
      problem.success && problem.data.error.message
        ? problem.data.error.message
        : `The worker answered ${response.status} when asked to ${what}.`,
      response.status,
    );
  }
  const parsed = parse(body);
  if (parsed === undefined)
    throw new LiveWorkerError(
      `The worker's answer to "${what}" isn't one this page understands. Is the worker the same version as the web app?`,
      response.status,
    );
  return parsed;
}

const session = (body: unknown) => liveSessionResponseSchema.safeParse(body).data?.session;

/** `title` becomes the title of the video the stream is kept as (its VOD's manifest). */
export function createLiveSession(workerUrl: string, title: string): Promise<LiveSession> {
  return call(
    workerUrl,
    "/live",
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title }) },
    session,
    "start a live session",
  );
}

export function getLiveSession(workerUrl: string, id: string, signal?: AbortSignal): Promise<LiveSession> {
  return call(workerUrl, `/live/${encodeURIComponent(id)}`, { signal }, session, "report the stream's status");
}

export function endLiveSession(workerUrl: string, id: string): Promise<LiveSession> {
  return call(workerUrl, `/live/${encodeURIComponent(id)}/end`, { method: "POST" }, session, "end the stream");
}

/** Keeps the recording on the worker's node for good (else it goes when the retention period after the end is over). */
export function keepLiveSession(workerUrl: string, id: string): Promise<LiveSession> {
  return call(workerUrl, `/live/${encodeURIComponent(id)}/keep`, { method: "POST" }, session, "keep the recording");
}

/** The stream key's signature for `Streams.start` by `creator`; the worker computes what it signs. */
export function getKeyProof(workerUrl: string, id: string, creator: string): Promise<LiveKeyProof> {
  return call(
    workerUrl,
    `/live/${encodeURIComponent(id)}/key-proof`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ creator }) },
    (body) => liveKeyProofResponseSchema.safeParse(body).data,
    "prove the stream key for your wallet",
  );
}

export interface CameraMedia {
  width: number;
  height: number;
  frameRate: number;
  audio: boolean;
}

/**
 * Part `part` of the camera connection `connection` (one MediaRecorder's WebM file, in order). Part 0 says the
 * picture's size and rate, which the worker picks the ladder from; `final` ends the connection.
 */
export function sendCameraPart(
  workerUrl: string,
  session: Pick<LiveSession, "id" | "obsStreamKey">,
  input: { connection: string; part: number; data: Blob; media: CameraMedia; final?: boolean },
): Promise<unknown> {
  const query = new URLSearchParams({ connection: input.connection, part: String(input.part) });
  if (input.part === 0) {
    query.set("width", String(input.media.width));
    query.set("height", String(input.media.height));
    query.set("frameRate", String(input.media.frameRate));
    query.set("audio", input.media.audio ? "1" : "0");
  }
  if (input.final) query.set("final", "1");
  return call(
    workerUrl,
    `/live/${encodeURIComponent(session.id)}/ingest?${query}`,
    { method: "POST", headers: { "x-stream-key": session.obsStreamKey }, body: input.data },
    (body) => body ?? undefined,
    "take the camera's video",
  );
}

/** The session's status in words for the streamer, and whether it is a problem. */
export function liveStatusText(s: LiveSession): string {
  switch (s.status) {
    case "waiting":
      return "Waiting for the encoder — start streaming in OBS (or start the camera).";
    case "live":
      return "Live";
    case "reconnecting":
      return "Reconnecting — the encoder dropped; it has 30 s to come back before the stream ends.";
    case "ended":
      return "Ended";
  }
}
