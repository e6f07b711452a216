"use client";
import { shortAddress } from "@/lib/format";
import { cidKind, timeLeft, type Story } from "@/lib/stories";
import { usePublicConfig } from "../ConfigContext";
import { Filtered } from "../filters/Filtered";
import styles from "./Stories.module.css";

/**
 * One story in a row of stories (the home page's bar, a creator's page): a round picture, whose it is and how long it
 * has left; opens the viewer. Every story on a page renders through this one component, so the viewer's filters apply
 * here, in one place: a story they hide is a placeholder that says why, with *Show anyway*.
 */
export function StoryItem({
  story,
  now,
  onOpen,
}: {
  story: Story;
  /** seconds, by the chain's clock (useChainNow) */
  now: number;
  onOpen: () => void;
}) {
  const { gatewayUrl } = usePublicConfig();
  // A raw CID is the picture itself; a directory (a short video, or a big picture) shows a neutral ring until opened.
  const picture = cidKind(story.cid) === "image" ? `${gatewayUrl}/ipfs/${story.cid}` : null;
  const who = shortAddress(story.creator);
  return (
    <Filtered compact item={{ type: "story", id: story.id, author: story.creator, text: [story.caption] }}>
      <button
        type="button"
        className={styles.item}
        onClick={onOpen}
        data-testid="story-item"
        data-story-id={story.id}
        aria-label={`Story by ${who}${story.caption ? `: ${story.caption}` : ""} — ${timeLeft(story.expiresAt, now)}`}
      >
        <span className={styles.ring}>
          {picture ? (
            // A plain <img>, as Thumbnail: the gateway URL is known at request time and the file is immutable.
            <img src={picture} alt="" className={styles.bubble} loading="lazy" />
          ) : (
            <span className={styles.bubble} aria-hidden="true" />
          )}
        </span>
        <span className={styles.itemName}>{who}</span>
        <span className={styles.itemLeft}>{timeLeft(story.expiresAt, now)}</span>
      </button>
    </Filtered>
  );
}
