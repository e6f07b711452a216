import { channelMetadataSchema, videoManifestSchema } from "@chorus/protocol";
import { IpfsJsonCache } from "./ipfs-json";

const rpcUrl = process.env.KUBO_RPC_URL ?? "http://127.0.0.1:5001";

/** A video's `<cid>/manifest.json` and a channel's metadata document; their schemas live in @chorus/protocol. */
export const manifests = new IpfsJsonCache(rpcUrl, videoManifestSchema);
export const channelMetadata = new IpfsJsonCache(rpcUrl, channelMetadataSchema);
