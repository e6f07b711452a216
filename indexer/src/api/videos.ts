import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Video } from "@chorus/protocol";
import { inArray } from "ponder";
import { presentVideo } from "./present";
import { storageNow, storageOfCids } from "./storage";

/** Videos with the channels that released them and the storage deals that keep their content, presented. */
export async function presentVideos(rows: (typeof schema.video.$inferSelect)[]): Promise<Video[]> {
  const channelIds = [...new Set(rows.flatMap((r) => (r.channelId === null ? [] : [r.channelId])))];
  const [channels, storage] = await Promise.all([
    channelIds.length ? db.select().from(schema.channel).where(inArray(schema.channel.id, channelIds)) : [],
    storageNow().then((now) =>
      storageOfCids(
        rows.map((r) => r.manifestCid),
        now,
      ),
    ),
  ]);
  return Promise.all(
    rows.map(async (row) => ({
      ...(await presentVideo(
        row,
        channels.find((c) => c.id === row.channelId),
      )),
      storage: storage.get(row.manifestCid)!,
    })),
  );
}
