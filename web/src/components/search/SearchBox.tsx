"use client";
import type { Suggestion } from "@chorus/protocol";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { Suspense, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { callIndexer } from "@/lib/indexer";
import { usePublicConfig } from "../ConfigContext";
import styles from "./SearchBox.module.css";

const DEBOUNCE_MS = 150;
const KIND_LABEL: Record<Suggestion["kind"], string> = {
  video: "Video",
  channel: "Channel",
  creator: "Creator",
  tag: "Tag",
};

/** Where a suggestion leads. */
function suggestionHref(s: Suggestion): string {
  if (s.kind === "video") return `/watch/${encodeURIComponent(s.id)}`;
  if (s.kind === "channel") return `/channels/${encodeURIComponent(s.id)}`;
  if (s.kind === "creator") return `/creator/${encodeURIComponent(s.id)}`;
  return `/tags/${encodeURIComponent(s.id)}`;
}

/**
 * The top bar's search box: an ARIA combobox (the 1.2 pattern) with suggestions as you type, asked of the indexer's
 * /search/suggest after a short pause. Arrows move through them, Enter opens the one chosen (or searches for the text),
 * Escape closes the list (and clears the box when it is already closed). Works without JavaScript too: it is a GET form
 * to /search. Below 560 px wide the box gives way to an icon that opens /search (whose own box is full width), so the
 * top bar still fits at 360 px.
 */
export function SearchBox() {
  return (
    <>
      <Suspense fallback={<div className={styles.form} />}>
        <Box />
      </Suspense>
      <Link href="/search" className={`btn btn-ghost nav-link ${styles.narrow}`} title="Search" aria-label="Search">
        <SearchIcon />
      </Link>
    </>
  );
}

function SearchIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

function Box() {
  const config = usePublicConfig();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const id = useId();
  const [text, setText] = useState(() => (pathname === "/search" ? (params.get("q") ?? "") : ""));
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [failed, setFailed] = useState(false);
  const typed = useRef(false);

  // Keep the box in step with the results page's own query (a filter change, the back button).
  useEffect(() => {
    if (pathname === "/search") setText(params.get("q") ?? "");
    setOpen(false);
  }, [pathname, params]);

  useEffect(() => {
    if (!typed.current) return;
    const q = text.trim();
    if (!q) {
      setItems([]);
      setFailed(false);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void callIndexer(config.indexerUrl, "suggest", { query: { q } }, controller.signal).then((result) => {
        if (controller.signal.aborted) return;
        setFailed(!result.ok);
        setItems(result.ok ? result.data.items : []);
        setActive(-1);
      });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, config.indexerUrl]);

  const go = (href: string) => {
    setOpen(false);
    typed.current = false;
    router.push(href);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const choice = active >= 0 ? items[active] : undefined;
    if (choice) return go(suggestionHref(choice));
    const q = text.trim();
    const next = new URLSearchParams(pathname === "/search" ? params : undefined);
    next.delete("cursor");
    if (q) next.set("q", q);
    else next.delete("q");
    go(`/search${next.size ? `?${next}` : ""}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!items.length) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      // -1 is the text itself: moving past either end comes back to it.
      setActive((i) => {
        const next = i + step;
        return next >= items.length ? -1 : next < -1 ? items.length - 1 : next;
      });
    } else if (event.key === "Escape") {
      if (open && (items.length || failed)) setOpen(false);
      else setText("");
      setActive(-1);
    }
  };

  const listId = `${id}-list`;
  const showList = open && text.trim() !== "" && (items.length > 0 || failed);
  return (
    <form role="search" action="/search" method="get" className={styles.form} onSubmit={submit}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        Search videos, channels and creators
      </label>
      <input
        id={`${id}-input`}
        name="q"
        type="search"
        className={`input ${styles.input}`}
        placeholder="Search"
        autoComplete="off"
        role="combobox"
        aria-expanded={showList && !failed}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${id}-opt-${active}` : undefined}
        data-testid="search-input"
        value={text}
        maxLength={200}
        onChange={(e) => {
          typed.current = true;
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <div id={listId} role="listbox" aria-label="Suggestions" className={styles.list} hidden={!showList || failed}>
        {items.map((s, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the input's (aria-activedescendant, the combobox pattern)
          <div
            key={`${s.kind}:${s.id}`}
            id={`${id}-opt-${i}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            className={styles.option}
            data-testid="search-suggestion"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => go(suggestionHref(s))}
          >
            <span className={styles.kind}>{KIND_LABEL[s.kind]}</span>
            <span className={styles.text}>{s.kind === "tag" ? `#${s.text}` : s.text}</span>
          </div>
        ))}
      </div>
      {showList && failed ? (
        <p className={`${styles.list} ${styles.note}`} role="status">
          Suggestions are unavailable right now (the catalogue isn&apos;t answering). Press Enter to search anyway.
        </p>
      ) : null}
    </form>
  );
}
