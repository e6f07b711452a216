"use client";
import { type RefObject, useEffect, useState } from "react";
import { formatDuration } from "@/lib/format";
import { cueAt, parsePreviewTrack, previewLeft, type PreviewCue } from "@/lib/seek-previews";
import styles from "./SeekPreview.module.css";

/** The seek bar's thumb (14 px, globals.css): a range input maps its value onto the track inset by half a thumb. */
const THUMB_PX = 14;
/** Room the time label and the gap take above the bar. */
const LABEL_PX = 30;

/**
 * The video's seek-preview cues (lib/seek-previews.ts), fetched once per track. A video published before previews
 * existed has no track, and a track that cannot be fetched or read gives no cues: either way, no preview.
 */
function usePreviewCues(track: string | null): PreviewCue[] {
  const [cues, setCues] = useState<PreviewCue[]>([]);
  useEffect(() => {
    setCues([]);
    if (!track) return;
    const controller = new AbortController();
    fetch(track, { signal: controller.signal })
      .then((response) => (response.ok ? response.text() : ""))
      .then((text) => {
        const parsed = parsePreviewTrack(text, track);
        setCues(parsed);
        // Fetch the sheet now, so the first hover shows a picture rather than an empty frame.
        if (parsed[0]) new Image().src = parsed[0].image;
      })
      .catch(() => {
        // Aborted, or the gateway can't serve it: the timeline works without previews.
      });
    return () => controller.abort();
  }, [track]);
  return cues;
}

type Pointer = { x: number; width: number; room: number };

/**
 * A thumbnail of the moment under the pointer while it hovers over or drags along the timeline (mouse, pen and
 * touch), as YouTube and PeerTube show. It only watches pointer events on the bar, so the range input's own mouse,
 * touch and keyboard seeking work as before; it is decoration for sighted pointer users (aria-hidden), the input's
 * aria-valuetext already says where a seek lands.
 */
export function SeekPreview({
  track,
  duration,
  barRef,
}: {
  track: string | null;
  duration: number;
  barRef: RefObject<HTMLDivElement | null>;
}) {
  const cues = usePreviewCues(track);
  const [pointer, setPointer] = useState<Pointer | null>(null);

  useEffect(() => {
    // Listening from the start, so a pointer already on the bar when the track arrives gets its preview at once.
    const bar = barRef.current;
    if (!bar) return;
    let inside = false;
    let dragging = false;
    const place = (clientX: number) => {
      const rect = bar.getBoundingClientRect();
      const player = bar.closest(".player")?.getBoundingClientRect();
      setPointer({
        x: Math.max(0, Math.min(rect.width, clientX - rect.left)),
        width: rect.width,
        room: player ? rect.top - player.top - LABEL_PX : Infinity,
      });
    };
    const onEnter = (event: PointerEvent) => {
      inside = true;
      place(event.clientX);
    };
    const onLeave = () => {
      inside = false;
      if (!dragging) setPointer(null);
    };
    const onDown = (event: PointerEvent) => {
      dragging = true;
      place(event.clientX);
    };
    const onMove = (event: PointerEvent) => {
      if (inside || dragging) place(event.clientX);
    };
    const onUp = () => {
      dragging = false;
      if (!inside) setPointer(null);
    };
    bar.addEventListener("pointerenter", onEnter);
    bar.addEventListener("pointerleave", onLeave);
    bar.addEventListener("pointerdown", onDown);
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
    window.addEventListener("pointercancel", onUp);
    return () => {
      bar.removeEventListener("pointerenter", onEnter);
      bar.removeEventListener("pointerleave", onLeave);
      bar.removeEventListener("pointerdown", onDown);
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      window.removeEventListener("pointercancel", onUp);
      setPointer(null);
    };
  }, [barRef]);

  if (!pointer || !(duration > 0)) return null;
  const travel = Math.max(1, pointer.width - THUMB_PX);
  const time = Math.max(0, Math.min(1, (pointer.x - THUMB_PX / 2) / travel)) * duration;
  const cue = cueAt(cues, time);
  if (!cue) return null;
  // A tall (portrait) tile in a short player shrinks to the room above the bar.
  const scale = Math.min(1, Math.max(0.3, pointer.room / cue.h));
  const width = Math.round(cue.w * scale);
  const height = Math.round(cue.h * scale);
  return (
    <div
      className={styles.preview}
      style={{ left: previewLeft(pointer.x, pointer.width, width), width }}
      data-testid="seek-preview"
      aria-hidden="true"
    >
      <div className={styles.frame} style={{ width, height }}>
        <div
          className={styles.tile}
          data-testid="seek-preview-image"
          style={{
            width: cue.w,
            height: cue.h,
            backgroundImage: `url("${cue.image}")`,
            backgroundPosition: `-${cue.x}px -${cue.y}px`,
            transform: scale < 1 ? `scale(${scale})` : undefined,
          }}
        />
      </div>
      <span className={styles.time}>{formatDuration(time)}</span>
    </div>
  );
}
