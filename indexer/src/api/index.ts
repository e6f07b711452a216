import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { and, asc, client, desc, eq, gt, graphql, inArray, lte, or, lt, type sql } from "ponder";

type SQL = ReturnType<typeof sql>;
import { getAddress } from "viem";
import { MAX_LIMIT, nowSeconds, parseAddress, parseBigId, parseCursor, parseLimit } from "./params";
import { presentChannel, presentProposal, presentVideo } from "./present";
import { storageNow, storageOfCids, storageRoutes } from "./storage";

const app = new Hono();
app.use("*", cors());

// SQL over HTTP (for @ponder/client) and GraphQL.
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

const bad = (message: string) => ({ error: message });

/** Videos with the channels that released them and the storage deals that keep their content, presented. */
async function presentVideos(rows: (typeof schema.video.$inferSelect)[]) {
  const channelIds = [...new Set(rows.flatMap((r) => (r.channelId === null ? [] : [r.channelId])))];
  const [channels, storage] = await Promise.all([
    channelIds.length ? db.select().from(schema.channel).where(inArray(schema.channel.id, channelIds)) : [],
    storageNow().then((now) => storageOfCids(rows.map((r) => r.manifestCid), now)),
  ]);
  return Promise.all(
    rows.map(async (row) => ({
      ...(await presentVideo(row, channels.find((c) => c.id === row.channelId))),
      storage: storage.get(row.manifestCid)!,
    })),
  );
}

// GET /videos?limit=24&before=<cursor>&creator=<address>&channel=<id> — newest first. `nextCursor` is the next
// page's `before`.
app.get("/videos", async (c) => {
  const limit = parseLimit(c.req.query("limit"));
  if (limit === undefined) return c.json(bad(`limit must be an integer from 1 to ${MAX_LIMIT}`), 400);
  const conditions: (SQL | undefined)[] = [];
  const before = c.req.query("before");
  if (before !== undefined) {
    const cursor = parseCursor(before);
    if (!cursor) return c.json(bad("before must be a nextCursor from an earlier page"), 400);
    const { block, logIndex } = cursor;
    conditions.push(
      or(lt(schema.video.blockNumber, block), and(eq(schema.video.blockNumber, block), lt(schema.video.logIndex, logIndex))),
    );
  }
  const creatorParam = c.req.query("creator");
  if (creatorParam !== undefined) {
    const creator = parseAddress(creatorParam);
    if (!creator) return c.json(bad("creator must be an address"), 400);
    conditions.push(eq(schema.video.creator, creator.stored));
  }
  const channelParam = c.req.query("channel");
  if (channelParam !== undefined) {
    const channelId = parseBigId(channelParam);
    if (channelId === undefined) return c.json(bad("channel must be a channel id"), 400);
    conditions.push(eq(schema.video.channelId, channelId));
  }
  const rows = await db
    .select()
    .from(schema.video)
    .where(and(...conditions))
    .orderBy(desc(schema.video.blockNumber), desc(schema.video.logIndex))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json({
    videos: await presentVideos(page),
    nextCursor: rows.length > limit && last ? `${last.blockNumber}.${last.logIndex}` : null,
  });
});

// GET /videos/:id — "12" (published by a creator) or "ch3-17" (released by channel 3's proposal 17).
app.get("/videos/:id", async (c) => {
  const id = c.req.param("id");
  if (!/^([1-9]\d{0,30}|ch[1-9]\d{0,30}-[1-9]\d{0,30})$/.test(id)) {
    return c.json(bad("a video id looks like 12 or ch3-17"), 400);
  }
  const [row] = await db.select().from(schema.video).where(eq(schema.video.id, id)).limit(1);
  if (!row) return c.json(bad(`no video ${id} has been published (or it is not indexed yet)`), 404);
  const [video] = await presentVideos([row]);
  return c.json({ video });
});

// GET /creators/:address — a creator's own channel.
app.get("/creators/:address", async (c) => {
  const parsed = parseAddress(c.req.param("address"));
  if (!parsed) return c.json(bad("not an address"), 400);
  const [row] = await db.select().from(schema.creator).where(eq(schema.creator.address, parsed.stored)).limit(1);
  return c.json({
    creator: {
      address: parsed.address,
      videoCount: row?.videoCount ?? 0,
      firstPublishedAt: row ? Number(row.firstPublishedAt) : null,
      lastPublishedAt: row ? Number(row.lastPublishedAt) : null,
    },
  });
});

// GET /channels?member=<address> — community channels, newest first; with `member`, those the address belongs to.
app.get("/channels", async (c) => {
  const memberParam = c.req.query("member");
  let ids: bigint[] | undefined;
  if (memberParam !== undefined) {
    const member = parseAddress(memberParam);
    if (!member) return c.json(bad("member must be an address"), 400);
    const memberships = await db
      .select()
      .from(schema.channelMember)
      .where(and(eq(schema.channelMember.member, member.stored), eq(schema.channelMember.active, true)));
    ids = memberships.map((m) => m.channelId);
    if (!ids.length) return c.json({ channels: [] });
  }
  const rows = await db
    .select()
    .from(schema.channel)
    .where(ids ? inArray(schema.channel.id, ids) : undefined)
    .orderBy(desc(schema.channel.id))
    .limit(MAX_LIMIT);
  const open = await openProposalCounts(rows.map((r) => r.id));
  return c.json({
    channels: await Promise.all(rows.map(async (r) => ({ ...(await presentChannel(r)), openProposals: open.get(r.id) ?? 0 }))),
  });
});

