import type { Comment } from "@chorus/protocol";

/**
 * The indexer answers a post's comments flat and oldest first, each with its parent's id; the page shows threads.
 * Pure and unit-tested (test/social.test.ts).
 */

export interface Thread {
  comment: Comment;
  replies: Thread[];
}

export type CommentOrder = "newest" | "oldest";

/**
 * Threads from the flat list: top-level comments in `order`, replies under their parent oldest first (a conversation
 * reads down). A reply whose parent is missing from the list (never on the same post, but possible mid-load) is shown
 * at the top level rather than lost.
 */
export function buildThreads(comments: readonly Comment[], order: CommentOrder): Thread[] {
  const byId = new Map<string, Thread>();
  for (const comment of comments) byId.set(comment.id, { comment, replies: [] });
  const roots: Thread[] = [];
  for (const comment of comments) {
    const thread = byId.get(comment.id)!;
    const parent = comment.parentId === null ? undefined : byId.get(comment.parentId);
    if (parent && parent !== thread) parent.replies.push(thread);
    else roots.push(thread);
  }
  const byIdAsc = (a: Thread, b: Thread) => compareIds(a.comment.id, b.comment.id);
  const sortDeep = (threads: Thread[]) => {
    threads.sort(byIdAsc);
    for (const t of threads) sortDeep(t.replies);
  };
  sortDeep(roots);
  return order === "newest" ? roots.reverse() : roots;
}

/** Ids are consecutive integers as strings: compare them as numbers of any size. */
function compareIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}

/** How many comments a thread holds, itself included. */
export const threadSize = (thread: Thread): number => 1 + thread.replies.reduce((n, r) => n + threadSize(r), 0);
