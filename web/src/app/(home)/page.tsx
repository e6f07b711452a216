import Link from "next/link";
import { LoadMore } from "@/components/LoadMore";
import { IndexerError } from "@/components/IndexerError";
import { EmptyState } from "@/components/States";
import { StoriesBar } from "@/components/stories/StoriesBar";
import { VideoGrid } from "@/components/VideoCard";
import { UploadIcon } from "@/components/Icons";
import { callIndexer, isIndexerReady } from "@/lib/indexer";
import { ScopeSwitch } from "@/components/instance/ScopeSwitch";
import { scopeQuery } from "@/lib/instance";
import { getInstance, getServerConfig } from "@/lib/server-config";
import { LiveNow } from "@/components/LiveNow";
import { ForYou } from "@/components/recommend/ForYou";

/** `/` and, on an instance with a scope, `/?all=1`: the whole of Chorus instead of the instance's choice. */
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const [config, instance, params] = await Promise.all([getServerConfig(), getInstance(), searchParams]);
  const all = params.all === "1";
  const sources = instance.scope && !all ? scopeQuery(instance.scope) : undefined;
  const [page, ready] = await Promise.all([
    callIndexer(config.indexerUrl, "listVideos", { query: { limit: 24, ...sources } }),
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
      {instance.scope ? <ScopeSwitch scope={instance.scope} all={all} instanceHref="/" allHref="/?all=1" /> : null}
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
            sources ? (
              <EmptyState
                title="Nothing from this instance's choice yet"
                actions={
                  <Link href="/?all=1" className="btn btn-primary">
                    See all of Chorus
                  </Link>
                }
              >
                <p>
                  None of the channels, creators or tags this instance shows has published a video yet. All of Chorus
                  may have some.
                </p>
              </EmptyState>
            ) : (
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
            )
          ) : (
            <>
              <VideoGrid videos={page.data.items} gateway={config.gatewayUrl} />
              {page.data.nextCursor ? <LoadMore initialCursor={page.data.nextCursor} sources={sources} /> : null}
            </>
          )}
        </>
      )}
    </div>
  );
}
