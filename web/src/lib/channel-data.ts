"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { readContract } from "wagmi/actions";
import { useConfig } from "wagmi";
import { channelsAbi, channelsAddress } from "./contracts";
import { channelMetadataSchema, videoManifestSchema } from "@chorus/protocol";
import { fetchPolicyText, policyProblem } from "./policy";
import { usePublicConfig } from "@/components/ConfigContext";

/** Client-side reads for channel pages: documents from the IPFS gateway (immutable by CID) and eligibility from the chain. */

/** A policy document's text by CID (cached forever: a CID names fixed bytes). */
export function usePolicyText(cid: string | null) {
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["policy-text", cid],
    enabled: Boolean(cid),
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const result = await fetchPolicyText(config.gatewayUrl, cid!, signal);
      if (!result.ok) throw new Error(policyProblem(result.reason));
      return result.text;
    },
  });
}

async function gatewayJson(gateway: string, path: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(`${gateway}/ipfs/${path}`, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
  });
  if (!response.ok) throw new Error(`The IPFS gateway answered ${response.status}.`);
  const length = Number(response.headers.get("content-length"));
  if (Number.isFinite(length) && length > 256 * 1024) throw new Error("The document is too large.");
  return response.json();
}

/** A submitted video's manifest (title, thumbnail, playlists), for showing it before it is released. */
export function useManifest(cid: string | null) {
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["manifest", cid],
    enabled: Boolean(cid) && /^[a-zA-Z0-9]+$/.test(cid ?? ""),
    staleTime: Infinity,
    retry: 1,
    queryFn: async ({ signal }) => {
      const parsed = videoManifestSchema.safeParse(
        await gatewayJson(config.gatewayUrl, `${cid}/manifest.json`, signal),
      );
      if (!parsed.success) throw new Error("This isn't a valid Chorus video manifest.");
      return parsed.data;
    },
  });
}

/** A proposed metadata document (name, description). */
export function useChannelMetadata(cid: string | null) {
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["channel-metadata", cid],
    enabled: Boolean(cid) && /^[a-zA-Z0-9]+$/.test(cid ?? ""),
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const parsed = channelMetadataSchema.safeParse(await gatewayJson(config.gatewayUrl, cid!, signal));
      if (!parsed.success) throw new Error("This isn't a valid channel metadata document.");
      return parsed.data;
    },
  });
}

/** Whether `account` may vote on a proposal (a member at its snapshot), from the contract itself. */
export function useEligibility(proposalId: string, account: string | undefined, enabled = true) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  return useQuery({
    queryKey: ["eligible", proposalId, account],
    enabled: Boolean(account) && enabled,
    staleTime: Infinity, // a snapshot never changes
    queryFn: async () => {
      const address = channelsAddress(config.chainId);
      if (!address) return false;
      return readContract(wagmiConfig, {
        address,
        abi: channelsAbi,
        functionName: "isEligible",
        args: [BigInt(proposalId), account as `0x${string}`],
        chainId: config.chainId,
      });
    },
  });
}

/** After a change is indexed: refetch proposals, the review queue, and the server-rendered parts of the page. */
export function useRefreshChannel() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ["proposals"] });
    void queryClient.invalidateQueries({ queryKey: ["review"] });
    void queryClient.invalidateQueries({ queryKey: ["channels"] });
    router.refresh();
  }, [queryClient, router]);
}
