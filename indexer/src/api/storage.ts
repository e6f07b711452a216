// Storage deals over REST: /deals, /deals/:id, /keepers/:address, and the `storage` summary of a video.
import {
  DEFAULT_LIMIT,
  type Deal,
  type DealKeeper,
  type DealStatus,
  type KeeperTenure,
  type StorageEvent,
  type VideoStorage,
} from "@chorus/protocol";
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import type { Hono } from "hono";
import { and, asc, desc, eq, gt, inArray, or, type sql } from "ponder";
import { getAddress } from "viem";
import { manifests } from "./documents";
import { badRequest, notFound, serve } from "./http";
import { beforeChainPosition, nowSeconds, pageOf, parseCid, stored } from "./params";
import { currentPeriod, dealStatus, lastClosedPeriod, storageStatus } from "./storage-status";

type SQL = ReturnType<typeof sql>;
type DealRow = typeof schema.deal.$inferSelect;
type DealKeeperRow = typeof schema.dealKeeper.$inferSelect;
type StorageEventRow = typeof schema.storageEvent.$inferSelect;

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
  // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers)
  return chain > wall ? chain : wall;
}

/** Each deal's status at `now`, from its active keepers and their proofs of the latest closed period. */
async function statusesOf(deals: DealRow[], now: bigint) {
  const statuses = new Map<bigint, { status: DealStatus; currentPeriod: bigint | null }>();
  const running = deals.filter((d) => now < d.end && now >= d.start);
  const [tenures, proofs] = running.length
    ? await Promise.all([
        db
          .select({
            dealId: schema.dealKeeper.dealId,
            keeper: schema.dealKeeper.keeper,
            firstPeriod: schema.dealKeeper.firstPeriod,
          })
          .from(schema.dealKeeper)
          .where(
            and(
              inArray(
                schema.dealKeeper.dealId,
                running.map((d) => d.id),
              ),
              eq(schema.dealKeeper.status, "active"),
            ),
          ),
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
    .select({
      dealId: schema.storageEvent.dealId,
      keeper: schema.storageEvent.keeper,
      period: schema.storageEvent.period,
    })
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
  const storage = new Map<string, VideoStorage>();
  for (const cid of cids)
    storage.set(
      cid,
      summarize(
        live.filter((d) => d.cid === cid),
        statuses,
      ),
    );
  return storage;
}

function summarize(deals: DealRow[], statuses: Map<bigint, { status: DealStatus }>): VideoStorage {
  const lastProvenAt = deals.reduce<bigint | null>(
    (latest, d) => (d.lastProvenAt !== null && (latest === null || d.lastProvenAt > latest) ? d.lastProvenAt : latest),
    null,
  );
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
export function presentDeal(row: DealRow, standing: { status: DealStatus; currentPeriod: bigint | null }): Deal {
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

export function presentDealKeeper(row: DealKeeperRow): DealKeeper {
  return {
    dealId: row.dealId.toString(),
    keeper: getAddress(row.keeper),
    slot: row.slot,
    status: row.status as DealKeeper["status"],
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

export function presentStorageEvent(row: StorageEventRow, token: string): StorageEvent {
  return {
    id: row.id,
    dealId: row.dealId.toString(),
    kind: row.kind as StorageEvent["kind"],
    token: getAddress(token),
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

/** A page of storage events, newest first, those matching `where`. */
async function eventsPage(where: SQL, query: { cursor?: string | undefined; limit: number }) {
  const e = schema.storageEvent;
  const rows = await db
    .select({ event: e, token: schema.deal.token })
    .from(e)
    .innerJoin(schema.deal, eq(schema.deal.id, e.dealId))
    .where(and(where, beforeChainPosition(e.blockNumber, e.logIndex, query.cursor)))
    .orderBy(desc(e.blockNumber), desc(e.logIndex))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => `${r.event.blockNumber}.${r.event.logIndex}`);
  return { items: page.rows.map((r) => presentStorageEvent(r.event, r.token)), nextCursor: page.nextCursor };
}

/** A page of a keeper's tenures, newest joined first, each with its deal's CID and end. */
async function tenuresPage(keeper: string, query: { cursor?: string | undefined; limit: number }) {
  const k = schema.dealKeeper;
  const rows = await db
    .select({ tenure: k, cid: schema.deal.cid, dealEnd: schema.deal.end, token: schema.deal.token })
    .from(k)
    .innerJoin(schema.deal, eq(schema.deal.id, k.dealId))
    .where(and(eq(k.keeper, stored(keeper)), beforeChainPosition(k.joinedBlock, k.joinedLogIndex, query.cursor)))
    .orderBy(desc(k.joinedBlock), desc(k.joinedLogIndex))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => `${r.tenure.joinedBlock}.${r.tenure.joinedLogIndex}`);
  return {
    items: page.rows.map(
      ({ tenure, cid, dealEnd, token }): KeeperTenure => ({
        ...presentDealKeeper(tenure),
        cid,
        dealEnd: Number(dealEnd),
        token: getAddress(token),
      }),
    ),
    nextCursor: page.nextCursor,
  };
}

/** The storage routes: deals, a deal with its tenures and events, a keeper's tenures, events and money. */
export function serveStorageRoutes(app: Hono) {
  // Deals, newest first; by content, funder or keeper.
  serve(app, "listDeals", async ({ query }) => {
    const d = schema.deal;
    let cid: string | undefined;
    if (query.cid !== undefined) {
      cid = parseCid(query.cid);
      if (!cid) throw badRequest("cid must be a CID (CIDv0 Qm… or CIDv1)");
    }
    let dealIds: bigint[] | undefined;
    if (query.keeper !== undefined) {
      const tenures = await db
        .select({ dealId: schema.dealKeeper.dealId })
        .from(schema.dealKeeper)
        .where(eq(schema.dealKeeper.keeper, stored(query.keeper)));
      if (!tenures.length) return { items: [], nextCursor: null };
      dealIds = tenures.map((t) => t.dealId);
    }
    const rows = await db
      .select()
      .from(d)
      .where(
        and(
          beforeChainPosition(d.createdBlock, d.createdLogIndex, query.cursor),
          cid === undefined ? undefined : eq(d.cid, cid),
          query.funder === undefined ? undefined : eq(d.funder, stored(query.funder)),
          dealIds === undefined ? undefined : inArray(d.id, dealIds),
        ),
      )
      .orderBy(desc(d.createdBlock), desc(d.createdLogIndex))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (r) => `${r.createdBlock}.${r.createdLogIndex}`);
    const statuses = await statusesOf(page.rows, await storageNow());
    return { items: page.rows.map((row) => presentDeal(row, statuses.get(row.id)!)), nextCursor: page.nextCursor };
  });

  // One deal: every keeper that held a slot, the first page of its events and the video it stores (if indexed).
  serve(app, "getDeal", async ({ params }) => {
    const id = BigInt(params.id);
    const [row] = await db.select().from(schema.deal).where(eq(schema.deal.id, id)).limit(1);
    if (!row) throw notFound(`no deal ${id} exists (or it is not indexed yet)`);
    const [keepers, events, [video], statuses] = await Promise.all([
      db
        .select()
        .from(schema.dealKeeper)
        .where(eq(schema.dealKeeper.dealId, id))
        .orderBy(asc(schema.dealKeeper.joinedBlock), asc(schema.dealKeeper.joinedLogIndex)),
      eventsPage(eq(schema.storageEvent.dealId, id), { limit: DEFAULT_LIMIT }),
      db
        .select({ id: schema.video.id })
        .from(schema.video)
        .where(eq(schema.video.manifestCid, row.cid))
        .orderBy(asc(schema.video.blockNumber), asc(schema.video.logIndex))
        .limit(1),
      storageNow().then((now) => statusesOf([row], now)),
    ]);
    const manifest = video ? await manifests.get(`${row.cid}/manifest.json`) : undefined;
    const { keepers: _activeKeepers, ...deal } = presentDeal(row, statuses.get(id)!);
    return {
      ...deal,
      keepers: keepers.map(presentDealKeeper),
      events,
      video: video ? { id: video.id, title: manifest?.value?.title ?? null } : null,
    };
  });

  // A deal's events, newest first.
  serve(app, "listDealEvents", async ({ params, query }) =>
    eventsPage(eq(schema.storageEvent.dealId, BigInt(params.id)), query),
  );

  // A keeper: the first pages of its tenures and events, and its money per token.
  serve(app, "getKeeper", async ({ params }) => {
    const [deals, events, accounts] = await Promise.all([
      tenuresPage(params.address, { limit: DEFAULT_LIMIT }),
      eventsPage(eq(schema.storageEvent.keeper, stored(params.address)), { limit: DEFAULT_LIMIT }),
      db
        .select()
        .from(schema.storageAccount)
        .where(eq(schema.storageAccount.account, stored(params.address)))
        .orderBy(asc(schema.storageAccount.token)),
    ]);
    return {
      address: getAddress(params.address),
      deals,
      events,
      totals: accounts.map((a) => ({
        token: getAddress(a.token),
        earned: a.earned.toString(),
        slashed: a.slashed.toString(),
        stakeLocked: a.stakeLocked.toString(),
        stakeReturned: a.stakeReturned.toString(),
        rewarded: a.rewarded.toString(),
        withdrawn: a.withdrawn.toString(),
        balance: a.balance.toString(),
      })),
    };
  });

  // A keeper's tenures, newest joined first; its events, newest first.
  serve(app, "listKeeperDeals", async ({ params, query }) => tenuresPage(params.address, query));
  serve(app, "listKeeperEvents", async ({ params, query }) =>
    eventsPage(eq(schema.storageEvent.keeper, stored(params.address)), query),
  );
}
