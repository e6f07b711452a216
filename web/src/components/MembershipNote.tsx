"use client";
import Link from "next/link";
import { useWallet } from "./WalletGate";

/** "You're a member of this channel" (with the review link), or how to take part — for the connected wallet. */
export function MembershipNote({ members, channelId, openToAnyone }: { members: string[]; channelId: string; openToAnyone: boolean }) {
  const { address } = useWallet();
  if (!address) return null;
  const member = members.some((m) => m.toLowerCase() === address.toLowerCase());
  return (
    <p className="membership-note" data-testid="membership-note" data-member={member}>
      {member ? (
        <>
          <span className="member-pill">You&apos;re a member</span> You vote on its submissions and changes —{" "}
          <Link href={`/channels/${channelId}?tab=proposals`}>see the proposals</Link>.
        </>
      ) : openToAnyone ? (
        <>You aren&apos;t a member. This channel is open to anyone: you can submit videos, and apply to join by proposing to add yourself.</>
      ) : (
        <>You aren&apos;t a member of this channel. Its members decide who joins.</>
      )}
    </p>
  );
}
