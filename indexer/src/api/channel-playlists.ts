// A community channel's playlists over REST: GET /channels/:id/playlists, from the channel's setting under
// Playlists.CHANNEL_PLAYLISTS_KEY (channel_setting) and the document its CID names, read through the IPFS JSON cache
// (documents.ts); and the readable summary of what a setting proposal for that key would set (present.ts). The list
// before a vote is the value of the last proposal for the key that took effect before it (proposal rows keep each
// setting proposal's value): what a proposal changes, and which playlists the latest vote removed, come from it.
import {
  CHANNEL_PLAYLISTS_KEY,
  type ChannelPlaylist,
  type ChannelPlaylists,
  decodeChannelPlaylistsValue,
  diffChannelPlaylists,
  type Proposal,
} from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, desc, eq, lt, ne, or } from "ponder";
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

/**
 * The playlists a value sets, as a vote for it would leave the channel: none for a value that names no document or a
 * document that isn't a list of playlists; null when the document can't be fetched now.
 */
async function playlistsOf(value: Hex | null): Promise<ChannelPlaylist[] | null> {
  if (value === null) return [];
  const { documentStatus, document } = await documentOf(value);
  return documentStatus === "unavailable" ? null : (document?.playlists ?? []);
}

/**
 * The channel's playlists value before the proposal `except` took effect (or would, when `until` is null: the one in
 * force now): the last proposal for the key that took effect by `until`, other than `except`. Null: never set.
 */
async function valueBefore(channelId: bigint, except: bigint, until: bigint | null): Promise<Hex | null> {
  const p = schema.proposal;
  const [row] = await db
    .select({ value: p.settingValue })
    .from(p)
    .where(
      and(
        eq(p.channelId, channelId),
        eq(p.kind, "setting"),
        eq(p.settingKey, CHANNEL_PLAYLISTS_KEY.toLowerCase() as Hex),
        eq(p.status, "executed"),
        eq(p.effect, "applied"),
        ne(p.id, except),
        // Decided in the same second: the one proposed first is taken to have been decided first.
        ...(until === null ? [] : [or(lt(p.decidedAt, until), and(eq(p.decidedAt, until), lt(p.id, except)))]),
      ),
    )
    .orderBy(desc(p.decidedAt), desc(p.id))
    .limit(1);
  return row ? (row.value ?? "0x") : null;
}

type ProposedChannelPlaylists = NonNullable<NonNullable<Proposal["proposedSetting"]>["channelPlaylists"]>;

/**
 * What a vote for the proposal's value would set: each playlist's title and size, in order, and what that changes from
 * the list in force before it was decided — now, while it is open (or why that can't be shown).
 */
export async function proposedChannelPlaylists(proposal: {
  id: bigint;
  channelId: bigint;
  value: Hex;
  decidedAt: bigint | null;
}): Promise<ProposedChannelPlaylists> {
  const { documentCid, documentStatus, document } = await documentOf(proposal.value);
  const proposed = proposal.value === "0x" ? [] : (document?.playlists ?? null);
  const before =
    proposed && (await playlistsOf(await valueBefore(proposal.channelId, proposal.id, proposal.decidedAt)));
  return {
    documentCid,
    documentStatus,
    playlists: document?.playlists.map((p) => ({ title: p.title, videoCount: p.entries.length })) ?? null,
    changes: proposed && before ? diffChannelPlaylists(before, proposed) : null,
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
        removed: [],
      };
    const { documentCid, documentStatus, document } = await documentOf(setting.value);
    const playlists = document?.playlists ?? [];
    // What the vote dropped, when what it set is known (a document that can't be fetched now may keep them all).
    const before =
      documentStatus === "unavailable"
        ? []
        : ((await playlistsOf(await valueBefore(id, setting.proposalId, setting.timestamp))) ?? []);
    const kept = new Set(playlists.map((p) => p.id));
    return {
      channelId: id.toString(),
      documentCid,
      documentStatus,
      playlists,
      proposalId: setting.proposalId.toString(),
      setAt: Number(setting.timestamp),
      removed: before.flatMap((p) => (p.id !== undefined && !kept.has(p.id) ? [{ id: p.id, title: p.title }] : [])),
    };
  });
}
