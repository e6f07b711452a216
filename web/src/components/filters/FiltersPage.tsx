"use client";
import Link from "next/link";
import { useId, useRef, useState, type ReactNode } from "react";
import { getAddress, isAddress } from "viem";
import { useFilters, useSubscribedLists } from "@/lib/filter-store";
import { downloadText } from "@/lib/download";
import { exportFilters, importFilters, parseWord } from "@/lib/filters";
import { shortAddress } from "@/lib/format";
import { useAllLists } from "./ReportDialog";
import styles from "./filters.module.css";

/**
 * `/filters`: what this browser hides — muted authors, channels and words, the verified-only and kept-storage modes,
 * subscribed lists — with export to and import from a JSON file. Everything stays in this browser; no wallet needed.
 */
export function FiltersPage() {
  const { state, problem, edit, dismissProblem, hydrated } = useFilters();
  const { statuses } = useSubscribedLists();

  return (
    <div className="page page-narrow" data-testid="filters-page" data-ready={hydrated}>
      <div className="page-header">
        <h1>Filters</h1>
        <p>
          What <em>this browser</em> hides from you. Nothing is deleted anywhere: every hidden item says why and can be
          shown with one click. No wallet needed.
        </p>
      </div>
      {problem ? (
        <div className="notice notice-warning" role="alert" data-testid="filters-problem">
          {problem}{" "}
          <button type="button" className="btn btn-small" onClick={dismissProblem}>
            OK
          </button>
        </div>
      ) : null}
      {!hydrated ? <p className="muted">Reading your filters…</p> : null}

      <section className={styles.section} aria-labelledby="modes">
        <h2 id="modes" className="section-title">
          Modes
        </h2>
        <label className={styles.toggle}>
          <input
            type="checkbox"
            data-testid="verified-only"
            checked={state.verifiedOnly}
            onChange={(e) => edit({ type: "set-verified-only", on: e.target.checked })}
          />
          <span>
            <strong>Verified only</strong> — show only creators and commenters who hold a verified handle.
          </span>
        </label>
        <label className={styles.toggle}>
          <input
            type="checkbox"
            data-testid="hide-unkept"
            checked={state.hideUnkept}
            onChange={(e) => edit({ type: "set-hide-unkept", on: e.target.checked })}
          />
          <span>
            <strong>Hide videos whose storage isn&apos;t kept</strong> — videos no storage deal pays keepers to hold.
          </span>
        </label>
      </section>

      <section className={styles.section} aria-labelledby="lists">
        <h2 id="lists" className="section-title">
          Subscribed lists
        </h2>
        <p className="muted">
          Lists that people you trust maintain, each entry with its reason. <Link href="/lists">Browse all lists</Link>.
        </p>
        {statuses.length === 0 ? (
          <p data-testid="no-subscriptions">You don&apos;t subscribe to any list.</p>
        ) : (
          <ul className={styles.items} data-testid="subscriptions">
            {statuses.map((s) => (
              <li key={s.id} className={styles.item} data-testid="subscription" data-list-id={s.id}>
                <div className={styles.row}>
                  <Link href={`/lists/${s.id}`}>
                    <strong>{s.name}</strong>
                  </Link>
                  <span className={styles.meta}>
                    {s.loading ? "fetching its entries…" : s.entryCount === null ? "" : `${s.entryCount} entries`}
                  </span>
                  <button
                    type="button"
                    className="btn btn-small"
                    style={{ marginLeft: "auto" }}
                    onClick={() => edit({ type: "unsubscribe", id: s.id })}
                  >
                    Unsubscribe
                  </button>
                </div>
                {s.error ? <span className="field-error">{s.error}</span> : null}
              </li>
            ))}
          </ul>
        )}
        <SubscribePicker />
      </section>

      <MuteSection
        title="Muted authors"
        empty="You haven't muted anyone. Mute an author from a video's ⋮ menu, or paste an address here."
        label="Mute an address"
        testId="muted-authors"
        items={state.mutedAuthors.map((a) => ({
          key: a,
          body: (
            <Link href={`/creator/${a}`} className="mono" title={a}>
              {shortAddress(a)}
            </Link>
          ),
          remove: () => edit({ type: "unmute-author", address: a }),
          removeLabel: `Unmute ${a}`,
        }))}
        parse={(input) =>
          isAddress(input.trim(), { strict: false })
            ? { ok: true, add: () => edit({ type: "mute-author", address: getAddress(input.trim()) }) }
            : { ok: false, error: `"${input.trim()}" isn't an account address (0x and 40 hex digits).` }
        }
      />
      <MuteSection
        title="Muted channels"
        empty="You haven't muted any community channel. Mute one from a released video's ⋮ menu, or enter its number."
        label="Mute channel number"
        testId="muted-channels"
        items={state.mutedChannels.map((c) => ({
          key: c,
          body: <Link href={`/channels/${c}`}>Channel #{c}</Link>,
          remove: () => edit({ type: "unmute-channel", channelId: c }),
          removeLabel: `Unmute channel ${c}`,
        }))}
        parse={(input) =>
          /^[1-9]\d{0,30}$/.test(input.trim())
            ? { ok: true, add: () => edit({ type: "mute-channel", channelId: input.trim() }) }
            : { ok: false, error: `"${input.trim()}" isn't a channel number (the number in its address, /channels/3).` }
        }
      />
      <MuteSection
        title="Muted words and tags"
        empty="No muted words. A muted word hides videos, comments and stories that contain it as a whole word or #tag."
        label="Mute a word"
        testId="muted-words"
        items={state.mutedWords.map((w) => ({
          key: w,
          body: <span>{w}</span>,
          remove: () => edit({ type: "unmute-word", word: w }),
          removeLabel: `Unmute the word ${w}`,
        }))}
        parse={(input) => {
          const word = parseWord(input);
          return word.ok
            ? { ok: true, add: () => edit({ type: "mute-word", word: word.word }) }
            : { ok: false, error: `${word.error}. Mute one word at a time.` };
        }}
      />

      <ExportImport />
    </div>
  );
}

