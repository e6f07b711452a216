"use client";
import type HlsType from "hls.js";
import { useEffect, useRef, useState, type RefObject } from "react";
import { labelLevels, type RenditionInfo } from "@/lib/player";
import { keyAwareLoader } from "./keyLoader";

export type Level = { index: number; label: string; height: number; bitrate: number };
export type Engine = "hls.js" | "native";

/**
 * Attaches the stream to the `<video>`: hls.js whenever the browser has Media Source Extensions (even where native HLS
 * exists, so quality choice and ABR behave the same everywhere), starting at the lowest rung and climbing; native HLS
 * only as a fallback. Owns the quality state (the rungs, the one playing, the one chosen) and the error shown over the
 * video; `retry()` attaches again. With `testHooks` (CHORUS_TEST_HOOKS=1) the engine is exposed on
 * `window.__chorusPlayer` for the browser tests — never in production.
 */
export function useHlsEngine(
  videoRef: RefObject<HTMLVideoElement | null>,
  src: string,
  renditions: RenditionInfo[],
  testHooks: boolean,
  /** Paid videos: answers `chorus-key:` URIs (keyLoader.ts); a refusal stops loading after the clear preview. */
  getKey?: (keyId: string) => Promise<ArrayBuffer>,
) {
  const hlsRef = useRef<HlsType | null>(null);
  // `renditions` only names levels; re-attaching the stream when its identity changes would restart playback, so the
  // attachment reads the latest through a ref.
  const renditionsRef = useRef(renditions);
  renditionsRef.current = renditions;
  const [attempt, setAttempt] = useState(0);
  const [engine, setEngine] = useState<Engine | null>(null);
  const [levels, setLevels] = useState<Level[]>([]);
  const [playingLevel, setPlayingLevel] = useState(-1);
  const [selectedLevel, setSelectedLevel] = useState(-1); // -1 = Auto
  const [error, setError] = useState<string | null>(null);
  /** Why the content key was refused (paid videos): the preview plays, then the player shows the buy/join panel. */
  const [locked, setLocked] = useState<string | null>(null);
  const getKeyRef = useRef(getKey);
  getKeyRef.current = getKey;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the trigger: `retry()` bumps it to attach the stream again.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let hls: HlsType | null = null;
    setError(null);
    setLocked(null);
    setLevels([]);
    setPlayingLevel(-1);
    setSelectedLevel(-1);

    (async () => {
      const { default: Hls } = await import("hls.js");
      if (cancelled) return;
      if (Hls.isSupported()) {
        const withKeys = getKeyRef.current;
        hls = new Hls({
          startLevel: 0,
          capLevelToPlayerSize: false,
          ...(withKeys
            ? {
                loader: keyAwareLoader(Hls, (keyId) => withKeys(keyId)),
                // A key may wait for the viewer to sign in their wallet; a refusal is final (no retry, which would
                // prompt again): the panel's *Try again* re-attaches.
                keyLoadPolicy: {
                  default: {
                    maxTimeToFirstByteMs: 180_000,
                    maxLoadTimeMs: 180_000,
                    timeoutRetry: null,
                    errorRetry: null,
                  },
                },
              }
            : {}),
        });
        hlsRef.current = hls;
        let networkRetries = 0;
        let mediaRecoveries = 0;
        hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
          setLevels(
            labelLevels(
              data.levels.map((l) => ({ height: l.height, width: l.width, bitrate: l.bitrate })),
              renditionsRef.current,
            ),
          );
        });
        hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => setPlayingLevel(data.level));
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (data.details === Hls.ErrorDetails.KEY_LOAD_ERROR && hls) {
            // No key: what is buffered (the clear preview) keeps playing; nothing after it can be decrypted.
            setLocked(data.response?.text || data.error?.message || "This video is for buyers and members.");
            hls.stopLoad();
            return;
          }
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
        if (testHooks) window.__chorusPlayer = { engine: "hls.js", hls };
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = src;
        setEngine("native");
        if (testHooks) window.__chorusPlayer = { engine: "native", hls: null };
      } else {
        setError("This browser can't play HLS video. Try a current version of Chrome, Firefox, Edge or Safari.");
      }
    })().catch(() => {
      if (!cancelled) setError("The player couldn't start. Reload the page to try again.");
    });

    // The native engine reports its errors on the element (hls.js reports its own).
    const onNativeError = () => {
      if (hlsRef.current || !video.error) return;
      setError(
        video.error.code === MediaError.MEDIA_ERR_NETWORK
          ? "The video's files can't be fetched from the IPFS gateway right now. Try again in a minute."
          : "Your browser couldn't play this video.",
      );
    };
    video.addEventListener("error", onNativeError);

    return () => {
      cancelled = true;
      video.removeEventListener("error", onNativeError);
      hls?.destroy();
      hlsRef.current = null;
      if (window.__chorusPlayer?.hls === hls) delete window.__chorusPlayer;
      video.removeAttribute("src");
      video.load();
    };
  }, [videoRef, src, attempt, testHooks]);

  const chooseLevel = (index: number) => {
    const hls = hlsRef.current;
    if (!hls) return false;
    hls.currentLevel = index; // -1 = automatic
    setSelectedLevel(index);
    return true;
  };

  return {
    engine,
    levels,
    playingLevel,
    selectedLevel,
    chooseLevel,
    error,
    locked,
    retry: () => setAttempt((a) => a + 1),
  };
}
