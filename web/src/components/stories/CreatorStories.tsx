"use client";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { isShown, type Story } from "@/lib/stories";
import { useChainNow, useFollows, useLiveStories } from "@/lib/use-stories";
import { useHydrated } from "@/lib/use-hydrated";
import { deleteStoryPlan } from "@/tx/storyTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { useWallet } from "../WalletGate";
import { StoryItem } from "./StoryItem";
import { StoryViewer } from "./StoryViewer";
import styles from "./Stories.module.css";

/**
 * A creator's page, stories part: Follow (this browser's follows, which choose the home page's stories bar; no wallet),
 * the creator's live stories, and — for the creator themself — Post a story and Delete on each live one.
 */
export function CreatorStories({ creator }: { creator: Address }) {
  const hydrated = useHydrated();
  const { follows, ready, toggle } = useFollows();
  const { address } = useWallet();
  const now = useChainNow();
  const live = useLiveStories(creator);
  const [open, setOpen] = useState<number | null>(null);
  const [node, setNode] = useState<{ step: "idle" | "working" | "done" } | { step: "failed"; message: string }>({
    step: "idle",
  });
  const opener = useRef<HTMLElement | null>(null);
  const following = follows.includes(creator);
  const own = address?.toLowerCase() === creator.toLowerCase();
  const stories = (live.data ?? []).filter((s) => isShown(s, now));
  const close = useCallback(() => {
    setOpen(null);
    opener.current?.focus();
  }, []);

  return (
    <section className={styles.creator} aria-label="Stories" data-testid="creator-stories">
      <div className={styles.creatorActions}>
        <button
          type="button"
          className={following ? "btn btn-small" : "btn btn-primary btn-small"}
          aria-pressed={following}
          disabled={!hydrated || !ready}
          onClick={() => {
            toggle(creator);
            setNode({ step: "working" });
            void tellNode(creator, !following).then(setNode);
          }}
          data-testid="follow-creator"
        >
          {following ? "Following" : "Follow"}
        </button>
        <span className="muted" role="status" data-testid="follow-status">
          {node.step === "failed" ? (
            <span className="field-error">{node.message}</span>
          ) : following ? (
            `Their videos come to your Subscriptions and their stories fill the bar on your home page (this browser's follow list)${node.step === "done" ? ", and your node keeps each while it lives" : ""}.`
          ) : (
            "Follow to get their videos in your Subscriptions and their stories on your home page (kept in this browser; no wallet needed)."
          )}
        </span>
        {own ? (
          <Link href="/stories/new" className="btn btn-small" data-testid="creator-post-story">
            Post a story
          </Link>
        ) : null}
      </div>
      {stories.length > 0 ? (
        <div className={styles.row}>
          {stories.map((story, i) => (
            <StoryItem
              key={story.id}
              story={story}
              now={now}
              onOpen={() => {
                opener.current = document.activeElement as HTMLElement | null;
                setOpen(i);
              }}
            />
          ))}
        </div>
      ) : null}
      {open !== null ? (
        <StoryViewer
          stories={stories}
          index={open}
          now={now}
          onIndex={setOpen}
          onClose={close}
          footer={own ? (story) => <DeleteStory key={story.id} story={story} /> : undefined}
        />
      ) : null}
    </section>
  );
}

/**
 * Tells this app's IPFS node to follow (or not) the creator's stories: it pins each while it lives, unpins it after
 * (/api/stories/follows). The browser's follow stands either way; a node that can't is said so.
 */
async function tellNode(
  creator: Address,
  follow: boolean,
): Promise<{ step: "done" } | { step: "failed"; message: string }> {
  try {
    const response = await fetch("/api/stories/follows", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ creator, follow }),
    });
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    if (response.ok) return { step: "done" };
    return {
      step: "failed",
      message: `${follow ? "Followed in this browser, but your node won't keep their stories" : "Unfollowed in this browser, but your node still keeps their stories"}: ${body?.error ?? `the app answered ${response.status}`}`,
    };
  } catch {
    return { step: "failed", message: "Couldn't reach this web app's server to tell your node. Try again." };
  }
}

/** The creator's Delete on their own live story (Stories.deleteStory), with the transaction's states. */
function DeleteStory({ story }: { story: Story }) {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { tx, start, busy } = useContractTx<{ storyId: string }>();
  return (
    <div className={styles.footer}>
      <button
        type="button"
        className="btn btn-danger btn-small"
        disabled={busy || tx.step === "indexed"}
        onClick={() => {
          if (
            window.confirm("Delete this story? It stops being shown at once; nodes that kept a copy may still have it.")
          )
            void start(deleteStoryPlan(wagmiConfig, config, { id: story.id, creator: story.creator as Address }));
        }}
        data-testid="delete-story"
      >
        Delete story
      </button>
      <TxStatus
        tx={tx}
        testId="delete-story-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "the story is deleted."}
      />
    </div>
  );
}
