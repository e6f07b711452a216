import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while the page is server-rendered HTML that React has not hydrated yet, true once it has. Action buttons stay
 * disabled until then: a click before hydration would be lost (a plain button) or submit the form natively and reload
 * the page, dropping what the user typed.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
