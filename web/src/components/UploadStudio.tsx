"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { type CommentPolicy, type JobAccess, parseTags } from "@chorus/protocol";
import { useCallback, useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { useConfig, useConnection } from "wagmi";
import { parseChannelParam } from "@/lib/channel-role";
import { releasedVideoId } from "@/lib/channels";
import {
  descriptionProblem,
  leaveWarning,
  readStoredUpload,
  titleProblem,
  uploadStorageKey,
  writeStoredUpload,
  type StoredUpload,
} from "@/lib/upload-state";
import { initialStudio, studioPhase, studioReducer } from "@/lib/upload-studio";
import { useJob } from "@/lib/use-job";
import { useLeaveGuard } from "@/lib/use-leave-guard";
import { useUploadAccount } from "@/lib/use-upload-account";
import {
  cancelJob,
  isTerminal,
  rejectNonVideo,
  rejectTooBig,
  sendDetails,
  uploadFile,
  workerStatus,
} from "@/lib/worker";
import { postPlan, type Posted } from "@/tx/uploadTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "./ConfigContext";
import { PostToPicker, type Destination } from "./PostToPicker";
import { DescriptionField, TitleField } from "./upload/DetailsFields";
import { Dropzone } from "./upload/Dropzone";
import { AccessChoice } from "./AccessChoice";
import { JobPanel } from "./upload/JobPanel";
import { PreselectedChannel, StudioSkeleton, WorkerDown } from "./upload/notices";
import { PublishSection } from "./upload/PublishSection";
import { TagsField, tagsProblem } from "./upload/TagsField";
import { CommentPolicyPicker, CommentPolicyStep, effectivePolicy } from "./upload/CommentPolicyStep";
import { SplitEditor, SplitStep, useSplitRows } from "./earn/SplitEditor";

/**
 * /upload: pick or drop a file → it uploads to the ffmpeg worker (progress in % and MB) → the worker probes, transcodes
 * and stores it on IPFS (per-stage progress, ETA) while the person writes the title and description → one Publish
 * button → the wallet signs `Videos.publish(cid)` → pending → confirmed → indexed, with a link to the watch page.
 *
 * The job id, the details typed so far (and later the transaction hash) live in localStorage under the connected
 * account, so a reload, or leaving and coming back, picks up where it was — and another account sees its own work.
 * `?channel=<id>` preselects that community channel under "Post to".
 *
 * State: one reducer (lib/upload-studio.ts, unit-tested), the worker's job polled by `useJob` (lib/use-job.ts), the
 * transaction by useContractTx (tx/); the effects below only start what the state says is due.
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
  const save = useCallback((stored: StoredUpload | null) => writeStoredUpload(storageKeyRef.current, stored), []);
  const preselected = parseChannelParam(useSearchParams().get("channel"));
  const initialDestination: Destination = preselected
    ? { kind: "channel", channelId: preselected, name: `Channel #${preselected}` }
    : { kind: "own" };

  const [state, dispatch] = useReducer(studioReducer, initialDestination, initialStudio);
  // Who may comment: not part of the draft or the publish call (a second transaction after it, CommentPolicyStep).
  const [commentPolicy, setCommentPolicy] = useState<CommentPolicy>("open");
  // Rights holders: also a second transaction after it (SplitStep).
  const split = useSplitRows(address);
  const [access, setAccess] = useState<JobAccess | null>(null);
  const [tagsText, setTagsText] = useState("");
  const {
    upload,
    file,
    jobId,
    jobLost,
    title,
    description,
    touched,
    showErrors,
    publishRequested,
    details,
    destination,
    workerUp,
    confirmCancel,
  } = state;
  const { job, lost, contactError, setJob } = useJob(config.workerUrl, jobId);
  const { tx, start: startTx, resume: resumeTx, reset: resetTx } = useContractTx<Posted>();
  const titleRef = useRef<HTMLInputElement>(null);

  /** The transaction for a destination (tx/uploadTx.ts); its hash is remembered with the job, for a reload. */
  const planFor = useCallback(
    (target: Destination, cid: string | null, forJob: string) => {
      const remember = (hash: `0x${string}`) =>
        save(
          target.kind === "channel"
            ? { jobId: forJob, txHash: hash, channelId: target.channelId, channelName: target.name }
            : { jobId: forJob, txHash: hash },
        );
      return postPlan(wagmiConfig, config, target, cid, remember);
    },
    [save, wagmiConfig, config],
  );

  /** The largest file the worker accepts (its /health), null when it didn't say, undefined until it answers. */
  const uploadLimit = useRef<number | null | undefined>(undefined);

  // ---- resume after a reload (once: the studio is remounted for another account, and a claim keeps the work) ----
  const restoring = useRef({ hasWork, planFor, resumeTx });
  useEffect(() => {
    const { hasWork: work, planFor: plan, resumeTx: resume } = restoring.current;
    const stored = readStoredUpload(storageKeyRef.current);
    if (stored) {
      work.current = true;
      if (stored.txHash) {
        const target: Destination = stored.channelId
          ? { kind: "channel", channelId: stored.channelId, name: stored.channelName ?? `Channel #${stored.channelId}` }
          : { kind: "own" };
        void resume(stored.txHash, plan(target, null, stored.jobId));
      }
    }
    dispatch({ type: "restored", stored });
    void workerStatus(config.workerUrl).then((status) => {
      uploadLimit.current = status.up ? status.maxUploadBytes : null;
      dispatch({ type: "worker-health", up: status.up });
    });
  }, [config.workerUrl]);

  // ---- follow the job (useJob polls it) ----
  useEffect(() => {
    if (job) dispatch({ type: "job-seen", job });
  }, [job]);
  useEffect(() => {
    if (!lost) return;
    dispatch({ type: "job-lost" });
    save(null);
  }, [lost, save]);

  // ---- choosing and uploading a file ----
  const startUpload = useCallback(
    async (chosen: File) => {
      // The worker's limit, asked for on arrival (asked now if that answer hasn't come yet): a bigger file is refused
      // here, before a byte is sent.
      if (uploadLimit.current === undefined) {
        const status = await workerStatus(config.workerUrl);
        uploadLimit.current = status.up ? status.maxUploadBytes : null;
      }
      const problem = rejectNonVideo(chosen) ?? rejectTooBig(chosen, uploadLimit.current);
      if (problem) {
        dispatch({ type: "pick-rejected", error: problem });
        return;
      }
      const handle = uploadFile(
        config.workerUrl,
        chosen,
        (loaded, total) => dispatch({ type: "upload-progress", handle, loaded, total }),
        access,
      );
      dispatch({ type: "upload-started", file: chosen, handle });
      handle.done.then(
        (created) => {
          setJob(created);
          dispatch({ type: "upload-done", job: created });
          save({ jobId: created.id });
        },
        (error: unknown) => {
          const stopped = error instanceof DOMException && error.name === "AbortError";
          dispatch({
            type: "upload-failed",
            error: stopped ? null : error instanceof Error ? error.message : "The upload failed. Try again.",
          });
        },
      );
    },
    [config.workerUrl, save, setJob, access],
  );

  const reset = () => {
    upload?.handle.abort();
    save(null);
    resetTx();
    dispatch({ type: "reset", destination: initialDestination });
  };

  const cancel = async () => {
    dispatch({ type: "cancel-dismissed" });
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
  const trimmedDescription = description.trim();
  const titleError = titleProblem(title);
  const descriptionError = descriptionProblem(description);
  const detailsLocked = Boolean(job?.details);
  const jobFailed = job?.status === "failed" || job?.status === "cancelled";

  // ---- publishing: one request, then everything happens as soon as it can ----
  const wrongChain = Boolean(address) && chainId !== undefined && chainId !== config.chainId;

  // 1. Send the title and description (the worker stores the video on IPFS once it has both the renditions and these).
  useEffect(() => {
    if (!publishRequested || !job || job.details || details.state !== "idle" || jobFailed) return;
    dispatch({ type: "details-sending" });
    sendDetails(config.workerUrl, job.id, {
      title: trimmedTitle,
      description: trimmedDescription,
      tags: parseTags(tagsText),
    }).then(
      (updated) => {
        setJob(updated);
        dispatch({ type: "details-sent" });
      },
      (error: unknown) =>
        dispatch({
          type: "details-failed",
          error: error instanceof Error ? error.message : "The worker didn't accept the details. Try again.",
        }),
    );
  }, [
    publishRequested,
    job,
    details.state,
    jobFailed,
    config.workerUrl,
    trimmedTitle,
    trimmedDescription,
    tagsText,
    setJob,
  ]);

  // 2. Once the manifest is on IPFS and a wallet on the right chain is connected: ask for the signature — of
  // Videos.publish (the creator's own channel) or Channels.submitVideo (a community channel) — and follow the
  // transaction until the catalogue has it (tx/useContractTx.ts).
  const signing = useRef(false);
  useEffect(() => {
    const cid = job?.manifestCid;
    if (
      !publishRequested ||
      tx.step !== "idle" ||
      job?.status !== "published" ||
      !cid ||
      !address ||
      wrongChain ||
      signing.current
    )
      return;
    signing.current = true;
    dispatch({ type: "signing-started" });
    void startTx(planFor(destination, cid, job.id)).finally(() => {
      signing.current = false;
    });
  }, [publishRequested, tx.step, job, address, wrongChain, destination, startTx, planFor]);

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
    const valid = detailsLocked || (!titleError && !descriptionError && !tagsProblem(tagsText));
    dispatch({ type: "publish-pressed", valid });
    if (!valid) {
      titleRef.current?.focus();
      return;
    }
    if (tx.step === "failed") resetTx();
  };

  // ---- render ----
  const phase = studioPhase(state);
  if (phase === "restoring") return <StudioSkeleton />;

  if (phase === "choosing") {
    return (
      <>
        {workerUp === false ? <WorkerDown url={config.workerUrl} /> : null}
        {jobLost ? (
          <p className="notice notice-warning" role="status">
            Your previous upload is no longer on the transcoding worker (it may have restarted or cleaned up). Choose
            the file again.
          </p>
        ) : null}
        {destination.kind === "channel" ? <PreselectedChannel destination={destination} /> : null}
        <AccessChoice value={access} onChange={setAccess} />
        <Dropzone onFile={(file) => void startUpload(file)} error={state.pickError} />
      </>
    );
  }

  const txBusy = tx.step === "signing" || tx.step === "pending" || tx.step === "confirmed" || tx.step === "indexed";
  const canPublish = !jobFailed && !jobLost && !txBusy && !publishRequested && split.ready(destination);
  const posted = tx.step === "indexed" ? tx.result : null;
  const watchId = posted
    ? posted.kind === "video"
      ? posted.videoId
      : posted.released
        ? releasedVideoId(posted.channelId, posted.proposalId)
        : null
    : null;

  return (
    <>
      {workerUp === false && !job ? <WorkerDown url={config.workerUrl} /> : null}
      <div className="studio">
        <form className="panel stack" onSubmit={onPublish} noValidate aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <TitleField
            value={title}
            onChange={(value) => dispatch({ type: "title-changed", value })}
            // Too long is said as it is typed; a missing title once Publish is pressed.
            error={showErrors || trimmedTitle ? titleError : null}
            readOnly={detailsLocked}
            inputRef={titleRef}
          />
          <DescriptionField
            value={description}
            onChange={(value) => dispatch({ type: "description-changed", value })}
            error={descriptionError}
            readOnly={detailsLocked}
          />
          <TagsField value={tagsText} onChange={setTagsText} readOnly={detailsLocked} />
          {detailsLocked ? (
            <p className="publish-explain">
              These details are saved in the video&apos;s manifest on IPFS, so they can&apos;t change any more.
            </p>
          ) : (
            <p className="publish-explain">You can fill these in while the video is processing.</p>
          )}
          {details.state === "error" ? (
            <p className="field-error" role="alert">
              {details.error} Fix the details and press Publish again.
            </p>
          ) : null}

          <PostToPicker
            value={destination}
            onChange={(next) => dispatch({ type: "destination-changed", destination: next })}
            disabled={txBusy || publishRequested}
          />

          <CommentPolicyPicker
            value={commentPolicy}
            onChange={setCommentPolicy}
            destination={destination}
            disabled={txBusy || publishRequested}
          />
          <SplitEditor split={split} destination={destination} disabled={txBusy || publishRequested} />
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
          <CommentPolicyStep posted={posted} policy={effectivePolicy(commentPolicy, destination)} />
          <SplitStep posted={posted} split={split} />
          {tx.step === "indexed" && job?.access ? (
            <p className="notice" data-testid="price-next">
              {watchId ? (
                <>
                  It is encrypted after its free preview, and nobody but you (and its rights holders) can watch past the
                  preview until you choose who may:{" "}
                  <Link href={`/watch/${watchId}#price`} data-testid="set-price-link">
                    set its price or make it members-only
                  </Link>{" "}
                  under the video on its watch page (one more signature).
                </>
              ) : (
                "It is encrypted after its free preview, and nobody but you (and its rights holders) can watch past the preview until you choose who may: once the channel's vote releases it, set its price or make it members-only under the video on its watch page."
              )}
            </p>
          ) : null}
          {tx.step === "indexed" ? (
            <div className="tx-actions">
              {watchId ? (
                <Link className="btn btn-primary" href={`/watch/${watchId}`}>
                  Watch it now
                </Link>
              ) : posted?.kind === "submission" ? (
                <Link
                  className="btn btn-primary"
                  href={`/channels/${posted.channelId}?tab=proposals#proposal-${posted.proposalId}`}
                >
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
                  {upload
                    ? "Cancel this upload? Its progress is lost."
                    : "Discard this video? The worker stops processing it and nothing is published."}
                </span>
                <button type="button" className="btn btn-danger btn-small" onClick={cancel}>
                  {upload ? "Yes, cancel it" : "Yes, discard it"}
                </button>
                <button type="button" className="btn btn-small" onClick={() => dispatch({ type: "cancel-dismissed" })}>
                  Keep going
                </button>
              </div>
            ) : (
              <div>
                {/* Once the file is uploaded there is no upload to cancel: what remains is the video being processed. */}
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => dispatch({ type: "cancel-asked" })}
                  data-testid="cancel-upload"
                >
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
