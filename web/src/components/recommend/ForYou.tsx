"use client";
import { usePublicConfig } from "@/components/ConfigContext";
import { VideoCard } from "@/components/VideoCard";
import styles from "./Recommend.module.css";
import { useRecommendations } from "./useRecommendations";

/**
 * The home page's *For you* shelf: videos like the ones this browser watched (lib/recommend.ts), each saying why; absent
 * for a viewer with no history, so a first visit sees the catalogue as it is.
 */
export function ForYou() {
  const config = usePublicConfig();
  const { recommendations } = useRecommendations(null, 8);
  if (recommendations.length === 0) return null;
  return (
    <section aria-labelledby="foryou-heading" className={styles.shelf} data-testid="for-you">
      <h2 className="section-title" id="foryou-heading">
        For you
      </h2>
      <p className="field-hint">From your watch history in this browser; nobody else sees it.</p>
      <div className="grid">
        {recommendations.map((r) => (
          <div key={r.candidate.id} className={styles.item}>
            <VideoCard video={r.candidate.video} gateway={config.gatewayUrl} />
            <small className={styles.because}>
              Because you watched “{r.because.title}” · {r.because.reason}
            </small>
          </div>
        ))}
      </div>
    </section>
  );
}
