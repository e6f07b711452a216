"use client";
import Link from "next/link";
import { releasedVideoId } from "@/lib/channels";
import { formatPercent } from "@/lib/format";
import { useHydrated } from "@/lib/use-hydrated";
import { statusLabel, type Job } from "@/lib/worker";
import type { Posted } from "@/tx/uploadTx";
import type { TxState } from "@/tx/useContractTx";
import type { Destination } from "../PostToPicker";
import { TxStatus, Waiting } from "../TxStatus";
import { ConnectPrompt, SwitchPrompt } from "../WalletGate";

export function PublishSection({
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
    if (!job || uploading)
      idle = {
        body: <Waiting>Waiting for the upload to finish — your wallet will be asked to sign after that.</Waiting>,
      };
    else if (sendingDetails) idle = { body: <Waiting>Saving the title and description…</Waiting> };
    else if (job.status !== "published")
      idle = {
        body: (
          <Waiting>
            {`Waiting for processing to finish (${job.status === "publishing" ? "storing on IPFS" : `${statusLabel(job.status).toLowerCase()}${job.status === "transcoding" ? ` ${formatPercent(job.progress)}` : ""}`}) — your wallet will be asked to sign after that.`}
          </Waiting>
        ),
      };
    else if (!connected)
      idle = { tone: "waiting", body: <ConnectPrompt text="Connect a wallet to sign — the video is ready." /> };
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
          Not {toChannel ? "submitted" : "published"} yet. You&apos;ll need a wallet to {verb} — connect one now or
          after pressing the button.
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
              <Link
                href={`/channels/${r.channelId}?tab=proposals#proposal-${r.proposalId}`}
                data-testid="proposal-link"
              >
                proposal #{r.proposalId}
              </Link>
              . It is released when the channel&apos;s vote passes: it needs {r.votesNeeded} more yes{" "}
              {r.votesNeeded === 1 ? "vote" : "votes"}
            </>
          )
        }
      />
    </div>
  );
}
