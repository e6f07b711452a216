"use client";
import Link from "next/link";
import { useEffect, useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { formatAge, shortAddress } from "@/lib/format";
import { lifeElapsed, timeLeft, type Story } from "@/lib/stories";
import { Avatar } from "../Avatar";
import { StoryMedia } from "./StoryMedia";
import styles from "./Stories.module.css";

/** What the UI says about expiry, everywhere a story is shown: the honest limit of "expires". */
export const EXPIRY_NOTE = "An expired story may still exist on nodes that chose to keep it.";

/**
 * The story viewer: one story at a time over the page — its picture or video, caption, whose it is, and how much of
 * its life is left (the bar fills as it nears expiry). Previous/next by the big buttons on either side, ← and →,
 * or a swipe; Escape or ✕ closes. There is no timer moving on by itself: people read at their own pace.
 */
export function StoryViewer({
  stories,
  index,
  now,
  onIndex,
  onClose,
  footer,
}: {
  stories: readonly Story[];
  index: number;
  now: number;
  onIndex: (index: number) => void;
  onClose: () => void;
  /** Extra controls under the caption (the creator's Delete). */
  footer?: (story: Story) => ReactNode;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const swipeFrom = useRef<number | null>(null);
  const story = stories[index];

  useEffect(() => {
    closeRef.current?.focus();
  }, []);
  // The story on screen expired (or was deleted) and left the list: show the next one, or close when none is left.
  useEffect(() => {
    if (stories.length === 0) onClose();
    else if (index >= stories.length) onIndex(stories.length - 1);
  }, [stories.length, index, onClose, onIndex]);

  if (!story) return null;
  const hasPrev = index > 0;
  const hasNext = index < stories.length - 1;
  const go = (delta: number) => {
    const next = index + delta;
    if (next >= 0 && next < stories.length) onIndex(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Handled here, so the video player's own ←/→ (seek) leave them alone (it skips prevented events).
    if (event.key === "Escape") onClose();
    else if (event.key === "ArrowLeft") go(-1);
    else if (event.key === "ArrowRight") go(1);
    else if (event.key === "Tab") {
      // Keep focus inside the dialog.
      const focusable = [
        ...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>("button:not(:disabled), a[href]"),
      ];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) last?.focus();
      else if (!event.shiftKey && document.activeElement === last) first?.focus();
      else return;
    } else return;
    event.preventDefault();
  };
  const onPointerDown = (event: PointerEvent) => {
    swipeFrom.current = event.pointerType === "touch" ? event.clientX : null;
  };
  const onPointerUp = (event: PointerEvent) => {
    if (swipeFrom.current === null) return;
    const dx = event.clientX - swipeFrom.current;
    swipeFrom.current = null;
    if (Math.abs(dx) > 50) go(dx < 0 ? 1 : -1);
  };

  const left = timeLeft(story.expiresAt, now);
  return (
    <div className={styles.overlay} data-testid="story-viewer" data-story-id={story.id}>
      <div
        className={styles.dialog}
        role="dialog"
        aria-modal="true"
        aria-label={`Story ${index + 1} of ${stories.length}, by ${shortAddress(story.creator)}`}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
      >
        <div
          className={styles.life}
          role="progressbar"
          aria-label="Time until this story expires"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(lifeElapsed(story, now) * 100)}
          aria-valuetext={left}
        >
          <span style={{ width: `${lifeElapsed(story, now) * 100}%` }} />
        </div>
        <header className={styles.viewerHead}>
          <Avatar address={story.creator} size="sm" />
          <span className={styles.viewerMeta}>
            <Link href={`/creator/${story.creator}`} className={styles.viewerWho} onClick={onClose}>
              {shortAddress(story.creator)}
            </Link>
            <span className="muted" data-testid="story-time-left">
              {formatAge(story.postedAt, now * 1000)} · {left}
            </span>
          </span>
          <span className="muted">
            {index + 1}/{stories.length}
          </span>
          <button
            ref={closeRef}
            type="button"
            className={`btn btn-ghost btn-small ${styles.close}`}
            onClick={onClose}
            aria-label="Close stories"
            data-testid="story-close"
          >
            ✕
          </button>
        </header>
        <div className={styles.stage}>
          <button
            type="button"
            className={`${styles.nav} ${styles.navPrev}`}
            onClick={() => go(-1)}
            disabled={!hasPrev}
            aria-label="Previous story"
            data-testid="story-prev"
          >
            ‹
          </button>
          <StoryMedia key={story.id} story={story} />
          <button
            type="button"
            className={`${styles.nav} ${styles.navNext}`}
            onClick={() => go(1)}
            disabled={!hasNext}
            aria-label="Next story"
            data-testid="story-next"
          >
            ›
          </button>
        </div>
        {story.caption ? (
          <p className={styles.caption} data-testid="story-caption">
            {story.caption}
          </p>
        ) : null}
        {footer?.(story)}
        <p className={styles.note}>{EXPIRY_NOTE}</p>
      </div>
    </div>
  );
}
