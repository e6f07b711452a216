// Storage deals over REST: /deals, /deals/:id, /keepers/:address, and the `storage` summary of a video.
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { and, asc, desc, eq, gt, inArray, lt, or, type sql } from "ponder";
import { getAddress } from "viem";
import { manifests } from "./documents";
import { MAX_LIMIT, nowSeconds, parseAddress, parseBigId, parseCid, parseCursor, parseLimit } from "./params";
import { currentPeriod, dealStatus, lastClosedPeriod, storageStatus, type DealStatus } from "./storage-status";

type SQL = ReturnType<typeof sql>;
type DealRow = typeof schema.deal.$inferSelect;
type DealKeeperRow = typeof schema.dealKeeper.$inferSelect;
type StorageEventRow = typeof schema.storageEvent.$inferSelect;

const EVENTS_SHOWN = 50;
const HEAD_TTL_MS = 1_000;
const HEAD_TIMEOUT_MS = 500;

let head: { fetchedAt: number; timestamp: Promise<bigint> } | undefined;

/**
 * "Now" for deal statuses, in seconds: the wall clock (`Date.now()`), or the chain's latest block timestamp when that
 * is ahead — the contract judges periods by block time, and a local chain's clock can be moved forward
 * (`evm_increaseTime`). The head is read at most once a second; if the chain does not answer within half a second,
 * the wall clock alone: a slow RPC must not hold up the catalogue.
 */
export async function storageNow(): Promise<bigint> {
  if (!head || Date.now() - head.fetchedAt > HEAD_TTL_MS) {
    const block = publicClients.chorus.getBlock({ blockTag: "latest" }).then((block) => block.timestamp);
    const timeout = new Promise<bigint>((resolve) => setTimeout(() => resolve(0n), HEAD_TIMEOUT_MS).unref());
    head = { fetchedAt: Date.now(), timestamp: Promise.race([block, timeout]).catch(() => 0n) };
  }
  const [wall, chain] = [nowSeconds(), await head.timestamp];
  // biome-ignore lint/complexity/useMathMinMax: bigints; Math.max takes numbers only.
  return chain > wall ? chain : wall;
}

/** Each deal's status at `now`, from its active keepers and their proofs of the latest closed period. */
async function statusesOf(deals: DealRow[], now: bigint) {
  const statuses = new Map<bigint, { status: DealStatus; currentPeriod: bigint | null }>();
  const running = deals.filter((d) => now < d.end && now >= d.start);
  const [tenures, proofs] = running.length
    ? await Promise.all([
        db
          .select({ dealId: schema.dealKeeper.dealId, keeper: schema.dealKeeper.keeper, firstPeriod: schema.dealKeeper.firstPeriod })
          .from(schema.dealKeeper)
          .where(and(inArray(schema.dealKeeper.dealId, running.map((d) => d.id)), eq(schema.dealKeeper.status, "active"))),
        recentProofs(running, now),
      ])
    : [[], new Set<string>()];
  for (const d of deals) {
    const status = dealStatus(
      d,
      tenures.filter((t) => t.dealId === d.id),
      (keeper, period) => proofs.has(proofKey(d.id, keeper, period)),
      now,
    );
    statuses.set(d.id, { status, currentPeriod: currentPeriod(d, now) });
  }
  return statuses;
}

const proofKey = (dealId: bigint, keeper: string, period: bigint) => `${dealId}/${keeper}/${period}`;

/** The proofs of each running deal's latest closed period. */
async function recentProofs(deals: DealRow[], now: bigint) {
  const wanted = deals.flatMap((d) => {
    const period = lastClosedPeriod(d, now);
    return period === null ? [] : [and(eq(schema.storageEvent.dealId, d.id), eq(schema.storageEvent.period, period))];
  });
  if (!wanted.length) return new Set<string>();
  const rows = await db
    .select({ dealId: schema.storageEvent.dealId, keeper: schema.storageEvent.keeper, period: schema.storageEvent.period })
    .from(schema.storageEvent)
    .where(and(eq(schema.storageEvent.kind, "proof"), or(...wanted)));
  return new Set(rows.map((r) => proofKey(r.dealId, r.keeper!, r.period!)));
}

