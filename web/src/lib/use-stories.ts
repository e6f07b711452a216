"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { getBlock } from "wagmi/actions";
import { usePublicConfig } from "@/components/ConfigContext";
import { callIndexer } from "./indexer";
import { chainNow, FOLLOWS_KEY, parseFollows, toggleFollow, type Story } from "./stories";

/** Hooks of the stories bar, viewer and creator pages: follows in this browser, the chain's clock, live stories. */

const FOLLOWS_EVENT = "chorus:follows";

function subscribeFollows(onChange: () => void): () => void {
  // `storage` fires for other tabs; our own writes announce themselves with FOLLOWS_EVENT.
  window.addEventListener("storage", onChange);
  window.addEventListener(FOLLOWS_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(FOLLOWS_EVENT, onChange);
  };
}

function readFollowsText(): string | null {
  try {
    return window.localStorage.getItem(FOLLOWS_KEY);
  } catch {
    return null; // storage disabled: nobody is followed
  }
}

/**
 * The creators this browser follows (localStorage `chorus.follows.creators`, no wallet, no server) and a toggle.
 * `ready` is false while server-rendered, when nothing can be known yet.
 */
export function useFollows(): { follows: Address[]; ready: boolean; toggle: (creator: Address) => void } {
  const text = useSyncExternalStore(subscribeFollows, readFollowsText, () => undefined);
  const follows = useMemo(() => parseFollows(text ?? null), [text]);
  const toggle = useCallback((creator: Address) => {
    const next = toggleFollow(parseFollows(readFollowsText()), creator);
    try {
      window.localStorage.setItem(FOLLOWS_KEY, JSON.stringify(next));
    } catch {
      // storage disabled or full: the follow can't be kept; the button stays as it was
    }
    window.dispatchEvent(new Event(FOLLOWS_EVENT));
  }, []);
  return { follows, ready: text !== undefined, toggle };
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
