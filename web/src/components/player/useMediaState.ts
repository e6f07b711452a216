"use client";
import { useEffect, useState, type RefObject } from "react";
import { bufferedEnd, parseStoredVolume, VOLUME_KEY } from "@/lib/player";

/**
 * The media element's state mirrored into React (time, buffered range, playing, waiting, volume, speed), and the volume
 * remembered across videos and visits.
 */
export function useMediaState(videoRef: RefObject<HTMLVideoElement | null>) {
  const [playing, setPlaying] = useState(false);
  const [started, setStarted] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [buffered, setBuffered] = useState(0);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [rate, setRate] = useState(1);

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
  }, [videoRef]);

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
    ];
    for (const [name, handler] of events) video.addEventListener(name, handler);
    return () => {
      for (const [name, handler] of events) video.removeEventListener(name, handler);
    };
  }, [videoRef]);

  return { playing, started, waiting, time, duration, buffered, volume, muted, rate };
}
