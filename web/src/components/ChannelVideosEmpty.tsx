"use client";
import Link from "next/link";
import { channelRole, submitHref } from "@/lib/channel-role";
import { plural } from "@/lib/format";
import { UploadIcon } from "./Icons";
import { EmptyState } from "./States";
import { useWallet } from "./WalletGate";

/** A channel with no released video yet: what to do about it depends on who is looking. */
export function ChannelVideosEmpty({
  channelId,
  members,
  openToAnyone,
  openProposals,
}: {
  channelId: string;
  members: string[];
  openToAnyone: boolean;
  openProposals: number;
}) {
  const { address } = useWallet();
  const role = channelRole(address, members, openToAnyone);
  const submit = (
    <Link href={submitHref(channelId)} className="btn btn-primary" data-testid="submit-video">
      <UploadIcon size={18} />
      Submit a video
    </Link>
  );
  const proposals = openProposals ? (
    <Link href={`/channels/${channelId}?tab=proposals`} className="btn">
      {plural(openProposals, "open proposal")}
    </Link>
  ) : null;
  return (
    <EmptyState
      title="No videos released yet"
      actions={
        role === "member" || role === "outsider-open" ? (
          <>
            {submit}
            {proposals}
          </>
        ) : (
          proposals
        )
      }
    >
      <p data-testid="submit-guidance" data-role={role}>
        A video appears here when the members&apos; vote on it passes.{" "}
        {role === "member"
          ? "As a member, submit one: your submission counts as your yes vote."
          : role === "outsider-open"
            ? "This channel takes submissions from anyone: submit one and its members vote on it (your submission isn't a vote — you aren't a member)."
            : role === "outsider-closed"
              ? "Only its members can submit videos, and this account isn't one. To take part, ask a member to propose adding you."
              : openToAnyone
                ? "Anyone may submit one: connect a wallet to do so."
                : "Only its members can submit videos: connect a member's wallet to submit one."}
      </p>
    </EmptyState>
  );
}
