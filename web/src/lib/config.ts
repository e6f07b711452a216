import { z } from "zod";
import { type InstanceSettings, instanceEnvShape, instanceFrom } from "./instance";

/**
 * Runtime configuration. The app is built once and started against different ports (tests use free ones), so every URL
 * is read from the server's environment at request time — never inlined at build time through NEXT_PUBLIC_*. The root
 * layout hands the public part to the client as props (see components/Providers.tsx).
 *
 * Everything here is public by nature (the browser talks to these services directly); nothing secret belongs in it.
 */

export const DEFAULTS = {
  CHAIN_RPC_URL: "http://127.0.0.1:8545",
  CHAIN_ID: 31337,
  INDEXER_URL: "http://127.0.0.1:42069",
  IPFS_GATEWAY_URL: "http://127.0.0.1:8080",
  WORKER_URL: "http://127.0.0.1:8700",
  KUBO_RPC_URL: "http://127.0.0.1:5001",
} as const;

/** An empty variable (`FOO=` in a .env file) means "unset", so the default applies. */
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const httpUrlString = (name: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.search === "" && url.hash === "";
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL without query or fragment, like http://127.0.0.1:8080`)
    // Paths are appended to these bases: no trailing slash, so `${base}/videos` never has "//".
    .transform((value) => value.replace(/\/+$/, ""));

/** A required URL with a default (empty = default). */
const httpUrl = (name: string, fallback: string) => z.preprocess(unsetIfEmpty, httpUrlString(name).default(fallback));
/** An optional URL (empty = none). */
const optionalHttpUrl = (name: string) => z.preprocess(unsetIfEmpty, httpUrlString(name).optional());

const envSchema = z.object({
  CHAIN_RPC_URL: httpUrl("CHAIN_RPC_URL", DEFAULTS.CHAIN_RPC_URL),
  CHAIN_ID: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "CHAIN_ID must be a number, like 31337" })
      .int("CHAIN_ID must be a whole number, like 31337")
      .positive("CHAIN_ID must be positive, like 31337")
      .default(DEFAULTS.CHAIN_ID),
  ),
  CHAIN_NAME: z.preprocess(
    unsetIfEmpty,
    z.string().trim().max(64, "CHAIN_NAME must be at most 64 characters").optional(),
  ),
  INDEXER_URL: httpUrl("INDEXER_URL", DEFAULTS.INDEXER_URL),
  IPFS_GATEWAY_URL: httpUrl("IPFS_GATEWAY_URL", DEFAULTS.IPFS_GATEWAY_URL),
  WORKER_URL: httpUrl("WORKER_URL", DEFAULTS.WORKER_URL),
  EXPLORER_URL: optionalHttpUrl("EXPLORER_URL"),
  // "1": the player exposes itself on `window.__chorusPlayer` for the browser tests; anything else (the default): not.
  CHORUS_TEST_HOOKS: z.preprocess(
    unsetIfEmpty,
    z.enum(["0", "1"], { error: "CHORUS_TEST_HOOKS must be 1 or 0 (or unset)" }).optional(),
  ),
  // Server only (never sent to the browser): the IPFS node's RPC API, through which /api/ipfs adds documents.
  KUBO_RPC_URL: httpUrl("KUBO_RPC_URL", DEFAULTS.KUBO_RPC_URL),
  // Server only: the instance's name, logo, accent and scope (instance.ts), rendered into the pages.
  ...instanceEnvShape,
});

/** What the browser needs: passed from the root layout to the client once per request. */
export interface PublicConfig {
  chainId: number;
  chainName: string;
  chainRpcUrl: string;
  indexerUrl: string;
  gatewayUrl: string;
  workerUrl: string;
  /** A block explorer's base URL (`${explorerUrl}/tx/<hash>`), or null when there is none (the local chain). */
  explorerUrl: string | null;
  /** Test hooks on `window` (CHORUS_TEST_HOOKS=1, set by the browser tests); off in production. */
  testHooks: boolean;
}

export type ConfigResult = { ok: true; config: PublicConfig } | { ok: false; problems: string[] };

export const LOCAL_CHAIN_ID = 31337;

/** A readable default name for a chain nobody named. */
function defaultChainName(chainId: number): string {
  return chainId === LOCAL_CHAIN_ID ? "Local chain (Anvil)" : `Chain ${chainId}`;
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join(".");
    return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  });
}

/** Validates an environment (process.env, or a plain object in tests). Pure: no I/O, no globals. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const e = parsed.data;
  return {
    ok: true,
    config: {
      chainId: e.CHAIN_ID,
      chainName: e.CHAIN_NAME ?? defaultChainName(e.CHAIN_ID),
      chainRpcUrl: e.CHAIN_RPC_URL,
      indexerUrl: e.INDEXER_URL,
      gatewayUrl: e.IPFS_GATEWAY_URL,
      workerUrl: e.WORKER_URL,
      explorerUrl: e.EXPLORER_URL ?? null,
      testHooks: e.CHORUS_TEST_HOOKS === "1",
    },
  };
}

/**
 * The instance settings (name, logo, accent, scope): server only, rendered into the pages. Validated with the whole
 * environment, as parseConfig does, so both agree on what is wrong.
 */
export function parseInstance(
  env: Record<string, string | undefined>,
): { ok: true; instance: InstanceSettings } | { ok: false; problems: string[] } {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, instance: instanceFrom(parsed.data, parsed.data.IPFS_GATEWAY_URL) };
}

/**
 * The server-only part of the configuration: the IPFS RPC API, which must never reach a browser (it can add, pin and
 * delete anything). Validated with the rest by parseConfig, so a bad value shows the misconfiguration page.
 */
export function parseServerOnlyConfig(
  env: Record<string, string | undefined>,
): { ok: true; kuboRpcUrl: string } | { ok: false; problems: string[] } {
  const parsed = envSchema.shape.KUBO_RPC_URL.safeParse(env.KUBO_RPC_URL);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => issue.message) };
  return { ok: true, kuboRpcUrl: parsed.data };
}
