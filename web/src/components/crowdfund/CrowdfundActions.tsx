"use client";
import type { CrowdfundDetail } from "@chorus/protocol";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { timeLeft } from "@/lib/crowdfund";
import { parseAmount } from "@/lib/money";
import { useHydrated } from "@/lib/use-hydrated";
import { claimPlan, pledgePlan, refundPlan, unpledgePlan, type CampaignRef, type PledgeResult } from "@/tx/crowdfundTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { useTokenAmounts } from "../earn/use-earnings";
import { TxStatus } from "../TxStatus";
import { useWallet, WalletGate } from "../WalletGate";
import styles from "./Crowdfund.module.css";

/**
 * The countdown (by the chain's clock: the indexer's `now` when the page was rendered, advanced by the time since) and
 * the action that applies: while running, pledge (any wallet) and take back (a backer); once reached, claim (the
 * creator, or anyone for a channel's campaign); once missed, refund (a backer). Each transaction shows its states.
 */
export function CrowdfundActions({ campaign }: { campaign: CrowdfundDetail }) {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const router = useRouter();
  const id = useId();
  const { address } = useWallet();
  const [loadedAt] = useState(() => Date.now());
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - loadedAt) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [loadedAt]);
  const chainNow = campaign.now + elapsed;
  const running = campaign.status === "running" && chainNow < campaign.deadline;

  const [amountText, setAmountText] = useState("");
  const pledge = useContractTx<PledgeResult>();
  const takeBack = useContractTx<PledgeResult>();
  const claim = useContractTx<CampaignRef>();
  const refund = useContractTx<PledgeResult>();
  // Amounts are in the campaign token's own decimals, read from its contract (ETH at once).
  const amounts = useTokenAmounts(campaign.token);
  const formatAmount = amounts.format;
  const parsed = amounts.info ? parseAmount(amountText, amounts.info.decimals) : null;
  const amount = parsed?.ok ? parsed.value : null;
  const amountError = !amountText.trim()
    ? null
    : amounts.error
      ? amounts.error
      : !parsed
        ? "Reading the token's decimals — a moment."
        : parsed.ok
          ? null
          : parsed.error;
  const mine = address
    ? BigInt(campaign.pledges.find((p) => p.backer.toLowerCase() === address.toLowerCase())?.amount ?? "0")
    : 0n;
  const token = campaign.token as Address;
  const refresh = () => router.refresh();

  const onPledge = async (event: FormEvent) => {
    event.preventDefault();
    if (amount === null || !address || pledge.busy) return;
    await pledge.start({
      ...pledgePlan(wagmiConfig, config, { campaignId: campaign.id, token, amount, backer: address }),
      token: amounts.info,
      onIndexed: refresh,
    });
  };

  const countdown = (
    <>
      <p data-testid="crowdfund-countdown" suppressHydrationWarning>
        {running ? timeLeft(campaign.deadline, chainNow) : "The deadline has passed."}
      </p>
      {amounts.error ? (
        <p className="field-error" role="alert" data-testid="crowdfund-token-error">
          {amounts.error}
        </p>
      ) : null}
    </>
  );

  if (running) {
    return (
      <div className="stack">
        {countdown}
        <form className="stack" onSubmit={onPledge} noValidate aria-label="Pledge">
          <div className="field">
            <label htmlFor={`${id}-amount`}>Pledge ({amounts.symbol})</label>
            <input
              id={`${id}-amount`}
              className="input"
              inputMode="decimal"
              placeholder="0.1"
              value={amountText}
              onChange={(e) => setAmountText(e.target.value)}
              disabled={!hydrated || pledge.busy}
              aria-invalid={amountError ? true : undefined}
              aria-describedby={`${id}-amount-hint`}
              data-testid="pledge-amount"
            />
            <span id={`${id}-amount-hint`} className={amountError ? "field-error" : "field-hint"}>
              {amountError ?? "Held by the contract until the deadline; you can take it back until then."}
            </span>
          </div>
          <WalletGate purpose="pledge" compact>
            <div className={styles.actions}>
              <button
                type="submit"
                className="btn btn-primary"
                disabled={!hydrated || amount === null || pledge.busy}
                data-testid="pledge-submit"
              >
                Pledge
              </button>
              {mine > 0n ? (
                <button
                  type="button"
                  className="btn"
                  disabled={!hydrated || takeBack.busy || !address}
                  onClick={() =>
                    address &&
                    void takeBack.start({
                      ...unpledgePlan(wagmiConfig, config, { campaignId: campaign.id, amount: mine, backer: address }),
                      token: amounts.info,
                      onIndexed: refresh,
                    })
                  }
                  data-testid="unpledge"
                >
                  Take back my {formatAmount(mine)}
                </button>
              ) : null}
            </div>
          </WalletGate>
        </form>
        <TxStatus
          tx={pledge.tx}
          testId="pledge-status"
          confirmed={() => "waiting for the catalogue…"}
          indexed={() => "pledged."}
        />
        <TxStatus
          tx={takeBack.tx}
          testId="unpledge-status"
          confirmed={() => "waiting for the catalogue…"}
          indexed={() => "your pledge was returned."}
        />
      </div>
    );
  }

  // The deadline passed. The indexer's status may lag the chain by a second: judge by what was raised.
  const reached = BigInt(campaign.raised) >= BigInt(campaign.goal);
  if (reached) {
    const canClaim = campaign.channelId !== "0" || address?.toLowerCase() === campaign.creator.toLowerCase();
    return (
      <div className="stack">
        {countdown}
        {campaign.status === "claimed" ? (
          <p className="muted">
            {formatAmount(campaign.raised)} was paid to{" "}
            {campaign.channelId === "0" ? "the creator" : "the channel's pot, shared by its members"}.
          </p>
        ) : (
          <WalletGate purpose="claim the crowdfund" compact>
            {canClaim ? (
              <div className={styles.actions}>
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={!hydrated || claim.busy || claim.tx.step === "indexed"}
                  onClick={() =>
                    void claim.start({
                      ...claimPlan(wagmiConfig, config, campaign.id),
                      token: amounts.info,
                      onIndexed: refresh,
                    })
                  }
                  data-testid="crowdfund-claim"
                >
                  {campaign.channelId === "0" ? "Claim the funds" : "Pay the funds into the channel's pot"}
                </button>
              </div>
            ) : (
              <p className="muted">The goal was reached: the creator who started it claims the funds.</p>
            )}
          </WalletGate>
        )}
        <TxStatus
          tx={claim.tx}
          testId="claim-status"
          confirmed={() => "waiting for the catalogue…"}
          indexed={() => "paid out."}
        />
      </div>
    );
  }

  return (
    <div className="stack">
      {countdown}
      <p className="muted">The goal was missed: every backer takes their pledge back in full.</p>
      <WalletGate purpose="get your pledge back" compact>
        {mine > 0n ? (
          <div className={styles.actions}>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!hydrated || refund.busy || refund.tx.step === "indexed" || !address}
              onClick={() =>
                address &&
                void refund.start({
                  ...refundPlan(wagmiConfig, config, { campaignId: campaign.id, backer: address }),
                  token: amounts.info,
                  onIndexed: refresh,
                })
              }
              data-testid="crowdfund-refund"
            >
              Get my {formatAmount(mine)} back
            </button>
          </div>
        ) : (
          <p className="muted">This wallet has no pledge here to take back.</p>
        )}
      </WalletGate>
      <TxStatus
        tx={refund.tx}
        testId="refund-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "refunded."}
      />
    </div>
  );
}
