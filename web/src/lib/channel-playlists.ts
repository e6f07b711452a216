import {
  CHANNEL_PLAYLISTS_MAX,
  CHANNEL_PLAYLISTS_SCHEMA,
  type ChannelPlaylist,
  channelPlaylistsDocumentSchema,
  PLAYLIST_DOCUMENT_MAX_BYTES,
  PLAYLIST_TITLE_MAX,
  type PlaylistEntry,
} from "@chorus/protocol";
import type { Video } from "./indexer";
import { type Playlist, publishedDocument } from "./playlists";

/**
 * A community channel's playlists (issue 13), as its members vote them: the channel setting
 * `Playlists.CHANNEL_PLAYLISTS_KEY` names one `chorus.channel-playlists/1` document on IPFS (@chorus/protocol). The
 * proposal form edits a draft — the whole list, in order — and the vote replaces the list with it. Everything here is
 * pure; tested in test/channel-playlists.test.ts.
 */

/** The `list=` of a channel's playlist: `c-<channel id>-<position from 1>`; never a local id (no dashes) or `p-<id>`. */
export const channelListId = (channelId: string, position: number) => `c-${channelId}-${position}`;

/** A `list=` value → the channel and the playlist's position (from 1), or null for any other kind of list. */
export function parseChannelListId(list: string): { channelId: string; position: number } | null {
  const match = /^c-([1-9]\d{0,30})-([1-9]\d{0,2})$/.exec(list);
  return match ? { channelId: match[1]!, position: Number(match[2]) } : null;
}

/** The page of the channel's playlist at `position` (from 1). */
export const channelPlaylistHref = (channelId: string, position: number) =>
  `/channels/${channelId}/playlists/${position}`;

/** A browser playlist as one of the channel's: its name, and its videos in order. */
export function fromBrowserPlaylist(playlist: Playlist): ChannelPlaylist {
  const { title, description, entries } = publishedDocument(playlist);
  return { title, description, entries };
}

/** A video of the catalogue as a playlist entry (its title and thumbnail as they are now). */
export function entryOf(video: Pick<Video, "id" | "manifest" | "manifestCid">): PlaylistEntry {
  const thumbnail = video.manifest?.thumbnail;
  return {
    videoId: video.id,
    title: (video.manifest?.title.trim() || `Video #${video.id}`).slice(0, 300),
    manifestCid: video.manifestCid,
    ...(thumbnail ? { thumbnail } : {}),
  };
}

export type DraftChange = { ok: true; draft: ChannelPlaylist[] } | { ok: false; error: string };

/** The draft with `playlist` added at its end, or why it can't be. */
export function addPlaylist(draft: readonly ChannelPlaylist[], playlist: ChannelPlaylist): DraftChange {
  const title = playlist.title.trim();
  if (!title) return { ok: false, error: "Give the playlist a title." };
  if ([...title].length > PLAYLIST_TITLE_MAX)
    return { ok: false, error: `A title is at most ${PLAYLIST_TITLE_MAX} characters.` };
  if (playlist.entries.length === 0) return { ok: false, error: "Choose at least one video for the playlist." };
  if (draft.length >= CHANNEL_PLAYLISTS_MAX)
    return { ok: false, error: `A channel lists at most ${CHANNEL_PLAYLISTS_MAX} playlists. Remove one first.` };
  if (draft.some((p) => p.title === title))
    return { ok: false, error: `The list already has a playlist called “${title}”. Give this one another title.` };
  return { ok: true, draft: [...draft, { ...playlist, title }] };
}

/** The playlist at `index` moved one place up (-1) or down (+1); at either end nothing moves. */
export function movePlaylist(draft: readonly ChannelPlaylist[], index: number, by: -1 | 1): ChannelPlaylist[] {
  const to = index + by;
  if (index < 0 || index >= draft.length || to < 0 || to >= draft.length) return [...draft];
  const next = [...draft];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export const removePlaylist = (draft: readonly ChannelPlaylist[], index: number): ChannelPlaylist[] =>
  draft.filter((_, i) => i !== index);

/** Whether two lists hold the same playlists in the same order (then there is nothing to propose). */
export const sameList = (a: readonly ChannelPlaylist[], b: readonly ChannelPlaylist[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Why the draft can't be proposed as it is, or null. An empty draft is fine: it removes the channel's playlists
 * (the setting's empty value, no document).
 */
export function draftProblem(draft: readonly ChannelPlaylist[]): string | null {
  if (draft.length === 0) return null;
  const parsed = channelPlaylistsDocumentSchema.safeParse({ schema: CHANNEL_PLAYLISTS_SCHEMA, playlists: draft });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `The list can't be proposed as it is (${issue.path.join(".")}: ${issue.message}).`;
  }
  const bytes = new TextEncoder().encode(JSON.stringify(parsed.data)).byteLength;
  if (bytes > PLAYLIST_DOCUMENT_MAX_BYTES)
    return `The list's document would be ${Math.ceil(bytes / 1024)} KiB; it can be at most ${PLAYLIST_DOCUMENT_MAX_BYTES / 1024} KiB. Remove a playlist or some videos.`;
  return null;
}

/** “Walks” (3 videos), “Talks” (1 video): what a list holds, in a line. */
export function describePlaylists(playlists: readonly { title: string; videoCount: number }[]): string {
  return playlists
    .map(({ title, videoCount }) => `“${title}” (${videoCount} ${videoCount === 1 ? "video" : "videos"})`)
    .join(", ");
}