/**
 * The storage of the content behind each CID, over its deals that have not ended at `now`: replicas paid for, active
 * keepers, the latest proof, and a status (see storage-status.ts).
 */
export async function storageOfCids(cids: string[], now: bigint) {
  const live = cids.length
    ? await db
        .select()
        .from(schema.deal)
        .where(and(inArray(schema.deal.cid, [...new Set(cids)]), gt(schema.deal.end, now)))
        .orderBy(asc(schema.deal.id))
    : [];
  const statuses = await statusesOf(live, now);
  const storage = new Map<string, ReturnType<typeof summarize>>();
  for (const cid of cids) storage.set(cid, summarize(live.filter((d) => d.cid === cid), statuses));
  return storage;
}

function summarize(deals: DealRow[], statuses: Map<bigint, { status: DealStatus }>) {
  const lastProvenAt = deals.reduce<bigint | null>((latest, d) => (d.lastProvenAt !== null && (latest === null || d.lastProvenAt > latest) ? d.lastProvenAt : latest), null);
  return {
    replicas: deals.reduce((sum, d) => sum + d.replicas, 0),
    keepers: deals.reduce((sum, d) => sum + d.keepers, 0),
    lastProvenAt: lastProvenAt === null ? null : Number(lastProvenAt),
    status: storageStatus(deals.map((d) => statuses.get(d.id)!.status)),
    deals: deals.map((d) => ({
      id: d.id.toString(),
      replicas: d.replicas,
      keepers: d.keepers,
      start: Number(d.start),
      end: Number(d.end),
      periodSeconds: Number(d.periodSeconds),
      status: statuses.get(d.id)!.status,
    })),
  };
}

/** A deal as the REST API shows it: money as decimal strings (the token's smallest unit), times in unix seconds. */
export function presentDeal(row: DealRow, standing: { status: DealStatus; currentPeriod: bigint | null }) {
  return {
    id: row.id.toString(),
    funder: getAddress(row.funder),
    token: getAddress(row.token),
    cid: row.cid,
    root: row.root,
    size: Number(row.size),
    segmentCount: Number(row.segmentCount),
    replicas: row.replicas,
    /** Active keepers. */
    keepers: row.keepers,
    start: Number(row.start),
    periodSeconds: Number(row.periodSeconds),
    periods: Number(row.periods),
    end: Number(row.end),
    pricePerPeriod: row.pricePerPeriod.toString(),
    stakePerReplica: row.stakePerReplica.toString(),
    slashPerMiss: row.slashPerMiss.toString(),
    maxMisses: Number(row.maxMisses),
    deposit: row.deposit.toString(),
    paid: row.paid.toString(),
    /** The funder's share of the slashes; `rewarded` went to the reporters of misses. */
    slashed: row.slashed.toString(),
    rewarded: row.rewarded.toString(),
    refunded: row.refunded.toString(),
    misses: Number(row.misses),
    lastProvenAt: row.lastProvenAt === null ? null : Number(row.lastProvenAt),
    status: standing.status,
    currentPeriod: standing.currentPeriod === null ? null : Number(standing.currentPeriod),
    createdAt: Number(row.createdAt),
    createdBlock: row.createdBlock.toString(),
    createdTx: row.createdTx,
  };
}

