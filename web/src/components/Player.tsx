"use client";
import type HlsType from "hls.js";
import { useCallback, useEffect, useRef, useState } from "react";
import { formatDuration } from "@/lib/format";
import {
  actionForKey,
  bufferedEnd,
  keyBelongsToTarget,
  labelLevels,
  parseStoredVolume,
  SPEEDS,
  speedLabel,
  VOLUME_KEY,
  type RenditionInfo,
} from "@/lib/player";
import { SeekPreview } from "./SeekPreview";
import { ExitFullscreenIcon, FullscreenIcon, MutedIcon, PauseIcon, PlayIcon, SettingsIcon, VolumeIcon } from "./Icons";

type Level = { index: number; label: string; height: number; bitrate: number };
type Menu = "quality" | "speed" | null;

/**
 * The HLS player. hls.js whenever the browser has Media Source Extensions (even where native HLS exists, so quality
 * choice and ABR behave the same everywhere), starting at the lowest rung and climbing; native HLS only as a fallback.
 * Custom controls: play, seek with buffered range, volume (remembered), quality (Auto + each rung, showing the current
 * one), speed, fullscreen, YouTube's keys, and thumbnails of the moment under the pointer on the timeline when the
 * video has a seek-preview track (`previews`, its URL; SeekPreview.tsx).
 */
