"use client";
import type { CommentPolicy } from "@chorus/protocol";
import Link from "next/link";
import { useEffect, useId, useRef } from "react";
import { useConfig } from "wagmi";
import { releasedVideoId } from "@/lib/channels";
import { POLICY_LABELS, policiesFor } from "@/lib/social";
import { commentsPlan, type Post } from "@/tx/socialTx";
import type { Posted } from "@/tx/uploadTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import type { Destination } from "../PostToPicker";
import { TxStatus } from "../TxStatus";

/**
 * Who may comment, chosen before publishing. `Videos.publish` and `Channels.submitVideo` take no policy (their ABIs
 * are unchanged, docs/identity.md "Publishing with a policy"), so a choice other than open is a second transaction,
 * `Comments.setCommentPolicy`, asked for as soon as the post exists — the page says so before the first signature.
 */

/** The choice as it applies to where the video goes: members only exists for channel submissions. */
export function effectivePolicy(policy: CommentPolicy, destination: Destination): CommentPolicy {
  return policiesFor(destination.kind === "channel" ? "release" : "video").includes(policy) ? policy : "open";
}

export function CommentPolicyPicker({
  value,
  onChange,
  destination,
  disabled,
}: {
  value: CommentPolicy;
  onChange: (policy: CommentPolicy) => void;
  destination: Destination;
  disabled: boolean;
}) {
  const id = useId();
  const effective = effectivePolicy(value, destination);
  return (
    <div className="field">
      <label htmlFor={id}>Who may comment</label>
      <select
        id={id}
        className="input"
        value={effective}
        onChange={(e) => onChange(e.target.value as CommentPolicy)}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        data-testid="publish-comment-policy"
      >
        {policiesFor(destination.kind === "channel" ? "release" : "video").map((p) => (
          <option key={p} value={p}>
            {POLICY_LABELS[p]}
            {p === "members-only" ? ` of ${destination.kind === "channel" ? destination.name : "the channel"}` : ""}
          </option>
        ))}
      </select>
      <span className="field-hint" id={`${id}-hint`}>
        {effective === "open"
          ? "Anyone with a wallet can comment. You can change this later from the video's page."
          : destination.kind === "channel"
            ? "One more signature to set who may comment, once the channel releases the video (at once if your vote releases it)."
            : "One more signature to set who may comment, right after the video is published (it is open for those few seconds)."}
      </span>
    </div>
  );
}

/** After the post exists: asks for the `setCommentPolicy` signature once, shows it, and offers a retry if it failed. */
export function CommentPolicyStep({ posted, policy }: { posted: Posted | null; policy: CommentPolicy }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const tx = useContractTx<{ commentId: string | null }>();
  const asked = useRef<string | null>(null);
  const post: Post | null = !posted
    ? null
    : posted.kind === "video"
      ? { kind: "video", id: posted.videoId }
      : posted.released
        ? { kind: "release", id: posted.proposalId }
        : null;
  const key = post ? `${post.kind}:${post.id}:${policy}` : null;
  const { start } = tx;

  useEffect(() => {
    if (!post || policy === "open" || asked.current === key) return;
    asked.current = key;
    void start(commentsPlan(wagmiConfig, config, post, { fn: "setPolicy", policy }));
  }, [post, policy, key, start, wagmiConfig, config]);

  if (!posted || policy === "open") return null;
  if (!post)
    return (
      <p className="notice" data-testid="publish-policy-later">
        Comments on the video will follow the channel&apos;s release: once the vote releases it, set who may comment (
        {POLICY_LABELS[policy].toLowerCase()}) from its page — until then there is nothing to comment on.
      </p>
    );
  return (
    <div className="stack" style={{ gap: 8 }}>
      <TxStatus
        tx={tx.tx}
        testId="publish-policy-status"
        signingText={`One more signature: set who may comment to “${POLICY_LABELS[policy]}” — confirm it in your wallet.`}
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => `who may comment: ${POLICY_LABELS[policy].toLowerCase()}.`}
      />
      {tx.tx.step === "failed" ? (
        <div className="tx-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void start(commentsPlan(wagmiConfig, config, post, { fn: "setPolicy", policy }))}
          >
            Try setting who may comment again
          </button>
          <Link
            className="btn btn-small btn-ghost"
            href={`/watch/${posted.kind === "video" ? posted.videoId : releasedVideoId(posted.channelId, posted.proposalId)}`}
          >
            Do it later from the video&apos;s page
          </Link>
        </div>
      ) : null}
    </div>
  );
}
