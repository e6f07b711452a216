"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useConfig } from "wagmi";
import type { DealDetail } from "@/lib/indexer";
import { getAddress } from "viem";
import { formatSpan, topUpCost } from "@/lib/storage";
import { useHydrated } from "@/lib/use-hydrated";
import { usePublicConfig } from "./ConfigContext";
import { useTokenAmounts } from "./earn/use-earnings";
import { refundPlan, topUpPlan } from "@/tx/storageTx";
import { TxStatus } from "./TxStatus";
import { useContractTx } from "@/tx/useContractTx";
import { useWallet, WalletGate } from "./WalletGate";

/**
 * Top-up (its funder only, while the deal runs: nobody else may postpone the funder's refund) and refund (anyone, once
 * it has ended: the money goes to the funder).
 */
export function DealActions({ deal }: { deal: DealDetail }) {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const router = useRouter();
  const id = useId();
  const [periods, setPeriods] = useState("24");
  const topUp = useContractTx<{ dealId: string }>();
  const refund = useContractTx<{ dealId: string }>();
  const { address } = useWallet();
  // The deal's amounts are in its token (ETH, or the ERC-20 it was opened in; a top-up approves it first).
  const { format } = useTokenAmounts(deal.token);
  const notFunder = address !== undefined && address.toLowerCase() !== deal.funder.toLowerCase();
  const ended = Date.now() / 1000 >= deal.end;
  const added = Number(periods);
  const validPeriods = Number.isInteger(added) && added >= 1 && added <= 100_000;
  const cost = validPeriods ? topUpCost(deal.replicas, added, BigInt(deal.pricePerPeriod)) : 0n;
  const refundable = BigInt(deal.deposit) + BigInt(deal.slashed) - BigInt(deal.paid) - BigInt(deal.refunded);
  const keepersNote =
    "Keepers serve the added periods once they agree; one that doesn't is released at the end it signed up for, and its copy's slot reopens for another keeper.";

  const onTopUp = async (event: FormEvent) => {
    event.preventDefault();
    if (!validPeriods || topUp.busy) return;
    await topUp.start({
      ...topUpPlan(wagmiConfig, config, {
        dealId: deal.id,
        token: getAddress(deal.token),
        addedPeriods: added,
        cost,
        periodsAfter: deal.periods + added,
      }),
      onIndexed: () => router.refresh(),
    });
  };

  if (ended) {
    return (
      <WalletGate purpose="refund the deal" compact>
        <div className="stack">
          <p className="muted">
            The deal has ended.{" "}
            {refundable > 0n
              ? `${format(refundable)} is left in it (unearned periods and slashed stake): refunding credits it to the funder, who withdraws it from the storage page.`
              : "Nothing is left in it to refund."}
          </p>
          {refundable > 0n ? (
            <div className="tx-actions">
              <button
                type="button"
                className="btn"
                disabled={!hydrated || refund.busy || refund.tx.step === "indexed"}
                onClick={() =>
                  void refund.start({ ...refundPlan(wagmiConfig, config, deal.id), onIndexed: () => router.refresh() })
                }
                data-testid="deal-refund"
              >
                Refund the funder
              </button>
            </div>
          ) : null}
          <TxStatus
            tx={refund.tx}
            testId="refund-status"
            confirmed={() => "waiting for the catalogue…"}
            indexed={() => "refunded: the funder can withdraw it now."}
          />
        </div>
      </WalletGate>
    );
  }

  return (
    <form className="stack" onSubmit={onTopUp} noValidate aria-label="Top up the deal">
      <div className="field">
        <label htmlFor={`${id}-periods`}>Add periods</label>
        <input
          id={`${id}-periods`}
          className="input"
          type="number"
          min={1}
          value={periods}
          onChange={(e) => setPeriods(e.target.value)}
          disabled={!hydrated || topUp.busy}
          aria-invalid={validPeriods ? undefined : true}
          data-testid="topup-periods"
        />
        <span className={validPeriods ? "field-hint" : "field-error"}>
          {validPeriods
            ? `${formatSpan(added * deal.periodSeconds)} more for ${format(cost)} (${deal.replicas} × ${added} × ${format(deal.pricePerPeriod)}). ${keepersNote}`
            : "Add 1 to 100,000 periods."}
        </span>
      </div>
      <WalletGate purpose="top up the deal" compact>
        {notFunder ? (
          <p className="muted" data-testid="topup-funder-only">
            Only the account that opened this deal can top it up. To keep the video longer yourself, open a new deal
            from its page.
          </p>
        ) : (
          <div className="tx-actions">
            <button
              type="submit"
              className="btn"
              disabled={!hydrated || !validPeriods || topUp.busy}
              data-testid="topup-submit"
            >
              Top up · {format(cost)}
            </button>
          </div>
        )}
        <TxStatus
          tx={topUp.tx}
          testId="topup-status"
          confirmed={() => "waiting for the catalogue…"}
          indexed={() => "the deal runs longer now."}
        />
      </WalletGate>
    </form>
  );
}
