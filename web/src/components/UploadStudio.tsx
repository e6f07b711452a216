"use client";
import { useHydrated } from "@/lib/use-hydrated";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { parseEventLogs, type Hex, type TransactionReceipt } from "viem";
import { useConfig, useConnection } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import { releasedVideoId } from "@/lib/channels";
import { channelsAbi, channelsAddress, cidToBytes, videosAbi, videosAddress } from "@/lib/contracts";
import {
  DESCRIPTION_MAX,
  formatBytes,
  formatDuration,
  formatEta,
  formatPercent,
  shortHash,
  titleFromFilename,
  TITLE_MAX,
} from "@/lib/format";
import { fetchProposal, fetchVideo } from "@/lib/indexer";
import { jobSteps, parseStoredUpload, UPLOAD_STORAGE_KEY, type StoredUpload } from "@/lib/upload-state";
import {
  cancelJob,
  getJob,
  isTerminal,
  rejectNonVideo,
  sendDetails,
  statusLabel,
  uploadFile,
  workerHealthy,
  WorkerError,
  type Job,
  type UploadHandle,
} from "@/lib/worker";
import { usePublicConfig } from "./ConfigContext";
import { AlertIcon, UploadIcon } from "./Icons";
import { PostToPicker, type Destination } from "./PostToPicker";
import { TxStatus, Waiting } from "./TxStatus";
import { HumanError, useContractTx, type TxPlan, type TxState } from "./useContractTx";
import { ConnectPrompt, SwitchPrompt } from "./WalletGate";

type Upload = { file: File; loaded: number; total: number; handle: UploadHandle };

/** What the transaction did: a video published on the creator's own channel, or submitted to a community channel. */
type Posted =
  | { kind: "video"; videoId: string }
  | { kind: "submission"; channelId: string; channelName: string; proposalId: string; released: boolean; votesNeeded: number };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

function save(stored: StoredUpload | null) {
  try {
    if (stored) localStorage.setItem(UPLOAD_STORAGE_KEY, JSON.stringify(stored));
    else localStorage.removeItem(UPLOAD_STORAGE_KEY);
  } catch {
    // Without storage a reload just starts over; nothing else depends on it.
  }
}

/**
 * /upload: pick or drop a file → it uploads to the ffmpeg worker (progress in % and MB) → the worker probes, transcodes
 * and stores it on IPFS (per-stage progress, ETA) while the person writes the title and description → one Publish
 * button → the wallet signs `Videos.publish(cid)` → pending → confirmed → indexed, with a link to the watch page.
 *
 * The job id (and later the transaction hash) live in localStorage, so a reload picks up where it was.
 */
