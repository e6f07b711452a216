"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AccountName } from "@/components/AccountName";
import { usePublicConfig } from "@/components/ConfigContext";
import { EmptyState, ErrorState } from "@/components/States";
import { VideoGrid, VideoGridSkeleton } from "@/components/VideoCard";
import { callIndexer } from "@/lib/indexer";
import { useSubscriptions } from "@/lib/use-subscriptions";
import styles from "./Subscriptions.module.css";

const PAGE_SIZE = 24;

/**
 * `/subscriptions`: the newest videos of the creators this browser follows and the channels it subscribes to (one
 * indexer request per page: `/videos?creators=…&channels=…`), then what it follows, each with Unfollow. No wallet.
 */
export function SubscriptionsFeed() {
  const config = usePublicConfig();
  const subs = useSubscriptions();
  const feed = useInfiniteQuery({
    queryKey: ["subscriptions-feed", subs.creators, subs.channels],
    enabled: subs.ready && !subs.none,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const page = await callIndexer(
        config.indexerUrl,
        "listVideos",
        { query: { creators: subs.creators, channels: subs.channels, limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      );
      if (!page.ok)
        throw new Error(
          page.status === null
            ? "Couldn't reach the catalogue. Check your connection (or that the indexer is running) and try again."
            : `The catalogue couldn't load your subscriptions: ${page.error}`,
        );
      return page.data;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const videos = feed.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page" data-testid="subscriptions-page" data-ready={subs.ready}>
      <div className="page-header">
        <h1>Subscriptions</h1>
        <p>
          New videos from the creators you follow and the channels you subscribe to. Kept in <em>this browser</em> (no
          wallet, no account): the catalogue only sees which videos this page asks for.
        </p>
      </div>
      {!subs.ready ? (
        <VideoGridSkeleton count={6} />
      ) : subs.none ? (
        <EmptyState
          title="You don't follow anyone yet"
          actions={
            <Link className="btn btn-primary" href="/channels">
              Browse channels
            </Link>
          }
        >
          <p>
            Press <strong>Follow</strong> on a creator&apos;s page or <strong>Subscribe</strong> on a channel&apos;s
            page: their new videos come here, and the bell in the top bar tells you when one is out.
          </p>
        </EmptyState>
      ) : feed.isError && videos.length === 0 ? (
        <ErrorState
          title="Your subscriptions couldn't be loaded"
          actions={
            <button type="button" className="btn" onClick={() => void feed.refetch()}>
              Try again
            </button>
          }
        >
          <p>{feed.error.message}</p>
        </ErrorState>
      ) : feed.isPending ? (
        <VideoGridSkeleton count={6} />
      ) : videos.length === 0 ? (
        <EmptyState title="Nothing new yet">
          <p>The creators and channels you follow haven&apos;t published anything yet.</p>
        </EmptyState>
      ) : (
        <>
          <VideoGrid videos={videos} gateway={config.gatewayUrl} />
          <div className="load-more">
            <p role="status" aria-live="polite" className={feed.hasNextPage ? undefined : "end"}>
              {feed.isFetchingNextPage
                ? "Loading more videos…"
                : feed.isError
                  ? feed.error.message
                  : feed.hasNextPage
                    ? ""
                    : "That's everything from your subscriptions."}
            </p>
            {feed.hasNextPage ? (
              <button
                type="button"
                className="btn"
                onClick={() => void feed.fetchNextPage()}
                disabled={feed.isFetchingNextPage}
              >
                Load more
              </button>
            ) : null}
          </div>
        </>
      )}
      {subs.ready && !subs.none ? (
        <section className={styles.following} aria-labelledby="following-heading" data-testid="subscriptions-list">
          <h2 id="following-heading" className="section-title">
            You follow
          </h2>
          <ul className={styles.list}>
            {subs.creators.map((creator) => (
              <li key={creator} className={styles.item}>
                <Link href={`/creator/${creator}`}>
                  <AccountName address={creator} />
                </Link>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => subs.toggleCreator(creator)}
                  aria-label={`Unfollow creator ${creator}`}
                >
                  Unfollow
                </button>
              </li>
            ))}
            {subs.channels.map((channelId) => (
              <li key={`c${channelId}`} className={styles.item}>
                <Link href={`/channels/${channelId}`}>Channel #{channelId}</Link>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => subs.toggleChannel(channelId)}
                  aria-label={`Unsubscribe from channel ${channelId}`}
                >
                  Unsubscribe
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
