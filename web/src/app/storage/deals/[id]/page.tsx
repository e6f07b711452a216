import type { Metadata } from "next";
import Link from "next/link";
import { Address } from "@/components/Address";
import { DealActions } from "@/components/DealActions";
import { DealHistory } from "@/components/DealHistory";
import { KeeperTenureTable } from "@/components/KeeperTenureTable";
import { detailUnavailable } from "@/components/IndexerError";
import { TimeAgo } from "@/components/TimeAgo";
import { TokenAmount } from "@/components/TokenAmount";
import { TxHash } from "@/components/TxHash";
import { formatBytes, formatExactTime, plural, shortHash } from "@/lib/format";
import { formatSpan } from "@/lib/storage";
import { getServerConfig } from "@/lib/server-config";
import { getDeal } from "./data";

export const metadata: Metadata = { title: "Storage deal" };

/** /storage/deals/:id — a deal's terms, its keepers and their proofs, and top-up (its funder) or refund (anyone). */
export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const config = await getServerConfig();
  const result = await getDeal(id);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this deal");
  const deal = result.data;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const ended = nowSeconds >= deal.end;
  const started = nowSeconds >= deal.start;
  const active = deal.keepers.filter((k) => k.status === "active");

  return (
    <div className="page page-narrow stack">
      <p className="muted">
        <Link href="/storage">Storage</Link> › Deal #{deal.id}
      </p>
      <h1>
        Storage deal #{deal.id}
        {deal.video ? (
          <>
            {" "}
            for <Link href={`/watch/${deal.video.id}`}>{deal.video.title ?? `video #${deal.video.id}`}</Link>
          </>
        ) : null}
      </h1>
      <p data-testid="deal-summary">
        {active.length} of {plural(deal.replicas, "replica")} held ·{" "}
        {ended ? "ended" : started ? `ends ${formatExactTime(deal.end)}` : `starts ${formatExactTime(deal.start)}`}
        {deal.lastProvenAt ? (
          <>
            {" "}
            · last proven <TimeAgo timestamp={deal.lastProvenAt} />
          </>
        ) : null}
      </p>

      <section className="panel stack" aria-labelledby="terms-heading">
        <h2 id="terms-heading">Terms</h2>
        <dl className="facts">
          <dt>Content</dt>
          <dd>
            <span className="mono" title={deal.cid}>
              {shortHash(deal.cid, 12, 8)}
            </span>{" "}
            · {formatBytes(deal.size)}
          </dd>
          <dt>Funder</dt>
          <dd>
            <Address address={deal.funder} />
          </dd>
          <dt>Copies</dt>
          <dd>{deal.replicas}</dd>
          <dt>Proofs</dt>
          <dd>
            every {formatSpan(deal.periodSeconds)}, {plural(deal.periods, "period")} (
            {formatSpan(deal.periods * deal.periodSeconds)})
          </dd>
          {/* Every amount of a deal is in its token: ETH, or the ERC-20 it was opened in. */}
          <dt>Price</dt>
          <dd>
            <TokenAmount amount={deal.pricePerPeriod} token={deal.token} /> per copy per proof
          </dd>
          <dt>Keeper stake</dt>
          <dd>
            <TokenAmount amount={deal.stakePerReplica} token={deal.token} /> · a missed proof costs{" "}
            <TokenAmount amount={deal.slashPerMiss} token={deal.token} /> · replaced after{" "}
            {plural(deal.maxMisses, "miss", "misses")}
          </dd>
          <dt>Money</dt>
          <dd data-testid="deal-money">
            deposited <TokenAmount amount={deal.deposit} token={deal.token} /> · paid to keepers{" "}
            <TokenAmount amount={deal.paid} token={deal.token} /> · slashed into the deal{" "}
            <TokenAmount amount={deal.slashed} token={deal.token} /> · refunded{" "}
            <TokenAmount amount={deal.refunded} token={deal.token} />
          </dd>
          <dt>Opened</dt>
          <dd>
            <TimeAgo timestamp={deal.createdAt} /> · <TxHash hash={deal.createdTx} explorerUrl={config.explorerUrl} />
          </dd>
        </dl>
        <DealActions deal={deal} />
      </section>

      <section className="panel stack" aria-labelledby="keepers-heading">
        <h2 id="keepers-heading">Keepers</h2>
        {deal.keepers.length === 0 ? (
          <p className="muted">No keeper has joined yet. Keepers take a deal up when its price and size suit them.</p>
        ) : (
          <KeeperTenureTable tenures={deal.keepers} by="keeper" token={deal.token} testId="deal-keepers" />
        )}
      </section>

      <section className="panel stack" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <DealHistory dealId={deal.id} initial={deal.events} />
      </section>
    </div>
  );
}
