import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Address } from "@/components/Address";
import { TipButton } from "@/components/earn/TipButton";
import { Avatar } from "@/components/Avatar";
import { KeepOnMyNode } from "@/components/KeepOnMyNode";
import { SubscribeChannel } from "@/components/subscriptions/SubscribeChannel";
import { ChannelAvatar } from "@/components/ChannelAvatar";
import { ChannelVideosEmpty } from "@/components/ChannelVideosEmpty";
import { Description } from "@/components/Description";
import { LoadMore } from "@/components/LoadMore";
import { MembershipNote } from "@/components/MembershipNote";
import { ChannelPlanNote } from "@/components/ChannelPlanNote";
import { ChannelPayingMembers } from "@/components/earn/ChannelPayingMembers";
import { PolicyDiffView } from "@/components/PolicyDiffView";
import { PolicyMarkdown } from "@/components/PolicyMarkdown";
import { ProposalsPanel } from "@/components/ProposalsPanel";
import type { ProposalFormKind } from "@/components/NewProposal";
import { detailUnavailable, IndexerError } from "@/components/IndexerError";
import { EmptyState } from "@/components/States";
import { TimeAgo } from "@/components/TimeAgo";
import { TxHash } from "@/components/TxHash";
import { VideoGrid } from "@/components/VideoCard";
import { formatRules, parseChannelId } from "@/lib/channels";
import { plural } from "@/lib/format";
import { callIndexer, callIndexerAll, channelName, type ChannelDetail } from "@/lib/indexer";
import { fetchPolicyText, policyProblem } from "@/lib/policy";
import { getServerConfig } from "@/lib/server-config";
import { getChannel } from "./data";
import { LiveNow } from "@/components/LiveNow";
import { CrowdfundList } from "@/components/crowdfund/CrowdfundList";
import { ChannelPlaylists } from "@/components/playlists/ChannelPlaylists";

type Tab = "videos" | "policy" | "members" | "proposals";
const TABS: { key: Tab; label: (d: ChannelDetail) => string }[] = [
  { key: "videos", label: (d) => `Videos (${d.videoCount})` },
  { key: "policy", label: (d) => `Policy (v${d.policyVersion})` },
  { key: "members", label: (d) => `Members (${d.memberCount})` },
  { key: "proposals", label: (d) => `Proposals${d.openProposals ? ` (${d.openProposals} open)` : ""}` },
];
const FORM_KINDS: ProposalFormKind[] = [
  "policy",
  "add-member",
  "remove-member",
  "rules",
  "membership-plan",
  "playlists",
];

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  if (!parseChannelId(id)) return { title: "Channel not found" };
  const result = await getChannel(id);
  if (!result.ok) return { title: result.status === 404 ? "Channel not found" : "Channel" };
  return { title: channelName(result.data), description: result.data.metadata?.description.slice(0, 200) };
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** /channels/[id] — a community channel: header, then Videos, Policy, Members and Proposals (`?tab=`). */
export default async function ChannelPage({ params, searchParams }: Params) {
  const { id } = await params;
  const query = await searchParams;
  if (!parseChannelId(id)) notFound();
  const config = await getServerConfig();
  const result = await getChannel(id);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this channel");
  const detail = result.data;
  const channel = detail;
  const name = channelName(channel);
  const requested = one(query.tab);
  const tab: Tab = TABS.some((t) => t.key === requested) ? (requested as Tab) : "videos";

  return (
    <div className="page">
      <header className="channel-header">
        <ChannelAvatar id={channel.id} name={name} size="lg" />
        <div style={{ minWidth: 0, flex: 1 }}>
          <h1 className="channel-title" data-testid="channel-name">
            {name}
          </h1>
          {channel.metadata?.description ? (
            <div className="channel-description">
              <Description text={channel.metadata.description} />
            </div>
          ) : channel.metadataStatus === "unavailable" ? (
            <p className="muted">This channel&apos;s name and description can&apos;t be fetched from IPFS right now.</p>
          ) : null}
          <div className="channel-facts dot-list">
            <span data-testid="member-count">{plural(channel.memberCount, "member")}</span>
            <span>{plural(channel.videoCount, "video")}</span>
            <span>policy v{channel.policyVersion}</span>
            <span>{formatRules(channel.rules, channel.memberCount)}</span>
          </div>
          <div className="channel-facts">
            <span>
              Created <TimeAgo timestamp={channel.createdAt} /> by <Address address={channel.creator} />
            </span>
            <TxHash hash={channel.txHash} explorerUrl={config.explorerUrl} />
          </div>
          <ChannelPlanNote channelId={channel.id} plan={detail.membershipPlan} payingMembers={detail.payingMembers} />
          <MembershipNote
            members={detail.members.map((m) => m.address)}
            channelId={channel.id}
            openToAnyone={channel.rules.submitters === "anyone"}
          />
          <SubscribeChannel channelId={channel.id} />
          <KeepOnMyNode channelId={channel.id} />
        </div>
        <TipButton target={{ kind: "channel", id: channel.id }} to={name} />
      </header>

      <LiveNow channel={channel.id} />
      <CrowdfundList channel={channel.id} />
      <ChannelPlaylists channelId={channel.id} />
      <nav className="tabs" aria-label="Channel sections">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={`/channels/${channel.id}?tab=${t.key}`}
            className="tab"
            aria-current={tab === t.key ? "page" : undefined}
            data-testid={`tab-${t.key}`}
            scroll={false}
          >
            {t.label(detail)}
          </Link>
        ))}
      </nav>

      {tab === "videos" ? (
        <VideosTab
          channelId={channel.id}
          openProposals={channel.openProposals}
          members={detail.members.map((m) => m.address)}
          openToAnyone={channel.rules.submitters === "anyone"}
        />
      ) : tab === "policy" ? (
        <PolicyTab detail={detail} selected={Number(one(query.v))} />
      ) : tab === "members" ? (
        <MembersTab detail={detail} />
      ) : (
        <ProposalsTab detail={detail} name={name} form={one(query.new)} />
      )}
    </div>
  );
}

