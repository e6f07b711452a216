"use client";
import { useHydrated } from "@/lib/use-hydrated";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { useConfig, useConnection } from "wagmi";
import { parseChannelParam } from "@/lib/channel-role";
import { releasedVideoId } from "@/lib/channels";
import { channelName } from "@/lib/indexer";
import { DESCRIPTION_MAX, formatBytes, formatDuration, formatEta, formatPercent, titleFromFilename, TITLE_MAX } from "@/lib/format";
import {
  descriptionProblem,
  jobSteps,
  leaveWarning,
  readStoredUpload,
  titleProblem,
  uploadStorageKey,
  writeStoredUpload,
  type StoredUpload,
} from "@/lib/upload-state";
import { useLeaveGuard } from "@/lib/use-leave-guard";
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
import { PostToPicker, useSubmittableChannels, type Destination } from "./PostToPicker";
import { TxStatus, Waiting } from "./TxStatus";
import { useContractTx, type TxState } from "@/tx/useContractTx";
import { useUploadAccount } from "@/lib/use-upload-account";
import { postPlan, type Posted } from "@/tx/uploadTx";
import { ConnectPrompt, SwitchPrompt } from "./WalletGate";

type Upload = { file: File; loaded: number; total: number; handle: UploadHandle };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * /upload: pick or drop a file → it uploads to the ffmpeg worker (progress in % and MB) → the worker probes, transcodes
 * and stores it on IPFS (per-stage progress, ETA) while the person writes the title and description → one Publish
 * button → the wallet signs `Videos.publish(cid)` → pending → confirmed → indexed, with a link to the watch page.
 *
 * The job id, the details typed so far (and later the transaction hash) live in localStorage under the connected
 * account, so a reload, or leaving and coming back, picks up where it was — and another account sees its own work.
 * `?channel=<id>` preselects that community channel under "Post to".
 */
export function UploadStudio() {
  const { address } = useConnection();
  // A different account gets a fresh studio (a new key) showing its own work; work started without a wallet is claimed
  // by the first account that connects, without a remount.
  const { account, generation, hasWork } = useUploadAccount(address);
  return <Studio key={generation} account={account} hasWork={hasWork} />;
}

