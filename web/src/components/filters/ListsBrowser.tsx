"use client";
import { constants } from "@chorus/protocol";
import Link from "next/link";
import { useId, useState } from "react";
import { useConfig } from "wagmi";
import { useFilters } from "@/lib/filter-store";
import { plural, shortAddress } from "@/lib/format";
import { createListPlan } from "@/tx/filterListsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate } from "../WalletGate";
import { byteLength, useAllLists } from "./ReportDialog";
import styles from "./filters.module.css";

const { MAX_NAME_BYTES, MAX_DESCRIPTION_BYTES } = constants.FilterLists;

/** `/lists`: every filter list (name, maintainer, entries, open reports) with Subscribe, and "Create a list". */
export function ListsBrowser() {
  const lists = useAllLists();
  const { state, edit } = useFilters();
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <h1>Filter lists</h1>
        <p>
          Anyone can publish a list of things to hide, each with a reason; subscribing hides what it names for you
          alone, with the reason shown and a way to see it anyway. No wallet needed to subscribe.{" "}
          <Link href="/filters">Your filters</Link>.
        </p>
      </div>
      {lists.isPending ? (
        <p className="muted" role="status">
          Loading lists…
        </p>
      ) : lists.isError ? (
        <p className="notice notice-error" role="alert">
          Couldn&apos;t load the lists: {lists.error.message} Reload the page in a moment.
        </p>
      ) : lists.data.length === 0 ? (
        <p className="notice" data-testid="no-lists">
          No lists yet — create the first one below.
        </p>
      ) : (
        <ul className={styles.items} data-testid="lists">
          {lists.data.map((list) => {
            const subscribed = state.subscriptions.some((s) => s.id === list.id);
            return (
              <li key={list.id} className={styles.item} data-testid="list-row" data-list-id={list.id}>
                <div className={styles.row}>
                  <h3>
                    <Link href={`/lists/${list.id}`}>{list.name}</Link>
                  </h3>
                  <button
                    type="button"
                    className={subscribed ? "btn btn-small" : "btn btn-primary btn-small"}
                    style={{ marginLeft: "auto" }}
                    aria-pressed={subscribed}
                    data-testid="subscribe"
                    onClick={() =>
                      edit(
                        subscribed
                          ? { type: "unsubscribe", id: list.id }
                          : { type: "subscribe", id: list.id, name: list.name },
                      )
                    }
                  >
                    {subscribed ? "Subscribed — unsubscribe" : "Subscribe"}
                  </button>
                </div>
                <span className={styles.meta}>
                  maintained by{" "}
                  <Link href={`/creator/${list.maintainer}`} className="mono" title={list.maintainer}>
                    {shortAddress(list.maintainer)}
                  </Link>{" "}
                  · {plural(list.entryCount, "entry", "entries")} · {plural(list.openReports, "open report")}
                </span>
                {list.description ? <p style={{ margin: 0 }}>{list.description}</p> : null}
              </li>
            );
          })}
        </ul>
      )}
      <CreateList />
    </div>
  );
}

function CreateList() {
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { tx, start, busy, reset } = useContractTx<{ listId: string }>();
  const { refetch } = useAllLists();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [touched, setTouched] = useState(false);
  const nameBytes = byteLength(name.trim());
  const nameError =
    nameBytes === 0
      ? "Give the list a name."
      : nameBytes > MAX_NAME_BYTES
        ? `${nameBytes - MAX_NAME_BYTES} bytes too long.`
        : null;
  const descriptionBytes = byteLength(description.trim());
  const descriptionError =
    descriptionBytes > MAX_DESCRIPTION_BYTES ? `${descriptionBytes - MAX_DESCRIPTION_BYTES} bytes too long.` : null;
  return (
    <section className={styles.section} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="section-title">
        Create a list
      </h2>
      <p className="muted">
        You maintain it: you add and remove entries (each with a reason viewers read), decide the reports people send
        you, and can hand it over to another account. One transaction.
      </p>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (nameError || descriptionError) return;
          void start({
            ...createListPlan(wagmiConfig, config, { name: name.trim(), description: description.trim() }),
            onIndexed: () => void refetch(),
          });
        }}
      >
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (tx.step === "indexed" || tx.step === "failed") reset();
          }}
          aria-invalid={touched && nameError !== null}
          aria-describedby={`${id}-name-note`}
          data-testid="list-name"
        />
        <span id={`${id}-name-note`} className={touched && nameError ? "field-error" : "muted"}>
          {touched && nameError
            ? nameError
            : `${nameBytes} / ${MAX_NAME_BYTES} bytes · names needn't be unique: your address shows beside it`}
        </span>
        <label htmlFor={`${id}-desc`}>Description (optional)</label>
        <textarea
          id={`${id}-desc`}
          className="textarea"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={descriptionError !== null}
          data-testid="list-description"
        />
        {descriptionError ? <span className="field-error">{descriptionError}</span> : null}
        <WalletGate purpose="create a list">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-list">
            Create the list
          </button>
        </WalletGate>
      </form>
      <TxStatus
        tx={tx}
        confirmed={() => "waiting for the catalogue…"}
        indexed={({ listId }) => (
          <>
            <Link href={`/lists/${listId}`} data-testid="new-list-link">
              your list
            </Link>{" "}
            is ready: add entries to it
          </>
        )}
      />
    </section>
  );
}
