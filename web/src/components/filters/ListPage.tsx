"use client";
import { constants, FILTER_TARGET_KINDS, type FilterList, type FilterTargetKind } from "@chorus/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { getAddress, isAddress, type Address } from "viem";
import { useConfig } from "wagmi";
import { useFilters } from "@/lib/filter-store";
import { encodeSubject } from "@/lib/filters";
import { plural, shortAddress } from "@/lib/format";
import { callIndexer, callIndexerAll } from "@/lib/indexer";
import {
  acceptListPlan,
  addEntryPlan,
  editListPlan,
  offerListPlan,
  removeEntryPlan,
  resolveReportPlan,
} from "@/tx/filterListsTx";
import { useContractTx, type TxPlan } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TimeAgo } from "../TimeAgo";
import { TxStatus } from "../TxStatus";
import { useWallet } from "../WalletGate";
import { byteLength } from "./ReportDialog";
import { Target } from "./Target";
import styles from "./filters.module.css";

const { MAX_NAME_BYTES, MAX_DESCRIPTION_BYTES, MAX_REASON_BYTES } = constants.FilterLists;

const KIND_LABEL: Record<FilterTargetKind, string> = {
  video: "A video (its number)",
  release: "A channel release (its proposal number)",
  comment: "A comment (its number)",
  author: "An author (address): everything they post",
  channel: "A community channel (its number): everything it releases",
  word: "A word or #tag",
};

/**
 * `/lists/[id]`: a list — name, maintainer, its entries with reasons, its reports (open, accepted, dismissed with the
 * maintainer's reason) — with Subscribe for anyone, and, for its maintainer's wallet, edit, add and remove entries,
 * decide reports and hand the list over; the account it is offered to accepts it here.
 */
