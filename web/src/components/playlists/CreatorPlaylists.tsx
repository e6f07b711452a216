import Link from "next/link";
import { Thumbnail } from "@/components/Thumbnail";
import { plural } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { gatewayUrl } from "@/lib/media";
import { publishedHref } from "@/lib/playlists";
import { getServerConfig } from "@/lib/server-config";
import styles from "./playlists.module.css";

/**
 * "Playlists" on a creator's page: the playlists they published, newest first (the first 24), each with its first
 * video's picture. Renders nothing when there are none, or when the catalogue can't say (the page shows that itself).
 */
export async function CreatorPlaylists({ creator }: { creator: string }) {
  const config = await getServerConfig();
  const page = await callIndexer(config.indexerUrl, "listPlaylists", { query: { owner: creator, limit: 24 } });
  if (!page.ok || page.data.items.length === 0) return null;
  return (
    <section aria-labelledby="creator-playlists-heading" data-testid="creator-playlists">
      <h2 id="creator-playlists-heading" className="section-title">
        Playlists
      </h2>
      <ul className={styles.grid}>
        {page.data.items.map((p) => {
          const first = p.document?.entries[0];
          const thumb =
            first?.manifestCid && first.thumbnail
              ? gatewayUrl(config.gatewayUrl, first.manifestCid, first.thumbnail)
              : null;
          const href = publishedHref(p.id);
          return (
            <li key={p.id} className={styles.card} data-testid="creator-playlist">
              <Link href={href} className="thumb" tabIndex={-1} aria-hidden="true">
                <Thumbnail src={thumb} fallback={first ? "No thumbnail" : "Empty playlist"} />
              </Link>
              <Link href={href} className={styles.userText}>
                {p.document?.title ?? `Playlist #${p.id}`}
              </Link>
              <span className="muted">
                {p.document ? plural(p.document.entries.length, "video") : "List unavailable right now"}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