async function openProposalCounts(channelIds: bigint[]) {
  const counts = new Map<bigint, number>();
  if (!channelIds.length) return counts;
  const open = await db
    .select({ channelId: schema.proposal.channelId })
    .from(schema.proposal)
    .where(
      and(
        inArray(schema.proposal.channelId, channelIds),
        eq(schema.proposal.status, "open"),
        gt(schema.proposal.deadline, nowSeconds()),
      ),
    );
  for (const { channelId } of open) counts.set(channelId, (counts.get(channelId) ?? 0) + 1);
  return counts;
}

// GET /channels/:id — the channel, its members, membership history and policy versions.
app.get("/channels/:id", async (c) => {
  const id = parseBigId(c.req.param("id"));
  if (id === undefined) return c.json(bad("a channel id is a positive integer"), 400);
  const [row] = await db.select().from(schema.channel).where(eq(schema.channel.id, id)).limit(1);
  if (!row) return c.json(bad(`no channel ${id} exists (or it is not indexed yet)`), 404);
  const [members, history, policies, open] = await Promise.all([
    db
      .select()
      .from(schema.channelMember)
      .where(eq(schema.channelMember.channelId, id))
      .orderBy(asc(schema.channelMember.joinedBlock), asc(schema.channelMember.joinedLogIndex)),
    db
      .select()
      .from(schema.membershipChange)
      .where(eq(schema.membershipChange.channelId, id))
      .orderBy(asc(schema.membershipChange.blockNumber), asc(schema.membershipChange.logIndex)),
    db.select().from(schema.policyVersion).where(eq(schema.policyVersion.channelId, id)).orderBy(asc(schema.policyVersion.version)),
    openProposalCounts([id]),
  ]);
  return c.json({
    channel: { ...(await presentChannel(row)), openProposals: open.get(id) ?? 0 },
    members: members
      .filter((m) => m.active)
      .map((m) => ({ address: getAddress(m.member), joinedAt: Number(m.joinedAt), joinedByProposal: m.joinedByProposal.toString() })),
    membershipHistory: history.map((h) => ({
      member: getAddress(h.member),
      change: h.change,
      proposalId: h.proposalId.toString(),
      memberCount: h.memberCount,
      timestamp: Number(h.timestamp),
    })),
    policies: policies.map((p) => ({
      version: p.version,
      policyCid: p.policyCid,
      proposalId: p.proposalId.toString(),
      timestamp: Number(p.timestamp),
      txHash: p.txHash,
    })),
  });
});

/** Ballots in the order they were (last) cast. */
const ballotsOf = (where: SQL) =>
  db.select().from(schema.ballot).where(where).orderBy(asc(schema.ballot.blockNumber), asc(schema.ballot.logIndex));

const PROPOSAL_STATUSES = ["open", "released", "executed", "rejected", "withdrawn", "expired", "decided", "all"] as const;

// GET /channels/:id/proposals?status=open — open first: newest first within a status.
app.get("/channels/:id/proposals", async (c) => {
  const id = parseBigId(c.req.param("id"));
  if (id === undefined) return c.json(bad("a channel id is a positive integer"), 400);
  const status = (c.req.query("status") ?? "all") as (typeof PROPOSAL_STATUSES)[number];
  if (!PROPOSAL_STATUSES.includes(status)) return c.json(bad(`status must be one of ${PROPOSAL_STATUSES.join(", ")}`), 400);
  const now = nowSeconds();
  const p = schema.proposal;
  const open = and(eq(p.status, "open"), gt(p.deadline, now));
  const expired = or(eq(p.status, "expired"), and(eq(p.status, "open"), lte(p.deadline, now)));
  const byStatus: Record<(typeof PROPOSAL_STATUSES)[number], SQL | undefined> = {
    all: undefined,
    open,
    expired,
    decided: or(inArray(p.status, ["released", "executed", "rejected", "withdrawn", "expired"]), and(eq(p.status, "open"), lte(p.deadline, now))),
    released: eq(p.status, "released"),
    executed: eq(p.status, "executed"),
    rejected: eq(p.status, "rejected"),
    withdrawn: eq(p.status, "withdrawn"),
  };
  const rows = await db.select().from(p).where(and(eq(p.channelId, id), byStatus[status])).orderBy(desc(p.id)).limit(MAX_LIMIT);
  const ballots = rows.length ? await ballotsOf(inArray(schema.ballot.proposalId, rows.map((r) => r.id))) : [];
  const proposals = rows.map((r) => presentProposal(r, ballots.filter((b) => b.proposalId === r.id)));
  proposals.sort((a, b) => Number(b.status === "open") - Number(a.status === "open"));
  return c.json({ proposals });
});

// GET /proposals/:id
app.get("/proposals/:id", async (c) => {
  const id = parseBigId(c.req.param("id"));
  if (id === undefined) return c.json(bad("a proposal id is a positive integer"), 400);
  const [row] = await db.select().from(schema.proposal).where(eq(schema.proposal.id, id)).limit(1);
  if (!row) return c.json(bad(`no proposal ${id} exists (or it is not indexed yet)`), 404);
  const ballots = await ballotsOf(eq(schema.ballot.proposalId, id));
  return c.json({ proposal: presentProposal(row, ballots) });
});

// Storage deals: /deals, /deals/:id, /keepers/:address.
app.route("/", storageRoutes);

export default app;
