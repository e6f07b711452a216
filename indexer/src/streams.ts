// Streams: each stream's record, its end and its VOD, from the events alone (docs/live.md, "On chain").
import { ponder } from "ponder:registry";
import { stream } from "ponder:schema";
import { cidToString } from "./cid";

ponder.on("Streams:StreamStarted", async ({ event, context }) => {
  const { streamId, creator, channelId, streamKey, startedAt, title, room } = event.args;
  await context.db.insert(stream).values({
    id: streamId,
    creator,
    channelId,
    streamKey,
    title,
    room,
    startedAt: BigInt(startedAt),
    txHash: event.transaction.hash,
  });
});

ponder.on("Streams:StreamEnded", async ({ event, context }) => {
  await context.db.update(stream, { id: event.args.streamId }).set({ endedAt: BigInt(event.args.endedAt) });
});

ponder.on("Streams:StreamVodRecorded", async ({ event, context }) => {
  const { streamId, manifestCid } = event.args;
  await context.db.update(stream, { id: streamId }).set({ vod: cidToString(manifestCid) });
});
