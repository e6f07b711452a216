"use client";
import type HlsType from "hls.js";
import { useCallback, useEffect, useRef, useState } from "react";
import { isAtLiveEdge, LIVE_HLS_CONFIG } from "@/lib/live-player";
import { actionForKey, keyBelongsToTarget } from "@/lib/player";
import { usePublicConfig } from "../ConfigContext";
import { ExitFullscreenIcon, FullscreenIcon, MutedIcon, PauseIcon, PlayIcon, VolumeIcon } from "../Icons";
import styles from "./LivePlayer.module.css";

/**
 * A live stream's player: hls.js only (never the browser's native HLS, which has no latency control), tuned for the
 * live edge (LIVE_HLS_CONFIG), from this server's relay playlists (`src`). The badge says LIVE while the viewer is at
 * the edge, and turns into "Behind live — jump to live" when they paused or fell behind; pressing it seeks to hls.js's
 * live sync position. Keys: space/k play-pause, m mute, f fullscreen. With CHORUS_TEST_HOOKS=1 the engine is exposed
 * on `window.__chorusPlayer` for the browser tests.
 */
export function LivePlayer({ src, title }: { src: string; title: string }) {
  const { testHooks } = usePublicConfig();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<HlsType | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [paused, setPaused] = useState(true);
  const [muted, setMuted] = useState(false);
  const [atEdge, setAtEdge] = useState(true);
  const [fullscreen, setFullscreen] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the trigger: "Try again" bumps it to attach anew.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let hls: HlsType | null = null;
    setError(null);
    (async () => {
      const { default: Hls } = await import("hls.js");
      if (cancelled) return;
      if (!Hls.isSupported()) {
        setError(
          "This browser can't play live streams here (it lacks Media Source Extensions). Try a current Chrome, Firefox or Edge.",
        );
        return;
      }
      hls = new Hls(LIVE_HLS_CONFIG);
      hlsRef.current = hls;
      let networkRetries = 0;
      let mediaRecoveries = 0;
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data.fatal || !hls) return;
        if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkRetries < 3) {
          networkRetries++;
          hls.startLoad();
          return;
        }
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
          mediaRecoveries++;
          hls.recoverMediaError();
          return;
        }
        setError(
          data.type === Hls.ErrorTypes.NETWORK_ERROR
            ? "The stream's segments can't be fetched right now: this server's IPFS node may not reach the streamer. Try again in a moment."
            : "Your browser couldn't decode this stream. Try another browser.",
        );
        hls.destroy();
        hlsRef.current = null;
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        video.play().catch(() => {
          // Autoplay with sound refused: start muted (the viewer unmutes), as live players do.
          video.muted = true;
          setMuted(true);
          video.play().catch(() => {});
        });
      });
      hls.loadSource(src);
      hls.attachMedia(video);
      if (testHooks) window.__chorusPlayer = { engine: "hls.js", hls };
    })().catch(() => {
      if (!cancelled) setError("The player couldn't start. Reload the page to try again.");
    });
    return () => {
      cancelled = true;
      hls?.destroy();
      hlsRef.current = null;
      if (window.__chorusPlayer?.hls === hls) delete window.__chorusPlayer;
      video.removeAttribute("src");
      video.load();
    };
  }, [src, attempt, testHooks]);

  // The element's state, and whether the viewer is at the live edge (re-measured twice a second).
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const sync = () => {
      setPaused(video.paused);
      setMuted(video.muted);
      const hls = hlsRef.current;
      setAtEdge(
        isAtLiveEdge({
          paused: video.paused,
          latency: hls?.latency ?? Number.NaN,
          targetLatency: hls?.targetLatency ?? null,
        }),
      );
    };
    const events = ["play", "pause", "volumechange", "playing", "waiting"] as const;
    for (const e of events) video.addEventListener(e, sync);
    const timer = setInterval(sync, 500);
    return () => {
      for (const e of events) video.removeEventListener(e, sync);
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === wrapperRef.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const togglePlay = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused) video.play().catch(() => {});
    else video.pause();
  }, []);
  const toggleMute = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) video.volume = 0.5;
  }, []);
  const toggleFullscreen = useCallback(() => {
    const wrapper = wrapperRef.current;
    if (!wrapper) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void wrapper.requestFullscreen?.().catch(() => {});
  }, []);
  const jumpToLive = useCallback(() => {
    const video = videoRef.current;
    const position = hlsRef.current?.liveSyncPosition;
    if (!video) return;
    if (typeof position === "number" && Number.isFinite(position)) video.currentTime = position;
    video.play().catch(() => {});
  }, []);

  // The player's keys, anywhere on the page but in fields, buttons and links (lib/player.ts); no seeking keys: live.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (
        keyBelongsToTarget(
          event.key,
          target && {
            tagName: target.tagName,
            type: (target as HTMLInputElement).type,
            isContentEditable: target.isContentEditable,
          },
        )
      )
        return;
      const action = actionForKey(event.key);
      if (!action || action.type === "seek-by") return;
      event.preventDefault();
      if (action.type === "toggle-play") togglePlay();
      else if (action.type === "mute") toggleMute();
      else toggleFullscreen();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [togglePlay, toggleMute, toggleFullscreen]);

  return (
    <div>
      <div ref={wrapperRef} className="player" data-engine="hls.js">
        {/* biome-ignore lint/a11y/useMediaCaption: live streams carry no captions yet; the announcement has no field for them. */}
        <video
          ref={videoRef}
          data-testid="live-player"
          playsInline
          aria-label={`Live stream: ${title}`}
          onClick={togglePlay}
          onDoubleClick={toggleFullscreen}
        />
        {error ? (
          <div className="player-center">
            <div className="player-error" role="alert">
              <p>{error}</p>
              <button type="button" className="btn btn-primary btn-small" onClick={() => setAttempt((a) => a + 1)}>
                Try again
              </button>
            </div>
          </div>
        ) : null}
        <div className="controls">
          <div className="controls-row">
            <button
              type="button"
              className={`ctrl ${styles.control}`}
              onClick={togglePlay}
              aria-label={paused ? "Play (k)" : "Pause (k)"}
            >
              {paused ? <PlayIcon size={22} /> : <PauseIcon size={22} />}
            </button>
            <button
              type="button"
              className={`ctrl ${styles.control}`}
              onClick={toggleMute}
              aria-label={muted ? "Unmute (m)" : "Mute (m)"}
            >
              {muted ? <MutedIcon size={22} /> : <VolumeIcon size={22} />}
            </button>
            {atEdge ? (
              <span className={styles.badge} data-live="true" data-testid="live-badge" role="status">
                LIVE
              </span>
            ) : (
              <button
                type="button"
                className={styles.badge}
                data-live="false"
                data-testid="live-badge"
                onClick={jumpToLive}
                aria-label="Behind live — jump to live"
              >
                <span className={styles.long}>Behind live — jump to live</span>
                <span className={styles.short}>Jump to live</span>
              </button>
            )}
            <span className={styles.grow} />
            <button
              type="button"
              className={`ctrl ${styles.control}`}
              onClick={toggleFullscreen}
              aria-label={fullscreen ? "Exit fullscreen (f)" : "Fullscreen (f)"}
            >
              {fullscreen ? <ExitFullscreenIcon size={22} /> : <FullscreenIcon size={22} />}
            </button>
          </div>
        </div>
      </div>
      <p className="kbd-help">
        Keys: <kbd>space</kbd>/<kbd>k</kbd> play · <kbd>f</kbd> fullscreen · <kbd>m</kbd> mute
      </p>
    </div>
  );
}
