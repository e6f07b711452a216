// A community channel's playlists over REST: GET /channels/:id/playlists, from the channel's setting under
// Playlists.CHANNEL_PLAYLISTS_KEY (channel_setting) and the document its CID names, read through the IPFS JSON cache
// (documents.ts); and the readable summary of what a setting proposal for that key would set (present.ts).
import {
  CHANNEL_PLAYLISTS_KEY,
  type ChannelPlaylists,
  decodeChannelPlaylistsValue,
  type Proposal,
} from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, eq } from "ponder";
import type { Hex } from "viem";
import { channelPlaylistsDocuments } from "./documents";
import { notFound, serve } from "./http";

export const isChannelPlaylistsKey = (key: Hex) => key.toLowerCase() === CHANNEL_PLAYLISTS_KEY.toLowerCase();

/** The document a setting value names, or why there is none (null status: the value names no document). */
async function documentOf(value: Hex) {
  const documentCid = decodeChannelPlaylistsValue(value);
  if (documentCid === null) return { documentCid, documentStatus: null, document: null };
  const fetched = await channelPlaylistsDocuments.get(documentCid);
  return { documentCid, documentStatus: fetched.status, document: fetched.value };
}

type ProposedChannelPlaylists = NonNullable<NonNullable<Proposal["proposedSetting"]>["channelPlaylists"]>;

/** What a vote for `value` would set: each playlist's title and size, in order (or why that can't be shown). */
export async function proposedChannelPlaylists(value: Hex): Promise<ProposedChannelPlaylists> {
  const { documentCid, documentStatus, document } = await documentOf(value);
  return {
    documentCid,
    documentStatus,
    playlists: document?.playlists.map((p) => ({ title: p.title, videoCount: p.entries.length })) ?? null,
  };
}

export function serveChannelPlaylistRoutes(app: Hono) {
  // A value that is not a CID, or a document that is not a playlists document, is no playlists: an empty list (with
  // the status saying why), never an error. The channel itself must exist.
  serve(app, "getChannelPlaylists", async ({ params }): Promise<ChannelPlaylists> => {
    const id = BigInt(params.id);
    const [channel] = await db
      .select({ id: schema.channel.id })
      .from(schema.channel)
      .where(eq(schema.channel.id, id))
      .limit(1);
    if (!channel) throw notFound(`no channel ${id} exists (or it is not indexed yet)`);
    const s = schema.channelSetting;
    const [setting] = await db
      .select()
      .from(s)
      .where(and(eq(s.channelId, id), eq(s.key, CHANNEL_PLAYLISTS_KEY.toLowerCase() as Hex)))
      .limit(1);
    if (!setting)
      return {
        channelId: id.toString(),
        documentCid: null,
        documentStatus: null,
        playlists: [],
        proposalId: null,
        setAt: null,
      };
    const { documentCid, documentStatus, document } = await documentOf(setting.value);
    return {
      channelId: id.toString(),
      documentCid,
      documentStatus,
      playlists: document?.playlists ?? [],
      proposalId: setting.proposalId.toString(),
      setAt: Number(setting.timestamp),
    };
  });
}
