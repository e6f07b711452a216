"use client";
import { useEffect, useId, useState, type FormEvent } from "react";
import { formatEther, type Address } from "viem";
import { useConfig, useReadContract } from "wagmi";
import { formatExactTime, shortAddress } from "@/lib/format";
import {
  checkHandle,
  HANDLE_BOND,
  HANDLE_TERM_SECONDS,
  handlesAbi,
  handlesAddress,
  handleStatusName,
  MAX_NICKNAME_BYTES,
  RELEASE_COOLDOWN_SECONDS,
  utf8Length,
} from "@/lib/social";
import { useAccountInfo, useRefreshAccount } from "@/lib/use-account";
import { useHydrated } from "@/lib/use-hydrated";
import { handlesPlan } from "@/tx/socialTx";
import { useContractTx } from "@/tx/useContractTx";
import { AccountName } from "./AccountName";
import styles from "./AccountSettings.module.css";
import { usePublicConfig } from "./ConfigContext";
import { TxStatus } from "./TxStatus";
import { useWallet, WalletGate } from "./WalletGate";

const BOND_TEXT = `${formatEther(HANDLE_BOND)} ETH`;
const DAYS = (seconds: number) => Math.round(seconds / 86_400);

/** The /account page: nickname (one transaction), and a verified handle's whole life — claim, renew, release, bond. */
export function AccountSettings() {
  return (
    <WalletGate purpose="set your name or claim a handle">
      <Connected />
    </WalletGate>
  );
}

function Connected() {
  const { address } = useWallet();
  if (!address) return null;
  return (
    <>
      <section className="panel stack" aria-labelledby="you-heading">
        <h2 id="you-heading">How you appear</h2>
        <p data-testid="account-preview">
          <AccountName address={address} /> <span className="full-address">{address}</span>
        </p>
      </section>
      <Nickname address={address} />
      <Handle address={address} />
    </>
  );
}

function Nickname({ address }: { address: Address }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const hydrated = useHydrated();
  const id = useId();
  const account = useAccountInfo(address);
  const refresh = useRefreshAccount();
  const [nickname, setNickname] = useState<string | null>(null);
  const tx = useContractTx<{ expiresAt: number | null }>();
  const current = account.data?.nickname ?? "";
  const value = nickname ?? current;
  const bytes = utf8Length(value.trim());
  const tooLong = bytes > MAX_NICKNAME_BYTES;
  const unchanged = value.trim() === current;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooLong || unchanged || tx.busy) return;
    await tx.start({
      ...handlesPlan(wagmiConfig, config, address, { fn: "setNickname", nickname: value.trim() }),
      onIndexed: () => void refresh(address),
    });
  };

  return (
    <section className="panel stack" aria-labelledby="nickname-heading">
      <h2 id="nickname-heading">Nickname</h2>
      <form className="stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-nick`}>Nickname</label>
          <div className={styles.row}>
            <input
              id={`${id}-nick`}
              className="input"
              value={value}
              maxLength={200}
              onChange={(e) => setNickname(e.target.value)}
              aria-invalid={tooLong}
              aria-describedby={`${id}-nick-hint`}
              data-testid="nickname-input"
              autoComplete="nickname"
            />
            <button
              type="submit"
              className="btn btn-primary"
              disabled={!hydrated || tooLong || unchanged || tx.busy}
              data-testid="nickname-save"
            >
              {value.trim() === "" && current !== "" ? "Clear nickname" : "Save nickname"}
            </button>
          </div>
          <div className="field-hint" id={`${id}-nick-hint`}>
            <span>
              Any text; not unique, so people see it with your address ({shortAddress(address)}). One signature.
            </span>
            <span className={tooLong ? "field-error" : undefined} data-testid="nickname-count">
              {bytes}/{MAX_NICKNAME_BYTES} bytes
            </span>
          </div>
          {tooLong ? (
            <span className="field-error" role="alert">
              The nickname is {bytes} bytes; at most {MAX_NICKNAME_BYTES} fit (an emoji takes 4). Shorten it.
            </span>
          ) : null}
        </div>
      </form>
      <TxStatus
        tx={tx.tx}
        testId="nickname-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "your nickname is set."}
      />
    </section>
  );
}

