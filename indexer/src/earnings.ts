// Earnings: tips, sales, memberships, revenue splits and channel pots, as each account's income (one `earning` row per
// payment and account credited), balances per token, and each post's money — from the events alone, with the
// contract's own arithmetic (contracts/interfaces/IEarnings.sol, "Rounding, exact and stated"). A creator's own
// crowdfund proceeds are income too (creditCrowdfund, from ./crowdfund.ts), though they never pass through Earnings.
import type { EarningSource } from "@chorus/protocol";
import { POST_ACCESS, POST_KINDS, POT_SOURCES, TIP_TARGETS } from "@chorus/protocol";
import { ponder, type Context } from "ponder:registry";
import {
  channelMember,
  channelMembership,
  channelMembershipPaid,
  channelPot,
  channelPotPayment,
  earning,
  earningsAccount,
  earningsShare,
  earningsTotal,
  earningsWithdrawal,
  membership,
  membershipPlan,
  postIncome,
  postMoney,
  sale,
  tip,
} from "ponder:schema";
import { and, eq } from "ponder";
import type { Hex } from "viem";

type Db = Context["db"];

const BPS = 10_000n;

/** Where and when, as every row of a timeline has it. */
const placed = (event: {
  id: string;
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: Hex };
}) => ({
  blockNumber: event.block.number,
  logIndex: event.log.logIndex,
  timestamp: event.block.timestamp,
  txHash: event.transaction.hash,
});
type Placed = Parameters<typeof placed>[0];

type Figure = "earned" | "credited" | "unclaimed" | "withdrawn" | "balance";
const ZERO: Record<Figure, bigint> = { earned: 0n, credited: 0n, unclaimed: 0n, withdrawn: 0n, balance: 0n };

/** Adds `change` (negative to subtract) to an account's figures for a token. */
async function addToAccount(db: Db, account: Hex, token: Hex, change: Partial<Record<Figure, bigint>>) {
  const figures = Object.entries(change) as [Figure, bigint][];
  await db
    .insert(earningsAccount)
    .values({ account, token, ...ZERO, ...change })
    .onConflictDoUpdate((row) => Object.fromEntries(figures.map(([figure, amount]) => [figure, row[figure] + amount])));
}

interface Credit {
  account: Hex;
  token: Hex;
  source: EarningSource;
  amount: bigint;
  paid: bigint;
  payer: Hex;
  post?: { kind: string; id: bigint } | undefined;
  streamId?: bigint;
  channelId?: bigint;
  campaignId?: bigint;
  message?: string;
  /**
   * Into the contract balance at once (a creator's direct income), or a share to claim (split posts, pots), or
   * "wallet": paid straight to the account's wallet by another contract (a crowdfund's proceeds), so credited and
   * withdrawn at once and never in the Earnings balance.
   */
  direct: boolean | "wallet";
}

/** Records one payment's part for one account: its income row, its totals, its balance or unclaimed shares. */
async function credit(db: Db, event: Placed, c: Credit) {
  if (c.amount === 0n) return;
  await db.insert(earning).values({
    id: `${event.id}-${c.account}`,
    account: c.account,
    token: c.token,
    source: c.source,
    amount: c.amount,
    paid: c.paid,
    payer: c.payer,
    postKind: c.post?.kind ?? null,
    postId: c.post?.id ?? null,
    streamId: c.streamId ?? null,
    channelId: c.channelId ?? null,
    campaignId: c.campaignId ?? null,
    message: c.message ?? "",
    ...placed(event),
  });
  await db
    .insert(earningsTotal)
    .values({ account: c.account, token: c.token, source: c.source, amount: c.amount, count: 1 })
    .onConflictDoUpdate((row) => ({ amount: row.amount + c.amount, count: row.count + 1 }));
  await addToAccount(
    db,
    c.account,
    c.token,
    c.direct === "wallet"
      ? { earned: c.amount, credited: c.amount, withdrawn: c.amount }
      : c.direct
        ? { earned: c.amount, credited: c.amount, balance: c.amount }
        : { earned: c.amount, unclaimed: c.amount },
  );
}

