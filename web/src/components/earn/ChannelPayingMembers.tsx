"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AccountName } from "@/components/AccountName";
import { usePublicConfig } from "@/components/ConfigContext";
import { TokenAmount } from "@/components/TokenAmount";
import { plural } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import styles from "./earn.module.css";

const PAGE_SIZE = 50;

const day = (seconds: number) =>
  new Date(seconds * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/**
 * A community channel's paying members (fans who bought its voted membership plan), from the indexer's
 * `/channels/{id}/paying-members`: how many are active (`active`: the channel's `payingMembers`), then each — latest expiry first, so the active ones lead — with
 * until when, how often they joined and what they paid the members' pot in each token.
 */
export function ChannelPayingMembers({ channelId, active }: { channelId: string; active: number }) {
  const config = usePublicConfig();
  const members = useInfiniteQuery({
    queryKey: ["channel-paying-members", config.chainId, channelId],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const page = await callIndexer(
        config.indexerUrl,
        "listChannelPayingMembers",
        { params: { id: channelId }, query: { limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      );
      if (!page.ok)
        throw new Error(
          page.status === null
            ? "Couldn't reach the catalogue: check your connection (or that the indexer is running) and try again."
            : `The catalogue couldn't list the paying members: ${page.error}`,
        );
      return page.data;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="paying-members-heading" className="stack" id="paying-members">
      <h2 id="paying-members-heading" className="section-title">
        Paying members
      </h2>
      <div className="stack" data-testid="paying-members">
        {members.isPending ? (
          <p className="muted">Reading the paying members…</p>
        ) : members.isError && items.length === 0 ? (
          <p className="field-error" role="alert">
            {members.error.message}{" "}
            <button type="button" className="btn btn-small" onClick={() => void members.refetch()}>
              Try again
            </button>
          </p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="paying-members-count">
            Nobody has paid for a membership yet. Fans join from a members-only release&apos;s <strong>Join</strong>{" "}
            once the members have voted a plan.
          </p>
        ) : (
          <>
            <p className="muted" data-testid="paying-members-count">
              {plural(active, "paying member")} now
              {items.length > active ? ", and those whose membership has ended" : ""}. Their money went into the
              members&apos; pot.
            </p>
            <ul className={styles.members}>
              {items.map((m) => (
                <li key={m.member.address} data-testid="paying-member" data-active={m.active}>
                  <AccountName address={m.member.address} />
                  <span className="muted">
                    {m.active ? `member until ${day(m.expiresAt)}` : `ended ${day(m.expiresAt)}`}
                    {m.joins > 1 ? ` · renewed ${m.joins - 1}×` : ""} · paid{" "}
                    {m.paid.map((p, i) => (
                      <span key={p.token} data-testid="paying-member-paid">
                        {i > 0 ? " + " : ""}
                        <TokenAmount amount={p.amount} token={p.token} />
                      </span>
                    ))}
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
                data-testid="paying-members-more"
              >
                {members.isFetchingNextPage ? "Loading…" : "Load more"}
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
    </section>
  );
}
