import type { Metadata } from "next";
import Link from "next/link";
import { Address } from "@/components/Address";
import { Avatar } from "@/components/Avatar";
import { Description } from "@/components/Description";
import { VideoTags } from "@/components/search/VideoTags";
import { Player } from "@/components/Player";
import { PaidPlayer } from "@/components/PaidPlayer";
import { RetryButton } from "@/components/RetryButton";
import { detailUnavailable } from "@/components/IndexerError";
import { TimeAgo } from "@/components/TimeAgo";
import { TxHash } from "@/components/TxHash";
import { VideoCard } from "@/components/VideoCard";
import { CopyButton } from "@/components/CopyButton";
import { Comments } from "@/components/Comments";
import { KeepCopies } from "@/components/KeepCopies";
import { StorageBadge } from "@/components/StorageBadge";
import { VideoMenu } from "@/components/filters/VideoMenu";
import { VideoMoney } from "@/components/earn/VideoMoney";
import { PriceAndAccess } from "@/components/earn/PriceAndAccess";
import { UpNext } from "@/components/recommend/UpNext";
import { PlaylistPanel } from "@/components/playlists/PlaylistPanel";
import { SaveToPlaylist } from "@/components/playlists/SaveToPlaylist";
import { formatDuration, plural, shortHash } from "@/lib/format";
import { callIndexer, videoTitle, type Video } from "@/lib/indexer";
import { gatewayUrl } from "@/lib/media";
import { getServerConfig } from "@/lib/server-config";
import { getVideo } from "./data";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const result = await getVideo(id);
  if (!result.ok) return { title: result.status === 404 ? "Video not found" : "Video" };
  return { title: videoTitle(result.data), description: result.data.manifest?.description.slice(0, 200) };
}