/**
 * A reached campaign's proceeds, paid by Crowdfund.claim straight to its creator: their income from the source
 * "crowdfund", dated at the claim (the withdrawal), not at the deadline that decided the campaign's success — the
 * claim is when the money moves and the event that carries the amount, and an income row dated earlier than its own
 * block would break the chain order the income list pages by. A community channel's campaign is the channel's
 * income: Crowdfund pays it into the channel's pot (Earnings.payChannel), and its members are credited their share
 * as any pot payment ("channel"), not as a crowdfund of theirs.
 */
export async function creditCrowdfund(
  db: Db,
  event: Placed,
  p: { campaignId: bigint; creator: Hex; token: Hex; amount: bigint; from: Hex },
) {
  await credit(db, event, {
    account: p.creator,
    token: p.token,
    source: "crowdfund",
    amount: p.amount,
    paid: p.amount,
    payer: p.from,
    campaignId: p.campaignId,
    direct: "wallet",
  });
}

const postRef = (kind: string, id: bigint) => `${kind}-${id}`;
const potRef = (channelId: bigint, epoch: number) => `pot-${channelId}-${epoch}`;

/** Raises an account's entitlement to a post's pool or a pot to `entitled`; answers the rise. */
async function entitle(
  db: Db,
  key: { account: Hex; token: Hex; ref: string },
  where: { postKind?: string; postId?: bigint; channelId?: bigint; epoch?: number },
  entitled: bigint,
) {
  // Read the old value first: the row `find` answers is the store's own object, which `update` then changes.
  const before = (await db.find(earningsShare, key))?.entitled;
  if (before !== undefined) await db.update(earningsShare, key).set({ entitled });
  else await db.insert(earningsShare).values({ ...key, ...where, entitled, claimed: 0n });
  return entitled - (before ?? 0n);
}

/**
 * A tip to or a purchase of a post. Without a split, all of it is the creator's at once. With one, the channel's part
 * went to its pot (ChannelPaid, earlier in the same transaction) and the rest into the holders' pool: each holder's
 * income is the rise of their entitlement — holder i > 0: floor(pool × bps_i / (10 000 − channelBps)); the first: the
 * pool minus the others'.
 */
async function payPost(
  db: Db,
  event: Placed,
  p: {
    kind: string;
    id: bigint;
    creator: Hex;
    payer: Hex;
    token: Hex;
    amount: bigint;
    source: "tip" | "sale";
    message?: string;
  },
) {
  const money = await db.find(postMoney, { kind: p.kind, id: p.id });
  const split = money?.split ?? null;
  const channelBps = BigInt(money?.channelBps ?? 0);
  const toPool = split ? p.amount - (p.amount * channelBps) / BPS : 0n;
  await db
    .insert(postIncome)
    .values({
      kind: p.kind,
      id: p.id,
      token: p.token,
      tipCount: p.source === "tip" ? 1 : 0,
      tipSum: p.source === "tip" ? p.amount : 0n,
      saleCount: p.source === "sale" ? 1 : 0,
      saleSum: p.source === "sale" ? p.amount : 0n,
      pool: toPool,
    })
    .onConflictDoUpdate((row) => ({
      tipCount: row.tipCount + (p.source === "tip" ? 1 : 0),
      tipSum: row.tipSum + (p.source === "tip" ? p.amount : 0n),
      saleCount: row.saleCount + (p.source === "sale" ? 1 : 0),
      saleSum: row.saleSum + (p.source === "sale" ? p.amount : 0n),
      pool: row.pool + toPool,
    }));
  const common = {
    token: p.token,
    source: p.source,
    paid: p.amount,
    payer: p.payer,
    post: { kind: p.kind, id: p.id },
    ...(p.message === undefined ? {} : { message: p.message }),
  };
  if (!split) {
    await credit(db, event, { ...common, account: p.creator, amount: p.amount, direct: true });
    return;
  }
  // Read back after the upsert (what it answers is not the updated row).
  const pool = (await db.find(postIncome, { kind: p.kind, id: p.id, token: p.token }))!.pool;
  const holderBps = BPS - channelBps;
  const entitlements = split.map((h) => (pool * BigInt(h.bps)) / holderBps);
  entitlements[0] = pool - entitlements.slice(1).reduce((a, b) => a + b, 0n);
  for (const [i, holder] of split.entries()) {
    const rise = await entitle(
      db,
      { account: holder.holder, token: p.token, ref: postRef(p.kind, p.id) },
      { postKind: p.kind, postId: p.id },
      entitlements[i]!,
    );
    await credit(db, event, { ...common, account: holder.holder, amount: rise, direct: false });
  }
}

