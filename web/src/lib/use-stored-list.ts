"use client";
import { useCallback, useMemo, useSyncExternalStore } from "react";

/**
 * A list kept in this browser's localStorage under `key` (no wallet, no server), read through `parse` (which drops
 * anything malformed rather than failing), shared live by every component and tab that shows it, with a toggle
 * (`toggle(items, item)` answers the list with the item added or removed).
 * `ready` is false while server-rendered, when nothing can be known yet.
 */
export function useStoredList<T extends string>(
  key: string,
  parse: (text: string | null) => T[],
  toggleIn: (items: readonly T[], item: T) => T[],
): { items: T[]; ready: boolean; toggle: (item: T) => void } {
  const subscribe = useCallback(
    (onChange: () => void) => {
      // `storage` fires for other tabs; our own writes announce themselves with the list's event.
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
  const read = useCallback(() => readText(key), [key]);
  const text = useSyncExternalStore(subscribe, read, () => undefined);
  const items = useMemo(() => parse(text ?? null), [parse, text]);
  const toggle = useCallback(
    (item: T) => {
      const next = toggleIn(parse(readText(key)), item);
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // storage disabled or full: the change can't be kept; the button stays as it was
      }
      window.dispatchEvent(new Event(changeEvent(key)));
    },
    [key, parse, toggleIn],
  );
  return { items, ready: text !== undefined, toggle };
}

const changeEvent = (key: string) => `chorus:stored:${key}`;

function readText(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: the list is empty
  }
}
