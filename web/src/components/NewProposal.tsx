"use client";
import { useHydrated } from "@/lib/use-hydrated";
import { useId, useState, type FormEvent } from "react";
import { getAddress, isAddress, zeroAddress } from "viem";
import { useConfig } from "wagmi";
import {
  draftFromRules,
  formatRules,
  parseRulesDraft,
  requiredYes,
  rulesChanges,
  type RulesDraft,
} from "@/lib/channels";
import { plural, shortAddress } from "@/lib/format";
import type { Channel, ChannelDetail } from "@/lib/indexer";
import { addToIpfs } from "@/lib/ipfs-client";
import { diffPolicy, POLICY_MAX_BYTES, utf8Bytes } from "@/lib/policy";
import { proposePlan, type ProposalCall, type Proposed } from "@/tx/channelTx";
import { usePublicConfig } from "./ConfigContext";
import { PolicyDiffView } from "./PolicyDiffView";
import { PolicyEditor } from "./PolicyEditor";
import { RulesEditor } from "./RulesEditor";
import { TxStatus, Waiting } from "./TxStatus";
import { useContractTx } from "@/tx/useContractTx";
import { useWallet, WalletGate } from "./WalletGate";
import { formatAmount, formatPeriod } from "@/lib/money";
import { PlanFields, usePlanDraft } from "./earn/PlanFields";
import { useToken } from "./earn/use-earnings";
import { ChannelPlaylistsForm } from "./playlists/ChannelPlaylistsForm";

export type ProposalFormKind = "policy" | "add-member" | "remove-member" | "rules" | "membership-plan" | "playlists";

const FORMS: { kind: ProposalFormKind; label: string }[] = [
  { kind: "policy", label: "Amend the policy" },
  { kind: "add-member", label: "Add a member" },
  { kind: "remove-member", label: "Remove a member" },
  { kind: "rules", label: "Change the rules" },
  { kind: "membership-plan", label: "Set the membership plan" },
  { kind: "playlists", label: "Set the channel's playlists" },
];

/**
 * "Make a proposal": amend the policy (an editor prefilled with the current policy, and the diff to review before
 * signing), add or remove a member, change the rules (before → after), set the membership plan fans pay to watch
 * the channel's members-only releases, or set the channel's playlists. One transaction each; the proposer's own yes vote counts, so where one vote is
 * enough it takes effect at once.
 */
export function NewProposal({
  channel,
  members,
  currentPolicy,
  membershipPlan,
  initialForm,
  onChanged,
}: {
  channel: Channel;
  members: string[];
  currentPolicy: string | null;
  /** The membership plan in force, or null for none. */
  membershipPlan: ChannelDetail["membershipPlan"];
  initialForm: ProposalFormKind | null;
  onChanged: () => void;
}) {
  const [form, setForm] = useState<ProposalFormKind | null>(initialForm);
  const { address } = useWallet();
  const isMember = Boolean(address) && members.some((m) => m.toLowerCase() === address!.toLowerCase());
  const mayPropose = isMember || channel.rules.submitters === "anyone";

  return (
    <section className="panel stack new-proposal" aria-labelledby="new-proposal-heading">
      <h2 id="new-proposal-heading">Make a proposal</h2>
      <WalletGate
        purpose="make a proposal"
        connectText="Members make proposals and vote on them. Connect a wallet to take part."
      >
        {!mayPropose ? (
          <p className="muted" data-testid="not-a-member">
            Only members can make proposals in this channel, and you aren&apos;t one with this account (
            {address ? shortAddress(address) : ""}). Ask a member to propose adding you.
          </p>
        ) : (
          <>
            <div className="segmented" role="group" aria-label="What to propose">
              {FORMS.map((f) => (
                <button
                  key={f.kind}
                  type="button"
                  aria-pressed={form === f.kind}
                  onClick={() => setForm(form === f.kind ? null : f.kind)}
                  data-testid={`new-proposal-${f.kind}`}
                >
                  {f.label}
                </button>
              ))}
            </div>
            {!isMember ? (
              <p className="publish-explain">
                You aren&apos;t a member, but this channel is open to anyone: you may propose (and apply to join by
                proposing to add yourself); only members vote.
              </p>
            ) : null}
            {form === "policy" ? (
              <PolicyForm key="policy" channel={channel} currentPolicy={currentPolicy} onChanged={onChanged} />
            ) : form === "add-member" ? (
              <AddMemberForm
                key="add"
                channel={channel}
                members={members}
                suggestSelf={!isMember ? address : undefined}
                onChanged={onChanged}
              />
            ) : form === "remove-member" ? (
              <RemoveMemberForm key="remove" channel={channel} members={members} onChanged={onChanged} />
            ) : form === "rules" ? (
              <RulesForm key="rules" channel={channel} onChanged={onChanged} />
            ) : form === "membership-plan" ? (
              <MembershipPlanProposalForm key="plan" channel={channel} current={membershipPlan} onChanged={onChanged} />
            ) : form === "playlists" ? (
              <ChannelPlaylistsForm key="playlists" channel={channel} onChanged={onChanged} />
            ) : (
              <p className="publish-explain" data-testid="proposal-explain">
                Any change passes like a video does: when{" "}
                {channel.requiredYes === 1 ? "one member votes" : `${channel.requiredYes} members vote`} yes.{" "}
                {isMember
                  ? "Your own proposal counts as your yes vote."
                  : "You aren't a member, so your proposal isn't a vote: the members decide."}
              </p>
            )}
          </>
        )}
      </WalletGate>
    </section>
  );
}

