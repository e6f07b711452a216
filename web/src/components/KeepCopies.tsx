"use client";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { useConfig } from "wagmi";
import { formatBytes } from "@/lib/format";
import { formatAmount, parseToken, tokenSymbol } from "@/lib/money";
import {
  costSentence,
  DEFAULT_DRAFT,
  DURATION_CHOICES,
  PERIOD_CHOICES,
  START_LEAD_SECONDS,
  validateDraft,
  type DealDraft,
} from "@/lib/storage";
import { useHydrated } from "@/lib/use-hydrated";
import { usePublicConfig } from "./ConfigContext";
import { useTypedToken } from "./earn/use-earnings";
import { STORAGE_CHANGED } from "./StorageBadge";
import { createDealPlan, fetchStorageRoot, type StorageRoot } from "@/tx/storageTx";
import { TxStatus, Waiting } from "./TxStatus";
import { useContractTx } from "@/tx/useContractTx";
import { WalletGate } from "./WalletGate";

type Fingerprint =
  | { state: "idle" }
  | { state: "computing" }
  | { state: "error"; message: string }
  | { state: "ready"; root: StorageRoot };

/**
 * "Keep copies": opens a storage deal for a video from its page. Anyone may fund one (the creator or a fan). The form
 * shows the cost before anything is signed; the deposit pays `copies × proofs × price` up front, and whatever keepers
 * don't earn is refundable when the deal ends.
 */
