import { ponder } from "ponder:registry";
import { creator, video } from "ponder:schema";
import { cidToString } from "./cid";

ponder.on("Videos:VideoPublished", async ({ event, context }) => {
  const { videoId, creator: address, manifestCid } = event.args;
  const { timestamp, number } = event.block;

  await context.db
    .insert(video)
    .values({
      id: videoId.toString(),
      creator: address,
      manifestCid: cidToString(manifestCid),
      blockNumber: number,
      logIndex: event.log.logIndex,
      timestamp,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing();
  await context.db
    .insert(creator)
    .values({ address, videoCount: 1, firstPublishedAt: timestamp, lastPublishedAt: timestamp })
    .onConflictDoUpdate((row) => ({ videoCount: row.videoCount + 1, lastPublishedAt: timestamp }));
});
