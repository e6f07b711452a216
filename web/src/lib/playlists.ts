import { type PlaylistDocument, playlistEntrySchema, PLAYLIST_TITLE_MAX } from "@chorus/protocol";
import { z } from "zod";

/**
 * A viewer's own playlists (issue 13), kept in this browser's localStorage (`chorus.playlists`, no wallet, no server)
 * and carried to another browser as a file (Export / Import on /playlists). Everything here is pure; the hook that
 * keeps them is `use-playlists.ts`. Tested in test/playlists.test.ts.
 *
 * The stored value and the exported file are the same document, `{ schema: "chorus.playlists/1", playlists: […] }`.
 * It stays in the web app: nothing else reads it. A playlist published from here (a chorus.playlist/1 document on IPFS,
 * its CID recorded by Playlists.sol) remembers which published playlist it became and what it held then (`published`),
 * so the page can offer Update when the local copy has changed since.
 */

export const PLAYLISTS_KEY = "chorus.playlists";
const SCHEMA = "chorus.playlists/1";
export const MAX_NAME = PLAYLIST_TITLE_MAX;
const MAX_PLAYLISTS = 500;
const MAX_ITEMS = 5000;

/**
 * A saved video, with what the lists show without asking the catalogue: its title and thumbnail as they were saved. The
 * shape of a published playlist's entry (@chorus/protocol), read leniently: a long title is cut, not refused.
 */
const itemSchema = playlistEntrySchema.extend({ title: z.string().transform((t) => t.slice(0, 300)) });
export type PlaylistItem = z.output<typeof itemSchema>;

/** A playlist without its items, which are read one by one (a malformed item is dropped, not the whole list). */
const headSchema = z.object({
  /** This browser's id for it (the `/playlists/<id>` in its address); kept by export, so an import can recognise it. */
  id: z.string().regex(/^[a-z0-9]{1,32}$/),
  name: z
    .string()
    .trim()
    .min(1)
    .transform((n) => n.slice(0, MAX_NAME)),
  /** Unix milliseconds. */
  createdAt: z.number().int().nonnegative(),
  items: z.array(z.unknown()),
  published: z
    .object({
      /** The published playlist's id in Playlists.sol on `chainId`, and the account that owns it. */
      playlistId: z.string().regex(/^[1-9]\d{0,30}$/),
      chainId: z.number().int().positive(),
      owner: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
      /** What was published last (publishedFingerprint): when it differs from the playlist now, Update is offered. */
      fingerprint: z.string(),
    })
    .optional()
    .catch(undefined),
});

export interface PublishedLink {
  playlistId: string;
  chainId: number;
  owner: string;
  fingerprint: string;
}

export interface Playlist {
  id: string;
  name: string;
  createdAt: number;
  items: PlaylistItem[];
  published?: PublishedLink;
}

export type FileResult = { ok: true; playlists: Playlist[]; skipped: number } | { ok: false; problem: string };

/**
 * A playlists document's text → its playlists. A file that isn't JSON or isn't a playlists document is refused with
 * the reason (so an import changes nothing); inside one, malformed playlists and items are dropped and counted, and a
 * second playlist with the same id or a second copy of a video in a playlist is ignored.
 */
export function readPlaylistsFile(text: string): FileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: "it isn't JSON. Choose a file that Export on the Playlists page wrote." };
  }
  const doc = typeof json === "object" && json !== null ? (json as { schema?: unknown; playlists?: unknown }) : null;
  if (doc?.schema !== SCHEMA)
    return {
      ok: false,
      problem: `it doesn't say schema "${SCHEMA}", so it isn't a Chorus playlists file. Choose a file that Export on the Playlists page wrote.`,
    };
  if (!Array.isArray(doc.playlists))
    return { ok: false, problem: "it has no list of playlists (its “playlists” isn't a list)." };
  let skipped = 0;
  const playlists: Playlist[] = [];
  for (const entry of doc.playlists.slice(0, MAX_PLAYLISTS)) {
    const head = headSchema.safeParse(entry);
    if (!head.success || playlists.some((p) => p.id === head.data.id)) {
      skipped++;
      continue;
    }
    const items: PlaylistItem[] = [];
    for (const raw of head.data.items.slice(0, MAX_ITEMS)) {
      const item = itemSchema.safeParse(raw);
      if (!item.success) skipped++;
      else if (!items.some((i) => i.videoId === item.data.videoId)) items.push(item.data);
    }
    skipped += Math.max(0, head.data.items.length - MAX_ITEMS);
    playlists.push({ ...head.data, items });
  }
  skipped += Math.max(0, doc.playlists.length - MAX_PLAYLISTS);
  return { ok: true, playlists, skipped };
}

/** What localStorage holds → the playlists (none when absent or unreadable: the page then starts afresh). */
export function parseStoredPlaylists(text: string | null): Playlist[] {
  if (text === null) return [];
  const file = readPlaylistsFile(text);
  return file.ok ? file.playlists : [];
}

/** The document, for localStorage and for the exported file alike. */
export function playlistsDocument(playlists: readonly Playlist[]): string {
  return `${JSON.stringify({ schema: SCHEMA, playlists }, null, 2)}\n`;
}

/** A name as typed → the name kept, or why it can't be one. */
export function checkName(input: string): { ok: true; name: string } | { ok: false; error: string } {
  const name = input.trim();
  if (name.length === 0) return { ok: false, error: "Give the playlist a name." };
  if (name.length > MAX_NAME) return { ok: false, error: `A name is at most ${MAX_NAME} characters.` };
  return { ok: true, name };
}

/** A fresh local id: 12 random base-36 characters. */
export function newPlaylistId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => (b % 36).toString(36)).join("");
}

