"use client";
import Link from "next/link";
import { useConfig } from "wagmi";
import { usePublicConfig } from "@/components/ConfigContext";
import type { Destination } from "@/components/PostToPicker";
import { TxStatus } from "@/components/TxStatus";
import { formatDurationLong } from "@/lib/format";
import type { LiveSession } from "@/lib/live-worker";
import { setVodPlan, type Started } from "@/tx/streamTx";
import { type Posted, postPlan } from "@/tx/uploadTx";
import { useContractTx } from "@/tx/useContractTx";

/**
 * After the stream: the worker assembles the recording (a video directory made of the live segments,
 * ffmpeg-worker/README.md "The VOD a stream becomes"); the creator may publish it — the upload's transaction
 * (`Videos.publish`, or a community channel's `submitVideo`, which goes to its vote) — then record it on the stream
 * (`Streams.setVod`, a second signature). Each shows its transaction's state; then links to the video and its storage.
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
  const published = publish.tx.step === "confirmed" || publish.tx.step === "indexed";
  return (
    <section className="panel stack" aria-labelledby="recording-heading" data-testid="golive-recording">
      <h2 id="recording-heading">The recording</h2>
      <p>
        The stream is kept as a video of {formatDurationLong(vod.duration)}, in the same form as an upload (its CID:{" "}
        <span className="mono">{vod.manifestCid}</span>). Publishing it takes two signatures: <strong>1.</strong>{" "}
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
              {record.busy ? "Recording…" : "2. Record it on the stream (second signature)"}
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