type Storing = { state: "idle" } | { state: "storing" } | { state: "error"; message: string };

/** The shared tail of every form: the submit button, IPFS step and the transaction's state. */
export function useProposal(channel: Channel, onChanged: () => void) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const tx = useContractTx<Proposed>();
  const [storing, setStoring] = useState<Storing>({ state: "idle" });
  const submit = async (call: () => Promise<ProposalCall>) => {
    tx.reset();
    setStoring({ state: "storing" });
    let resolved: ProposalCall;
    try {
      resolved = await call();
    } catch (error) {
      setStoring({
        state: "error",
        message: `${error instanceof Error ? error.message : "The document couldn't be stored."} No proposal was made.`,
      });
      return;
    }
    setStoring({ state: "idle" });
    await tx.start({ ...proposePlan(wagmiConfig, config, channel.id, resolved), onIndexed: onChanged });
  };
  const working = storing.state === "storing" || tx.busy;
  const done = tx.tx.step === "indexed";
  const status =
    storing.state === "storing" ? (
      <div className="tx" data-tone="waiting" data-testid="propose-status" data-step="storing" role="status">
        <Waiting>Storing the document on IPFS…</Waiting>
      </div>
    ) : storing.state === "error" ? (
      <div className="tx" data-tone="error" data-testid="propose-status" data-step="failed" role="status">
        {storing.message}
      </div>
    ) : (
      <TxStatus
        tx={tx.tx}
        testId="propose-status"
        idle={null}
        confirmed={(r) => `waiting for the catalogue to index proposal #${r.proposalId}…`}
        indexed={(r) =>
          r.executed ? (
            <>proposal #{r.proposalId} passed at once — your yes vote was enough, and the change took effect</>
          ) : (
            <>
              proposal #{r.proposalId} is open — it needs {plural(r.votesNeeded, "more yes vote")}.{" "}
              <a href={`#proposal-${r.proposalId}`}>See it below</a>
            </>
          )
        }
      />
    );
  return { submit, working, done, status, reset: () => tx.reset() };
}

export function SubmitButton({ working, done, label }: { working: boolean; done: boolean; label: string }) {
  const hydrated = useHydrated();
  return (
    <button
      type="submit"
      className="btn btn-primary"
      disabled={!hydrated || working || done}
      data-testid="propose-submit"
    >
      {done ? "Proposed" : working ? "Proposing…" : label}
    </button>
  );
}

