import type { Metadata } from "next";
import Link from "next/link";
import { ChannelAvatar } from "@/components/ChannelAvatar";
import { IndexerError } from "@/components/IndexerError";
import { EmptyState } from "@/components/States";
import { TimeAgo } from "@/components/TimeAgo";
import { formatThreshold, formatVotingPeriod } from "@/lib/channels";
import { plural } from "@/lib/format";
import { callIndexerAll, channelName } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";

export const metadata: Metadata = { title: "Community channels" };

/** /channels — every community channel, newest first. */
export default async function ChannelsPage() {
  const config = await getServerConfig();
  const channels = await callIndexerAll(config.indexerUrl, "listChannels", {});

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Community channels</h1>
          <p>
            Creators who publish together under a written policy. Members vote; a video is released when enough of them
            say yes.
          </p>
        </div>
        <div className="tx-actions">
          <Link href="/channels/review" className="btn">
            Review queue
          </Link>
          <Link href="/channels/new" className="btn btn-primary" data-testid="create-channel">
            Create channel
          </Link>
        </div>
      </div>

      {!channels.ok ? (
        <IndexerError
          failure={channels}
          indexerUrl={config.indexerUrl}
          failedTitle="The catalogue isn't answering properly"
        />
      ) : channels.data.length === 0 ? (
        <EmptyState
          title="No channels yet"
          actions={
            <Link href="/channels/new" className="btn btn-primary">
              Create the first channel
            </Link>
          }
        >
          <p>
            A channel is a community of creators bound by its own editorial policy, with no owner or admin. Start one
            with the people you publish with.
          </p>
        </EmptyState>
      ) : (
        <ul className="channel-list" data-testid="channel-list">
          {channels.data.map((channel) => (
            <li key={channel.id} className="channel-card" data-testid="channel-card" data-channel-id={channel.id}>
              <ChannelAvatar id={channel.id} name={channelName(channel)} />
              <div className="channel-card-body">
                <h2>
                  <Link href={`/channels/${channel.id}`}>{channelName(channel)}</Link>
                </h2>
                {channel.metadata?.description ? (
                  <p className="channel-card-description">{channel.metadata.description}</p>
                ) : null}
                {channel.metadataStatus === "unavailable" ? (
                  <p className="muted">Its name and description can&apos;t be fetched from IPFS right now.</p>
                ) : null}
                <div className="channel-facts dot-list">
                  <span>{plural(channel.memberCount, "member")}</span>
                  <span>{plural(channel.videoCount, "video")}</span>
                  <span>
                    {channel.openProposals ? (
                      <Link href={`/channels/${channel.id}?tab=proposals`}>
                        {plural(channel.openProposals, "open proposal")}
                      </Link>
                    ) : (
                      "no open proposals"
                    )}
                  </span>
                  <span>
                    {formatThreshold(channel.rules, channel.memberCount)} ·{" "}
                    {formatVotingPeriod(channel.rules.votingPeriod)} to vote
                  </span>
                  <span>{channel.rules.submitters === "anyone" ? "open to anyone" : "members only"}</span>
                  <span>
                    created <TimeAgo timestamp={channel.createdAt} />
                  </span>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
