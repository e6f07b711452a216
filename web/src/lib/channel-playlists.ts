import {
  CHANNEL_PLAYLISTS_MAX,
  CHANNEL_PLAYLISTS_SCHEMA,
  type ChannelPlaylist,
  type ChannelPlaylistChange,
  type ChannelPlaylistsDiff,
  channelPlaylistsDocumentSchema,
  isChannelPlaylistRef,
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

/**
 * The `list=` of a channel's playlist: `c-<channel id>-<ref>`, the ref being the playlist's id (or, for one without,
 * its position from 1: `channelPlaylistRef` in @chorus/protocol); never a local id (no dashes) or `p-<id>`.
 */
export const channelListId = (channelId: string, ref: string) => `c-${channelId}-${ref}`;

/** A `list=` value → the channel and the playlist's ref (an id or a position), or null for any other kind of list. */
export function parseChannelListId(list: string): { channelId: string; ref: string } | null {
  const match = /^c-([1-9]\d{0,30})-(.+)$/.exec(list);
  return match && isChannelPlaylistRef(match[2]!) ? { channelId: match[1]!, ref: match[2]! } : null;
}

/** The page of the channel's playlist `ref` (its id, or its position from 1). */
export const channelPlaylistHref = (channelId: string, ref: string) => `/channels/${channelId}/playlists/${ref}`;

/** Where a channel's page lists its playlists. */
export const channelPlaylistsHref = (channelId: string) => `/channels/${channelId}#playlists`;

const ID_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A new playlist id (8 characters, a letter first: never a position) that none of `taken` has. */
export function newPlaylistId(taken: ReadonlySet<string>, random: (n: number) => Uint8Array = randomBytes): string {
  for (;;) {
    const bytes = random(8);
    const id = [...bytes].map((b, i) => ID_LETTERS[b % (i === 0 ? 26 : 36)]).join("");
    if (!taken.has(id)) return id;
  }
}
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

const idsOf = (list: readonly ChannelPlaylist[]) => new Set(list.flatMap((p) => (p.id ? [p.id] : [])));

/** The list with an id for every playlist that lacks one (a document from before ids): a vote then fixes its links. */
export function withIds(list: readonly ChannelPlaylist[]): ChannelPlaylist[] {
  const taken = new Set(idsOf(list));
  return list.map((p) => {
    if (p.id) return p;
    const id = newPlaylistId(taken);
    taken.add(id);
    return { id, ...p };
  });
}

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

/** Why `playlist` can't be in the draft beside `others`, or null; `title` is its trimmed title. */
function playlistProblem(others: readonly ChannelPlaylist[], title: string, videoCount: number): string | null {
  if (!title) return "Give the playlist a title.";
  if ([...title].length > PLAYLIST_TITLE_MAX) return `A title is at most ${PLAYLIST_TITLE_MAX} characters.`;
  if (videoCount === 0) return "Choose at least one video for the playlist.";
  if (others.some((p) => p.title === title))
    return `The list already has a playlist called “${title}”. Give this one another title.`;
  return null;
}

/** The draft with `playlist` added at its end, with an id of its own, or why it can't be. */
export function addPlaylist(draft: readonly ChannelPlaylist[], playlist: ChannelPlaylist): DraftChange {
  const title = playlist.title.trim();
  const problem = playlistProblem(draft, title, playlist.entries.length);
  if (problem) return { ok: false, error: problem };
  if (draft.length >= CHANNEL_PLAYLISTS_MAX)
    return { ok: false, error: `A channel lists at most ${CHANNEL_PLAYLISTS_MAX} playlists. Remove one first.` };
  return { ok: true, draft: [...draft, { ...playlist, id: newPlaylistId(idsOf(draft)), title }] };
}

/**
 * The draft with the playlist at `index` replaced by its edited version — same id, so its links keep working — or why
 * it can't be.
 */
export function editPlaylist(
  draft: readonly ChannelPlaylist[],
  index: number,
  edited: Omit<ChannelPlaylist, "id">,
): DraftChange {
  const old = draft[index];
  if (!old) return { ok: false, error: "That playlist is no longer in the list." };
  const title = edited.title.trim();
  const problem = playlistProblem(
    draft.filter((_, i) => i !== index),
    title,
    edited.entries.length,
  );
  if (problem)
    return {
      ok: false,
      error: edited.entries.length ? problem : `${problem} To drop the playlist, remove it instead.`,
    };
  const next = [...draft];
  next[index] = { ...(old.id ? { id: old.id } : {}), ...edited, title, description: edited.description.trim() };
  return { ok: true, draft: next };
}

/** The item at `index` moved one place up (-1) or down (+1); at either end nothing moves. */
export function moveItem<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export const removeItem = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

/** The entries with `entry` added at the end, or taken out if it is in them already (a ticked box unticked). */
export const toggleEntry = (entries: readonly PlaylistEntry[], entry: PlaylistEntry): PlaylistEntry[] =>
  entries.some((e) => e.videoId === entry.videoId)
    ? entries.filter((e) => e.videoId !== entry.videoId)
    : [...entries, entry];

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

const videos = (n: number, sign: "+" | "−") => `${sign}${n} ${n === 1 ? "video" : "videos"}`;

/** One change in a line: “Adds “Walks” (3 videos)”, “Edits “Picks”: +2 videos, renamed from “Old””. */
function describeChange(change: ChannelPlaylistChange): string {
  if (change.kind === "added")
    return `Adds “${change.title}” (${change.videoCount} ${change.videoCount === 1 ? "video" : "videos"})`;
  if (change.kind === "removed") return `Removes “${change.title}”`;
  const what = [
    change.videosAdded ? videos(change.videosAdded, "+") : null,
    change.videosRemoved ? videos(change.videosRemoved, "−") : null,
    change.videosReordered ? "videos reordered" : null,
    change.renamedFrom !== null ? `renamed from “${change.renamedFrom}”` : null,
    change.descriptionChanged ? "new description" : null,
  ].filter((x) => x !== null);
  return `Edits “${change.title}”: ${what.join(", ")}`;
}

/** Every change of a vote in a line each, the reorder of the list last; empty when it changes nothing. */
export const describeDiff = (diff: ChannelPlaylistsDiff): string[] => [
  ...diff.changes.map(describeChange),
  ...(diff.reordered ? ["Reorders the playlists"] : []),
];
