"use client";
import Link from "next/link";
import { getAddress } from "viem";
import type { ChannelDetail } from "@/lib/indexer";
import { plural } from "@/lib/format";
import { formatAmount, formatPeriod } from "@/lib/money";
import { useToken } from "./earn/use-earnings";

/**
 * The channel's membership plan in force (voted by its members) and how many fans pay for it now, with the way to
 * change it: a proposal, passed by the usual vote.
 */
export function ChannelPlanNote({
  channelId,
  plan,
  payingMembers,
}: {
  channelId: string;
  plan: ChannelDetail["membershipPlan"];
  payingMembers: number;
}) {
  const token = useToken(plan ? getAddress(plan.token) : null);
  const propose = (
    <Link href={`/channels/${channelId}?tab=proposals&new=membership-plan`} data-testid="propose-plan">
      {plan ? "Propose a change" : "Propose one"}
    </Link>
  );
  if (!plan)
    return (
      <p className="muted" data-testid="channel-plan" data-state="none">
        No membership plan: fans can&apos;t pay to watch this channel&apos;s members-only releases. Members decide one
        by vote. {propose}
      </p>
    );
  return (
    <p className="muted" data-testid="channel-plan" data-state="plan">
      Membership:{" "}
      <strong data-testid="channel-plan-price">
        {token.data ? formatAmount(BigInt(plan.price), token.data) : token.isError ? "an unreadable token" : "…"}
      </strong>{" "}
      per {formatPeriod(plan.period)}, voted by proposal #{plan.proposalId} — it opens the members-only releases, and
      the money goes to the members&apos; pot.{" "}
      <Link href={`/channels/${channelId}?tab=members#paying-members`} data-testid="channel-plan-paying">
        {plural(payingMembers, "paying member")} now
      </Link>
      . {propose}
    </p>
  );
}
