import { DESCRIPTION_MAX, TITLE_MAX } from "./format";
import type { JobStatus } from "./worker";

/**
 * What survives a reload of /upload, or leaving it and coming back: the worker job, the title and description typed so
 * far (until the worker has them), the transaction once there is one, and — for a submission to a community channel
 * rather than the creator's own — which channel (so a reload follows the right transaction).
 */
export interface StoredUpload {
  jobId: string;
  txHash?: `0x${string}`;
  channelId?: string;
  channelName?: string;
  draft?: { title: string; description: string };
}

/** Where work started without a wallet is kept, until the first account that connects claims it. */
export const UPLOAD_STORAGE_KEY = "chorus.upload";

/**
 * One upload per account, not per browser: after switching accounts the page shows that account's own work (or none),
 * never the other's submission. Addresses are compared without letter case.
 */
export function uploadStorageKey(account: string | null | undefined): string {
  return account ? `${UPLOAD_STORAGE_KEY}.${account.toLowerCase()}` : UPLOAD_STORAGE_KEY;
}

export function parseStoredUpload(raw: string | null): StoredUpload | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const { jobId, txHash, channelId, channelName, draft } = value as Record<string, unknown>;
    if (typeof jobId !== "string" || !/^[\w-]{1,128}$/.test(jobId)) return null;
    const stored: StoredUpload = { jobId };
    if (typeof txHash === "string" && /^0x[0-9a-fA-F]{64}$/.test(txHash)) stored.txHash = txHash as `0x${string}`;
    if (typeof channelId === "string" && /^[1-9]\d{0,30}$/.test(channelId)) {
      stored.channelId = channelId;
      if (typeof channelName === "string" && channelName.length <= 100) stored.channelName = channelName;
    }
    if (typeof draft === "object" && draft !== null) {
      const { title, description } = draft as Record<string, unknown>;
      // Generous bounds: an over-long title is kept (the form says it is too long) but nothing unbounded is.
      if (
        typeof title === "string" &&
        typeof description === "string" &&
        title.length <= TITLE_MAX * 20 &&
        description.length <= DESCRIPTION_MAX * 2
      ) {
        stored.draft = { title, description };
      }
    }
    return stored;
  } catch {
    return null;
  }
}

/** `waiting`: the step can't start until the person acts (Store on IPFS waits for the title) — shown without a spinner. */
/** The stored upload under `key`, or null (none, unreadable, or no localStorage). */
export function readStoredUpload(key: string): StoredUpload | null {
  try {
    return parseStoredUpload(localStorage.getItem(key));
  } catch {
    return null;
  }
}

export function writeStoredUpload(key: string, stored: StoredUpload | null) {
  try {
    if (stored) localStorage.setItem(key, JSON.stringify(stored));
    else localStorage.removeItem(key);
  } catch {
    // Without storage a reload just starts over; nothing else depends on it.
  }
}

/** Work started without a wallet becomes the first connecting account's (replacing what that account had stored). */
export function claimStoredUpload(account: string) {
  const unowned = readStoredUpload(UPLOAD_STORAGE_KEY);
  if (!unowned) return;
  writeStoredUpload(uploadStorageKey(account), unowned);
  writeStoredUpload(UPLOAD_STORAGE_KEY, null);
}

type StepState = "pending" | "active" | "waiting" | "done" | "failed";
export interface Step {
  key: string;
  label: string;
  state: StepState;
}

const ORDER: JobStatus[] = ["queued", "probing", "transcoding", "awaiting-details", "publishing", "published"];

/**
 * The checklist beside the progress bar: upload → check → transcode → store on IPFS. `status` is null while the file
 * is still being uploaded (there is no job yet).
 */
export function jobSteps(status: JobStatus | null, failedAt: JobStatus | null = null): Step[] {
  const rank = (s: JobStatus) => ORDER.indexOf(s);
  const current =
    status === null ? -1 : status === "failed" || status === "cancelled" ? rank(failedAt ?? "queued") : rank(status);
  const failed = status === "failed" || status === "cancelled";
  const step = (key: string, label: string, start: JobStatus, end: JobStatus): Step => {
    let state: StepState;
    if (status === null) state = "pending";
    else if (current > rank(end) || status === "published") state = "done";
    else if (current >= rank(start)) state = failed ? "failed" : "active";
    else state = "pending";
    return { key, label, state };
  };
  return [
    { key: "upload", label: "Upload", state: status === null ? "active" : "done" },
    step("probe", "Check the file", "queued", "probing"),
    step("transcode", "Transcode to streaming qualities", "transcoding", "transcoding"),
    status === "awaiting-details"
      ? { key: "ipfs", label: "Store on IPFS — starts when you press Publish", state: "waiting" }
      : step("ipfs", "Store on IPFS", "awaiting-details", "publishing"),
  ];
}

/** What the title and description fields say is wrong, as the person types: over-long text is never cut silently. */
export function titleProblem(title: string): string | null {
  if (!title.trim()) return "Add a title.";
  const length = [...title].length;
  if (length > TITLE_MAX)
    return `The title is ${length} characters, ${length - TITLE_MAX} over the limit of ${TITLE_MAX}. Shorten it to publish.`;
  return null;
}

export function descriptionProblem(description: string): string | null {
  const length = [...description].length;
  if (length > DESCRIPTION_MAX)
    return `The description is ${length} characters, ${length - DESCRIPTION_MAX} over the limit of ${DESCRIPTION_MAX}. Shorten it to publish.`;
  return null;
}

/**
 * What leaving /upload now would cost, as the question to ask before leaving (null: nothing is lost). The job keeps
 * running on the worker and the details are kept, so only an upload in flight or a signature not yet given is truly lost.
 */
export function leaveWarning(work: {
  uploading: boolean;
  awaitingSignature: boolean;
  unpublished: boolean;
}): string | null {
  if (work.uploading)
    return "Your file is still uploading. If you leave this page the upload stops and you'll have to choose the file again. Leave anyway?";
  if (work.awaitingSignature) {
    return "Your video isn't published yet: your wallet hasn't signed. If you leave, nothing is published (your title and description are kept for when you come back to Upload). Leave anyway?";
  }
  if (work.unpublished) {
    return "Your video isn't published yet. It keeps processing and your title and description are kept: come back to Upload to publish it. Leave anyway?";
  }
  return null;
}
