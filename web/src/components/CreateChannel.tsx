"use client";
import { useHydrated } from "@/lib/use-hydrated";
import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useConfig } from "wagmi";
import { checkFounders, parseRulesDraft, type RulesDraft } from "@/lib/channels";
import { plural } from "@/lib/format";
import { addToIpfs } from "@/lib/ipfs-client";
import { CHANNEL_DESCRIPTION_MAX, CHANNEL_NAME_MAX } from "@/lib/ipfs-request";
import { POLICY_MAX_BYTES, utf8Bytes } from "@/lib/policy";
import { createChannelPlan, type Created } from "@/tx/channelTx";
import { usePublicConfig } from "./ConfigContext";
import { PolicyEditor } from "./PolicyEditor";
import { RulesEditor } from "./RulesEditor";
import { TxStatus, Waiting } from "./TxStatus";
import { useContractTx } from "@/tx/useContractTx";
import { useWallet, WalletGate } from "./WalletGate";

const POLICY_TEMPLATE = `# Editorial policy

## What we publish
- 

## What we don't publish
- 

## How we decide
Members vote on every submission. A video is released when enough members vote yes.
`;

type Storing = { state: "idle" } | { state: "storing" } | { state: "error"; message: string };

/**
 * /channels/new: name and description (→ a metadata JSON on IPFS), the editorial policy (written or uploaded markdown
 * → IPFS), founding members (the creator pre-filled), and the rules. Then one transaction: Channels.createChannel.
 */
