import Link from "next/link";
import { shortAddress } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import { Avatar } from "./Avatar";
import styles from "./LiveNow.module.css";
import { TimeAgo } from "./TimeAgo";

/**
 * "Live now": the streams started and not yet ended on chain (the indexer's `/streams?live=1`), newest first, each
 * linking to its live page. On a creator's page only theirs (`creator`), on a channel's only the channel's
 * (`channel`). Renders nothing when no one is live, or when the catalogue can't say (the page shows that itself).
 */
export async function LiveNow({ creator, channel }: { creator?: string; channel?: string }) {
  const config = await getServerConfig();
  const page = await callIndexer(config.indexerUrl, "listStreams", {
    query: { live: "1", limit: 12, ...(creator ? { creator } : {}), ...(channel ? { channel } : {}) },
  });
  if (!page.ok || page.data.items.length === 0) return null;
  return (
    <section className={styles.row} aria-labelledby="live-now-heading" data-testid="live-now">
      <h2 id="live-now-heading" className={styles.heading}>
        <span className={styles.dot} aria-hidden="true" />
        Live now
      </h2>
      <ul className={styles.list}>
        {page.data.items.map((stream) => (
          <li key={stream.id} className={styles.card} data-testid={`live-now-${stream.id}`}>
            <Link href={`/live/${stream.id}`} className={styles.link}>
              <span className={styles.badge}>LIVE</span>
              <span className={styles.title}>{stream.title}</span>
            </Link>
            <span className={styles.meta}>
              <Link href={`/creator/${stream.creator}`} title={stream.creator} className={styles.creator}>
                <Avatar address={stream.creator} size="sm" />
                <span className="mono">{shortAddress(stream.creator)}</span>
              </Link>
              <span>
                <TimeAgo timestamp={stream.startedAt} prefix="started " />
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
