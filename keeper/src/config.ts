// The daemon's configuration from the environment (keeper/.env.example documents every variable), validated at start
// so that a mistake is one clear message, not a failure an hour later.
import path from "node:path";
import { getAddress, isAddress, isHex, parseEther, zeroAddress, type Address, type Hex } from "viem";

export class ConfigError extends Error {
  override name = "ConfigError";
}

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
    | { embedded: { dataDir: string; rpcPort: number; gatewayPort: number; swarmPort: number; cacheQuotaBytes: number } };
  peers: string[];
  peersRetryMs: number;
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

const UNITS: Record<string, number> = { "": 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };

/** Reads and checks the keeper's configuration; unset and empty variables take their defaults. */
/** The embedded node's quota above KEEPER_MAX_BYTES: what viewers watch through the keeper's gateway. */
export const EMBEDDED_CACHE_HEADROOM_BYTES = 1024 ** 3;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeeperEnvConfig {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const fail = (name: string, problem: string): never => {
    throw new ConfigError(`${name} ${problem} (see keeper/.env.example).`);
  };
  const wei = (name: string, fallback: bigint) => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) fail(name, `must be a whole number of wei, got "${value}"`);
    return BigInt(value);
  };
  const integer = (name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) => {
    const value = get(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) fail(name, `must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
  const url = (name: string, value: string) => {
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
    } catch {
      fail(name, `must be an http(s) URL, got "${value}"`);
    }
    return value.replace(/\/+$/, "");
  };
  const port = (name: string) => integer(name, 0, { max: 65_535 });

  const privateKey = get("KEEPER_PRIVATE_KEY") ?? fail("KEEPER_PRIVATE_KEY", "is required: the keeper's account key, 0x and 64 hex digits");
  if (!isHex(privateKey) || privateKey.length !== 66) fail("KEEPER_PRIVATE_KEY", "must be 0x followed by 64 hex digits");

  const escrow = get("KEEPER_ESCROW_ADDRESS");
  if (escrow !== undefined && !isAddress(escrow)) fail("KEEPER_ESCROW_ADDRESS", `must be an address, got "${escrow}"`);

  const maxBytesText = get("KEEPER_MAX_BYTES");
  let maxBytes: number = CONFIG_DEFAULTS.maxBytes;
  if (maxBytesText !== undefined) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(maxBytesText);
    const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
    if (!match || unit === undefined) fail("KEEPER_MAX_BYTES", `must be a size like 10GiB, 500MB or 1073741824, got "${maxBytesText}"`);
    maxBytes = Math.floor(Number(match![1]) * unit!);
  }

  const tokens: Address[] = (get("KEEPER_TOKENS") ?? "ETH").split(",").map((token) => {
    const t = token.trim();
    if (t.toUpperCase() === "ETH") return zeroAddress;
    if (!isAddress(t)) fail("KEEPER_TOKENS", `must list ETH and/or ERC-20 addresses, got "${t}"`);
    return getAddress(t);
  });

  const dataDir = path.resolve(get("KEEPER_DATA_DIR") ?? CONFIG_DEFAULTS.dataDir);
  const ipfsRpcUrl = get("KEEPER_IPFS_RPC_URL");
  const gatewayUrl = get("KEEPER_GATEWAY_URL");
  const peers = (get("KEEPER_PEERS") ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "");
  for (const peer of peers) if (!peer.startsWith("/") || !peer.includes("/p2p/")) fail("KEEPER_PEERS", `must be multiaddrs ending in /p2p/<peer id>, got "${peer}"`);

  return {
    privateKey: privateKey as Hex,
    chainRpcUrl: url("KEEPER_CHAIN_RPC_URL", get("KEEPER_CHAIN_RPC_URL") ?? CONFIG_DEFAULTS.chainRpcUrl),
    escrowAddress: escrow === undefined ? undefined : getAddress(escrow),
    dataDir,
    maxBytes,
    minPricePerPeriod: wei("KEEPER_MIN_PRICE_PER_PERIOD", CONFIG_DEFAULTS.minPricePerPeriod),
    maxStakePerReplica: wei("KEEPER_MAX_STAKE", CONFIG_DEFAULTS.maxStakePerReplica),
    withdrawAbove: wei("KEEPER_WITHDRAW_ABOVE", CONFIG_DEFAULTS.withdrawAbove),
    tokens,
    pollMs: integer("KEEPER_POLL_MS", CONFIG_DEFAULTS.pollMs, { min: 10 }),
    fetchTimeoutMs: integer("KEEPER_FETCH_TIMEOUT_MS", CONFIG_DEFAULTS.fetchTimeoutMs, { min: 1_000 }),
    ipfs:
      ipfsRpcUrl === undefined
        ? {
            embedded: {
              dataDir: path.join(dataDir, "ipfs"),
              rpcPort: port("KEEPER_IPFS_RPC_PORT"),
              gatewayPort: port("KEEPER_GATEWAY_PORT"),
              swarmPort: port("KEEPER_SWARM_PORT"),
              // The node refuses pins beyond its quota: room for every deal it may hold, and 1 GiB for what viewers
              // watch through its gateway.
              cacheQuotaBytes: maxBytes + EMBEDDED_CACHE_HEADROOM_BYTES,
            },
          }
        : { rpcUrl: url("KEEPER_IPFS_RPC_URL", ipfsRpcUrl), gatewayUrl: gatewayUrl === undefined ? undefined : url("KEEPER_GATEWAY_URL", gatewayUrl) },
    peers,
    peersRetryMs: integer("KEEPER_PEERS_RETRY_MS", CONFIG_DEFAULTS.peersRetryMs, { min: 100 }),
  };
}
