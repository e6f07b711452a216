"use client";
import { callIndexer } from "@/lib/indexer";
import styles from "./earn.module.css";
import { MemberPages } from "./MemberPages";

/**
 * A creator's members (under their plan on /account), from the indexer's `/memberships/{address}`: how many are active,
 * then each member — latest expiry first, so the active ones lead — with until when, and how often they joined.
 */
export function MembersList({ creator }: { creator: string }) {
  return (
    <div className="stack" data-testid="members">
      <h3 className={styles.membersTitle}>Your members</h3>
      <MemberPages
        queryKey={["members", creator.toLowerCase()]}
        fetchPage={(indexerUrl, query, signal) =>
          callIndexer(indexerUrl, "getMemberships", { params: { address: creator }, query }, signal)
        }
        what="your members"
        testId="members"
        itemTestId="member"
        empty={
          <>
            No members yet. Fans join from a members-only video&apos;s <strong>Join</strong>.
          </>
        }
        count={(first, items) => (
          <>
            {first.activeCount === 1 ? "1 active member" : `${first.activeCount} active members`}
            {items.length > first.activeCount ? ", and those whose membership has ended" : ""}.
          </>
        )}
        moreLabel="Show more members"
      />
    </div>
  );
}
