"use client";
import { useHydrated } from "@/lib/use-hydrated";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useConfig } from "wagmi";
import {
  effectNote,
  formatRules,
  formatTimeLeft,
  proposalKindLabel,
  proposalStatusLabel,
  releaseAccessText,
  releasedVideoId,
  releaseShares,
  rulesChanges,
  votesNeededText,
  type Rules,
} from "@/lib/channels";
import { formatDuration, plural } from "@/lib/format";
import type { Channel, Proposal } from "@/lib/indexer";
import { gatewayUrl } from "@/lib/media";
import { Address } from "./Address";
import { votePlan, withdrawPlan, type Voted } from "@/tx/channelTx";
import { useChannelMetadata, useEligibility, useManifest, usePolicyText } from "@/lib/channel-data";
import { usePublicConfig } from "./ConfigContext";
import { Player } from "./Player";
import { PolicyDiffView } from "./PolicyDiffView";
import { Thumbnail } from "./Thumbnail";
import { TimeAgo } from "./TimeAgo";
import { TxStatus } from "./TxStatus";
import { useContractTx } from "@/tx/useContractTx";
import { useWallet, WalletGate } from "./WalletGate";
import { CHANNEL_PLAN_KEY, CHANNEL_PLAYLISTS_KEY } from "@chorus/protocol";
import { getAddress } from "viem";
import { bpsToPercent, formatAmount, formatPeriod } from "@/lib/money";
import { AccountName } from "./AccountName";
import { useToken } from "./earn/use-earnings";
import { ChannelPlaylistsChange } from "./playlists/ChannelPlaylistsChange";

export interface PolicyRef {
  version: number;
  policyCid: string;
  proposalId: string;
}

/**
 * One proposal: what it changes (the video, the policy diff against the current version, the member, the rules before →
 * after), its tally and what it still needs, time left, who proposed it and who voted what — and, for a member who may
 * vote, Yes / No (a vote can be changed while it is open), or Withdraw for its proposer.
 */
export function ProposalCard({
  proposal: p,
  channel,
  policies,
  onChanged,
  showChannel = false,
}: {
  proposal: Proposal;
  channel: Pick<Channel, "id" | "rules" | "policyCid" | "policyVersion" | "memberCount"> & { name: string };
  policies: PolicyRef[];
  onChanged: () => void;
  showChannel?: boolean;
}) {
  return (
    <article
      className="proposal"
      id={`proposal-${p.id}`}
      data-testid="proposal"
      data-proposal-id={p.id}
      data-status={p.status}
      data-kind={p.kind}
      aria-labelledby={`proposal-${p.id}-title`}
    >
      <header className="proposal-head">
        <div>
          <h3 id={`proposal-${p.id}-title`}>
            {proposalKindLabel(p.kind)} <span className="muted">#{p.id}</span>
          </h3>
          <div className="proposal-meta">
            {showChannel ? (
              <>
                <Link href={`/channels/${channel.id}?tab=proposals#proposal-${p.id}`}>{channel.name}</Link>
                <span className="dot" aria-hidden="true" />
              </>
            ) : null}
            <span>
              by <Address address={p.proposer} />
            </span>
            <span className="dot" aria-hidden="true" />
            <TimeAgo timestamp={p.createdAt} />
          </div>
        </div>
        <span className="status-pill" data-status={p.status} data-testid="proposal-status">
          {proposalStatusLabel(p.status)}
        </span>
      </header>

      <div className="proposal-change">
        <Change proposal={p} channel={channel} policies={policies} />
        {p.status === "open" && p.releaseMoney ? <ReleaseMoney money={p.releaseMoney} /> : null}
        {effectNote(p.effect) ? (
          <p className="muted" data-testid="proposal-effect" data-effect={p.effect}>
            {effectNote(p.effect)}
          </p>
        ) : null}
      </div>

      <Tally proposal={p} />

      <VoteControls proposal={p} onChanged={onChanged} />
    </article>
  );
}

