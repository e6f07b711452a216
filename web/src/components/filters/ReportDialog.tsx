"use client";
import type { FilterTargetKind } from "@chorus/protocol";
import { constants } from "@chorus/protocol";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { useConfig } from "wagmi";
import { useFilters } from "@/lib/filter-store";
import { shortAddress } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { reportPlan } from "@/tx/filterListsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate } from "../WalletGate";
import styles from "./filters.module.css";

const MAX_REASON = constants.FilterLists.MAX_REASON_BYTES;
export const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** The lists a viewer may report to or subscribe to (the newest 100), for pickers. */
export function useAllLists() {
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["filter-lists", config.indexerUrl],
    staleTime: 15_000,
    queryFn: async ({ signal }) => {
      const lists = await callIndexer(config.indexerUrl, "listFilterLists", { query: { limit: 100 } }, signal);
      if (!lists.ok) throw new Error(lists.error);
      return lists.data.items;
    },
  });
}

/**
 * Report something — a video, a comment, an author… — to a list's maintainer: a modal dialog (Escape closes it) with
 * the list, the reason and the transaction's state. Takes any target kind and its subject value, so the comments UI
 * uses it as is: `<ReportDialog target={{ kind: "comment", value: commentId }} what="this comment" onClose={…} />`.
 */
export function ReportDialog({
  target,
  what,
  onClose,
}: {
  target: { kind: FilterTargetKind; value: string };
  /** What is reported, for the heading: "the video “Moths”". */
  what: string;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const lists = useAllLists();
  const { state } = useFilters();
  const [listId, setListId] = useState("");
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const { tx, start, busy } = useContractTx<{ reportId: string }>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // Subscribed lists first: those are the ones the viewer trusts.
  const options = [...(lists.data ?? [])].sort(
    (a, b) =>
      Number(state.subscriptions.some((s) => s.id === b.id)) - Number(state.subscriptions.some((s) => s.id === a.id)),
  );
  const chosen = listId || options[0]?.id || "";
  const bytes = byteLength(reason.trim());
  const reasonError =
    bytes === 0
      ? "Say why — the maintainer reads it."
      : bytes > MAX_REASON
        ? `${bytes - MAX_REASON} bytes too long.`
        : null;

  const submit = () => {
    setTouched(true);
    if (reasonError || !chosen) return;
    void start(reportPlan(wagmiConfig, config, chosen, { ...target, reason: reason.trim() }));
  };

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      data-testid="report-dialog"
    >
      <h2 id={`${id}-title`}>Report {what}</h2>
      <p className="muted">
        A report is a public request, signed by your wallet, to a list&apos;s maintainer. If they accept it, their list
        names this with their reason and hides it for the list&apos;s subscribers — nothing is deleted for anyone.
      </p>
      {lists.isError ? (
        <p className="notice notice-error">
          Couldn&apos;t load the lists: {lists.error.message} Close this and try again in a moment.
        </p>
      ) : lists.data && options.length === 0 ? (
        <p className="notice">
          There are no lists to report to yet. <Link href="/lists">Create one on the Lists page</Link>.
        </p>
      ) : (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <label htmlFor={`${id}-list`}>To the list</label>
          <select
            id={`${id}-list`}
            className="input"
            data-testid="report-list"
            value={chosen}
            onChange={(e) => setListId(e.target.value)}
            disabled={!lists.data || busy}
          >
            {options.map((list) => (
              <option key={list.id} value={list.id}>
                {list.name} — maintained by {shortAddress(list.maintainer)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-reason`}>Why</label>
          <textarea
            id={`${id}-reason`}
            className="textarea"
            data-testid="report-reason"
            value={reason}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={touched && reasonError !== null}
            aria-describedby={`${id}-reason-note`}
            disabled={busy}
          />
          <span id={`${id}-reason-note`} className={touched && reasonError ? "field-error" : "muted"}>
            {touched && reasonError ? reasonError : `${bytes} / ${MAX_REASON} bytes`}
          </span>
          <WalletGate
            purpose="send the report"
            connectText="Reporting is signed by your wallet: connect one to send it."
          >
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy || tx.step === "indexed"}
              data-testid="report-submit"
            >
              Send report
            </button>
          </WalletGate>
        </form>
      )}
      <TxStatus
        tx={tx}
        testId="report-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={({ reportId }) => (
          <>
            report {reportId} is on{" "}
            <Link href={`/lists/${chosen}`} data-testid="report-list-link">
              the list&apos;s page
            </Link>{" "}
            for its maintainer to decide
          </>
        )}
      />
      <div className={styles.dialogActions}>
        <button type="button" className="btn" onClick={() => ref.current?.close()} data-testid="report-close">
          {tx.step === "indexed" ? "Done" : "Cancel"}
        </button>
      </div>
    </dialog>
  );
}
