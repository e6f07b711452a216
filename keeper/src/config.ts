// The daemon's configuration from the environment (keeper/.env.example documents every variable), validated at start
// so that a mistake is one clear message, not a failure an hour later.
import path from "node:path";
import {
  byteSize,
  httpUrl,
  list,
  parseEnv,
  port,
  required,
  text,
  variable,
  wei,
  wholeNumber,
  withDefault,
  z,
  type Env,
} from "@chorus/protocol/env";
import { getAddress, isAddress, isHex, parseEther, zeroAddress, type Address, type Hex } from "viem";

export interface KeeperEnvConfig {
  privateKey: Hex;
  chainRpcUrl: string;
  escrowAddress: Address | undefined;
  dataDir: string;
  maxBytes: number;
  minPricePerPeriod: bigint;
  maxStakePerReplica: bigint;
  withdrawAbove: bigint;
  tokens: Address[];
  pollMs: number;
  fetchTimeoutMs: number;
  /** A node of its own unless a Kubo RPC URL is given. */
  ipfs:
    | { rpcUrl: string; gatewayUrl: string | undefined }
    | {
        embedded: { dataDir: string; rpcPort: number; gatewayPort: number; swarmPort: number; cacheQuotaBytes: number };
      };
  peers: string[];
  peersRetryMs: number;
  /** The key service of paid videos (keys.ts): 127.0.0.1 port, 0 = a free one. */
  keyPort: number;
}

export const CONFIG_DEFAULTS = {
  chainRpcUrl: "http://127.0.0.1:8545",
  /** `<repo>/.chorus/keeper`, beside the other services' data. */
  dataDir: path.resolve(import.meta.dirname, "..", "..", ".chorus", "keeper"),
  maxBytes: 10 * 1024 ** 3,
  minPricePerPeriod: 1n,
  maxStakePerReplica: parseEther("0.1"),
  withdrawAbove: 0n,
  pollMs: 2_000,
  fetchTimeoutMs: 10 * 60_000,
  peersRetryMs: 10_000,
} as const;

/** The embedded node's quota above KEEPER_MAX_BYTES: what viewers watch through the keeper's gateway. */
export const EMBEDDED_CACHE_HEADROOM_BYTES = 1024 ** 3;

const address = (raw: string) => (isAddress(raw) ? getAddress(raw) : undefined);

