"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useConfig } from "wagmi";
import { usePublicConfig } from "@/components/ConfigContext";
import type { Destination } from "@/components/PostToPicker";
import { TxStatus } from "@/components/TxStatus";
import { formatDurationLong, formatExactTime } from "@/lib/format";
import { keepLiveSession, type LiveSession } from "@/lib/live-worker";
import { setVodPlan, type Started } from "@/tx/streamTx";
import { type Posted, postPlan } from "@/tx/uploadTx";
import { useContractTx } from "@/tx/useContractTx";
import styles from "./GoLive.module.css";

/**
 * After the stream: the worker assembles the recording (a video directory made of the live segments,
 * ffmpeg-worker/README.md "The VOD a stream becomes"); the creator may publish it — the upload's transaction
 * (`Videos.publish`, or a community channel's `submitVideo`, which goes to its vote) — then record it on the stream
 * (`Streams.setVod`, a second signature). Each shows its transaction's state; then links to the video and its storage.
 * The worker's node discards a recording nobody kept once its retention period is over (ffmpeg-worker/README.md,
 * "Retention"): publishing keeps it, and so does *Keep it on this node*.
 */
export function RecordingPanel({
  session,
  streamId,
  where,
}: {
  session: LiveSession;
  streamId: string;
  where: Destination;
}) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const publish = useContractTx<Posted>();
  const record = useContractTx<Started>();
  const vod = session.vod;
  const published = publish.tx.step === "confirmed" || publish.tx.step === "indexed";
  // The panel stops polling the session once the recording is assembled: the keep's answer is the fresher one.
  const [kept, setKept] = useState<LiveSession | null>(null);
  const [keepError, setKeepError] = useState<string | null>(null);
  const retention = kept ?? session;
  const keep = async () => {
    setKeepError(null);
    try {
      setKept(await keepLiveSession(config.workerUrl, session.id));
    } catch (error) {
      setKeepError(error instanceof Error ? error.message : String(error));
    }
  };
  // A published recording is the creator's video: their node keeps it like an upload.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the publish lands
  useEffect(() => {
    if (published && !retention.keptAt) void keep();
  }, [published]);

  if (!vod) {
    return (
      <section className="panel stack" aria-labelledby="recording-heading" data-testid="golive-recording">
        <h2 id="recording-heading">The recording</h2>
        {session.vodError ? (
          <p className="notice notice-error" role="alert" data-testid="golive-recording-error">
            {session.vodError} The stream itself ended normally; nothing else is affected.
          </p>
        ) : (
          <p className="field-hint" role="status">
            The worker is assembling the stream&apos;s segments into a video…
          </p>
        )}
      </section>
    );
  }

  const posted = publish.tx.step === "indexed" ? publish.tx.result : null;
  if (retention.discardedAt) {
    return (
      <section className="panel stack" aria-labelledby="recording-heading" data-testid="golive-recording">
        <h2 id="recording-heading">The recording</h2>
        <p className="notice" role="status" data-testid="golive-recording-discarded">
          Nobody kept this recording within its retention period, so this node deleted it on{" "}
          {formatExactTime(Date.parse(retention.discardedAt) / 1000)}. To keep the next one, publish it or choose{" "}
          <strong>Keep it on this node</strong> after the stream.
        </p>
      </section>
    );
  }
  return (
    <section className="panel stack" aria-labelledby="recording-heading" data-testid="golive-recording">
      <h2 id="recording-heading">The recording</h2>
      {retention.keptAt ? (
        <p className="field-hint" role="status" data-testid="golive-recording-kept">
          Kept on this node for good.
        </p>
      ) : retention.expiresAt ? (
        <div className="stack" data-testid="golive-recording-expiry">
          <p className="field-hint">
            This node keeps the recording until {formatExactTime(Date.parse(retention.expiresAt) / 1000)}; then, unless
            you publish it or keep it, it is deleted so that streams don&apos;t fill the disk.
          </p>
          <div className="tx-actions">
            <button type="button" className="btn" onClick={() => void keep()} data-testid="golive-keep-recording">
              Keep it on this node
            </button>
          </div>
        </div>
      ) : null}
      {keepError ? (
        <p className="notice notice-error" role="alert">
          {keepError}
        </p>
      ) : null}
      <p>
        The stream is kept as a video of {formatDurationLong(vod.duration)}, in the same form as an upload (its CID:{" "}
        <span className={`mono ${styles.cid}`}>{vod.manifestCid}</span>). Publishing it takes two signatures:{" "}
        <strong>1.</strong>{" "}
        {where.kind === "own"
          ? "publish it in your channel"
          : `submit it to ${where.name}, where it goes to the members' vote like any video`}
        ; <strong>2.</strong> record on the stream that this is its video, so its viewers find it.
      </p>
      <div className="tx-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={publish.busy || published}
          onClick={() => void publish.start(postPlan(wagmiConfig, config, where, vod.manifestCid, () => {}))}
          data-testid="golive-publish-recording"
        >
          {publish.busy ? "Publishing…" : "1. Publish the recording"}
        </button>
      </div>
      <TxStatus
        tx={publish.tx}
        testId="golive-publish-tx"
        confirmed={() => "waiting for the catalogue…"}
        indexed={(p) => (p.kind === "video" ? "the recording is published." : "the recording is submitted.")}
      />
      {published ? (
        <>
          <div className="tx-actions">
            <button
              type="button"
              className="btn"
              disabled={record.busy || record.tx.step === "confirmed" || record.tx.step === "indexed"}
              onClick={() => void record.start(setVodPlan(wagmiConfig, config, streamId, vod.manifestCid))}
              data-testid="golive-set-vod"
            >
              {record.busy ? "Recording…" : "2. Record it on the stream"}
            </button>
          </div>
          <TxStatus
            tx={record.tx}
            testId="golive-set-vod-tx"
            confirmed={() => "waiting for the catalogue…"}
            indexed={() => "the stream names its video."}
          />
        </>
      ) : null}
      {posted ? (
        <div className="tx-actions" data-testid="golive-recording-links">
          {posted.kind === "video" ? (
            <>
              <Link className="btn btn-primary" href={`/watch/${posted.videoId}`}>
                Watch the recording
              </Link>
              <span className="field-hint">
                To keep it beyond this node, open <Link href={`/watch/${posted.videoId}`}>its page</Link> and choose{" "}
                <strong>Keep copies…</strong> (a storage deal), as for an upload.
              </span>
            </>
          ) : (
            <Link
              className="btn btn-primary"
              href={`/channels/${posted.channelId}?tab=proposals#proposal-${posted.proposalId}`}
            >
              See the proposal
            </Link>
          )}
        </div>
      ) : null}
    </section>
  );
}
