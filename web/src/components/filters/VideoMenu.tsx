"use client";
import { useEffect, useId, useRef, useState } from "react";
import { useFilters } from "@/lib/filter-store";
import { videoTarget } from "@/lib/filters";
import { videoTitle, type Video } from "@/lib/indexer";
import { ReportDialog } from "./ReportDialog";
import styles from "./filters.module.css";

/**
 * A video's "⋮" menu (on its card and its watch page): mute its author, mute the channel that released it, report it
 * to a list. Keyboard: Enter or Space opens it with focus on the first item, ↑/↓ move, Escape closes it and returns
 * focus to the button. No wallet needed to mute; reporting asks for one.
 */
export function VideoMenu({ video, inline = false }: { video: Video; inline?: boolean }) {
  const { state, edit } = useFilters();
  const [open, setOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const title = videoTitle(video);
  const channel = video.release;
  const authorMuted = state.mutedAuthors.some((a) => a.toLowerCase() === video.creator.toLowerCase());
  const channelMuted = channel ? state.mutedChannels.includes(channel.channelId) : false;

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
    const away = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && event.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (event.key === "Tab") setOpen(false);
  };
  const act = (action: () => void) => () => {
    action();
    close();
  };

  return (
    <div className={inline ? `${styles.menuWrap} ${styles.menuInline}` : styles.menuWrap}>
      <button
        ref={buttonRef}
        type="button"
        className={`btn btn-ghost btn-small ${styles.menuButton}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={`More actions for ${title}`}
        data-testid="video-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">⋮</span>
        {inline ? <span>More</span> : null}
      </button>
      {open ? (
        <div ref={menuRef} id={`${id}-menu`} role="menu" className={styles.menu} onKeyDown={onKeyDown} tabIndex={-1}>
          <button
            type="button"
            role="menuitem"
            data-testid="mute-author"
            onClick={act(() => edit({ type: authorMuted ? "unmute-author" : "mute-author", address: video.creator }))}
          >
            {authorMuted ? "Unmute this author" : "Mute this author"}
          </button>
          {channel ? (
            <button
              type="button"
              role="menuitem"
              data-testid="mute-channel"
              onClick={act(() =>
                edit({ type: channelMuted ? "unmute-channel" : "mute-channel", channelId: channel.channelId }),
              )}
            >
              {channelMuted ? "Unmute" : "Mute"} the channel {channel.channelName?.trim() || `#${channel.channelId}`}
            </button>
          ) : null}
          <button type="button" role="menuitem" data-testid="report-video" onClick={act(() => setReporting(true))}>
            Report to a list…
          </button>
        </div>
      ) : null}
      {reporting ? (
        <ReportDialog
          target={videoTarget(video.id)}
          what={`the video “${title}”`}
          onClose={() => setReporting(false)}
        />
      ) : null}
    </div>
  );
}
