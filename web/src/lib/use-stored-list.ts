"use client";
import { useCallback, useMemo, useSyncExternalStore } from "react";

/**
 * A value kept in this browser's localStorage under `key` (no wallet, no server), shared live by every component and
 * tab that shows it: its text (undefined while server-rendered, null when absent) and a writer (null removes it).
 */
export function useStoredText(key: string): { text: string | null | undefined; write: (text: string | null) => void } {
  const subscribe = useCallback(
    (onChange: () => void) => {
      // `storage` fires for other tabs; our own writes announce themselves with the key's event.
      const event = changeEvent(key);
      window.addEventListener("storage", onChange);
      window.addEventListener(event, onChange);
      return () => {
        window.removeEventListener("storage", onChange);
        window.removeEventListener(event, onChange);
      };
    },
    [key],
  );
  const text = useSyncExternalStore(
    subscribe,
    () => readStoredText(key),
    () => undefined,
  );
  const write = useCallback(
    (next: string | null) => {
      try {
        if (next === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, next);
      } catch {
        // storage disabled or full: the change can't be kept; what is shown stays as it was
      }
      window.dispatchEvent(new Event(changeEvent(key)));
    },
    [key],
  );
  return { text, write };
}

/**
 * A list kept under `key`, read through `parse` (which drops anything malformed rather than failing), with a toggle
 * (`toggleIn(items, item)` answers the list with the item added or removed). `ready` is false while server-rendered.
 */
export function useStoredList<T extends string>(
  key: string,
  parse: (text: string | null) => T[],
  toggleIn: (items: readonly T[], item: T) => T[],
): { items: T[]; ready: boolean; toggle: (item: T) => void } {
  const { text, write } = useStoredText(key);
  const items = useMemo(() => parse(text ?? null), [parse, text]);
  const toggle = useCallback(
    (item: T) => write(JSON.stringify(toggleIn(parse(readStoredText(key)), item))),
    [key, parse, toggleIn, write],
  );
  return { items, ready: text !== undefined, toggle };
}

const changeEvent = (key: string) => `chorus:stored:${key}`;

/** The stored text now (null when absent or storage is disabled). */
export function readStoredText(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
