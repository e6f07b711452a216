"use client";
import { useQuery } from "@tanstack/react-query";
import { callIndexerAll, type Channel, type ChannelDetail, type Proposal } from "@/lib/indexer";
import { useRefreshChannel } from "@/lib/channel-data";
import { usePublicConfig } from "./ConfigContext";
import { NewProposal, type ProposalFormKind } from "./NewProposal";
import { ProposalCard, type PolicyRef } from "./ProposalCard";

/** The channel page's Proposals tab: making a proposal, then open proposals first, then decided ones. */
export function ProposalsPanel({
  channel,
  name,
  members,
  policies,
  currentPolicy,
  membershipPlan,
  initialProposals,
  initialForm,
}: {
  channel: Channel;
  name: string;
  members: string[];
  policies: PolicyRef[];
  /** The policy in force, or null when IPFS couldn't deliver it. */
  currentPolicy: string | null;
  /** The membership plan in force, or null for none. */
  membershipPlan: ChannelDetail["membershipPlan"];
  initialProposals: Proposal[] | null;
  initialForm: ProposalFormKind | null;
}) {
  const config = usePublicConfig();
  const refresh = useRefreshChannel();
  const proposals = useQuery({
    queryKey: ["proposals", channel.id],
    initialData: initialProposals ?? undefined,
    refetchInterval: 15_000,
    queryFn: async ({ signal }) => {
      const result = await callIndexerAll(
        config.indexerUrl,
        "listChannelProposals",
        { params: { id: channel.id } },
        signal,
      );
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  const list = proposals.data ?? [];
  const open = list.filter((p) => p.status === "open");
  const decided = list.filter((p) => p.status !== "open");
  const card = (p: Proposal) => (
    <ProposalCard key={p.id} proposal={p} channel={{ ...channel, name }} policies={policies} onChanged={refresh} />
  );

  return (
    <div className="stack">
      <NewProposal
        channel={channel}
        members={members}
        currentPolicy={currentPolicy}
        membershipPlan={membershipPlan}
        initialForm={initialForm}
        onChanged={refresh}
      />

      {/* One keyed list, so a card that moves from Open to Decided keeps its state (the vote it just cast). */}
      <div className="proposal-list">
        {[
          <h2 key="open-heading" id="open-heading" className="section-title proposal-list-heading">
            Open ({open.length})
          </h2>,
          ...(proposals.isError && !list.length
            ? [
                <p key="error" className="notice notice-error" role="alert">
                  The proposals couldn&apos;t be loaded: {proposals.error.message} They will load again in a moment.
                </p>,
              ]
            : open.length
              ? open.map(card)
              : [
                  <p key="empty" className="notice" data-testid="no-open-proposals">
                    No open proposals. Submissions and proposed changes show up here while members vote on them.
                  </p>,
                ]),
          ...(decided.length
            ? [
                <h2 key="decided-heading" className="section-title proposal-list-heading">
                  Decided ({decided.length})
                </h2>,
                ...decided.map(card),
              ]
            : []),
        ]}
      </div>
    </div>
  );
}
