// Who an address says it is, comments on posts and live streams over REST: /accounts/:address, /handles/:handle,
// /posts/:kind/:id, /posts/:kind/:id/comments, /streams, /streams/:id.
import type { Account, Comment, CommentPolicy, HandleStatus, PostKind, Stream } from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, asc, desc, eq, gt, inArray, isNull, lt } from "ponder";
import { getAddress } from "viem";
import { notFound, serve } from "./http";
import { pageOf, stored } from "./params";
import { storageNow } from "./storage";

type AccountRow = typeof schema.account.$inferSelect;
type CommentRow = typeof schema.comment.$inferSelect;
type StreamRow = typeof schema.stream.$inferSelect;

/** The short form of an address the web shows next to a nickname: `0x1234…abcd`. */
const fingerprintOf = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * An account at `now` (the chain's clock, as the contract's `isVerified` judges: live while `now < expiresAt`). An
 * address never seen answers with no nickname and no handle.
 */
function presentAccount(address: string, row: AccountRow | undefined, now: bigint): Account {
  const checksummed = getAddress(address);
  let handle: Account["handle"] = null;
  if (row?.handle && row.handleExpiresAt !== null) {
    const status: HandleStatus =
      row.handleReleasedAt !== null ? "released" : now < row.handleExpiresAt ? "live" : "expired";
    handle = {
      handle: row.handle,
      status,
      expiresAt: Number(row.handleExpiresAt),
      releasedAt: row.handleReleasedAt === null ? null : Number(row.handleReleasedAt),
    };
  }
  return { address: checksummed, fingerprint: fingerprintOf(checksummed), nickname: row?.nickname ?? null, handle };
}

/** The accounts of `addresses`, presented at `now`, by stored (lowercase) address. */
export async function accountsOf(addresses: `0x${string}`[], now: bigint) {
  const unique = [...new Set(addresses)];
  const rows = unique.length
    ? await db.select().from(schema.account).where(inArray(schema.account.address, unique))
    : [];
  return new Map(
    unique.map((a) => [
      a,
      presentAccount(
        a,
        rows.find((r) => r.address === a),
        now,
      ),
    ]),
  );
}

function presentComment(row: CommentRow, author: Account): Comment {
  return {
    id: row.id.toString(),
    kind: row.postKind as PostKind,
    postId: row.postId.toString(),
    parentId: row.parentId === null ? null : row.parentId.toString(),
    author,
    // A deleted comment's words were taken back by its author: the chain keeps them, the API does not repeat them.
    body: row.deletedAt === null ? row.body : "",
    postedAt: Number(row.postedAt),
    editedAt: row.editedAt === null ? null : Number(row.editedAt),
    deletedAt: row.deletedAt === null ? null : Number(row.deletedAt),
    txHash: row.txHash,
  };
}

function presentStream(row: StreamRow): Stream {
  return {
    id: row.id.toString(),
    creator: getAddress(row.creator),
    channelId: row.channelId.toString(),
    streamKey: getAddress(row.streamKey),
    title: row.title,
    room: row.room,
    startedAt: Number(row.startedAt),
    endedAt: row.endedAt === null ? null : Number(row.endedAt),
    live: row.endedAt === null,
    vod: row.vod,
    txHash: row.txHash,
  };
}

export function serveSocialRoutes(app: Hono) {
  serve(app, "getAccount", async ({ params }) => {
    const address = stored(params.address);
    return (await accountsOf([address], await storageNow())).get(address)!;
  });

  // A handle's holder now, live or expired (until someone else claims it); 404 when nobody holds it.
  serve(app, "getHandle", async ({ params }) => {
    const [row] = await db.select().from(schema.handle).where(eq(schema.handle.handle, params.handle)).limit(1);
    if (!row?.holder) throw notFound(`nobody holds the handle ${params.handle} (or it is not indexed yet)`);
    const now = await storageNow();
    const [holder, history] = await Promise.all([
      accountsOf([row.holder], now),
      db
        .select()
        .from(schema.handleChange)
        .where(eq(schema.handleChange.handle, params.handle))
        .orderBy(asc(schema.handleChange.blockNumber), asc(schema.handleChange.logIndex)),
    ]);
    return {
      handle: row.handle,
      holder: holder.get(row.holder)!,
      status: now < row.expiresAt ? ("live" as const) : ("expired" as const),
      expiresAt: Number(row.expiresAt),
      history: history.map((h) => ({
        change: h.change as "claimed" | "renewed" | "released" | "lapsed",
        holder: getAddress(h.holder),
        expiresAt: h.expiresAt === null ? null : Number(h.expiresAt),
        timestamp: Number(h.timestamp),
        txHash: h.txHash,
      })),
    };
  });

  // A post's policy and count: "open" and 0 for a post nobody commented on nor set a policy for.
  serve(app, "getPost", async ({ params }) => {
    const id = BigInt(params.id);
    const [row] = await db
      .select()
      .from(schema.post)
      .where(and(eq(schema.post.kind, params.kind), eq(schema.post.id, id)))
      .limit(1);
    return {
      kind: params.kind,
      id: id.toString(),
      policy: (row?.policy ?? "open") as CommentPolicy,
      commentCount: row?.commentCount ?? 0,
    };
  });

  // A post's comments and replies, oldest first: a reply always follows its parent, so the web builds threads in
  // one pass over the pages by parentId.
  serve(app, "listPostComments", async ({ params, query }) => {
    const c = schema.comment;
    const rows = await db
      .select()
      .from(c)
      .where(
        and(
          eq(c.postKind, params.kind),
          eq(c.postId, BigInt(params.id)),
          query.cursor === undefined ? undefined : gt(c.id, BigInt(query.cursor)),
        ),
      )
      .orderBy(asc(c.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => r.id.toString());
    const authors = await accountsOf(
      page.rows.map((r) => r.author),
      await storageNow(),
    );
    return { items: page.rows.map((r) => presentComment(r, authors.get(r.author)!)), nextCursor: page.nextCursor };
  });

  // Streams, newest first; live=1: started and not ended on chain.
  serve(app, "listStreams", async ({ query }) => {
    const s = schema.stream;
    const rows = await db
      .select()
      .from(s)
      .where(
        and(
          query.cursor === undefined ? undefined : lt(s.id, BigInt(query.cursor)),
          query.creator === undefined ? undefined : eq(s.creator, stored(query.creator)),
          query.channel === undefined ? undefined : eq(s.channelId, BigInt(query.channel)),
          query.live === "1" ? isNull(s.endedAt) : undefined,
        ),
      )
      .orderBy(desc(s.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => r.id.toString());
    return { items: page.rows.map(presentStream), nextCursor: page.nextCursor };
  });

  serve(app, "getStream", async ({ params }) => {
    const id = BigInt(params.id);
    const [row] = await db.select().from(schema.stream).where(eq(schema.stream.id, id)).limit(1);
    if (!row) throw notFound(`no stream ${id} has been started (or it is not indexed yet)`);
    return presentStream(row);
  });
}
