import type { SearchHit } from "@chorus/protocol";
import Link from "next/link";
import { plural } from "@/lib/format";
import { channelName } from "@/lib/indexer";
import { VideoGrid } from "../VideoCard";
import styles from "./Search.module.css";

/** One page of search hits: videos as the catalogue's grid, channels and creators as lists of links. */
export function SearchResults({ items, gateway }: { items: SearchHit[]; gateway: string }) {
  const videos = items.flatMap((hit) => (hit.kind === "video" ? [hit.video] : []));
  if (videos.length) return <VideoGrid videos={videos} gateway={gateway} />;
  return (
    <ul className={styles.hits} data-testid="search-hits">
      {items.map((hit) =>
        hit.kind === "channel" ? (
          <li key={`c${hit.channel.id}`}>
            <Link href={`/channels/${hit.channel.id}`} className={styles.hit}>
              <strong>{channelName(hit.channel)}</strong>
              <span className={styles.meta}>
                Channel · {plural(hit.channel.memberCount, "member")} · {plural(hit.channel.videoCount, "video")}
              </span>
              {hit.channel.metadata?.description ? (
                <span className={styles.snippet}>{hit.channel.metadata.description}</span>
              ) : null}
            </Link>
          </li>
        ) : hit.kind === "creator" ? (
          <li key={`a${hit.creator.address}`}>
            <Link href={`/creator/${hit.creator.address}`} className={styles.hit}>
              <strong>
                {hit.creator.account.nickname ??
                  (hit.creator.account.handle
                    ? `@${hit.creator.account.handle.handle}`
                    : hit.creator.account.fingerprint)}
              </strong>
              <span className={styles.meta}>
                Creator
                {hit.creator.account.handle?.status === "live" ? ` · @${hit.creator.account.handle.handle}` : ""} ·{" "}
                {hit.creator.account.fingerprint} · {plural(hit.creator.videoCount, "video")}
              </span>
            </Link>
          </li>
        ) : null,
      )}
    </ul>
  );
}
