"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { getBlock } from "wagmi/actions";
import { usePublicConfig } from "@/components/ConfigContext";
import { callIndexer } from "./indexer";
import { chainNow, FOLLOWS_KEY, parseFollows, type Story, toggleFollow } from "./stories";
import { useStoredList } from "./use-stored-list";

/** Hooks of the stories bar, viewer and creator pages: follows in this browser, the chain's clock, live stories. */

/**
 * The creators this browser follows (localStorage `chorus.follows.creators`, no wallet, no server) and a toggle: the
 * stories bar and the subscriptions feed read the same list. `ready` is false while server-rendered.
 */
export function useFollows(): { follows: Address[]; ready: boolean; toggle: (creator: Address) => void } {
  const { items, ready, toggle } = useStoredList<Address>(FOLLOWS_KEY, parseFollows, toggleFollow);
  return { follows: items, ready, toggle };
}

/**
 * "Now" in seconds by the chain's clock (lib/stories.ts `chainNow`), ticking every second; the latest block is read
 * every 5 s. Before the first block is read it is the browser's clock.
 */
export function useChainNow(): number {
  const wagmiConfig = useConfig();
  const { chainId } = usePublicConfig();
  const block = useQuery({
    queryKey: ["chain-now", chainId],
    queryFn: async () => {
      const latest = await getBlock(wagmiConfig, { chainId });
      return { blockTime: Number(latest.timestamp), readAt: Date.now() };
    },
    refetchInterval: 5000,
    retry: false,
  });
  const [wall, setWall] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWall(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return chainNow(block.data ?? null, wall);
}

/** Live stories from the indexer (the newest 100), refreshed every 15 s; `creator` narrows to one creator's. */
export function useLiveStories(creator?: Address) {
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["stories", "live", creator ?? "everyone"],
    queryFn: async ({ signal }): Promise<Story[]> => {
      const page = await callIndexer(
        config.indexerUrl,
        "listStories",
        { query: { live: "1", limit: 100, creator: creator ?? null } },
        signal,
      );
      if (!page.ok) throw new Error(page.error);
      return page.data.items;
    },
    refetchInterval: 15_000,
  });
}
