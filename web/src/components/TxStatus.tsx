"use client";
import type { ReactNode } from "react";
import { shortHash } from "@/lib/format";
import { explorerTxUrl } from "@/lib/media";
import { usePublicConfig } from "./ConfigContext";
import type { TxState } from "@/tx/useContractTx";

export type Tone = "error" | "success" | "waiting" | undefined;

/**
 * A transaction's state as one live region: Waiting for signature → Pending (tx …) → Confirmed in block N → Indexed,
 * or what went wrong. `data-step` says which, for tests. Before anything is sent, `idle` says what is (not) happening.
 */
export function TxStatus<R>({
  tx,
  confirmed,
  indexed,
  idle,
  testId = "tx-status",
  signingText = "Waiting for signature — confirm the transaction in your wallet.",
}: {
  tx: TxState<R>;
  /** What the catalogue is being waited for, after "Confirmed in block N (tx …) — ": "waiting for the catalogue…". */
  confirmed: (result: R) => ReactNode;
  /** The success line after "Indexed — ". */
  indexed: (result: R) => ReactNode;
  /** Shown while nothing is sent; null hides the box. `step` overrides data-step ("waiting"). */
  idle?: { body: ReactNode; tone?: Tone; step?: string } | null;
  testId?: string;
  signingText?: string;
}) {
  const { explorerUrl } = usePublicConfig();
  let tone: Tone;
  let body: ReactNode;
  let step: string = tx.step;

  switch (tx.step) {
    case "idle":
      if (!idle) return null;
      tone = idle.tone;
      body = idle.body;
      step = idle.step ?? "idle";
      break;
    case "signing":
      tone = "waiting";
      body = <Waiting>{signingText}</Waiting>;
      break;
    case "pending":
      tone = "waiting";
      body = (
        <Waiting>
          Pending (tx <TxRef hash={tx.hash} explorerUrl={explorerUrl} />) — waiting for it to be mined…
        </Waiting>
      );
      break;
    case "confirmed":
      tone = "waiting";
      body = (
        <>
          <Waiting>
            Confirmed in block {tx.blockNumber.toString()} (tx <TxRef hash={tx.hash} explorerUrl={explorerUrl} />) —{" "}
            {confirmed(tx.result)}
          </Waiting>
          {tx.slow ? (
            <span>
              The indexer is taking longer than usual. The change is on-chain already; it will show as soon as the
              indexer catches up.
            </span>
          ) : null}
        </>
      );
      break;
    case "indexed":
      tone = "success";
      body = (
        <span>
          <strong>Indexed</strong> — {indexed(tx.result)} (confirmed in block {tx.blockNumber.toString()}, tx{" "}
          <TxRef hash={tx.hash} explorerUrl={explorerUrl} />)
        </span>
      );
      break;
    case "failed":
      tone = "error";
      body = (
        <span>
          {tx.message}
          {tx.hash ? (
            <>
              {" "}
              (tx <TxRef hash={tx.hash} explorerUrl={explorerUrl} />)
            </>
          ) : null}
        </span>
      );
      break;
  }

  return (
    <div className="tx" data-testid={testId} data-step={step} data-tone={tone} role="status" aria-live="polite">
      {body}
    </div>
  );
}

export function Waiting({ children }: { children: ReactNode }) {
  return (
    <span className="tx-line">
      <span className="mini-spinner" aria-hidden="true" />
      <span>{children}</span>
    </span>
  );
}

function TxRef({ hash, explorerUrl }: { hash: string; explorerUrl: string | null }) {
  const href = explorerTxUrl(explorerUrl, hash);
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer" title={hash} className="mono">
      {shortHash(hash)}
    </a>
  ) : (
    <span className="mono" title={hash}>
      {shortHash(hash)}
    </span>
  );
}
