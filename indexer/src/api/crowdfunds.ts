// Crowdfunding campaigns over REST: /crowdfunds and /crowdfunds/:id (with every pledge).
import type { Crowdfund, CrowdfundDetail, CrowdfundStatus } from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, desc, eq, gt, inArray, lt } from "ponder";
import { getAddress } from "viem";
import { crowdfundMetadata } from "./documents";
import { notFound, serve } from "./http";
import { pageOf, stored } from "./params";
import { storageNow } from "./storage";

type CrowdfundRow = typeof schema.crowdfund.$inferSelect;
type PledgeRow = typeof schema.crowdfundPledge.$inferSelect;

/** Where a campaign stands at `now` (the chain's clock, as the contract judges: running while `now < deadline`). */
function statusOf(row: CrowdfundRow, now: bigint): CrowdfundStatus {
  if (now < row.deadline) return "running";
  if (row.claimedAt !== null) return "claimed";
  // After the deadline pledges no longer change, and refunds happen only when missed: what it held at the deadline
  // is what is pledged plus what was refunded.
  return row.pledged + row.refunded >= row.goal ? "reached" : "missed";
}

async function presentCrowdfund(row: CrowdfundRow, now: bigint): Promise<Crowdfund> {
  const metadata = await crowdfundMetadata.get(row.metadataCid);
  return {
    id: row.id.toString(),
    creator: getAddress(row.creator),
    channelId: row.channelId.toString(),
    token: getAddress(row.token),
    goal: row.goal.toString(),
    pledged: row.pledged.toString(),
    raised: (row.pledged + row.refunded).toString(),
    backers: row.backers,
    deadline: Number(row.deadline),
    status: statusOf(row, now),
    claimedAt: row.claimedAt === null ? null : Number(row.claimedAt),
    metadataCid: row.metadataCid,
    metadata: metadata.value,
    metadataStatus: metadata.status,
    createdAt: Number(row.createdAt),
    txHash: row.txHash,
    now: Number(now),
  };
}

const presentPledge = (row: PledgeRow) => ({
  backer: getAddress(row.backer),
  amount: row.amount.toString(),
  refunded: row.refunded.toString(),
  updatedAt: Number(row.updatedAt),
});

export function serveCrowdfundRoutes(app: Hono) {
  serve(app, "listCrowdfunds", async ({ query }) => {
    const c = schema.crowdfund;
    let backed: bigint[] | undefined;
    if (query.backer !== undefined) {
      const p = schema.crowdfundPledge;
      const rows = await db
        .select({ id: p.campaignId })
        .from(p)
        .where(and(eq(p.backer, stored(query.backer)), gt(p.amount, 0n)));
      backed = rows.map((r) => r.id);
    }
    const rows =
      backed?.length === 0
        ? []
        : await db
            .select()
            .from(c)
            .where(
              and(
                query.cursor === undefined ? undefined : lt(c.id, BigInt(query.cursor)),
                query.creator === undefined ? undefined : eq(c.creator, stored(query.creator)),
                query.channel === undefined ? undefined : eq(c.channelId, BigInt(query.channel)),
                backed === undefined ? undefined : inArray(c.id, backed),
              ),
            )
            .orderBy(desc(c.id))
            .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => r.id.toString());
    const now = await storageNow();
    return { items: await Promise.all(page.rows.map((r) => presentCrowdfund(r, now))), nextCursor: page.nextCursor };
  });

  serve(app, "getCrowdfund", async ({ params }): Promise<CrowdfundDetail> => {
    const id = BigInt(params.id);
    const [row] = await db.select().from(schema.crowdfund).where(eq(schema.crowdfund.id, id)).limit(1);
    if (!row) throw notFound(`no crowdfund ${id} has been started (or it is not indexed yet)`);
    const p = schema.crowdfundPledge;
    const pledges = await db.select().from(p).where(eq(p.campaignId, id)).orderBy(desc(p.amount), desc(p.refunded));
    return { ...(await presentCrowdfund(row, await storageNow())), pledges: pledges.map(presentPledge) };
  });
}
