import { connection } from "next/server";
import { ConfigError } from "@chorus/protocol/env";
import { parseConfig, parseInstance, parseServerOnlyConfig, type PublicConfig } from "./config";
import type { InstanceSettings } from "./instance";

/**
 * The configuration, read from the environment of the running server — at request time, never at build time.
 * `connection()` marks whatever calls this as dynamic, so a prerender can never freeze the build machine's URLs.
 * Throws ConfigError (with every problem listed) when a variable is invalid.
 */
export async function getServerConfig(): Promise<PublicConfig> {
  await connection();
  const result = parseConfig(process.env);
  if (!result.ok) throw new ConfigError("Chorus web", result.problems);
  return result.config;
}

/** The IPFS node's RPC API (KUBO_RPC_URL), for server code only: route handlers that add documents. */
export function getKuboRpcUrl(): string {
  const result = parseServerOnlyConfig(process.env);
  if (!result.ok) throw new ConfigError("Chorus web", result.problems);
  return result.kuboRpcUrl;
}

/** This instance's name, logo, accent and scope (INSTANCE_*), read at request time like the rest. */
export async function getInstance(): Promise<InstanceSettings> {
  await connection();
  const result = parseInstance(process.env);
  if (!result.ok) throw new ConfigError("Chorus web", result.problems);
  return result.instance;
}
