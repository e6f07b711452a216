"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { cookieToInitialState, WagmiProvider } from "wagmi";
import type { PublicConfig } from "@/lib/config";
import { makeWagmiConfig } from "@/lib/wagmi";
import { PublicConfigProvider } from "./ConfigContext";

/**
 * Everything client-side hangs off this: the runtime config (from the server, as props), wagmi and react-query.
 * `wagmiCookie` is only wagmi's own cookie, so the first render already knows whether a wallet is connected.
 */
export function Providers({
  config,
  wagmiCookie,
  children,
}: {
  config: PublicConfig;
  wagmiCookie: string | null;
  children: ReactNode;
}) {
  const [wagmiConfig] = useState(() => makeWagmiConfig(config));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  const [initialState] = useState(() => cookieToInitialState(wagmiConfig, wagmiCookie));
  return (
    <PublicConfigProvider value={config}>
      <WagmiProvider config={wagmiConfig} initialState={initialState}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </WagmiProvider>
    </PublicConfigProvider>
  );
}
