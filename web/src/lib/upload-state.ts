import type { JobStatus } from "./worker";

/**
 * What survives a reload of /upload: the worker job, the transaction once there is one, and — for a submission to a
 * community channel rather than the creator's own — which channel (so a reload follows the right transaction).
 */
export interface StoredUpload {
  jobId: string;
  txHash?: `0x${string}`;
  channelId?: string;
  channelName?: string;
}

export const UPLOAD_STORAGE_KEY = "chorus.upload";

export function parseStoredUpload(raw: string | null): StoredUpload | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const { jobId, txHash, channelId, channelName } = value as Record<string, unknown>;
    if (typeof jobId !== "string" || !/^[\w-]{1,128}$/.test(jobId)) return null;
    const stored: StoredUpload = { jobId };
    if (typeof txHash === "string" && /^0x[0-9a-fA-F]{64}$/.test(txHash)) stored.txHash = txHash as `0x${string}`;
    if (typeof channelId === "string" && /^[1-9]\d{0,30}$/.test(channelId)) {
      stored.channelId = channelId;
      if (typeof channelName === "string" && channelName.length <= 100) stored.channelName = channelName;
    }
    return stored;
  } catch {
    return null;
  }
}

export type StepState = "pending" | "active" | "done" | "failed";
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
  const current = status === null ? -1 : status === "failed" || status === "cancelled" ? rank(failedAt ?? "queued") : rank(status);
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
    step("ipfs", "Store on IPFS", "awaiting-details", "publishing"),
  ];
}

/** Statuses in which the worker is still busy with the file (a reload is harmless, but the job isn't done). */
export function isWorking(status: JobStatus): boolean {
  return status === "queued" || status === "probing" || status === "transcoding" || status === "publishing";
}
