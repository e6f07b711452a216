"use client";
import { useId, useState } from "react";
import { CopyButton } from "@/components/CopyButton";
import type { LiveSession } from "@/lib/live-worker";
import styles from "./GoLive.module.css";

/**
 * OBS (or any RTMP encoder): the server URL and the stream key to paste into Settings → Stream, the key hidden until
 * revealed, and the settings that keep the worker's live ladder aligned (ffmpeg-worker/README.md, "Live streams").
 */
export function ObsPanel({ session }: { session: LiveSession }) {
  const ids = useId();
  const [revealed, setRevealed] = useState(false);
  const keyframe = Math.max(1, Math.round(session.segmentSeconds));
  return (
    <div className={styles.obs} data-testid="obs-panel">
      <ol className={styles.steps}>
        <li>In OBS: Settings → Stream → Service: Custom…</li>
        <li>
          <div className={styles.secretRow}>
            <label htmlFor={`${ids}-server`}>Server</label>
            <input
              id={`${ids}-server`}
              className="input mono"
              readOnly
              value={session.rtmpUrl}
              data-testid="obs-server"
            />
            <CopyButton value={session.rtmpUrl} label="Copy the server URL" />
          </div>
        </li>
        <li>
          <div className={styles.secretRow}>
            <label htmlFor={`${ids}-key`}>Stream key</label>
            <input
              id={`${ids}-key`}
              className="input mono"
              readOnly
              type={revealed ? "text" : "password"}
              value={session.obsStreamKey}
              aria-describedby={`${ids}-key-hint`}
              data-testid="obs-key"
            />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setRevealed((r) => !r)}
              aria-pressed={revealed}
              data-testid="obs-reveal"
            >
              {revealed ? "Hide" : "Reveal"}
            </button>
            <CopyButton value={session.obsStreamKey} label="Copy the stream key" />
          </div>
          <p className="field-hint" id={`${ids}-key-hint`}>
            A secret for this stream only: whoever has it can stream as you until the stream ends. Don&apos;t show it on
            screen.
          </p>
        </li>
        <li>Start Streaming in OBS. The status above turns to Live within a few seconds.</li>
      </ol>
      <details className={styles.settings}>
        <summary>Recommended OBS settings</summary>
        <ul>
          <li>
            Output → Streaming → <strong>Keyframe interval: {keyframe} s</strong> (the segment length; the worker
            re-encodes anyway, but a matching interval keeps the delay lowest).
          </li>
          <li>Encoder x264 or hardware H.264, rate control CBR, 2500–4500 Kbps for 720p, 6000 Kbps for 1080p.</li>
          <li>x264: CPU preset veryfast, tune zerolatency, profile main or high.</li>
          <li>Audio AAC, 48 kHz, 128–160 Kbps.</li>
          <li>
            Video: 1280×720 at 30 fps is plenty: the worker makes at most a 720p rung and every lower one from it.
          </li>
        </ul>
      </details>
    </div>
  );
}