async function VideosTab({
  channelId,
  openProposals,
  members,
  openToAnyone,
}: {
  channelId: string;
  openProposals: number;
  members: string[];
  openToAnyone: boolean;
}) {
  const config = await getServerConfig();
  const page = await callIndexer(config.indexerUrl, "listVideos", { query: { channel: channelId, limit: 24 } });
  if (!page.ok) {
    return (
      <IndexerError failure={page} indexerUrl={config.indexerUrl} failedTitle="Couldn't load this channel's videos" />
    );
  }
  if (!page.data.items.length) {
    return (
      <ChannelVideosEmpty
        channelId={channelId}
        members={members}
        openToAnyone={openToAnyone}
        openProposals={openProposals}
      />
    );
  }
  return (
    <div data-testid="channel-videos">
      <VideoGrid videos={page.data.items} gateway={config.gatewayUrl} />
      {page.data.nextCursor ? <LoadMore initialCursor={page.data.nextCursor} channel={channelId} /> : null}
    </div>
  );
}

async function PolicyTab({ detail, selected }: { detail: ChannelDetail; selected: number }) {
  const config = await getServerConfig();
  const { policies } = detail;
  const channel = detail;
  const history = [...policies].sort((a, b) => b.version - a.version);
  const current = policies.find((p) => p.version === channel.policyVersion) ?? history[0];
  const chosen = policies.find((p) => p.version === selected) ?? current;
  if (!chosen) {
    return (
      <EmptyState title="No policy indexed yet">
        <p>The channel&apos;s policy hasn&apos;t been indexed yet. Reload in a moment.</p>
      </EmptyState>
    );
  }
  const previous = policies.find((p) => p.version === chosen.version - 1);
  const [text, previousText] = await Promise.all([
    fetchPolicyText(config.gatewayUrl, chosen.policyCid),
    previous ? fetchPolicyText(config.gatewayUrl, previous.policyCid) : Promise.resolve(null),
  ]);
  const isCurrent = chosen.version === channel.policyVersion;

  return (
    <div className="policy-layout">
      <div className="stack" style={{ minWidth: 0 }}>
        <div>
          <h2 className="section-title" data-testid="policy-version-heading" data-version={chosen.version}>
            Policy version {chosen.version}
            {isCurrent ? " (current)" : ""}
          </h2>
          <p className="muted policy-meta">
            {chosen.proposalId === "0" ? (
              "Written when the channel was created"
            ) : (
              <>Adopted by proposal #{chosen.proposalId}</>
            )}{" "}
            · <TimeAgo timestamp={chosen.timestamp} /> ·{" "}
            <TxHash hash={chosen.txHash} explorerUrl={config.explorerUrl} />
            {!isCurrent ? (
              <>
                {" "}
                ·{" "}
                <Link href={`/channels/${channel.id}?tab=policy`}>
                  see the current version (v{channel.policyVersion})
                </Link>
              </>
            ) : null}
          </p>
        </div>

        {previous ? (
          <section aria-labelledby="changes-heading" className="stack" style={{ gap: 8 }}>
            <h3 id="changes-heading">Changes from version {previous.version}</h3>
            {text.ok && previousText?.ok ? (
              <PolicyDiffView
                before={previousText.text}
                after={text.text}
                beforeLabel={`Version ${previous.version}`}
                afterLabel={`Version ${chosen.version}`}
              />
            ) : (
              <p className="notice notice-warning">
                {policyProblem(
                  !text.ok ? text.reason : previousText && !previousText.ok ? previousText.reason : "unavailable",
                )}{" "}
                The diff can&apos;t be shown.
              </p>
            )}
          </section>
        ) : null}

        <section aria-labelledby="text-heading" className="stack" style={{ gap: 8 }}>
          <h3 id="text-heading">Full text</h3>
          {text.ok ? (
            <div className="panel">
              <PolicyMarkdown markdown={text.text} testId="policy-text" />
            </div>
          ) : (
            <p className="notice notice-warning" role="status">
              {policyProblem(text.reason)} <span className="mono">({chosen.policyCid})</span>
            </p>
          )}
        </section>
      </div>

      <aside className="stack" aria-labelledby="history-heading">
        <div className="panel stack" style={{ gap: 10 }}>
          <h3 id="history-heading">Version history</h3>
          <ol className="version-list" data-testid="policy-history">
            {history.map((p) => (
              <li key={p.version}>
                <Link
                  href={`/channels/${channel.id}?tab=policy&v=${p.version}`}
                  aria-current={p.version === chosen.version ? "page" : undefined}
                  data-testid={`policy-version-${p.version}`}
                  scroll={false}
                >
                  <strong>Version {p.version}</strong>
                  {p.version === channel.policyVersion ? " · current" : ""}
                </Link>
                <span className="muted">
                  {p.proposalId === "0" ? "at creation" : `proposal #${p.proposalId}`} ·{" "}
                  <TimeAgo timestamp={p.timestamp} />
                </span>
              </li>
            ))}
          </ol>
          <Link href={`/channels/${channel.id}?tab=proposals&new=policy`} className="btn btn-small">
            Propose an amendment
          </Link>
        </div>
      </aside>
    </div>
  );
}

