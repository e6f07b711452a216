import { CID } from "multiformats/cid";
import { type Hex, hexToBytes, toHex } from "viem";
import { z } from "zod";
import { documentStatusSchema } from "./api.ts";
import { constants } from "./contracts.ts";
import { playlistDocumentSchema } from "./playlist.ts";

// A community channel's playlists, set by its members' vote (issue 13; the design is in IPlaylists.sol's NatSpec): the
// channel setting `Playlists.CHANNEL_PLAYLISTS_KEY` (`IChannels.proposeSetting`), whose value is the binary CIDv1 of
// one `chorus.channel-playlists/1` document listing every playlist of the channel in order. A vote replaces the whole
// list; an empty value removes it. Written by the web app's proposal form (POST /api/ipfs, kind "channel-playlists"),
// read by the indexer (GET /channels/{id}/playlists, and the summary in a setting proposal) and the web app.

export const CHANNEL_PLAYLISTS_KEY: Hex = constants.Playlists.CHANNEL_PLAYLISTS_KEY;
export const CHANNEL_PLAYLISTS_SCHEMA = "chorus.channel-playlists/1";
/** The most playlists a channel lists. The document is read up to PLAYLIST_DOCUMENT_MAX_BYTES, like a playlist's. */
export const CHANNEL_PLAYLISTS_MAX = 100;

/**
 * A playlist's stable id: a lowercase letter, then 2–31 lowercase letters, digits or dashes. It starts with a letter so
 * it never reads as a position (a number), which is how a playlist without one is addressed.
 */
export const CHANNEL_PLAYLIST_ID_PATTERN = /^[a-z][a-z0-9-]{2,31}$/;

/**
 * One of the channel's playlists: a `chorus.playlist/1` document's title, description and videos in order, and the id
 * its links use. The id is made when the playlist is first added and kept by every later edit, so a vote that reorders
 * or removes other playlists moves no link. It is optional: documents written before ids existed still parse, and
 * their playlists are addressed by position.
 */
export const channelPlaylistSchema = playlistDocumentSchema.omit({ schema: true }).extend({
  id: z
    .string()
    .regex(CHANNEL_PLAYLIST_ID_PATTERN, "an id is a lowercase letter, then 2–31 lowercase letters, digits or dashes")
    .optional(),
});
export type ChannelPlaylist = z.output<typeof channelPlaylistSchema>;

/** The document a channel's playlists setting names (JSON on IPFS, by CID). `playlists` is the order the page shows. */
export const channelPlaylistsDocumentSchema = z.object({
  schema: z.literal(CHANNEL_PLAYLISTS_SCHEMA),
  playlists: z
    .array(channelPlaylistSchema)
    .max(CHANNEL_PLAYLISTS_MAX)
    .refine((playlists) => {
      const ids = playlists.flatMap((p) => (p.id === undefined ? [] : [p.id]));
      return new Set(ids).size === ids.length;
    }, "a playlist id appears only once"),
});
export type ChannelPlaylistsDocument = z.output<typeof channelPlaylistsDocumentSchema>;

/** A position from 1 as a link writes it (`2`): what addresses a playlist that has no id. */
const POSITION = /^[1-9]\d{0,2}$/;

/** What a link names a playlist by: its id, or its position (from 1) when it has none. */
export const channelPlaylistRef = (playlist: Pick<ChannelPlaylist, "id">, index: number) =>
  playlist.id ?? String(index + 1);

/** Whether `ref` is something a link could name a channel's playlist by (an id, or a position from 1). */
export const isChannelPlaylistRef = (ref: string) => POSITION.test(ref) || CHANNEL_PLAYLIST_ID_PATTERN.test(ref);

/**
 * The playlist a link's ref names, with its position (from 1) and the ref its own links use, or null. A number is a position (links
 * made before ids, or to a playlist without one); anything else an id.
 */
export function findChannelPlaylist<T extends Pick<ChannelPlaylist, "id">>(
  playlists: readonly T[],
  ref: string,
): { playlist: T; position: number; ref: string } | null {
  const index = POSITION.test(ref) ? Number(ref) - 1 : playlists.findIndex((p) => p.id === ref);
  const playlist = index >= 0 ? playlists[index] : undefined;
  return playlist ? { playlist, position: index + 1, ref: channelPlaylistRef(playlist, index) } : null;
}

/** Raw (a small JSON document as one block) and dag-pb (a larger one): what `CidV1.isValid` admits, with sha2-256. */
const CODECS = new Set([0x55, 0x70]);
const SHA2_256 = 0x12;

/**
 * The CID (base32 text) a setting value names, or null for none: empty (the playlists removed), or bytes that are not
 * a binary CIDv1 as the contracts admit them (`CidV1`: 36 bytes, raw or dag-pb, sha2-256). Never throws.
 */
export function decodeChannelPlaylistsValue(value: Hex): string | null {
  if (value.length !== 2 + 36 * 2) return null;
  try {
    const cid = CID.decode(hexToBytes(value));
    if (cid.version !== 1 || !CODECS.has(cid.code) || cid.multihash.code !== SHA2_256) return null;
    return cid.toString();
  } catch {
    return null;
  }
}

/** The setting value naming the document at `cid`, or `0x` (null) to remove the channel's playlists. */
export function encodeChannelPlaylistsValue(cid: string | null): Hex {
  return cid === null ? "0x" : toHex(CID.parse(cid.trim()).bytes);
}

export const channelPlaylistsSchema = z
  .object({
    channelId: z.string(),
    documentCid: z
      .string()
      .nullable()
      .describe("The CID the channel's vote set (chorus.channel-playlists/1); null: none set, removed, or not a CID."),
    documentStatus: documentStatusSchema
      .nullable()
      .describe("Whether the document could be read (null when there is no CID to read)."),
    playlists: z
      .array(channelPlaylistSchema)
      .describe(
        "The channel's playlists in order; empty when none are set, or the document is unreadable or not a playlists document.",
      ),
    proposalId: z.string().nullable().describe("The proposal whose vote last set (or removed) them."),
    setAt: z.number().nullable().describe("When that vote passed."),
    removed: z
      .array(z.object({ id: z.string(), title: z.string() }))
      .describe(
        "The playlists with an id that the list before that vote held and it dropped (so a link to one can say so); empty when there was none, or the earlier list can't be read.",
      ),
  })
  .meta({ id: "ChannelPlaylists" });
export type ChannelPlaylists = z.output<typeof channelPlaylistsSchema>;
