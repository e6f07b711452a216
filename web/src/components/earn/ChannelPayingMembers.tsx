"use client";
import { TokenAmount } from "@/components/TokenAmount";
import { plural } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { MemberPages } from "./MemberPages";

/**
 * A community channel's paying members (fans who bought its voted membership plan), from the indexer's
 * `/channels/{id}/paying-members`: how many are active (`active`: the channel's `payingMembers`), then each — latest expiry first, so the active ones lead — with
 * until when, how often they joined and what they paid the members' pot in each token.
 */
export function ChannelPayingMembers({ channelId, active }: { channelId: string; active: number }) {
  return (
    <section aria-labelledby="paying-members-heading" className="stack" id="paying-members">
      <h2 id="paying-members-heading" className="section-title">
        Paying members
      </h2>
      <div className="stack" data-testid="paying-members">
        <MemberPages
          queryKey={["channel-paying-members", channelId]}
          fetchPage={(indexerUrl, query, signal) =>
            callIndexer(indexerUrl, "listChannelPayingMembers", { params: { id: channelId }, query }, signal)
          }
          what="the paying members"
          testId="paying-members"
          itemTestId="paying-member"
          empty={
            <>
              Nobody has paid for a membership yet. Fans join from a members-only release&apos;s <strong>Join</strong>{" "}
              once the members have voted a plan.
            </>
          }
          count={(_first, items) => (
            <>
              {plural(active, "paying member")} now
              {items.length > active ? ", and those whose membership has ended" : ""}. Their money went into the
              members&apos; pot.
            </>
          )}
          moreLabel="Load more"
          details={(m) => (
            <>
              {" "}
              · paid{" "}
              {m.paid.map((p, i) => (
                <span key={p.token} data-testid="paying-member-paid">
                  {i > 0 ? " + " : ""}
                  <TokenAmount amount={p.amount} token={p.token} />
                </span>
              ))}
            </>
          )}
        />
      </div>
    </section>
  );
}
