"use client";
import { useSubscriptions } from "@/lib/use-subscriptions";

/** A channel page's Subscribe: its releases come to /subscriptions and the bell (kept in this browser; no wallet). */
export function SubscribeChannel({ channelId }: { channelId: string }) {
  const subs = useSubscriptions();
  const subscribed = subs.channels.includes(channelId);
  return (
    <div className="tx-actions">
      <button
        type="button"
        className={subscribed ? "btn" : "btn btn-primary"}
        aria-pressed={subscribed}
        disabled={!subs.ready}
        onClick={() => subs.toggleChannel(channelId)}
        data-testid="subscribe-channel"
      >
        {subscribed ? "Subscribed" : "Subscribe"}
      </button>
      <span className="field-hint">
        {subscribed
          ? "Its releases come to your Subscriptions and the bell (this browser's list)."
          : "Get its releases in your Subscriptions and the bell (kept in this browser; no wallet needed)."}
      </span>
    </div>
  );
}
