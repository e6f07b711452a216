"use client";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import {
  applyEdit,
  EMPTY_FILTERS,
  readStoredFilters,
  summarizeHidden,
  type FilterEdit,
  type FilterState,
  type HideReason,
  type ListEntry,
  type SubscribedList,
} from "./filters";
import { callIndexer, callIndexerAll } from "./indexer";

/**
 * The viewer's filters in this browser: one store over localStorage (`chorus.filters`), shared by every component
 * through hooks (no provider: the store is the page's, and `useSyncExternalStore` keeps every reader in step, across
 * tabs too via the `storage` event). The server renders with no filters — it can't see localStorage — and the first
 * client render applies them; a subscribed list's entries are cached (`chorus.filters.lists`) so that, after the first
 * visit, what a list hides is hidden from the first client render rather than after the indexer answers.
 */

const STATE_KEY = "chorus.filters";
const LISTS_KEY = "chorus.filters.lists";
/** How often subscribed lists are fetched again while a page is open. */
const LIST_REFRESH_MS = 60_000;

interface Snapshot {
  state: FilterState;
  /** Why the saved state was reset (corrupt or from another version), until the viewer dismisses it. */
  problem: string | null;
}

const SERVER_SNAPSHOT: Snapshot = { state: EMPTY_FILTERS, problem: null };
let snapshot: Snapshot | null = null;
const listeners = new Set<() => void>();

function load(): Snapshot {
  if (snapshot) return snapshot;
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(STATE_KEY);
  } catch {
    // Storage disabled: filters work for this page view only.
  }
  snapshot = readStoredFilters(raw);
  return snapshot;
}

function emit() {
  for (const listener of listeners) listener();
}

let listeningToOtherTabs = false;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!listeningToOtherTabs) {
    listeningToOtherTabs = true;
    window.addEventListener("storage", (event) => {
      if (event.key !== STATE_KEY) return;
      snapshot = null; // another tab changed them: read them again
      emit();
    });
  }
  return () => {
    listeners.delete(listener);
  };
}

function save(state: FilterState) {
  snapshot = { state, problem: snapshot?.problem ?? null };
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(state));
  } catch {
    snapshot = {
      state,
      problem: "Your browser refused to save the filters (storage full or disabled): they apply to this page only.",
    };
  }
  emit();
}

/** The filters, and how to change them. `hydrated` is false in the server's render (no filters known yet). */
export function useFilters() {
  const current = useSyncExternalStore(subscribe, load, () => SERVER_SNAPSHOT);
  const edit = useCallback((change: FilterEdit) => save(applyEdit(load().state, change)), []);
  const dismissProblem = useCallback(() => {
    snapshot = { ...load(), problem: null };
    emit();
  }, []);
  return {
    state: current.state,
    problem: current.problem,
    edit,
    dismissProblem,
    hydrated: current !== SERVER_SNAPSHOT,
  };
}

// ---- subscribed lists ----

type ListCache = Record<string, { name: string; entries: ListEntry[]; fetchedAt: number }>;

function readListCache(): ListCache {
  try {
    const parsed = JSON.parse(localStorage.getItem(LISTS_KEY) ?? "{}") as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as ListCache) : {};
  } catch {
    return {};
  }
}

function writeListCache(id: string, list: { name: string; entries: ListEntry[] }, keep: readonly string[]) {
  try {
    const cache = readListCache();
    cache[id] = { ...list, fetchedAt: Date.now() };
    for (const key of Object.keys(cache)) if (!keep.includes(key)) delete cache[key];
    localStorage.setItem(LISTS_KEY, JSON.stringify(cache));
  } catch {
    // The cache only saves a flash of hidden items on the next visit.
  }
}

export interface ListStatus {
  id: string;
  name: string;
  entryCount: number | null;
  /** Why the list's entries couldn't be fetched (the cached ones, if any, still apply). */
  error: string | null;
  loading: boolean;
}

/** The subscribed lists with their entries, fetched from the indexer and refreshed every minute. */
export function useSubscribedLists(): { lists: SubscribedList[]; statuses: ListStatus[] } {
  const config = usePublicConfig();
  const { state, hydrated } = useFilters();
  const ids = state.subscriptions.map((s) => s.id);
  const results = useQueries({
    queries: state.subscriptions.map((sub) => ({
      queryKey: ["filter-list-entries", config.indexerUrl, sub.id],
      enabled: hydrated,
      staleTime: 15_000,
      refetchInterval: LIST_REFRESH_MS,
      initialData: () => {
        const cached = readListCache()[sub.id];
        return cached ? { name: cached.name, entries: cached.entries } : undefined;
      },
      initialDataUpdatedAt: () => readListCache()[sub.id]?.fetchedAt,
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const [list, entries] = await Promise.all([
          callIndexer(config.indexerUrl, "getFilterList", { params: { id: sub.id } }, signal),
          callIndexerAll(config.indexerUrl, "listFilterEntries", { params: { id: sub.id } }, signal),
        ]);
        if (!list.ok) throw new Error(list.status === 404 ? "This list doesn't exist on this chain." : list.error);
        if (!entries.ok) throw new Error(entries.error);
        const fresh = {
          name: list.data.name,
          entries: entries.data.map((e) => ({ kind: e.kind, value: e.value, reason: e.reason })),
        };
        writeListCache(sub.id, fresh, ids);
        return fresh;
      },
    })),
  });
  const key = results.map((r) => r.dataUpdatedAt).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` changes exactly when a list's data does
  const lists = useMemo(
    () =>
      state.subscriptions.flatMap((sub, i) => {
        const data = results[i]?.data;
        return data ? [{ id: sub.id, name: data.name, entries: data.entries }] : [];
      }),
    [state.subscriptions, key],
  );
  const statuses = state.subscriptions.map((sub, i) => {
    const r = results[i];
    return {
      id: sub.id,
      name: r?.data?.name ?? sub.name,
      entryCount: r?.data ? r.data.entries.length : null,
      error: r?.error ? `${r.error.message} Its last known entries still apply; it is tried again every minute.` : null,
      loading: Boolean(r?.isLoading),
    };
  });
  return { lists, statuses };
}

/** Whether an address holds a live (verified) handle, asked only while `enabled` (verified-only mode). */
export function useVerified(address: string, enabled: boolean): boolean | undefined {
  const config = usePublicConfig();
  const query = useQuery({
    queryKey: ["account", config.indexerUrl, address.toLowerCase()],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const account = await callIndexer(config.indexerUrl, "getAccount", { params: { address } }, signal);
      if (!account.ok) throw new Error(account.error);
      return account.data.handle?.status === "live";
    },
  });
  return enabled ? query.data : undefined;
}

// ---- what the page hides, counted ----

const hidden = new Map<string, readonly HideReason[]>();
const tallyListeners = new Set<() => void>();
let tallySummary: string | null = null;

function publishTally() {
  const next = summarizeHidden([...hidden.values()]);
  if (next === tallySummary) return;
  tallySummary = next;
  for (const listener of tallyListeners) listener();
}

/** A hidden item on the page says so (and says it no longer is, or is gone, with an empty list). */
export function reportHidden(key: string, reasons: readonly HideReason[]) {
  if (reasons.length === 0) hidden.delete(key);
  else hidden.set(key, reasons);
  publishTally();
}

/** "3 hidden (2 by “No spoilers”, 1 muted author)" for what the page hides now; null when nothing. */
export function useHiddenSummary(): string | null {
  return useSyncExternalStore(
    (listener) => {
      tallyListeners.add(listener);
      return () => tallyListeners.delete(listener);
    },
    () => tallySummary,
    () => null,
  );
}