function PolicyForm({
  channel,
  currentPolicy,
  onChanged,
}: {
  channel: Channel;
  currentPolicy: string | null;
  onChanged: () => void;
}) {
  const hydrated = useHydrated();
  const [text, setText] = useState(currentPolicy ?? "");
  const [reviewing, setReviewing] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const { submit, working, done, status } = useProposal(channel, onChanged);
  const bytes = utf8Bytes(text);
  const unchanged = currentPolicy !== null && diffPolicy(currentPolicy, text).same;
  const error = !text.trim()
    ? "Write the new policy."
    : bytes > POLICY_MAX_BYTES
      ? "The policy can be at most 256 KiB."
      : unchanged
        ? "This is the current policy word for word. Change something first."
        : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (error) return;
    if (!reviewing) {
      setReviewing(true);
      return;
    }
    void submit(async () => ({ kind: "policy", policyCid: await addToIpfs({ kind: "policy", markdown: text }) }));
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Amend the policy">
      {currentPolicy === null ? (
        <p className="notice notice-warning">
          The current policy (v{channel.policyVersion}) can&apos;t be fetched from IPFS right now, so the editor starts
          empty and no diff can be shown.
        </p>
      ) : null}
      {!reviewing ? (
        <>
          <PolicyEditor
            value={text}
            onChange={setText}
            error={showErrors ? error : null}
            disabled={!hydrated || working || done}
            label={`New policy (now v${channel.policyVersion})`}
          />
          <div className="tx-actions">
            <button type="submit" className="btn btn-primary" disabled={!hydrated} data-testid="preview-amendment">
              Review the changes
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="publish-explain">
            Check the changes from the current policy before you sign. Members will see the same diff.
          </p>
          {currentPolicy !== null ? (
            <PolicyDiffView
              before={currentPolicy}
              after={text}
              beforeLabel={`Current policy (v${channel.policyVersion})`}
              afterLabel="Your amendment"
              testId="policy-diff-preview"
            />
          ) : null}
          <div className="tx-actions">
            <SubmitButton working={working} done={done} label="Propose this amendment" />
            <button
              type="button"
              className="btn"
              onClick={() => setReviewing(false)}
              disabled={!hydrated || working || done}
            >
              Keep editing
            </button>
          </div>
          {status}
        </>
      )}
    </form>
  );
}

function AddMemberForm({
  channel,
  members,
  suggestSelf,
  onChanged,
}: {
  channel: Channel;
  members: string[];
  suggestSelf?: string;
  onChanged: () => void;
}) {
  const id = useId();
  const [value, setValue] = useState(suggestSelf ?? "");
  const [showErrors, setShowErrors] = useState(false);
  const { submit, working, done, status } = useProposal(channel, onChanged);
  const text = value.trim();
  const error = !text
    ? "Enter the address to add."
    : !isAddress(text, { strict: false })
      ? "Not an address — it looks like 0x followed by 40 hexadecimal characters."
      : getAddress(text) === zeroAddress
        ? "The zero address can't be a member."
        : members.some((m) => m.toLowerCase() === text.toLowerCase())
          ? "Already a member."
          : null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (error) return;
    void submit(async () => ({ kind: "add-member", member: getAddress(text) }));
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Add a member">
      <div className="field">
        <label htmlFor={`${id}-member`}>Address of the new member</label>
        <input
          id={`${id}-member`}
          className="input mono"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="0x…"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={showErrors && error ? true : undefined}
          data-testid="member-address"
          disabled={working || done}
        />
        {showErrors && error ? (
          <span className="field-error">{error}</span>
        ) : (
          <span className="field-hint">They can vote on proposals made after they join.</span>
        )}
      </div>
      <div className="tx-actions">
        <SubmitButton working={working} done={done} label="Propose adding them" />
      </div>
      {status}
    </form>
  );
}

function RemoveMemberForm({
  channel,
  members,
  onChanged,
}: {
  channel: Channel;
  members: string[];
  onChanged: () => void;
}) {
  const id = useId();
  const [value, setValue] = useState("");
  const [showErrors, setShowErrors] = useState(false);
  const { submit, working, done, status } = useProposal(channel, onChanged);
  if (members.length <= 1) {
    return (
      <p className="muted">
        The channel has only one member, and a channel can&apos;t be left without members. Add someone first.
      </p>
    );
  }
  const error = value ? null : "Choose the member to remove.";
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (error) return;
    void submit(async () => ({ kind: "remove-member", member: getAddress(value) }));
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Remove a member">
      <div className="field">
        <label htmlFor={`${id}-member`}>Member to remove</label>
        <select
          id={`${id}-member`}
          className="input mono"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="remove-member-select"
          disabled={working || done}
        >
          <option value="">Choose a member…</option>
          {members.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        {showErrors && error ? (
          <span className="field-error">{error}</span>
        ) : (
          <span className="field-hint">They keep their vote on proposals made before they leave.</span>
        )}
      </div>
      <div className="tx-actions">
        <SubmitButton working={working} done={done} label="Propose removing them" />
      </div>
      {status}
    </form>
  );
}

