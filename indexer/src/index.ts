import { ponder } from "ponder:registry";
import { creator, video } from "ponder:schema";
import { CID } from "multiformats/cid";

ponder.on("Videos:VideoPublished", async ({ event, context }) => {
  const { videoId, creator: address, manifestCid } = event.args;
  const { timestamp, number } = event.block;
  // The contract admits only binary CIDv1 (raw or dag-pb, sha2-256), so decoding cannot fail for a real event.
  const cid = CID.decode(Buffer.from(manifestCid.slice(2), "hex")).toString();

  await context.db
    .insert(video)
    .values({ id: videoId, creator: address, manifestCid: cid, blockNumber: number, timestamp, txHash: event.transaction.hash })
    .onConflictDoNothing();
  await context.db
    .insert(creator)
    .values({ address, videoCount: 1, firstPublishedAt: timestamp, lastPublishedAt: timestamp })
    .onConflictDoUpdate((row) => ({ videoCount: row.videoCount + 1, lastPublishedAt: timestamp }));
});
