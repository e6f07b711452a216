"use client";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useConfig } from "wagmi";
import { utf8Length } from "@/lib/social";
import { ETH, TIP_PRESETS, formatAmount, messageError, parseAmount, parseToken } from "@/lib/money";
import { tipPlan, type Tipped, type TipTarget } from "@/tx/paymentsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate } from "../WalletGate";
import { useEarningsLimits, useToken } from "./use-earnings";
import styles from "./earn.module.css";

/**
 * *Tip* on a video, a live stream, a channel or a creator's page: a button that opens a modal dialog (Escape closes it)
 * with amount presets or any amount, the token (ETH, or an ERC-20 by its address), an optional message and the
 * transaction's states. Viewers without a wallet see the button too; the dialog then says "Connect a wallet to tip".
 */
export function TipButton({ target, to, small = false }: { target: TipTarget; to: ReactNode; small?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={small ? "btn btn-small" : "btn"}
        data-testid="tip-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Tip
      </button>
      {open ? <TipDialog target={target} to={to} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function TipDialog({ target, to, onClose }: { target: TipTarget; to: ReactNode; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const limits = useEarningsLimits();
  const [preset, setPreset] = useState<string | null>(TIP_PRESETS[1]);
  const [custom, setCustom] = useState("");
  const [tokenText, setTokenText] = useState("");
  const [useErc20, setUseErc20] = useState(false);
  const [message, setMessage] = useState("");
  const [touched, setTouched] = useState(false);
  const { tx, start, busy } = useContractTx<Tipped>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const tokenParsed = useErc20 ? parseToken(tokenText) : ({ ok: true, token: ETH } as const);
  const token = useToken(tokenParsed.ok ? tokenParsed.token : null);
  const decimals = token.data?.decimals ?? 18;
  const amount = parseAmount(preset ?? custom, decimals);
  const maxBytes = limits.data?.maxMessageBytes ?? 0;
  const msgError = limits.data ? messageError(message, maxBytes) : null;
  const error = !tokenParsed.ok
    ? tokenParsed.error
    : token.isError
      ? `Couldn't read that token: ${token.error.message} Check the address, or tip in ETH.`
      : !token.data
        ? "Reading the token's symbol and decimals — a moment."
        : !amount.ok
          ? amount.error
          : msgError;
  const done = tx.step === "indexed" || tx.step === "confirmed";

  const submit = () => {
    setTouched(true);
    if (error || !amount.ok || !tokenParsed.ok || !token.data || busy) return;
    void start(
      tipPlan(wagmiConfig, config, target, { token: token.data, amount: amount.value, message: message.trim() }),
    );
  };

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      data-testid="tip-dialog"
    >
      <h2 id={`${id}-title`}>Tip {to}</h2>
      <p className="muted">
        The money goes straight to the contract, credited to{" "}
        {target.kind === "video" || target.kind === "release"
          ? "the video's rights holders by their shares"
          : "the recipient"}
        ; nobody takes a cut. They withdraw it when they like.
      </p>
      <WalletGate purpose="tip" connectText="Connect a wallet to tip.">
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <fieldset className={styles.presets} disabled={busy || done}>
            <legend>Amount</legend>
            {TIP_PRESETS.map((p) => (
              <button
                key={p}
                type="button"
                className={`btn btn-small ${styles.preset}`}
                aria-pressed={preset === p}
                data-testid={`tip-preset-${p}`}
                onClick={() => setPreset(p)}
              >
                {p} {useErc20 ? (token.data?.symbol ?? "") : "ETH"}
              </button>
            ))}
            <button
              type="button"
              className={`btn btn-small ${styles.preset}`}
              aria-pressed={preset === null}
              onClick={() => setPreset(null)}
            >
              Other
            </button>
          </fieldset>
          {preset === null ? (
            <div className="field">
              <label htmlFor={`${id}-amount`}>Amount ({token.data?.symbol ?? "token"})</label>
              <input
                id={`${id}-amount`}
                className="input"
                inputMode="decimal"
                autoComplete="off"
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                data-testid="tip-amount"
                disabled={busy || done}
              />
            </div>
          ) : null}
          <label>
            <input
              type="checkbox"
              checked={useErc20}
              onChange={(e) => setUseErc20(e.target.checked)}
              disabled={busy || done}
            />{" "}
            Tip in an ERC-20 token instead of ETH
          </label>
          {useErc20 ? (
            <div className="field">
              <label htmlFor={`${id}-token`}>Token contract address</label>
              <input
                id={`${id}-token`}
                className="input mono"
                placeholder="0x…"
                autoComplete="off"
                spellCheck={false}
                value={tokenText}
                onChange={(e) => setTokenText(e.target.value)}
                aria-describedby={`${id}-token-hint`}
                disabled={busy || done}
              />
              <span className="field-hint" id={`${id}-token-hint`}>
                {token.data
                  ? `${token.data.symbol}, ${token.data.decimals} decimals. A token asks for two signatures: allow the contract to take the amount, then the tip.`
                  : "Paste the token's address; its symbol shows here."}
              </span>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-message`}>Message (optional)</label>
            <input
              id={`${id}-message`}
              className="input"
              autoComplete="off"
              value={message}
              onChange={(e) => setMessage(e.target.value.replace(/[\r\n]+/g, " "))}
              aria-describedby={`${id}-count`}
              aria-invalid={Boolean(msgError)}
              data-testid="tip-message"
              disabled={busy || done}
            />
            <span className="field-hint" id={`${id}-count`}>
              {utf8Length(message)}/{maxBytes || "…"} bytes — shown with your tip, in public, forever.
            </span>
          </div>
          {touched && error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className={styles.actions}>
            <button type="button" className="btn btn-ghost" onClick={() => ref.current?.close()}>
              {done ? "Close" : "Cancel"}
            </button>
            {done ? null : (
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="tip-send">
                {busy ? "Tipping…" : amount.ok && token.data ? `Tip ${formatAmount(amount.value, token.data)}` : "Tip"}
              </button>
            )}
          </div>
        </form>
        <TxStatus
          tx={tx}
          testId="tip-status"
          confirmed={() => "waiting for the catalogue…"}
          indexed={(r) => `thank you — your tip of ${formatAmount(r.amount, r.token)} is recorded.`}
        />
      </WalletGate>
    </dialog>
  );
}
