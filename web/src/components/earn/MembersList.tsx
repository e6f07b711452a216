"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AccountName } from "@/components/AccountName";
import { usePublicConfig } from "@/components/ConfigContext";
import { callIndexer } from "@/lib/indexer";
import styles from "./earn.module.css";

const PAGE_SIZE = 50;

const day = (seconds: number) =>
  new Date(seconds * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/**
 * A creator's members (under their plan on /account), from the indexer's `/memberships/{address}`: how many are active,
 * then each member — latest expiry first, so the active ones lead — with until when, and how often they joined.
 */
export function MembersList({ creator }: { creator: string }) {
  const config = usePublicConfig();
  const members = useInfiniteQuery({
    queryKey: ["members", config.chainId, creator.toLowerCase()],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const page = await callIndexer(
        config.indexerUrl,
        "getMemberships",
        { params: { address: creator }, query: { limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      );
      if (!page.ok)
        throw new Error(
          page.status === null
            ? "Couldn't reach the catalogue: check your connection (or that the indexer is running) and try again."
            : `The catalogue couldn't list your members: ${page.error}`,
        );
      return page.data;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const first = members.data?.pages[0];
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="stack" data-testid="members">
      <h3 className={styles.membersTitle}>Your members</h3>
      {members.isPending ? (
        <p className="muted">Reading your members…</p>
      ) : members.isError && items.length === 0 ? (
        <p className="field-error" role="alert">
          {members.error.message}{" "}
          <button type="button" className="btn btn-small" onClick={() => void members.refetch()}>
            Try again
          </button>
        </p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="members-count">
          No members yet. Fans join from a members-only video&apos;s <strong>Join</strong>.
        </p>
      ) : (
        <>
          <p className="muted" data-testid="members-count">
            {first?.activeCount === 1 ? "1 active member" : `${first?.activeCount ?? 0} active members`}
            {items.length > (first?.activeCount ?? 0) ? ", and those whose membership has ended" : ""}.
          </p>
          <ul className={styles.members}>
            {items.map((m) => (
              <li key={m.member.address} data-testid="member" data-active={m.active}>
                <AccountName address={m.member.address} />
                <span className="muted">
                  {m.active ? `member until ${day(m.expiresAt)}` : `ended ${day(m.expiresAt)}`}
                  {m.joins > 1 ? ` · renewed ${m.joins - 1}×` : ""}
                </span>
              </li>
            ))}
          </ul>
          {members.hasNextPage ? (
            <button
              type="button"
              className="btn"
              disabled={members.isFetchingNextPage}
              onClick={() => void members.fetchNextPage()}
            >
              {members.isFetchingNextPage ? "Loading…" : "Show more members"}
            </button>
          ) : null}
          {members.isError ? (
            <p className="field-error" role="alert">
              {members.error.message}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
