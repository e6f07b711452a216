"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Hex, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import type { TokenUnits } from "@/lib/money";
import { describeError } from "@/lib/errors";
import { usePublicConfig } from "@/components/ConfigContext";

/**
 * One contract transaction, followed until the catalogue shows it — the states every Chorus transaction shows:
 * waiting for signature → pending (tx hash) → confirmed (block) → indexed (the indexer has the change), or failed
 * (with a sentence saying what happened and what to do). Shared by the upload flow (Videos.publish,
 * Channels.submitVideo) and the channel pages (create, propose, vote, withdraw); <TxStatus> renders it.
 */

export type TxState<R> =
  | { step: "idle" }
  | { step: "signing" }
  | { step: "pending"; hash: Hex }
  | { step: "confirmed"; hash: Hex; blockNumber: bigint; result: R; slow: boolean }
  | { step: "indexed"; hash: Hex; blockNumber: bigint; result: R }
  | { step: "failed"; message: string; rejected: boolean; hash?: Hex };

export interface TxPlan<R> {
  /** Asks the wallet to sign and send the transaction; resolves with its hash. */
  send: () => Promise<Hex>;
  /** Reads what the transaction did from its receipt (new ids…); throw an Error with a sentence if it didn't. */
  read: (receipt: TransactionReceipt) => R;
  /** Whether the indexer shows the change yet; polled every second until true. */
  isIndexed: (result: R, signal: AbortSignal) => Promise<boolean>;
  /** The hash, as soon as the wallet has signed (to remember it across a reload). */
  onHash?: (hash: Hex) => void;
  /** Once the indexer shows the change. */
  onIndexed?: (result: R) => void;
  /** For error sentences: what we were doing ("publish", "vote") and what didn't happen ("your vote wasn't cast"). */
  action: string;
  outcome?: string;
  /** The token the transaction's amounts are in, when the contract's errors name amounts but not their token. */
  token?: TokenUnits;
}

/** Thrown by a plan's `send` with a sentence of its own (e.g. no contract on this chain). */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
  }
}

const SLOW_AFTER_MS = 20_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function useContractTx<R>() {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const [tx, setTx] = useState<TxState<R>>({ step: "idle" });
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  // Stable (it only touches a ref), so the callbacks below can list it without changing identity.
  const newRun = useCallback(() => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    return controller.signal;
  }, []);

  /** From a signed transaction's hash: pending → confirmed → indexed. */
  const follow = useCallback(
    async (hash: Hex, plan: TxPlan<R>, signal: AbortSignal) => {
      setTx({ step: "pending", hash });
      let blockNumber: bigint;
      let result: R;
      try {
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash, chainId: config.chainId });
        if (signal.aborted) return;
        if (receipt.status !== "success") {
          throw new UserFacingError(
            `The transaction was mined but the contract reverted it, so ${plan.outcome ?? "nothing changed"}. Try again.`,
          );
        }
        blockNumber = receipt.blockNumber;
        result = plan.read(receipt);
      } catch (error) {
        if (signal.aborted) return;
        const reverted =
          typeof error === "object" &&
          error !== null &&
          "name" in error &&
          /Revert|ExecutionReverted/i.test(String(error.name));
        setTx({
          step: "failed",
          hash,
          rejected: false,
          message:
            error instanceof UserFacingError || (error instanceof Error && error.message.startsWith("The transaction"))
              ? error.message
              : reverted
                ? describeError(error, {
                    chainName: config.chainName,
                    action: plan.action,
                    outcome: plan.outcome,
                    token: plan.token,
                  }).message
                : `Couldn't confirm the transaction: ${describeError(error, { chainName: config.chainName }).message}`,
        });
        return;
      }
      setTx({ step: "confirmed", hash, blockNumber, result, slow: false });
      const started = Date.now();
      while (!signal.aborted) {
        const indexed = await plan.isIndexed(result, signal).catch(() => false);
        if (signal.aborted) return;
        if (indexed) {
          setTx({ step: "indexed", hash, blockNumber, result });
          plan.onIndexed?.(result);
          return;
        }
        if (Date.now() - started > SLOW_AFTER_MS)
          setTx((t) => (t.step === "confirmed" && !t.slow ? { ...t, slow: true } : t));
        await sleep(1000, signal);
      }
    },
    [wagmiConfig, config.chainId, config.chainName],
  );

  /** Asks for the signature, then follows the transaction. Resolves when it is indexed, failed or abandoned. */
  const start = useCallback(
    async (plan: TxPlan<R>) => {
      const signal = newRun();
      setTx({ step: "signing" });
      let hash: Hex;
      try {
        hash = await plan.send();
      } catch (error) {
        if (signal.aborted) return;
        const human =
          error instanceof UserFacingError
            ? { kind: "unknown" as const, message: error.message }
            : describeError(error, {
                chainName: config.chainName,
                action: plan.action,
                outcome: plan.outcome,
                token: plan.token,
              });
        setTx({ step: "failed", message: human.message, rejected: human.kind === "rejected" });
        return;
      }
      if (signal.aborted) return;
      plan.onHash?.(hash);
      await follow(hash, plan, signal);
    },
    [follow, config.chainName, newRun],
  );

  /** Follows a transaction signed earlier (e.g. before a reload). */
  const resume = useCallback((hash: Hex, plan: TxPlan<R>) => follow(hash, plan, newRun()), [follow, newRun]);

  const reset = useCallback(() => {
    controllerRef.current?.abort();
    setTx({ step: "idle" });
  }, []);

  const busy = tx.step === "signing" || tx.step === "pending" || tx.step === "confirmed";
  return { tx, start, resume, reset, busy };
}
