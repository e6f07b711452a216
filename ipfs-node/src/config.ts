// The node's configuration as a process (`npm -w ipfs-node start`), read once through one zod schema
// (@chorus/protocol/env; .env.example documents each variable): a bad value stops the start with one
// message naming every variable at fault. Unset and empty variables take the defaults.
import { resolve } from "node:path";
import { byteSize, parseEnv, port, text, variable, wholeNumber, withDefault, z, type Env } from "@chorus/protocol/env";
import {
  DEFAULT_CACHE_QUOTA_BYTES,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_GATEWAY_TIMEOUT_MS,
  DEFAULT_RPC_PORT,
} from "./index.ts";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

const envSchema = z.object({
  IPFS_DATA_DIR: text("IPFS_DATA_DIR"),
  /** Set by npm to the directory it was run from. */
  INIT_CWD: text("INIT_CWD"),
  IPFS_RPC_PORT: withDefault(port("IPFS_RPC_PORT"), DEFAULT_RPC_PORT),
  IPFS_GATEWAY_PORT: withDefault(port("IPFS_GATEWAY_PORT"), DEFAULT_GATEWAY_PORT),
  IPFS_SWARM_PORT: withDefault(port("IPFS_SWARM_PORT"), 4001),
  IPFS_GATEWAY_TIMEOUT_MS: withDefault(
    wholeNumber("IPFS_GATEWAY_TIMEOUT_MS", { min: 1, max: 3_600_000 }),
    DEFAULT_GATEWAY_TIMEOUT_MS,
  ),
  IPFS_CACHE_QUOTA_BYTES: withDefault(byteSize("IPFS_CACHE_QUOTA_BYTES"), DEFAULT_CACHE_QUOTA_BYTES),
  IPFS_INDEXER_URL: variable("IPFS_INDEXER_URL", "an http(s) base URL like http://127.0.0.1:42069", (raw) =>
    /^https?:\/\/[^/?#]+\/?$/.test(raw) ? raw : undefined,
  ),
  IPFS_FOLLOW_SYNC_MS: withDefault(wholeNumber("IPFS_FOLLOW_SYNC_MS", { min: 1_000, max: 86_400_000 }), 60_000),
});

/** What `startIpfsNode` takes from the environment (all but `log`). */
export function loadConfig(env: Env = process.env) {
  const e = parseEnv(envSchema, env, { service: "ipfs-node", hint: "see ipfs-node/.env.example" });
  return {
    // `npm -w ipfs-node start` runs in the workspace folder: a relative IPFS_DATA_DIR is resolved from where npm was
    // invoked (INIT_CWD), as the user expects.
    dataDir:
      e.IPFS_DATA_DIR !== undefined
        ? resolve(e.INIT_CWD ?? process.cwd(), e.IPFS_DATA_DIR)
        : resolve(REPO_ROOT, ".chorus", "ipfs"),
    rpcPort: e.IPFS_RPC_PORT,
    gatewayPort: e.IPFS_GATEWAY_PORT,
    swarmPort: e.IPFS_SWARM_PORT,
    gatewayTimeoutMs: e.IPFS_GATEWAY_TIMEOUT_MS,
    cacheQuotaBytes: e.IPFS_CACHE_QUOTA_BYTES,
    ...(e.IPFS_INDEXER_URL === undefined
      ? {}
      : { indexerUrl: e.IPFS_INDEXER_URL, followSyncMs: e.IPFS_FOLLOW_SYNC_MS }),
  };
}