ponder.on("Earnings:SplitSet", async ({ event, context }) => {
  const { postId, holders, bps, channelBps } = event.args;
  const kind = POST_KINDS[event.args.kind]!;
  const split = holders.map((holder, i) => ({ holder: holder.toLowerCase() as Hex, bps: Number(bps[i]) }));
  await context.db
    .insert(postMoney)
    .values({ kind, id: postId, split, channelBps: Number(channelBps), access: "withheld" })
    .onConflictDoUpdate({ split, channelBps: Number(channelBps) });
});

ponder.on("Earnings:PriceSet", async ({ event, context }) => {
  const { postId, token, price } = event.args;
  const kind = POST_KINDS[event.args.kind]!;
  const terms = { access: POST_ACCESS[event.args.access]!, priceToken: token, price };
  await context.db
    .insert(postMoney)
    .values({ kind, id: postId, channelBps: 0, ...terms })
    .onConflictDoUpdate(terms);
});

ponder.on("Earnings:Tipped", async ({ event, context }) => {
  const { id, tipper, recipient, token, amount, message } = event.args;
  const target = TIP_TARGETS[event.args.target]!;
  await context.db.insert(tip).values({
    id: event.id,
    tipper,
    target: target === "video" || target === "release" ? "post" : target,
    postKind: target === "video" || target === "release" ? target : null,
    postId: target === "video" || target === "release" ? id : null,
    streamId: target === "stream" ? id : null,
    channelId: target === "channel" ? id : null,
    creator: target === "creator" ? recipient : null,
    token,
    amount,
    message,
    ...placed(event),
  });
  const common = { token, source: "tip" as const, paid: amount, payer: tipper, message, direct: true };
  switch (target) {
    case "video":
    case "release":
      await payPost(context.db, event, {
        kind: target,
        id,
        creator: recipient,
        payer: tipper,
        token,
        amount,
        source: "tip",
        message,
      });
      break;
    case "stream":
      await credit(context.db, event, { ...common, account: recipient, amount, streamId: id });
      break;
    case "creator":
      await credit(context.db, event, { ...common, account: recipient, amount });
      break;
    case "channel":
      break; // its pot's members were credited by the ChannelPaid before it
  }
});

ponder.on("Earnings:Purchased", async ({ event, context }) => {
  const { postId, buyer, creator, token, price } = event.args;
  const kind = POST_KINDS[event.args.kind]!;
  await context.db
    .insert(sale)
    .values({ id: event.id, buyer, postKind: kind, postId, token, amount: price, ...placed(event) });
  await payPost(context.db, event, { kind, id: postId, creator, payer: buyer, token, amount: price, source: "sale" });
});

ponder.on("Earnings:MembershipPlanSet", async ({ event, context }) => {
  const { creator, token, pricePerPeriod, period } = event.args;
  const plan = { token, price: pricePerPeriod, period: BigInt(period), active: period > 0 };
  await context.db
    .insert(membershipPlan)
    .values({ creator, ...plan })
    .onConflictDoUpdate(plan);
});

ponder.on("Earnings:Joined", async ({ event, context }) => {
  const { creator, member, token, amount, memberUntil } = event.args;
  await context.db
    .insert(membership)
    .values({ creator, member, expiresAt: BigInt(memberUntil), joins: 1, firstJoinedAt: event.block.timestamp })
    .onConflictDoUpdate((row) => ({ expiresAt: BigInt(memberUntil), joins: row.joins + 1 }));
  await credit(context.db, event, {
    account: creator,
    token,
    source: "membership",
    amount,
    paid: amount,
    payer: member,
    direct: true,
  });
});