export function ListPage({ id, initial }: { id: string; initial: FilterList }) {
  const config = usePublicConfig();
  const queryClient = useQueryClient();
  const wallet = useWallet();
  const { state, edit } = useFilters();
  const list = useQuery({
    queryKey: ["filter-list", config.indexerUrl, id],
    initialData: initial,
    staleTime: 5_000,
    queryFn: async ({ signal }) => {
      const r = await callIndexer(config.indexerUrl, "getFilterList", { params: { id } }, signal);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });
  const entries = useQuery({
    queryKey: ["filter-list-page-entries", config.indexerUrl, id],
    queryFn: async ({ signal }) => {
      const r = await callIndexerAll(config.indexerUrl, "listFilterEntries", { params: { id } }, signal);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });
  const reports = useQuery({
    queryKey: ["filter-list-reports", config.indexerUrl, id],
    queryFn: async ({ signal }) => {
      const r = await callIndexerAll(config.indexerUrl, "listFilterReports", { params: { id } }, signal);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["filter-list", config.indexerUrl, id] });
    void queryClient.invalidateQueries({ queryKey: ["filter-list-page-entries", config.indexerUrl, id] });
    void queryClient.invalidateQueries({ queryKey: ["filter-list-reports", config.indexerUrl, id] });
    void queryClient.invalidateQueries({ queryKey: ["filter-list-entries", config.indexerUrl, id] });
    void queryClient.invalidateQueries({ queryKey: ["filter-lists", config.indexerUrl] });
  };

  const data = list.data;
  const me = wallet.address?.toLowerCase();
  const isMaintainer = me !== undefined && me === data.maintainer.toLowerCase();
  const isOffered = me !== undefined && me === data.offeredTo?.toLowerCase();
  const subscribed = state.subscriptions.some((s) => s.id === id);
  const open = (reports.data ?? []).filter((r) => r.status === "open");
  const decided = (reports.data ?? []).filter((r) => r.status !== "open");

  return (
    <div className="page page-narrow">
      <div className="page-header">
        <p className={styles.meta}>
          <Link href="/lists">Filter lists</Link> › list #{id}
        </p>
        <h1 data-testid="list-title">{data.name}</h1>
        <p>
          maintained by{" "}
          <Link
            href={`/creator/${data.maintainer}`}
            className="mono"
            title={data.maintainer}
            data-testid="list-maintainer"
          >
            {shortAddress(data.maintainer)}
          </Link>
          {isMaintainer ? " (you)" : ""} · {plural(data.entryCount, "entry", "entries")} ·{" "}
          {plural(data.openReports, "open report")}
          {data.offeredTo ? (
            <>
              {" "}
              · offered to{" "}
              <span className="mono" title={data.offeredTo}>
                {shortAddress(data.offeredTo)}
              </span>
            </>
          ) : null}
        </p>
        {data.description ? <p style={{ whiteSpace: "pre-wrap" }}>{data.description}</p> : null}
        <div className={styles.row}>
          <button
            type="button"
            className={subscribed ? "btn" : "btn btn-primary"}
            aria-pressed={subscribed}
            data-testid="subscribe"
            onClick={() => edit(subscribed ? { type: "unsubscribe", id } : { type: "subscribe", id, name: data.name })}
          >
            {subscribed ? "Subscribed — unsubscribe" : "Subscribe"}
          </button>
          <span className="muted">
            {subscribed
              ? "What it names is hidden for you, with its reason, in this browser."
              : "Subscribing hides what it names for you alone. No wallet needed."}
          </span>
        </div>
      </div>

      {isOffered ? <AcceptOffer listId={id} me={wallet.address!} onDone={refresh} /> : null}
      {isMaintainer ? <MaintainerTools list={data} onDone={refresh} /> : null}

      <section className={styles.section} aria-labelledby="entries">
        <h2 id="entries" className="section-title">
          Entries
        </h2>
        {entries.isError ? (
          <p className="notice notice-error">
            Couldn&apos;t load the entries: {entries.error.message} Reload in a moment.
          </p>
        ) : entries.isPending ? (
          <p className="muted">Loading entries…</p>
        ) : entries.data.length === 0 ? (
          <p className="muted" data-testid="no-entries">
            Nothing is on this list yet.
          </p>
        ) : (
          <ul className={styles.items} data-testid="entries">
            {entries.data.map((entry) => (
              <li
                key={entry.id}
                className={styles.item}
                data-testid="entry"
                data-kind={entry.kind}
                data-value={entry.value}
              >
                <span>
                  <Target kind={entry.kind} value={entry.value} />
                </span>
                <span>
                  <strong>Reason:</strong> {entry.reason}
                </span>
                <span className={styles.meta}>
                  added <TimeAgo timestamp={entry.addedAt} />
                  {entry.reportId ? ` · from report #${entry.reportId}` : ""}
                </span>
                {isMaintainer ? (
                  <RowTx
                    label="Remove"
                    testId="remove-entry"
                    plan={(w, c) => removeEntryPlan(w, c, id, { kind: entry.kind, value: entry.value })}
                    indexed="removed"
                    onDone={refresh}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={styles.section} aria-labelledby="reports">
        <h2 id="reports" className="section-title">
          Reports
        </h2>
        <p className="muted">
          Anyone can report a video, a comment or an author to this list from its ⋮ menu. Reports are public; the
          maintainer accepts (the target is listed with the maintainer&apos;s reason) or dismisses them.
        </p>
        {reports.isError ? (
          <p className="notice notice-error">
            Couldn&apos;t load the reports: {reports.error.message} Reload in a moment.
          </p>
        ) : reports.isPending ? (
          <p className="muted">Loading reports…</p>
        ) : reports.data.length === 0 ? (
          <p className="muted">No reports yet.</p>
        ) : (
          <ul className={styles.items} data-testid="reports">
            {[...open, ...decided].map((report) => (
              <li
                key={report.id}
                className={styles.item}
                data-testid="report"
                data-report-id={report.id}
                data-status={report.status}
              >
                <span>
                  <strong>#{report.id}</strong> · <Target kind={report.kind} value={report.value} /> ·{" "}
                  <span className={report.status === "open" ? undefined : styles.meta} data-testid="report-status-text">
                    {report.status}
                  </span>
                </span>
                <span>
                  <strong>Reporter&apos;s reason:</strong> {report.reason}
                </span>
                <span className={styles.meta}>
                  by{" "}
                  <Link href={`/creator/${report.reporter}`} className="mono" title={report.reporter}>
                    {shortAddress(report.reporter)}
                  </Link>{" "}
                  · <TimeAgo timestamp={report.createdAt} />
                </span>
                {report.status !== "open" ? (
                  <span data-testid="report-resolution">
                    <strong>{report.status === "accepted" ? "Accepted" : "Dismissed"} by the maintainer</strong>
                    {report.resolution ? `: ${report.resolution}` : " (no note)"}
                  </span>
                ) : isMaintainer ? (
                  <ResolveReport listId={id} reportId={report.id} suggestion={report.reason} onDone={refresh} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** A one-button transaction on a row (remove an entry), with its own status line. */
function RowTx({
  label,
  testId,
  plan,
  indexed,
  onDone,
}: {
  label: string;
  testId: string;
  plan: (wagmiConfig: ReturnType<typeof useConfig>, config: ReturnType<typeof usePublicConfig>) => TxPlan<null>;
  indexed: ReactNode;
  onDone: () => void;
}) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy } = useContractTx<null>();
  return (
    <>
      <div className={styles.row}>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          data-testid={testId}
          onClick={() => void start({ ...plan(wagmiConfig, config), onIndexed: onDone })}
        >
          {label}
        </button>
      </div>
      <TxStatus
        tx={tx}
        testId={`${testId}-status`}
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => indexed}
      />
    </>
  );
}

function ResolveReport({
  listId,
  reportId,
  suggestion,
  onDone,
}: {
  listId: string;
  reportId: string;
  suggestion: string;
  onDone: () => void;
}) {
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy } = useContractTx<null>();
  const [reason, setReason] = useState(suggestion);
  const [error, setError] = useState<string | null>(null);
  const decide = (accept: boolean) => {
    const bytes = byteLength(reason.trim());
    if (accept && bytes === 0) return setError("Accepting lists it with your reason, which viewers read: write one.");
    if (bytes > MAX_REASON_BYTES) return setError(`${bytes - MAX_REASON_BYTES} bytes too long.`);
    setError(null);
    void start({
      ...resolveReportPlan(wagmiConfig, config, listId, { reportId, accept, reason: reason.trim() }),
      onIndexed: onDone,
    });
  };
  return (
    <div className={styles.form}>
      <label htmlFor={`${id}-reason`}>Your reason (shown to subscribers if you accept; a note if you dismiss)</label>
      <input
        id={`${id}-reason`}
        className="input"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={error !== null}
        data-testid="resolve-reason"
      />
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      <div className={styles.row}>
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={busy}
          onClick={() => decide(true)}
          data-testid="accept-report"
        >
          Accept: list it
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => decide(false)}
          data-testid="dismiss-report"
        >
          Dismiss
        </button>
      </div>
      <TxStatus
        tx={tx}
        testId="resolve-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "decided"}
      />
    </div>
  );
}

function AcceptOffer({ listId, me, onDone }: { listId: string; me: Address; onDone: () => void }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy } = useContractTx<null>();
  return (
    <section className="notice" aria-label="Take over this list">
      <p style={{ marginTop: 0 }}>
        <strong>This list is offered to you.</strong> Accepting makes you its maintainer: you decide its entries and
        reports from now on.
      </p>
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy}
        data-testid="accept-list"
        onClick={() => void start({ ...acceptListPlan(wagmiConfig, config, listId, me), onIndexed: onDone })}
      >
        Accept the list
      </button>
      <TxStatus tx={tx} confirmed={() => "waiting for the catalogue…"} indexed={() => "you maintain this list now"} />
    </section>
  );
}

function MaintainerTools({ list, onDone }: { list: FilterList; onDone: () => void }) {
  return (
    <section className={styles.section} aria-labelledby="maintain">
      <h2 id="maintain" className="section-title">
        Maintain this list
      </h2>
      <AddEntry listId={list.id} onDone={onDone} />
      <details style={{ marginTop: 16 }}>
        <summary>Edit the name and description</summary>
        <EditList list={list} onDone={onDone} />
      </details>
      <details style={{ marginTop: 12 }}>
        <summary>Hand the list over</summary>
        <HandOver list={list} onDone={onDone} />
      </details>
    </section>
  );
}

function AddEntry({ listId, onDone }: { listId: string; onDone: () => void }) {
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy } = useContractTx<null>();
  const [kind, setKind] = useState<FilterTargetKind>("video");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={styles.form}
      aria-label="Add an entry"
      onSubmit={(event) => {
        event.preventDefault();
        try {
          encodeSubject(kind, value.trim());
        } catch (e) {
          return setError((e as Error).message);
        }
        const bytes = byteLength(reason.trim());
        if (bytes === 0 || bytes > MAX_REASON_BYTES)
          return setError(
            `A reason of 1 to ${MAX_REASON_BYTES} bytes is needed (viewers read it); this one is ${bytes}.`,
          );
        setError(null);
        const target = kind === "author" ? getAddress(value.trim()) : value.trim();
        void start({
          ...addEntryPlan(wagmiConfig, config, listId, { kind, value: target, reason: reason.trim() }),
          onIndexed: onDone,
        });
      }}
    >
      <label htmlFor={`${id}-kind`}>Add an entry: what</label>
      <select
        id={`${id}-kind`}
        className="input"
        value={kind}
        onChange={(e) => setKind(e.target.value as FilterTargetKind)}
        data-testid="entry-kind"
      >
        {FILTER_TARGET_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABEL[k]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-value`}>{kind === "author" ? "Address" : kind === "word" ? "Word" : "Number"}</label>
      <input
        id={`${id}-value`}
        className="input"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={
          kind === "video" ? "12 (from /watch/12)" : kind === "author" ? "0x…" : kind === "word" ? "spoiler" : "3"
        }
        data-testid="entry-value"
      />
      <label htmlFor={`${id}-reason`}>Reason (viewers read it)</label>
      <input
        id={`${id}-reason`}
        className="input"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="entry-reason"
      />
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="add-entry">
        Add to the list
      </button>
      <TxStatus
        tx={tx}
        testId="add-entry-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "on the list"}
      />
    </form>
  );
}

function EditList({ list, onDone }: { list: FilterList; onDone: () => void }) {
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy } = useContractTx<null>();
  const [name, setName] = useState(list.name);
  const [description, setDescription] = useState(list.description);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        const n = byteLength(name.trim());
        const d = byteLength(description.trim());
        if (n === 0 || n > MAX_NAME_BYTES) return setError(`A name is 1 to ${MAX_NAME_BYTES} bytes; this one is ${n}.`);
        if (d > MAX_DESCRIPTION_BYTES)
          return setError(`A description is at most ${MAX_DESCRIPTION_BYTES} bytes; this one is ${d}.`);
        setError(null);
        void start({
          ...editListPlan(wagmiConfig, config, list.id, { name: name.trim(), description: description.trim() }),
          onIndexed: onDone,
        });
      }}
    >
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={`${id}-desc`}>Description</label>
      <textarea
        id={`${id}-desc`}
        className="textarea"
        rows={3}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      <button type="submit" className="btn" disabled={busy}>
        Save
      </button>
      <TxStatus tx={tx} confirmed={() => "waiting for the catalogue…"} indexed={() => "saved"} />
    </form>
  );
}

function HandOver({ list, onDone }: { list: FilterList; onDone: () => void }) {
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy } = useContractTx<null>();
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (!isAddress(to.trim(), { strict: false })) return setError(`"${to.trim()}" isn't an account address.`);
        setError(null);
        void start({ ...offerListPlan(wagmiConfig, config, list.id, getAddress(to.trim())), onIndexed: onDone });
      }}
    >
      <p className="muted" style={{ margin: 0 }}>
        Two steps, so a typo never loses the list: you offer it to an address, and it becomes theirs when that account
        accepts it on this page. Until then you can withdraw the offer.
      </p>
      <label htmlFor={`${id}-to`}>Offer to (address)</label>
      <input id={`${id}-to`} className="input" value={to} onChange={(e) => setTo(e.target.value)} placeholder="0x…" />
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      <div className={styles.row}>
        <button type="submit" className="btn" disabled={busy}>
          Offer the list
        </button>
        {list.offeredTo ? (
          <button
            type="button"
            className="btn btn-ghost"
            disabled={busy}
            onClick={() => void start({ ...offerListPlan(wagmiConfig, config, list.id, null), onIndexed: onDone })}
          >
            Withdraw the offer to {shortAddress(list.offeredTo)}
          </button>
        ) : null}
      </div>
      <TxStatus tx={tx} confirmed={() => "waiting for the catalogue…"} indexed={() => "done"} />
    </form>
  );
}