/** The keeper's variables (keeper/.env.example documents each); unset and empty ones take their defaults. */
const envSchema = z.object({
  KEEPER_PRIVATE_KEY: required(
    "KEEPER_PRIVATE_KEY",
    "the keeper's account key, 0x and 64 hex digits",
    variable(
      "KEEPER_PRIVATE_KEY",
      "0x followed by 64 hex digits",
      (raw) => (isHex(raw) && raw.length === 66 ? raw : undefined),
      { secret: true },
    ),
  ),
  KEEPER_CHAIN_RPC_URL: withDefault(httpUrl("KEEPER_CHAIN_RPC_URL"), CONFIG_DEFAULTS.chainRpcUrl),
  KEEPER_ESCROW_ADDRESS: variable("KEEPER_ESCROW_ADDRESS", "an address", address),
  KEEPER_DATA_DIR: withDefault(text("KEEPER_DATA_DIR"), CONFIG_DEFAULTS.dataDir).transform((dir) => path.resolve(dir)),
  KEEPER_MAX_BYTES: withDefault(byteSize("KEEPER_MAX_BYTES"), CONFIG_DEFAULTS.maxBytes),
  KEEPER_MIN_PRICE_PER_PERIOD: withDefault(wei("KEEPER_MIN_PRICE_PER_PERIOD"), CONFIG_DEFAULTS.minPricePerPeriod),
  KEEPER_MAX_STAKE: withDefault(wei("KEEPER_MAX_STAKE"), CONFIG_DEFAULTS.maxStakePerReplica),
  KEEPER_WITHDRAW_ABOVE: withDefault(wei("KEEPER_WITHDRAW_ABOVE"), CONFIG_DEFAULTS.withdrawAbove),
  KEEPER_TOKENS: withDefault(
    list("KEEPER_TOKENS", "ETH and/or ERC-20 addresses, comma-separated", (token) =>
      token.toUpperCase() === "ETH" ? zeroAddress : address(token),
    ),
    [zeroAddress],
  ),
  KEEPER_POLL_MS: withDefault(wholeNumber("KEEPER_POLL_MS", { min: 10 }), CONFIG_DEFAULTS.pollMs),
  KEEPER_FETCH_TIMEOUT_MS: withDefault(
    wholeNumber("KEEPER_FETCH_TIMEOUT_MS", { min: 1_000 }),
    CONFIG_DEFAULTS.fetchTimeoutMs,
  ),
  KEEPER_IPFS_RPC_URL: httpUrl("KEEPER_IPFS_RPC_URL"),
  KEEPER_GATEWAY_URL: httpUrl("KEEPER_GATEWAY_URL"),
  KEEPER_IPFS_RPC_PORT: withDefault(port("KEEPER_IPFS_RPC_PORT"), 0),
  KEEPER_GATEWAY_PORT: withDefault(port("KEEPER_GATEWAY_PORT"), 0),
  KEEPER_KEY_PORT: withDefault(port("KEEPER_KEY_PORT"), 0),
  KEEPER_SWARM_PORT: withDefault(port("KEEPER_SWARM_PORT"), 0),
  KEEPER_PEERS: withDefault(
    list("KEEPER_PEERS", "multiaddrs ending in /p2p/<peer id>, comma-separated", (peer) =>
      peer.startsWith("/") && peer.includes("/p2p/") ? peer : undefined,
    ),
    [],
  ),
  KEEPER_PEERS_RETRY_MS: withDefault(wholeNumber("KEEPER_PEERS_RETRY_MS", { min: 100 }), CONFIG_DEFAULTS.peersRetryMs),
});

/** Reads and checks the keeper's configuration; throws ConfigError naming every variable at fault. */
export function loadConfig(env: Env = process.env): KeeperEnvConfig {
  const e = parseEnv(envSchema, env, { service: "keeper", hint: "see keeper/.env.example" });
  return {
    privateKey: e.KEEPER_PRIVATE_KEY,
    chainRpcUrl: e.KEEPER_CHAIN_RPC_URL,
    escrowAddress: e.KEEPER_ESCROW_ADDRESS,
    dataDir: e.KEEPER_DATA_DIR,
    maxBytes: e.KEEPER_MAX_BYTES,
    minPricePerPeriod: e.KEEPER_MIN_PRICE_PER_PERIOD,
    maxStakePerReplica: e.KEEPER_MAX_STAKE,
    withdrawAbove: e.KEEPER_WITHDRAW_ABOVE,
    tokens: e.KEEPER_TOKENS,
    pollMs: e.KEEPER_POLL_MS,
    fetchTimeoutMs: e.KEEPER_FETCH_TIMEOUT_MS,
    ipfs:
      e.KEEPER_IPFS_RPC_URL === undefined
        ? {
            embedded: {
              dataDir: path.join(e.KEEPER_DATA_DIR, "ipfs"),
              rpcPort: e.KEEPER_IPFS_RPC_PORT,
              gatewayPort: e.KEEPER_GATEWAY_PORT,
              swarmPort: e.KEEPER_SWARM_PORT,
              // The node refuses pins beyond its quota: room for every deal it may hold, and 1 GiB for what viewers
              // watch through its gateway.
              cacheQuotaBytes: e.KEEPER_MAX_BYTES + EMBEDDED_CACHE_HEADROOM_BYTES,
            },
          }
        : { rpcUrl: e.KEEPER_IPFS_RPC_URL, gatewayUrl: e.KEEPER_GATEWAY_URL },
    peers: e.KEEPER_PEERS,
    peersRetryMs: e.KEEPER_PEERS_RETRY_MS,
    keyPort: e.KEEPER_KEY_PORT,
  };
}
