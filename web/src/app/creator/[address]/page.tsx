import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getAddress, isAddress } from "viem";
import { Avatar } from "@/components/Avatar";
import { CopyButton } from "@/components/CopyButton";
import { UploadIcon } from "@/components/Icons";
import { LoadMore } from "@/components/LoadMore";
import { IndexerError } from "@/components/IndexerError";
import { EmptyState } from "@/components/States";
import { CreatorStories } from "@/components/stories/CreatorStories";
import { TimeAgo } from "@/components/TimeAgo";
import { VideoGrid } from "@/components/VideoCard";
import { plural, shortAddress } from "@/lib/format";
import { AccountName } from "@/components/AccountName";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import { LiveNow } from "@/components/LiveNow";
import { TipButton } from "@/components/earn/TipButton";
import { CrowdfundList } from "@/components/crowdfund/CrowdfundList";
import { CreatorPlaylists } from "@/components/playlists/CreatorPlaylists";

export async function generateMetadata({ params }: { params: Promise<{ address: string }> }): Promise<Metadata> {
  const { address } = await params;
  return {
    title: isAddress(address, { strict: false }) ? `Channel ${shortAddress(getAddress(address))}` : "Channel not found",
  };
}

export default async function CreatorPage({ params }: { params: Promise<{ address: string }> }) {
  const { address: raw } = await params;
  const decoded = decodeURIComponent(raw);
  if (!isAddress(decoded, { strict: false })) notFound();
  const address = getAddress(decoded);
  // One URL per channel: the checksummed address.
  if (address !== decoded) redirect(`/creator/${address}`);

  const config = await getServerConfig();
  const [creator, page] = await Promise.all([
    callIndexer(config.indexerUrl, "getCreator", { params: { address } }),
    callIndexer(config.indexerUrl, "listVideos", { query: { creator: address, limit: 24 } }),
  ]);

  return (
    <div className="page">
      <header className="channel-header">
        <Avatar address={address} size="lg" />
        <div style={{ minWidth: 0 }}>
          <h1 title={address}>
            <AccountName address={address} />
          </h1>
          <div className="channel-facts">
            <span className="address">
              <span className="full-address">{address}</span>
              <CopyButton value={address} label="Copy this channel's address" />
            </span>
          </div>
          <div className="channel-facts">
            {creator.ok ? (
              <>
                <span>{plural(creator.data.videoCount, "video")}</span>
                {creator.data.firstPublishedAt !== null ? (
                  <span>
                    · first published <TimeAgo timestamp={creator.data.firstPublishedAt} />
                  </span>
                ) : null}
                {creator.data.lastPublishedAt !== null &&
                creator.data.lastPublishedAt !== creator.data.firstPublishedAt ? (
                  <span>
                    · latest <TimeAgo timestamp={creator.data.lastPublishedAt} />
                  </span>
                ) : null}
              </>
            ) : (
              <span>Channel details unavailable right now</span>
            )}
          </div>
        </div>
        <TipButton target={{ kind: "creator", address }} to="this creator" />
      </header>
      <LiveNow creator={address} />
      <CrowdfundList creator={address} />
      <CreatorStories creator={address} />
      <CreatorPlaylists creator={address} />

      <h2 className="section-title">Videos</h2>
      {!page.ok ? (
        <IndexerError failure={page} indexerUrl={config.indexerUrl} failedTitle="Couldn't load this channel's videos" />
      ) : page.data.items.length === 0 ? (
        <EmptyState
          title="No videos yet"
          actions={
            <Link href="/upload" className="btn btn-primary">
              <UploadIcon size={18} />
              Upload a video
            </Link>
          }
        >
          <p>
            This address hasn&apos;t published any videos. If it&apos;s yours, upload one — it appears here once
            it&apos;s on-chain.
          </p>
        </EmptyState>
      ) : (
        <>
          <VideoGrid videos={page.data.items} gateway={config.gatewayUrl} showCreator={false} />
          {page.data.nextCursor ? <LoadMore initialCursor={page.data.nextCursor} creator={address} /> : null}
        </>
      )}
    </div>
  );
}
