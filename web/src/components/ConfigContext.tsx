"use client";
import { createContext, useContext } from "react";
import type { PublicConfig } from "@/lib/config";

const PublicConfigContext = createContext<PublicConfig | null>(null);

export const PublicConfigProvider = PublicConfigContext.Provider;

/** The runtime configuration the server handed to this page (URLs of indexer, gateway, worker, chain). */
export function usePublicConfig(): PublicConfig {
  const config = useContext(PublicConfigContext);
  if (!config) throw new Error("usePublicConfig() outside <Providers>");
  return config;
}
