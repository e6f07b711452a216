"use client";
import {
  PLAYLIST_DOCUMENT_SCHEMA,
  type PlaylistDocument,
  type PlaylistEntry,
  type PublishedPlaylist,
} from "@chorus/protocol";
import Link from "next/link";
import { useState } from "react";
import { Address } from "@/components/Address";
import { usePublicConfig } from "@/components/ConfigContext";
import { Description } from "@/components/Description";
import { Thumbnail } from "@/components/Thumbnail";
import { TimeAgo } from "@/components/TimeAgo";
import { plural } from "@/lib/format";
import { gatewayUrl } from "@/lib/media";
import { copyOfPublished, inListHref, newPlaylistId, publishedListId } from "@/lib/playlists";
import { usePlaylists } from "@/lib/use-playlists";
import styles from "./playlists.module.css";

/**
 * A published playlist as anyone sees it (/playlists/p/<id>): title, owner, its videos in order, Play all, and Save a
 * copy (a new playlist of this browser's own, which doesn't follow later updates). A removed playlist, or one whose
 * document IPFS can't deliver or isn't a playlist, says so.
 */
export function PublishedPlaylistView({ playlist }: { playlist: PublishedPlaylist }) {
  const listId = publishedListId(playlist.id);
  const doc = playlist.document;
  const first = doc?.entries[0];
  return (
    <div className="page page-narrow" data-testid="published-playlist-page">
      <p className="muted">
        Published playlist #{playlist.id} · <Link href="/playlists">Your playlists</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 data-testid="playlist-name" className={styles.userText}>
            {doc?.title ?? `Playlist #${playlist.id}`}
          </h1>
          <p>
            {doc ? `${plural(doc.entries.length, "video")} · ` : ""}by <Address address={playlist.owner} /> · updated{" "}
            <TimeAgo timestamp={playlist.updatedAt} />
          </p>
        </div>
        {first && playlist.removedAt === null ? (
          <Link className="btn btn-primary" href={inListHref(first.videoId, listId)} data-testid="play-all">
            ▶ Play all
          </Link>
        ) : null}
      </div>
      {playlist.removedAt !== null ? (
        <p className="notice notice-warning" data-testid="published-removed">
          Its owner removed this playlist <TimeAgo timestamp={playlist.removedAt} />. What it last held is shown below;
          you can still save a copy.
        </p>
      ) : null}
      {!doc ? (
        <p className="notice" data-testid="published-document-missing">
          {playlist.documentStatus === "unavailable"
            ? "Its list of videos can't be fetched from IPFS right now. Reload in a minute."
            : "Its document on IPFS isn't a Chorus playlist, so there is nothing to show."}
        </p>
      ) : (
        <>
          {doc.description ? <Description text={doc.description} /> : null}
          {doc.entries.length === 0 ? (
            <p className="notice">This playlist is empty.</p>
          ) : (
            <PlaylistEntries entries={doc.entries} listId={listId} />
          )}
          <SaveCopy document={doc} />
        </>
      )}
    </div>
  );
}

/** A playlist's videos in order, each opening the video in the playlist `listId` (a published or a channel's list). */
export function PlaylistEntries({ entries, listId }: { entries: readonly PlaylistEntry[]; listId: string }) {
  const config = usePublicConfig();
  return (
    <ol className={styles.items} data-testid="playlist-items">
      {entries.map((entry, index) => {
        const thumb =
          entry.manifestCid && entry.thumbnail
            ? gatewayUrl(config.gatewayUrl, entry.manifestCid, entry.thumbnail)
            : null;
        const href = inListHref(entry.videoId, listId);
        return (
          <li key={entry.videoId} className={styles.item} data-testid="playlist-item">
            <span className={styles.position} aria-hidden="true">
              {index + 1}
            </span>
            <Link href={href} className={`thumb ${styles.itemThumb}`} tabIndex={-1} aria-hidden="true">
              <Thumbnail src={thumb} fallback="No thumbnail" />
            </Link>
            <Link href={href} className={styles.itemTitle}>
              {entry.title}
            </Link>
          </li>
        );
      })}
    </ol>
  );
}

/** Save a copy of a playlist (published, or a channel's) into this browser's own playlists. */
export function SaveCopy({ document: doc }: { document: Omit<PlaylistDocument, "schema"> }) {
  const { ready, update } = usePlaylists();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section className={styles.section} aria-label="Save a copy">
      <p className="muted">
        Save a copy to keep this list in this browser&apos;s playlists (no wallet). The copy is yours to change; it
        doesn&apos;t follow this playlist&apos;s later updates.
      </p>
      <div className={styles.row}>
        <button
          type="button"
          className="btn"
          disabled={!ready}
          data-testid="save-copy"
          onClick={() => {
            const id = newPlaylistId();
            update((all) =>
              copyOfPublished(all, { id, createdAt: Date.now() }, { schema: PLAYLIST_DOCUMENT_SCHEMA, ...doc }),
            );
            setSaved(id);
          }}
        >
          Save a copy
        </button>
      </div>
      <p role="status" className={styles.status} data-testid="save-copy-status">
        {saved ? (
          <>
            Saved as “{doc.title}” in <Link href={`/playlists/${saved}`}>your playlists</Link>.
          </>
        ) : null}
      </p>
    </section>
  );
}
