"use client";
import { useHydrated } from "@/lib/use-hydrated";
import Link from "next/link";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain, type Connector } from "wagmi";
import { describeError } from "@/lib/errors";
import { shortAddress } from "@/lib/format";
import { DEV_ACCOUNTS, devAccountNumber } from "@/lib/wagmi";
import { AccountName } from "./AccountName";
import { Avatar } from "./Avatar";
import { usePublicConfig } from "./ConfigContext";
import { CopyButton } from "./CopyButton";
import { TerminalIcon, WalletIcon } from "./Icons";

/**
 * Our own small connect menu (wagmi 3 has no RainbowKit/ConnectKit yet): Dev wallet on the local chain, the browser's
 * wallet(s), and once connected the address, a link to the person's channel and Disconnect. A wallet on the wrong
 * network gets a one-click "Switch to <chain>".
 */
export function WalletButton() {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const { address, chainId, status, connector } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const [open, setOpen] = useState(false);
  const [hasBrowserWallet, setHasBrowserWallet] = useState<boolean | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `open` is the trigger: a wallet extension can inject itself after load, so look again each time the menu opens.
  useEffect(() => {
    setHasBrowserWallet(
      typeof window !== "undefined" && "ethereum" in window && Boolean((window as { ethereum?: unknown }).ethereum),
    );
  }, [open]);

  // Close on Escape (returning focus to the button) and on a click outside.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        triggerRef.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    const first = rootRef.current?.querySelector<HTMLElement>(".menu button:not(:disabled), .menu a");
    first?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  // A successful connection closes the menu.
  useEffect(() => {
    if (status === "connected") setOpen(false);
  }, [status]);

  const connected = Boolean(address) && (status === "connected" || status === "reconnecting");
  const wrongNetwork = connected && chainId !== undefined && chainId !== config.chainId;

  const devConnectors = connectors
    .map((c) => ({ connector: c, n: devAccountNumber(c.id) }))
    .filter((d): d is { connector: Connector; n: number } => d.n !== null)
    .sort((a, b) => a.n - b.n);
  const discovered = connectors.filter((c) => devAccountNumber(c.id) === null && c.id !== "injected");
  const genericInjected = connectors.find((c) => c.id === "injected");
  const browserConnectors: Connector[] = discovered.length > 0 ? discovered : genericInjected ? [genericInjected] : [];

  const doConnect = (target: Connector) => {
    connect.reset();
    connect.mutate({ connector: target, chainId: config.chainId });
  };

  if (connected && address) {
    return (
      <div className="wallet topbar-actions" ref={rootRef}>
        {wrongNetwork ? (
          <button
            type="button"
            className="btn btn-warning"
            onClick={() => switchChain.mutate({ chainId: config.chainId })}
            disabled={switchChain.isPending}
            data-testid="switch-chain"
          >
            {switchChain.isPending ? "Switching…" : `Switch to ${config.chainName}`}
          </button>
        ) : null}
        <button
          ref={triggerRef}
          type="button"
          className="btn account-btn"
          aria-expanded={open}
          aria-haspopup="dialog"
          aria-controls={menuId}
          onClick={() => setOpen((o) => !o)}
          data-testid="account"
          title={address}
          aria-label={`Account ${shortAddress(address)}: open the account menu`}
        >
          <Avatar address={address} size="sm" />
          <span className="account-address">
            <AccountName address={address} compact />
          </span>
        </button>
        {open ? (
          <div className="menu" role="dialog" aria-label="Your account" id={menuId}>
            <div className="menu-heading">Connected{connector ? ` with ${connectorLabel(connector)}` : ""}</div>
            <div className="menu-item" style={{ cursor: "default" }}>
              <span className="menu-icon">
                <Avatar address={address} size="sm" />
              </span>
              <span className="menu-item-text">
                <span className="menu-item-title">
                  <AccountName address={address} />
                </span>
                <span className="menu-item-sub">
                  {wrongNetwork ? `On the wrong network (chain ${chainId})` : `On ${config.chainName}`}
                </span>
              </span>
              <span style={{ marginLeft: "auto" }}>
                <CopyButton value={address} label="Copy your address" />
              </span>
            </div>
            {switchChain.error ? (
              <p className="menu-error">
                {describeError(switchChain.error, { chainName: config.chainName, action: "switch networks" }).message}
              </p>
            ) : null}
            <div className="menu-sep" />
            <Link className="menu-item" href={`/creator/${address}`} onClick={() => setOpen(false)}>
              Your channel
            </Link>
            <Link className="menu-item" href="/account" onClick={() => setOpen(false)} data-testid="account-link">
              Your name and handle
            </Link>
            <Link className="menu-item" href="/upload" onClick={() => setOpen(false)}>
              Upload a video
            </Link>
            <Link className="menu-item" href="/channels/review" onClick={() => setOpen(false)}>
              Your review queue
            </Link>
            <div className="menu-sep" />
            <button
              type="button"
              className="menu-item"
              onClick={() => {
                setOpen(false);
                disconnect.mutate({});
              }}
              data-testid="disconnect"
            >
              Disconnect
            </button>
          </div>
        ) : null}
        {/* Switching errors are shown in the menu; when it is closed, say it next to the button. */}
        {!open && switchChain.error ? (
          <span className="visually-hidden" role="alert">
            {describeError(switchChain.error, { chainName: config.chainName, action: "switch networks" }).message}
          </span>
        ) : null}
      </div>
    );
  }

  const connecting = status === "connecting" || connect.isPending;
  return (
    <div className="wallet" ref={rootRef}>
      <button
        ref={triggerRef}
        type="button"
        className="btn btn-primary"
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        disabled={!hydrated}
        data-testid="connect"
      >
        <WalletIcon size={18} />
        {connecting ? (
          "Connecting…"
        ) : (
          <>
            <span className="connect-label-long">Connect wallet</span>
            {/* A phone has room for one word; the long label is hidden, so the short one names the button. */}
            <span className="connect-label-short">Connect</span>
          </>
        )}
      </button>
      {open ? (
        <div className="menu" role="dialog" aria-label="Connect a wallet" id={menuId}>
          <div className="menu-heading">Connect a wallet</div>
          {devConnectors.map(({ connector: c, n }) => (
            <MenuOption
              key={c.uid}
              icon={<TerminalIcon size={18} />}
              title={`Dev wallet — test account ${n}`}
              sub={`Anvil account #${n} · ${shortAddress(DEV_ACCOUNTS[n - 1]!)} — the local chain signs for it`}
              onClick={() => doConnect(c)}
              disabled={connecting}
              testId={n === 1 ? "connect-dev" : `connect-dev-${n}`}
            />
          ))}
          {devConnectors.length > 1 ? (
            <p className="menu-item-sub" style={{ margin: "0 10px 6px" }}>
              Three test accounts, so you can try a channel with several members: disconnect and connect another to vote
              as them.
            </p>
          ) : null}
          {browserConnectors.map((c) => (
            <MenuOption
              key={c.uid}
              icon={c.icon?.startsWith("data:") ? <img src={c.icon} alt="" /> : <WalletIcon size={18} />}
              title={c.id === "injected" ? "Browser wallet" : c.name}
              sub={
                c.id === "injected" && hasBrowserWallet === false
                  ? "None found — install a wallet extension such as MetaMask, then reload"
                  : "MetaMask, Rabby or another extension"
              }
              onClick={() => doConnect(c)}
              disabled={connecting || (c.id === "injected" && hasBrowserWallet === false)}
              testId={c.id === "injected" ? "connect-injected" : undefined}
            />
          ))}
          {connect.error ? (
            <p className="menu-error" role="alert">
              {describeError(connect.error, { chainName: config.chainName, action: "connect" }).message}
            </p>
          ) : null}
          <div className="menu-sep" />
          <p className="menu-item-sub" style={{ margin: "4px 10px 6px" }}>
            Watching needs no wallet. Publishing records your video on {config.chainName} and needs one signature.
          </p>
        </div>
      ) : null}
    </div>
  );
}

function connectorLabel(connector: { id: string; name: string }): string {
  const n = devAccountNumber(connector.id);
  if (n !== null) return `Dev wallet — test account ${n}`;
  if (connector.id === "injected") return "browser wallet";
  return connector.name;
}

function MenuOption({
  icon,
  title,
  sub,
  onClick,
  disabled,
  testId,
}: {
  icon: ReactNode;
  title: string;
  sub: string;
  onClick: () => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <button type="button" className="menu-item" onClick={onClick} disabled={disabled} data-testid={testId}>
      <span className="menu-icon">{icon}</span>
      <span className="menu-item-text">
        <span className="menu-item-title">{title}</span>
        <span className="menu-item-sub">{sub}</span>
      </span>
    </button>
  );
}
