"use client";
import Link from "next/link";
import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { reportHidden, useFilters, useHiddenSummary, useSubscribedLists, useVerified } from "@/lib/filter-store";
import { describeReason, why, type FilterItem } from "@/lib/filters";
import styles from "./Filtered.module.css";

/**
 * Wraps anything a viewer may filter — a video card, a comment, a story — and, when the viewer's filters hide it, shows
 * instead a compact placeholder saying every reason ("hidden by your list “No spoilers” (reason: …)") with a one-click,
 * keyboard-reachable **Show anyway**. Hidden items are counted for the page's `<HiddenSummary>`. Use it with one line:
 * `<Filtered item={{ type: "comment", id, author, text: [body] }}><CommentItem … /></Filtered>` (web/README.md).
 */
export function Filtered({
  item,
  compact = false,
  children,
}: {
  item: FilterItem;
  /** A one-line placeholder (comments, stories) rather than a card-sized one (video grids). */
  compact?: boolean;
  children: ReactNode;
}) {
  const { state } = useFilters();
  const { lists } = useSubscribedLists();
  const verified = useVerified(item.author, state.verifiedOnly);
  const reasons = useMemo(
    () => why(item.verified === undefined ? { ...item, verified } : item, state, lists),
    [item, verified, state, lists],
  );
  const [revealed, setRevealed] = useState(false);
  const key = useId();
  const hidden = reasons.length > 0 && !revealed;

  useEffect(() => {
    reportHidden(key, hidden ? reasons : []);
    return () => reportHidden(key, []);
  }, [key, hidden, reasons]);

  if (reasons.length === 0) return children;
  if (revealed)
    return (
      <div className={styles.revealed} data-testid="filtered-revealed">
        {children}
        <button
          type="button"
          className={`btn btn-ghost btn-small ${styles.hideAgain}`}
          onClick={() => setRevealed(false)}
        >
          Hide again
        </button>
      </div>
    );
  const [first, ...more] = reasons.map(describeReason);
  return (
    <section
      className={compact ? `${styles.placeholder} ${styles.compact}` : styles.placeholder}
      data-testid="filtered-placeholder"
      data-item={`${item.type}:${item.id}`}
      aria-label={`Hidden ${item.type}`}
    >
      <p className={styles.reason}>{first}</p>
      {more.length > 0 ? (
        <ul className={styles.more}>
          {more.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      ) : null}
      <div className={styles.actions}>
        <button type="button" className="btn btn-small" data-testid="show-anyway" onClick={() => setRevealed(true)}>
          Show anyway
        </button>
        <Link href="/filters" className={styles.manage}>
          Manage filters
        </Link>
      </div>
    </section>
  );
}

/** "3 hidden (2 by “No spoilers”, 1 muted author) — manage filters", for what this page hides; nothing when nothing. */
export function HiddenSummary() {
  const summary = useHiddenSummary();
  return (
    <p className={styles.summary} role="status" aria-live="polite" data-testid="hidden-count" hidden={!summary}>
      {summary ? (
        <>
          {summary} — <Link href="/filters">manage filters</Link>
        </>
      ) : null}
    </p>
  );
}
