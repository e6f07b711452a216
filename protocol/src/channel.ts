import { z } from "zod";

export const CHANNEL_METADATA_SCHEMA = "chorus.channel/1";
export const CHANNEL_NAME_MAX = 100;
export const CHANNEL_DESCRIPTION_MAX = 5000;

/**
 * Lengths count characters as people see them (code points, as the web app's form does), not UTF-16 units: a name of
 * 100 emoji is as valid as one of 100 letters.
 */
const atMostChars = (max: number) => (text: string) => [...text].length <= max;

/**
 * A community channel's metadata document (JSON on IPFS, by CID; the channel records the CID on-chain). Written by the
 * web app's POST /api/ipfs when a channel is created, read by the indexer and the web app.
 */
export const channelMetadataSchema = z.object({
  schema: z.literal(CHANNEL_METADATA_SCHEMA),
  name: z.string().min(1).refine(atMostChars(CHANNEL_NAME_MAX), `at most ${CHANNEL_NAME_MAX} characters`),
  description: z
    .string()
    .refine(atMostChars(CHANNEL_DESCRIPTION_MAX), `at most ${CHANNEL_DESCRIPTION_MAX} characters`)
    .default(""),
  /** An image's CID, or null (no avatar yet). */
  avatar: z.string().nullish(),
});
export type ChannelMetadata = z.output<typeof channelMetadataSchema>;
