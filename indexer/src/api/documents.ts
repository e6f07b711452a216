import {
  channelMetadataSchema,
  channelPlaylistsDocumentSchema,
  crowdfundMetadataSchema,
  playlistDocumentSchema,
  videoManifestSchema,
} from "@chorus/protocol";
import { loadConfig } from "../config";
import { IpfsJsonCache } from "./ipfs-json";

const rpcUrl = loadConfig().KUBO_RPC_URL;

/**
 * A video's `<cid>/manifest.json`, a channel's metadata, a crowdfund's metadata, a published playlist's document and a
 * channel's playlists document; their schemas live in @chorus/protocol.
 */
export const manifests = new IpfsJsonCache(rpcUrl, videoManifestSchema);
export const channelMetadata = new IpfsJsonCache(rpcUrl, channelMetadataSchema);
export const crowdfundMetadata = new IpfsJsonCache(rpcUrl, crowdfundMetadataSchema);
export const playlistDocuments = new IpfsJsonCache(rpcUrl, playlistDocumentSchema);
export const channelPlaylistsDocuments = new IpfsJsonCache(rpcUrl, channelPlaylistsDocumentSchema);
