import { cookieStorage, createConfig, createConnector, createStorage, http, type CreateConnectorFn } from "wagmi";
import { injected, mock } from "wagmi/connectors";
import { defineChain, type Address, type Chain } from "viem";
import { LOCAL_CHAIN_ID, type PublicConfig } from "./config";

/**
 * The one wagmi config of the app. Its chain and RPC URL come from the server's environment at request time (see
 * lib/config.ts), so it is created per page load from the props the root layout passes down — not at module scope.
 * Cookie storage + `ssr: true` let the server render the connected state without a flash.
 */

/**
 * Anvil's test accounts #1, #2 and #3 (#0 deploys the contracts, so it stays out). Anvil's accounts are unlocked, so
 * anvil signs what it is sent. Several accounts let one person try a channel with several members locally.
 */
export const DEV_ACCOUNTS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
] as const satisfies readonly Address[];
const DEV_ACCOUNT: Address = DEV_ACCOUNTS[0];
/** Account 1's connector id (kept as it was before there were three); accounts 2 and 3 get `…2` and `…3`. */
const DEV_WALLET_ID = "chorusDevWallet";

/** The dev wallet connector id of test account `n` (1, 2 or 3). */
const devWalletId = (n: number) => (n === 1 ? DEV_WALLET_ID : `${DEV_WALLET_ID}${n}`);
/** Which test account (1, 2, 3) a connector id is, or null for any other connector. */
export function devAccountNumber(connectorId: string): number | null {
  if (connectorId === DEV_WALLET_ID) return 1;
  const match = /^chorusDevWallet([23])$/.exec(connectorId);
  return match ? Number(match[1]) : null;
}

function chainFromConfig(config: Pick<PublicConfig, "chainId" | "chainName" | "chainRpcUrl" | "explorerUrl">): Chain {
  return defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.chainRpcUrl] } },
    ...(config.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: config.explorerUrl } } } : {}),
    testnet: config.chainId === LOCAL_CHAIN_ID,
  });
}

/**
 * wagmi's `mock` connector on test account `n` (1..3): its eth_sendTransaction goes to the chain, whose unlocked
 * account signs. Wrapped so that it has an honest name, and so that it reconnects after a reload only if the person had
 * connected it (the bare mock connector either never reconnects or always does).
 */
function devWallet(n = 1): CreateConnectorFn {
  const account = DEV_ACCOUNTS[n - 1] ?? DEV_ACCOUNT;
  const base = mock({ accounts: [account], features: { reconnect: true } });
  const id = devWalletId(n);
  // Account 1 keeps the flag it had before there were three.
  const DEV_WALLET_FLAG = n === 1 ? "chorus.devWallet.connected" : `chorus.devWallet${n}.connected`;
  return createConnector((config) => {
    const connector = base(config);
    const storage = config.storage as
      | {
          getItem(key: string): unknown;
          setItem(key: string, value: unknown): unknown;
          removeItem(key: string): unknown;
        }
      | null
      | undefined;
    return {
      ...connector,
      id,
      name: `Dev wallet — test account ${n}`,
      async connect(parameters) {
        const result = await connector.connect.call(this, parameters);
        await storage?.setItem(DEV_WALLET_FLAG, true);
        return result as never;
      },
      async disconnect() {
        await storage?.removeItem(DEV_WALLET_FLAG);
        await connector.disconnect.call(this);
      },
      async isAuthorized() {
        return Boolean(await storage?.getItem(DEV_WALLET_FLAG));
      },
    };
  });
}

/** How long the browser keeps the wallet connection (wagmi's state and the dev wallet's "connected" flag): a year. */
const WALLET_COOKIE_MAX_AGE = 365 * 24 * 3600;

/**
 * wagmi's cookie storage, but with cookies that outlive the browser session: wagmi's own writes session cookies, so
 * the connection (and which dev account was connected) was forgotten whenever the browser closed. Reading is wagmi's.
 */
const persistentCookieStorage: typeof cookieStorage = {
  getItem: (key) => cookieStorage.getItem(key),
  setItem(key, value) {
    if (typeof window === "undefined") return;
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and Safari; this is wagmi's cookie storage with a longer life.
    document.cookie = `${key}=${value};path=/;max-age=${WALLET_COOKIE_MAX_AGE};samesite=Lax`;
  },
  removeItem: (key) => cookieStorage.removeItem(key),
};

export function makeWagmiConfig(publicConfig: PublicConfig) {
  const chain = chainFromConfig(publicConfig);
  return createConfig({
    chains: [chain],
    connectors: [
      // The dev wallet exists only on the local chain: its account's key is public knowledge.
      ...(publicConfig.chainId === LOCAL_CHAIN_ID ? [devWallet(1), devWallet(2), devWallet(3)] : []),
      injected(),
    ],
    transports: { [chain.id]: http(publicConfig.chainRpcUrl) },
    storage: createStorage({ storage: persistentCookieStorage }),
    ssr: true,
    // A local chain mines instantly: don't make people wait viem's default 4 s between receipt polls.
    pollingInterval: publicConfig.chainId === LOCAL_CHAIN_ID ? 500 : 4000,
  });
}

declare module "wagmi" {
  interface Register {
    config: ReturnType<typeof makeWagmiConfig>;
  }
}