function Tally({ proposal: p }: { proposal: Proposal }) {
  const { requiredYes, members } = p.snapshot;
  const open = p.status === "open";
  const [, tick] = useState(0);
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, [open]);
  return (
    <div className="tally" data-testid="tally" data-yes={p.yesVotes} data-no={p.noVotes}>
      <div
        className="tally-bar"
        role="img"
        aria-label={`${p.yesVotes} yes and ${p.noVotes} no of ${members} voters; ${requiredYes} yes needed`}
      >
        <span className="tally-yes" style={{ width: `${(p.yesVotes / Math.max(1, members)) * 100}%` }} />
        <span className="tally-no" style={{ width: `${(p.noVotes / Math.max(1, members)) * 100}%` }} />
        <span
          className="tally-mark"
          style={{ left: `${(requiredYes / Math.max(1, members)) * 100}%` }}
          aria-hidden="true"
        />
      </div>
      <div className="tally-text">
        <span>
          <strong>{p.yesVotes}</strong> yes · <strong>{p.noVotes}</strong> no · {requiredYes} of{" "}
          {plural(members, "member")} needed
        </span>
        <strong className="votes-needed" data-testid="votes-needed">
          {votesNeededText(p)}
        </strong>
        {open ? (
          <span className="muted" data-testid="time-left">
            {formatTimeLeft(p.deadline)}
          </span>
        ) : p.decidedAt ? (
          <span className="muted">
            decided <TimeAgo timestamp={p.decidedAt} />
          </span>
        ) : null}
      </div>
      {p.ballots.length > 0 ? (
        <details className="ballots">
          <summary>Who voted ({p.ballots.length})</summary>
          <ul>
            {p.ballots.map((b) => (
              <li key={b.voter}>
                <Address address={b.voter} /> — {b.support ? "yes" : "no"}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function Change({
  proposal: p,
  channel,
  policies,
}: {
  proposal: Proposal;
  channel: Pick<Channel, "id" | "rules" | "policyCid" | "policyVersion" | "memberCount">;
  policies: PolicyRef[];
}) {
  switch (p.kind) {
    case "video":
      return <VideoChange proposal={p} channelId={channel.id} />;
    case "policy":
      return <PolicyChange proposal={p} channel={channel} policies={policies} />;
    case "metadata":
      return <MetadataChange cid={p.cid} />;
    case "add-member":
    case "remove-member":
      return (
        <p className="change-line">
          {p.kind === "add-member" ? "Add" : "Remove"}{" "}
          {p.member ? <Address address={p.member} /> : "an unknown account"}{" "}
          {p.kind === "add-member" ? "as a member" : "from the members"}
        </p>
      );
    case "setting":
      return <SettingChange proposal={p} />;
    case "rules": {
      const after = p.proposedRules;
      if (
        !after ||
        after.submitters === null ||
        after.thresholdKind === null ||
        after.threshold === null ||
        after.votingPeriod === null
      ) {
        return <p className="change-line muted">The proposed rules aren&apos;t indexed yet.</p>;
      }
      const next: Rules = {
        submitters: after.submitters,
        thresholdKind: after.thresholdKind,
        threshold: after.threshold,
        votingPeriod: after.votingPeriod,
      };
      if (p.status !== "open") return <p className="change-line">Rules: {formatRules(next)}</p>;
      const changes = rulesChanges(channel.rules, next, channel.memberCount);
      return changes.length ? (
        <dl className="rules-diff">
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
        <p className="change-line muted">The same rules as now: {formatRules(next, channel.memberCount)}.</p>
      );
    }
  }
}

function VideoChange({ proposal: p, channelId }: { proposal: Proposal; channelId: string }) {
  const config = usePublicConfig();
  const manifest = useManifest(p.cid);
  const [playing, setPlaying] = useState(false);
  if (!p.cid) return <p className="change-line muted">No video attached.</p>;
  if (manifest.isPending) return <p className="change-line muted">Loading the video&apos;s details from IPFS…</p>;
  if (manifest.isError || !manifest.data) {
    return (
      <p className="change-line muted">
        The video&apos;s manifest can&apos;t be read from IPFS right now ({manifest.error?.message ?? "unknown"}). CID{" "}
        <span className="mono">{p.cid}</span>
      </p>
    );
  }
  const m = manifest.data;
  const master = gatewayUrl(config.gatewayUrl, p.cid, m.master);
  const thumb = m.thumbnail ? gatewayUrl(config.gatewayUrl, p.cid, m.thumbnail) : null;
  const previews = m.previews ? gatewayUrl(config.gatewayUrl, p.cid, m.previews.vtt) : null;
  const title = m.title.trim() || "Untitled video";
  return (
    <div className="video-change">
      {playing && master ? (
        <Player src={master} poster={thumb} title={title} renditions={m.renditions} previews={previews} />
      ) : (
        <button
          type="button"
          className="video-change-thumb thumb"
          onClick={() => setPlaying(true)}
          aria-label={`Play “${title}”`}
          data-testid="play-submission"
        >
          <Thumbnail src={thumb} fallback="No thumbnail" />
          <span className="badge">{formatDuration(Math.round(m.durationSeconds))}</span>
          <span className="play-overlay" aria-hidden="true">
            ▶
          </span>
        </button>
      )}
      <div>
        <p className="change-title" data-testid="submission-title">
          {title}
        </p>
        {m.description ? <p className="muted change-description">{m.description.slice(0, 280)}</p> : null}
        {p.status === "released" ? (
          <Link href={`/watch/${releasedVideoId(channelId, p.id)}`} data-testid="released-link">
            Watch the released video
          </Link>
        ) : playing ? null : (
          <button type="button" className="btn btn-small" onClick={() => setPlaying(true)}>
            Watch before voting
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * What an open video submission's release would cost viewers and whom it would pay (as its submitter set them in
 * Earnings), for the members to weigh before they vote.
 */
function ReleaseMoney({ money }: { money: NonNullable<Proposal["releaseMoney"]> }) {
  const token = useToken(money.price ? getAddress(money.price.token) : null);
  const price = !money.price
    ? null
    : token.data
      ? formatAmount(BigInt(money.price.amount), token.data)
      : token.isError
        ? `${money.price.amount} units of a token this page couldn't read (${money.price.token})`
        : null;
  const shares = releaseShares(money);
  return (
    <div className="release-money" data-testid="release-money" data-access={money.access}>
      <p data-testid="release-access">If released: {releaseAccessText(money.access, price)}.</p>
      <p data-testid="release-split">
        {shares ? (
          <>
            Tips and sales would be split:{" "}
            {shares.map((share, i) => (
              <span key={share.to === "channel" ? "channel" : share.address} data-testid="release-share">
                {i > 0 ? ", " : ""}
                {share.to === "channel" ? "the channel's pot" : <AccountName address={share.address} />}{" "}
                {bpsToPercent(share.bps)}
              </span>
            ))}
            .
          </>
        ) : (
          "Tips and sales would go to the submitter."
        )}
      </p>
    </div>
  );
}

function PolicyChange({
  proposal: p,
  channel,
  policies,
}: {
  proposal: Proposal;
  channel: Pick<Channel, "id" | "policyCid" | "policyVersion">;
  policies: PolicyRef[];
}) {
  const adopted = policies.find((v) => v.proposalId === p.id);
  // An open amendment is compared with the policy in force; an adopted one with the version before it.
  const base = adopted
    ? policies.find((v) => v.version === adopted.version - 1)
    : p.status === "open"
      ? { version: channel.policyVersion, policyCid: channel.policyCid }
      : null;
  const proposed = usePolicyText(p.cid);
  const current = usePolicyText(base?.policyCid ?? null);
  if (adopted && p.status !== "open") {
    return (
      <p className="change-line">
        Became{" "}
        <Link href={`/channels/${channel.id}?tab=policy&v=${adopted.version}`}>policy version {adopted.version}</Link>.
      </p>
    );
  }
  if (!base) return <p className="change-line muted">A proposed new policy (not adopted).</p>;
  if (proposed.isPending || current.isPending)
    return <p className="change-line muted">Loading the policy texts from IPFS…</p>;
  if (proposed.isError || current.isError)
    return <p className="change-line muted">{(proposed.error ?? current.error)?.message}</p>;
  return (
    <PolicyDiffView
      before={current.data ?? ""}
      after={proposed.data ?? ""}
      beforeLabel={`Current policy (v${base.version})`}
      afterLabel="Proposed"
      testId="proposal-policy-diff"
    />
  );
}

function MetadataChange({ cid }: { cid: string | null }) {
  const metadata = useChannelMetadata(cid);
  if (metadata.isPending) return <p className="change-line muted">Loading the proposed name and description…</p>;
  if (!metadata.data)
    return (
      <p className="change-line muted">The proposed name and description can&apos;t be read from IPFS right now.</p>
    );
  return (
    <div className="change-line">
      <p>
        New name: <strong>{metadata.data.name}</strong>
      </p>
      {metadata.data.description ? <p className="muted">{metadata.data.description.slice(0, 400)}</p> : null}
    </div>
  );
}

function VoteControls({ proposal: p, onChanged }: { proposal: Proposal; onChanged: () => void }) {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { address, ready } = useWallet();
  const eligibility = useEligibility(p.id, address, ready);
  const vote = useContractTx<Voted>();
  const withdraw = useContractTx<{ proposalId: string }>();
  const mine = address ? p.ballots.find((b) => b.voter.toLowerCase() === address.toLowerCase()) : undefined;
  const isProposer = Boolean(address) && p.proposer.toLowerCase() === address?.toLowerCase();
  const busy = vote.busy || withdraw.busy;

  const cast = (support: boolean) => {
    if (!address) return;
    void vote.start({ ...votePlan(wagmiConfig, config, p.id, address, support), onIndexed: onChanged });
  };

  const statuses = (
    <>
      <TxStatus
        tx={vote.tx}
        testId="vote-status"
        idle={null}
        confirmed={() => "waiting for the catalogue to count it…"}
        indexed={(r) =>
          `your ${r.support ? "yes" : "no"} vote is counted (${r.yesVotes} yes, ${r.noVotes} no)${
            r.outcome === "released"
              ? " — it passed: the video is released"
              : r.outcome === "passed"
                ? " — it passed and took effect"
                : r.outcome === "no-effect"
                  ? " — it passed, with no effect (see the proposal)"
                  : r.outcome === "rejected"
                    ? " — it can no longer pass: rejected"
                    : ""
          }`
        }
      />
      <TxStatus
        tx={withdraw.tx}
        testId="withdraw-status"
        idle={null}
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "the proposal is withdrawn"}
      />
    </>
  );

  // Decided: only what this page did about it, if anything.
  if (p.status !== "open")
    return vote.tx.step === "idle" && withdraw.tx.step === "idle" ? null : <div className="vote">{statuses}</div>;

  const withdrawButton = isProposer ? (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      onClick={() => void withdraw.start({ ...withdrawPlan(wagmiConfig, config, p.id), onIndexed: onChanged })}
      disabled={busy}
      data-testid="withdraw"
    >
      Withdraw
    </button>
  ) : null;

  return (
    <div className="vote" role="group" aria-label="Your vote">
      <WalletGate purpose="vote" connectText="Members vote here: connect a wallet (top right) to vote." compact>
        {eligibility.isPending ? (
          <p className="muted">Checking whether you can vote…</p>
        ) : eligibility.data ? (
          <div className="vote-row">
            <span className="vote-prompt">
              {mine
                ? `You voted ${mine.support ? "yes" : "no"}. You can change your vote while it's open.`
                : "Your vote:"}
            </span>
            <button
              type="button"
              className="btn btn-yes"
              onClick={() => cast(true)}
              disabled={!hydrated || busy || mine?.support === true}
              data-testid="vote-yes"
            >
              {mine?.support === true ? "Voted yes" : mine ? "Change to yes" : "Yes"}
            </button>
            <button
              type="button"
              className="btn btn-no"
              onClick={() => cast(false)}
              disabled={!hydrated || busy || mine?.support === false}
              data-testid="vote-no"
            >
              {mine?.support === false ? "Voted no" : mine ? "Change to no" : "No"}
            </button>
            {withdrawButton}
          </div>
        ) : eligibility.isError ? (
          <p className="field-error">
            Couldn&apos;t check with the chain whether you can vote: {eligibility.error.message}
          </p>
        ) : (
          <div className="vote-row">
            <p className="muted" style={{ margin: 0 }}>
              You can&apos;t vote on this one: only the members at the time it was proposed can (if you joined later,
              you can vote on proposals made since).
            </p>
            {withdrawButton}
          </div>
        )}
        {statuses}
      </WalletGate>
    </div>
  );
}

/**
 * A setting proposal: the membership plan it sets (or closes), the channel's playlists it sets, or, for a key this
 * app doesn't know, the raw bytes.
 */
function SettingChange({ proposal: p }: { proposal: Proposal }) {
  const setting = p.proposedSetting;
  const plan = setting?.membershipPlan ?? null;
  const token = useToken(plan ? getAddress(plan.token) : null);
  if (!setting) return <p className="change-line muted">The proposed setting isn&apos;t indexed yet.</p>;
  if (setting.key.toLowerCase() === CHANNEL_PLAYLISTS_KEY.toLowerCase())
    return <ChannelPlaylistsChange setting={setting} />;
  if (setting.key.toLowerCase() !== CHANNEL_PLAN_KEY.toLowerCase()) {
    return (
      <p className="change-line">
        Set <span className="mono">{setting.key.slice(0, 10)}…</span> to{" "}
        <span className="mono">{setting.value === "0x" ? "nothing" : setting.value}</span> (a setting this app
        doesn&apos;t use)
      </p>
    );
  }
  if (!plan) {
    return (
      <p className="change-line" data-testid="plan-change">
        {setting.value === "0x"
          ? "Close memberships: no plan, so fans can't join (time already paid for runs to its end)"
          : "A value that is no valid plan: if it passes, the channel has no plan"}
      </p>
    );
  }
  return (
    <p className="change-line" data-testid="plan-change">
      Membership plan: fans pay <strong>{token.data ? formatAmount(BigInt(plan.price), token.data) : "…"}</strong> per{" "}
      {formatPeriod(plan.period)} to watch the members-only releases; the money goes to the members&apos; pot
    </p>
  );
}
