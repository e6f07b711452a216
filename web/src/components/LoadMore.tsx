"use client";
import { useEffect, useRef, useState } from "react";
import { callIndexer, type Video } from "@/lib/indexer";
import { usePublicConfig } from "./ConfigContext";
import { VideoGrid } from "./VideoCard";

interface Saved {
  videos: Video[];
  cursor: string | null;
}

/**
 * "Load more" for a catalogue grid: fetches the next pages straight from the indexer (newest first, following `nextCursor`).
 * What was loaded is kept in sessionStorage, so coming back to the page restores the same list instead of page one.
 */
export function LoadMore({
  initialCursor,
  creator,
  channel,
  sources,
  pageSize = 24,
}: {
  initialCursor: string;
  creator?: string;
  channel?: string;
  /** An instance's scope: videos from any of these channels, creators or tags. */
  sources?: { channels?: string[]; creators?: string[]; tags?: string[] };
  pageSize?: number;
}) {
  const config = usePublicConfig();
  const feed = channel ? `channel-${channel}` : (creator ?? (sources ? `scope-${JSON.stringify(sources)}` : "all"));
  const storageKey = `chorus.feed:${feed}:${initialCursor}`;
  const [videos, setVideos] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(initialCursor);
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  const restored = useRef(false);

  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    try {
      const raw = sessionStorage.getItem(storageKey);
      if (!raw) return;
      const saved = JSON.parse(raw) as Saved;
      if (Array.isArray(saved.videos) && saved.videos.length > 0) {
        setVideos(saved.videos);
        setCursor(saved.cursor);
      }
    } catch {
      // A broken entry just means starting from the first page.
    }
  }, [storageKey]);

  const load = async () => {
    if (!cursor) return;
    setState("loading");
    setError(null);
    const result = await callIndexer(config.indexerUrl, "listVideos", {
      query: { limit: pageSize, cursor, creator, channel, ...sources },
    });
    if (!result.ok) {
      setState("error");
      setError(
        result.status === null
          ? "Couldn't reach the catalogue. Check your connection (or that the indexer is running) and try again."
          : `The catalogue couldn't load more videos: ${result.error} Try again in a moment.`,
      );
      return;
    }
    const seen = new Set(videos.map((v) => v.id));
    const next = [...videos, ...result.data.items.filter((v) => !seen.has(v.id))];
    setVideos(next);
    setCursor(result.data.nextCursor);
    setState("idle");
    try {
      sessionStorage.setItem(
        storageKey,
        JSON.stringify({ videos: next, cursor: result.data.nextCursor } satisfies Saved),
      );
    } catch {
      // Storage full or disabled: the list still works, it just won't survive navigation.
    }
  };

  return (
    <>
      {videos.length > 0 ? (
        <div style={{ marginTop: 28 }}>
          <VideoGrid videos={videos} gateway={config.gatewayUrl} showCreator={!creator} />
        </div>
      ) : null}
      <div className="load-more">
        <p role="status" aria-live="polite" className={cursor ? undefined : "end"}>
          {state === "loading"
            ? "Loading more videos…"
            : error
              ? error
              : cursor
                ? ""
                : "You've reached the first video ever published here."}
        </p>
        {cursor ? (
          <button type="button" className="btn" onClick={load} disabled={state === "loading"}>
            {state === "loading" ? "Loading…" : state === "error" ? "Try again" : "Load more"}
          </button>
        ) : null}
      </div>
    </>
  );
}