/** `value` once it has stopped changing for `ms` (the handle's availability is asked of the chain as one types). */
function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function Handle({ address }: { address: Address }) {
  const config = usePublicConfig();
  const contract = handlesAddress(config.chainId);
  const base = { address: contract ?? undefined, abi: handlesAbi, chainId: config.chainId } as const;
  const holding = useReadContract({
    ...base,
    functionName: "holdingOf",
    args: [address],
    query: { enabled: Boolean(contract) },
  });
  const owed = useReadContract({
    ...base,
    functionName: "bondOwed",
    args: [address],
    query: { enabled: Boolean(contract) },
  });
  const refetch = () => {
    void holding.refetch();
    void owed.refetch();
  };

  if (!contract)
    return (
      <p className="notice notice-error" role="alert">
        There is no Handles contract for chain {config.chainId} in this build&apos;s deployments, so handles can&apos;t
        be claimed here.
      </p>
    );
  if (holding.isError || owed.isError)
    return (
      <p className="notice notice-error" role="alert">
        Couldn&apos;t read your handle from {config.chainName}. Check that the chain is running, then reload the page.
      </p>
    );
  if (!holding.data || !owed.data)
    return (
      <section className="panel" aria-busy="true">
        <div className="skeleton skeleton-line" style={{ width: "60%" }} />
      </section>
    );

  const [handle, expiresAt] = holding.data;
  const [bondAmount, bondAvailableAt] = owed.data;
  return (
    <>
      {handle ? (
        <Held address={address} handle={handle} expiresAt={Number(expiresAt)} onChange={refetch} />
      ) : (
        <Claim address={address} onChange={refetch} />
      )}
      {bondAmount > 0n ? (
        <Bond address={address} amount={bondAmount} availableAt={Number(bondAvailableAt)} onChange={refetch} />
      ) : null}
    </>
  );
}

function Claim({ address, onChange }: { address: Address; onChange: () => void }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const hydrated = useHydrated();
  const refresh = useRefreshAccount();
  const id = useId();
  const [typed, setTyped] = useState("");
  const checked = checkHandle(typed);
  const settled = useSettled(checked.error === null ? checked.handle : "");
  const status = useReadContract({
    address: handlesAddress(config.chainId) ?? undefined,
    abi: handlesAbi,
    functionName: "handleStatus",
    args: [settled],
    chainId: config.chainId,
    query: { enabled: settled !== "" },
  });
  const tx = useContractTx<{ expiresAt: number | null }>();
  const fresh = settled === checked.handle && status.data !== undefined && !status.isFetching;
  const [code, holder, until] = status.data ?? [0, undefined, 0];
  const state = fresh ? handleStatusName(Number(code)) : null;
  const available = checked.error === null && (state === "Free" || state === "Expired");

  let verdict: { text: string; ok: boolean } | null = null;
  if (typed.trim() === "") verdict = null;
  else if (checked.error) verdict = { text: checked.error, ok: false };
  else if (status.isError)
    verdict = { text: `Couldn't ask ${config.chainName} whether @${checked.handle} is free. Try again.`, ok: false };
  else if (!state) verdict = { text: `Checking @${checked.handle}…`, ok: true };
  else if (state === "Free") verdict = { text: `@${checked.handle} is available.`, ok: true };
  else if (state === "Expired")
    verdict = {
      text: `@${checked.handle} expired without renewal (held by ${shortAddress(String(holder))}): anyone may claim it now.`,
      ok: true,
    };
  else if (state === "Live")
    verdict = {
      text: `@${checked.handle} is taken (held by ${shortAddress(String(holder))} until ${formatExactTime(Number(until))}). Choose another.`,
      ok: false,
    };
  else if (state === "CoolingDown")
    verdict = {
      text: `@${checked.handle} was released recently; nobody can claim it until ${formatExactTime(Number(until))}. Choose another or come back then.`,
      ok: false,
    };
  else verdict = { text: `@${checked.handle} can't be a handle.`, ok: false };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!available || tx.busy) return;
    await tx.start({
      ...handlesPlan(wagmiConfig, config, address, { fn: "claim", handle: checked.handle }),
      onIndexed: () => {
        void refresh(address);
        onChange();
      },
    });
  };

  return (
    <section className="panel stack" aria-labelledby="handle-heading">
      <h2 id="handle-heading">Verified handle</h2>
      <p className="muted">
        A unique name nobody else can use while you hold it: shown as <strong>@name ✓</strong> beside everything you
        post, and needed where a creator lets only verified handles comment. Claiming locks a bond of{" "}
        <strong>{BOND_TEXT}</strong>, returned {DAYS(RELEASE_COOLDOWN_SECONDS)} days after you release the handle. It
        lasts {DAYS(HANDLE_TERM_SECONDS)} days and renewing is free. It can&apos;t be transferred, and nobody can take
        it from you while you renew it.
      </p>
      <form className="stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-handle`}>Handle</label>
          <div className={styles.row}>
            <input
              id={`${id}-handle`}
              className={`input ${styles.handleInput}`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={verdict !== null && !verdict.ok}
              aria-describedby={`${id}-handle-verdict`}
              placeholder="e.g. alice"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              data-testid="handle-input"
            />
            <button
              type="submit"
              className="btn btn-primary"
              disabled={!hydrated || !available || tx.busy}
              data-testid="handle-claim"
            >
              Claim{available ? ` @${checked.handle}` : ""} · {BOND_TEXT} bond
            </button>
          </div>
          <span
            id={`${id}-handle-verdict`}
            className={verdict && !verdict.ok ? "field-error" : styles.ok}
            data-testid="handle-verdict"
            data-ok={verdict?.ok ?? ""}
            aria-live="polite"
          >
            {verdict?.text ?? "3 to 24 of a–z, 0–9, “-” and “_”, starting with a letter."}
          </span>
        </div>
      </form>
      <TxStatus
        tx={tx.tx}
        testId="handle-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => `@${checked.handle} is yours.`}
      />
    </section>
  );
}

