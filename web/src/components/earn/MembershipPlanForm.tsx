"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useConfig } from "wagmi";
import { ETH, formatAmount, formatPeriod, parseAmount, parsePeriodDays, parseToken } from "@/lib/money";
import { membershipPlanPlan, readMembershipPlan } from "@/tx/paymentsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate, useWallet } from "../WalletGate";
import { MembersList } from "./MembersList";
import { useToken } from "./use-earnings";
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
  const id = useId();
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { address } = useWallet();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ["membership-plan", config.chainId, address?.toLowerCase()],
    enabled: Boolean(address),
    queryFn: () => readMembershipPlan(wagmiConfig, config, address!),
  });
  const [price, setPrice] = useState("");
  const [days, setDays] = useState("30");
  const [tokenText, setTokenText] = useState("");
  const [touched, setTouched] = useState(false);
  const { tx, start, busy } = useContractTx<{ price: bigint }>();

  const tokenParsed = parseToken(tokenText);
  const token = useToken(tokenParsed.ok ? tokenParsed.token : null);
  const amount = parseAmount(price, token.data?.decimals ?? 18);
  const period = parsePeriodDays(days);
  const error = !tokenParsed.ok
    ? tokenParsed.error
    : token.isError
      ? `Couldn't read that token: ${token.error.message} Check the address, or leave it empty for ETH.`
      : !amount.ok
        ? `Price: ${amount.error}`
        : !period.ok
          ? period.error
          : null;

  const submit = () => {
    setTouched(true);
    if (error || !amount.ok || !period.ok || !token.data || !address) return;
    void start({
      ...membershipPlanPlan(wagmiConfig, config, address, {
        token: token.data.address,
        price: amount.value,
        periodSeconds: period.seconds,
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
        <div className={styles.row}>
          <div className="field">
            <label htmlFor={`${id}-price`}>Price per period ({token.data?.symbol ?? "token"})</label>
            <input
              id={`${id}-price`}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              data-testid="membership-price"
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-days`}>Period (days)</label>
            <input
              id={`${id}-days`}
              className="input"
              inputMode="numeric"
              autoComplete="off"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              data-testid="membership-days"
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-token`}>Token (empty for ETH, or an ERC-20 address)</label>
          <input
            id={`${id}-token`}
            className="input mono"
            placeholder={ETH === tokenText ? "" : "ETH"}
            autoComplete="off"
            spellCheck={false}
            value={tokenText}
            onChange={(e) => setTokenText(e.target.value)}
          />
        </div>
        {touched && error ? (
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