export default async function WatchPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ list?: string | string[] }>;
}) {
  const { id } = await params;
  const { list } = await searchParams;
  const config = await getServerConfig();
  const result = await getVideo(id);

  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this video");

  const video = result.data;
  const [more, creator] = await Promise.all([
    callIndexer(config.indexerUrl, "listVideos", { query: { creator: video.creator, limit: 13 } }),
    callIndexer(config.indexerUrl, "getCreator", { params: { address: video.creator } }),
  ]);
  const others = more.ok ? more.data.items.filter((v) => v.id !== video.id).slice(0, 12) : [];
  const title = videoTitle(video);
  const manifest = video.manifest;
  const master = manifest ? gatewayUrl(config.gatewayUrl, video.manifestCid, manifest.master) : null;
  const poster = manifest?.thumbnail ? gatewayUrl(config.gatewayUrl, video.manifestCid, manifest.thumbnail) : null;
  const previews = manifest?.previews ? gatewayUrl(config.gatewayUrl, video.manifestCid, manifest.previews.vtt) : null;

  return (
    <div className="page">
      <div className="watch">
        <div>
          {manifest?.access && master ? (
            <PaidPlayer
              src={master}
              poster={poster}
              title={title}
              renditions={manifest.renditions}
              previews={previews}
              access={manifest.access}
              post={{
                kind: video.release ? 1 : 0,
                postId: video.release ? video.release.proposalId : video.id,
                manifestCid: video.manifestCid,
              }}
              money={
                video.release
                  ? { kind: "release", id: video.release.proposalId, channelId: video.release.channelId }
                  : { kind: "video", id: video.id }
              }
            />
          ) : manifest && master ? (
            <Player src={master} poster={poster} title={title} renditions={manifest.renditions} previews={previews} />
          ) : (
            <Unavailable video={video} />
          )}

          <h1 className="watch-title">{title}</h1>
          <div className="watch-meta">
            <div className="channel">
              <Link href={`/creator/${video.creator}`} tabIndex={-1} aria-hidden="true">
                <Avatar address={video.creator} />
              </Link>
              <div className="channel-name">
                <Address address={video.creator} />
                <small>
                  {creator.ok ? plural(creator.data.videoCount, "video") : "Creator"}
                  {" · "}
                  <Link href={`/creator/${video.creator}`}>View channel</Link>
                </small>
              </div>
            </div>
            <SaveToPlaylist
              item={{
                videoId: video.id,
                title,
                manifestCid: video.manifestCid,
                ...(manifest?.thumbnail ? { thumbnail: manifest.thumbnail } : {}),
              }}
            />
            <VideoMenu video={video} inline />
          </div>

          {/* Under the player rather than in the aside: on a phone the aside comes after the comments. */}
          {typeof list === "string" ? <PlaylistPanel playlistId={list} videoId={video.id} /> : null}

          <section className="storage-row" aria-label="Storage">
            <StorageBadge videoId={video.id} initial={video.storage} dealIds={video.storage.deals.map((d) => d.id)} />
            <KeepCopies cid={video.manifestCid} />
          </section>

          {video.release ? (
            <p className="release-note" data-testid="release-note">
              Released by{" "}
              <Link href={`/channels/${video.release.channelId}`}>
                {video.release.channelName ?? `channel #${video.release.channelId}`}
              </Link>{" "}
              under{" "}
              <Link href={`/channels/${video.release.channelId}?tab=policy&v=${video.release.policyVersion}`}>
                policy v{video.release.policyVersion}
              </Link>
              <span className="muted">
                {" "}
                — the members voted for it (
                <Link href={`/channels/${video.release.channelId}?tab=proposals#proposal-${video.release.proposalId}`}>
                  proposal #{video.release.proposalId}
                </Link>
                )
              </span>
            </p>
          ) : null}

          <VideoMoney video={video} buy={!manifest?.access} />
          <PriceAndAccess video={video} encrypted={manifest ? Boolean(manifest.access) : null} />

          <section className="description" aria-label="About this video">
            <div className="description-facts">
              <span>
                Published <TimeAgo timestamp={video.timestamp} />
              </span>
              {manifest?.originallyPublishedAt ? (
                <span data-testid="originally-published" title="As stated by the creator's import, not verified">
                  Originally published{" "}
                  {new Date(manifest.originallyPublishedAt).toLocaleDateString("en-GB", {
                    year: "numeric",
                    month: "short",
                    day: "numeric",
                    timeZone: "UTC",
                  })}
                </span>
              ) : null}
              <span>Block {video.blockNumber}</span>
              <TxHash hash={video.txHash} explorerUrl={config.explorerUrl} />
            </div>
            <VideoTags tags={manifest?.tags} />
            <Description text={manifest?.description ?? ""} />
            <details className="tech">
              <summary>Technical details</summary>
              <dl>
                <dt>Video id</dt>
                <dd>{video.id}</dd>
                <dt>Manifest CID</dt>
                <dd>
                  <span className="address">
                    <span className="mono" title={video.manifestCid}>
                      {shortHash(video.manifestCid, 12, 8)}
                    </span>
                    <CopyButton value={video.manifestCid} label="Copy manifest CID" />
                  </span>
                </dd>
                {manifest ? (
                  <>
                    <dt>Length</dt>
                    <dd>{formatDuration(Math.round(manifest.durationSeconds))}</dd>
                    <dt>Source</dt>
                    <dd>
                      {manifest.width}×{manifest.height}
                    </dd>
                    <dt>Renditions</dt>
                    <dd>
                      {manifest.renditions
                        .map((r) => `${r.name} (${Math.round(r.bandwidth / 1000)} kbps)`)
                        .join(", ") || "—"}
                    </dd>
                  </>
                ) : null}
                <dt>Transaction</dt>
                <dd className="mono">{video.txHash}</dd>
              </dl>
            </details>
          </section>
          <Comments video={video} />
        </div>

        <aside aria-labelledby="more-heading">
          <UpNext video={video} />
          <h2 className="section-title" id="more-heading">
            More from this creator
          </h2>
          {others.length > 0 ? (
            <div className="compact-list">
              {others.map((v) => (
                <VideoCard key={v.id} video={v} gateway={config.gatewayUrl} compact showCreator={false} />
              ))}
            </div>
          ) : (
            <p className="notice">
              {more.ok
                ? "This is the only video from this creator so far."
                : "Other videos from this creator couldn't be loaded right now."}
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}

function Unavailable({ video }: { video: Video }) {
  return (
    <div className="player-unavailable" role="alert">
      {video.manifestStatus === "unavailable" ? (
        <>
          <h2>This video&apos;s data can&apos;t be fetched from IPFS right now</h2>
          <p>
            The video is published on-chain, but the IPFS node that stores it isn&apos;t delivering its files at the
            moment. It may be offline or still finding them — try again in a few minutes.
          </p>
          <RetryButton />
        </>
      ) : (
        <>
          <h2>This video can&apos;t be played</h2>
          <p>
            Its manifest on IPFS isn&apos;t a valid Chorus video manifest, so there is nothing to play. The creator
            would need to publish it again.
          </p>
        </>
      )}
    </div>
  );
}
