"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { releasedVideoId } from "@/lib/channels";
import { FULL_BPS, bpsToPercent, checkSplit, isDefaultSplit, type SplitRow } from "@/lib/money";
import { splitPlan, type SplitPost } from "@/tx/paymentsTx";
import type { Posted } from "@/tx/uploadTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import type { Destination } from "../PostToPicker";
import { TxStatus } from "../TxStatus";
import styles from "./earn.module.css";

/**
 * "Rights holders" on the publish form: who gets what share of everything paid to the video (tips, sales), typed as
 * rows of an address or @handle and a percentage, which must add up to 100 %. The default is the uploader, 100 %; a
 * channel submission may give the channel a share (a row "channel"). The split is fixed forever once set, so it is
 * sent as a second signature right after `Videos.publish` or `Channels.submitVideo` (like the comment policy), before
 * any money can arrive — the field says so before the first signature. A table left at "you, 100 %" sends nothing: an
 * unsplit video pays its creator.
 */
/** The publish form's rights holders: null until edited, which means the default (the uploader, 100 %, nothing to send). */
export function useSplitRows(creator: Address | undefined) {
  const [edited, setEdited] = useState<SplitRow[] | null>(null);
  const rows = edited ?? [{ who: creator ?? "", share: "100" }];
  return {
    rows,
    /** The rows to send with setSplit, or null when there is nothing to send (the default table). */
    toSend: edited === null || isDefaultSplit(edited, creator) ? null : edited,
    set: setEdited,
    creator,
    /** Whether Publish may go: the default, or a valid table. */
    ready: (destination: Destination) =>
      edited === null || checkSplit(edited, destination.kind === "channel").error === null,
  };
}
export type SplitRows = ReturnType<typeof useSplitRows>;

export function SplitEditor({
  split,
  destination,
  disabled,
}: {
  split: SplitRows;
  destination: Destination;
  disabled: boolean;
}) {
  const id = useId();
  const { rows } = split;
  const onChange = (next: SplitRow[]) => split.set(next);
  const channelAllowed = destination.kind === "channel";
  const checked = checkSplit(rows, channelAllowed);
  const defaultSplit = split.toSend === null;
  const set = (i: number, patch: Partial<SplitRow>) => onChange(rows.map((r, j) => (i === j ? { ...r, ...patch } : r)));

  return (
    <fieldset className="field" aria-describedby={`${id}-hint`} data-testid="split-editor" disabled={disabled}>
      <legend style={{ fontWeight: 600 }}>Rights holders</legend>
      <div className={styles.splitTable}>
        {rows.map((row, i) => (
          <div className={styles.splitRow} key={i}>
            <label className="visually-hidden" htmlFor={`${id}-who-${i}`}>
              Holder {i + 1}: address or handle
            </label>
            <input
              id={`${id}-who-${i}`}
              className="input mono"
              placeholder={channelAllowed ? "0x…, @handle or channel" : "0x… or @handle"}
              autoComplete="off"
              spellCheck={false}
              value={row.who}
              onChange={(e) => set(i, { who: e.target.value })}
              aria-invalid={Boolean(checked.rows[i]?.error)}
              data-testid="split-who"
            />
            <label className="visually-hidden" htmlFor={`${id}-share-${i}`}>
              Holder {i + 1}: share in percent
            </label>
            <input
              id={`${id}-share-${i}`}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              value={row.share}
              onChange={(e) => set(i, { share: e.target.value })}
              aria-invalid={Boolean(checked.rows[i]?.error)}
              data-testid="split-share"
              placeholder="%"
            />
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={`Remove holder ${i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
              disabled={rows.length === 1}
            >
              ✕
            </button>
          </div>
        ))}
      </div>
      <div className={styles.row}>
        <button
          type="button"
          className="btn btn-small"
          data-testid="split-add"
          onClick={() => onChange([...rows, { who: "", share: "" }])}
        >
          Add a rights holder
        </button>
        {channelAllowed && !rows.some((r) => r.who.trim().toLowerCase() === "channel") ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onChange([...rows, { who: "channel", share: "" }])}
          >
            Give {destination.name} a share
          </button>
        ) : null}
        <span className={styles.total} data-ok={checked.totalBps === FULL_BPS} data-testid="split-total">
          Total {bpsToPercent(checked.totalBps)}
        </span>
      </div>
      <span className="field-hint" id={`${id}-hint`}>
        {checked.error ? (
          <span className="field-error" role="alert">
            {checked.error}
          </span>
        ) : defaultSplit ? (
          "Everything paid to this video (tips, sales) goes to you. Add people who made it with you to share it."
        ) : (
          "One more signature after publishing sets these shares — fixed forever, before anyone can pay the video."
        )}
      </span>
    </fieldset>
  );
}

/** After the post exists: sends `setSplit` once (unless the table is the default), shows it, and offers a retry. */
export function SplitStep({ posted, split }: { posted: Posted | null; split: SplitRows }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const tx = useContractTx<{ holders: number }>();
  const asked = useRef<string | null>(null);
  const post: SplitPost | null = !posted
    ? null
    : posted.kind === "video"
      ? { kind: "video", id: posted.videoId }
      : { kind: "release", id: posted.proposalId, channelId: posted.channelId };
  const skip = split.toSend === null;
  const key = post ? `${post.kind}:${post.id}` : null;
  const { start } = tx;
  // The rows as they were when publish was pressed (the editor is locked from then on).
  const frozen = useRef(split.toSend ?? []);
  if (!posted) frozen.current = split.toSend ?? [];

  useEffect(() => {
    if (!post || skip || asked.current === key) return;
    asked.current = key;
    void start(splitPlan(wagmiConfig, config, post, frozen.current));
  }, [post, skip, key, start, wagmiConfig, config]);

  if (!posted || skip || !post) return null;
  const watch =
    posted.kind === "video"
      ? `/watch/${posted.videoId}`
      : `/watch/${releasedVideoId(posted.channelId, posted.proposalId)}`;
  return (
    <div className="stack" style={{ gap: 8 }}>
      <TxStatus
        tx={tx.tx}
        testId="publish-split-status"
        signingText="One more signature: set the rights holders' shares — confirm it in your wallet."
        confirmed={() => "waiting for the catalogue…"}
        indexed={(r) => `the shares of ${r.holders} rights holders are set.`}
      />
      {tx.tx.step === "failed" ? (
        <div className="tx-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void start(splitPlan(wagmiConfig, config, post, frozen.current))}
          >
            Try setting the shares again
          </button>
          {posted.kind === "video" || posted.released ? (
            <Link className="btn btn-small btn-ghost" href={watch}>
              Go to the video
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
