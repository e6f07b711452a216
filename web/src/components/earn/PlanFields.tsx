"use client";
import { useId, useState } from "react";
import { checkPlan, MAX_PLAN_DAYS, MIN_PLAN_DAYS, type PlanDraft, tokenSymbol } from "@/lib/money";
import { useTypedToken } from "./use-earnings";
import styles from "./earn.module.css";

/**
 * A membership plan being typed — price per period, period in days, token — with the token read from its contract and
 * the fields checked (`checked`). One hook for both plan forms: a creator's own plan and a channel's plan proposal.
 */
export function usePlanDraft() {
  const [draft, setDraft] = useState<PlanDraft>({ price: "", days: "30", token: "" });
  const tokenRead = useTypedToken(draft.token);
  const checked = checkPlan(draft, tokenRead);
  return {
    draft,
    setDraft,
    tokenRead,
    checked,
    /** The sentence to show: after a first submit (`submitted`), and at once for a token that can't be read. */
    shownError: (submitted: boolean) =>
      !checked.ok && (submitted || tokenRead.state === "unreadable") ? checked.error : null,
  };
}

/**
 * The plan's three fields: the price in the token's own units (its symbol in the label once read), the period in days
 * within the contract's bounds, and the token (empty for ETH, else an ERC-20's address). Price and period side by side
 * where there is room, one under the other on a phone. Test ids are `<testIdPrefix>-price`, `-days` and `-token`.
 */
export function PlanFields({
  plan,
  disabled = false,
  testIdPrefix,
}: {
  plan: ReturnType<typeof usePlanDraft>;
  disabled?: boolean;
  testIdPrefix: string;
}) {
  const id = useId();
  const { draft, setDraft, tokenRead } = plan;
  const set = (key: keyof PlanDraft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }));
  return (
    <>
      <div className={styles.row}>
        <div className="field">
          <label htmlFor={`${id}-price`}>Price per period ({tokenSymbol(tokenRead)})</label>
          <input
            id={`${id}-price`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            value={draft.price}
            onChange={set("price")}
            disabled={disabled}
            data-testid={`${testIdPrefix}-price`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>
            Period (days, {MIN_PLAN_DAYS} to {MAX_PLAN_DAYS})
          </label>
          <input
            id={`${id}-days`}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            value={draft.days}
            onChange={set("days")}
            disabled={disabled}
            data-testid={`${testIdPrefix}-days`}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-token`}>Token (empty for ETH, or an ERC-20 address)</label>
        <input
          id={`${id}-token`}
          className="input mono"
          placeholder="ETH"
          autoComplete="off"
          spellCheck={false}
          value={draft.token}
          onChange={set("token")}
          disabled={disabled}
          aria-invalid={tokenRead.state === "unreadable" || undefined}
          data-testid={`${testIdPrefix}-token`}
        />
      </div>
    </>
  );
}