export function presentDealKeeper(row: DealKeeperRow) {
  return {
    dealId: row.dealId.toString(),
    keeper: getAddress(row.keeper),
    slot: row.slot,
    status: row.status,
    firstPeriod: Number(row.firstPeriod),
    endPeriod: row.endPeriod === null ? null : Number(row.endPeriod),
    committedEnd: Number(row.committedEnd),
    proven: Number(row.proven),
    misses: Number(row.misses),
    stake: row.stake.toString(),
    stakeReturned: row.stakeReturned.toString(),
    slashed: row.slashed.toString(),
    earned: row.earned.toString(),
    joinedAt: Number(row.joinedAt),
    joinedTx: row.joinedTx,
    closedAt: row.closedAt === null ? null : Number(row.closedAt),
    lastProvenAt: row.lastProvenAt === null ? null : Number(row.lastProvenAt),
    lastProvenPeriod: row.lastProvenPeriod === null ? null : Number(row.lastProvenPeriod),
    challengePeriod: row.challengePeriod === null ? null : Number(row.challengePeriod),
    seedBlock: row.seedBlock === null ? null : row.seedBlock.toString(),
  };
}

export function presentStorageEvent(row: StorageEventRow) {
  return {
    id: row.id,
    dealId: row.dealId.toString(),
    kind: row.kind,
    keeper: row.keeper === null ? null : getAddress(row.keeper),
    actor: row.actor === null ? null : getAddress(row.actor),
    amount: row.amount === null ? null : row.amount.toString(),
    slashed: row.slashed === null ? null : row.slashed.toString(),
    reward: row.reward === null ? null : row.reward.toString(),
    period: row.period === null ? null : Number(row.period),
    segment: row.segment === null ? null : Number(row.segment),
    periods: row.periods === null ? null : Number(row.periods),
    blockNumber: row.blockNumber.toString(),
    logIndex: row.logIndex,
    timestamp: Number(row.timestamp),
    txHash: row.txHash,
  };
}

const bad = (message: string) => ({ error: message });

export const storageRoutes = new Hono();

// GET /deals?cid=&funder=&keeper=&limit=&cursor= — newest first; `nextCursor` is the next page's `cursor`.
storageRoutes.get("/deals", async (c) => {
  const limit = parseLimit(c.req.query("limit"));
  if (limit === undefined) return c.json(bad(`limit must be an integer from 1 to ${MAX_LIMIT}`), 400);
  const d = schema.deal;
  const conditions: (SQL | undefined)[] = [];
  const cursorParam = c.req.query("cursor");
  if (cursorParam !== undefined) {
    const cursor = parseCursor(cursorParam);
    if (!cursor) return c.json(bad("cursor must be a nextCursor from an earlier page"), 400);
    conditions.push(
      or(lt(d.createdBlock, cursor.block), and(eq(d.createdBlock, cursor.block), lt(d.createdLogIndex, cursor.logIndex))),
    );
  }
  const cidParam = c.req.query("cid");
  if (cidParam !== undefined) {
    const cid = parseCid(cidParam);
    if (!cid) return c.json(bad("cid must be a CID"), 400);
    conditions.push(eq(d.cid, cid));
  }
  const funderParam = c.req.query("funder");
  if (funderParam !== undefined) {
    const funder = parseAddress(funderParam);
    if (!funder) return c.json(bad("funder must be an address"), 400);
    conditions.push(eq(d.funder, funder.stored));
  }
  const keeperParam = c.req.query("keeper");
  if (keeperParam !== undefined) {
    const keeper = parseAddress(keeperParam);
    if (!keeper) return c.json(bad("keeper must be an address"), 400);
    const tenures = await db
      .select({ dealId: schema.dealKeeper.dealId })
      .from(schema.dealKeeper)
      .where(eq(schema.dealKeeper.keeper, keeper.stored));
    if (!tenures.length) return c.json({ items: [], nextCursor: null });
    conditions.push(inArray(d.id, tenures.map((t) => t.dealId)));
  }
  const rows = await db
    .select()
    .from(d)
    .where(and(...conditions))
    .orderBy(desc(d.createdBlock), desc(d.createdLogIndex))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const statuses = await statusesOf(page, await storageNow());
  const last = page.at(-1);
  return c.json({
    items: page.map((row) => presentDeal(row, statuses.get(row.id)!)),
    nextCursor: rows.length > limit && last ? `${last.createdBlock}.${last.createdLogIndex}` : null,
  });
});

