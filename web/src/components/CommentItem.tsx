import type { Comment } from "@chorus/protocol";
import type { ReactNode } from "react";
import Link from "next/link";
import { formatExactTime } from "@/lib/format";
import { AccountName } from "./AccountName";
import styles from "./Comments.module.css";
import { TimeAgo } from "./TimeAgo";

/**
 * One comment, the one way every comment renders: its author as people know them (handle ✓, or nickname with the
 * address fingerprint), when, "edited" or "deleted", and the latest text as inert React text. `actions` (reply, edit,
 * delete) and `children` (its replies) come from the thread around it, so a wrapper (e.g. viewer-side filters) can
 * replace or hide one comment without knowing about threads.
 */
export function CommentItem({
  comment,
  actions,
  children,
}: {
  comment: Comment;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const deleted = comment.deletedAt !== null;
  return (
    <article
      className={styles.comment}
      id={`comment-${comment.id}`}
      data-testid="comment"
      data-comment-id={comment.id}
      data-parent-id={comment.parentId ?? ""}
      aria-label={`Comment ${comment.id}`}
    >
      <header className={styles.meta}>
        <Link href={`/creator/${comment.author.address}`} title={comment.author.address} className={styles.author}>
          <AccountName address={comment.author.address} />
        </Link>
        <span className={styles.when}>
          <TimeAgo timestamp={comment.postedAt} />
        </span>
        {comment.editedAt !== null && !deleted ? (
          <span
            className={styles.flag}
            title={`Edited ${formatExactTime(comment.editedAt)}`}
            data-testid="comment-edited"
          >
            edited
          </span>
        ) : null}
      </header>
      {deleted ? (
        <p className={styles.deleted} data-testid="comment-deleted">
          Deleted by its author{comment.deletedAt ? ` ${formatExactTime(comment.deletedAt)}` : ""}.
        </p>
      ) : (
        <p className={styles.body} data-testid="comment-body">
          {comment.body}
        </p>
      )}
      {actions}
      {children}
    </article>
  );
}
