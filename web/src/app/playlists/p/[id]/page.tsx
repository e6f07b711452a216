import type { Metadata } from "next";
import { cache } from "react";
import { detailUnavailable } from "@/components/IndexerError";
import { PublishedPlaylistView } from "@/components/playlists/PublishedPlaylist";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";

type Params = { params: Promise<{ id: string }> };

/** One indexer request per page view, shared by the metadata and the page. */
const getPlaylist = cache(async (id: string) => {
  const config = await getServerConfig();
  return callIndexer(config.indexerUrl, "getPlaylist", { params: { id } });
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const result = await getPlaylist(id);
  return { title: result.ok ? (result.data.document?.title ?? `Playlist #${id}`) : "Playlist" };
}

/**
 * `/playlists/p/<id>`: a published playlist (Playlists.sol + its document on IPFS), for anyone, no wallet: its videos
 * in order, Play all (watch?list=p-<id>), and Save a copy into this browser's own playlists.
 */
export default async function Page({ params }: Params) {
  const { id } = await params;
  const config = await getServerConfig();
  const result = await getPlaylist(id);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this playlist");
  return <PublishedPlaylistView playlist={result.data} />;
}
