"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfig } from "wagmi";
import { formatAmount, formatPeriod } from "@/lib/money";
import { membershipPlanPlan, readMembershipPlan } from "@/tx/paymentsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate, useWallet } from "../WalletGate";
import { MembersList } from "./MembersList";
import { PlanFields, usePlanDraft } from "./PlanFields";
import styles from "./earn.module.css";

/**
 * A creator's membership plan (on /account): the price per period and the period, in ETH or an ERC-20. Fans *Join*
 * for a period on a members-only video; a change applies to the next join, never to a membership already paid for.
 */
export function MembershipPlanForm() {
  return (
    <section className="stack" aria-labelledby="membership-heading" data-testid="membership-plan">
      <h2 className="section-title" id="membership-heading">
        Memberships
      </h2>
      <WalletGate purpose="set your membership plan">
        <PlanForm />
      </WalletGate>
    </section>
  );
}

function PlanForm() {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { address } = useWallet();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ["membership-plan", config.chainId, address?.toLowerCase()],
    enabled: Boolean(address),
    queryFn: () => readMembershipPlan(wagmiConfig, config, address!),
  });
  const plan = usePlanDraft();
  const [touched, setTouched] = useState(false);
  const { tx, start, busy } = useContractTx<{ price: bigint }>();
  const error = plan.shownError(touched);

  const submit = () => {
    setTouched(true);
    const { checked } = plan;
    if (!checked.ok || !address) return;
    void start({
      ...membershipPlanPlan(wagmiConfig, config, address, {
        token: checked.token.address,
        price: checked.price,
        periodSeconds: checked.periodSeconds,
      }),
      onIndexed: () => void queryClient.invalidateQueries({ queryKey: ["membership-plan"] }),
    });
  };

  return (
    <>
      <p className="muted" data-testid="membership-current">
        {current.isPending
          ? "Reading your plan…"
          : current.isError
            ? `Couldn't read your plan: ${current.error.message}`
            : current.data
              ? `Members pay ${formatAmount(current.data.price, current.data.token)} per ${formatPeriod(current.data.periodSeconds)} to watch your members-only videos.`
              : "You have no membership plan yet: members-only videos can't be joined until you set one."}
      </p>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <PlanFields plan={plan} testIdPrefix="membership" />
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className={styles.actions} style={{ justifyContent: "flex-start" }}>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="membership-save">
            {busy ? "Saving…" : current.data ? "Change the plan" : "Open memberships"}
          </button>
        </div>
      </form>
      <TxStatus
        tx={tx}
        testId="membership-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "your membership plan is set."}
      />
      {address ? <MembersList creator={address} /> : null}
    </>
  );
}
