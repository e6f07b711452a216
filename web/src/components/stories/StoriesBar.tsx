"use client";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { storiesForBar } from "@/lib/stories";
import { useChainNow, useFollows, useLiveStories } from "@/lib/use-stories";
import { StoryItem } from "./StoryItem";
import { EXPIRY_NOTE, StoryViewer } from "./StoryViewer";
import styles from "./Stories.module.css";

/**
 * The stories bar at the top of the home page: live stories of the creators this browser follows (Follow on a
 * creator's page; kept in localStorage, no wallet), or everyone's recent ones while nobody is followed — said so. A
 * story disappears once it expires by the chain's clock (useChainNow), even before the indexer is asked again.
 */
export function StoriesBar() {
  const { follows, ready } = useFollows();
  const now = useChainNow();
  const live = useLiveStories();
  const [open, setOpen] = useState<number | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const { stories, scope } = storiesForBar(live.data ?? [], follows, now);
  const close = useCallback(() => {
    setOpen(null);
    opener.current?.focus();
  }, []);

  return (
    <section className={styles.bar} aria-labelledby="stories-heading" data-testid="stories-bar" data-scope={scope}>
      <div className={styles.barHead}>
        <h2 id="stories-heading" className={styles.barTitle}>
          Stories
        </h2>
        <span className="muted" data-testid="stories-scope">
          {!ready
            ? null
            : scope === "following"
              ? `From the ${follows.length === 1 ? "creator" : `${follows.length} creators`} you follow`
              : "Recent stories from everyone — follow creators on their pages to see only theirs"}
        </span>
      </div>
      <div className={styles.row}>
        <Link href="/stories/new" className={styles.item} data-testid="post-story-link">
          <span className={`${styles.ring} ${styles.ringAdd}`}>
            <span className={styles.bubble} aria-hidden="true">
              +
            </span>
          </span>
          <span className={styles.itemName}>Post a story</span>
        </Link>
        {live.isError ? (
          <p className={styles.rowNote} role="status">
            Stories can&apos;t be loaded right now ({live.error.message}). They are tried again every few seconds.
          </p>
        ) : live.isPending ? (
          <p className={styles.rowNote} aria-busy="true">
            Loading stories…
          </p>
        ) : stories.length === 0 ? (
          <p className={styles.rowNote} data-testid="stories-empty">
            {scope === "following" ? "No live stories from the creators you follow." : "No live stories right now."}
          </p>
        ) : (
          stories.map((story, i) => (
            <StoryItem
              key={story.id}
              story={story}
              now={now}
              onOpen={() => {
                opener.current = document.activeElement as HTMLElement | null;
                setOpen(i);
              }}
            />
          ))
        )}
      </div>
      {stories.length > 0 ? <p className={styles.note}>Stories expire. {EXPIRY_NOTE}</p> : null}
      {open !== null ? (
        <StoryViewer stories={stories} index={open} now={now} onIndex={setOpen} onClose={close} />
      ) : null}
    </section>
  );
}
