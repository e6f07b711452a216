import type { Hex } from "viem";
import type { Posted } from "@/tx/uploadTx";
import type { TxState } from "@/tx/useContractTx";
import type { Job } from "./worker";

/**
 * One imported video's way through the batch (components/import/TakeoutImport.tsx), one at a time: upload to the
 * worker → the worker transcodes and stores it on IPFS with the details sent at once (the same job API as the upload
 * studio) → the wallet signs `Videos.publish` → indexed. A failure stops this video only; the batch goes on and the
 * video can be retried (from the step it failed at: a video already on IPFS is not uploaded again).
 */
export type ItemRun =
  /**
   * From before a reload (import-resume.ts): `jobId`, the worker job it had, tried before uploading again; `txHash`, a
   * `Videos.publish` already signed, followed rather than signed again (that would publish the video twice).
   */
  | { step: "waiting"; jobId?: string; txHash?: Hex }
  | { step: "uploading"; loaded: number; total: number }
  | { step: "processing"; job: Job }
  /** `txHash` once signed; `job` absent when following a transaction signed before a reload. */
  | { step: "publishing"; job?: Job; txHash?: Hex }
  /** Published and indexed; `job` and `tx` only when it was in this page (a resumed batch has just the ids). */
  | { step: "done"; videoId: string; manifestCid?: string; txHash?: Hex; job?: Job; tx?: TxState<Posted> }
  | { step: "failed"; error: string; job?: Job; tx?: TxState<Posted> };

/** Shares of a video's progress bar: the upload, the worker's work, the transaction. */
const UPLOAD_SHARE = 0.3;
const PROCESS_SHARE = 0.6;

/** 0..1 for one video's bar. The worker's `progress` is of its current stage, so processing counts stages too. */
export function itemFraction(run: ItemRun): number {
  switch (run.step) {
    case "waiting":
    case "failed":
      return 0;
    case "uploading":
      return run.total > 0 ? UPLOAD_SHARE * Math.min(1, run.loaded / run.total) : 0;
    case "processing": {
      const stages = ["queued", "probing", "transcoding", "awaiting-details", "publishing", "published"];
      const stage = Math.max(0, stages.indexOf(run.job.status));
      const within = Math.min(1, Math.max(0, run.job.progress));
      return UPLOAD_SHARE + PROCESS_SHARE * Math.min(1, (stage + within) / (stages.length - 1));
    }
    case "publishing":
      return UPLOAD_SHARE + PROCESS_SHARE;
    case "done":
      return 1;
  }
}

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  /** 0..1 over the whole batch: finished videos count whole, the current one by its bar, failed ones as finished. */
  fraction: number;
}

export function batchProgress(runs: readonly ItemRun[]): BatchProgress {
  const done = runs.filter((r) => r.step === "done").length;
  const failed = runs.filter((r) => r.step === "failed").length;
  const partial = runs.reduce((sum, r) => sum + (r.step === "failed" ? 1 : itemFraction(r)), 0);
  return { total: runs.length, done, failed, fraction: runs.length ? partial / runs.length : 0 };
}

/** The details sent with the job: the worker's schema (`videoDetailsSchema`), without empty fields. */
export function importDetails(item: {
  title: string;
  description: string;
  tags: string[];
  publishedAt: string | null;
}): { title: string; description: string; tags?: string[]; originallyPublishedAt?: string } {
  return {
    title: item.title,
    description: item.description,
    ...(item.tags.length ? { tags: item.tags } : {}),
    ...(item.publishedAt ? { originallyPublishedAt: item.publishedAt } : {}),
  };
}
