import { index, onchainTable, relations } from "ponder";

/** One row per published video (event Videos.VideoPublished). */
export const video = onchainTable(
  "video",
  (t) => ({
    id: t.bigint().primaryKey(),
    creator: t.hex().notNull(),
    /** The manifest directory's CIDv1 in base32 (`bafy…`); `<cid>/manifest.json` describes the video. */
    manifestCid: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    /** Block timestamp, seconds. */
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    creatorIdx: index().on(table.creator),
    timestampIdx: index().on(table.timestamp),
  }),
);

/** A wallet that has published at least once; its own channel. */
export const creator = onchainTable("creator", (t) => ({
  address: t.hex().primaryKey(),
  videoCount: t.integer().notNull(),
  firstPublishedAt: t.bigint().notNull(),
  lastPublishedAt: t.bigint().notNull(),
}));

export const videoRelations = relations(video, ({ one }) => ({
  channel: one(creator, { fields: [video.creator], references: [creator.address] }),
}));
export const creatorRelations = relations(creator, ({ many }) => ({ videos: many(video) }));
