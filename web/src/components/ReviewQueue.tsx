"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { readContract } from "wagmi/actions";
import { useConfig } from "wagmi";
import { plural } from "@/lib/format";
import { channelsAbi, channelsAddress } from "@/lib/contracts";
import { callIndexerAll, channelName, type Channel, type Proposal } from "@/lib/indexer";
import { useRefreshChannel } from "@/lib/channel-data";
import { usePublicConfig } from "./ConfigContext";
import { ProposalCard } from "./ProposalCard";
import { EmptyState, ErrorState } from "./States";
import { useWallet, WalletGate } from "./WalletGate";

interface ReviewItem {
  proposal: Proposal;
  channel: Channel;
  /** Open, eligible, and not voted on by this account yet. */
  toReview: boolean;
}

/**
 * A member's review queue: the open proposals in their channels that they may vote on (members at the proposal's
 * snapshot, checked with the contract) and haven't voted on yet. Refreshed every 20 s and after each vote.
 */
function useReviewQueue() {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { address } = useWallet();
  return useQuery({
    queryKey: ["review", address],
    enabled: Boolean(address),
    refetchInterval: 20_000,
    queryFn: async ({ signal }) => {
      const channels = await callIndexerAll(config.indexerUrl, "listChannels", { query: { member: address } }, signal);
      if (!channels.ok) throw new Error(channels.error);
      const lists = await Promise.all(
        channels.data.map(async (channel) => {
          const proposals = await callIndexerAll(
            config.indexerUrl,
            "listChannelProposals",
            { params: { id: channel.id } },
            signal,
          );
          return proposals.ok ? proposals.data.map((proposal) => ({ proposal, channel })) : [];
        }),
      );
      const all = lists.flat();
      const contract = channelsAddress(config.chainId);
      const items: ReviewItem[] = await Promise.all(
        all.map(async ({ proposal, channel }) => {
          const voted = proposal.ballots.some((b) => b.voter.toLowerCase() === address!.toLowerCase());
          if (proposal.status !== "open" || voted || !contract) return { proposal, channel, toReview: false };
          const eligible = await readContract(wagmiConfig, {
            address: contract,
            abi: channelsAbi,
            functionName: "isEligible",
            args: [BigInt(proposal.id), address!],
            chainId: config.chainId,
          }).catch(() => false);
          return { proposal, channel, toReview: eligible };
        }),
      );
      return items;
    },
  });
}

/** The top bar's "N to review" pill (nothing when there is nothing to review or no wallet). */
export function ReviewBadge() {
  const queue = useReviewQueue();
  const count = queue.data?.filter((i) => i.toReview).length ?? 0;
  if (!count) return null;
  return (
    <Link
      href="/channels/review"
      className="review-badge"
      data-testid="review-badge"
      data-count={count}
      aria-label={`${plural(count, "proposal")} waiting for your vote`}
    >
      <span className="review-badge-count">{count}</span>
      <span className="review-badge-label">to review</span>
    </Link>
  );
}

export function ReviewQueue() {
  return (
    <WalletGate
      purpose="see the proposals waiting for your vote"
      connectText="Connect the wallet you vote with to see the proposals waiting for your vote."
    >
      <Queue />
    </WalletGate>
  );
}

function Queue() {
  const queue = useReviewQueue();
  const refresh = useRefreshChannel();
  // Proposals voted on here stay on screen (with their new tally) until the page is left.
  const [seen, setSeen] = useState<Set<string>>(new Set());
  if (queue.isPending) {
    return (
      <div aria-busy="true">
        <span className="visually-hidden" role="status">
          Loading your review queue…
        </span>
        <div className="skeleton" style={{ height: 220, borderRadius: 12 }} />
      </div>
    );
  }
  if (queue.isError) {
    return (
      <ErrorState title="Your review queue couldn't be loaded" detail={queue.error.message}>
        <p>The catalogue (indexer) didn&apos;t answer properly. Try again in a minute.</p>
      </ErrorState>
    );
  }
  const items = queue.data.filter((i) => i.toReview || seen.has(i.proposal.id));
  const pending = queue.data.filter((i) => i.toReview).length;
  const channels = new Set(queue.data.map((i) => i.channel.id)).size;
  if (!items.length) {
    return (
      <EmptyState
        title="Nothing to review"
        actions={
          <Link className="btn" href="/channels">
            Browse channels
          </Link>
        }
      >
        <p>
          {channels
            ? "You've voted on every open proposal you can vote on in your channels. New submissions and proposals will show up here."
            : "You're not a member of any community channel yet. Create one, or ask a channel's members to add you."}
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="muted" data-testid="review-count">
        {pending ? `${plural(pending, "proposal")} waiting for your vote.` : "All caught up."} Watch each submission,
        read each change, then vote. A vote can be changed while the proposal is open.
      </p>
      <div className="proposal-list">
        {items.map(({ proposal, channel }) => (
          <div
            key={proposal.id}
            onClickCapture={() => setSeen((s) => (s.has(proposal.id) ? s : new Set(s).add(proposal.id)))}
          >
            <ProposalCard
              proposal={proposal}
              channel={{ ...channel, name: channelName(channel) }}
              policies={[]}
              onChanged={refresh}
              showChannel
            />
          </div>
        ))}
      </div>
    </>
  );
}
