// StorageEscrow: deals, keepers' tenures, a timeline per deal, and each account's money per token. Every figure comes
// from the events alone (the contract emits what a handler needs: docs/storage-proofs.md, "Events for the indexer").
import { ponder, type Context, type Event } from "ponder:registry";
import { deal, dealKeeper, storageAccount, storageEvent } from "ponder:schema";
import type { Hex } from "viem";
import { cidToString } from "./cid";

type Db = Context["db"];
type AccountFigure = Exclude<keyof typeof storageAccount.$inferInsert, "account" | "token">;

const ZERO: Record<AccountFigure, bigint> = {
  deposited: 0n,
  earned: 0n,
  staked: 0n,
  stakeLocked: 0n,
  slashed: 0n,
  stakeReturned: 0n,
  refunded: 0n,
  rewarded: 0n,
  withdrawn: 0n,
  balance: 0n,
};

/** Adds `change` (negative to subtract) to an account's figures for a token. */
async function addToAccount(db: Db, account: Hex, token: Hex, change: Partial<Record<AccountFigure, bigint>>) {
  const figures = Object.entries(change) as [AccountFigure, bigint][];
  await db
    .insert(storageAccount)
    .values({ account, token, ...ZERO, ...change })
    .onConflictDoUpdate((row) => Object.fromEntries(figures.map(([figure, amount]) => [figure, row[figure] + amount])));
}

/** The columns every timeline row has: where and when. */
const placed = (event: {
  id: string;
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: Hex };
}) => ({
  id: event.id,
  blockNumber: event.block.number,
  logIndex: event.log.logIndex,
  timestamp: event.block.timestamp,
  txHash: event.transaction.hash,
});

ponder.on("StorageEscrow:DealCreated", async ({ event, context }) => {
  const { dealId, funder, token, terms, segmentCount, deposit } = event.args;
  await context.db.insert(deal).values({
    id: dealId,
    funder,
    token,
    cid: cidToString(terms.cid),
    root: terms.root,
    size: terms.size,
    segmentCount,
    replicas: terms.replicas,
    start: BigInt(terms.start),
    periodSeconds: BigInt(terms.periodSeconds),
    periods: BigInt(terms.periods),
    end: BigInt(terms.start) + BigInt(terms.periods) * BigInt(terms.periodSeconds),
    pricePerPeriod: terms.pricePerPeriod,
    stakePerReplica: terms.stakePerReplica,
    slashPerMiss: terms.slashPerMiss,
    maxMisses: BigInt(terms.maxMisses),
    deposit,
    paid: 0n,
    slashed: 0n,
    rewarded: 0n,
    refunded: 0n,
    keepers: 0,
    misses: 0n,
    createdAt: event.block.timestamp,
    createdBlock: event.block.number,
    createdLogIndex: event.log.logIndex,
    createdTx: event.transaction.hash,
  });
  await context.db
    .insert(storageEvent)
    .values({ ...placed(event), dealId, kind: "created", actor: funder, amount: deposit });
  await addToAccount(context.db, funder, token, { deposited: deposit });
});

ponder.on("StorageEscrow:DealToppedUp", async ({ event, context }) => {
  const { dealId, payer, addedPeriods, periods, amount, end } = event.args;
  const row = await context.db
    .update(deal, { id: dealId })
    .set((row) => ({ periods: BigInt(periods), end, deposit: row.deposit + amount }));
  await context.db.insert(storageEvent).values({
    ...placed(event),
    dealId,
    kind: "topup",
    actor: payer,
    amount,
    periods: BigInt(addedPeriods),
  });
  await addToAccount(context.db, payer, row.token, { deposited: amount });
});

ponder.on("StorageEscrow:KeeperJoined", async ({ event, context }) => {
  const { dealId, keeper, slot, firstPeriod, endPeriod, stake } = event.args;
  const row = await context.db.update(deal, { id: dealId }).set((row) => ({ keepers: row.keepers + 1 }));
  await context.db.insert(dealKeeper).values({
    dealId,
    keeper,
    slot,
    status: "active",
    firstPeriod: BigInt(firstPeriod),
    committedEnd: BigInt(endPeriod),
    proven: 0n,
    misses: 0n,
    stake,
    stakeReturned: 0n,
    slashed: 0n,
    earned: 0n,
    joinedAt: event.block.timestamp,
    joinedBlock: event.block.number,
    joinedLogIndex: event.log.logIndex,
    joinedTx: event.transaction.hash,
  });
  await context.db.insert(storageEvent).values({
    ...placed(event),
    dealId,
    kind: "join",
    keeper,
    amount: stake,
    period: BigInt(firstPeriod),
  });
  await addToAccount(context.db, keeper, row.token, { staked: stake, stakeLocked: stake });
});

ponder.on("StorageEscrow:TenureExtended", async ({ event, context }) => {
  const { dealId, keeper, endPeriod } = event.args;
  await context.db.update(dealKeeper, { dealId, keeper }).set({ committedEnd: BigInt(endPeriod) });
  await context.db
    .insert(storageEvent)
    .values({ ...placed(event), dealId, kind: "extend", keeper, period: BigInt(endPeriod) });
});

