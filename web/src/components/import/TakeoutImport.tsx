"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Hex } from "viem";
import { useConfig } from "wagmi";
import { formatBytes, formatPercent, plural } from "@/lib/format";
import {
  hasWorkLeft,
  IMPORT_STORAGE_KEY,
  matchStored,
  parseStoredImport,
  resumedRun,
  resumeProgress,
  type StoredImport,
  storedImport,
} from "@/lib/import-resume";
import { findPeerTubeJson, matchPeerTube, parsePeerTubeVideos } from "@/lib/peertube";
import { findTakeoutFiles, matchTakeout, parseVideosCsv, type ImportItem, type TakeoutRow } from "@/lib/takeout";
import { batchProgress, importDetails, itemFraction, type ItemRun } from "@/lib/takeout-batch";
import { useLeaveGuard } from "@/lib/use-leave-guard";
import { getJob, rejectNonVideo, rejectTooBig, sendDetails, uploadFile, workerStatus, type Job } from "@/lib/worker";
import { postPlan, type Posted } from "@/tx/uploadTx";
import { useContractTx, type TxState } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { ProgressBar } from "../upload/JobPanel";
import { WorkerDown } from "../upload/notices";
import { ConnectPrompt, SwitchPrompt, useWallet } from "../WalletGate";
import styles from "./TakeoutImport.module.css";

type Item = ImportItem<File>;

type Source = StoredImport["source"];
const PLATFORM: Record<Source, string> = { youtube: "YouTube", peertube: "PeerTube" };

interface Review {
  source: Source;
  items: Item[];
  /** Videos of the metadata (videos.csv, videos.json) without a file; its warnings; or why there is no metadata. */
  missingFiles: { title: string; videoId: string | null }[];
  notes: string[];
  csvProblem: string | null;
  /** How many re-picked videos a stored batch had already published (skipped). */
  resumedDone: number;
}

/** The batch this browser kept (import-resume.ts), or null. */
function readStored(chainId: number): StoredImport | null {
  try {
    return parseStoredImport(localStorage.getItem(IMPORT_STORAGE_KEY), chainId);
  } catch {
    return null;
  }
}

