"use client";
import type { PublishedPlaylist } from "@chorus/protocol";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePublicConfig } from "@/components/ConfigContext";
import { Thumbnail } from "@/components/Thumbnail";
import { TimeAgo } from "@/components/TimeAgo";
import { useWallet } from "@/components/WalletGate";
import { plural } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { gatewayUrl } from "@/lib/media";
import { browserCopyOf, type Playlist, publishedHref } from "@/lib/playlists";
import styles from "./playlists.module.css";

const SHOWN = 48;

/**
 * "Published" on /playlists: the connected wallet's published playlists, newest first, from the indexer's
 * `GET /playlists?owner=` — each with its link, video count and when it was last updated, and the browser copy it was
 * published from when that copy is in this browser. Without a wallet there is nothing to show and it renders nothing.
 */
export function MyPublishedPlaylists({ local }: { local: readonly Playlist[] }) {
  const config = usePublicConfig();
  const { address } = useWallet();
  const query = useQuery({
    queryKey: ["published-playlists", config.indexerUrl, address?.toLowerCase() ?? ""],
    enabled: Boolean(address),
    queryFn: async ({ signal }) =>
      callIndexer(config.indexerUrl, "listPlaylists", { query: { owner: address!, limit: SHOWN } }, signal),
  });
  if (!address) return null;
  const result = query.data;
  return (
    <section
      className={styles.section}
      aria-labelledby="published-playlists-heading"
      data-testid="my-published-playlists"
      data-ready={Boolean(result)}
    >
      <h2 id="published-playlists-heading" className="section-title">
        Published
      </h2>
      {!result ? (
        <p className="muted">Loading the playlists this account published…</p>
      ) : !result.ok ? (
        <div className="notice notice-error" role="alert" data-testid="my-published-error">
          <p>
            {result.status === null
              ? "Can't reach the catalogue, so your published playlists can't be listed right now; the ones in this browser are below. Try again in a moment."
              : `The catalogue couldn't list your published playlists (${result.error}). Try again in a moment.`}
          </p>
          <button type="button" className="btn" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching ? "Checking…" : "Try again"}
          </button>
        </div>
      ) : result.data.items.length === 0 ? (
        <p className="muted" data-testid="my-published-empty">
          This account hasn't published a playlist yet. Open one of yours below and press <strong>Publish</strong> to
          give it an address anyone can open.
        </p>
      ) : (
        <>
          <ul className={styles.grid} data-testid="my-published-list">
            {result.data.items.map((p) => (
              <PublishedCard key={p.id} playlist={p} copy={browserCopyOf(local, config.chainId, p.id)} />
            ))}
          </ul>
          {result.data.nextCursor ? (
            <p className="muted">
              The newest {SHOWN} are shown; <Link href={`/creator/${address}`}>your creator page</Link> lists them all.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function PublishedCard({ playlist, copy }: { playlist: PublishedPlaylist; copy: Playlist | undefined }) {
  const config = usePublicConfig();
  const first = playlist.document?.entries[0];
  const thumb =
    first?.manifestCid && first.thumbnail ? gatewayUrl(config.gatewayUrl, first.manifestCid, first.thumbnail) : null;
  const href = publishedHref(playlist.id);
  return (
    <li className={styles.card} data-testid="my-published-playlist">
      <Link href={href} className="thumb" tabIndex={-1} aria-hidden="true">
        <Thumbnail src={thumb} fallback={first ? "No thumbnail" : "Empty playlist"} />
      </Link>
      <Link href={href} className={styles.userText}>
        {playlist.document?.title ?? `Playlist #${playlist.id}`}
      </Link>
      <span className="muted" data-testid="my-published-meta">
        {playlist.document ? plural(playlist.document.entries.length, "video") : "List unavailable right now"} ·{" "}
        <TimeAgo timestamp={playlist.updatedAt} prefix="updated " />
      </span>
      {copy ? (
        <Link href={`/playlists/${copy.id}`} className="muted">
          Edit your copy in this browser
        </Link>
      ) : null}
    </li>
  );
}
