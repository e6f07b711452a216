"use client";
import type { Account } from "@chorus/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { callIndexer } from "./indexer";

/**
 * Who an address says it is, from the indexer's `/accounts/{address}`, through react-query's cache: one request per
 * address per page however many places show it (a page of 24 cards by 3 creators asks 3 times), kept a minute.
 * Answers that already carry accounts (comments) seed the cache with `useSeedAccounts`, so their authors cost nothing.
 */

const accountKey = (address: string) => ["account", address.toLowerCase()] as const;
const STALE_MS = 60_000;

export function useAccountInfo(address: string | undefined) {
  const config = usePublicConfig();
  return useQuery({
    queryKey: accountKey(address ?? ""),
    enabled: Boolean(address),
    staleTime: STALE_MS,
    queryFn: async ({ signal }): Promise<Account | null> => {
      const result = await callIndexer(config.indexerUrl, "getAccount", { params: { address: address! } }, signal);
      // An indexer that can't be reached leaves the short address: a name is a courtesy, never a blocker.
      return result.ok ? result.data : null;
    },
  });
}

/** Puts accounts a page already has into the cache (newer data wins: these came with the page's own answer). */
export function useSeedAccounts(accounts: readonly Account[]) {
  const client = useQueryClient();
  useEffect(() => {
    for (const account of accounts) client.setQueryData(accountKey(account.address), account);
  }, [client, accounts]);
}

/** Forgets what the cache knows of an address (after it set a nickname or claimed a handle). */
export function useRefreshAccount() {
  const client = useQueryClient();
  return (address: string) => client.invalidateQueries({ queryKey: accountKey(address) });
}
