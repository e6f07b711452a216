import type { Destination } from "@/components/PostToPicker";
import { titleFromFilename } from "./format";
import type { StoredUpload } from "./upload-state";
import type { Job, UploadHandle } from "./worker";

/**
 * The upload studio's state machine (components/UploadStudio.tsx): pure, so every transition is unit-tested
 * (test/upload-studio.test.ts). The worker's job itself is not here — it is polled by `useJob` (react-query) and its
 * changes come in as `job-seen` — nor is the transaction (useContractTx); this holds what the person did and what the
 * page is waiting for.
 *
 * Phases (`studioPhase`): `restoring` (before localStorage was read: a skeleton, identical on the server) → `choosing`
 * (the drop zone) → `uploading` (the file goes to the worker) → `job` (the worker has it: details, Publish, the
 * transaction). `reset` goes back to `choosing`; a failed upload too.
 */

export type Upload = { file: File; loaded: number; total: number; handle: UploadHandle };

export interface StudioState {
  restored: boolean;
  /** Why the chosen file was refused or its upload failed. */
  pickError: string | null;
  upload: Upload | null;
  /** The file chosen in this visit (for the local preview); null after a reload. */
  file: File | null;
  jobId: string | null;
  /** The worker no longer knows the job (it restarted or cleaned up). */
  jobLost: boolean;
  /** Which job and details the title was last taken from (see `job-seen`). */
  seenJob: string | null;
  title: string;
  description: string;
  /** The person typed in a field: the file's name no longer replaces the title. */
  touched: boolean;
  /** Publish was pressed: a missing title is said from now on. */
  showErrors: boolean;
  /** Publish was pressed and its work (details → IPFS → signature) isn't done: each step starts as soon as it can. */
  publishRequested: boolean;
  details: { state: "idle" | "sending" | "error"; error?: string };
  destination: Destination;
  workerUp: boolean | null;
  confirmCancel: boolean;
}

export type StudioEvent =
  | { type: "restored"; stored: StoredUpload | null }
  | { type: "worker-health"; up: boolean }
  | { type: "pick-rejected"; error: string }
  | { type: "upload-started"; file: File; handle: UploadHandle }
  | { type: "upload-progress"; handle: UploadHandle; loaded: number; total: number }
  | { type: "upload-done"; job: Job }
  /** `error` null: the person stopped it (nothing to say). */
  | { type: "upload-failed"; error: string | null }
  | { type: "job-seen"; job: Job }
  | { type: "job-lost" }
  | { type: "title-changed"; value: string }
  | { type: "description-changed"; value: string }
  | { type: "destination-changed"; destination: Destination }
  /** `valid`: the details may be sent (or the worker already has them). */
  | { type: "publish-pressed"; valid: boolean }
  | { type: "details-sending" }
  | { type: "details-sent" }
  | { type: "details-failed"; error: string }
  | { type: "signing-started" }
  | { type: "cancel-asked" }
  | { type: "cancel-dismissed" }
  | { type: "reset"; destination: Destination };

export function initialStudio(destination: Destination): StudioState {
  return {
    restored: false,
    pickError: null,
    upload: null,
    file: null,
    jobId: null,
    jobLost: false,
    seenJob: null,
    title: "",
    description: "",
    touched: false,
    showErrors: false,
    publishRequested: false,
    details: { state: "idle" },
    destination,
    workerUp: null,
    confirmCancel: false,
  };
}

export type StudioPhase = "restoring" | "choosing" | "uploading" | "job";

export function studioPhase(state: StudioState): StudioPhase {
  if (!state.restored) return "restoring";
  if (state.upload) return "uploading";
  return state.jobId ? "job" : "choosing";
}

const isFailed = (job: Job) => job.status === "failed" || job.status === "cancelled";

export function studioReducer(state: StudioState, event: StudioEvent): StudioState {
  switch (event.type) {
    case "restored": {
      const { stored } = event;
      if (!stored) return { ...state, restored: true };
      return {
        ...state,
        restored: true,
        jobId: stored.jobId,
        ...(stored.draft ? { title: stored.draft.title, description: stored.draft.description, touched: true } : {}),
        ...(stored.channelId
          ? {
              destination: {
                kind: "channel",
                channelId: stored.channelId,
                name: stored.channelName ?? `Channel #${stored.channelId}`,
              },
            }
          : {}),
      };
    }
    case "worker-health":
      return { ...state, workerUp: event.up };
    case "pick-rejected":
      return { ...state, pickError: event.error };
    case "upload-started":
      return {
        ...state,
        pickError: null,
        jobLost: false,
        file: event.file,
        title: !state.touched || !state.title ? titleFromFilename(event.file.name) : state.title,
        upload: { file: event.file, loaded: 0, total: event.file.size, handle: event.handle },
      };
    case "upload-progress":
      // Only the upload in flight: a stopped one may still report.
      return state.upload?.handle === event.handle
        ? { ...state, upload: { ...state.upload, loaded: event.loaded, total: event.total } }
        : state;
    case "upload-done":
      return { ...state, upload: null, jobId: event.job.id };
    case "upload-failed":
      return { ...state, upload: null, file: null, publishRequested: false, pickError: event.error ?? state.pickError };
    case "job-seen": {
      const { job } = event;
      let next = state;
      // A failed or cancelled job ends the request.
      if (isFailed(job) && state.publishRequested) next = { ...next, publishRequested: false };
      // The title starts as the file's name; saved details win after a reload. Only when the job first appears or its
      // details change, so what the person types isn't replaced on every poll.
      const seen = `${job.id}\n${job.details?.title ?? ""}\n${job.details?.description ?? ""}`;
      if (seen === state.seenJob) return next;
      next = { ...next, seenJob: seen };
      if (job.details) return { ...next, title: job.details.title, description: job.details.description };
      if (!state.touched && !state.title) return { ...next, title: titleFromFilename(job.filename) };
      return next;
    }
    case "job-lost":
      return { ...state, jobLost: true };
    case "title-changed":
      return { ...state, title: event.value, touched: true };
    case "description-changed":
      return { ...state, description: event.value, touched: true };
    case "destination-changed":
      return { ...state, destination: event.destination };
    case "publish-pressed":
      if (!event.valid) return { ...state, showErrors: true };
      return {
        ...state,
        showErrors: true,
        publishRequested: true,
        details: state.details.state === "error" ? { state: "idle" } : state.details,
      };
    case "details-sending":
      return { ...state, details: { state: "sending" } };
    case "details-sent":
      return { ...state, details: { state: "idle" } };
    case "details-failed":
      return { ...state, publishRequested: false, details: { state: "error", error: event.error } };
    case "signing-started":
      return { ...state, publishRequested: false };
    case "cancel-asked":
      return { ...state, confirmCancel: true };
    case "cancel-dismissed":
      return { ...state, confirmCancel: false };
    case "reset":
      return { ...initialStudio(event.destination), restored: true, workerUp: state.workerUp };
  }
}