function MembersTab({ detail }: { detail: ChannelDetail }) {
  const { members, membershipHistory } = detail;
  const channel = detail;
  return (
    <div className="members-layout">
      <section aria-labelledby="members-heading" className="stack">
        <h2 id="members-heading" className="section-title">
          Members ({members.length})
        </h2>
        <ul className="member-list" data-testid="member-list">
          {members.map((m) => (
            <li key={m.address}>
              <Avatar address={m.address} size="sm" />
              <Address address={m.address} />
              <span className="muted">
                {m.joinedByProposal === "0" ? "founder" : `added by proposal #${m.joinedByProposal}`} · joined{" "}
                <TimeAgo timestamp={m.joinedAt} />
              </span>
            </li>
          ))}
        </ul>
        <div className="tx-actions">
          <Link href={`/channels/${channel.id}?tab=proposals&new=add-member`} className="btn btn-small">
            Propose a new member
          </Link>
          <Link href={`/channels/${channel.id}?tab=proposals&new=remove-member`} className="btn btn-small btn-ghost">
            Propose removing a member
          </Link>
        </div>
      </section>
      <section aria-labelledby="history-heading" className="stack">
        <h2 id="history-heading" className="section-title">
          Join and leave history
        </h2>
        {membershipHistory.length ? (
          <ol className="history-list" data-testid="membership-history">
            {[...membershipHistory].reverse().map((h, i) => (
              <li key={`${h.member}-${h.timestamp}-${i}`} data-change={h.change}>
                <span className={`history-mark history-${h.change}`} aria-hidden="true">
                  {h.change === "joined" ? "+" : "−"}
                </span>
                <span>
                  <Address address={h.member} /> {h.change === "joined" ? "joined" : "left"}{" "}
                  {h.proposalId === "0" ? "as a founder" : `by proposal #${h.proposalId}`}
                  <span className="muted">
                    {" "}
                    · {plural(h.memberCount, "member")} after · <TimeAgo timestamp={h.timestamp} />
                  </span>
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No membership changes indexed yet.</p>
        )}
      </section>
      <ChannelPayingMembers channelId={channel.id} active={detail.payingMembers} />
    </div>
  );
}

async function ProposalsTab({ detail, name, form }: { detail: ChannelDetail; name: string; form: string | undefined }) {
  const config = await getServerConfig();
  const channel = detail;
  const [proposals, policy] = await Promise.all([
    callIndexerAll(config.indexerUrl, "listChannelProposals", { params: { id: channel.id } }),
    fetchPolicyText(config.gatewayUrl, channel.policyCid),
  ]);
  return (
    <ProposalsPanel
      channel={channel}
      name={name}
      members={detail.members.map((m) => m.address)}
      policies={detail.policies.map((p) => ({ version: p.version, policyCid: p.policyCid, proposalId: p.proposalId }))}
      currentPolicy={policy.ok ? policy.text : null}
      membershipPlan={detail.membershipPlan}
      initialProposals={proposals.ok ? proposals.data : null}
      initialForm={FORM_KINDS.includes(form as ProposalFormKind) ? (form as ProposalFormKind) : null}
    />
  );
}
