"use client";
import { useQuery } from "@tanstack/react-query";
import { erc20Abi, getAddress, type Address } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import {
  ETH_INFO,
  formatAmount,
  isEth,
  parseToken,
  READING_TOKEN,
  unreadableToken,
  type TokenInfo,
  type TokenRead,
} from "@/lib/money";
import { readEarningsLimits } from "@/tx/paymentsTx";
import { usePublicConfig } from "../ConfigContext";

/** The contract's limits the forms check as one types (the message cap…), read once per page. */
export function useEarningsLimits() {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["earnings-limits", config.chainId],
    staleTime: Infinity,
    queryFn: () => readEarningsLimits(wagmiConfig, config),
  });
}

/** A token's symbol and decimals: ETH at once, an ERC-20 read from its contract (cached). */
export function useToken(address: Address | null) {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["token", config.chainId, address?.toLowerCase()],
    enabled: address !== null,
    // ETH needs no read: known on the first render, the server's included.
    initialData: address !== null && isEth(address) ? ETH_INFO : undefined,
    staleTime: Infinity,
    retry: false,
    queryFn: () => readToken(wagmiConfig, config.chainId, address!),
  });
}

/** The token typed in a form's field ("" or "ETH", else an ERC-20's address), as read from the chain so far. */
export function useTypedToken(typed: string): TokenRead {
  const parsed = parseToken(typed);
  const query = useToken(parsed.ok ? parsed.token : null);
  return query.data
    ? { state: "read", token: query.data }
    : query.isError
      ? { state: "unreadable", error: unreadableToken(typed.trim()) }
      : { state: "reading" };
}

/**
 * Amounts of one token (ETH, or an ERC-20 by its address as the indexer gives it) as text: `format` gives "1.5 USDC"
 * once the token's decimals and symbol are read, "reading the token…" until then; `error` says when it can't be read.
 */
export function useTokenAmounts(token: string) {
  const query = useToken(getAddress(token));
  const info = query.data;
  const error = query.isError ? unreadableToken(token) : null;
  return {
    info,
    error,
    /** The token's symbol for labels, or its short state while unknown. */
    symbol: info?.symbol ?? (error ? "unreadable token" : READING_TOKEN),
    format: (amount: bigint | string): string =>
      info ? formatAmount(BigInt(amount), info) : error ? "amount unreadable" : READING_TOKEN,
  };
}

export async function readToken(
  wagmiConfig: ReturnType<typeof useConfig>,
  chainId: number,
  address: Address,
): Promise<TokenInfo> {
  if (isEth(address)) return ETH_INFO;
  try {
    const [symbol, decimals] = await Promise.all([
      readContract(wagmiConfig, { address, abi: erc20Abi, functionName: "symbol", chainId }),
      readContract(wagmiConfig, { address, abi: erc20Abi, functionName: "decimals", chainId }),
    ]);
    return { address, symbol, decimals };
  } catch {
    throw new Error("no ERC-20 token answers at that address on this chain.");
  }
}