export function Player({
  src,
  poster,
  title,
  renditions = [],
  previews = null,
}: {
  src: string;
  poster: string | null;
  title: string;
  renditions?: RenditionInfo[];
  previews?: string | null;
}) {
  const wrapperRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const seekRef = useRef<HTMLInputElement>(null);
  const seekBarRef = useRef<HTMLDivElement>(null);
  const hlsRef = useRef<HlsType | null>(null);

  const [attempt, setAttempt] = useState(0);
  const [engine, setEngine] = useState<"hls.js" | "native" | null>(null);
  const [levels, setLevels] = useState<Level[]>([]);
  const [playingLevel, setPlayingLevel] = useState(-1);
  const [selectedLevel, setSelectedLevel] = useState(-1); // -1 = Auto
  const [playing, setPlaying] = useState(false);
  const [started, setStarted] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [buffered, setBuffered] = useState(0);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [rate, setRate] = useState(1);
  const [fullscreen, setFullscreen] = useState(false);
  const [menu, setMenu] = useState<Menu>(null);
  const [idle, setIdle] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Volume remembered across videos and visits.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let stored = null;
    try {
      stored = parseStoredVolume(localStorage.getItem(VOLUME_KEY));
    } catch {
      // Storage disabled: default volume.
    }
    if (stored) {
      video.volume = stored.volume;
      video.muted = stored.muted;
    }
    setVolume(video.volume);
    setMuted(video.muted);
  }, []);

  // Attach the engine.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let hls: HlsType | null = null;
    setError(null);
    setLevels([]);
    setPlayingLevel(-1);
    setSelectedLevel(-1);

    (async () => {
      const { default: Hls } = await import("hls.js");
      if (cancelled) return;
      if (Hls.isSupported()) {
        hls = new Hls({ startLevel: 0, capLevelToPlayerSize: false });
        hlsRef.current = hls;
        let networkRetries = 0;
        let mediaRecoveries = 0;
        hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
          setLevels(labelLevels(data.levels.map((l) => ({ height: l.height, width: l.width, bitrate: l.bitrate })), renditions));
        });
        hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => setPlayingLevel(data.level));
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal || !hls) return;
          if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkRetries < 2) {
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
              ? "The video's files can't be fetched from the IPFS gateway right now. The node storing them may be offline or still fetching them — try again in a minute."
              : data.type === Hls.ErrorTypes.MEDIA_ERROR
                ? "Your browser couldn't decode this video. Try another browser, or a lower quality."
                : "The player stopped because of an error. Try again.",
          );
          hls.destroy();
          hlsRef.current = null;
        });
        hls.loadSource(src);
        hls.attachMedia(video);
        setEngine("hls.js");
        window.__chorusPlayer = { engine: "hls.js", hls };
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = src;
        setEngine("native");
        window.__chorusPlayer = { engine: "native", hls: null };
      } else {
        setError("This browser can't play HLS video. Try a current version of Chrome, Firefox, Edge or Safari.");
      }
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
    // `renditions` only names levels; re-attaching the stream when its identity changes would restart playback.
  }, [src, attempt]);

  // Mirror the media element's state.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const update = () => {
      setTime(video.currentTime);
      setDuration(Number.isFinite(video.duration) ? video.duration : 0);
      setBuffered(bufferedEnd(video.buffered, video.currentTime));
    };
    const onPlay = () => {
      setPlaying(true);
      setStarted(true);
    };
    const onPause = () => setPlaying(false);
    const onVolume = () => {
      setVolume(video.volume);
      setMuted(video.muted);
      try {
        localStorage.setItem(VOLUME_KEY, JSON.stringify({ volume: video.volume, muted: video.muted }));
      } catch {
        // Not remembered, nothing else lost.
      }
    };
    const onRate = () => setRate(video.playbackRate);
    const onWaiting = () => setWaiting(true);
    const onPlaying = () => setWaiting(false);
    const onNativeError = () => {
      if (hlsRef.current || !video.error) return; // hls.js reports its own errors
      setError(
        video.error.code === MediaError.MEDIA_ERR_NETWORK
          ? "The video's files can't be fetched from the IPFS gateway right now. Try again in a minute."
          : "Your browser couldn't play this video.",
      );
    };
    const events: [string, () => void][] = [
      ["timeupdate", update],
      ["durationchange", update],
      ["progress", update],
      ["seeked", update],
      ["loadedmetadata", update],
      ["play", onPlay],
      ["pause", onPause],
      ["ended", onPause],
      ["volumechange", onVolume],
      ["ratechange", onRate],
      ["waiting", onWaiting],
      ["playing", onPlaying],
      ["canplay", onPlaying],
      ["error", onNativeError],
    ];
    for (const [name, handler] of events) video.addEventListener(name, handler);
    return () => {
      for (const [name, handler] of events) video.removeEventListener(name, handler);
    };
  }, []);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === wrapperRef.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const flash = useCallback((text: string) => {
    setToast(text);
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

  const seekBy = useCallback(
    (seconds: number) => {
      const video = videoRef.current;
      if (!video) return;
      const end = Number.isFinite(video.duration) ? video.duration : Number.POSITIVE_INFINITY;
      video.currentTime = Math.min(end, Math.max(0, video.currentTime + seconds));
      flash(`${seconds > 0 ? "+" : "−"}${Math.abs(seconds)} s`);
    },
    [flash],
  );

  const toggleMute = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) video.volume = 0.5;
    flash(video.muted ? "Muted" : "Sound on");
  }, [flash]);

  const toggleFullscreen = useCallback(() => {
    const wrapper = wrapperRef.current;
    if (!wrapper) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else if (wrapper.requestFullscreen) void wrapper.requestFullscreen().catch(() => flash("Fullscreen isn't available here"));
  }, [flash]);

  // Keyboard shortcuts, anywhere on the page unless the key belongs to what has focus (a text field, a button…).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const action = actionForKey(event.key);
      if (!action) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const keyTarget = target
        ? {
            tagName: target.tagName,
            type: target instanceof HTMLInputElement ? target.type : undefined,
            isContentEditable: target.isContentEditable,
            isSeekBar: target === seekRef.current,
          }
        : null;
      if (keyBelongsToTarget(event.key, keyTarget)) return;
      event.preventDefault();
      if (action.type === "toggle-play") togglePlay();
      else if (action.type === "seek-by") seekBy(action.seconds);
      else if (action.type === "mute") toggleMute();
      else toggleFullscreen();
      wake();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [togglePlay, seekBy, toggleMute, toggleFullscreen]);

  // Controls hide while playing and the pointer rests; any movement, key or focus brings them back.
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const wake = () => {
    setIdle(false);
    if (idleTimer.current) clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), 2600);
  };
  useEffect(() => () => {
    if (idleTimer.current) clearTimeout(idleTimer.current);
  }, []);
  const hideControls = idle && playing && menu === null && !error;

  // Menus close on Escape and on clicks elsewhere.
  useEffect(() => {
    if (!menu) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setMenu(null);
        wrapperRef.current?.querySelector<HTMLButtonElement>(`[data-menu-button="${menu}"]`)?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!(event.target as HTMLElement).closest?.(".player-menu-wrap")) setMenu(null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    wrapperRef.current?.querySelector<HTMLButtonElement>('.player-menu button[aria-checked="true"]')?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [menu]);

  const chooseLevel = (index: number) => {
    const hls = hlsRef.current;
    if (!hls) return;
    hls.currentLevel = index; // -1 = automatic
    setSelectedLevel(index);
    setMenu(null);
  };
  const chooseSpeed = (value: number) => {
    if (videoRef.current) videoRef.current.playbackRate = value;
    setMenu(null);
  };

  const autoQuality = selectedLevel === -1;
  const playingLabel = levels.find((l) => l.index === playingLevel)?.label;
  const selectedLabel = levels.find((l) => l.index === selectedLevel)?.label;
  const qualityLabel = autoQuality ? `Auto${playingLabel ? ` (${playingLabel})` : ""}` : (selectedLabel ?? "…");
  const effectiveVolume = muted ? 0 : volume;
  const playedPercent = duration ? (time / duration) * 100 : 0;
  const bufferedPercent = duration ? (Math.min(buffered, duration) / duration) * 100 : 0;

  return (
    <div>
      <div
        ref={wrapperRef}
        className="player"
        data-idle={hideControls ? "true" : "false"}
        data-engine={engine ?? ""}
        onPointerMove={wake}
        onFocus={wake}
      >
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
              <button type="button" className="btn btn-primary btn-small" onClick={() => setAttempt((a) => a + 1)}>
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
            <button type="button" className="ctrl" onClick={togglePlay} aria-label={playing ? "Pause (k)" : "Play (k)"} title={playing ? "Pause (k)" : "Play (k)"}>
              {playing ? <PauseIcon size={22} /> : <PlayIcon size={22} />}
            </button>
            <div className="volume">
              <button type="button" className="ctrl" onClick={toggleMute} aria-label={muted ? "Unmute (m)" : "Mute (m)"} title={muted ? "Unmute (m)" : "Mute (m)"}>
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

            <div className="player-menu-wrap ctrl-speed">
              <button
                type="button"
                className="ctrl"
                data-menu-button="speed"
                aria-haspopup="menu"
                aria-expanded={menu === "speed"}
                onClick={() => setMenu((m) => (m === "speed" ? null : "speed"))}
                aria-label={`Playback speed: ${speedLabel(rate)}`}
                title="Playback speed"
              >
                {rate === 1 ? "1×" : `${rate}×`}
              </button>
              {menu === "speed" ? (
                <div className="player-menu" role="menu" aria-label="Playback speed">
                  <div className="player-menu-title">Speed</div>
                  {SPEEDS.map((s) => (
                    <button key={s} type="button" role="menuitemradio" aria-checked={rate === s} onClick={() => chooseSpeed(s)}>
                      {speedLabel(s)}
                    </button>
                  ))}
                </div>
              ) : null}
            </div>

            <div className="player-menu-wrap">
              <button
                type="button"
                className="ctrl"
                data-menu-button="quality"
                data-testid="quality-button"
                aria-haspopup="menu"
                aria-expanded={menu === "quality"}
                onClick={() => setMenu((m) => (m === "quality" ? null : "quality"))}
                aria-label={`Quality: ${qualityLabel}`}
                title="Quality"
              >
                <SettingsIcon size={18} />
                <span>{qualityLabel}</span>
              </button>
              {menu === "quality" ? (
                <div className="player-menu" role="menu" aria-label="Quality" data-testid="quality-menu">
                  <div className="player-menu-title">Quality</div>
                  <button type="button" role="menuitemradio" aria-checked={autoQuality} onClick={() => chooseLevel(-1)}>
                    <span>Auto</span>
                    {/* The quality button's label already says which rung Auto is playing. */}
                    {autoQuality && playingLabel ? <small aria-hidden="true">{playingLabel}</small> : null}
                  </button>
                  {levels.map((level) => (
                    <button
                      key={level.index}
                      type="button"
                      role="menuitemradio"
                      aria-checked={selectedLevel === level.index}
                      onClick={() => chooseLevel(level.index)}
                    >
                      <span>{level.label}</span>
                      <small>{Math.round(level.bitrate / 1000)} kbps</small>
                    </button>
                  ))}
                  {engine === "native" ? <div className="player-menu-title">Your browser picks the quality</div> : null}
                </div>
              ) : null}
            </div>

            <button
              type="button"
              className="ctrl"
              onClick={toggleFullscreen}
              aria-label={fullscreen ? "Exit fullscreen (f)" : "Fullscreen (f)"}
              title={fullscreen ? "Exit fullscreen (f)" : "Fullscreen (f)"}
            >
              {fullscreen ? <ExitFullscreenIcon size={20} /> : <FullscreenIcon size={20} />}
            </button>
          </div>
        </div>
      </div>
      <p className="kbd-help">
        Keys: <kbd>space</kbd>/<kbd>k</kbd> play · <kbd>j</kbd>/<kbd>l</kbd> ±10 s · <kbd>←</kbd>/<kbd>→</kbd> ±5 s · <kbd>f</kbd> fullscreen ·{" "}
        <kbd>m</kbd> mute
      </p>
    </div>
  );
}
