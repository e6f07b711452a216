"use client";
import { findChannelPlaylist } from "@chorus/protocol";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { channelListId, channelPlaylistHref, channelPlaylistsHref, parseChannelListId } from "@/lib/channel-playlists";
import { callIndexer } from "@/lib/indexer";
import {
  inListHref,
  type Playlist,
  parsePublishedListId,
  positionIn,
  publishedHref,
  publishedListId,
} from "@/lib/playlists";
import { usePlaylists } from "@/lib/use-playlists";
import styles from "./playlists.module.css";

/**
 * `list=` names a local playlist (its id), a published one (`p-<id>`) or a channel's (`c-<channel>-<ref>`); the
 * last two are read from the indexer: no wallet needed.
 */
export function PlaylistPanel({ playlistId, videoId }: { playlistId: string; videoId: string }) {
  const published = parsePublishedListId(playlistId);
  const inChannel = parseChannelListId(playlistId);
  if (inChannel) return <ChannelPanel {...inChannel} videoId={videoId} />;
  return published ? (
    <PublishedPanel playlistId={published} videoId={videoId} />
  ) : (
    <LocalPanel playlistId={playlistId} videoId={videoId} />
  );
}

function PublishedPanel({ playlistId, videoId }: { playlistId: string; videoId: string }) {
  const config = usePublicConfig();
  const query = useQuery({
    queryKey: ["published-playlist", playlistId],
    queryFn: async ({ signal }) => {
      const result = await callIndexer(config.indexerUrl, "getPlaylist", { params: { id: playlistId } }, signal);
      if (!result.ok) throw new Error(result.status === 404 ? "not-found" : result.error);
      return result.data;
    },
    // An unknown playlist stays unknown; a catalogue that didn't answer may answer again.
    retry: (failures, error) => error.message !== "not-found" && failures < 2,
  });
  if (query.isPending) return null;
  const data = query.data;
  if (!data?.document || data.removedAt !== null)
    return (
      <section className={styles.panel} aria-label="Playlist" data-testid="playlist-panel">
        <p className="notice">
          {query.error?.message === "not-found"
            ? `There is no published playlist #${playlistId}.`
            : data?.removedAt
              ? `Published playlist #${playlistId} was removed by its owner.`
              : data
                ? `Published playlist #${playlistId}'s list can't be read from IPFS right now. Reload in a minute.`
                : "The catalogue didn't answer, so the playlist can't be shown. Reload in a minute."}
        </p>
      </section>
    );
  const playlist: Playlist = {
    id: publishedListId(data.id),
    name: data.document.title,
    createdAt: data.createdAt * 1000,
    items: data.document.entries,
  };
  return <PanelView playlist={playlist} videoId={videoId} href={publishedHref(data.id)} />;
}

/** A channel's playlist by its id, or by position (a link made before ids): the one its members' latest vote lists. */
function ChannelPanel({ channelId, ref, videoId }: { channelId: string; ref: string; videoId: string }) {
  const config = usePublicConfig();
  const query = useQuery({
    queryKey: ["channel-playlists", channelId],
    queryFn: async ({ signal }) => {
      const result = await callIndexer(config.indexerUrl, "getChannelPlaylists", { params: { id: channelId } }, signal);
      if (!result.ok) throw new Error(result.status === 404 ? "not-found" : result.error);
      return result.data;
    },
    retry: (failures, error) => error.message !== "not-found" && failures < 2,
  });
  if (query.isPending) return null;
  const found = query.data ? findChannelPlaylist(query.data.playlists, ref) : null;
  if (!found) {
    const removed = query.data?.removed.find((p) => p.id === ref);
    return (
      <section className={styles.panel} aria-label="Playlist" data-testid="playlist-panel">
        <p className="notice">
          {query.error?.message === "not-found"
            ? `There is no channel #${channelId}.`
            : removed
              ? `The channel's playlist “${removed.title}” was removed by its members' vote. `
              : query.data
                ? `Channel #${channelId} has no such playlist now: its members' vote may have changed its playlists. `
                : "The catalogue didn't answer, so the playlist can't be shown. Reload in a minute."}
          {query.data ? <Link href={channelPlaylistsHref(channelId)}>See the channel&apos;s playlists</Link> : null}
        </p>
      </section>
    );
  }
  const playlist: Playlist = {
    id: channelListId(channelId, found.ref),
    name: found.playlist.title,
    createdAt: (query.data?.setAt ?? 0) * 1000,
    items: found.playlist.entries,
  };
  return <PanelView playlist={playlist} videoId={videoId} href={channelPlaylistHref(channelId, found.ref)} />;
}

/**
 * The playlist under the player on `/watch/<id>?list=<playlist id>`: its videos with this one marked, a Next link, and
 * — as YouTube does — the next video as soon as this one ends. The player is rendered by the server page (free or paid),
 * so the end is heard here: `ended` doesn't bubble, but a capturing listener on the document sees it.
 */
function LocalPanel({ playlistId, videoId }: { playlistId: string; videoId: string }) {
  const { playlists, ready } = usePlaylists();
  const playlist = playlists.find((p) => p.id === playlistId);
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
  return <PanelView playlist={playlist} videoId={videoId} href={`/playlists/${playlist.id}`} />;
}

function PanelView({ playlist, videoId, href }: { playlist: Playlist; videoId: string; href: string }) {
  const router = useRouter();
  const { index, next } = positionIn(playlist, videoId);
  const nextHref = next ? inListHref(next.videoId, playlist.id) : null;

  useEffect(() => {
    if (!nextHref) return;
    const onEnded = (event: Event) => {
      if ((event.target as Element | null)?.matches?.("video[data-testid=player]")) router.push(nextHref);
    };
    document.addEventListener("ended", onEnded, true);
    return () => document.removeEventListener("ended", onEnded, true);
  }, [nextHref, router]);

  return (
    <section className={styles.panel} aria-labelledby="playlist-panel-heading" data-testid="playlist-panel">
      <h2 id="playlist-panel-heading">
        <Link href={href}>{playlist.name}</Link>
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
