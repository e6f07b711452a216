// Money earned through Earnings over REST: /earnings/:address (balances and totals), /earnings/:address/series (the
// earnings chart), /earnings/:address/income (payment by payment), /posts/:kind/:id/money, /streams/:id/tips,
// /memberships/:address (a creator's plan and members), /channels/:id/paying-members (a community channel's).
import type { EarningSource, PostAccess, PostKind } from "@chorus/protocol";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, asc, desc, eq, gt, inArray, sql } from "ponder";
import { getAddress } from "viem";
import { serve } from "./http";
import { afterExpiryAndMember, beforeChainPosition, pageOf, stored } from "./params";
import { presentMoneyTerms, viewerAccess } from "./present";
import { accountsOf } from "./social";
import { storageNow } from "./storage";

const DAY = 86_400;
// 1970-01-01 was a Thursday: weeks start on Monday 00:00 UTC, four days after the epoch.
const BUCKETS = { day: { step: DAY, offset: 0 }, week: { step: 7 * DAY, offset: 4 * DAY } } as const;

const chainCursor = (row: { blockNumber: bigint; logIndex: number }) => `${row.blockNumber}.${row.logIndex}`;
const expiryCursor = (row: { expiresAt: bigint; member: string }) => `${row.expiresAt}.${row.member}`;

