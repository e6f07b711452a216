"use client";
import type { ReactNode, RefObject } from "react";
import { formatDuration } from "@/lib/format";
import { ExitFullscreenIcon, FullscreenIcon, MutedIcon, PauseIcon, PlayIcon, VolumeIcon } from "../Icons";
import { SeekPreview } from "../SeekPreview";
import type { useMediaState } from "./useMediaState";

/**
 * The bar under the video: the seek bar with its buffered range (and seek previews when the video has them), play,
 * volume, time, then `menus` (speed and quality) and fullscreen. It drives the `<video>` directly; what it shows comes
 * from the element's mirrored state.
 */
export function PlayerControls({
  videoRef,
  seekRef,
  seekBarRef,
  media,
  previews,
  fullscreen,
  onTogglePlay,
  onToggleMute,
  onToggleFullscreen,
  menus,
}: {
  videoRef: RefObject<HTMLVideoElement | null>;
  seekRef: RefObject<HTMLInputElement | null>;
  seekBarRef: RefObject<HTMLDivElement | null>;
  media: ReturnType<typeof useMediaState>;
  previews: string | null;
  fullscreen: boolean;
  onTogglePlay: () => void;
  onToggleMute: () => void;
  onToggleFullscreen: () => void;
  menus: ReactNode;
}) {
  const { playing, time, duration, buffered, volume, muted } = media;
  const effectiveVolume = muted ? 0 : volume;
  const playedPercent = duration ? (time / duration) * 100 : 0;
  const bufferedPercent = duration ? (Math.min(buffered, duration) / duration) * 100 : 0;
  return (
    <div className="controls">
      <div className="seek" ref={seekBarRef}>
        <SeekPreview track={previews} duration={duration} barRef={seekBarRef} />
        <div className="seek-track">
          <div className="seek-buffered" style={{ width: `${bufferedPercent}%` }} />
          <div className="seek-played" style={{ width: `${playedPercent}%` }} />
        </div>
        <input
          ref={seekRef}
          className="range"
          type="range"
          min={0}
          max={duration || 0}
          step="any"
          value={Math.min(time, duration || 0)}
          onChange={(event) => {
            if (videoRef.current) videoRef.current.currentTime = Number(event.target.value);
          }}
          aria-label="Seek"
          aria-valuetext={`${formatDuration(time)} of ${formatDuration(duration)}`}
        />
      </div>
      <div className="controls-row">
        <button
          type="button"
          className="ctrl"
          onClick={onTogglePlay}
          aria-label={playing ? "Pause (k)" : "Play (k)"}
          title={playing ? "Pause (k)" : "Play (k)"}
        >
          {playing ? <PauseIcon size={22} /> : <PlayIcon size={22} />}
        </button>
        <div className="volume">
          <button
            type="button"
            className="ctrl"
            onClick={onToggleMute}
            aria-label={muted ? "Unmute (m)" : "Mute (m)"}
            title={muted ? "Unmute (m)" : "Mute (m)"}
          >
            {effectiveVolume === 0 ? <MutedIcon size={22} /> : <VolumeIcon size={22} />}
          </button>
          <input
            className="range"
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={effectiveVolume}
            style={{ ["--fill" as string]: `${effectiveVolume * 100}%` }}
            onChange={(event) => {
              const video = videoRef.current;
              if (!video) return;
              video.volume = Number(event.target.value);
              video.muted = video.volume === 0;
            }}
            aria-label="Volume"
            aria-valuetext={`${Math.round(effectiveVolume * 100)}%`}
          />
        </div>
        <span className="time" aria-hidden="true">
          {formatDuration(time)} / {formatDuration(duration)}
        </span>
        <span className="grow" />
        {menus}
        <button
          type="button"
          className="ctrl"
          onClick={onToggleFullscreen}
          aria-label={fullscreen ? "Exit fullscreen (f)" : "Fullscreen (f)"}
          title={fullscreen ? "Exit fullscreen (f)" : "Fullscreen (f)"}
        >
          {fullscreen ? <ExitFullscreenIcon size={20} /> : <FullscreenIcon size={20} />}
        </button>
      </div>
    </div>
  );
}
