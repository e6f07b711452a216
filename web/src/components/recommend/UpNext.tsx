"use client";
import { useEffect } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { VideoCard } from "@/components/VideoCard";
import type { Video } from "@/lib/indexer";
import { candidateOf } from "@/lib/recommend";
import styles from "./Recommend.module.css";
import { useRecommendations } from "./useRecommendations";

/**
 * The watch page's *Up next*: computed in this browser from its own watch history (which this page adds the video
 * to) and catalogue data every viewer gets alike; each says why ("because you watched …"). *Clear history* forgets it.
 */
export function UpNext({ video }: { video: Video }) {
  const config = usePublicConfig();
  const { recommendations, newest, loading, error, history, record, clear } = useRecommendations(video, 8);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one watch per video page
  useEffect(() => {
    record(candidateOf(video));
  }, [video.id]);

  return (
    <section aria-labelledby="upnext-heading" className={styles.upnext} data-testid="up-next">
      <h2 className="section-title" id="upnext-heading">
        Up next
      </h2>
      {loading ? (
        <p className="muted" role="status">
          Finding what to watch next…
        </p>
      ) : error ? (
        <p className="notice" role="status">
          Couldn&apos;t read the catalogue for suggestions: {error} Reload the page to try again.
        </p>
      ) : recommendations.length > 0 ? (
        <ul className={styles.list}>
          {recommendations.map((r) => (
            <li key={r.candidate.id} data-testid="up-next-item">
              <VideoCard video={r.candidate.video} gateway={config.gatewayUrl} compact />
              <small className={styles.because} data-testid="up-next-because">
                {r.because.id === video.id ? "Like this video" : `Because you watched “${r.because.title}”`} ·{" "}
                {r.because.reason}
              </small>
            </li>
          ))}
        </ul>
      ) : newest.length > 0 ? (
        <>
          <p className="field-hint">Nothing like what you watched yet; the newest videos:</p>
          <div className="compact-list">
            {newest.map((v) => (
              <VideoCard key={v.id} video={v} gateway={config.gatewayUrl} compact />
            ))}
          </div>
        </>
      ) : null}
      <p className="field-hint">
        Chosen in this browser from your watch history ({history.length} {history.length === 1 ? "video" : "videos"}),
        which never leaves it.{" "}
        <button type="button" className="btn btn-small" onClick={clear} data-testid="clear-history">
          Clear history
        </button>
      </p>
    </section>
  );
}