export function KeepCopies({ cid }: { cid: string }) {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<DealDraft>(DEFAULT_DRAFT);
  const [fingerprint, setFingerprint] = useState<Fingerprint>({ state: "idle" });
  const { tx, start, reset, busy } = useContractTx<{ dealId: string }>();
  // Amounts are typed in the deal's token: ETH, or an ERC-20 whose decimals and symbol are read from its contract.
  const tokenRead = useTypedToken(draft.token);
  const symbol = parseToken(draft.token).ok ? tokenSymbol(tokenRead) : "token";
  const checked = validateDraft(draft, tokenRead);
  const errors = checked.ok ? {} : checked.errors;
  const done = tx.step === "indexed";
  const working = busy || fingerprint.state === "computing";
  const set = (patch: Partial<DealDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!checked.ok || working || done) return;
    reset();
    let root: StorageRoot;
    if (fingerprint.state === "ready") root = fingerprint.root;
    else {
      setFingerprint({ state: "computing" });
      try {
        root = await fetchStorageRoot(config.workerUrl, cid);
      } catch (error) {
        setFingerprint({
          state: "error",
          message: error instanceof Error ? error.message : "The video's fingerprint couldn't be computed.",
        });
        return;
      }
      setFingerprint({ state: "ready", root });
    }
    await start({
      ...createDealPlan(wagmiConfig, config, { cid, root, deal: checked.deal }),
      onIndexed: () => window.dispatchEvent(new Event(STORAGE_CHANGED)),
    });
  };

  if (!open) {
    return (
      <button
        type="button"
        className="btn"
        onClick={() => setOpen(true)}
        disabled={!hydrated}
        data-testid="keep-copies"
      >
        Keep copies…
      </button>
    );
  }

  return (
    <form
      className="panel stack keep-copies"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${id}-heading`}
      data-testid="keep-copies-form"
    >
      <h2 id={`${id}-heading`}>Keep copies of this video</h2>
      <p className="publish-explain">
        Keepers hold the copies on their IPFS nodes and prove on-chain, every period, that they still have the bytes.
        Each proven period pays them; a missed one costs them part of their stake, and a keeper that keeps missing is
        replaced.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-replicas`}>Copies</label>
          <input
            id={`${id}-replicas`}
            className="input"
            type="number"
            min={1}
            max={16}
            value={draft.replicas}
            onChange={(e) => set({ replicas: e.target.value })}
            disabled={!hydrated || working || done}
            aria-invalid={errors.replicas ? true : undefined}
            data-testid="deal-replicas"
          />
          {errors.replicas ? (
            <span className="field-error">{errors.replicas}</span>
          ) : (
            <span className="field-hint">Each on a different keeper.</span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-duration`}>For</label>
          <select
            id={`${id}-duration`}
            className="input"
            value={draft.durationSeconds}
            onChange={(e) => set({ durationSeconds: Number(e.target.value) })}
            disabled={!hydrated || working || done}
            data-testid="deal-duration"
          >
            {DURATION_CHOICES.map((c) => (
              <option key={c.seconds} value={c.seconds}>
                {c.label}
              </option>
            ))}
          </select>
          {errors.durationSeconds ? (
            <span className="field-error">{errors.durationSeconds}</span>
          ) : (
            <span className="field-hint">Top it up later to keep it longer.</span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>Proofs</label>
          <select
            id={`${id}-period`}
            className="input"
            value={draft.periodSeconds}
            onChange={(e) => set({ periodSeconds: Number(e.target.value) })}
            disabled={!hydrated || working || done}
            data-testid="deal-period"
          >
            {PERIOD_CHOICES.map((c) => (
              <option key={c.seconds} value={c.seconds}>
                {c.label}
              </option>
            ))}
          </select>
          <span className="field-hint">Shorter periods catch a lost copy sooner.</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-token`}>Pay in</label>
          <input
            id={`${id}-token`}
            className="input"
            value={draft.token}
            placeholder="ETH"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set({ token: e.target.value })}
            disabled={!hydrated || working || done}
            aria-invalid={errors.token ? true : undefined}
            data-testid="deal-token"
          />
          {errors.token ? (
            <span className="field-error">{errors.token}</span>
          ) : (
            <span className="field-hint">
              Empty for ETH; or an ERC-20 token&apos;s address (you approve it, then open the deal). Keepers stake in it
              too, and take only the tokens they accept.
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-price`}>Price per copy per proof ({symbol})</label>
          <input
            id={`${id}-price`}
            className="input"
            inputMode="decimal"
            value={draft.price}
            onChange={(e) => set({ price: e.target.value })}
            disabled={!hydrated || working || done}
            aria-invalid={errors.price ? true : undefined}
            data-testid="deal-price"
          />
          {errors.price ? (
            <span className="field-error">{errors.price}</span>
          ) : (
            <span className="field-hint">Keepers take deals whose price suits them.</span>
          )}
        </div>
      </div>
      <details>
        <summary>Keepers&apos; stake and penalties</summary>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-stake`}>Stake per keeper ({symbol})</label>
            <input
              id={`${id}-stake`}
              className="input"
              inputMode="decimal"
              value={draft.stake}
              onChange={(e) => set({ stake: e.target.value })}
              disabled={!hydrated || working || done}
              aria-invalid={errors.stake ? true : undefined}
            />
            {errors.stake ? (
              <span className="field-error">{errors.stake}</span>
            ) : (
              <span className="field-hint">
                Locked while a keeper holds a copy; at least the cost of a missed proof.
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-slash`}>Cost of a missed proof ({symbol})</label>
            <input
              id={`${id}-slash`}
              className="input"
              inputMode="decimal"
              value={draft.slash}
              onChange={(e) => set({ slash: e.target.value })}
              disabled={!hydrated || working || done}
              aria-invalid={errors.slash ? true : undefined}
            />
            {errors.slash ? (
              <span className="field-error">{errors.slash}</span>
            ) : (
              <span className="field-hint">
                At least the price per proof. Taken from the stake: half to whoever reports the miss, half into this
                deal (refunded to you at the end).
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-misses`}>Replace a keeper after (missed proofs)</label>
            <input
              id={`${id}-misses`}
              className="input"
              type="number"
              min={1}
              value={draft.maxMisses}
              onChange={(e) => set({ maxMisses: e.target.value })}
              disabled={!hydrated || working || done}
              aria-invalid={errors.maxMisses ? true : undefined}
            />
            {errors.maxMisses ? <span className="field-error">{errors.maxMisses}</span> : null}
          </div>
        </div>
      </details>

      <p className="deal-cost" data-testid="deal-cost" aria-live="polite">
        {checked.ok ? (
          <>
            You pay <strong>{formatAmount(checked.deal.deposit, checked.deal.token)}</strong> now:{" "}
            {costSentence(checked.deal)}. Periods no keeper proves are refundable when the deal ends. The first period
            opens about {START_LEAD_SECONDS} s after the deal is mined.
          </>
        ) : (
          "Fix the fields above to see the cost."
        )}
      </p>
      {fingerprint.state === "ready" ? (
        <p className="muted" data-testid="deal-fingerprint">
          Content: {formatBytes(fingerprint.root.size)} in {fingerprint.root.segmentCount.toLocaleString("en")} segments
          · root <span className="mono">{fingerprint.root.root.slice(0, 12)}…</span>
        </p>
      ) : null}

      <WalletGate purpose="pay for the deal">
        <div className="tx-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!hydrated || working || done || !checked.ok}
            data-testid="deal-submit"
          >
            {checked.ok ? `Open deal · ${formatAmount(checked.deal.deposit, checked.deal.token)}` : "Open deal"}
          </button>
          <button type="button" className="btn" onClick={() => setOpen(false)} disabled={busy}>
            {done ? "Close" : "Cancel"}
          </button>
        </div>
        {fingerprint.state === "computing" ? (
          <div className="tx" data-tone="waiting" data-testid="deal-status" data-step="fingerprint" role="status">
            <Waiting>Computing the video&apos;s fingerprint (the Merkle root keepers will prove against)…</Waiting>
          </div>
        ) : fingerprint.state === "error" ? (
          <div className="tx" data-tone="error" data-testid="deal-status" data-step="failed" role="status">
            {fingerprint.message}
          </div>
        ) : (
          <TxStatus
            tx={tx}
            testId="deal-status"
            confirmed={(r) => `waiting for the catalogue to index deal #${r.dealId}…`}
            indexed={(r) => (
              <>
                deal #{r.dealId} is open —{" "}
                <Link href={`/storage/deals/${r.dealId}`} data-testid="deal-link">
                  follow it
                </Link>
                . Keepers take it up within moments; the badge above updates as they prove.
              </>
            )}
          />
        )}
      </WalletGate>
    </form>
  );
}
