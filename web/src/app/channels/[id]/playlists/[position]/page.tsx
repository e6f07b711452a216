import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { detailUnavailable } from "@/components/IndexerError";
import { ChannelPlaylistView } from "@/components/playlists/ChannelPlaylistView";
import { EmptyState } from "@/components/States";
import { callIndexer, channelName } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import { getChannel } from "../../data";

type Params = { params: Promise<{ id: string; position: string }> };

/** One indexer request per page view, shared by the metadata and the page. */
const getPlaylists = cache(async (id: string) => {
  const config = await getServerConfig();
  return callIndexer(config.indexerUrl, "getChannelPlaylists", { params: { id } });
});

const positionOf = (text: string) => (/^[1-9]\d{0,2}$/.test(text) ? Number(text) : null);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id, position } = await params;
  const at = positionOf(position);
  const result = await getPlaylists(id);
  return { title: (result.ok && at ? result.data.playlists[at - 1]?.title : undefined) ?? "Channel playlist" };
}

/**
 * `/channels/<id>/playlists/<position>`: the channel's playlist at that place (from 1) in the list its members voted.
 * A position past the end (the vote may have changed the list since the link was made) says so, with a way back.
 */
export default async function Page({ params }: Params) {
  const { id, position } = await params;
  const at = positionOf(position);
  if (at === null) notFound();
  const config = await getServerConfig();
  const [result, channel] = await Promise.all([getPlaylists(id), getChannel(id)]);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load the channel's playlists");
  const name = channel.ok ? channelName(channel.data) : `Channel #${id}`;
  const playlist = result.data.playlists[at - 1];
  if (!playlist)
    return (
      <div className="page page-narrow" data-testid="channel-playlist-missing">
        <EmptyState headingLevel={1} title={`${name} has no playlist #${at}`}>
          <p>
            {result.data.playlists.length
              ? `It has ${result.data.playlists.length} now: its members' vote may have changed them since this link was made.`
              : "It has no playlists now."}{" "}
            <Link href={`/channels/${id}`}>See the channel</Link>
          </p>
        </EmptyState>
      </div>
    );
  return (
    <ChannelPlaylistView
      channelId={id}
      channelName={name}
      position={at}
      playlist={playlist}
      proposalId={result.data.proposalId}
      setAt={result.data.setAt}
    />
  );
}