function writeStored(value: StoredImport | null) {
  try {
    if (value) localStorage.setItem(IMPORT_STORAGE_KEY, JSON.stringify(value));
    else localStorage.removeItem(IMPORT_STORAGE_KEY);
  } catch {
    // Storage full or refused: the import still runs; it just can't be resumed after a reload.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dateLabel = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

type Found =
  | {
      ok: true;
      source: Source;
      items: Item[];
      missingFiles: Review["missingFiles"];
      notes: string[];
      csvProblem: string | null;
    }
  | { ok: false; problem: string };

/** A Takeout folder, or its video files and videos.csv picked together. */
async function readTakeout(files: File[]): Promise<Found> {
  const { csv, videos } = findTakeoutFiles(files);
  if (!videos.length)
    return {
      ok: false,
      problem: `No video files among the ${plural(files.length, "file")} you picked. Pick the Takeout folder (it holds "YouTube and YouTube Music/videos"), the unzipped PeerTube archive (it holds "peertube/videos.json"), or the video files themselves.`,
    };
  let rows: TakeoutRow[] = [];
  let notes: string[] = [];
  let csvProblem: string | null = null;
  if (!csv) {
    csvProblem =
      'No videos.csv was found, so the titles come from the file names and there are no descriptions or dates. To carry them over, pick the whole Takeout folder (its "video metadata" folder holds videos.csv), or add videos.csv to the files.';
  } else {
    try {
      ({ rows, warnings: notes } = parseVideosCsv(await csv.text()));
    } catch (error) {
      csvProblem = `${csv.name} couldn't be used: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const { items, missingFiles } = matchTakeout(videos, rows);
  return { ok: true, source: "youtube", items, missingFiles, notes, csvProblem };
}

/** An unzipped PeerTube archive (or its videos.json and video files picked together). */
async function readPeerTube(json: File, files: File[]): Promise<Found> {
  let parsed: ReturnType<typeof parsePeerTubeVideos>;
  try {
    parsed = parsePeerTubeVideos(await json.text());
  } catch (error) {
    return {
      ok: false,
      problem: `${json.webkitRelativePath || json.name} couldn't be used: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!parsed.rows.length)
    return {
      ok: false,
      problem: `The PeerTube export lists no videos to import.${parsed.warnings.length ? ` ${parsed.warnings.join(" ")}` : ""}`,
    };
  if (parsed.rows.every((row) => row.videoFile === null))
    return {
      ok: false,
      problem: `This PeerTube export lists ${plural(parsed.rows.length, "video")} but holds none of their files: it was requested without them. On your PeerTube account, request the archive again with the video files included, unzip it and choose its folder.`,
    };
  const { items, missingFiles } = matchPeerTube(files, parsed.rows);
  if (!items.length)
    return {
      ok: false,
      problem: `None of the ${plural(parsed.rows.length, "video")} of videos.json has its file among the ones you picked. Choose the whole unzipped archive folder (the files are in "files/videos/video-files").`,
    };
  return { ok: true, source: "peertube", items, missingFiles, notes: parsed.warnings, csvProblem: null };
}

/**
 * /upload/import: a YouTube Takeout folder (or its files picked one by one) or a PeerTube export → the list of its
 * videos with the titles, descriptions, dates, tags and privacy of `videos.csv` (lib/takeout.ts) or
 * `peertube/videos.json` (lib/peertube.ts); nothing leaves the browser until *Import*; a file bigger than the worker
 * accepts is unticked and says so → one video at a time through the worker's job API, as the upload studio sends it,
 * then `Videos.publish` signed by the creator's wallet — one signature per video: the contract has no batch call.
 * Per-video and whole-batch progress; a failed video doesn't stop the others and can be retried. The batch's state is
 * kept in localStorage (lib/import-resume.ts): after a reload the page offers to resume it once the folder is chosen
 * again, skipping the videos already published.
 */
export function TakeoutImport() {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const wallet = useWallet();
  const [review, setReview] = useState<Review | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [runs, setRuns] = useState<ItemRun[]>([]);
  const [running, setRunning] = useState(false);
  const [workerUp, setWorkerUp] = useState<boolean | null>(null);
  /** The largest file the worker accepts (its /health); null when unknown. */
  const [maxUpload, setMaxUpload] = useState<number | null>(null);
  /** A batch kept from before a reload, offered until the folder is chosen again or it is forgotten. */
  const [resumable, setResumable] = useState<StoredImport | null>(null);
  const { tx, start: startTx, resume: resumeTx, reset: resetTx } = useContractTx<Posted>();
  /** The item whose transaction `tx` is. */
  const [signingIndex, setSigningIndex] = useState<number | null>(null);
  const txRef = useRef<TxState<Posted>>(tx);
  txRef.current = tx;
  const stopped = useRef(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  /** Asks the worker whether it is up and for its limit (once; read() waits for it if it hasn't answered yet). */
  const asked = useRef<Promise<number | null> | null>(null);
  const askWorker = useCallback(() => {
    asked.current ??= workerStatus(config.workerUrl).then((status) => {
      setWorkerUp(status.up);
      const limit = status.up ? status.maxUploadBytes : null;
      setMaxUpload(limit);
      return limit;
    });
    return asked.current;
  }, [config.workerUrl]);
  useEffect(() => {
    void askWorker();
  }, [askWorker]);
  useEffect(() => {
    const stored = readStored(config.chainId);
    setResumable(stored && hasWorkLeft(stored) ? stored : null);
  }, [config.chainId]);
  useEffect(() => {
    stopped.current = false;
    return () => {
      stopped.current = true;
    };
  }, []);

  const read = async (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (!files.length) return;
    setPickError(null);
    const peertubeJson = findPeerTubeJson(files);
    const found = peertubeJson ? await readPeerTube(peertubeJson, files) : await readTakeout(files);
    if (!found.ok) {
      setReview(null);
      setPickError(found.problem);
      return;
    }
    const { source, items, missingFiles, notes, csvProblem } = found;
    const limit = await askWorker();
    // The batch kept from before a reload: its videos already published are done, the others resume where they were.
    const stored = resumable?.source === source ? resumable : null;
    const matches = stored
      ? matchStored(
          items.map((item) => item.file),
          stored.items,
        )
      : items.map(() => null);
    const startRuns = matches.map(resumedRun);
    items.forEach((item, i) => {
      if (matches[i]) item.selected = matches[i].selected;
      // A file the worker would refuse is unticked now and says why (ImportRow), rather than failing later.
      if (startRuns[i]?.step !== "done" && rejectTooBig(item.file, limit)) item.selected = false;
    });
    setReview({
      source,
      items,
      missingFiles,
      notes,
      csvProblem,
      resumedDone: startRuns.filter((r) => r.step === "done").length,
    });
    setRuns(startRuns);
    setResumable(null);
  };

  const forgetStored = () => {
    writeStored(null);
    setResumable(null);
  };

  // The batch as it runs (from its first step, or as resumed), for a reload; forgotten once nothing is left to do.
  useEffect(() => {
    if (!review || !runs.some((r) => r.step !== "waiting" || r.jobId || r.txHash)) return;
    const value = storedImport(config.chainId, review.source, review.items, runs, Date.now());
    writeStored(hasWorkLeft(value) ? value : null);
  }, [review, runs, config.chainId]);

  const setRun = useCallback((index: number, run: ItemRun) => {
    setRuns((all) => all.map((r, i) => (i === index ? run : r)));
  }, []);

  const toggle = (index: number) =>
    setReview(
      (r) => r && { ...r, items: r.items.map((it, i) => (i === index ? { ...it, selected: !it.selected } : it)) },
    );

  /** The item's end once its transaction is: done with its ids, or failed with the transaction's reason. */
  const settle = useCallback(
    async (index: number, job: Job | undefined, posted: () => Posted | null) => {
      // The last state of this transaction, once rendered (start resolves as it is set).
      let final = txRef.current;
      for (let i = 0; i < 40 && final.step !== "indexed" && final.step !== "failed"; i++) {
        await sleep(25);
        final = txRef.current;
      }
      const result = posted();
      if (result?.kind === "video")
        setRun(index, {
          step: "done",
          tx: final,
          videoId: result.videoId,
          ...(job ? { job } : {}),
          ...(job?.manifestCid ? { manifestCid: job.manifestCid } : {}),
          ...("hash" in final && final.hash ? { txHash: final.hash } : {}),
        });
      else
        setRun(index, {
          step: "failed",
          tx: final,
          ...(job ? { job } : {}),
          error: final.step === "failed" ? final.message : "The transaction didn't finish. Retry to sign it again.",
        });
      setSigningIndex(null);
      resetTx();
    },
    [setRun, resetTx],
  );

  /** A transaction signed before a reload, followed to the catalogue (pending → confirmed → indexed). */
  const followSigned = useCallback(
    async (index: number, hash: Hex, jobId: string | undefined) => {
      const job = jobId ? await getJob(config.workerUrl, jobId).catch(() => undefined) : undefined;
      setRun(index, { step: "publishing", txHash: hash, ...(job ? { job } : {}) });
      setSigningIndex(index);
      let posted: Posted | null = null;
      const plan = postPlan(wagmiConfig, config, { kind: "own" }, null, () => {});
      await resumeTx(hash, { ...plan, onIndexed: (result) => (posted = result) });
      await settle(index, job, () => posted);
    },
    [config, wagmiConfig, setRun, resumeTx, settle],
  );

  /** One video, from the step it is at: upload → details → the worker's work → the signature → indexed. */
  const importOne = useCallback(
    async (item: Item, index: number, from: ItemRun) => {
      let job: Job | undefined = from.step === "failed" ? from.job : undefined;
      // Signed before a reload: follow that transaction (signing again would publish the video twice).
      if (from.step === "waiting" && from.txHash) return followSigned(index, from.txHash, from.jobId);
      try {
        // A job from before a reload, if the worker still has it: no second upload.
        if (!job && from.step === "waiting" && from.jobId)
          job = await getJob(config.workerUrl, from.jobId).catch(() => undefined);
        if (!job || job.status === "failed" || job.status === "cancelled") {
          const problem = rejectNonVideo(item.file) ?? rejectTooBig(item.file, maxUpload);
          if (problem) throw new Error(problem);
          setRun(index, { step: "uploading", loaded: 0, total: item.file.size });
          job = await uploadFile(config.workerUrl, item.file, (loaded, total) =>
            setRun(index, { step: "uploading", loaded, total }),
          ).done;
          job = await sendDetails(config.workerUrl, job.id, importDetails(item));
        }
        while (!(job.status === "published" && job.manifestCid)) {
          if (job.status === "failed" || job.status === "cancelled")
            throw new Error(
              job.error?.message ?? `The worker ${job.status === "failed" ? "failed" : "cancelled"} the job. Retry it.`,
            );
          setRun(index, { step: "processing", job });
          await sleep(1000);
          if (stopped.current) return;
          job = await getJob(config.workerUrl, job.id);
        }
      } catch (error) {
        setRun(index, {
          step: "failed",
          error: error instanceof Error ? error.message : "The upload failed. Retry it.",
          ...(job ? { job } : {}),
        });
        return;
      }

      setRun(index, { step: "publishing", job });
      setSigningIndex(index);
      let posted: Posted | null = null;
      const plan = postPlan(wagmiConfig, config, { kind: "own" }, job.manifestCid, (hash) =>
        setRun(index, { step: "publishing", job, txHash: hash }),
      );
      await startTx({ ...plan, onIndexed: (result) => (posted = result) });
      await settle(index, job, () => posted);
    },
    [config, wagmiConfig, setRun, startTx, settle, followSigned, maxUpload],
  );

  const runBatch = async (indexes: number[]) => {
    if (!review || running) return;
    setRunning(true);
    for (const index of indexes) {
      if (stopped.current) break;
      const item = review.items[index];
      if (item) await importOne(item, index, runs[index] ?? { step: "waiting" });
    }
    setRunning(false);
  };

  useLeaveGuard(
    running
      ? "Your import is still running: the video in progress stops here. Videos already published stay published, and choosing the same folder on this page again resumes the rest. Leave anyway?"
      : null,
  );

  if (!review) {
    return (
      <>
        {workerUp === false ? <WorkerDown url={config.workerUrl} /> : null}
        <section className={`panel stack ${styles.pick}`} aria-labelledby="pick-heading">
          <h2 id="pick-heading">Choose your export</h2>
          {resumable ? <ResumeOffer stored={resumable} onForget={forgetStored} /> : null}
          <p>
            From YouTube: download your videos with <strong>Google Takeout</strong> (YouTube and YouTube Music → videos
            and video metadata). From PeerTube (6 or later): <strong>request an archive</strong> of your account with
            its video files (My account → Import/Export). Unzip it and choose the folder. Nothing is sent anywhere until
            you press <em>Import</em>.
          </p>
          <div className={styles.actions}>
            <button type="button" className="btn btn-primary" onClick={() => folderInput.current?.click()}>
              Choose the export folder
            </button>
            <button type="button" className="btn" onClick={() => filesInput.current?.click()}>
              Or choose video files and videos.csv / videos.json
            </button>
          </div>
          <input
            ref={(input) => {
              folderInput.current = input;
              // `webkitdirectory` has no React prop type; set as the attribute browsers read (each time the input is
              // made again: "Choose another folder" brings it back).
              input?.setAttribute("webkitdirectory", "");
            }}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Export folder (YouTube Takeout or PeerTube archive)"
            data-testid="import-folder"
            onChange={(e) => {
              void read(e.target.files);
              e.target.value = "";
            }}
          />
          <input
            ref={filesInput}
            type="file"
            multiple
            accept="video/*,.mkv,.mov,.mp4,.webm,.m4v,.avi,.csv,text/csv,.json,application/json"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Video files and videos.csv or videos.json"
            data-testid="import-files"
            onChange={(e) => {
              void read(e.target.files);
              e.target.value = "";
            }}
          />
          {pickError ? (
            <p className="notice notice-error" role="alert">
              {pickError}
            </p>
          ) : null}
        </section>
      </>
    );
  }

  const selected = review.items.map((it, i) => (it.selected ? i : -1)).filter((i) => i >= 0);
  const batchRuns = selected.map((i) => runs[i] ?? { step: "waiting" as const });
  const progress = batchProgress(batchRuns);
  const started = batchRuns.some((r) => r.step !== "waiting");
  const failedIndexes = selected.filter((i) => runs[i]?.step === "failed");
  const pending = selected.filter((i) => runs[i]?.step === "waiting");
  const finished = started && !running && pending.length === 0;

  return (
    <>
      {workerUp === false ? <WorkerDown url={config.workerUrl} /> : null}
      <section className="panel stack" aria-labelledby="review-heading">
        <h2 id="review-heading">{plural(review.items.length, "video")} found</h2>
        {review.resumedDone ? (
          <p className="notice notice-success" role="status" data-testid="import-resumed">
            Resuming the import from before: {plural(review.resumedDone, "video")} already published{" "}
            {review.resumedDone === 1 ? "is" : "are"} skipped.
          </p>
        ) : null}
        {review.csvProblem ? (
          <p className="notice notice-warning" role="status" data-testid="import-csv-problem">
            {review.csvProblem}
          </p>
        ) : null}
        {review.notes.map((note) => (
          <p key={note} className="notice" role="status">
            {note}
          </p>
        ))}
        {review.missingFiles.length ? (
          <details className="notice notice-warning" data-testid="import-missing-files">
            <summary>
              {plural(review.missingFiles.length, "video")} in{" "}
              {review.source === "youtube" ? "videos.csv" : "videos.json"}{" "}
              {review.missingFiles.length === 1 ? "has" : "have"} no file among the ones you picked — not imported
            </summary>
            {review.source === "youtube" ? (
              <p>
                Takeout leaves out videos it couldn&apos;t export, and splits big exports into several archives: unzip
                them all into one folder and choose it again.
              </p>
            ) : (
              <p>
                The archive has no file for these (the instance couldn&apos;t export it, or the folder chosen isn&apos;t
                the whole archive): choose the whole unzipped archive, or upload them one by one from{" "}
                <Link href="/upload">Upload</Link>.
              </p>
            )}
            <ul>
              {review.missingFiles.map((row, i) => (
                <li key={`${row.videoId ?? ""}-${i}`}>{row.title}</li>
              ))}
            </ul>
          </details>
        ) : null}

        <ul className={styles.list} data-testid="import-list">
          {review.items.map((item, index) => (
            <ImportRow
              key={`${item.file.webkitRelativePath || item.file.name}-${index}`}
              index={index}
              item={item}
              run={runs[index] ?? { step: "waiting" }}
              tx={signingIndex === index ? tx : null}
              locked={started}
              platform={PLATFORM[review.source]}
              tooBig={rejectTooBig(item.file, maxUpload)}
              canRetry={!running}
              onToggle={() => toggle(index)}
              onRetry={() => void runBatch([index])}
            />
          ))}
        </ul>
      </section>

      <section className="panel stack" aria-labelledby="batch-heading" data-testid="import-batch">
        <h2 id="batch-heading">Import</h2>
        {!started ? (
          <p className="publish-explain">
            Each video uploads to this instance&apos;s worker, is transcoded and stored on IPFS, then your wallet signs
            one transaction for it (<code>Videos.publish</code>: the contract has no call for several videos, so{" "}
            {plural(selected.length, "video")} {selected.length === 1 ? "asks" : "ask"} for{" "}
            {plural(selected.length, "signature")}, one after the other). Keep this page open until it&apos;s done.
          </p>
        ) : (
          <div className="progress">
            <div className="progress-head">
              <span data-testid="import-summary">
                {progress.done} of {progress.total} imported
                {progress.failed ? ` · ${progress.failed} failed` : ""}
              </span>
              <span className="muted">{formatPercent(progress.fraction)}</span>
            </div>
            <ProgressBar
              fraction={progress.fraction}
              label="Import progress"
              state={finished ? (progress.failed ? "failed" : "done") : undefined}
            />
          </div>
        )}
        {!wallet.connected ? (
          <div className="tx" data-tone="waiting">
            <ConnectPrompt text="Connect the wallet that will sign each video." />
          </div>
        ) : wallet.wrongChain ? (
          <div className="tx" data-tone="waiting">
            <SwitchPrompt purpose="publish the videos" />
          </div>
        ) : null}
        {finished ? (
          <p className={`notice ${progress.failed ? "notice-warning" : "notice-success"}`} role="status">
            {progress.failed
              ? `${plural(progress.done, "video")} imported; ${plural(progress.failed, "video")} failed — each says why above. Retry them one by one or all at once.`
              : `All ${plural(progress.done, "video")} imported.`}{" "}
            {wallet.address ? <Link href={`/creator/${wallet.address}`}>See them on your page</Link> : null}
          </p>
        ) : null}
        <div className={styles.actions}>
          {!started ? (
            <>
              <button
                type="button"
                className="btn btn-primary btn-large"
                disabled={!selected.length || !wallet.ready || running}
                onClick={() => void runBatch(selected)}
                data-testid="import-start"
              >
                Import {plural(selected.length, "video")}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setReview(null);
                  setRuns([]);
                }}
              >
                Choose another folder
              </button>
            </>
          ) : !running && pending.length ? (
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={!wallet.ready}
              onClick={() => void runBatch(pending)}
              data-testid="import-continue"
            >
              Continue: import {plural(pending.length, "more video", "more videos")}
            </button>
          ) : finished && failedIndexes.length ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={!wallet.ready}
              onClick={() => void runBatch(failedIndexes)}
            >
              Retry {plural(failedIndexes.length, "failed video")}
            </button>
          ) : null}
        </div>
        {!selected.length && !started ? <p className="muted">Tick at least one video to import.</p> : null}
      </section>
    </>
  );
}

function ImportRow({
  index,
  item,
  run,
  tx,
  locked,
  platform,
  tooBig,
  canRetry,
  onToggle,
  onRetry,
}: {
  index: number;
  item: Item;
  run: ItemRun;
  /** The live transaction while this video's is being signed or followed. */
  tx: TxState<Posted> | null;
  locked: boolean;
  /** Where the export came from, for its privacy label ("Unlisted on PeerTube"). */
  platform: string;
  /** Why the worker would refuse this file (bigger than it accepts), or null. */
  tooBig: string | null;
  canRetry: boolean;
  onToggle: () => void;
  onRetry: () => void;
}) {
  const checkboxId = `import-item-${index}`;
  const preview = item.description.length > 160 ? `${item.description.slice(0, 160).trimEnd()}…` : item.description;
  const shownTx = tx ?? (run.step === "done" || run.step === "failed" ? run.tx : undefined);
  return (
    <li className={styles.row} data-testid="import-item" data-step={run.step} data-selected={item.selected}>
      <div className={styles.head}>
        <input
          id={checkboxId}
          type="checkbox"
          checked={item.selected}
          onChange={onToggle}
          disabled={locked}
          className={styles.check}
        />
        <div className={styles.body}>
          <label htmlFor={checkboxId} className={styles.title}>
            {item.title}
          </label>
          <div className={styles.meta}>
            {item.publishedAt ? <span>Originally published {dateLabel(item.publishedAt)}</span> : null}
            <span>{formatBytes(item.file.size)}</span>
            {item.privacy === "private" || item.privacy === "unlisted" ? (
              <span className={styles.label} data-testid="import-privacy">
                {item.privacy === "private" ? "Private" : "Unlisted"} on {platform} — unticked; tick to publish it
                publicly here
              </span>
            ) : null}
            {tooBig && run.step !== "done" ? (
              <span className={styles.label} data-testid="import-too-big">
                Too big for this node — unticked
              </span>
            ) : null}
            {run.step === "done" && !run.job ? <span className={styles.label}>Published before the reload</span> : null}
            {!item.matched ? (
              <span className={styles.label}>No metadata for this file: title from its name</span>
            ) : null}
          </div>
          {preview ? <p className={styles.description}>{preview}</p> : null}
          {tooBig && run.step === "waiting" ? (
            <p className="notice notice-warning" data-testid="import-too-big-why">
              {tooBig}
            </p>
          ) : null}
          {item.tags.length ? <p className={styles.tags}>{item.tags.map((t) => `#${t}`).join(" ")}</p> : null}
        </div>
      </div>
      {item.selected && run.step !== "waiting" ? (
        <div className="progress">
          <div className="progress-head">
            <span data-testid="import-item-status">{runLabel(run)}</span>
            {run.step === "done" ? (
              <Link href={`/watch/${run.videoId}`}>Watch</Link>
            ) : run.step !== "failed" ? (
              <span className="muted">{formatPercent(itemFraction(run))}</span>
            ) : null}
          </div>
          <ProgressBar
            fraction={itemFraction(run)}
            label={`${item.title}: import progress`}
            state={run.step === "done" ? "done" : run.step === "failed" ? "failed" : undefined}
          />
        </div>
      ) : null}
      {shownTx && shownTx.step !== "idle" ? (
        <TxStatus
          tx={shownTx}
          testId="import-tx"
          confirmed={() => "waiting for the catalogue…"}
          indexed={() => "in the catalogue"}
        />
      ) : null}
      {run.step === "failed" ? (
        <div className={styles.failed}>
          <p className="notice notice-error" role="alert">
            {run.error}
          </p>
          <button type="button" className="btn btn-small" onClick={onRetry} disabled={!canRetry}>
            Retry this video
          </button>
        </div>
      ) : null}
    </li>
  );
}

function runLabel(run: ItemRun): string {
  switch (run.step) {
    case "waiting":
      return "Waiting";
    case "uploading":
      return `Uploading ${formatBytes(run.loaded)} of ${formatBytes(run.total)}`;
    case "processing":
      return run.job.stage || "Processing";
    case "publishing":
      return "Publishing — sign in your wallet";
    case "done":
      return "Published";
    case "failed":
      return "Failed";
  }
}

/** "Resume: 3 of 7 published — choose the folder again to continue", with a way to forget the kept batch. */
function ResumeOffer({ stored, onForget }: { stored: StoredImport; onForget: () => void }) {
  const { done, total } = resumeProgress(stored);
  return (
    <div className="notice" role="status" data-testid="import-resume">
      <p>
        <strong>
          Resume: {done} of {total} published
        </strong>{" "}
        — an import of your {PLATFORM[stored.source]} export stopped when this page was closed or reloaded. Choose the
        same folder again to continue: the videos already published are skipped, and the page can&apos;t keep the files
        themselves.
      </p>
      <button type="button" className="btn btn-small" onClick={onForget} data-testid="import-forget">
        Forget that import
      </button>
    </div>
  );
}
