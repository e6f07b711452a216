"use client";
import type { Comment, CommentPolicy, PostKind } from "@chorus/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { useConfig, useReadContract } from "wagmi";
import { buildThreads, threadSize, type CommentOrder, type Thread } from "@/lib/comment-threads";
import { plural } from "@/lib/format";
import { callIndexer, callIndexerAll, type Video } from "@/lib/indexer";
import {
  commentAccess,
  commentsAbi,
  commentsAddress,
  MAX_COMMENT_BYTES,
  POLICY_LABELS,
  policiesFor,
  policyName,
  postKindValue,
  utf8Length,
} from "@/lib/social";
import { useSeedAccounts } from "@/lib/use-account";
import { useHydrated } from "@/lib/use-hydrated";
import { commentsPlan, type Post } from "@/tx/socialTx";
import { useContractTx, type TxState } from "@/tx/useContractTx";
import { CommentItem } from "./CommentItem";
import styles from "./Comments.module.css";
import { usePublicConfig } from "./ConfigContext";
import { Filtered } from "./filters/Filtered";
import { ReportDialog } from "./filters/ReportDialog";
import { TxStatus } from "./TxStatus";
import { ConnectPrompt, SwitchPrompt, useWallet } from "./WalletGate";

/** Top-level threads shown at first and added by each "Show more comments". */
const THREADS_PER_PAGE = 20;
/** Replies indent up to this depth; deeper ones line up with their parent (a phone has no room for more). */
const MAX_INDENT = 3;

const postKey = (post: Post) => ["post-comments", post.kind, post.id] as const;

/**
 * The comments under a video or a channel release (docs/identity.md, "Posts"): threads, newest or oldest first, "Show
 * more", and a comment box that follows the post's policy — shown only to an account the contract would accept, and
 * otherwise saying why and what to do. Reading needs no wallet. The post's creator changes the policy here.
 *
 * The whole list is read at once (the indexer pages oldest first, flat; threads need every parent before its replies,
 * and "newest first" needs the last page): fine for hundreds of comments per post. Beyond that, the indexer would need
 * top-level paging by order with replies per thread.
 */