export function serveEarningsRoutes(app: Hono) {
  serve(app, "getEarnings", async ({ params }) => {
    const account = stored(params.address);
    const [balances, totals, open] = await Promise.all([
      db
        .select()
        .from(schema.earningsAccount)
        .where(eq(schema.earningsAccount.account, account))
        .orderBy(asc(schema.earningsAccount.token)),
      db
        .select()
        .from(schema.earningsTotal)
        .where(eq(schema.earningsTotal.account, account))
        .orderBy(asc(schema.earningsTotal.token), asc(schema.earningsTotal.source)),
      // Shares not claimed yet: what a withdrawal claims on the way.
      db
        .select()
        .from(schema.earningsShare)
        .where(
          and(
            eq(schema.earningsShare.account, account),
            gt(schema.earningsShare.entitled, schema.earningsShare.claimed),
          ),
        )
        .orderBy(asc(schema.earningsShare.ref)),
    ]);
    return {
      address: getAddress(account),
      balances: balances.map((b) => {
        const shares = open.filter((o) => o.token === b.token);
        return {
          token: getAddress(b.token),
          earned: b.earned.toString(),
          credited: b.credited.toString(),
          unclaimed: b.unclaimed.toString(),
          withdrawn: b.withdrawn.toString(),
          balance: b.balance.toString(),
          withdrawable: (b.balance + b.unclaimed).toString(),
          claim: {
            posts: shares.flatMap((o) =>
              o.postKind === null || o.postId === null
                ? []
                : [{ kind: o.postKind as PostKind, id: o.postId.toString() }],
            ),
            pots: shares.flatMap((o) =>
              o.channelId === null || o.epoch === null ? [] : [{ channelId: o.channelId.toString(), epoch: o.epoch }],
            ),
          },
        };
      }),
      totals: totals.map((t) => ({
        token: getAddress(t.token),
        source: t.source as EarningSource,
        amount: t.amount.toString(),
        count: t.count,
      })),
    };
  });

  // The chart's series: the account's earning rows summed per bucket, token and source, in the database.
  serve(app, "getEarningsSeries", async ({ params, query }) => {
    const account = stored(params.address);
    const e = schema.earning;
    const { step, offset } = BUCKETS[query.bucket];
    // Block timestamps are numeric in the database: floor() makes the division an integer one.
    const start = sql<string>`(floor((${e.timestamp} - ${sql.raw(String(offset))}) / ${sql.raw(String(step))}) * ${sql.raw(String(step))} + ${sql.raw(String(offset))})`;
    const [postKind, postId] = query.post?.split("-") ?? [];
    const rows = await db
      .select({
        start,
        token: e.token,
        source: e.source,
        amount: sql<string>`sum(${e.amount})`,
        count: sql<string>`count(*)`,
      })
      .from(e)
      .where(
        and(
          eq(e.account, account),
          query.source === undefined ? undefined : eq(e.source, query.source),
          postKind === undefined ? undefined : and(eq(e.postKind, postKind), eq(e.postId, BigInt(postId!))),
        ),
      )
      .groupBy(start, e.token, e.source)
      .orderBy(start, e.token, e.source);
    return {
      address: getAddress(account),
      bucket: query.bucket,
      points: rows.map((r) => ({
        start: Number(r.start),
        token: getAddress(r.token),
        source: r.source as EarningSource,
        amount: BigInt(String(r.amount)).toString(),
        count: Number(r.count),
      })),
    };
  });

  serve(app, "listEarnings", async ({ params, query }) => {
    const e = schema.earning;
    const rows = await db
      .select()
      .from(e)
      .where(and(eq(e.account, stored(params.address)), beforeChainPosition(e.blockNumber, e.logIndex, query.cursor)))
      .orderBy(desc(e.blockNumber), desc(e.logIndex), asc(e.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, chainCursor);
    return {
      items: page.rows.map((r) => ({
        source: r.source as EarningSource,
        token: getAddress(r.token),
        amount: r.amount.toString(),
        paid: r.paid.toString(),
        from: getAddress(r.payer),
        post:
          r.postKind === null || r.postId === null ? null : { kind: r.postKind as PostKind, id: r.postId.toString() },
        streamId: r.streamId?.toString() ?? null,
        channelId: r.channelId?.toString() ?? null,
        campaignId: r.campaignId?.toString() ?? null,
        message: r.message,
        timestamp: Number(r.timestamp),
        blockNumber: r.blockNumber.toString(),
        txHash: r.txHash,
      })),
      nextCursor: page.nextCursor,
    };
  });

  // A post's money: no split, no price and nothing received for a post the contract never heard of; its access is
  // what a viewer gets (postAccess).
  serve(app, "getPostMoney", async ({ params }) => {
    const id = BigInt(params.id);
    const [[row], income] = await Promise.all([
      db
        .select()
        .from(schema.postMoney)
        .where(and(eq(schema.postMoney.kind, params.kind), eq(schema.postMoney.id, id)))
        .limit(1),
      db
        .select()
        .from(schema.postIncome)
        .where(and(eq(schema.postIncome.kind, params.kind), eq(schema.postIncome.id, id)))
        .orderBy(asc(schema.postIncome.token)),
    ]);
    return {
      kind: params.kind,
      id: id.toString(),
      ...presentMoneyTerms(row),
      access: await postAccess(params.kind, id, (row?.access ?? "withheld") as PostAccess),
      tips: income
        .filter((i) => i.tipCount > 0)
        .map((i) => ({ token: getAddress(i.token), count: i.tipCount, sum: i.tipSum.toString() })),
      sales: income
        .filter((i) => i.saleCount > 0)
        .map((i) => ({ token: getAddress(i.token), count: i.saleCount, sum: i.saleSum.toString() })),
    };
  });

  // A creator's plan and members, latest expiry first (active ones first), each with its name.
  serve(app, "getMemberships", async ({ params, query }) => {
    const creator = stored(params.address);
    const m = schema.membership;
    const now = await storageNow();
    const [plans, rows, [counted]] = await Promise.all([
      db.select().from(schema.membershipPlan).where(eq(schema.membershipPlan.creator, creator)).limit(1),
      db
        .select()
        .from(m)
        .where(and(eq(m.creator, creator), afterExpiryAndMember(m.expiresAt, m.member, query.cursor)))
        .orderBy(desc(m.expiresAt), asc(m.member))
        .limit(query.limit + 1),
      db
        .select({ count: sql<number>`cast(count(*) as integer)` })
        .from(m)
        .where(and(eq(m.creator, creator), gt(m.expiresAt, now))),
    ]);
    const page = pageOf(rows, query.limit, expiryCursor);
    const members = await accountsOf(
      page.rows.map((r) => r.member),
      now,
    );
    const plan = plans[0];
    return {
      plan: plan
        ? {
            token: getAddress(plan.token),
            price: plan.price.toString(),
            period: Number(plan.period),
            active: plan.active,
          }
        : null,
      activeCount: counted?.count ?? 0,
      items: page.rows.map((r) => ({
        member: members.get(r.member)!,
        expiresAt: Number(r.expiresAt),
        active: r.expiresAt > now,
        joins: r.joins,
        firstJoinedAt: Number(r.firstJoinedAt),
      })),
      nextCursor: page.nextCursor,
    };
  });

  // A community channel's paying members, latest expiry first (active ones first), each with its name and what it paid
  // per token; the same order and cursor as a creator's members. How many are active is GET /channels/:id's count.
  serve(app, "listChannelPayingMembers", async ({ params, query }) => {
    const channelId = BigInt(params.id);
    const m = schema.channelMembership;
    const [rows, now] = await Promise.all([
      db
        .select()
        .from(m)
        .where(and(eq(m.channelId, channelId), afterExpiryAndMember(m.expiresAt, m.member, query.cursor)))
        .orderBy(desc(m.expiresAt), asc(m.member))
        .limit(query.limit + 1),
      storageNow(),
    ]);
    const page = pageOf(rows, query.limit, expiryCursor);
    const addresses = page.rows.map((r) => r.member);
    const p = schema.channelMembershipPaid;
    const [members, paid] = await Promise.all([
      accountsOf(addresses, now),
      addresses.length
        ? db
            .select()
            .from(p)
            .where(and(eq(p.channelId, channelId), inArray(p.member, addresses)))
            .orderBy(asc(p.token))
        : [],
    ]);
    return {
      items: page.rows.map((r) => ({
        member: members.get(r.member)!,
        expiresAt: Number(r.expiresAt),
        active: r.expiresAt > now,
        joins: r.joins,
        firstJoinedAt: Number(r.firstJoinedAt),
        paid: paid
          .filter((x) => x.member === r.member)
          .map((x) => ({ token: getAddress(x.token), amount: x.amount.toString() })),
      })),
      nextCursor: page.nextCursor,
    };
  });

  // A stream's tips, newest first, each with its tipper's name (the live chat shows them as gifts).
  serve(app, "listStreamTips", async ({ params, query }) => {
    const t = schema.tip;
    const rows = await db
      .select()
      .from(t)
      .where(and(eq(t.streamId, BigInt(params.id)), beforeChainPosition(t.blockNumber, t.logIndex, query.cursor)))
      .orderBy(desc(t.blockNumber), desc(t.logIndex))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, chainCursor);
    const tippers = await accountsOf(
      page.rows.map((r) => r.tipper),
      await storageNow(),
    );
    return {
      items: page.rows.map((r) => ({
        from: tippers.get(r.tipper)!,
        token: getAddress(r.token),
        amount: r.amount.toString(),
        message: r.message,
        timestamp: Number(r.timestamp),
        blockNumber: r.blockNumber.toString(),
        txHash: r.txHash,
      })),
      nextCursor: page.nextCursor,
    };
  });
}

/** A post's access as a viewer meets it (viewerAccess), with its manifest's CID from the video or the proposal. */
async function postAccess(kind: PostKind, id: bigint, onChain: PostAccess): Promise<PostAccess> {
  if (onChain !== "withheld") return onChain;
  const cid =
    kind === "video"
      ? (await db.select().from(schema.video).where(eq(schema.video.id, id.toString())).limit(1))[0]?.manifestCid
      : (await db.select().from(schema.proposal).where(eq(schema.proposal.id, id)).limit(1))[0]?.cid;
  return viewerAccess(onChain, cid);
}
