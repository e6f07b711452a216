"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { type LiveView, liveView, roomPeersLabel } from "@/lib/live-player";
import { LivePlayer } from "./LivePlayer";
import styles from "./LiveWatch.module.css";

/** How often the page asks this server's relay how the stream is doing (state, room peers). */
const STATUS_POLL_MS = 2000;

/**
 * The live page's player area. It asks this server's relay (/api/live/[id]/status, which also keeps the relay's
 * subscription alive while someone watches) and shows: waiting for the first segment, the player once segments come,
 * a silence notice, "The stream has ended" (with the VOD when one was recorded), or what went wrong. Once the player
 * is up it stays up when the stream ends, so the last seconds still play; the end shows as a banner under it.
 */
export function LiveWatch({
  id,
  title,
  endedOnChain,
  vod,
}: {
  id: string;
  title: string;
  endedOnChain: boolean;
  vod: { href: string; label: string } | null;
}) {
  const [view, setView] = useState<LiveView>(endedOnChain ? { kind: "ended" } : { kind: "connecting" });
  const [playerShown, setPlayerShown] = useState(false);

  useEffect(() => {
    if (endedOnChain) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next: LiveView;
      try {
        const response = await fetch(`/api/live/${encodeURIComponent(id)}/status`, { cache: "no-store" });
        next = liveView({ httpStatus: response.status, body: await response.json().catch(() => null) });
      } catch {
        next = liveView({ networkError: true });
      }
      if (stopped) return;
      if (next.kind === "live" || next.kind === "silent") setPlayerShown(true);
      setView(next);
      if (next.kind !== "ended") timer = setTimeout(poll, STATUS_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, endedOnChain]);

  const ended = view.kind === "ended";
  const endedNote = (
    <>
      <h2>The stream has ended</h2>
      {vod ? (
        <p>
          It was kept as a video: <Link href={vod.href}>{vod.label}</Link>.
        </p>
      ) : (
        <p>Thanks for watching. If the streamer keeps it as a video, it will be linked here.</p>
      )}
    </>
  );

  return (
    <div data-testid="live-area" data-state={view.kind}>
      {playerShown ? (
        <LivePlayer src={`/api/live/${encodeURIComponent(id)}/master.m3u8`} title={title} />
      ) : ended ? (
        <div className={styles.panel} role="status" data-testid="live-ended">
          {endedNote}
        </div>
      ) : view.kind === "error" ? (
        <div className={styles.panel} role="alert">
          <h2>The stream can&apos;t be shown right now</h2>
          <p>{view.message}</p>
        </div>
      ) : (
        <div className={styles.panel} role="status">
          <h2>{view.kind === "connecting" ? "Joining the stream…" : "Waiting for the stream to start"}</h2>
          <p>
            {view.kind === "connecting"
              ? "This site's server is joining the stream's room on its IPFS node."
              : "The streamer is live on chain, but no video has been announced yet. The picture appears as soon as the first segment arrives."}
          </p>
        </div>
      )}

      {playerShown && ended ? (
        <div className={styles.banner} role="status" data-testid="live-ended">
          {endedNote}
        </div>
      ) : null}
      {playerShown && view.kind === "silent" ? (
        <p className={styles.banner} role="status">
          Nothing new from the streamer for a minute: the stream may have ended without saying so, or the streamer lost
          their connection.
        </p>
      ) : null}
      {playerShown && view.kind === "error" ? (
        <p className={styles.banner} role="alert">
          {view.message}
        </p>
      ) : null}
      {!ended && view.kind === "live" ? <RoomPeers peers={view.status.roomPeers} gaps={view.status.gaps} /> : null}
    </div>
  );
}

function RoomPeers({ peers, gaps }: { peers: number | null; gaps: number }) {
  const label = roomPeersLabel(peers);
  return (
    <div className={styles.facts}>
      {label ? (
        <span title="IPFS nodes this site's node sees in the stream's room: viewers' nodes, other sites and the streamer's. A node is not a person: everyone watching through one site counts as its one node.">
          {label}
        </span>
      ) : null}
      {gaps > 0 ? (
        <span>
          {gaps} {gaps === 1 ? "segment" : "segments"} missing: never received, skipped where they belong
        </span>
      ) : null}
    </div>
  );
}
