"use client";
import Link from "next/link";
import { channelRole, submitHref } from "@/lib/channel-role";
import { useWallet } from "./WalletGate";

/** What the connected wallet may do here: a member votes and submits, an outsider of an open channel submits, others watch. */
export function MembershipNote({
  members,
  channelId,
  openToAnyone,
}: {
  members: string[];
  channelId: string;
  openToAnyone: boolean;
}) {
  const { address } = useWallet();
  const role = channelRole(address, members, openToAnyone);
  if (role === "visitor") return null;
  return (
    <p className="membership-note" data-testid="membership-note" data-member={role === "member"} data-role={role}>
      {role === "member" ? (
        <>
          <span className="member-pill">You&apos;re a member</span> You vote on its submissions and changes —{" "}
          <Link href={`/channels/${channelId}?tab=proposals`}>see the proposals</Link> or{" "}
          <Link href={submitHref(channelId)}>submit a video</Link>.
        </>
      ) : role === "outsider-open" ? (
        <>
          You aren&apos;t a member. This channel is open to anyone: you can{" "}
          <Link href={submitHref(channelId)}>submit a video</Link> for its members to vote on, and apply to join by
          proposing to add yourself.
        </>
      ) : (
        <>
          You aren&apos;t a member of this channel: only its members submit videos and vote. Its members decide who
          joins.
        </>
      )}
    </p>
  );
}
