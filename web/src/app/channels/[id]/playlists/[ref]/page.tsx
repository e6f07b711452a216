import { findChannelPlaylist, isChannelPlaylistRef } from "@chorus/protocol";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { detailUnavailable } from "@/components/IndexerError";
import { ChannelPlaylistView } from "@/components/playlists/ChannelPlaylistView";
import { EmptyState } from "@/components/States";
import { TimeAgo } from "@/components/TimeAgo";
import { channelPlaylistHref, channelPlaylistsHref } from "@/lib/channel-playlists";
import { callIndexer, channelName } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import { getChannel } from "../../data";

type Params = { params: Promise<{ id: string; ref: string }> };

/** One indexer request per page view, shared by the metadata and the page. */
const getPlaylists = cache(async (id: string) => {
  const config = await getServerConfig();
  return callIndexer(config.indexerUrl, "getChannelPlaylists", { params: { id } });
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id, ref } = await params;
  const result = await getPlaylists(id);
  const found = result.ok && isChannelPlaylistRef(ref) ? findChannelPlaylist(result.data.playlists, ref) : null;
  return { title: found?.playlist.title ?? "Channel playlist" };
}

/**
 * `/channels/<id>/playlists/<ref>`: one of the playlists the channel's members voted, by its stable id — so a vote that
 * reorders or removes others moves no link — or, for a link made before ids (or a playlist without one), by its place
 * from 1. A position whose playlist has an id goes to the id's address, the one to share. A playlist the latest vote
 * removed, or a position past the end, says so, with a way to the channel's playlists.
 */
export default async function Page({ params }: Params) {
  const { id, ref } = await params;
  if (!isChannelPlaylistRef(ref)) notFound();
  const config = await getServerConfig();
  const [result, channel] = await Promise.all([getPlaylists(id), getChannel(id)]);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load the channel's playlists");
  const name = channel.ok ? channelName(channel.data) : `Channel #${id}`;
  const found = findChannelPlaylist(result.data.playlists, ref);
  if (found && found.ref !== ref) redirect(channelPlaylistHref(id, found.ref));
  if (!found) {
    const removed = result.data.removed.find((p) => p.id === ref);
    const count = result.data.playlists.length;
    const now = count ? `It has ${count} now.` : "It has no playlists now.";
    return (
      <div
        className="page page-narrow"
        data-testid="channel-playlist-missing"
        data-state={removed ? "removed" : "none"}
      >
        <EmptyState
          headingLevel={1}
          title={removed ? `“${removed.title}” was removed` : `${name} has no such playlist`}
        >
          <p>
            {removed ? (
              <>
                {name}&apos;s members voted it out
                {result.data.proposalId ? ` (proposal #${result.data.proposalId}` : ""}
                {result.data.setAt ? (
                  <>
                    , <TimeAgo timestamp={result.data.setAt} />
                  </>
                ) : null}
                {result.data.proposalId ? ")" : ""}. {now}
              </>
            ) : /^\d+$/.test(ref) ? (
              `There is no playlist #${ref}. ${now} Its members' vote may have changed them since this link was made.`
            ) : (
              `None of its playlists has this address. ${now} Its members' vote may have removed it.`
            )}{" "}
            <Link href={channelPlaylistsHref(id)}>See the channel&apos;s playlists</Link>
          </p>
        </EmptyState>
      </div>
    );
  }
  return (
    <ChannelPlaylistView
      channelId={id}
      channelName={name}
      playlistRef={found.ref}
      playlist={found.playlist}
      proposalId={result.data.proposalId}
      setAt={result.data.setAt}
    />
  );
}
