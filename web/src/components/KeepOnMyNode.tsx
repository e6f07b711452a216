"use client";
import { useEffect, useState } from "react";
import { plural } from "@/lib/format";
import { useHydrated } from "@/lib/use-hydrated";
import { Waiting } from "./TxStatus";

interface FollowState {
  channelId: string;
  kept: number;
  videos: number;
  lastSyncAt: string | null;
  error: string | null;
}

type State =
  | { step: "loading" }
  | { step: "ready"; follow: FollowState | null }
  | { step: "working"; follow: FollowState | null }
  | { step: "failed"; message: string; follow: FollowState | null };

/**
 * "Keep on my node": the viewer's own IPFS node pins every video this channel releases (within its disk quota) and
 * re-serves them to other viewers — no wallet involved. Talks to the node through /api/follows.
 */
export function KeepOnMyNode({ channelId }: { channelId: string }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<State>({ step: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/follows", { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        const body = (await response.json()) as { follows?: FollowState[]; error?: string };
        if (!response.ok) throw new Error(body.error ?? `The app answered ${response.status}.`);
        setState({ step: "ready", follow: body.follows?.find((f) => f.channelId === channelId) ?? null });
      })
      .catch((error: Error) => {
        if (!controller.signal.aborted) setState({ step: "failed", message: error.message, follow: null });
      });
    return () => controller.abort();
  }, [channelId]);

  const follow = state.step === "loading" ? null : state.follow;
  const toggle = async () => {
    const wanted = !follow;
    setState({ step: "working", follow });
    try {
      const response = await fetch("/api/follows", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ channelId, follow: wanted }),
      });
      const body = (await response.json()) as { follow?: FollowState; error?: string };
      if (!response.ok) throw new Error(body.error ?? `The app answered ${response.status}.`);
      setState({ step: "ready", follow: wanted ? (body.follow ?? null) : null });
    } catch (error) {
      setState({
        step: "failed",
        message: error instanceof Error ? error.message : "That didn't work. Try again.",
        follow,
      });
    }
  };

  return (
    <div className="keep-on-node" data-testid="keep-on-node" data-state={follow ? "following" : "not-following"}>
      <button
        type="button"
        className={follow ? "btn" : "btn btn-primary"}
        onClick={() => void toggle()}
        disabled={!hydrated || state.step === "loading" || state.step === "working"}
        data-testid="keep-on-node-button"
        aria-pressed={Boolean(follow)}
      >
        {follow ? "Stop keeping on my node" : "Keep on my node"}
      </button>
      <span className="muted" role="status" data-testid="keep-on-node-status">
        {state.step === "working" ? (
          <Waiting>{follow ? "Unpinning…" : "Pinning the channel's videos on your node…"}</Waiting>
        ) : state.step === "failed" ? (
          <span className="field-error">{state.message}</span>
        ) : follow ? (
          follow.error ? (
            <span className="field-error">{follow.error}</span>
          ) : (
            `Your node keeps ${plural(follow.kept, "video")} of ${follow.videos} and re-serves them; new ones are kept as they are released.`
          )
        ) : state.step === "ready" ? (
          "Your node can keep every video of this channel and help serve them to others."
        ) : null}
      </span>
    </div>
  );
}
