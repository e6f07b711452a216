"use client";
import { useEffect, useRef, type RefObject } from "react";
import { actionForKey, keyBelongsToTarget } from "@/lib/player";

export interface PlayerActions {
  togglePlay: () => void;
  seekBy: (seconds: number) => void;
  toggleMute: () => void;
  toggleFullscreen: () => void;
  /** Brings the hidden controls back. */
  wake: () => void;
}

/**
 * YouTube's keys, anywhere on the page unless the key belongs to what has focus (a text field, a button, the seek bar…).
 * The listener is added once and calls the latest actions.
 */
export function usePlayerKeys(actions: PlayerActions, seekRef: RefObject<HTMLInputElement | null>) {
  const latest = useRef(actions);
  latest.current = actions;
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
      const act = latest.current;
      if (action.type === "toggle-play") act.togglePlay();
      else if (action.type === "seek-by") act.seekBy(action.seconds);
      else if (action.type === "mute") act.toggleMute();
      else act.toggleFullscreen();
      act.wake();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [seekRef]);
}
