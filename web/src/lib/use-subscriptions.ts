"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { callIndexer, videoTitle } from "./indexer";
import {
  CHANNEL_FOLLOWS_KEY,
  isSubscribedStream,
  type Notice,
  parseChannelFollows,
  streamNotice,
  toggleChannelFollow,
  videoNotice,
} from "./subscriptions";
import { useFollows } from "./use-stories";
import { useStoredList } from "./use-stored-list";

/** The creators this browser follows and the channels it subscribes to (lib/subscriptions.ts), with toggles. */
export function useSubscriptions() {
  const creators = useFollows();
  const channels = useStoredList<string>(CHANNEL_FOLLOWS_KEY, parseChannelFollows, toggleChannelFollow);
  return {
    creators: creators.follows,
    channels: channels.items,
    ready: creators.ready && channels.ready,
    none: creators.follows.length === 0 && channels.items.length === 0,
    toggleCreator: creators.toggle,
    toggleChannel: channels.toggle,
  };
}

/** How often an open page asks the indexer for new videos and streams of the subscriptions (the bell's promptness). */
const NOTICES_REFRESH_MS = 15_000;

/**
 * What the bell shows: the newest videos of the subscriptions (one feed request) and their streams live now, newest
 * first, refreshed every NOTICES_REFRESH_MS while a page is open. The indexer serves everyone the same data; what
 * the viewer follows never leaves the request's query string.
 */
export function useNotices(): {
  notices: Notice[];
  /** The subscriptions the notices were asked for (null before the first answer). */
  forSubscriptions: { creators: string[]; channels: string[] } | null;
  error: string | null;
  ready: boolean;
} {
  const config = usePublicConfig();
  const subs = useSubscriptions();
  const query = useQuery({
    queryKey: ["notices", subs.creators, subs.channels],
    enabled: subs.ready && !subs.none,
    refetchInterval: NOTICES_REFRESH_MS,
    queryFn: async ({ signal }) => {
      const [videos, streams] = await Promise.all([
        callIndexer(
          config.indexerUrl,
          "listVideos",
          { query: { creators: subs.creators, channels: subs.channels, limit: 20 } },
          signal,
        ),
        callIndexer(config.indexerUrl, "listStreams", { query: { live: "1", limit: 100 } }, signal),
      ]);
      if (!videos.ok) throw new Error(videos.error);
      const live = streams.ok
        ? streams.data.items.filter((s) => isSubscribedStream(s, subs.creators, subs.channels)).map(streamNotice)
        : [];
      const notices = [...live, ...videos.data.items.map((v) => videoNotice(v, videoTitle(v)))].sort(
        (a, b) => b.at - a.at,
      );
      // The subscriptions these notices are for: the bell settles what is news against them, not the current ones.
      return { notices, creators: subs.creators, channels: subs.channels };
    },
  });
  const notices = useMemo(() => query.data?.notices ?? [], [query.data]);
  // One object per answer: the bell settles what is news in an effect keyed on it, so a fresh object every render would
  // re-run that effect after every render, forever, and starve the rest of the page's hydration.
  const forSubscriptions = useMemo(
    () => (query.data ? { creators: query.data.creators, channels: query.data.channels } : null),
    [query.data],
  );
  return {
    notices,
    forSubscriptions,
    error: query.error ? query.error.message : null,
    ready: subs.ready && (subs.none || query.data !== undefined || query.isError),
  };
}