export function Comments({ video }: { video: Pick<Video, "id" | "release"> }) {
  const config = usePublicConfig();
  // A channel release is its own post (its proposal id), not a Videos video: docs/identity.md, "Posts".
  const [kind, postId]: [PostKind, string] = video.release
    ? ["release", video.release.proposalId]
    : ["video", video.id];
  const post = useMemo(() => ({ kind, id: postId }), [kind, postId]);
  const [order, setOrder] = useState<CommentOrder>("newest");
  const [shown, setShown] = useState(THREADS_PER_PAGE);
  const orderId = useId();
  const data = useQuery({
    queryKey: postKey(post),
    queryFn: async ({ signal }) => {
      const [info, comments] = await Promise.all([
        callIndexer(config.indexerUrl, "getPost", { params: post }, signal),
        callIndexerAll(config.indexerUrl, "listPostComments", { params: post }, signal),
      ]);
      if (!info.ok) throw new Error(info.error);
      if (!comments.ok) throw new Error(comments.error);
      return { policy: info.data.policy, comments: comments.data };
    },
  });
  const comments = data.data?.comments;
  const authors = useMemo(() => (comments ?? []).map((c) => c.author), [comments]);
  useSeedAccounts(authors);
  const threads = useMemo(() => buildThreads(comments ?? [], order), [comments, order]);
  const live = (comments ?? []).filter((c) => c.deletedAt === null).length;

  return (
    <section className={styles.section} aria-labelledby="comments-heading" data-testid="comments">
      <div className={styles.head}>
        <h2 id="comments-heading">{comments ? plural(live, "comment") : "Comments"}</h2>
        {threads.length > 1 ? (
          <label className={styles.policy} htmlFor={orderId}>
            <span className="muted">Sort</span>
            <select
              id={orderId}
              className="input"
              style={{ width: "auto" }}
              value={order}
              onChange={(e) => setOrder(e.target.value as CommentOrder)}
              data-testid="comment-order"
            >
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </label>
        ) : null}
      </div>

      {data.isError ? (
        <p className="notice notice-error" role="alert">
          Couldn&apos;t load the comments: {data.error.message} Reload the page to try again.
        </p>
      ) : !data.data ? (
        <div role="status" aria-busy="true" aria-label="Loading comments">
          <div className="skeleton skeleton-line" style={{ width: "70%" }} />
        </div>
      ) : (
        <>
          <CreatorPolicy post={post} policy={data.data.policy} />
          <CommentBox post={post} policy={data.data.policy} />
          {threads.length === 0 ? (
            <p className="muted" data-testid="comments-empty">
              {data.data.policy === "off" ? "No comments." : "No comments yet — be the first."}
            </p>
          ) : (
            <div className={styles.list} data-testid="comment-list">
              {threads.slice(0, shown).map((t) => (
                <ThreadView key={t.comment.id} thread={t} post={post} policy={data.data.policy} depth={0} />
              ))}
            </div>
          )}
          {threads.length > shown ? (
            <button
              type="button"
              className="btn"
              onClick={() => setShown((n) => n + THREADS_PER_PAGE)}
              data-testid="comments-more"
            >
              Show more comments (
              {threads
                .slice(shown)
                .map(threadSize)
                .reduce((a, b) => a + b, 0)}{" "}
              more)
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Whether the connected account may comment on the post now (`Comments.canComment`), and what to offer. */
function useCommentAccess(post: Post, policy: CommentPolicy) {
  const config = usePublicConfig();
  const wallet = useWallet();
  const contract = commentsAddress(config.chainId);
  const can = useReadContract({
    address: contract ?? undefined,
    abi: commentsAbi,
    functionName: "canComment",
    args: wallet.address ? [postKindValue(post.kind), BigInt(post.id), wallet.address] : undefined,
    chainId: config.chainId,
    query: { enabled: Boolean(contract && wallet.ready && policy !== "off") },
  });
  // The chain's answer carries the policy in force now, which may be newer than the catalogue's.
  const chainPolicy = can.data ? policyName(Number(can.data[1])) : null;
  return commentAccess({
    policy: chainPolicy ?? policy,
    connected: wallet.connected,
    wrongChain: wallet.wrongChain,
    canComment: can.data ? can.data[0] : undefined,
    failed: can.isError,
  });
}

function useRefreshComments(post: Post) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: postKey(post) });
}

const POLICY_NOTICE: Record<CommentPolicy, string | null> = {
  open: null,
  "verified-only": "Only verified handles can comment here.",
  "members-only": "Only members of the channel that released this video can comment here.",
  off: "Comments are off: the creator chose that nobody may comment.",
};

/** The new-comment box, or why there is none and how to get one. */
function CommentBox({ post, policy }: { post: Post; policy: CommentPolicy }) {
  const access = useCommentAccess(post, policy);
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const refresh = useRefreshComments(post);
  const tx = useContractTx<{ commentId: string | null }>();
  const notice = POLICY_NOTICE[policy];
  let body: ReactNode;
  switch (access) {
    case "form":
      body = (
        <CommentForm
          label="Add a comment"
          submitLabel="Comment"
          tx={tx.tx}
          busy={tx.busy}
          onSubmit={(text) =>
            tx.start({
              ...commentsPlan(wagmiConfig, config, post, { fn: "comment", parentId: null, body: text }),
              onIndexed: () => void refresh(),
            })
          }
        />
      );
      break;
    case "off":
      body = null;
      break;
    case "connect":
      body = (
        <div className="tx" data-tone="waiting" data-testid="comment-gate" data-reason="connect">
          <ConnectPrompt
            text={
              policy === "verified-only" ? (
                <>
                  Only verified handles can comment here — connect a wallet and{" "}
                  <Link href="/account">get a handle</Link>. Reading needs no wallet.
                </>
              ) : policy === "members-only" ? (
                "Only members of the channel that released this video can comment here: connect a member's wallet. Reading needs no wallet."
              ) : (
                "Connect a wallet to join the conversation (one signature per comment). Reading needs no wallet."
              )
            }
          />
        </div>
      );
      break;
    case "switch":
      body = (
        <div className="tx" data-tone="waiting" data-testid="comment-gate" data-reason="switch">
          <SwitchPrompt purpose="comment" />
        </div>
      );
      break;
    case "checking":
      body = (
        <p className="muted" data-testid="comment-gate" data-reason="checking">
          Checking whether you may comment here…
        </p>
      );
      break;
    case "needs-handle":
      body = (
        <p className="notice" data-testid="comment-gate" data-reason="needs-handle">
          Only verified handles can comment here — <Link href="/account">get a handle</Link> (a refundable bond, one
          signature), then come back.
        </p>
      );
      break;
    case "needs-membership":
      body = (
        <p className="notice" data-testid="comment-gate" data-reason="needs-membership">
          Only members of the channel that released this video can comment here. Members are added by the channel&apos;s
          own vote.
        </p>
      );
      break;
    case "unavailable":
      body = (
        <p className="notice notice-error" role="alert" data-testid="comment-gate" data-reason="unavailable">
          Couldn&apos;t ask {config.chainName} whether you may comment here. Check that the chain is reachable, then
          reload the page.
        </p>
      );
      break;
    case "refused":
      body = (
        <p className="notice" data-testid="comment-gate" data-reason="refused">
          The contract wouldn&apos;t accept a comment from you here right now: the creator may just have changed who may
          comment. Reload the page to see the current rule.
        </p>
      );
      break;
  }
  return (
    <div className="stack" style={{ gap: 8 }}>
      {notice ? (
        <p className="muted" style={{ margin: 0 }} data-testid="comment-policy" data-policy={policy}>
          {notice}
        </p>
      ) : null}
      {body}
      <CommentTxStatus tx={tx.tx} testId="comment-status" done="your comment shows below." />
    </div>
  );
}

/** A comment transaction's state; it stays after its form closes, so the outcome is always said. */
function CommentTxStatus({
  tx,
  testId,
  done,
}: {
  tx: TxState<{ commentId: string | null }>;
  testId: string;
  done: string;
}) {
  return <TxStatus tx={tx} testId={testId} confirmed={() => "waiting for the catalogue…"} indexed={() => done} />;
}

function CommentForm({
  label,
  submitLabel,
  initial = "",
  tx,
  busy,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  initial?: string;
  tx: TxState<{ commentId: string | null }>;
  busy: boolean;
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const hydrated = useHydrated();
  const [text, setText] = useState(initial);
  const body = text.trim();
  const bytes = utf8Length(body);
  const tooLong = bytes > MAX_COMMENT_BYTES;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body === "" || tooLong || busy) return;
    await onSubmit(body);
  };
  // Once the catalogue shows it, the box empties for the next comment (an edit or reply box is closed by its owner).
  const [clearedFor, setClearedFor] = useState<string | null>(null);
  if (tx.step === "indexed" && clearedFor !== tx.hash) {
    setClearedFor(tx.hash);
    if (!onCancel) setText("");
  }
  return (
    <form className={styles.form} onSubmit={submit}>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={`${id}-body`}
        className="textarea"
        style={{ minHeight: 72 }}
        placeholder={label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={tooLong}
        aria-describedby={`${id}-count`}
        data-testid="comment-input"
      />
      <div className="field-hint">
        <span>Posted on chain with one signature: an edit or a deletion adds to its history, never erases it.</span>
        <span id={`${id}-count`} className={tooLong ? "field-error" : undefined} data-testid="comment-count">
          {bytes.toLocaleString("en")}/{MAX_COMMENT_BYTES.toLocaleString("en")} bytes
          {tooLong ? ` — ${(bytes - MAX_COMMENT_BYTES).toLocaleString("en")} too many, shorten it` : ""}
        </span>
      </div>
      <div className="tx-actions">
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={!hydrated || body === "" || tooLong || busy}
          data-testid="comment-submit"
        >
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function ThreadView({
  thread,
  post,
  policy,
  depth,
}: {
  thread: Thread;
  post: Post;
  policy: CommentPolicy;
  depth: number;
}) {
  const { comment } = thread;
  // The viewer's filters (a muted author, a word, a subscribed list's entry for this comment) hide the comment and
  // the replies under it, behind a placeholder that says why and has *Show anyway*.
  return (
    <Filtered
      compact
      item={{ type: "comment", id: comment.id, author: comment.author.address, text: [comment.body ?? ""] }}
    >
      <CommentItem comment={comment} actions={<CommentActions comment={comment} post={post} policy={policy} />}>
        {thread.replies.length > 0 ? (
          <div className={`${styles.replies} ${depth + 1 >= MAX_INDENT ? styles.flat : ""}`}>
            {thread.replies.map((r) => (
              <ThreadView key={r.comment.id} thread={r} post={post} policy={policy} depth={depth + 1} />
            ))}
          </div>
        ) : null}
      </CommentItem>
    </Filtered>
  );
}

/** Reply (whoever may comment), edit (its author, if the policy still lets them write), delete (its author, always). */
function CommentActions({ comment, post, policy }: { comment: Comment; post: Post; policy: CommentPolicy }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const wallet = useWallet();
  const access = useCommentAccess(post, policy);
  const refresh = useRefreshComments(post);
  const [open, setOpen] = useState<"reply" | "edit" | "delete" | null>(null);
  const reply = useContractTx<{ commentId: string | null }>();
  const edit = useContractTx<{ commentId: string | null }>();
  const remove = useContractTx<{ commentId: string | null }>();
  const mine = wallet.address !== undefined && wallet.address.toLowerCase() === comment.author.address.toLowerCase();
  const deleted = comment.deletedAt !== null;
  const canWrite = access === "form";
  // Anyone with a wallet may ask a filter list's maintainer to list someone else's comment (a report, never a takedown).
  const canReport = wallet.address !== undefined && !mine && !deleted;
  const [reporting, setReporting] = useState(false);
  const anyTx = [reply, edit, remove].some((t) => t.tx.step !== "idle");
  if (!canWrite && !(mine && !deleted) && !canReport && !anyTx) return null;
  const done = () => {
    setOpen(null);
    void refresh();
  };
  return (
    <>
      <div className={styles.actions}>
        {canWrite ? (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setOpen(open === "reply" ? null : "reply")}
            aria-expanded={open === "reply"}
            data-testid="comment-reply"
          >
            Reply
          </button>
        ) : null}
        {mine && !deleted && canWrite ? (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setOpen(open === "edit" ? null : "edit")}
            aria-expanded={open === "edit"}
            data-testid="comment-edit"
          >
            Edit
          </button>
        ) : null}
        {mine && !deleted ? (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setOpen(open === "delete" ? null : "delete")}
            aria-expanded={open === "delete"}
            data-testid="comment-delete"
          >
            Delete
          </button>
        ) : null}
        {canReport ? (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setReporting(true)}
            data-testid="comment-report"
          >
            Report
          </button>
        ) : null}
      </div>
      {reporting ? (
        <ReportDialog
          target={{ kind: "comment", value: comment.id }}
          what={`the comment #${comment.id}`}
          onClose={() => setReporting(false)}
        />
      ) : null}
      {open === "reply" ? (
        <CommentForm
          label={`Reply to comment ${comment.id}`}
          submitLabel="Reply"
          tx={reply.tx}
          busy={reply.busy}
          onCancel={() => setOpen(null)}
          onSubmit={(text) =>
            reply.start({
              ...commentsPlan(wagmiConfig, config, post, { fn: "comment", parentId: comment.id, body: text }),
              onIndexed: done,
            })
          }
        />
      ) : null}
      {open === "edit" ? (
        <CommentForm
          label={`Edit comment ${comment.id}`}
          submitLabel="Save edit"
          initial={comment.body}
          tx={edit.tx}
          busy={edit.busy}
          onCancel={() => setOpen(null)}
          onSubmit={(text) =>
            edit.start({
              ...commentsPlan(wagmiConfig, config, post, { fn: "edit", commentId: comment.id, body: text }),
              onIndexed: done,
            })
          }
        />
      ) : null}
      {open === "delete" ? (
        <div className="notice notice-warning stack" style={{ gap: 8 }}>
          <p style={{ margin: 0 }}>
            Delete this comment? Readers will see &ldquo;deleted&rdquo; in its place and its replies stay. Its earlier
            text stays in the chain&apos;s history, as everything on chain does.
          </p>
          <div className="tx-actions">
            <button
              type="button"
              className="btn btn-danger btn-small"
              disabled={remove.busy}
              onClick={() =>
                void remove.start({
                  ...commentsPlan(wagmiConfig, config, post, { fn: "delete", commentId: comment.id }),
                  onIndexed: done,
                })
              }
              data-testid="comment-delete-confirm"
            >
              Delete it
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(null)}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      <CommentTxStatus tx={reply.tx} testId="reply-status" done="your reply shows in the thread." />
      <CommentTxStatus tx={edit.tx} testId="edit-status" done="the comment shows your edit." />
      <CommentTxStatus tx={remove.tx} testId="delete-status" done="deleted." />
    </>
  );
}

/** The post's creator chooses who may comment (`setCommentPolicy`); shown to them only. */
function CreatorPolicy({ post, policy }: { post: Post; policy: CommentPolicy }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const wallet = useWallet();
  const hydrated = useHydrated();
  const refresh = useRefreshComments(post);
  const id = useId();
  const contract = commentsAddress(config.chainId);
  const creator = useReadContract({
    address: contract ?? undefined,
    abi: commentsAbi,
    functionName: "creatorOf",
    args: [postKindValue(post.kind), BigInt(post.id)],
    chainId: config.chainId,
    query: { enabled: Boolean(contract && wallet.ready) },
  });
  const [choice, setChoice] = useState<CommentPolicy | null>(null);
  const tx = useContractTx<{ commentId: string | null }>();
  const isCreator =
    wallet.address !== undefined &&
    typeof creator.data === "string" &&
    creator.data.toLowerCase() === wallet.address.toLowerCase();
  if (!isCreator) return null;
  const value = choice ?? policy;
  return (
    <form
      className={`panel ${styles.policy}`}
      style={{ padding: 12 }}
      onSubmit={(e) => {
        e.preventDefault();
        if (value === policy || tx.busy) return;
        void tx.start({
          ...commentsPlan(wagmiConfig, config, post, { fn: "setPolicy", policy: value }),
          onIndexed: () => {
            setChoice(null);
            void refresh();
          },
        });
      }}
    >
      <label htmlFor={id}>Who may comment (you are the creator)</label>
      <select
        id={id}
        className="input"
        style={{ width: "auto" }}
        value={value}
        onChange={(e) => setChoice(e.target.value as CommentPolicy)}
        data-testid="policy-select"
      >
        {policiesFor(post.kind).map((p) => (
          <option key={p} value={p}>
            {POLICY_LABELS[p]}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="btn btn-small"
        disabled={!hydrated || value === policy || tx.busy}
        data-testid="policy-save"
      >
        Save
      </button>
      <TxStatus
        tx={tx.tx}
        testId="policy-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "the new rule applies to new comments and edits; existing comments stay."}
      />
    </form>
  );
}
