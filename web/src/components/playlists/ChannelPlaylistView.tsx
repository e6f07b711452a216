"use client";
import type { ChannelPlaylist } from "@chorus/protocol";
import Link from "next/link";
import { Description } from "@/components/Description";
import { TimeAgo } from "@/components/TimeAgo";
import { channelListId } from "@/lib/channel-playlists";
import { plural } from "@/lib/format";
import { inListHref } from "@/lib/playlists";
import styles from "./playlists.module.css";
import { PlaylistEntries, SaveCopy } from "./PublishedPlaylist";

/**
 * One of a community channel's playlists (/channels/<id>/playlists/<ref>), for anyone, no wallet: as a published
 * playlist's page shows one — its videos in order, Play all (watch?list=c-<channel>-<ref>), Save a copy — with
 * the channel and the vote that set it in place of an owner.
 */
export function ChannelPlaylistView({
  channelId,
  channelName,
  playlistRef,
  playlist,
  proposalId,
  setAt,
}: {
  channelId: string;
  channelName: string;
  /** Its id, or its position (from 1) when its document predates ids. */
  playlistRef: string;
  playlist: ChannelPlaylist;
  proposalId: string | null;
  setAt: number | null;
}) {
  const listId = channelListId(channelId, playlistRef);
  const first = playlist.entries[0];
  return (
    <div className="page page-narrow" data-testid="channel-playlist-page">
      <p className="muted">
        A playlist of <Link href={`/channels/${channelId}`}>{channelName}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 data-testid="playlist-name" className={styles.userText}>
            {playlist.title}
          </h1>
          <p>
            {plural(playlist.entries.length, "video")}
            {proposalId ? ` · voted by proposal #${proposalId}` : ""}
            {setAt ? (
              <>
                {" "}
                <TimeAgo timestamp={setAt} />
              </>
            ) : null}
          </p>
        </div>
        {first ? (
          <Link className="btn btn-primary" href={inListHref(first.videoId, listId)} data-testid="play-all">
            ▶ Play all
          </Link>
        ) : null}
      </div>
      {playlist.description ? <Description text={playlist.description} /> : null}
      {playlist.entries.length === 0 ? (
        <p className="notice">This playlist is empty.</p>
      ) : (
        <PlaylistEntries entries={playlist.entries} listId={listId} />
      )}
      <SaveCopy document={playlist} />
    </div>
  );
}
