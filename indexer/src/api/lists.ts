// Filter lists, their entries and reports, and stories over REST: /lists, /lists/:id, /lists/:id/entries,
// /lists/:id/reports, /stories.
import type {
  FilterEntry,
  FilterList,
  FilterReport,
  FilterTargetKind,
  ReportStatus,
  Story,
  StoryStatus,
} from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, desc, eq, gt, isNull, lt } from "ponder";
import { getAddress, hexToString, type Hex } from "viem";
import { notFound, serve } from "./http";
import { beforeChainPosition, pageOf, stored } from "./params";
import { storageNow } from "./storage";

type ListRow = typeof schema.filterList.$inferSelect;
type EntryRow = typeof schema.filterEntry.$inferSelect;
type ReportRow = typeof schema.filterReport.$inferSelect;
type StoryRow = typeof schema.story.$inferSelect;

/**
 * A target's bytes32 subject decoded for its kind (docs/filters-and-stories.md, "Targets"): ids as decimal numbers,
 * an author as its checksummed address (the low 20 bytes), a word as its UTF-8 text (zero-padded on the right).
 */
export function subjectValue(kind: FilterTargetKind, subject: Hex): string {
  if (kind === "author") return getAddress(`0x${subject.slice(-40)}`);
  if (kind === "word") return hexToString(subject, { size: 32 }).replace(/\0+$/, "");
  return BigInt(subject).toString();
}

function presentList(row: ListRow): FilterList {
  return {
    id: row.id.toString(),
    maintainer: getAddress(row.maintainer),
    offeredTo: row.offeredTo === null ? null : getAddress(row.offeredTo),
    name: row.name,
    description: row.description,
    entryCount: row.entryCount,
    reportCount: row.reportCount,
    openReports: row.openReports,
    createdAt: Number(row.createdAt),
    txHash: row.txHash,
  };
}

function presentEntry(row: EntryRow): FilterEntry {
  const kind = row.kind as FilterTargetKind;
  return {
    id: row.id,
    listId: row.listId.toString(),
    kind,
    subject: row.subject,
    value: subjectValue(kind, row.subject),
    reason: row.reason,
    reportId: row.reportId === null ? null : row.reportId.toString(),
    addedAt: Number(row.addedAt),
    addedTx: row.addedTx,
    removedAt: row.removedAt === null ? null : Number(row.removedAt),
    removedTx: row.removedTx,
  };
}

function presentReport(row: ReportRow): FilterReport {
  const kind = row.kind as FilterTargetKind;
  return {
    id: row.id.toString(),
    listId: row.listId.toString(),
    reporter: getAddress(row.reporter),
    kind,
    subject: row.subject,
    value: subjectValue(kind, row.subject),
    reason: row.reason,
    status: row.status as ReportStatus,
    resolvedBy: row.resolvedBy === null ? null : getAddress(row.resolvedBy),
    resolution: row.resolution,
    createdAt: Number(row.createdAt),
    txHash: row.txHash,
    resolvedAt: row.resolvedAt === null ? null : Number(row.resolvedAt),
    resolvedTx: row.resolvedTx,
  };
}

/** A story at `now`: deleted, expired (its `expiresAt` reached, as the contract's `isLive` judges) or live. */
function presentStory(row: StoryRow, now: bigint): Story {
  const status: StoryStatus = row.deletedAt !== null ? "deleted" : now >= row.expiresAt ? "expired" : "live";
  return {
    id: row.id.toString(),
    creator: getAddress(row.creator),
    cid: row.cid,
    caption: row.caption,
    postedAt: Number(row.postedAt),
    expiresAt: Number(row.expiresAt),
    deletedAt: row.deletedAt === null ? null : Number(row.deletedAt),
    status,
    blockNumber: row.blockNumber.toString(),
    txHash: row.txHash,
  };
}

export function serveListRoutes(app: Hono) {
  // Filter lists, newest first; with `maintainer`, those it maintains.
  serve(app, "listFilterLists", async ({ query }) => {
    const l = schema.filterList;
    const rows = await db
      .select()
      .from(l)
      .where(
        and(
          query.cursor === undefined ? undefined : lt(l.id, BigInt(query.cursor)),
          query.maintainer === undefined ? undefined : eq(l.maintainer, stored(query.maintainer)),
        ),
      )
      .orderBy(desc(l.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => r.id.toString());
    return { items: page.rows.map(presentList), nextCursor: page.nextCursor };
  });

  serve(app, "getFilterList", async ({ params }) => {
    const id = BigInt(params.id);
    const [row] = await db.select().from(schema.filterList).where(eq(schema.filterList.id, id)).limit(1);
    if (!row) throw notFound(`no filter list ${id} exists (or it is not indexed yet)`);
    return presentList(row);
  });

  // A list's entries, newest listed first: those on it now, or with all=1 every listing (removed ones too).
  serve(app, "listFilterEntries", async ({ params, query }) => {
    const e = schema.filterEntry;
    const rows = await db
      .select()
      .from(e)
      .where(
        and(
          eq(e.listId, BigInt(params.id)),
          query.all === "1" ? undefined : isNull(e.removedAt),
          beforeChainPosition(e.addedBlock, e.addedLogIndex, query.cursor),
        ),
      )
      .orderBy(desc(e.addedBlock), desc(e.addedLogIndex))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => `${r.addedBlock}.${r.addedLogIndex}`);
    return { items: page.rows.map(presentEntry), nextCursor: page.nextCursor };
  });

  // Reports to a list, newest first, by status.
  serve(app, "listFilterReports", async ({ params, query }) => {
    const r = schema.filterReport;
    const rows = await db
      .select()
      .from(r)
      .where(
        and(
          eq(r.listId, BigInt(params.id)),
          query.status === "all" ? undefined : eq(r.status, query.status),
          query.cursor === undefined ? undefined : lt(r.id, BigInt(query.cursor)),
        ),
      )
      .orderBy(desc(r.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (row) => row.id.toString());
    return { items: page.rows.map(presentReport), nextCursor: page.nextCursor };
  });

  // Stories, newest first; with live=1 only those not deleted and not expired at the chain's "now" (storageNow:
  // the chain's latest block time when it is ahead of the wall clock, as the contract's `isLive` judges by it).
  serve(app, "listStories", async ({ query }) => {
    const s = schema.story;
    const now = await storageNow();
    const rows = await db
      .select()
      .from(s)
      .where(
        and(
          query.cursor === undefined ? undefined : lt(s.id, BigInt(query.cursor)),
          query.creator === undefined ? undefined : eq(s.creator, stored(query.creator)),
          query.live === "1" ? and(isNull(s.deletedAt), gt(s.expiresAt, now)) : undefined,
        ),
      )
      .orderBy(desc(s.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => r.id.toString());
    return { items: page.rows.map((row) => presentStory(row, now)), nextCursor: page.nextCursor };
  });
}
