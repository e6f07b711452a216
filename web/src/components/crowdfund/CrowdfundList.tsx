import Link from "next/link";
import { callIndexer } from "@/lib/indexer";
import { timeLeft } from "@/lib/crowdfund";
import { getServerConfig } from "@/lib/server-config";
import styles from "./Crowdfund.module.css";
import { CrowdfundProgress, STATUS_WORDS } from "./CrowdfundProgress";

/**
 * "Crowdfunds" on a creator's page (their own campaigns) or a channel's (the channel's), newest first, each with its
 * progress. `startHref` adds a "Start a crowdfund" link (the start form checks who may). Renders nothing when there
 * are none and nothing to start, or when the catalogue can't say (the page shows that itself).
 */
export async function CrowdfundList({ creator, channel }: { creator?: string; channel?: string }) {
  const config = await getServerConfig();
  const page = await callIndexer(config.indexerUrl, "listCrowdfunds", {
    query: { limit: 12, ...(creator ? { creator, channel: "0" } : {}), ...(channel ? { channel } : {}) },
  });
  if (!page.ok) return null;
  const startHref = `/crowdfunds/new${channel ? `?channel=${channel}` : ""}`;
  return (
    <section aria-labelledby="crowdfunds-heading" data-testid="crowdfund-list">
      <h2 id="crowdfunds-heading" className="section-title">
        Crowdfunds
      </h2>
      {page.data.items.length === 0 ? (
        <p className="muted">
          No crowdfund yet. <Link href={startHref}>Start a crowdfund</Link>
        </p>
      ) : (
        <>
          <ul className={styles.list}>
            {page.data.items.map((c) => (
              <li key={c.id} className={styles.item} data-testid={`crowdfund-${c.id}`}>
                <Link href={`/crowdfunds/${c.id}`} className={styles.userText}>
                  {c.metadata?.title ?? `Crowdfund #${c.id}`}
                </Link>
                <CrowdfundProgress campaign={c} />
                <span className="muted">
                  {c.status === "running" ? timeLeft(c.deadline, c.now) : STATUS_WORDS[c.status]}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link href={startHref}>Start a crowdfund</Link>
          </p>
        </>
      )}
    </section>
  );
}
