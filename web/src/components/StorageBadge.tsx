"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { callIndexer } from "@/lib/indexer";
import { storageBadge, type StorageSummary } from "@/lib/storage";
import { usePublicConfig } from "./ConfigContext";

const POLL_MS = 4_000;

/** Dispatched on `window` when this page changed a deal (see KeepCopies). */
export const STORAGE_CHANGED = "chorus:storage-changed";

/**
 * "2 of 2 replicas · proven 5 min ago": how safe a video's bytes are, from its storage deals. Starts from what the
 * server rendered and follows the indexer while the page is visible (keepers join and prove without anyone reloading).
 */
export function StorageBadge({
  videoId,
  initial,
  dealIds,
}: {
  videoId: string;
  initial: StorageSummary;
  dealIds: string[];
}) {
  const config = usePublicConfig();
  const [summary, setSummary] = useState(initial);
  const [deals, setDeals] = useState(dealIds);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const controller = new AbortController();
    const tick = async () => {
      setNow(Date.now());
      if (document.visibilityState !== "visible") return;
      const result = await callIndexer(
        config.indexerUrl,
        "getVideo",
        { params: { id: videoId } },
        controller.signal,
      ).catch(() => null);
      if (result?.ok) {
        setSummary(result.data.storage);
        setDeals(result.data.storage.deals.map((d) => d.id));
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    // A deal opened or topped up on this page: show it at once rather than at the next poll.
    const now = () => void tick();
    window.addEventListener(STORAGE_CHANGED, now);
    return () => {
      controller.abort();
      clearInterval(timer);
      window.removeEventListener(STORAGE_CHANGED, now);
    };
  }, [config.indexerUrl, videoId]);

  const badge = storageBadge(summary, now);
  return (
    <span className="storage-badge" data-tone={badge.tone} data-testid="storage-badge" title={badge.hint}>
      <span className="storage-dot" aria-hidden="true" />
      {deals.length > 0 ? (
        <Link href={`/storage/deals/${deals[0]}`} data-testid="storage-badge-link">
          {badge.text}
        </Link>
      ) : (
        <span>{badge.text}</span>
      )}
    </span>
  );
}
