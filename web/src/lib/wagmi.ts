import { cookieStorage, createConfig, createConnector, createStorage, http, type CreateConnectorFn } from "wagmi";
import { injected, mock } from "wagmi/connectors";
import { defineChain, type Address, type Chain } from "viem";
import { LOCAL_CHAIN_ID, type PublicConfig } from "./config";

/**
 * The one wagmi config of the app. Its chain and RPC URL come from the server's environment at request time (see
 * lib/config.ts), so it is created per page load from the props the root layout passes down — not at module scope.
 * Cookie storage + `ssr: true` let the server render the connected state without a flash.
 */

/** Anvil's account #1 (#0 deploys the contracts). Anvil's accounts are unlocked, so anvil signs what it is sent. */
export const DEV_ACCOUNT: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
export const DEV_WALLET_ID = "chorusDevWallet";
export const DEV_WALLET_NAME = "Dev wallet (local test account)";

export function chainFromConfig(config: Pick<PublicConfig, "chainId" | "chainName" | "chainRpcUrl" | "explorerUrl">): Chain {
  return defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.chainRpcUrl] } },
    ...(config.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: config.explorerUrl } } } : {}),
    testnet: config.chainId === LOCAL_CHAIN_ID,
  });
}

const DEV_WALLET_FLAG = "chorus.devWallet.connected";

/**
 * wagmi's `mock` connector on account #1: its eth_sendTransaction goes to the chain, whose unlocked account signs.
 * Wrapped so that it has an honest name, and so that it reconnects after a reload only if the person had connected it
 * (the bare mock connector either never reconnects or always does).
 */
export function devWallet(account: Address = DEV_ACCOUNT): CreateConnectorFn {
  const base = mock({ accounts: [account], features: { reconnect: true } });
  return createConnector((config) => {
    const connector = base(config);
    const storage = config.storage as { getItem(key: string): unknown; setItem(key: string, value: unknown): unknown; removeItem(key: string): unknown } | null | undefined;
    return {
      ...connector,
      id: DEV_WALLET_ID,
      name: DEV_WALLET_NAME,
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

export function makeWagmiConfig(publicConfig: PublicConfig) {
  const chain = chainFromConfig(publicConfig);
  return createConfig({
    chains: [chain],
    connectors: [
      // The dev wallet exists only on the local chain: its account's key is public knowledge.
      ...(publicConfig.chainId === LOCAL_CHAIN_ID ? [devWallet()] : []),
      injected(),
    ],
    transports: { [chain.id]: http(publicConfig.chainRpcUrl) },
    storage: createStorage({ storage: cookieStorage }),
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
