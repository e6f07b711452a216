"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { callIndexer, type Video } from "@/lib/indexer";
import { type Candidate, candidateOf, type Recommendation, recommend } from "@/lib/recommend";
import { useWatchHistory } from "@/lib/use-history";

type VideoCandidate = Candidate & { video: Video };

/**
 * Recommendations for this browser's history (plus `current`, the video being watched, as the newest watch), from
 * candidates every viewer gets alike: the newest 100 videos, and `current`'s creator's and channel's. Nothing about the
 * viewer goes to the indexer but which creator's and channel's videos the page asks for — which the watch page asks
 * anyway.
 */
export function useRecommendations(current: Video | null, limit: number) {
  const config = usePublicConfig();
  const { history, ready, record, clear } = useWatchHistory();
  const candidates = useQuery({
    queryKey: ["recommend-candidates", current?.id ?? null],
    enabled: ready && (current !== null || history.length > 0),
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const lists = await Promise.all([
        callIndexer(config.indexerUrl, "listVideos", { query: { limit: 100 } }, signal),
        current
          ? callIndexer(config.indexerUrl, "listVideos", { query: { creator: current.creator, limit: 50 } }, signal)
          : null,
        current?.release
          ? callIndexer(
              config.indexerUrl,
              "listVideos",
              { query: { channel: current.release.channelId, limit: 50 } },
              signal,
            )
          : null,
      ]);
      if (!lists[0]?.ok) throw new Error(lists[0]?.error ?? "The catalogue couldn't be read.");
      return lists.flatMap((l) => (l?.ok ? l.data.items : []));
    },
  });
  const recommendations = useMemo((): Recommendation<VideoCandidate>[] => {
    if (!candidates.data) return [];
    const pool = candidates.data.map((video) => ({ ...candidateOf(video), video }));
    const watching = current ? [{ ...candidateOf(current), at: Date.now() + 1 }] : [];
    return recommend([...history, ...watching], pool, { limit, exclude: current ? [current.id] : [] });
  }, [candidates.data, history, current, limit]);
  return {
    recommendations,
    /** Videos to show when nothing resembles the history: the newest, said as such. */
    newest: (candidates.data ?? []).filter((v) => v.id !== current?.id).slice(0, limit),
    loading: !ready || candidates.isPending,
    error: candidates.error?.message ?? null,
    history,
    record,
    clear,
  };
}
