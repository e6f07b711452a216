"use client";
import { useEffect, useState } from "react";
import { formatBytes, formatDuration, formatEta, formatPercent } from "@/lib/format";
import { jobSteps } from "@/lib/upload-state";
import type { Upload } from "@/lib/upload-studio";
import { statusLabel, type Job } from "@/lib/worker";
import { AlertIcon } from "../Icons";

export function ProgressBar({
  fraction,
  state,
  label,
  indeterminate,
}: {
  fraction: number;
  state?: "done" | "failed";
  label: string;
  indeterminate?: boolean;
}) {
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

export function JobPanel({
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
        <video
          src={preview}
          className="player"
          style={{ aspectRatio: "16 / 9" }}
          muted
          controls
          playsInline
          preload="metadata"
          aria-label="Preview of your file"
        />
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

      <div
        className="progress"
        data-testid="job-status"
        data-status={upload || !job ? "uploading" : job.status}
        aria-live="polite"
      >
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
                  <strong>
                    {job.status === "cancelled" ? "This upload was cancelled." : "We couldn't process this video."}
                  </strong>{" "}
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
                <strong>
                  {job.status === "published" ? "Processed and stored on IPFS" : job.stage || statusLabel(job.status)}
                </strong>
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
              {step.state === "done"
                ? " (done)"
                : step.state === "active"
                  ? " (in progress)"
                  : step.state === "failed"
                    ? " (failed)"
                    : ""}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
