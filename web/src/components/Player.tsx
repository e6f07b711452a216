"use client";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import type { RenditionInfo } from "@/lib/player";
import { usePublicConfig } from "./ConfigContext";
import { PlayIcon } from "./Icons";
import { QualityMenu, SpeedMenu, useMenu } from "./player/menus";
import { PlayerControls } from "./player/PlayerControls";
import { useHlsEngine } from "./player/useHlsEngine";
import { useMediaState } from "./player/useMediaState";
import { usePlayerKeys } from "./player/usePlayerKeys";

/**
 * The HLS player: the stream's attachment and quality (player/useHlsEngine.ts), the element's state
 * (player/useMediaState.ts), YouTube's keys (player/usePlayerKeys.ts), the control bar (player/PlayerControls.tsx) with
 * its speed and quality menus (player/menus.tsx), and thumbnails of the moment under the pointer on the timeline when
 * the video has a seek-preview track (`previews`, its URL; SeekPreview.tsx). This component ties them together and owns
 * what is about the whole player: fullscreen, the controls hiding while playing, the short notices of a key's effect.
 */
export function Player({
  src,
  poster,
  title,
  renditions = [],
  previews = null,
  getKey,
  lockedPanel,
}: {
  src: string;
  poster: string | null;
  title: string;
  renditions?: RenditionInfo[];
  previews?: string | null;
  /** Paid videos (PaidPlayer.tsx): the content key for a `chorus-key:` URI. */
  getKey?: (keyId: string) => Promise<ArrayBuffer>;
  /** Shown over the video once the key is refused (the preview has played or is playing), with the reason. */
  lockedPanel?: (reason: string, retry: () => void) => ReactNode;
}) {
  const { testHooks } = usePublicConfig();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const seekRef = useRef<HTMLInputElement>(null);
  const seekBarRef = useRef<HTMLDivElement>(null);

  const stream = useHlsEngine(videoRef, src, renditions, testHooks, getKey);
  const media = useMediaState(videoRef);
  const { menu, setMenu, toggle: toggleMenu } = useMenu(wrapperRef);
  const [fullscreen, setFullscreen] = useState(false);
  const [idle, setIdle] = useState(false);
  const [toast, setToast] = useState<string | null>(null);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === wrapperRef.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 800);
    return () => clearTimeout(timer);
  }, [toast]);

  const togglePlay = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused || video.ended) {
      video.play().catch(() => {
        // Autoplay policy or a failed load: the error overlay (if any) explains; otherwise the big button stays.
      });
    } else video.pause();
  }, []);

  const seekBy = (seconds: number) => {
    const video = videoRef.current;
    if (!video) return;
    const end = Number.isFinite(video.duration) ? video.duration : Number.POSITIVE_INFINITY;
    video.currentTime = Math.min(end, Math.max(0, video.currentTime + seconds));
    setToast(`${seconds > 0 ? "+" : "−"}${Math.abs(seconds)} s`);
  };

  const toggleMute = () => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) video.volume = 0.5;
    setToast(video.muted ? "Muted" : "Sound on");
  };

  const toggleFullscreen = () => {
    const wrapper = wrapperRef.current;
    if (!wrapper) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else if (wrapper.requestFullscreen)
      void wrapper.requestFullscreen().catch(() => setToast("Fullscreen isn't available here"));
  };

  // Controls hide while playing and the pointer rests; any movement, key or focus brings them back.
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const wake = () => {
    setIdle(false);
    if (idleTimer.current) clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), 2600);
  };
  useEffect(
    () => () => {
      if (idleTimer.current) clearTimeout(idleTimer.current);
    },
    [],
  );
  usePlayerKeys({ togglePlay, seekBy, toggleMute, toggleFullscreen, wake }, seekRef);

  const { playing, started, waiting } = media;
  const error = stream.error;
  const hideControls = idle && playing && menu === null && !error;

  return (
    <div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer or focus anywhere over the player only wakes the controls, which are buttons of their own. */}
      <div
        ref={wrapperRef}
        className="player"
        data-idle={hideControls ? "true" : "false"}
        data-engine={stream.engine ?? ""}
        onPointerMove={wake}
        onFocus={wake}
      >
        {/* biome-ignore lint/a11y/useMediaCaption: uploads carry no captions yet; the manifest has no field for them. */}
        <video
          ref={videoRef}
          data-testid="player"
          poster={poster ?? undefined}
          playsInline
          preload="auto"
          aria-label={`Video: ${title}`}
          onClick={togglePlay}
          onDoubleClick={toggleFullscreen}
        />

        <div className="player-center">
          {error ? (
            <div className="player-error" role="alert">
              <p>{error}</p>
              <button type="button" className="btn btn-primary btn-small" onClick={stream.retry}>
                Try again
              </button>
            </div>
          ) : waiting && started ? (
            <div className="spinner" role="status" aria-label="Loading" />
          ) : !started && !playing ? (
            <button type="button" className="big-play" onClick={togglePlay} aria-label={`Play ${title}`}>
              <PlayIcon size={34} />
            </button>
          ) : null}
        </div>

        {toast ? (
          <div className="player-toast" aria-hidden="true">
            {toast}
          </div>
        ) : null}

        <PlayerControls
          videoRef={videoRef}
          seekRef={seekRef}
          seekBarRef={seekBarRef}
          media={media}
          previews={previews}
          fullscreen={fullscreen}
          onTogglePlay={togglePlay}
          onToggleMute={toggleMute}
          onToggleFullscreen={toggleFullscreen}
          menus={
            <>
              <SpeedMenu
                open={menu === "speed"}
                rate={media.rate}
                onToggle={() => toggleMenu("speed")}
                onChoose={(value) => {
                  if (videoRef.current) videoRef.current.playbackRate = value;
                  setMenu(null);
                }}
              />
              <QualityMenu
                open={menu === "quality"}
                engine={stream.engine}
                levels={stream.levels}
                playingLevel={stream.playingLevel}
                selectedLevel={stream.selectedLevel}
                onToggle={() => toggleMenu("quality")}
                onChoose={(index) => {
                  if (stream.chooseLevel(index)) setMenu(null);
                }}
              />
            </>
          }
        />
      </div>
      {stream.locked !== null && lockedPanel ? lockedPanel(stream.locked, stream.retry) : null}
      <p className="kbd-help">
        Keys: <kbd>space</kbd>/<kbd>k</kbd> play · <kbd>j</kbd>/<kbd>l</kbd> ±10 s · <kbd>←</kbd>/<kbd>→</kbd> ±5 s ·{" "}
        <kbd>f</kbd> fullscreen · <kbd>m</kbd> mute
      </p>
    </div>
  );
}
