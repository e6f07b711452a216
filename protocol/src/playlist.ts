import { z } from "zod";
import {
  addressSchema,
  documentStatusSchema,
  hexSchema,
  idCursorSchema,
  limitSchema,
  pageSchema,
  videoIdSchema,
} from "./api.ts";

// Published playlists (contracts/Playlists.sol, issue 13): the playlist document on IPFS and the indexer's answers
// about published playlists. The chain records who owns a playlist and the CID of its current document; the document
// holds everything else. Its owner's transaction (create / update) is what makes a document theirs.

export const PLAYLIST_DOCUMENT_SCHEMA = "chorus.playlist/1";
export const PLAYLIST_TITLE_MAX = 100;
export const PLAYLIST_DESCRIPTION_MAX = 5000;
/** The most videos one playlist holds (the same cap as a browser playlist). */
export const PLAYLIST_ENTRIES_MAX = 5000;
/** The largest document, as JSON in UTF-8: what the indexer reads of a JSON document on IPFS (some 1,500 videos). */
export const PLAYLIST_DOCUMENT_MAX_BYTES = 256 * 1024;

const atMostChars = (max: number) => (text: string) => [...text].length <= max;

/**
 * A video in a playlist, with what lists show without asking the catalogue: its title and thumbnail as they were when
 * it was added. The same shape as an item of a viewer's own playlists in the browser (web/src/lib/playlists.ts), so a
 * browser playlist publishes as it is and a published one is saved back as a copy.
 */
export const playlistEntrySchema = z.object({
  videoId: videoIdSchema,
  title: z.string().max(300),
  /** The video's manifest directory and its thumbnail's path in it (for the picture; absent when it has none). */
  manifestCid: z.string().max(200).optional(),
  thumbnail: z.string().max(500).optional(),
});
export type PlaylistEntry = z.output<typeof playlistEntrySchema>;

/**
 * A published playlist's document (JSON on IPFS, by CID; `Playlists.create` and `Playlists.update` record the CID in
 * their events). Written by the web app's POST /api/ipfs when a creator publishes or updates a playlist, read by the
 * indexer and the web app. `entries` is the playing order; a video appears at most once.
 */
export const playlistDocumentSchema = z.object({
  schema: z.literal(PLAYLIST_DOCUMENT_SCHEMA),
  title: z.string().min(1).refine(atMostChars(PLAYLIST_TITLE_MAX), `at most ${PLAYLIST_TITLE_MAX} characters`),
  description: z
    .string()
    .refine(atMostChars(PLAYLIST_DESCRIPTION_MAX), `at most ${PLAYLIST_DESCRIPTION_MAX} characters`)
    .default(""),
  entries: z
    .array(playlistEntrySchema)
    .max(PLAYLIST_ENTRIES_MAX)
    .refine((entries) => new Set(entries.map((e) => e.videoId)).size === entries.length, "a video appears only once"),
});
export type PlaylistDocument = z.output<typeof playlistDocumentSchema>;

export const publishedPlaylistSchema = z
  .object({
    id: z.string(),
    owner: addressSchema,
    documentCid: z.string().describe("The CID of the playlist's current document (chorus.playlist/1)."),
    document: playlistDocumentSchema.nullable(),
    documentStatus: documentStatusSchema,
    createdAt: z.number(),
    updatedAt: z.number().describe("When the owner last pointed it at a new document (createdAt if never)."),
    removedAt: z.number().nullable().describe("When the owner removed it; null while published."),
    txHash: hexSchema.describe("The transaction that set the current document."),
  })
  .meta({ id: "PublishedPlaylist" });
export type PublishedPlaylist = z.output<typeof publishedPlaylistSchema>;
export const publishedPlaylistsPageSchema = pageSchema(publishedPlaylistSchema).meta({ id: "PublishedPlaylistsPage" });

export const publishedPlaylistsQuerySchema = z.object({
  cursor: idCursorSchema.optional(),
  limit: limitSchema,
  owner: addressSchema.optional().describe("Only this account's playlists."),
});
export type PublishedPlaylistsQuery = z.input<typeof publishedPlaylistsQuerySchema>;