export function UploadStudio() {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { address, chainId } = useConnection();

  const [restored, setRestored] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [contactError, setContactError] = useState<string | null>(null);
  const [jobLost, setJobLost] = useState(false);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [touched, setTouched] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [publishRequested, setPublishRequested] = useState(false);
  const [details, setDetails] = useState<{ state: "idle" | "sending" | "error"; error?: string }>({ state: "idle" });
  const { tx, start: startTx, resume: resumeTx, reset: resetTx } = useContractTx<Posted>();
  const [destination, setDestination] = useState<Destination>({ kind: "own" });
  const [workerUp, setWorkerUp] = useState<boolean | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

  // ---- resume after a reload ----
  useEffect(() => {
    let stored: StoredUpload | null = null;
    try {
      stored = parseStoredUpload(localStorage.getItem(UPLOAD_STORAGE_KEY));
    } catch {
      stored = null;
    }
    if (stored) {
      setJobId(stored.jobId);
      if (stored.channelId) setDestination({ kind: "channel", channelId: stored.channelId, name: stored.channelName ?? `Channel #${stored.channelId}` });
      if (stored.txHash) {
        const target: Destination = stored.channelId
          ? { kind: "channel", channelId: stored.channelId, name: stored.channelName ?? `Channel #${stored.channelId}` }
          : { kind: "own" };
        void resumeTx(stored.txHash, planFor(target, null, stored.jobId));
      }
    }
    setRestored(true);
    void workerHealthy(config.workerUrl).then(setWorkerUp);
  }, [config.workerUrl]);

  // ---- follow the job ----
  useEffect(() => {
    if (!jobId) return;
    const controller = new AbortController();
    (async () => {
      let failures = 0;
      while (!controller.signal.aborted) {
        try {
          const next = await getJob(config.workerUrl, jobId, controller.signal);
          if (controller.signal.aborted) return;
          failures = 0;
          setContactError(null);
          setJob(next);
          if (isTerminal(next.status)) return;
          await sleep(next.status === "awaiting-details" ? 1500 : 500, controller.signal);
        } catch (error) {
          if (controller.signal.aborted) return;
          if (error instanceof WorkerError && error.status === 404) {
            setJobLost(true);
            save(null);
            return;
          }
          failures++;
          setContactError(
            error instanceof WorkerError && error.status === null
              ? "Lost contact with the transcoding worker — retrying…"
              : `The worker answered with an error — retrying… (${error instanceof Error ? error.message : "unknown error"})`,
          );
          await sleep(Math.min(5000, 500 * 2 ** failures), controller.signal);
        }
      }
    })();
    return () => controller.abort();
  }, [jobId, config.workerUrl]);

  // The title starts as the file's name; saved details win after a reload.
  useEffect(() => {
    if (!job) return;
    if (job.details) {
      setTitle(job.details.title);
      setDescription(job.details.description);
    } else if (!touched && !title) {
      setTitle(titleFromFilename(job.filename));
    }
    // Only when the job first appears or its details change.
  }, [job?.id, job?.details?.title, job?.details?.description]);

  // ---- choosing and uploading a file ----
  const startUpload = useCallback(
    (chosen: File) => {
      const problem = rejectNonVideo(chosen);
      if (problem) {
        setPickError(problem);
        return;
      }
      setPickError(null);
      setJobLost(false);
      setFile(chosen);
      if (!touched || !title) setTitle(titleFromFilename(chosen.name));
      const handle = uploadFile(config.workerUrl, chosen, (loaded, total) =>
        setUpload((u) => (u && u.handle === handle ? { ...u, loaded, total } : u)),
      );
      setUpload({ file: chosen, loaded: 0, total: chosen.size, handle });
      handle.done.then(
        (created) => {
          setUpload(null);
          setJob(created);
          setJobId(created.id);
          save({ jobId: created.id });
        },
        (error: unknown) => {
          setUpload(null);
          setFile(null);
          setPublishRequested(false);
          if (error instanceof DOMException && error.name === "AbortError") return;
          setPickError(error instanceof Error ? error.message : "The upload failed. Try again.");
        },
      );
    },
    [config.workerUrl, title, touched],
  );

  const reset = useCallback(() => {
    upload?.handle.abort();
    save(null);
    setUpload(null);
    setFile(null);
    setJobId(null);
    setJob(null);
    setJobLost(false);
    setContactError(null);
    setTitle("");
    setDescription("");
    setTouched(false);
    setShowErrors(false);
    setPublishRequested(false);
    setDetails({ state: "idle" });
    resetTx();
    setDestination({ kind: "own" });
    setConfirmCancel(false);
    setPickError(null);
  }, [upload]);

  const cancel = async () => {
    setConfirmCancel(false);
    if (upload) {
      upload.handle.abort();
      reset();
      return;
    }
    if (jobId && job && !isTerminal(job.status)) {
      try {
        await cancelJob(config.workerUrl, jobId);
      } catch {
        // Cancelling is best effort: the job is forgotten here either way.
      }
    }
    reset();
  };

  // ---- the form ----
  const trimmedTitle = title.trim();
  const titleError = !trimmedTitle ? "Add a title." : [...title].length > TITLE_MAX ? `Keep the title to ${TITLE_MAX} characters.` : null;
  const descriptionError = [...description].length > DESCRIPTION_MAX ? `Keep the description to ${DESCRIPTION_MAX} characters.` : null;
  const detailsLocked = Boolean(job?.details);
  const jobFailed = job?.status === "failed" || job?.status === "cancelled";

  // ---- publishing: one request, then everything happens as soon as it can ----
  const wrongChain = Boolean(address) && chainId !== undefined && chainId !== config.chainId;

  // 1. Send the title and description (the worker stores the video on IPFS once it has both the renditions and these).
  useEffect(() => {
    if (!publishRequested || !job || job.details || details.state !== "idle" || jobFailed) return;
    setDetails({ state: "sending" });
    sendDetails(config.workerUrl, job.id, { title: trimmedTitle, description: description.trim() }).then(
      (updated) => {
        setJob(updated);
        setDetails({ state: "idle" });
      },
      (error: unknown) => {
        setPublishRequested(false);
        setDetails({ state: "error", error: error instanceof Error ? error.message : "The worker didn't accept the details. Try again." });
      },
    );
  }, [publishRequested, job, details.state, jobFailed, config.workerUrl, trimmedTitle, description]);

  // A failed or cancelled job ends the request.
  useEffect(() => {
    if (jobFailed) setPublishRequested(false);
  }, [jobFailed]);

  // 2. Once the manifest is on IPFS and a wallet on the right chain is connected: ask for the signature — of
  // Videos.publish (the creator's own channel) or Channels.submitVideo (a community channel) — and follow the
  // transaction until the catalogue has it (components/useContractTx.ts).
  const signing = useRef(false);
  useEffect(() => {
    const cid = job?.manifestCid;
    if (!publishRequested || tx.step !== "idle" || job?.status !== "published" || !cid || !address || wrongChain || signing.current) return;
    signing.current = true;
    setPublishRequested(false);
    void startTx(planFor(destination, cid, job.id)).finally(() => {
      signing.current = false;
    });
  }, [publishRequested, tx.step, job, address, wrongChain, destination, startTx]);

  /** The transaction for a destination: how to send it, what its receipt says, and when the catalogue has it. */
  function planFor(target: Destination, cid: string | null, forJob: string): TxPlan<Posted> {
    const remember = (hash: Hex) =>
      save(target.kind === "channel" ? { jobId: forJob, txHash: hash, channelId: target.channelId, channelName: target.name } : { jobId: forJob, txHash: hash });
    if (target.kind === "own") {
      return {
        action: "publish",
        outcome: "nothing was published",
        onHash: remember,
        send: async () => {
          const contract = videosAddress(config.chainId);
          if (!contract) {
            throw new HumanError(
              `There is no Videos contract for chain ${config.chainId} in this build's deployments, so nothing can be published here. Point CHAIN_ID at a chain it's deployed on.`,
            );
          }
          // Simulated first so a revert comes back as the contract's custom error (see channelTx.ts).
          return simulateContract(wagmiConfig, { address: contract, abi: videosAbi, functionName: "publish", args: [cidToBytes(cid!)], chainId: config.chainId }).then(({ request }) => writeContract(wagmiConfig, request));
        },
        read: (receipt: TransactionReceipt) => {
          const [event] = parseEventLogs({ abi: videosAbi, logs: receipt.logs, eventName: "VideoPublished" });
          if (!event) throw new HumanError("The transaction was mined but recorded no video. Nothing was published.");
          return { kind: "video", videoId: event.args.videoId.toString() };
        },
        isIndexed: async (result, signal) => result.kind === "video" && (await fetchVideo(config.indexerUrl, result.videoId, signal)).ok,
      };
    }
    return {
      action: "submit the video",
      outcome: "nothing was submitted",
      onHash: remember,
      send: async () => {
        const contract = channelsAddress(config.chainId);
        if (!contract) {
          throw new HumanError(`There is no Channels contract for chain ${config.chainId} in this build's deployments, so nothing can be submitted here.`);
        }
        return simulateContract(wagmiConfig, {
          address: contract,
          abi: channelsAbi,
          functionName: "submitVideo",
          args: [BigInt(target.channelId), cidToBytes(cid!)],
          chainId: config.chainId,
        }).then(({ request }) => writeContract(wagmiConfig, request));
      },
      read: (receipt: TransactionReceipt) => {
        const events = parseEventLogs({ abi: channelsAbi, logs: receipt.logs });
        const created = events.find((e) => e.eventName === "ProposalCreated");
        if (!created || created.eventName !== "ProposalCreated") throw new HumanError("The transaction was mined but recorded no submission. Nothing was submitted.");
        const proposalId = created.args.proposalId.toString();
        const vote = events.find((e) => e.eventName === "VoteCast");
        const yes = vote && vote.eventName === "VoteCast" ? vote.args.yesVotes : 0;
        return {
          kind: "submission",
          channelId: created.args.channelId.toString(),
          channelName: target.name,
          proposalId,
          released: events.some((e) => e.eventName === "VideoReleased"),
          votesNeeded: Math.max(0, created.args.requiredYes - yes),
        };
      },
      isIndexed: async (result, signal) => {
        if (result.kind !== "submission") return false;
        const proposal = await fetchProposal(config.indexerUrl, result.proposalId, signal);
        return proposal.ok && (!result.released || proposal.data.status === "released");
      },
    };
  }

  // ---- leaving the page ----
  const unsavedDetails = Boolean(job) && !detailsLocked && !jobFailed && touched;
  const wouldLoseWork = Boolean(upload) || tx.step === "signing" || (publishRequested && tx.step === "idle") || unsavedDetails;
  useEffect(() => {
    if (!wouldLoseWork) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [wouldLoseWork]);

  const onPublish = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (!detailsLocked && (titleError || descriptionError)) {
      titleRef.current?.focus();
      return;
    }
    if (tx.step === "failed") resetTx();
    setDetails((d) => (d.state === "error" ? { state: "idle" } : d));
    setPublishRequested(true);
  };

  // ---- render ----
  if (!restored) return <StudioSkeleton />;

  const hasWork = Boolean(upload || jobId);
  if (!hasWork) {
    return (
      <>
        {workerUp === false ? <WorkerDown url={config.workerUrl} /> : null}
        {jobLost ? (
          <p className="notice notice-warning" role="status">
            Your previous upload is no longer on the transcoding worker (it may have restarted or cleaned up). Choose the file again.
          </p>
        ) : null}
        <Dropzone onFile={startUpload} error={pickError} />
      </>
    );
  }

  const txBusy = tx.step === "signing" || tx.step === "pending" || tx.step === "confirmed" || tx.step === "indexed";
  const canPublish = !jobFailed && !jobLost && !txBusy && !publishRequested;
  const posted = tx.step === "indexed" ? tx.result : null;
  const watchId = posted ? (posted.kind === "video" ? posted.videoId : posted.released ? releasedVideoId(posted.channelId, posted.proposalId) : null) : null;

  return (
    <>
      {workerUp === false && !job ? <WorkerDown url={config.workerUrl} /> : null}
      <div className="studio">
        <form className="panel stack" onSubmit={onPublish} noValidate aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <TitleField
            value={title}
            onChange={(v) => {
              setTitle(v);
              setTouched(true);
            }}
            error={showErrors ? titleError : null}
            readOnly={detailsLocked}
            inputRef={titleRef}
          />
          <DescriptionField
            value={description}
            onChange={(v) => {
              setDescription(v);
              setTouched(true);
            }}
            error={showErrors ? descriptionError : null}
            readOnly={detailsLocked}
          />
          {detailsLocked ? (
            <p className="publish-explain">These details are saved in the video&apos;s manifest on IPFS, so they can&apos;t change any more.</p>
          ) : (
            <p className="publish-explain">You can fill these in while the video is processing.</p>
          )}
          {details.state === "error" ? (
            <p className="field-error" role="alert">
              {details.error} Fix the details and press Publish again.
            </p>
          ) : null}

          <PostToPicker value={destination} onChange={setDestination} disabled={txBusy || publishRequested} />

          <PublishSection
            tx={tx}
            destination={destination}
            canPublish={canPublish}
            publishRequested={publishRequested}
            job={job}
            uploading={Boolean(upload)}
            sendingDetails={details.state === "sending"}
            connected={Boolean(address)}
            wrongChain={wrongChain}
          />
          {tx.step === "indexed" ? (
            <div className="tx-actions">
              {watchId ? (
                <Link className="btn btn-primary" href={`/watch/${watchId}`}>
                  Watch it now
                </Link>
              ) : posted?.kind === "submission" ? (
                <Link className="btn btn-primary" href={`/channels/${posted.channelId}?tab=proposals#proposal-${posted.proposalId}`}>
                  See the proposal
                </Link>
              ) : null}
              <button type="button" className="btn" onClick={reset}>
                Upload another video
              </button>
            </div>
          ) : null}
        </form>

        <section className="panel stack" aria-labelledby="file-heading">
          <h2 id="file-heading">Your video</h2>
          <JobPanel
            file={file}
            upload={upload}
            job={job}
            contactError={contactError}
            jobLost={jobLost}
            onChooseAnother={reset}
          />
          {!jobFailed && !jobLost && !txBusy && (upload || (job && !isTerminal(job.status))) ? (
            confirmCancel ? (
              <div className="tx-actions" role="group" aria-label="Confirm cancelling">
                <span className="file-sub">Cancel this upload? Its progress is lost.</span>
                <button type="button" className="btn btn-danger btn-small" onClick={cancel}>
                  Yes, cancel it
                </button>
                <button type="button" className="btn btn-small" onClick={() => setConfirmCancel(false)}>
                  Keep going
                </button>
              </div>
            ) : (
              <div>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmCancel(true)}>
                  Cancel upload
                </button>
              </div>
            )
          ) : null}
        </section>
      </div>
    </>
  );
}