export function CreateChannel() {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { address } = useWallet();
  const id = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [policy, setPolicy] = useState(POLICY_TEMPLATE);
  const [founders, setFounders] = useState<string[]>([""]);
  const [rules, setRules] = useState<RulesDraft>({
    submitters: "members",
    thresholdKind: "absolute",
    threshold: "1",
    period: "3",
    periodUnit: "days",
  });
  const [thresholdTouched, setThresholdTouched] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [storing, setStoring] = useState<Storing>({ state: "idle" });
  const { tx, start, reset, busy } = useContractTx<Created>();
  const nameRef = useRef<HTMLInputElement>(null);

  // The creator is the first founder (they can remove themselves: the creator need not be a member).
  const prefilled = useRef(false);
  useEffect(() => {
    if (address && !prefilled.current) {
      prefilled.current = true;
      setFounders((rows) =>
        rows.some((r) => r.trim().toLowerCase() === address.toLowerCase())
          ? rows
          : rows[0]?.trim()
            ? [address, ...rows]
            : [address, ...rows.slice(1)],
      );
    }
  }, [address]);

  const founderCheck = checkFounders(founders);
  const memberCount = founderCheck.founders.length;
  // Until the threshold is edited, it follows the founders: a simple majority.
  useEffect(() => {
    if (!thresholdTouched && rules.thresholdKind === "absolute") {
      const majority = String(Math.max(1, Math.floor(memberCount / 2) + 1));
      if (rules.threshold !== majority) setRules((r) => ({ ...r, threshold: majority }));
    }
  }, [memberCount, thresholdTouched, rules.thresholdKind, rules.threshold]);

  const nameError = !name.trim()
    ? "Give the channel a name."
    : [...name.trim()].length > CHANNEL_NAME_MAX
      ? `Keep the name to ${CHANNEL_NAME_MAX} characters.`
      : null;
  const descriptionError =
    [...description.trim()].length > CHANNEL_DESCRIPTION_MAX
      ? `Keep the description to ${CHANNEL_DESCRIPTION_MAX} characters.`
      : null;
  const policyBytes = utf8Bytes(policy);
  const policyError = !policy.trim()
    ? "Write the channel's editorial policy."
    : policyBytes > POLICY_MAX_BYTES
      ? "The policy can be at most 256 KiB."
      : null;
  const parsedRules = parseRulesDraft(rules, memberCount);
  const valid =
    !nameError &&
    !descriptionError &&
    !policyError &&
    !founderCheck.error &&
    founderCheck.rowErrors.every((e) => !e) &&
    parsedRules.ok;

  const working = storing.state === "storing" || busy;
  const done = tx.step === "indexed";

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (!valid || !parsedRules.ok) {
      if (nameError) nameRef.current?.focus();
      return;
    }
    if (working || done) return;
    reset();
    setStoring({ state: "storing" });
    let metadataCid: string;
    let policyCid: string;
    try {
      [metadataCid, policyCid] = await Promise.all([
        addToIpfs({ kind: "channel-metadata", name: name.trim(), description: description.trim() }),
        addToIpfs({ kind: "policy", markdown: policy }),
      ]);
    } catch (error) {
      setStoring({
        state: "error",
        message: `${error instanceof Error ? error.message : "The documents couldn't be stored."} Nothing was created.`,
      });
      return;
    }
    setStoring({ state: "idle" });
    await start(
      createChannelPlan(wagmiConfig, config, {
        metadataCid,
        policyCid,
        founders: founderCheck.founders,
        rules: parsedRules.rules,
      }),
    );
  };

  return (
    <form className="stack create-channel" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h1 id={`${id}-heading`} className="visually-hidden">
        Create a channel
      </h1>
      <section className="panel stack">
        <h2>About the channel</h2>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name (required)</label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={CHANNEL_NAME_MAX}
            aria-invalid={showErrors && nameError ? true : undefined}
            data-testid="channel-name-input"
            autoComplete="off"
            disabled={!hydrated || working || done}
          />
          <div className="field-hint">
            <span className={showErrors && nameError ? "field-error" : undefined}>
              {showErrors && nameError ? nameError : "What people see in lists and on the channel page."}
            </span>
            <span>
              {[...name].length}/{CHANNEL_NAME_MAX}
            </span>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            className="textarea textarea-short"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={CHANNEL_DESCRIPTION_MAX}
            data-testid="channel-description-input"
            placeholder="What is this channel about?"
            disabled={!hydrated || working || done}
          />
          <div className="field-hint">
            <span className={showErrors && descriptionError ? "field-error" : undefined}>
              {showErrors && descriptionError ? descriptionError : "Optional."}
            </span>
            <span>
              {[...description].length}/{CHANNEL_DESCRIPTION_MAX}
            </span>
          </div>
        </div>
        <p className="publish-explain">
          The name and description are stored on IPFS; changing them later takes a vote.
        </p>
      </section>

      <section className="panel stack">
        <h2>Editorial policy</h2>
        <p className="publish-explain">
          The written rules every submission is judged by, in markdown. It is stored on IPFS and every change to it is
          voted on; its history stays public.
        </p>
        <PolicyEditor
          value={policy}
          onChange={setPolicy}
          error={showErrors ? policyError : null}
          disabled={!hydrated || working || done}
        />
      </section>

      <section className="panel stack">
        <h2>Founding members</h2>
        <p className="publish-explain">
          Members vote on submissions and on every change. You are pre-filled; add the others&apos; addresses.
        </p>
        <ol className="founders">
          {founders.map((row, i) => (
            <li key={i} className="founder-row">
              <div className="field" style={{ flex: 1 }}>
                <label htmlFor={`${id}-founder-${i}`} className="visually-hidden">
                  Founding member {i + 1}
                </label>
                <input
                  id={`${id}-founder-${i}`}
                  className="input mono"
                  value={row}
                  onChange={(e) => setFounders((rows) => rows.map((r, j) => (j === i ? e.target.value : r)))}
                  placeholder="0x…"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={showErrors && founderCheck.rowErrors[i] ? true : undefined}
                  data-testid={`founder-${i}`}
                  disabled={!hydrated || working || done}
                />
                {(showErrors || row.trim().length >= 42) && founderCheck.rowErrors[i] ? (
                  <span className="field-error">{founderCheck.rowErrors[i]}</span>
                ) : null}
                {address && row.trim().toLowerCase() === address.toLowerCase() ? (
                  <span className="field-hint">You</span>
                ) : null}
              </div>
              {founders.length > 1 ? (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => setFounders((rows) => rows.filter((_, j) => j !== i))}
                  aria-label={`Remove founding member ${i + 1}`}
                  disabled={!hydrated || working || done}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ol>
        <div className="tx-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setFounders((rows) => [...rows, ""])}
            data-testid="add-founder"
            disabled={!hydrated || working || done}
          >
            + Add a member
          </button>
          <span className="field-hint">{plural(memberCount, "founding member")}</span>
        </div>
        {showErrors && founderCheck.error ? (
          <p className="field-error" role="alert">
            {founderCheck.error}
          </p>
        ) : null}
      </section>

      <section className="panel stack">
        <RulesEditor
          value={rules}
          onChange={(next) => {
            if (next.threshold !== rules.threshold || next.thresholdKind !== rules.thresholdKind)
              setThresholdTouched(true);
            setRules(next);
          }}
          members={memberCount}
          showErrors={showErrors}
          disabled={!hydrated || working || done}
        />
      </section>

      <section className="panel stack">
        <WalletGate purpose="create the channel">
          <button
            type="submit"
            className="btn btn-primary btn-large btn-block"
            disabled={!hydrated || working || done}
            data-testid="create-submit"
          >
            {done ? "Channel created" : working ? "Creating…" : "Create channel"}
          </button>
          {showErrors && !valid ? (
            <p className="field-error" role="alert">
              Some fields need attention above.
            </p>
          ) : null}
          {storing.state === "storing" ? (
            <div className="tx" data-tone="waiting" data-testid="tx-status" data-step="storing" role="status">
              <Waiting>Storing the description and the policy on IPFS…</Waiting>
            </div>
          ) : storing.state === "error" ? (
            <div className="tx" data-tone="error" data-testid="tx-status" data-step="failed" role="status">
              {storing.message}
            </div>
          ) : (
            <TxStatus
              tx={tx}
              idle={{
                body: (
                  <span>
                    Your wallet will sign one transaction that creates the channel with these members, policy and rules.
                  </span>
                ),
              }}
              confirmed={(r) => `waiting for the catalogue to index channel #${r.channelId}…`}
              indexed={(r) => (
                <>
                  <Link href={`/channels/${r.channelId}`} data-testid="channel-link">
                    open the channel
                  </Link>{" "}
                  (channel #{r.channelId})
                </>
              )}
            />
          )}
        </WalletGate>
      </section>
    </form>
  );
}