function RulesForm({ channel, onChanged }: { channel: Channel; onChanged: () => void }) {
  const [draft, setDraft] = useState<RulesDraft>(() => draftFromRules(channel.rules));
  const [showErrors, setShowErrors] = useState(false);
  const { submit, working, done, status } = useProposal(channel, onChanged);
  const parsed = parseRulesDraft(draft, channel.memberCount);
  const changes = parsed.ok ? rulesChanges(channel.rules, parsed.rules, channel.memberCount) : [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (!parsed.ok || !changes.length) return;
    const rules = parsed.rules;
    void submit(async () => ({ kind: "rules", rules }));
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Change the rules">
      <p className="publish-explain">
        Now: {formatRules(channel.rules, channel.memberCount)}. New rules apply to proposals made after they pass, never
        to open ones.
      </p>
      <RulesEditor
        value={draft}
        onChange={setDraft}
        members={channel.memberCount}
        showErrors={showErrors}
        disabled={working || done}
      />
      {parsed.ok ? (
        changes.length ? (
          <dl className="rules-diff" data-testid="rules-diff-preview">
            {changes.map((c) => (
              <div key={c.label}>
                <dt>{c.label}</dt>
                <dd>
                  <del>{c.before}</del> <span aria-hidden="true">→</span>
                  <span className="visually-hidden"> becomes </span> <ins>{c.after}</ins>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className={showErrors ? "field-error" : "muted"}>
            These are the current rules. Change something to propose it.
          </p>
        )
      ) : null}
      {parsed.ok &&
      requiredYes(parsed.rules, channel.memberCount) === channel.memberCount &&
      channel.memberCount > 1 ? (
        <p className="notice notice-warning">
          Every member would have to vote yes: one member could block every proposal.
        </p>
      ) : null}
      <div className="tx-actions">
        <SubmitButton working={working} done={done} label="Propose these rules" />
      </div>
      {status}
    </form>
  );
}

/**
 * The channel's membership plan, decided by vote: a price per period (ETH or an ERC-20) that fans pay to watch its
 * members-only releases, the money going into the channel's pot, shared by its members. Or no plan: nobody new can
 * join (memberships already paid for run to their end).
 */
function MembershipPlanProposalForm({
  channel,
  current,
  onChanged,
}: {
  channel: Channel;
  current: ChannelDetail["membershipPlan"];
  onChanged: () => void;
}) {
  const hydrated = useHydrated();
  const [close, setClose] = useState(false);
  const plan = usePlanDraft();
  const [showErrors, setShowErrors] = useState(false);
  const { submit, working, done, status } = useProposal(channel, onChanged);
  const currentToken = useToken(current ? getAddress(current.token) : null);
  const error = close
    ? current
      ? null
      : showErrors
        ? "There is no plan to close: the channel has none."
        : null
    : plan.shownError(showErrors);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (close) {
      if (current) void submit(async () => ({ kind: "membership-plan", plan: null }));
      return;
    }
    const { checked } = plan;
    if (!checked.ok) return;
    const proposed = { token: checked.token.address, pricePerPeriod: checked.price, period: checked.periodSeconds };
    void submit(async () => ({ kind: "membership-plan", plan: proposed }));
  };
  const disabled = !hydrated || working || done;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Set the membership plan">
      <p className="publish-explain" data-testid="plan-now">
        Now:{" "}
        {current
          ? currentToken.data
            ? `fans pay ${formatAmount(BigInt(current.price), currentToken.data)} per ${formatPeriod(current.period)} to watch the members-only releases.`
            : "a plan is in force (reading its token…)."
          : "no plan — fans can't join, so members-only releases are for the members alone."}{" "}
        The money goes into the channel&apos;s pot, shared equally by its members. A new plan applies to the next joins;
        time already paid for runs to its end.
      </p>
      <label style={{ display: "flex", gap: 8, alignItems: "center" }}>
        <input
          type="checkbox"
          checked={close}
          onChange={(e) => setClose(e.target.checked)}
          disabled={disabled}
          data-testid="plan-close"
        />{" "}
        No plan: close memberships to new fans
      </label>
      {!close ? <PlanFields plan={plan} disabled={disabled} testIdPrefix="plan" /> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="tx-actions">
        <SubmitButton
          working={working}
          done={done}
          label={close ? "Propose closing memberships" : "Propose this plan"}
        />
      </div>
      {status}
    </form>
  );
}
