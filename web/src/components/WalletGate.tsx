"use client";
import type { ReactNode } from "react";
import { useConnect, useConnection, useConnectors, useSwitchChain, type Connector } from "wagmi";
import { describeError } from "@/lib/errors";
import { devAccountNumber } from "@/lib/wagmi";
import { usePublicConfig } from "./ConfigContext";

/** The connected account, and whether it is on the app's chain. */
export function useWallet() {
  const config = usePublicConfig();
  const { address, chainId, status } = useConnection();
  const connected = Boolean(address) && (status === "connected" || status === "reconnecting");
  const wrongChain = connected && chainId !== undefined && chainId !== config.chainId;
  return { address: connected ? address : undefined, chainId, connected, wrongChain, ready: connected && !wrongChain };
}

/** Connecting from inside a flow; the same connectors as the top bar's menu. */
export function ConnectPrompt({ text = "Connect a wallet to sign." }: { text?: ReactNode }) {
  const connectors = useConnectors();
  const connect = useConnect();
  const config = usePublicConfig();
  const dev = connectors
    .map((c) => ({ c, n: devAccountNumber(c.id) }))
    .filter((d): d is { c: Connector; n: number } => d.n !== null)
    .sort((a, b) => a.n - b.n);
  const browser =
    connectors.find((c) => devAccountNumber(c.id) === null && c.id !== "injected") ??
    connectors.find((c) => c.id === "injected");
  return (
    <>
      <span>{text}</span>
      <span className="tx-actions">
        {dev.map(({ c, n }) => (
          <button
            key={c.uid}
            type="button"
            className="btn btn-small"
            onClick={() => connect.mutate({ connector: c, chainId: config.chainId })}
            disabled={connect.isPending}
          >
            {n === 1 ? "Use the dev wallet (test account 1)" : `Test account ${n}`}
          </button>
        ))}
        {browser ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => connect.mutate({ connector: browser, chainId: config.chainId })}
            disabled={connect.isPending}
          >
            Use a browser wallet
          </button>
        ) : null}
      </span>
      {connect.error ? (
        <span className="field-error">
          {describeError(connect.error, { chainName: config.chainName, action: "connect" }).message}
        </span>
      ) : null}
    </>
  );
}

/** "Your wallet is on another network" with a one-click switch. */
export function SwitchPrompt({ purpose }: { purpose: string }) {
  const config = usePublicConfig();
  const { chainId } = useConnection();
  const switchChain = useSwitchChain();
  return (
    <>
      <span>
        Your wallet is on another network (chain {chainId}). Switch to {config.chainName} to {purpose}.
      </span>
      <span className="tx-actions">
        <button
          type="button"
          className="btn btn-warning btn-small"
          onClick={() => switchChain.mutate({ chainId: config.chainId })}
          disabled={switchChain.isPending}
        >
          {switchChain.isPending ? "Switching…" : `Switch to ${config.chainName}`}
        </button>
      </span>
      {switchChain.error ? (
        <span className="field-error">
          {describeError(switchChain.error, { chainName: config.chainName, action: "switch networks" }).message}
        </span>
      ) : null}
    </>
  );
}

/**
 * Renders `children` once a wallet on the right chain is connected; until then, says how to get there. `compact` (for
 * things repeated down a page, like each proposal's vote) says it in one line and leaves the buttons to the top bar.
 */
export function WalletGate({
  purpose,
  children,
  connectText,
  compact = false,
}: {
  purpose: string;
  children: ReactNode;
  connectText?: ReactNode;
  compact?: boolean;
}) {
  const wallet = useWallet();
  if (compact && (!wallet.connected || wallet.wrongChain)) {
    return (
      <p className="muted" data-testid="wallet-gate" style={{ margin: 0, fontSize: 14 }}>
        {!wallet.connected
          ? (connectText ?? `Connect a wallet (top right) to ${purpose}.`)
          : `Switch your wallet to the right network (top right) to ${purpose}.`}
      </p>
    );
  }
  if (!wallet.connected) {
    return (
      <div className="tx" data-tone="waiting" data-testid="wallet-gate">
        <ConnectPrompt text={connectText ?? `Connect a wallet to ${purpose}.`} />
      </div>
    );
  }
  if (wallet.wrongChain) {
    return (
      <div className="tx" data-tone="waiting" data-testid="wallet-gate">
        <SwitchPrompt purpose={purpose} />
      </div>
    );
  }
  return <>{children}</>;
}