function StudioSkeleton() {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading…
      </span>
      <div className="skeleton" style={{ minHeight: 320, borderRadius: 12 }} />
    </div>
  );
}

function WorkerDown({ url }: { url: string }) {
  return (
    <p className="notice notice-warning" role="alert">
      <strong>The transcoding worker isn&apos;t reachable</strong> ({url}). Uploads won&apos;t work until it is running — if you run Chorus
      yourself, start it with <code>npm start</code>.
    </p>
  );
}

function Dropzone({ onFile, error }: { onFile: (file: File) => void; error: string | null }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <div
      className="dropzone"
      data-dragging={dragging}
      onDragEnter={(e) => {
        e.preventDefault();
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={() => {
        depth.current--;
        if (depth.current <= 0) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="dropzone-icon">
        <UploadIcon size={32} />
      </div>
      <h2>{dragging ? "Drop it to start uploading" : "Drag and drop a video file here"}</h2>
      <p>MP4, MOV, MKV, WebM… It starts uploading right away — you can write the details and connect a wallet while it processes.</p>
      <button type="button" className="btn btn-primary btn-large" onClick={() => inputRef.current?.click()}>
        Choose a video file
      </button>
      <input
        ref={inputRef}
        type="file"
        accept="video/*,.mkv,.mov,.mp4,.webm,.m4v,.avi"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Video file"
        data-testid="upload-file"
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          e.target.value = "";
          if (chosen) onFile(chosen);
        }}
      />
      {error ? (
        <p className="notice notice-error" role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function TitleField({
  value,
  onChange,
  error,
  readOnly,
  inputRef,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  readOnly: boolean;
  inputRef: React.RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const length = [...value].length;
  return (
    <div className="field">
      <label htmlFor={id}>Title (required)</label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        maxLength={TITLE_MAX}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="title"
        autoComplete="off"
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span className={error ? "field-error" : undefined} role={error ? "alert" : undefined}>
          {error ?? "What viewers see first."}
        </span>
        <span>
          {length}/{TITLE_MAX}
        </span>
      </div>
    </div>
  );
}

function DescriptionField({ value, onChange, error, readOnly }: { value: string; onChange: (v: string) => void; error: string | null; readOnly: boolean }) {
  const id = useId();
  const length = [...value].length;
  return (
    <div className="field">
      <label htmlFor={id}>Description</label>
      <textarea
        id={id}
        className="textarea"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={DESCRIPTION_MAX}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="description"
        placeholder="Tell viewers about your video. Links (https://…) become clickable."
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span className={error ? "field-error" : undefined}>{error ?? "Optional."}</span>
        <span>
          {length}/{DESCRIPTION_MAX}
        </span>
      </div>
    </div>
  );
}

function ProgressBar({ fraction, state, label, indeterminate }: { fraction: number; state?: "done" | "failed"; label: string; indeterminate?: boolean }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className="bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={indeterminate ? undefined : percent}
      data-state={state}
      data-indeterminate={indeterminate ? "true" : undefined}
    >
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}

function JobPanel({
  file,
  upload,
  job,
  contactError,
  jobLost,
  onChooseAnother,
}: {
  file: File | null;
  upload: Upload | null;
  job: Job | null;
  contactError: string | null;
  jobLost: boolean;
  onChooseAnother: () => void;
}) {
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => {
      URL.revokeObjectURL(url);
      setPreview(null);
    };
  }, [file]);

  const name = job?.filename ?? upload?.file.name ?? file?.name ?? "";
  const size = job?.bytes ?? upload?.total ?? file?.size ?? 0;
  const failed = job?.status === "failed" || job?.status === "cancelled";
  // The worker doesn't say at which stage a job failed; what it had produced by then tells us.
  const failedAt = job?.manifestCid ? "publishing" : job?.media ? "transcoding" : "probing";
  const steps = jobSteps(upload || !job ? null : job.status, failedAt);
  const eta = job ? formatEta(job.etaSeconds) : null;

  return (
    <>
      {preview ? (
        <video src={preview} className="player" style={{ aspectRatio: "16 / 9" }} muted controls playsInline preload="metadata" aria-label="Preview of your file" />
      ) : null}
      <div className="file-row">
        <div style={{ minWidth: 0 }}>
          <div className="file-name">{name}</div>
          <div className="file-sub">
            {formatBytes(size)}
            {job?.media
              ? ` · ${formatDuration(Math.round(job.media.durationSeconds))} · ${job.media.width}×${job.media.height}${job.media.hasAudio === false ? " · no audio" : ""}`
              : ""}
          </div>
        </div>
      </div>

      <div className="progress" data-testid="job-status" data-status={upload || !job ? "uploading" : job.status} aria-live="polite">
        {upload ? (
          <>
            <div className="progress-head">
              <strong>Uploading {formatPercent(upload.total ? upload.loaded / upload.total : 0)}</strong>
              <span className="muted">
                {formatBytes(upload.loaded)} of {formatBytes(upload.total)}
              </span>
            </div>
            <ProgressBar fraction={upload.total ? upload.loaded / upload.total : 0} label="Upload progress" />
            <span className="file-sub">Keep this page open until the upload finishes.</span>
          </>
        ) : jobLost ? (
          <p className="notice notice-warning" role="alert" style={{ margin: 0 }}>
            This upload is no longer on the transcoding worker (it may have restarted).{" "}
            <button type="button" className="btn btn-small" onClick={onChooseAnother}>
              Choose a file again
            </button>
          </p>
        ) : job ? (
          failed ? (
            <div className="notice notice-error" role="alert" style={{ margin: 0 }}>
              <p style={{ margin: "0 0 10px", display: "flex", gap: 8 }}>
                <AlertIcon size={18} style={{ flex: "none", marginTop: 2 }} />
                <span>
                  <strong>{job.status === "cancelled" ? "This upload was cancelled." : "We couldn't process this video."}</strong>{" "}
                  {job.error?.message ?? ""}
                  {job.error?.retryable ? " This may work if you try again." : ""}
                </span>
              </p>
              <button type="button" className="btn btn-small" onClick={onChooseAnother}>
                Choose another file
              </button>
            </div>
          ) : (
            <>
              <div className="progress-head">
                <strong>{job.status === "published" ? "Processed and stored on IPFS" : job.stage || statusLabel(job.status)}</strong>
                <span className="muted">
                  {job.status === "published"
                    ? "ready"
                    : job.status === "awaiting-details"
                      ? "waiting for your details"
                      : [formatPercent(job.progress), eta].filter(Boolean).join(" · ")}
                </span>
              </div>
              <ProgressBar
                fraction={job.status === "published" || job.status === "awaiting-details" ? 1 : job.progress}
                state={job.status === "published" ? "done" : undefined}
                label={`${statusLabel(job.status)} progress`}
                indeterminate={job.status === "queued"}
              />
              {!job.stage || job.status === "published" || job.status === "awaiting-details" ? (
                <span className="file-sub">{statusLabel(job.status)}</span>
              ) : null}
            </>
          )
        ) : (
          <span className="file-sub">Connecting to the worker…</span>
        )}
        {contactError ? (
          <span className="field-error" role="status">
            {contactError}
          </span>
        ) : null}
      </div>

      <ol className="steps" aria-label="Processing steps">
        {steps.map((step) => (
          <li key={step.key} data-state={step.state}>
            <span className="step-mark" aria-hidden="true">
              {step.state === "done" ? "✓" : step.state === "failed" ? "!" : ""}
            </span>
            {step.label}
            <span className="visually-hidden">
              {step.state === "done" ? " (done)" : step.state === "active" ? " (in progress)" : step.state === "failed" ? " (failed)" : ""}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

function PublishSection({
  tx,
  destination,
  canPublish,
  publishRequested,
  job,
  uploading,
  sendingDetails,
  connected,
  wrongChain,
}: {
  tx: TxState<Posted>;
  destination: Destination;
  canPublish: boolean;
  publishRequested: boolean;
  job: Job | null;
  uploading: boolean;
  sendingDetails: boolean;
  connected: boolean;
  wrongChain: boolean;
}) {
  const hydrated = useHydrated();
  const waiting = publishRequested && tx.step === "idle";
  const toChannel = destination.kind === "channel";
  const verb = toChannel ? "submit" : "publish";
  let idle: { body: React.ReactNode; tone?: "waiting"; step?: string };

  if (waiting) {
    if (!job || uploading) idle = { body: <Waiting>Waiting for the upload to finish — your wallet will be asked to sign after that.</Waiting> };
    else if (sendingDetails) idle = { body: <Waiting>Saving the title and description…</Waiting> };
    else if (job.status !== "published")
      idle = {
        body: (
          <Waiting>
            {`Waiting for processing to finish (${job.status === "publishing" ? "storing on IPFS" : `${statusLabel(job.status).toLowerCase()}${job.status === "transcoding" ? ` ${formatPercent(job.progress)}` : ""}`}) — your wallet will be asked to sign after that.`}
          </Waiting>
        ),
      };
    else if (!connected) idle = { tone: "waiting", body: <ConnectPrompt text="Connect a wallet to sign — the video is ready." /> };
    else if (wrongChain) idle = { tone: "waiting", body: <SwitchPrompt purpose={verb} /> };
    else idle = { body: <Waiting>Preparing the transaction…</Waiting> };
    idle.step = "waiting";
  } else if (job && (job.status === "failed" || job.status === "cancelled")) {
    idle = { body: <span>Nothing to {verb}: this file couldn&apos;t be processed. Choose another file.</span> };
  } else {
    idle = {
      body: connected ? (
        <span>Not {toChannel ? "submitted" : "published"} yet.</span>
      ) : (
        <span>
          Not {toChannel ? "submitted" : "published"} yet. You&apos;ll need a wallet to {verb} — connect one now or after pressing the button.
        </span>
      ),
    };
  }

  const inFlight = waiting || tx.step === "signing" || tx.step === "pending" || tx.step === "confirmed";
  const label = toChannel
    ? inFlight
      ? "Submitting…"
      : tx.step === "indexed"
        ? "Submitted"
        : `Submit to ${destination.name}`
    : inFlight
      ? "Publishing…"
      : tx.step === "indexed"
        ? "Published"
        : "Publish";
  const sub =
    tx.step === "indexed"
      ? "— recorded on-chain"
      : toChannel
        ? "— your wallet will sign one transaction that submits this video to the channel's vote"
        : "— your wallet will sign one transaction that records this video on-chain";

  return (
    <div className="stack" style={{ gap: 10 }}>
      <button
        type="submit"
        className="btn btn-primary btn-large btn-block"
        disabled={!hydrated || !canPublish}
        data-testid="publish"
        style={{ whiteSpace: "normal", height: "auto", padding: "10px 20px", flexDirection: "column", gap: 2 }}
      >
        <span>{label}</span>
        <span style={{ fontWeight: 500, fontSize: 13, opacity: 0.9 }}>{sub}</span>
      </button>
      <TxStatus
        tx={tx}
        idle={idle}
        confirmed={(r) =>
          r.kind === "video"
            ? `waiting for the catalogue to index video #${r.videoId}…`
            : `waiting for the catalogue to index proposal #${r.proposalId} in ${r.channelName}…`
        }
        indexed={(r) =>
          r.kind === "video" ? (
            <>
              <Link href={`/watch/${r.videoId}`} data-testid="watch-link">
                view your video
              </Link>{" "}
              (video #{r.videoId})
            </>
          ) : r.released ? (
            <>
              released in {r.channelName} at once —{" "}
              <Link href={`/watch/${releasedVideoId(r.channelId, r.proposalId)}`} data-testid="watch-link">
                view the video
              </Link>
            </>
          ) : (
            <>
              submitted to {r.channelName} as{" "}
              <Link href={`/channels/${r.channelId}?tab=proposals#proposal-${r.proposalId}`} data-testid="proposal-link">
                proposal #{r.proposalId}
              </Link>
              . It is released when the channel&apos;s vote passes: it needs {r.votesNeeded} more yes {r.votesNeeded === 1 ? "vote" : "votes"}
            </>
          )
        }
      />
    </div>
  );
}