/**
 * A community channel's membership bought or renewed. Its money went into the channel's pot (the ChannelPaid with
 * source "membership" just before), where its members were credited their shares: this records the paying member.
 */
ponder.on("Earnings:ChannelJoined", async ({ event, context }) => {
  const { channelId, member, token, amount, memberUntil } = event.args;
  const expiresAt = BigInt(memberUntil);
  await context.db
    .insert(channelMembership)
    .values({ channelId, member, expiresAt, joins: 1, firstJoinedAt: event.block.timestamp })
    .onConflictDoUpdate((row) => ({ expiresAt, joins: row.joins + 1 }));
  // Per token: a join in another token (the plan's token changed by vote) adds a row and keeps the earlier sum.
  await context.db
    .insert(channelMembershipPaid)
    .values({ channelId, member, token, amount })
    .onConflictDoUpdate((row) => ({ amount: row.amount + amount }));
});

/**
 * Money into a channel's pot of the current epoch: each member of the epoch is entitled to floor(received / members).
 * Ponder handles events in chain order, so the channel's active members now are the epoch's members (a channel's
 * membership is constant within an epoch).
 */
ponder.on("Earnings:ChannelPaid", async ({ event, context }) => {
  const { channelId, payer, token, amount, members, ref } = event.args;
  const epoch = Number(event.args.epoch);
  const source = POT_SOURCES[event.args.source]!;
  await context.db.insert(channelPotPayment).values({
    id: event.id,
    channelId,
    epoch,
    payer,
    token,
    amount,
    members: Number(members),
    source,
    ref,
    ...placed(event),
  });
  await context.db
    .insert(channelPot)
    .values({ channelId, epoch, token, received: amount, members: Number(members) })
    .onConflictDoUpdate((row) => ({ received: row.received + amount, members: Number(members) }));
  const pot = (await context.db.find(channelPot, { channelId, epoch, token }))!;
  const each = pot.received / BigInt(members);
  const current = await context.db.sql
    .select({ member: channelMember.member })
    .from(channelMember)
    .where(and(eq(channelMember.channelId, channelId), eq(channelMember.active, true)));
  if (current.length !== Number(members)) {
    console.warn(
      `Earnings: channel ${channelId} epoch ${epoch} has ${members} members on chain, ${current.length} indexed`,
    );
  }
  const post = source === "release" ? { kind: "release", id: BigInt(ref) } : undefined;
  for (const { member } of current) {
    const rise = await entitle(
      context.db,
      { account: member, token, ref: potRef(channelId, epoch) },
      { channelId, epoch },
      each,
    );
    await credit(context.db, event, {
      account: member,
      token,
      source: "channel",
      amount: rise,
      paid: amount,
      payer,
      post,
      channelId,
      direct: false,
    });
  }
});

/** A share claimed: from the account's unclaimed shares into its contract balance. */
async function claimed(db: Db, key: { account: Hex; token: Hex; ref: string }, amount: bigint) {
  await db.update(earningsShare, key).set((row) => ({ claimed: row.claimed + amount }));
  await addToAccount(db, key.account, key.token, { credited: amount, unclaimed: -amount, balance: amount });
}

ponder.on("Earnings:PostShareClaimed", async ({ event, context }) => {
  const { postId, holder, token, amount } = event.args;
  await claimed(context.db, { account: holder, token, ref: postRef(POST_KINDS[event.args.kind]!, postId) }, amount);
});

ponder.on("Earnings:PotShareClaimed", async ({ event, context }) => {
  const { channelId, epoch, member, token, amount } = event.args;
  await claimed(context.db, { account: member, token, ref: potRef(channelId, Number(epoch)) }, amount);
});

ponder.on("Earnings:Withdrawn", async ({ event, context }) => {
  const { account, token, amount } = event.args;
  await context.db.insert(earningsWithdrawal).values({ id: event.id, account, token, amount, ...placed(event) });
  await addToAccount(context.db, account, token, { withdrawn: amount, balance: -amount });
});
