import { z } from "zod";
import { IpfsJsonCache } from "./ipfs-json";

const rpcUrl = process.env.KUBO_RPC_URL ?? "http://127.0.0.1:5001";

/** A video's `<cid>/manifest.json`, written by the ffmpeg worker (ffmpeg-worker/README.md). */
export const manifestSchema = z.object({
  schema: z.literal("chorus.video/1"),
  title: z.string().max(200),
  description: z.string().max(10_000),
  durationSeconds: z.number().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  master: z.string(),
  thumbnail: z.string(),
  /** Seek previews (WebVTT thumbnails track + sprite sheet), optional: videos published before them have none. */
  previews: z.object({ vtt: z.string().max(512), image: z.string().max(512) }).optional().catch(undefined),
  renditions: z.array(
    z.object({ name: z.string(), width: z.number(), height: z.number(), bandwidth: z.number(), playlist: z.string() }),
  ),
  createdAt: z.string(),
});

/** A channel's metadata document (a JSON file on IPFS, by CID), written by the web app when a channel is created. */
export const channelMetadataSchema = z.object({
  schema: z.literal("chorus.channel/1"),
  name: z.string().min(1).max(100),
  description: z.string().max(5_000),
  /** An image's CID, or null. */
  avatar: z.string().nullable().optional(),
});

export const manifests = new IpfsJsonCache(rpcUrl, manifestSchema);
export const channelMetadata = new IpfsJsonCache(rpcUrl, channelMetadataSchema);
