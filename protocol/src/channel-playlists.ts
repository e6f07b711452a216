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

/** One of the channel's playlists: a `chorus.playlist/1` document's title, description and videos in order. */
export const channelPlaylistSchema = playlistDocumentSchema.omit({ schema: true });
export type ChannelPlaylist = z.output<typeof channelPlaylistSchema>;

/** The document a channel's playlists setting names (JSON on IPFS, by CID). `playlists` is the order the page shows. */
export const channelPlaylistsDocumentSchema = z.object({
  schema: z.literal(CHANNEL_PLAYLISTS_SCHEMA),
  playlists: z.array(channelPlaylistSchema).max(CHANNEL_PLAYLISTS_MAX),
});
export type ChannelPlaylistsDocument = z.output<typeof channelPlaylistsDocumentSchema>;

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
  })
  .meta({ id: "ChannelPlaylists" });
export type ChannelPlaylists = z.output<typeof channelPlaylistsSchema>;
