// Published playlists over REST: /playlists (newest first, by owner) and /playlists/:id, each with its current
// document read from IPFS through the JSON cache (documents.ts).
import type { PublishedPlaylist } from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, desc, eq, isNull, lt } from "ponder";
import { getAddress } from "viem";
import { playlistDocuments } from "./documents";
import { notFound, serve } from "./http";
import { pageOf, stored } from "./params";

type PlaylistRow = typeof schema.playlist.$inferSelect;

async function presentPlaylist(row: PlaylistRow): Promise<PublishedPlaylist> {
  const document = await playlistDocuments.get(row.documentCid);
  return {
    id: row.id.toString(),
    owner: getAddress(row.owner),
    documentCid: row.documentCid,
    document: document.value,
    documentStatus: document.status,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
    removedAt: row.removedAt === null ? null : Number(row.removedAt),
    txHash: row.txHash,
  };
}

export function servePlaylistRoutes(app: Hono) {
  // A document that is not a playlist document is skipped (it never will be one: its CID names those bytes for good);
  // one IPFS can't deliver now is listed with document null, and asked for again later.
  serve(app, "listPlaylists", async ({ query }) => {
    const p = schema.playlist;
    const rows = await db
      .select()
      .from(p)
      .where(
        and(
          isNull(p.removedAt),
          query.cursor === undefined ? undefined : lt(p.id, BigInt(query.cursor)),
          query.owner === undefined ? undefined : eq(p.owner, stored(query.owner)),
        ),
      )
      .orderBy(desc(p.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => r.id.toString());
    const items = await Promise.all(page.rows.map(presentPlaylist));
    return { items: items.filter((item) => item.documentStatus !== "invalid"), nextCursor: page.nextCursor };
  });

  serve(app, "getPlaylist", async ({ params }) => {
    const id = BigInt(params.id);
    const [row] = await db.select().from(schema.playlist).where(eq(schema.playlist.id, id)).limit(1);
    if (!row) throw notFound(`no playlist ${id} has been published (or it is not indexed yet)`);
    return presentPlaylist(row);
  });
}
