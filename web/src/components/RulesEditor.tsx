"use client";
import { useId } from "react";
import { formatVotingPeriod, parseRulesDraft, requiredYes, thresholdVotesYes, type RulesDraft } from "@/lib/channels";
import { plural } from "@/lib/format";

/**
 * A channel's rules as a form: who may submit, the threshold (a number of members, or a percentage), the voting period
 * (hours or days, 1 hour to 90 days), with a sentence saying what they mean for `members` members.
 */
export function RulesEditor({
  value,
  onChange,
  members,
  showErrors,
  disabled,
}: {
  value: RulesDraft;
  onChange: (draft: RulesDraft) => void;
  members: number;
  showErrors: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const parsed = parseRulesDraft(value, members);
  const errors = parsed.ok ? {} : parsed.errors;
  const set = (patch: Partial<RulesDraft>) => onChange({ ...value, ...patch });

  return (
    <fieldset className="rules-editor" disabled={disabled}>
      <legend>Rules</legend>

      <div className="field">
        <span className="field-label" id={`${id}-submit`}>
          Who may submit videos and proposals
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby={`${id}-submit`}>
          <label>
            <input
              type="radio"
              name={`${id}-submitters`}
              checked={value.submitters === "members"}
              onChange={() => set({ submitters: "members" })}
              data-testid="rules-members-only"
            />
            Members only
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-submitters`}
              checked={value.submitters === "anyone"}
              onChange={() => set({ submitters: "anyone" })}
              data-testid="rules-anyone"
            />
            Anyone
          </label>
        </div>
        <div className="field-hint">
          <span>
            {value.submitters === "anyone"
              ? "Anyone may submit; only members vote. Non-members can also apply to join."
              : "Only members may submit; only members vote."}
          </span>
        </div>
      </div>

      <div className="field">
        <label htmlFor={`${id}-threshold`}>Threshold: yes votes that pass a proposal</label>
        <div className="inline-fields">
          <input
            id={`${id}-threshold`}
            className="input input-number"
            inputMode={value.thresholdKind === "absolute" ? "numeric" : "decimal"}
            value={value.threshold}
            onChange={(e) => set({ threshold: e.target.value })}
            aria-invalid={showErrors && errors.threshold ? true : undefined}
            aria-describedby={`${id}-threshold-hint`}
            data-testid="rules-threshold"
          />
          <select
            className="input input-narrow"
            value={value.thresholdKind}
            onChange={(e) => {
              const kind = e.target.value as RulesDraft["thresholdKind"];
              // Carry the meaning over: 2 of 3 ↔ 67 %.
              const now = parseRulesDraft(value, members);
              const needed = now.ok ? requiredYes(now.rules, members) : 1;
              set({
                thresholdKind: kind,
                threshold:
                  kind === "absolute"
                    ? String(Math.max(1, needed))
                    : String(Math.min(100, Math.round(((needed || 1) / Math.max(1, members)) * 100))),
              });
            }}
            aria-label="Threshold kind"
            data-testid="rules-threshold-kind"
          >
            <option value="absolute">
              {members > 0 ? `of ${plural(members, "member")} (a number)` : "members (a number)"}
            </option>
            <option value="percentage">% of members</option>
          </select>
        </div>
        <div className="field-hint" id={`${id}-threshold-hint`}>
          {showErrors && errors.threshold ? (
            <span className="field-error" role="alert">
              {errors.threshold}
            </span>
          ) : (
            <span>
              {value.thresholdKind === "absolute"
                ? "A number of yes votes; if members leave, it is capped at the member count."
                : "A share of the members, rounded up, at least one vote; it follows the member count."}
            </span>
          )}
        </div>
      </div>

      <div className="field">
        <label htmlFor={`${id}-period`}>Voting period</label>
        <div className="inline-fields">
          <input
            id={`${id}-period`}
            className="input input-number"
            inputMode="decimal"
            value={value.period}
            onChange={(e) => set({ period: e.target.value })}
            aria-invalid={showErrors && errors.period ? true : undefined}
            aria-describedby={`${id}-period-hint`}
            data-testid="rules-period"
          />
          <select
            className="input input-narrow"
            value={value.periodUnit}
            onChange={(e) => set({ periodUnit: e.target.value as RulesDraft["periodUnit"] })}
            aria-label="Voting period unit"
            data-testid="rules-period-unit"
          >
            <option value="hours">hours</option>
            <option value="days">days</option>
          </select>
        </div>
        <div className="field-hint" id={`${id}-period-hint`}>
          {showErrors && errors.period ? (
            <span className="field-error" role="alert">
              {errors.period}
            </span>
          ) : (
            <span>From 1 hour to 90 days. A proposal not decided by then expires.</span>
          )}
        </div>
      </div>

      <p className="rules-summary" data-testid="rules-summary" aria-live="polite">
        {members === 0 ? (
          "Add the founding members to see what these rules mean."
        ) : parsed.ok ? (
          <>
            A proposal passes when <strong>{thresholdVotesYes(parsed.rules, members)}</strong> within{" "}
            <strong>{formatVotingPeriod(parsed.rules.votingPeriod)}</strong>.
          </>
        ) : (
          "Fix the rules above to see what they mean."
        )}
      </p>
    </fieldset>
  );
}
