"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { AccountName } from "@/components/AccountName";
import { BellIcon } from "@/components/Icons";
import { TimeAgo } from "@/components/TimeAgo";
import {
  markSeen,
  type Notice,
  NOTIFICATIONS_SEEN_KEY,
  parseSeen,
  type Seen,
  settleSeen,
  unread as unreadOf,
} from "@/lib/subscriptions";
import { readStoredText } from "@/lib/use-stored-list";
import { useNotices, useSubscriptions } from "@/lib/use-subscriptions";
import styles from "./Subscriptions.module.css";

/**
 * The top bar's bell: new videos and live streams of this browser's subscriptions (lib/use-subscriptions.ts, asked of
 * the indexer every 15 s while a page is open), the unread count since the bell was last opened, and — if the viewer
 * allows it — a browser notification for each new one while the tab is in the background. No wallet.
 */
export function NotificationBell() {
  const subs = useSubscriptions();
  const { notices, forSubscriptions, error } = useNotices();
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState<Seen | null>(null);
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">("default");
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const notified = useRef<Set<string> | null>(null);
  const panelId = useId();

  useEffect(() => {
    setSeen(parseSeen(readStoredText(NOTIFICATIONS_SEEN_KEY)));
    setPermission(typeof Notification === "undefined" ? "unsupported" : Notification.permission);
  }, []);

  const keep = (next: Seen) => {
    setSeen(next);
    writeStorage(NOTIFICATIONS_SEEN_KEY, JSON.stringify(next));
  };
  // Each answer settles what is news against the subscriptions it was asked for (lib/subscriptions.ts, settleSeen).
  // biome-ignore lint/correctness/useExhaustiveDependencies: settles once per answer
  useEffect(() => {
    if (!forSubscriptions) return;
    const stored = parseSeen(readStoredText(NOTIFICATIONS_SEEN_KEY));
    const next = settleSeen(stored, forSubscriptions.creators, forSubscriptions.channels, notices);
    if (JSON.stringify(next) !== JSON.stringify(stored)) keep(next);
    else setSeen((current) => (JSON.stringify(current) === JSON.stringify(stored) ? current : stored));
  }, [notices, forSubscriptions]);

  // A browser notification for each notice that arrives after the page has loaded, while the tab is hidden.
  useEffect(() => {
    if (!notified.current) {
      if (notices.length > 0) notified.current = new Set(notices.map((n) => n.id));
      return;
    }
    for (const notice of notices) {
      if (notified.current.has(notice.id)) continue;
      notified.current.add(notice.id);
      if (permission === "granted" && document.visibilityState === "hidden") showBrowserNotification(notice);
    }
  }, [notices, permission]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const unreadNotices = unreadOf(notices, seen);
  const unread = unreadNotices.length;
  // What was unread when the bell was opened stays marked as new while it is open.
  const [openedUnread, setOpenedUnread] = useState<string[]>([]);
  const toggle = () => {
    if (!open && seen) {
      setOpenedUnread(unreadNotices.map((n) => n.id));
      keep(markSeen(seen, notices));
    }
    setOpen(!open);
  };
  const allow = async () => setPermission(await Notification.requestPermission());

  return (
    <div className={styles.bell}>
      <button
        ref={button}
        type="button"
        className="btn btn-ghost nav-link"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        title="Notifications"
        onClick={toggle}
        data-testid="notifications-bell"
      >
        <BellIcon size={18} />
        {unread > 0 ? (
          <span className={styles.badge} data-testid="notifications-unread">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div ref={panel} id={panelId} className={`panel ${styles.panel}`} data-testid="notifications-panel">
          <strong>Notifications</strong>
          {subs.none ? (
            <p className="field-hint">
              Follow creators or subscribe to channels: their new videos and live streams show up here.{" "}
              <Link href="/channels" onClick={() => setOpen(false)}>
                Browse channels
              </Link>
            </p>
          ) : error ? (
            <p className="notice notice-error" role="alert">
              Couldn&apos;t check for new videos: {error} It tries again every 15 s.
            </p>
          ) : notices.length === 0 ? (
            <p className="field-hint">Nothing yet from the creators and channels you follow.</p>
          ) : (
            <ul className={styles.list}>
              {notices.map((n) => (
                <li key={n.id}>
                  <Link
                    href={n.href}
                    className={`${styles.notice} ${openedUnread.includes(n.id) ? styles.unread : ""}`}
                    onClick={() => setOpen(false)}
                    data-testid="notification"
                  >
                    {n.kind === "live" ? <span className={styles.live}>LIVE NOW</span> : null}
                    <span>{n.title}</span>
                    <span className="field-hint">
                      <AccountName address={n.creator} compact />
                      {n.channelName ? ` in ${n.channelName}` : ""} · <TimeAgo timestamp={n.at} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <div className="tx-actions">
            <Link href="/subscriptions" className="btn btn-small" onClick={() => setOpen(false)}>
              All subscriptions
            </Link>
            {permission === "default" ? (
              <button type="button" className="btn btn-small" onClick={() => void allow()}>
                Notify me in this browser too
              </button>
            ) : permission === "denied" ? (
              <span className="field-hint">
                Browser notifications are blocked for this site (your browser&apos;s site settings).
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function showBrowserNotification(notice: Notice) {
  try {
    const n = new Notification(notice.kind === "live" ? `Live now: ${notice.title}` : `New video: ${notice.title}`, {
      tag: notice.id,
    });
    n.onclick = () => {
      window.focus();
      window.location.assign(notice.href);
    };
  } catch {
    // Some browsers only notify from a service worker; the bell still counts it.
  }
}

function writeStorage(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the count starts over on the next page
  }
}
