// Crowdfunding campaigns and their pledges, from Crowdfund's events alone (README.md, "Contracts"). The events carry
// each backer's new pledge and the campaign's new total, so no handler needs a running sum of its own but refunds.
import { ponder, type Context } from "ponder:registry";
import { crowdfund, crowdfundPledge } from "ponder:schema";
import { cidToString } from "./cid";
import { creditCrowdfund } from "./earnings";

ponder.on("Crowdfund:CampaignCreated", async ({ event, context }) => {
  const { campaignId, creator, channelId, token, goal, deadline, metadataCid } = event.args;
  await context.db.insert(crowdfund).values({
    id: campaignId,
    creator,
    channelId,
    token,
    goal,
    deadline: BigInt(deadline),
    metadataCid: cidToString(metadataCid),
    pledged: 0n,
    refunded: 0n,
    backers: 0,
    createdAt: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

/** Records a backer's pledge after a pledge or an unpledge, and the campaign's new total and number of backers. */
async function setPledge(
  context: Context,
  campaignId: bigint,
  backer: `0x${string}`,
  backerTotal: bigint,
  total: bigint,
  timestamp: bigint,
) {
  const previous = await context.db.find(crowdfundPledge, { campaignId, backer });
  const before = previous?.amount ?? 0n;
  await context.db
    .insert(crowdfundPledge)
    .values({ campaignId, backer, amount: backerTotal, refunded: 0n, updatedAt: timestamp })
    .onConflictDoUpdate({ amount: backerTotal, updatedAt: timestamp });
  const joined = (before === 0n ? 1 : 0) - (backerTotal === 0n ? 1 : 0);
  await context.db
    .update(crowdfund, { id: campaignId })
    .set((row) => ({ pledged: total, backers: row.backers + joined }));
}

ponder.on("Crowdfund:Pledged", async ({ event, context }) => {
  const { campaignId, backer, backerTotal, total } = event.args;
  await setPledge(context, campaignId, backer, backerTotal, total, event.block.timestamp);
});

ponder.on("Crowdfund:Unpledged", async ({ event, context }) => {
  const { campaignId, backer, backerTotal, total } = event.args;
  await setPledge(context, campaignId, backer, backerTotal, total, event.block.timestamp);
});

ponder.on("Crowdfund:Claimed", async ({ event, context }) => {
  const { campaignId, to, amount } = event.args;
  const campaign = await context.db.update(crowdfund, { id: campaignId }).set({ claimedAt: event.block.timestamp });
  // A creator's own campaign pays its creator: their income (a channel's goes to its pot: see creditCrowdfund).
  if (campaign.channelId === 0n && amount > 0n)
    await creditCrowdfund(context.db, event, {
      campaignId,
      creator: to,
      token: campaign.token,
      amount,
      from: event.log.address,
    });
});

ponder.on("Crowdfund:Refunded", async ({ event, context }) => {
  const { campaignId, backer, amount } = event.args;
  await context.db
    .update(crowdfundPledge, { campaignId, backer })
    .set({ amount: 0n, refunded: amount, updatedAt: event.block.timestamp });
  await context.db
    .update(crowdfund, { id: campaignId })
    .set((row) => ({ pledged: row.pledged - amount, refunded: row.refunded + amount, backers: row.backers - 1 }));
});
