import type { Hex } from "viem";
import { z } from "zod";
import type { ItemRun } from "./takeout-batch";

/**
 * An import that survives a reload of /upload/import (or closing the tab): which videos of the batch are done, with
 * their video id, manifest CID and transaction, and which worker job each unfinished one had. The files themselves
 * can't be kept — a page may not hold on to a picked file — so reopening the page says how far the batch got and asks
 * for the folder again; the re-picked files are matched to the stored ones by name and size, the done ones are
 * skipped, and one whose job the worker still has isn't uploaded again.
 *
 * Kept in localStorage (`chorus.import`), one batch per chain, as the upload studio keeps its job (upload-state.ts).
 */

export const IMPORT_STORAGE_KEY = "chorus.import";

const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const storedItemSchema = z.object({
  name: z.string().max(1000),
  size: z.number().int().nonnegative(),
  title: z.string().max(1000),
  selected: z.boolean(),
  /** The worker's job once the file was uploaded (a later try starts from it while the worker still has it). */
  jobId: z
    .string()
    .regex(/^[\w-]{1,128}$/)
    .optional(),
  /** A `Videos.publish` signed but not yet seen indexed: followed after the reload, never signed twice. */
  txHash: hash.optional(),
  /** Set once the video is published and indexed. */
  done: z
    .object({
      videoId: z.string().regex(/^\d{1,78}$/),
      manifestCid: z.string().max(200).optional(),
      txHash: hash.optional(),
    })
    .optional(),
});
export type StoredImportItem = z.output<typeof storedItemSchema>;

const storedImportSchema = z.object({
  schema: z.literal("chorus.import/1"),
  chainId: z.number().int().positive(),
  /** Where the batch came from: a YouTube Takeout or a PeerTube export. */
  source: z.enum(["youtube", "peertube"]),
  savedAt: z.number(),
  items: z.array(storedItemSchema).min(1).max(5000),
});
export type StoredImport = z.output<typeof storedImportSchema>;

/** The stored batch for `chainId`, or null (none, unreadable, another chain's). */
export function parseStoredImport(raw: string | null, chainId: number): StoredImport | null {
  if (!raw) return null;
  try {
    const parsed = storedImportSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.chainId === chainId ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How far a stored batch got, over the videos that were ticked: "3 of 7 published". */
export function resumeProgress(stored: StoredImport): { done: number; total: number } {
  const ticked = stored.items.filter((item) => item.selected);
  return { done: ticked.filter((item) => item.done).length, total: ticked.length };
}

/** Whether a stored batch has anything left to do (else it is finished and needn't be offered). */
export const hasWorkLeft = (stored: StoredImport) => stored.items.some((item) => item.selected && !item.done);

/**
 * The stored entry of each re-picked file, by name and size (a folder unzipped again elsewhere has other paths, but
 * its files keep their names and sizes); each stored entry matches one file, in order, so two files of the same name
 * and size pair up in turn. null for a file the stored batch didn't have.
 */
export function matchStored<F extends { name: string; size: number }>(
  files: readonly F[],
  stored: readonly StoredImportItem[],
): (StoredImportItem | null)[] {
  const used = new Set<number>();
  return files.map((file) => {
    const index = stored.findIndex((s, i) => !used.has(i) && s.name === file.name && s.size === file.size);
    if (index < 0) return null;
    used.add(index);
    return stored[index]!;
  });
}

/** The run a re-picked file starts from: done (skipped), or waiting with the job a try before the reload left. */
export function resumedRun(stored: StoredImportItem | null): ItemRun {
  if (stored?.done)
    return {
      step: "done",
      videoId: stored.done.videoId,
      ...(stored.done.manifestCid ? { manifestCid: stored.done.manifestCid } : {}),
      ...(stored.done.txHash ? { txHash: stored.done.txHash as Hex } : {}),
    };
  return {
    step: "waiting",
    ...(stored?.jobId ? { jobId: stored.jobId } : {}),
    ...(stored?.txHash ? { txHash: stored.txHash as Hex } : {}),
  };
}

/** What is kept of a batch as it runs: each video's file name and size, whether ticked, its job, and once done, its ids. */
export function storedImport(
  chainId: number,
  source: StoredImport["source"],
  items: readonly { file: { name: string; size: number }; title: string; selected: boolean }[],
  runs: readonly ItemRun[],
  now: number,
): StoredImport {
  return {
    schema: "chorus.import/1",
    chainId,
    source,
    savedAt: now,
    items: items.map((item, index): StoredImportItem => {
      const run = runs[index] ?? { step: "waiting" };
      const base = { name: item.file.name, size: item.file.size, title: item.title, selected: item.selected };
      if (run.step === "done") {
        const manifestCid = run.manifestCid ?? run.job?.manifestCid ?? undefined;
        const txHash = run.txHash ?? (run.tx && "hash" in run.tx ? run.tx.hash : undefined);
        return {
          ...base,
          done: { videoId: run.videoId, ...(manifestCid ? { manifestCid } : {}), ...(txHash ? { txHash } : {}) },
        };
      }
      const jobId = run.step === "waiting" ? run.jobId : "job" in run ? run.job?.id : undefined;
      const txHash = run.step === "waiting" || run.step === "publishing" ? run.txHash : undefined;
      return { ...base, ...(jobId ? { jobId } : {}), ...(txHash ? { txHash } : {}) };
    }),
  };
}
