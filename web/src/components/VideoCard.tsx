import Link from "next/link";
import { formatDuration, formatDurationLong } from "@/lib/format";
import { videoFilterItem } from "@/lib/filters";
import { videoTitle, type Video } from "@/lib/indexer";
import { gatewayUrl } from "@/lib/media";
import { AccountName } from "./AccountName";
import { Avatar } from "./Avatar";
import { Filtered } from "./filters/Filtered";
import { VideoMenu } from "./filters/VideoMenu";
import { Thumbnail } from "./Thumbnail";
import { TimeAgo } from "./TimeAgo";

function placeholderText(video: Video): string {
  if (video.manifestStatus === "unavailable") return "Video data can't be fetched from IPFS right now";
  if (video.manifestStatus === "invalid") return "This video's manifest is invalid";
  return "No thumbnail";
}

/** One video in a grid (or, `compact`, in the watch page's side list). Works in server and client components. */
export function VideoCard({
  video,
  gateway,
  compact = false,
  showCreator = true,
}: {
  video: Video;
  gateway: string;
  compact?: boolean;
  showCreator?: boolean;
}) {
  const title = videoTitle(video);
  const href = `/watch/${video.id}`;
  const manifest = video.manifest;
  const thumb = manifest?.thumbnail ? gatewayUrl(gateway, video.manifestCid, manifest.thumbnail) : null;
  return (
    <article className={compact ? "compact-card" : "card"}>
      {/* The title link below is the one keyboard and screen-reader stop; the thumbnail repeats it for the mouse. */}
      <Link href={href} className="thumb" tabIndex={-1} aria-hidden="true">
        <Thumbnail src={thumb} fallback={placeholderText(video)} />
        {manifest ? (
          <span className="badge" aria-hidden="true">
            {formatDuration(Math.round(manifest.durationSeconds))}
          </span>
        ) : null}
      </Link>
      <div className="card-body">
        {showCreator && !compact ? (
          <Link href={`/creator/${video.creator}`} tabIndex={-1} aria-hidden="true">
            <Avatar address={video.creator} />
          </Link>
        ) : null}
        <div className="card-text">
          <h3 className="card-title">
            <Link href={href} title={title}>
              {title}
              {manifest ? (
                <span className="visually-hidden">, {formatDurationLong(Math.round(manifest.durationSeconds))}</span>
              ) : null}
            </Link>
          </h3>
          <div className="card-meta">
            {showCreator ? (
              <Link href={`/creator/${video.creator}`} title={video.creator}>
                <AccountName address={video.creator} />
              </Link>
            ) : null}
            {showCreator ? <span className="dot" aria-hidden="true" /> : null}
            <TimeAgo timestamp={video.timestamp} />
          </div>
        </div>
        {compact ? null : <VideoMenu video={video} />}
      </div>
    </article>
  );
}

export function VideoGrid({
  videos,
  gateway,
  showCreator = true,
}: {
  videos: Video[];
  gateway: string;
  showCreator?: boolean;
}) {
  return (
    <div className="grid">
      {videos.map((video) => (
        <Filtered key={video.id} item={videoFilterItem(video)}>
          <VideoCard video={video} gateway={gateway} showCreator={showCreator} />
        </Filtered>
      ))}
    </div>
  );
}

export function VideoGridSkeleton({ count = 12 }: { count?: number }) {
  return (
    <div className="grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div className="card" key={i}>
          <div className="skeleton skeleton-thumb" />
          <div className="card-body">
            <div className="skeleton avatar" />
            <div className="card-text" style={{ flex: 1, gap: 8 }}>
              <div className="skeleton skeleton-line" style={{ width: "90%" }} />
              <div className="skeleton skeleton-line" style={{ width: "55%" }} />
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
