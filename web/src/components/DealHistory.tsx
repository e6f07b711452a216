"use client";
import { useState } from "react";
import { callIndexer, type StorageEvent } from "@/lib/indexer";
import type { Page } from "@chorus/protocol";
import { usePublicConfig } from "./ConfigContext";
import { AccountName } from "./AccountName";
import { TimeAgo } from "./TimeAgo";
import { TokenAmount } from "./TokenAmount";

const EVENT_TEXT: Record<StorageEvent["kind"], string> = {
  created: "Deal opened",
  topup: "Topped up",
  join: "Keeper joined",
  extend: "Keeper agreed to serve the top-up",
  proof: "Proof accepted",
  miss: "Period missed (slashed; half to the reporter)",
  leave: "Keeper left",
  evict: "Keeper evicted",
  release: "Keeper released",
  refund: "Refunded to the funder",
};

/** A deal's history, newest first: the first page comes with the deal, "Load more" follows `nextCursor`. */
export function DealHistory({ dealId, initial }: { dealId: string; initial: Page<StorageEvent> }) {
  const config = usePublicConfig();
  const [events, setEvents] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [state, setState] = useState<"idle" | "loading" | { error: string }>("idle");

  const load = async () => {
    if (!cursor) return;
    setState("loading");
    const page = await callIndexer(config.indexerUrl, "listDealEvents", { params: { id: dealId }, query: { cursor } });
    if (!page.ok) return setState({ error: `The catalogue couldn't load more of the history: ${page.error}` });
    const seen = new Set(events.map((e) => e.id));
    setEvents([...events, ...page.data.items.filter((e) => !seen.has(e.id))]);
    setCursor(page.data.nextCursor);
    setState("idle");
  };

  if (!events.length) return <p className="muted">Nothing yet.</p>;
  return (
    <>
      <table className="data-table" data-testid="deal-events">
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{EVENT_TEXT[e.kind] ?? e.kind}</td>
              <td>
                {e.keeper ? (
                  <span title={e.keeper}>
                    <AccountName address={e.keeper} />
                  </span>
                ) : e.actor ? (
                  <span title={e.actor}>
                    <AccountName address={e.actor} />
                  </span>
                ) : null}
              </td>
              <td>{e.period !== null ? `period ${e.period}` : null}</td>
              <td>
                {e.amount !== null && e.amount !== "0" ? <TokenAmount amount={e.amount} token={e.token} /> : null}
              </td>
              <td>
                <TimeAgo timestamp={e.timestamp} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor ? (
        <div className="load-more">
          <p role="status" aria-live="polite">
            {typeof state === "object" ? state.error : ""}
          </p>
          <button type="button" className="btn" onClick={load} disabled={state === "loading"}>
            {state === "loading" ? "Loading…" : typeof state === "object" ? "Try again" : "Load more"}
          </button>
        </div>
      ) : null}
    </>
  );
}