function Held({
  address,
  handle,
  expiresAt,
  onChange,
}: {
  address: Address;
  handle: string;
  expiresAt: number;
  onChange: () => void;
}) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const hydrated = useHydrated();
  const refresh = useRefreshAccount();
  const renew = useContractTx<{ expiresAt: number | null }>();
  const release = useContractTx<{ expiresAt: number | null }>();
  const [confirming, setConfirming] = useState(false);
  const expired = Date.now() / 1000 >= expiresAt;
  const soon = !expired && expiresAt - Date.now() / 1000 < 30 * 86_400;
  const done = () => {
    void refresh(address);
    onChange();
  };
  return (
    <section className="panel stack" aria-labelledby="handle-heading">
      <h2 id="handle-heading">Verified handle</h2>
      <dl className={styles.facts}>
        <dt>Handle</dt>
        <dd data-testid="held-handle">@{handle}</dd>
        <dt>{expired ? "Expired" : "Live until"}</dt>
        <dd>{formatExactTime(expiresAt)}</dd>
        <dt>Bond</dt>
        <dd>{BOND_TEXT}, locked while you hold it</dd>
      </dl>
      {expired ? (
        <p className="notice notice-warning" role="status">
          Your handle expired: it no longer verifies you, and anyone may claim it now. Renew it (free) to keep it.
        </p>
      ) : soon ? (
        <p className="notice notice-warning" role="status">
          Your handle expires soon. Renewing is free and keeps it for another {DAYS(HANDLE_TERM_SECONDS)} days.
        </p>
      ) : null}
      <div className="tx-actions">
        <button
          type="button"
          className="btn"
          disabled={!hydrated || renew.busy || release.busy}
          onClick={() =>
            void renew.start({ ...handlesPlan(wagmiConfig, config, address, { fn: "renew" }), onIndexed: done })
          }
          data-testid="handle-renew"
        >
          Renew (free) for {DAYS(HANDLE_TERM_SECONDS)} days
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={!hydrated || renew.busy || release.busy}
          onClick={() => setConfirming(true)}
          data-testid="handle-release"
        >
          Release @{handle}…
        </button>
      </div>
      {confirming ? (
        <div className="notice notice-warning stack" role="alertdialog" aria-label="Release your handle?">
          <p style={{ margin: 0 }}>
            Releasing stops @{handle} verifying you at once. For {DAYS(RELEASE_COOLDOWN_SECONDS)} days nobody — you
            included — can claim it; then anyone can. Your {BOND_TEXT} bond can be withdrawn here after those{" "}
            {DAYS(RELEASE_COOLDOWN_SECONDS)} days.
          </p>
          <div className="tx-actions">
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                setConfirming(false);
                void release.start({
                  ...handlesPlan(wagmiConfig, config, address, { fn: "release" }),
                  onIndexed: done,
                });
              }}
              data-testid="handle-release-confirm"
            >
              Release it
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      <TxStatus
        tx={renew.tx}
        testId="renew-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={(r) => `renewed until ${r.expiresAt ? formatExactTime(r.expiresAt) : "a year from now"}.`}
      />
      <TxStatus
        tx={release.tx}
        testId="release-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "released. Your bond is withdrawable after the cooldown."}
      />
    </section>
  );
}

function Bond({
  address,
  amount,
  availableAt,
  onChange,
}: {
  address: Address;
  amount: bigint;
  availableAt: number;
  onChange: () => void;
}) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const hydrated = useHydrated();
  const tx = useContractTx<{ expiresAt: number | null }>();
  const ready = Date.now() / 1000 >= availableAt;
  return (
    <section className="panel stack" aria-labelledby="bond-heading">
      <h2 id="bond-heading">Your bond</h2>
      <p data-testid="bond-owed">
        {formatEther(amount)} ETH{" "}
        {ready ? "is yours to withdraw." : `can be withdrawn from ${formatExactTime(availableAt)} (the cooldown).`}
      </p>
      <div className="tx-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!hydrated || !ready || tx.busy || tx.tx.step === "indexed"}
          onClick={() =>
            void tx.start({
              ...handlesPlan(wagmiConfig, config, address, { fn: "withdrawBond" }),
              onIndexed: onChange,
            })
          }
          data-testid="bond-withdraw"
        >
          Withdraw {formatEther(amount)} ETH
        </button>
      </div>
      <TxStatus
        tx={tx.tx}
        testId="bond-status"
        confirmed={() => "checking…"}
        indexed={() => "withdrawn to your account."}
      />
    </section>
  );
}
