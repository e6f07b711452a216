// Stories: each story as posted, and its deletion. Expiry is by time alone: the API judges it (src/api/lists.ts).
import { ponder } from "ponder:registry";
import { story } from "ponder:schema";
import { cidToString } from "./cid";

ponder.on("Stories:StoryPosted", async ({ event, context }) => {
  const { storyId, creator, cid, caption, postedAt, expiresAt } = event.args;
  await context.db.insert(story).values({
    id: storyId,
    creator,
    cid: cidToString(cid),
    caption,
    postedAt: BigInt(postedAt),
    expiresAt: BigInt(expiresAt),
    blockNumber: event.block.number,
    txHash: event.transaction.hash,
  });
});

ponder.on("Stories:StoryDeleted", async ({ event, context }) => {
  const { storyId, deletedAt } = event.args;
  await context.db.update(story, { id: storyId }).set({ deletedAt: BigInt(deletedAt) });
});
