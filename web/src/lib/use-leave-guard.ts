"use client";
import { useEffect } from "react";

/**
 * Asks before the person leaves the page while `message` says what they would lose: the browser's own prompt when the
 * tab is closed, reloaded or sent to another site (`beforeunload`, which ignores our text), and `message` in a confirm
 * dialog for a click on an in-app link — Next.js's client-side navigation fires no `beforeunload`, so without this an
 * in-app link left silently. The listener runs in the capture phase on the document, before Next's `<Link>` handler,
 * and stops the click when the person chooses to stay.
 */
export function useLeaveGuard(message: string | null) {
  useEffect(() => {
    if (!message) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute("download")) return;
      if (anchor.target && anchor.target !== "_self") return; // a new tab leaves nothing behind
      const to = new URL(anchor.href, window.location.href);
      if (to.origin !== window.location.origin) return; // a full navigation: beforeunload asks
      if (to.pathname === window.location.pathname && to.search === window.location.search) return; // same page
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [message]);
}