function Studio({ account, hasWork }: { account: string | null; hasWork: React.RefObject<boolean> }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { address, chainId } = useConnection();
  const storageKey = uploadStorageKey(account);
  // Through a ref: an upload that started before a wallet connected finishes into the account that claimed it.
  const storageKeyRef = useRef(storageKey);
  storageKeyRef.current = storageKey;
  const save = (stored: StoredUpload | null) => writeStoredUpload(storageKeyRef.current, stored);
  const preselected = parseChannelParam(useSearchParams().get("channel"));
  const initialDestination: Destination = preselected ? { kind: "channel", channelId: preselected, name: `Channel #${preselected}` } : { kind: "own" };

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
  const [destination, setDestination] = useState<Destination>(initialDestination);
  const [workerUp, setWorkerUp] = useState<boolean | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

  // ---- resume after a reload ----
  useEffect(() => {
    const stored = readStoredUpload(storageKey);
    if (stored) {
      hasWork.current = true;
      setJobId(stored.jobId);
      if (stored.draft) {
        setTitle(stored.draft.title);
        setDescription(stored.draft.description);
        setTouched(true);
      }
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
    setDestination(initialDestination);
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
  const titleError = titleProblem(title);
  const descriptionError = descriptionProblem(description);
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
  // transaction until the catalogue has it (tx/useContractTx.ts).
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

  /** The transaction for a destination (tx/uploadTx.ts); its hash is remembered with the job, for a reload. */
  function planFor(target: Destination, cid: string | null, forJob: string) {
    const remember = (hash: `0x${string}`) =>
      save(target.kind === "channel" ? { jobId: forJob, txHash: hash, channelId: target.channelId, channelName: target.name } : { jobId: forJob, txHash: hash });
    return postPlan(wagmiConfig, config, target, cid, remember);
  }

  // ---- leaving the page ----
  useLeaveGuard(
    leaveWarning({
      uploading: Boolean(upload),
      awaitingSignature: tx.step === "signing" || (publishRequested && tx.step === "idle"),
      unpublished: Boolean(jobId) && !jobFailed && !jobLost && (tx.step === "idle" || tx.step === "failed"),
    }),
  );

  // The details typed so far are kept with the job (until the worker has them), so leaving and coming back keeps them.
  useEffect(() => {
    if (!jobId || !touched || detailsLocked) return;
    const stored = readStoredUpload(storageKey);
    if (stored?.jobId === jobId) writeStoredUpload(storageKey, { ...stored, draft: { title, description } });
  }, [jobId, touched, detailsLocked, title, description, storageKey]);

  // Leaving the page (an in-app link the person confirmed, or another account's studio replacing this one) stops an
  // upload in flight, as the warning says, rather than let it finish unseen.
  const uploadRef = useRef(upload);
  uploadRef.current = upload;
  useEffect(() => () => uploadRef.current?.handle.abort(), []);

  // The account switcher (useUploadAccount) needs to know whether there is work here to claim.
  useEffect(() => {
    hasWork.current = Boolean(upload || jobId);
  }, [upload, jobId, hasWork]);

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

  if (!upload && !jobId) {
    return (
      <>
        {workerUp === false ? <WorkerDown url={config.workerUrl} /> : null}
        {jobLost ? (
          <p className="notice notice-warning" role="status">
            Your previous upload is no longer on the transcoding worker (it may have restarted or cleaned up). Choose the file again.
          </p>
        ) : null}
        {destination.kind === "channel" ? <PreselectedChannel destination={destination} /> : null}
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
            // Too long is said as it is typed; a missing title once Publish is pressed.
            error={showErrors || trimmedTitle ? titleError : null}
            readOnly={detailsLocked}
            inputRef={titleRef}
          />
          <DescriptionField
            value={description}
            onChange={(v) => {
              setDescription(v);
              setTouched(true);
            }}
            error={descriptionError}
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
                <span className="file-sub">
                  {upload ? "Cancel this upload? Its progress is lost." : "Discard this video? The worker stops processing it and nothing is published."}
                </span>
                <button type="button" className="btn btn-danger btn-small" onClick={cancel}>
                  {upload ? "Yes, cancel it" : "Yes, discard it"}
                </button>
                <button type="button" className="btn btn-small" onClick={() => setConfirmCancel(false)}>
                  Keep going
                </button>
              </div>
            ) : (
              <div>
                {/* Once the file is uploaded there is no upload to cancel: what remains is the video being processed. */}
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmCancel(true)} data-testid="cancel-upload">
                  {upload ? "Cancel upload" : "Discard this video"}
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

/** Arrived from a channel's "Submit a video": say where the video will go before a file is chosen. */
function PreselectedChannel({ destination }: { destination: Extract<Destination, { kind: "channel" }> }) {
  const { all } = useSubmittableChannels();
  const channel = all?.find((c) => c.id === destination.channelId);
  return (
    <p className="notice" data-testid="preselected-channel">
      {all && !channel ? (
        <>There is no community channel #{destination.channelId}; choose where to post once your file is uploading.</>
      ) : (
        <>
          Submitting to <strong>{channel ? channelName(channel) : destination.name}</strong> — you can change this under &ldquo;Post to&rdquo; once
          you&apos;ve chosen a file.
        </>
      )}
    </p>
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
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="title"
        autoComplete="off"
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span className={error ? "field-error" : undefined} role={error ? "alert" : undefined} data-testid="title-error">
          {error ?? "What viewers see first."}
        </span>
        <span className={length > TITLE_MAX ? "field-error" : undefined} data-testid="title-count">
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
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="description"
        placeholder="Tell viewers about your video. Links (https://…) become clickable."
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span className={error ? "field-error" : undefined} role={error ? "alert" : undefined}>
          {error ?? "Optional."}
        </span>
        <span className={length > DESCRIPTION_MAX ? "field-error" : undefined}>
          {length}/{DESCRIPTION_MAX}
        </span>
      </div>
    </div>
  );
}

function ProgressBar({ fraction, state, label, indeterminate }: { fraction: number; state?: "done" | "failed"; label: string; indeterminate?: boolean }) {
  // Rounded down like the percentage written beside it (formatPercent), so the bar and the text always agree.
  const percent = Number.parseInt(formatPercent(fraction), 10);
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
                  {/* The same numbers as the bar below: full once transcoded, none while queued (the bar is indeterminate). */}
                  {job.status === "published"
                    ? "ready"
                    : job.status === "awaiting-details"
                      ? formatPercent(1)
                      : job.status === "queued"
                        ? "waiting"
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
