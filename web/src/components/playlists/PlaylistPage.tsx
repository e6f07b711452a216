"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { EmptyState } from "@/components/States";
import { Thumbnail } from "@/components/Thumbnail";
import { plural } from "@/lib/format";
import { gatewayUrl } from "@/lib/media";
import {
  checkName,
  deletePlaylist,
  inListHref,
  MAX_NAME,
  moveItem,
  type Playlist,
  renamePlaylist,
  setSaved,
} from "@/lib/playlists";
import { usePlaylists } from "@/lib/use-playlists";
import { PublishPlaylist } from "./PublishPlaylist";
import styles from "./playlists.module.css";

/**
 * `/playlists/<id>`: one of this browser's playlists — play it, reorder it (Move up / Move down), take videos out,
 * publish it (and update or remove what was published), rename it, delete it (asks first). Every control is a button, so all of it works by keyboard.
 */
export function PlaylistPage({ id }: { id: string }) {
  const { playlists, ready } = usePlaylists();
  const playlist = playlists.find((p) => p.id === id);
  if (!ready) return <div className="page" data-testid="playlist-page" data-ready="false" />;
  if (!playlist)
    return (
      <div className="page" data-testid="playlist-page" data-ready="true">
        <EmptyState
          title="This playlist isn't in this browser"
          actions={
            <Link className="btn btn-primary" href="/playlists">
              Your playlists
            </Link>
          }
        >
          <p>
            Playlists are kept in the browser that made them. It may have been deleted here, or made in another browser:
            export it there and import the file on the Playlists page.
          </p>
        </EmptyState>
      </div>
    );
  return <Loaded playlist={playlist} />;
}

function Loaded({ playlist }: { playlist: Playlist }) {
  const config = usePublicConfig();
  const { update } = usePlaylists();
  const [status, setStatus] = useState("");
  const first = playlist.items[0];
  return (
    <div className="page page-narrow" data-testid="playlist-page" data-ready="true">
      <p>
        <Link href="/playlists">← Your playlists</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 data-testid="playlist-name">{playlist.name}</h1>
          <p>{plural(playlist.items.length, "video")} · kept in this browser</p>
        </div>
        {first ? (
          <Link className="btn btn-primary" href={inListHref(first.videoId, playlist.id)} data-testid="play-all">
            ▶ Play all
          </Link>
        ) : null}
      </div>
      {playlist.items.length === 0 ? (
        <p className="notice">
          This playlist is empty. Press <strong>Save</strong> under a video to add it.
        </p>
      ) : (
        <ol className={styles.items} data-testid="playlist-items">
          {playlist.items.map((item, index) => {
            const thumb =
              item.manifestCid && item.thumbnail
                ? gatewayUrl(config.gatewayUrl, item.manifestCid, item.thumbnail)
                : null;
            const last = index === playlist.items.length - 1;
            const move = (by: -1 | 1) => {
              update((all) => moveItem(all, playlist.id, index, by));
              setStatus(`Moved “${item.title}” to position ${index + 1 + by}.`);
            };
            return (
              <li key={item.videoId} className={styles.item} data-testid="playlist-item">
                <span className={styles.position} aria-hidden="true">
                  {index + 1}
                </span>
                <Link
                  href={inListHref(item.videoId, playlist.id)}
                  className={`thumb ${styles.itemThumb}`}
                  tabIndex={-1}
                  aria-hidden="true"
                >
                  <Thumbnail src={thumb} fallback="No thumbnail" />
                </Link>
                <Link href={inListHref(item.videoId, playlist.id)} className={styles.itemTitle}>
                  {item.title}
                </Link>
                <div className={styles.itemActions}>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={index === 0}
                    aria-label={`Move “${item.title}” up`}
                    onClick={() => move(-1)}
                  >
                    ↑ Up
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={last}
                    aria-label={`Move “${item.title}” down`}
                    onClick={() => move(1)}
                  >
                    ↓ Down
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    aria-label={`Remove “${item.title}” from this playlist`}
                    onClick={() => {
                      update((all) => setSaved(all, playlist.id, item, false));
                      setStatus(`Removed “${item.title}”.`);
                    }}
                  >
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <p role="status" className={styles.status} data-testid="playlist-status">
        {status}
      </p>
      <PublishPlaylist playlist={playlist} />
      <Rename playlist={playlist} />
      <Delete playlist={playlist} />
    </div>
  );
}

function Rename({ playlist }: { playlist: Playlist }) {
  const id = useId();
  const { update } = usePlaylists();
  const [name, setName] = useState(playlist.name);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <section className={styles.section} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="section-title">
        Rename
      </h2>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          const checked = checkName(name);
          if (!checked.ok) {
            setError(checked.error);
            return;
          }
          update((all) => renamePlaylist(all, playlist.id, checked.name));
          setError(null);
          setDone(true);
        }}
      >
        <label htmlFor={`${id}-name`} className="visually-hidden">
          New name
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          maxLength={MAX_NAME + 20}
          data-testid="rename-input"
          aria-invalid={error !== null}
          aria-describedby={`${id}-note`}
          onChange={(e) => {
            setName(e.target.value);
            setDone(false);
          }}
        />
        <button type="submit" className="btn" data-testid="rename-playlist">
          Rename
        </button>
      </form>
      <p id={`${id}-note`} className={error ? "field-error" : "muted"} role="status">
        {error ?? (done ? "Renamed." : "")}
      </p>
    </section>
  );
}

function Delete({ playlist }: { playlist: Playlist }) {
  const router = useRouter();
  const { update } = usePlaylists();
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  // The question takes the focus on its safe answer; answering "Keep it" gives it back to "Delete playlist…".
  useEffect(() => {
    if (asking) keepRef.current?.focus();
    else if (opened.current) deleteRef.current?.focus();
    opened.current ||= asking;
  }, [asking]);
  return (
    <section className={styles.section} aria-label="Delete this playlist">
      {asking ? (
        <div className="notice notice-warning" role="alert">
          <p>
            Delete “{playlist.name}” and its list of {plural(playlist.items.length, "video")} from this browser? The
            videos themselves stay. This can&apos;t be undone unless you exported it.
          </p>
          <div className={styles.row}>
            <button
              type="button"
              className="btn btn-danger"
              data-testid="confirm-delete"
              onClick={() => {
                update((all) => deletePlaylist(all, playlist.id));
                router.push("/playlists");
              }}
            >
              Delete it
            </button>
            <button ref={keepRef} type="button" className="btn" onClick={() => setAsking(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={deleteRef}
          type="button"
          className="btn btn-ghost"
          onClick={() => setAsking(true)}
          data-testid="delete-playlist"
        >
          Delete playlist…
        </button>
      )}
    </section>
  );
}
