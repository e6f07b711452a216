"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { inListHref, positionIn } from "@/lib/playlists";
import { usePlaylists } from "@/lib/use-playlists";
import styles from "./playlists.module.css";

/**
 * The playlist under the player on `/watch/<id>?list=<playlist id>`: its videos with this one marked, a Next link, and
 * — as YouTube does — the next video as soon as this one ends. The player is rendered by the server page (free or paid),
 * so the end is heard here: `ended` doesn't bubble, but a capturing listener on the document sees it.
 */
export function PlaylistPanel({ playlistId, videoId }: { playlistId: string; videoId: string }) {
  const router = useRouter();
  const { playlists, ready } = usePlaylists();
  const playlist = playlists.find((p) => p.id === playlistId);
  const { index, next } = playlist ? positionIn(playlist, videoId) : { index: -1, next: null };
  const nextHref = playlist && next ? inListHref(next.videoId, playlist.id) : null;

  useEffect(() => {
    if (!nextHref) return;
    const onEnded = (event: Event) => {
      if ((event.target as Element | null)?.matches?.("video[data-testid=player]")) router.push(nextHref);
    };
    document.addEventListener("ended", onEnded, true);
    return () => document.removeEventListener("ended", onEnded, true);
  }, [nextHref, router]);

  if (!ready) return null;
  if (!playlist)
    return (
      <section className={styles.panel} aria-label="Playlist" data-testid="playlist-panel">
        <p className="notice">
          This playlist isn&apos;t in this browser — playlists stay in the browser that made them. Export it there and
          import it on <Link href="/playlists">your Playlists page</Link>.
        </p>
      </section>
    );
  return (
    <section className={styles.panel} aria-labelledby="playlist-panel-heading" data-testid="playlist-panel">
      <h2 id="playlist-panel-heading">
        <Link href={`/playlists/${playlist.id}`}>{playlist.name}</Link>
      </h2>
      <p className="muted" data-testid="playlist-position">
        {index >= 0
          ? `${index + 1} / ${playlist.items.length}`
          : `This video isn't in this playlist (${playlist.items.length} videos)`}
      </p>
      <ol className={styles.panelList}>
        {playlist.items.map((item, i) => (
          <li key={item.videoId}>
            <Link href={inListHref(item.videoId, playlist.id)} aria-current={i === index ? "true" : undefined}>
              {i + 1}. {item.title}
            </Link>
          </li>
        ))}
      </ol>
      {next && nextHref ? (
        <p>
          <Link className="btn btn-primary btn-small" href={nextHref} data-testid="playlist-next">
            Next: {next.title}
          </Link>{" "}
          <span className="muted">— plays when this one ends</span>
        </p>
      ) : (
        <p className="muted" data-testid="playlist-end">
          The last video of the playlist.
        </p>
      )}
    </section>
  );
}