/** The playlists with a new one at the end, holding `first` if given. */
export function createPlaylist(
  playlists: readonly Playlist[],
  fields: { id: string; name: string; createdAt: number },
  first?: PlaylistItem,
): Playlist[] {
  return [...playlists, { ...fields, items: first ? [first] : [] }];
}

const change = (playlists: readonly Playlist[], id: string, edit: (p: Playlist) => Playlist): Playlist[] =>
  playlists.map((p) => (p.id === id ? edit(p) : p));

/** The video saved in the playlist (added at its end) or taken out of it; saving what is there changes nothing. */
export function setSaved(playlists: readonly Playlist[], id: string, item: PlaylistItem, saved: boolean): Playlist[] {
  return change(playlists, id, (p) => {
    const has = p.items.some((i) => i.videoId === item.videoId);
    if (saved === has) return p;
    return { ...p, items: saved ? [...p.items, item] : p.items.filter((i) => i.videoId !== item.videoId) };
  });
}

/** The item at `index` moved one place up (-1) or down (+1); at either end nothing moves. */
export function moveItem(playlists: readonly Playlist[], id: string, index: number, by: -1 | 1): Playlist[] {
  return change(playlists, id, (p) => {
    const to = index + by;
    if (index < 0 || index >= p.items.length || to < 0 || to >= p.items.length) return p;
    const items = [...p.items];
    [items[index], items[to]] = [items[to]!, items[index]!];
    return { ...p, items };
  });
}

export function renamePlaylist(playlists: readonly Playlist[], id: string, name: string): Playlist[] {
  return change(playlists, id, (p) => ({ ...p, name }));
}

export function deletePlaylist(playlists: readonly Playlist[], id: string): Playlist[] {
  return playlists.filter((p) => p.id !== id);
}

/**
 * An import merged into this browser's playlists: a playlist it doesn't have (by id) is added at the end; one it has
 * (exported from here, or imported before) gets the file's videos it lacks appended, and keeps its name and order.
 * Nothing is removed, so importing the same file twice changes nothing the second time.
 */
export function mergeImport(
  mine: readonly Playlist[],
  imported: readonly Playlist[],
): { playlists: Playlist[]; added: number; extended: number } {
  let playlists = [...mine];
  let added = 0;
  let extended = 0;
  for (const incoming of imported) {
    const existing = playlists.find((p) => p.id === incoming.id);
    if (!existing) {
      if (playlists.length >= MAX_PLAYLISTS) break;
      playlists = [...playlists, incoming];
      added++;
      continue;
    }
    const missing = incoming.items.filter((i) => !existing.items.some((e) => e.videoId === i.videoId));
    if (missing.length === 0) continue;
    playlists = change(playlists, existing.id, (p) => ({ ...p, items: [...p.items, ...missing].slice(0, MAX_ITEMS) }));
    extended++;
  }
  return { playlists, added, extended };
}

/** Where a video is in a playlist (-1 when it isn't) and what comes after it (the first item when it isn't in it). */
export function positionIn(playlist: Playlist, videoId: string): { index: number; next: PlaylistItem | null } {
  const index = playlist.items.findIndex((i) => i.videoId === videoId);
  return { index, next: playlist.items[index + 1] ?? null };
}

/** A video's address playing it in a playlist (a local id, or publishedListId of a published one). */
export const inListHref = (videoId: string, playlistId: string) =>
  `/watch/${videoId}?list=${encodeURIComponent(playlistId)}`;

/**
 * The `list=` of a published playlist: `p-<id>`. A local id is lowercase letters and digits only, so the two never
 * meet.
 */
export const publishedListId = (playlistId: string) => `p-${playlistId}`;

/** A `list=` value → the published playlist's id, or null for a local playlist's id. */
export function parsePublishedListId(list: string): string | null {
  const match = /^p-([1-9]\d{0,30})$/.exec(list);
  return match ? match[1]! : null;
}

/** A published playlist's page. */
export const publishedHref = (playlistId: string) => `/playlists/p/${playlistId}`;

/** The document a browser playlist publishes as (POST /api/ipfs, kind "playlist"): its name and items, in order. */
export function publishedDocument(playlist: Playlist): Omit<PlaylistDocument, "schema"> {
  return {
    title: playlist.name,
    description: "",
    entries: playlist.items.map(({ videoId, title, manifestCid, thumbnail }) => ({
      videoId,
      title,
      ...(manifestCid === undefined ? {} : { manifestCid }),
      ...(thumbnail === undefined ? {} : { thumbnail }),
    })),
  };
}

/** What a playlist holds, as one string: equal strings publish the same document. */
export const publishedFingerprint = (playlist: Playlist) => JSON.stringify(publishedDocument(playlist));

/** The playlist marked as published (or its link dropped, with null: removed). */
export function setPublished(playlists: readonly Playlist[], id: string, link: PublishedLink | null): Playlist[] {
  return change(playlists, id, ({ published: _old, ...p }) => (link ? { ...p, published: link } : p));
}

/** A published playlist saved as a new playlist of this browser's (a copy: it doesn't follow later updates). */
export function copyOfPublished(
  playlists: readonly Playlist[],
  fields: { id: string; createdAt: number },
  document: PlaylistDocument,
): Playlist[] {
  const items = document.entries.slice(0, MAX_ITEMS).map((entry) => itemSchema.parse(entry));
  return [...playlists, { ...fields, name: document.title.slice(0, MAX_NAME), items }];
}

/**
 * The browser playlist a published one was published from (or last updated from), if this browser holds it: the
 * link names the chain too, so a copy published on another chain with the same id isn't taken for it.
 */
export function browserCopyOf(
  playlists: readonly Playlist[],
  chainId: number,
  publishedId: string,
): Playlist | undefined {
  return playlists.find((p) => p.published?.chainId === chainId && p.published.playlistId === publishedId);
}