ponder.on("StorageEscrow:ChallengeRequested", async ({ event, context }) => {
  const { dealId, keeper, period, seedBlock } = event.args;
  await context.db.update(dealKeeper, { dealId, keeper }).set({ challengePeriod: BigInt(period), seedBlock });
});

ponder.on("StorageEscrow:ProofAccepted", async ({ event, context }) => {
  const { dealId, keeper, period, segmentIndex, amount } = event.args;
  const { timestamp } = event.block;
  const row = await context.db
    .update(deal, { id: dealId })
    .set((row) => ({ paid: row.paid + amount, lastProvenAt: timestamp }));
  await context.db.update(dealKeeper, { dealId, keeper }).set((row) => ({
    proven: row.proven + 1n,
    earned: row.earned + amount,
    lastProvenAt: timestamp,
    lastProvenPeriod: BigInt(period),
  }));
  await context.db.insert(storageEvent).values({
    ...placed(event),
    dealId,
    kind: "proof",
    keeper,
    amount,
    period: BigInt(period),
    segment: segmentIndex,
  });
  await addToAccount(context.db, keeper, row.token, { earned: amount, balance: amount });
});

ponder.on("StorageEscrow:PeriodMissed", async ({ event, context }) => {
  const { dealId, keeper, period, reporter, slashed, reward, misses } = event.args;
  // Half of the slash (`reward`) goes to the reporter, the rest into the deal.
  const row = await context.db.update(deal, { id: dealId }).set((row) => ({
    slashed: row.slashed + slashed - reward,
    rewarded: row.rewarded + reward,
    misses: row.misses + 1n,
  }));
  await context.db.update(dealKeeper, { dealId, keeper }).set((row) => ({
    misses: BigInt(misses),
    slashed: row.slashed + slashed,
    stake: row.stake - slashed,
  }));
  await context.db.insert(storageEvent).values({
    ...placed(event),
    dealId,
    kind: "miss",
    keeper,
    actor: reporter,
    amount: slashed,
    reward,
    period: BigInt(period),
  });
  await addToAccount(context.db, keeper, row.token, { slashed, stakeLocked: -slashed });
  if (reward > 0n) await addToAccount(context.db, reporter, row.token, { rewarded: reward, balance: reward });
});

type TenureClosed =
  | Event<"StorageEscrow:KeeperLeft">
  | Event<"StorageEscrow:KeeperEvicted">
  | Event<"StorageEscrow:KeeperReleased">;

/** KeeperLeft, KeeperEvicted and KeeperReleased carry the same figures: a tenure closes, its slot reopens. */
async function closeTenure(event: TenureClosed, db: Db, status: "left" | "evicted" | "released") {
  const { dealId, keeper, endPeriod, proven, misses, missesCounted, slashed, stakeReturned } = event.args;
  const row = await db.update(deal, { id: dealId }).set((row) => ({
    keepers: row.keepers - 1,
    slashed: row.slashed + slashed,
    misses: row.misses + BigInt(missesCounted),
  }));
  await db.update(dealKeeper, { dealId, keeper }).set((row) => ({
    status,
    endPeriod: BigInt(endPeriod),
    proven: BigInt(proven),
    misses: BigInt(misses),
    slashed: row.slashed + slashed,
    stake: 0n,
    stakeReturned,
    closedAt: event.block.timestamp,
  }));
  await db.insert(storageEvent).values({
    ...placed(event),
    dealId,
    kind: CLOSE_KINDS[status],
    keeper,
    amount: stakeReturned,
    slashed,
    period: BigInt(endPeriod),
  });
  // What stayed locked until now leaves the stake: slashed for the misses counted at the close, or returned.
  await addToAccount(db, keeper, row.token, {
    slashed,
    stakeLocked: -(slashed + stakeReturned),
    stakeReturned,
    balance: stakeReturned,
  });
}

const CLOSE_KINDS = { left: "leave", evicted: "evict", released: "release" } as const;

ponder.on("StorageEscrow:KeeperLeft", ({ event, context }) => closeTenure(event, context.db, "left"));
ponder.on("StorageEscrow:KeeperEvicted", ({ event, context }) => closeTenure(event, context.db, "evicted"));
ponder.on("StorageEscrow:KeeperReleased", ({ event, context }) => closeTenure(event, context.db, "released"));

ponder.on("StorageEscrow:Refunded", async ({ event, context }) => {
  const { dealId, funder, token, amount } = event.args;
  await context.db.update(deal, { id: dealId }).set((row) => ({ refunded: row.refunded + amount }));
  await context.db.insert(storageEvent).values({ ...placed(event), dealId, kind: "refund", actor: funder, amount });
  await addToAccount(context.db, funder, token, { refunded: amount, balance: amount });
});

ponder.on("StorageEscrow:Withdrawn", async ({ event, context }) => {
  const { account, token, amount } = event.args;
  await addToAccount(context.db, account, token, { withdrawn: amount, balance: -amount });
});
