import { db } from "ponder:api";
import schema from "ponder:schema";
import { openApiDocument } from "@chorus/protocol";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { and, asc, client, desc, eq, gt, graphql, inArray, lte, or, lt, sql } from "ponder";

type SQL = ReturnType<typeof sql>;
import { getAddress } from "viem";
import { notFound, sendError, serve } from "./http";
import { serveEarningsRoutes } from "./earnings";
import { serveCrowdfundRoutes } from "./crowdfunds";
import { serveListRoutes } from "./lists";
import { servePlaylistRoutes } from "./playlists";
import { serveChannelPlaylistRoutes } from "./channel-playlists";
import { serveSocialRoutes } from "./social";
import { beforeChainPosition, nowSeconds, pageOf, stored } from "./params";
import { presentChannel, presentProposal } from "./present";
import { serveSearchRoutes } from "./search";
import { fromSources } from "./sources";
import { presentVideos } from "./videos";
import { serveStorageRoutes, storageNow } from "./storage";

const app = new Hono();
app.use("*", cors());

// SQL over HTTP (for @ponder/client) and GraphQL.
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

// The OpenAPI 3.1 document of every REST route below, generated from the schemas in @chorus/protocol.
const openApi = openApiDocument();
serve(app, "openApi", async () => openApi);

// Videos, newest first by chain position.
serve(app, "listVideos", async ({ query }) => {
  const v = schema.video;
  const rows = await db
    .select()
    .from(v)
    .where(
      and(
        beforeChainPosition(v.blockNumber, v.logIndex, query.cursor),
        query.creator === undefined ? undefined : eq(v.creator, stored(query.creator)),
        query.channel === undefined ? undefined : eq(v.channelId, BigInt(query.channel)),
        fromSources(query),
      ),
    )
    .orderBy(desc(v.blockNumber), desc(v.logIndex))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => `${r.blockNumber}.${r.logIndex}`);
  return { items: await presentVideos(page.rows), nextCursor: page.nextCursor };
});

// One video: "12" (published by a creator) or "ch3-17" (released by channel 3's proposal 17).
serve(app, "getVideo", async ({ params: { id } }) => {
  const [row] = await db.select().from(schema.video).where(eq(schema.video.id, id)).limit(1);
  if (!row) throw notFound(`no video ${id} has been published (or it is not indexed yet)`);
  const [video] = await presentVideos([row]);
  return video!;
});

// A creator's own channel.
serve(app, "getCreator", async ({ params }) => {
  const [row] = await db
    .select()
    .from(schema.creator)
    .where(eq(schema.creator.address, stored(params.address)))
    .limit(1);
  return {
    address: getAddress(params.address),
    videoCount: row?.videoCount ?? 0,
    firstPublishedAt: row ? Number(row.firstPublishedAt) : null,
    lastPublishedAt: row ? Number(row.lastPublishedAt) : null,
  };
});