// GET /deals/:id — the deal, every keeper that held a slot, its newest events and the video it stores (if indexed).
storageRoutes.get("/deals/:id", async (c) => {
  const id = parseBigId(c.req.param("id"));
  if (id === undefined) return c.json(bad("a deal id is a positive integer"), 400);
  const [row] = await db.select().from(schema.deal).where(eq(schema.deal.id, id)).limit(1);
  if (!row) return c.json(bad(`no deal ${id} exists (or it is not indexed yet)`), 404);
  const [keepers, events, [video], statuses] = await Promise.all([
    db.select().from(schema.dealKeeper).where(eq(schema.dealKeeper.dealId, id)).orderBy(asc(schema.dealKeeper.joinedBlock), asc(schema.dealKeeper.joinedLogIndex)),
    db
      .select()
      .from(schema.storageEvent)
      .where(eq(schema.storageEvent.dealId, id))
      .orderBy(desc(schema.storageEvent.blockNumber), desc(schema.storageEvent.logIndex))
      .limit(EVENTS_SHOWN),
    db
      .select({ id: schema.video.id })
      .from(schema.video)
      .where(eq(schema.video.manifestCid, row.cid))
      .orderBy(asc(schema.video.blockNumber), asc(schema.video.logIndex))
      .limit(1),
    storageNow().then((now) => statusesOf([row], now)),
  ]);
  const manifest = video ? await manifests.get(`${row.cid}/manifest.json`) : undefined;
  return c.json({
    ...presentDeal(row, statuses.get(id)!),
    keepers: keepers.map(presentDealKeeper),
    events: events.map(presentStorageEvent),
    video: video ? { id: video.id, title: manifest?.value?.title ?? null } : null,
  });
});

// GET /keepers/:address — a keeper's deals, newest joined first, its newest events and its money per token.
storageRoutes.get("/keepers/:address", async (c) => {
  const parsed = parseAddress(c.req.param("address"));
  if (!parsed) return c.json(bad("not an address"), 400);
  const [tenures, events, accounts] = await Promise.all([
    db
      .select({ tenure: schema.dealKeeper, cid: schema.deal.cid, dealEnd: schema.deal.end })
      .from(schema.dealKeeper)
      .innerJoin(schema.deal, eq(schema.deal.id, schema.dealKeeper.dealId))
      .where(eq(schema.dealKeeper.keeper, parsed.stored))
      .orderBy(desc(schema.dealKeeper.joinedBlock), desc(schema.dealKeeper.joinedLogIndex)),
    db
      .select()
      .from(schema.storageEvent)
      .where(eq(schema.storageEvent.keeper, parsed.stored))
      .orderBy(desc(schema.storageEvent.blockNumber), desc(schema.storageEvent.logIndex))
      .limit(EVENTS_SHOWN),
    db.select().from(schema.storageAccount).where(eq(schema.storageAccount.account, parsed.stored)).orderBy(asc(schema.storageAccount.token)),
  ]);
  return c.json({
    address: parsed.address,
    deals: tenures.map(({ tenure, cid, dealEnd }) => ({ ...presentDealKeeper(tenure), cid, dealEnd: Number(dealEnd) })),
    events: events.map(presentStorageEvent),
    totals: accounts.map((a) => ({
      token: getAddress(a.token),
      earned: a.earned.toString(),
      slashed: a.slashed.toString(),
      stakeLocked: a.stakeLocked.toString(),
      stakeReturned: a.stakeReturned.toString(),
      rewarded: a.rewarded.toString(),
      withdrawn: a.withdrawn.toString(),
      /** What `withdraw(token)` would send now: earnings, rewards, returned stake and refunds, less withdrawals. */
      balance: a.balance.toString(),
    })),
  });
});
