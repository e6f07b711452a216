"use client";
import type { PlaylistEntry } from "@chorus/protocol";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { NextPageButton } from "@/components/NextPageButton";
import { entryOf, toggleEntry } from "@/lib/channel-playlists";
import { callIndexer, type Video } from "@/lib/indexer";
import styles from "./ChannelPlaylistsForm.module.css";

const PAGE_SIZE = 50;

/**
 * The channel's released videos to tick for a playlist: newest first, a page at a time ("Load more" for older ones), or
 * those whose title matches what the member types (the indexer's /search with the channel filter). Ticking adds a
 * video at the end of `chosen`, unticking takes it out; chosen videos stay chosen when the list shows others.
 */
export function ChannelVideoPicker({
  channelId,
  chosen,
  onChange,
}: {
  channelId: string;
  chosen: readonly PlaylistEntry[];
  onChange: (entries: PlaylistEntry[]) => void;
}) {
  const id = useId();
  const config = usePublicConfig();
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const videos = useInfiniteQuery({
    queryKey: ["channel-videos-for-playlists", channelId, q],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }): Promise<{ items: Video[]; nextCursor: string | null }> => {
      const cursor = pageParam ? { cursor: pageParam } : {};
      if (!q) {
        const page = await callIndexer(
          config.indexerUrl,
          "listVideos",
          { query: { channel: channelId, limit: PAGE_SIZE, ...cursor } },
          signal,
        );
        if (!page.ok) throw new Error(page.error);
        return page.data;
      }
      const page = await callIndexer(
        config.indexerUrl,
        "search",
        { query: { q, type: "videos", channel: channelId, limit: PAGE_SIZE, ...cursor } },
        signal,
      );
      if (!page.ok) throw new Error(page.error);
      return {
        items: page.data.items.flatMap((hit) => (hit.kind === "video" ? [hit.video] : [])),
        nextCursor: page.data.nextCursor,
      };
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = videos.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="field">
        <label htmlFor={`${id}-q`}>Find the channel&apos;s videos by title</label>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          placeholder="All of them, newest first"
          data-testid="channel-video-search"
        />
      </div>
      {videos.isPending ? (
        <p className="muted">Loading the channel&apos;s videos…</p>
      ) : videos.isError && items.length === 0 ? (
        <p className="field-error" role="alert">
          The channel&apos;s videos couldn&apos;t be loaded: {videos.error.message} Try again in a minute.{" "}
          <button type="button" className="btn btn-small" onClick={() => void videos.refetch()}>
            Try again
          </button>
        </p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="channel-videos-none">
          {q
            ? `None of the channel's videos matches “${q}”. Try other words, or clear the search to see them all.`
            : "The channel hasn't released a video yet."}
        </p>
      ) : (
        <fieldset className={styles.videos}>
          <legend>{q ? `Its videos matching “${q}”` : "Its videos, newest first"} — in the order you tick them</legend>
          {items.map((v) => {
            const entry = entryOf(v);
            const at = chosen.findIndex((e) => e.videoId === v.id);
            return (
              <label key={v.id} className={styles.video}>
                <input
                  type="checkbox"
                  checked={at >= 0}
                  onChange={() => onChange(toggleEntry(chosen, entry))}
                  data-testid="channel-video-choice"
                />
                <span className={styles.videoTitle}>{entry.title}</span>
                {at >= 0 ? <span className="muted">#{at + 1}</span> : null}
              </label>
            );
          })}
          <NextPageButton pages={videos} className="btn btn-small" testId="channel-videos-more" />
          {videos.isFetchNextPageError ? (
            <p className="field-error" role="alert">
              More videos couldn&apos;t be loaded: {videos.error?.message} Try again in a minute.
            </p>
          ) : null}
        </fieldset>
      )}
    </div>
  );
}