// Community channels, newest first; with `member`, those the address belongs to.
serve(app, "listChannels", async ({ query }) => {
  const ch = schema.channel;
  let ids: bigint[] | undefined;
  if (query.member !== undefined) {
    const memberships = await db
      .select({ channelId: schema.channelMember.channelId })
      .from(schema.channelMember)
      .where(and(eq(schema.channelMember.member, stored(query.member)), eq(schema.channelMember.active, true)));
    ids = memberships.map((m) => m.channelId);
    if (!ids.length) return { items: [], nextCursor: null };
  }
  const rows = await db
    .select()
    .from(ch)
    .where(
      and(
        ids ? inArray(ch.id, ids) : undefined,
        query.cursor === undefined ? undefined : lt(ch.id, BigInt(query.cursor)),
      ),
    )
    .orderBy(desc(ch.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => r.id.toString());
  const open = await openProposalCounts(page.rows.map((r) => r.id));
  return {
    items: await Promise.all(
      page.rows.map(async (r) => ({ ...(await presentChannel(r)), openProposals: open.get(r.id) ?? 0 })),
    ),
    nextCursor: page.nextCursor,
  };
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

// A channel with its members, membership history, policy versions, and its membership plan and paying members (by the
// chain's time, as memberships end on chain).
serve(app, "getChannel", async ({ params }) => {
  const id = BigInt(params.id);
  const [row] = await db.select().from(schema.channel).where(eq(schema.channel.id, id)).limit(1);
  if (!row) throw notFound(`no channel ${id} exists (or it is not indexed yet)`);
  const now = await storageNow();
  const [members, history, policies, open, plans, [paying]] = await Promise.all([
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
    db
      .select()
      .from(schema.policyVersion)
      .where(eq(schema.policyVersion.channelId, id))
      .orderBy(asc(schema.policyVersion.version)),
    openProposalCounts([id]),
    db.select().from(schema.channelMembershipPlan).where(eq(schema.channelMembershipPlan.channelId, id)).limit(1),
    db
      .select({ count: sql<number>`cast(count(*) as integer)` })
      .from(schema.channelMembership)
      .where(and(eq(schema.channelMembership.channelId, id), gt(schema.channelMembership.expiresAt, now))),
  ]);
  const plan = plans[0];
  return {
    ...(await presentChannel(row)),
    openProposals: open.get(id) ?? 0,
    members: members
      .filter((m) => m.active)
      .map((m) => ({
        address: getAddress(m.member),
        joinedAt: Number(m.joinedAt),
        joinedByProposal: m.joinedByProposal.toString(),
      })),
    membershipHistory: history.map((h) => ({
      member: getAddress(h.member),
      change: h.change as "joined" | "left",
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
    membershipPlan: plan
      ? {
          token: getAddress(plan.token),
          price: plan.price.toString(),
          period: plan.period,
          proposalId: plan.proposalId.toString(),
        }
      : null,
    payingMembers: paying?.count ?? 0,
  };
});

/** Ballots in the order they were (last) cast. */
const ballotsOf = (where: SQL) =>
  db.select().from(schema.ballot).where(where).orderBy(asc(schema.ballot.blockNumber), asc(schema.ballot.logIndex));
// Video proposals' money settings (a release is the post of kind "release" named by its proposal id).
const releaseMoneyOf = (proposalIds: bigint[]) =>
  db
    .select()
    .from(schema.postMoney)
    .where(and(eq(schema.postMoney.kind, "release"), inArray(schema.postMoney.id, proposalIds)));

// A channel's proposals, newest first, by status ("decided": any but open; "all").
serve(app, "listChannelProposals", async ({ params, query }) => {
  const now = nowSeconds();
  const p = schema.proposal;
  const open = and(eq(p.status, "open"), gt(p.deadline, now));
  const expired = or(eq(p.status, "expired"), and(eq(p.status, "open"), lte(p.deadline, now)));
  const byStatus: Record<typeof query.status, SQL | undefined> = {
    all: undefined,
    open,
    expired,
    decided: or(
      inArray(p.status, ["released", "executed", "rejected", "withdrawn", "expired"]),
      and(eq(p.status, "open"), lte(p.deadline, now)),
    ),
    released: eq(p.status, "released"),
    executed: eq(p.status, "executed"),
    rejected: eq(p.status, "rejected"),
    withdrawn: eq(p.status, "withdrawn"),
  };
  const rows = await db
    .select()
    .from(p)
    .where(
      and(
        eq(p.channelId, BigInt(params.id)),
        byStatus[query.status],
        query.cursor === undefined ? undefined : lt(p.id, BigInt(query.cursor)),
      ),
    )
    .orderBy(desc(p.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => r.id.toString());
  const ids = page.rows.map((r) => r.id);
  const [ballots, money] = ids.length
    ? await Promise.all([ballotsOf(inArray(schema.ballot.proposalId, ids)), releaseMoneyOf(ids)])
    : [[], []];
  return {
    items: await Promise.all(
      page.rows.map((r) =>
        presentProposal(
          r,
          ballots.filter((b) => b.proposalId === r.id),
          money.find((m) => m.id === r.id),
        ),
      ),
    ),
    nextCursor: page.nextCursor,
  };
});

// One proposal.
serve(app, "getProposal", async ({ params }) => {
  const id = BigInt(params.id);
  const [row] = await db.select().from(schema.proposal).where(eq(schema.proposal.id, id)).limit(1);
  if (!row) throw notFound(`no proposal ${id} exists (or it is not indexed yet)`);
  const [ballots, [money]] = await Promise.all([ballotsOf(eq(schema.ballot.proposalId, id)), releaseMoneyOf([id])]);
  return presentProposal(row, ballots, money);
});

// Storage deals: /deals, /deals/:id, /keepers/:address and their lists.
serveStorageRoutes(app);

// Filter lists, their entries and reports, and stories.
serveListRoutes(app);

// Accounts and handles, comments on posts, live streams.
serveSocialRoutes(app);
serveEarningsRoutes(app);

// Full-text search and the search box's suggestions.
serveSearchRoutes(app);

// Crowdfunding campaigns.
serveCrowdfundRoutes(app);

// Published playlists, and community channels' voted playlists.
servePlaylistRoutes(app);
serveChannelPlaylistRoutes(app);

// Anything else (Ponder's own /health, /ready, /status, /metrics are matched before this app): the error body.
app.all("*", (c) => sendError(c, 404, `no route ${c.req.method} ${c.req.path}; GET /openapi.json lists them`));

export default app;
