import Link from "next/link";
import { LoadMore } from "@/components/LoadMore";
import { IndexerError } from "@/components/IndexerError";
import { EmptyState } from "@/components/States";
import { StoriesBar } from "@/components/stories/StoriesBar";
import { VideoGrid } from "@/components/VideoCard";
import { UploadIcon } from "@/components/Icons";
import { callIndexer, isIndexerReady } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import { LiveNow } from "@/components/LiveNow";
import { ForYou } from "@/components/recommend/ForYou";

export default async function HomePage() {
  const config = await getServerConfig();
  const [page, ready] = await Promise.all([
    callIndexer(config.indexerUrl, "listVideos", { query: { limit: 24 } }),
    isIndexerReady(config.indexerUrl),
  ]);

  return (
    <div className="page">
      <StoriesBar />
      <div className="page-header">
        <h1>Latest videos</h1>
        <p>
          Newest first · published on-chain, played from IPFS ·{" "}
          <Link href="/subscriptions" data-testid="subscriptions-link">
            Your subscriptions
          </Link>
          {" · "}
          <Link href="/playlists" data-testid="playlists-link">
            Your playlists
          </Link>
        </p>
      </div>
      <LiveNow />
      <ForYou />

      {!page.ok ? (
        <IndexerError
          failure={page}
          indexerUrl={config.indexerUrl}
          failedTitle="The catalogue isn't answering properly"
        />
      ) : (
        <>
          {!ready ? (
            <p className="notice notice-warning" role="status">
              <strong>Still catching up.</strong> The catalogue is still reading the chain, so the newest videos may be
              missing for a moment.
            </p>
          ) : null}
          {page.data.items.length === 0 ? (
            <EmptyState
              title="No videos yet — upload one"
              actions={
                <Link href="/upload" className="btn btn-primary">
                  <UploadIcon size={18} />
                  Upload a video
                </Link>
              }
            >
              <p>
                Nothing has been published here yet. Be the first: upload a video, and it will show up here once
                it&apos;s on-chain.
              </p>
            </EmptyState>
          ) : (
            <>
              <VideoGrid videos={page.data.items} gateway={config.gatewayUrl} />
              {page.data.nextCursor ? <LoadMore initialCursor={page.data.nextCursor} /> : null}
            </>
          )}
        </>
      )}
    </div>
  );
}