type Parsed = { ok: true; add: () => void } | { ok: false; error: string };

function MuteSection({
  title,
  empty,
  label,
  testId,
  items,
  parse,
}: {
  title: string;
  empty: string;
  label: string;
  testId: string;
  items: { key: string; body: ReactNode; remove: () => void; removeLabel: string }[];
  parse: (input: string) => Parsed;
}) {
  const id = useId();
  const [input, setInput] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <section className={styles.section} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="section-title">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className={styles.chips} data-testid={testId}>
          {items.map((item) => (
            <li key={item.key} className={styles.chip}>
              {item.body}
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={item.removeLabel}
                onClick={item.remove}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className={styles.row}
        style={{ marginTop: 10 }}
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parse(input);
          if (!parsed.ok) return setError(parsed.error);
          parsed.add();
          setInput("");
          setError(null);
        }}
      >
        <label htmlFor={`${id}-in`} className="visually-hidden">
          {label}
        </label>
        <input
          id={`${id}-in`}
          className="input"
          style={{ flex: "1 1 200px", width: "auto" }}
          value={input}
          placeholder={label}
          onChange={(e) => setInput(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-err` : undefined}
          data-testid={`${testId}-input`}
        />
        <button type="submit" className="btn" disabled={!input.trim()}>
          Mute
        </button>
      </form>
      {error ? (
        <p id={`${id}-err`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** Subscribe to a list without leaving the page. */
function SubscribePicker() {
  const { state, edit } = useFilters();
  const lists = useAllLists();
  const id = useId();
  const [choice, setChoice] = useState("");
  const open = (lists.data ?? []).filter((l) => !state.subscriptions.some((s) => s.id === l.id));
  if (lists.isError)
    return <p className="field-error">Couldn&apos;t load the lists to subscribe to: {lists.error.message}</p>;
  if (open.length === 0) return null;
  const chosen = choice || open[0]!.id;
  return (
    <div className={styles.row} style={{ marginTop: 12 }}>
      <label htmlFor={id}>Subscribe to</label>
      <select
        id={id}
        className="input"
        style={{ flex: "1 1 200px", width: "auto" }}
        value={chosen}
        onChange={(e) => setChoice(e.target.value)}
      >
        {open.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name} — {l.entryCount} entries, by {shortAddress(l.maintainer)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn"
        onClick={() => {
          const list = open.find((l) => l.id === chosen);
          if (list) edit({ type: "subscribe", id: list.id, name: list.name });
        }}
      >
        Subscribe
      </button>
    </div>
  );
}

function ExportImport() {
  const { state, edit } = useFilters();
  const fileRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const download = () => downloadText("chorus-filters.json", exportFilters(state));

  const load = async (file: File) => {
    if (file.size > 5_000_000) {
      setResult({ ok: false, text: "That file is over 5 MB — it isn't a filters file. Choose the file Export wrote." });
      return;
    }
    const parsed = importFilters(await file.text());
    if (!parsed.ok) {
      setResult({
        ok: false,
        text: `Nothing was imported — ${file.name} isn't a valid filters file: ${parsed.problems.join("; ")}.`,
      });
      return;
    }
    edit({ type: "replace", state: parsed.state });
    const s = parsed.state;
    setResult({
      ok: true,
      text: `Imported ${file.name}: ${s.subscriptions.length} lists, ${s.mutedAuthors.length} authors, ${s.mutedChannels.length} channels and ${s.mutedWords.length} words (your previous filters were replaced).`,
    });
  };

  return (
    <section className={styles.section} aria-labelledby="files">
      <h2 id="files" className="section-title">
        Export and import
      </h2>
      <p className="muted">
        Take your filters to another browser: export them as a file, then import it there. Importing replaces the
        filters this browser has.
      </p>
      <div className={styles.row}>
        <button type="button" className="btn" onClick={download} data-testid="export-filters">
          Export filters
        </button>
        <button type="button" className="btn" onClick={() => fileRef.current?.click()}>
          Import filters…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Filters file to import"
          data-testid="import-filters"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void load(file);
            if (fileRef.current) fileRef.current.value = "";
          }}
        />
      </div>
      {result ? (
        <p
          className={result.ok ? "notice notice-success" : "notice notice-error"}
          role="status"
          data-testid="import-result"
          style={{ marginTop: 12 }}
        >
          {result.text}
        </p>
      ) : null}
    </section>
  );
}
