import type { Metadata } from "next";
import Link from "next/link";
import { Address } from "@/components/Address";
import { CrowdfundActions } from "@/components/crowdfund/CrowdfundActions";
import { CrowdfundProgress, STATUS_WORDS } from "@/components/crowdfund/CrowdfundProgress";
import { Description } from "@/components/Description";
import { detailUnavailable } from "@/components/IndexerError";
import { TimeAgo } from "@/components/TimeAgo";
import { TokenAmount } from "@/components/TokenAmount";
import { TxHash } from "@/components/TxHash";
import { formatExactTime } from "@/lib/format";
import { getServerConfig } from "@/lib/server-config";
import styles from "@/components/crowdfund/Crowdfund.module.css";
import { getCrowdfund } from "./data";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const result = await getCrowdfund(id);
  return { title: result.ok ? (result.data.metadata?.title ?? `Crowdfund #${id}`) : "Crowdfund" };
}

/**
 * /crowdfunds/:id — a campaign: what it is for, its progress and deadline (by the chain's clock), its backers, and
 * the action that applies to the connected wallet (pledge or take back while it runs; claim once reached; refund
 * once missed). Viewers need no wallet.
 */
export default async function CrowdfundPage({ params }: Params) {
  const { id } = await params;
  const config = await getServerConfig();
  const result = await getCrowdfund(id);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this crowdfund");
  const campaign = result.data;
  const title = campaign.metadata?.title ?? `Crowdfund #${campaign.id}`;
  return (
    <div className="page page-narrow stack">
      <p className="muted">
        {campaign.channelId === "0" ? (
          <Link href={`/creator/${campaign.creator}`}>Creator</Link>
        ) : (
          <Link href={`/channels/${campaign.channelId}`}>Channel #{campaign.channelId}</Link>
        )}{" "}
        › Crowdfund #{campaign.id}
      </p>
      <h1 data-testid="crowdfund-title" className={styles.userText}>
        {title}
      </h1>
      {campaign.metadataStatus !== "ok" ? (
        <p className="muted">
          {campaign.metadataStatus === "unavailable"
            ? "Its description can't be fetched from IPFS right now; reload later."
            : "Its description on IPFS isn't a valid crowdfund document."}
        </p>
      ) : (
        <Description text={campaign.metadata?.description ?? ""} />
      )}

      <section className="panel stack" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress</h2>
        <CrowdfundProgress campaign={campaign} big />
        <p data-testid="crowdfund-status" data-status={campaign.status}>
          {STATUS_WORDS[campaign.status]}
        </p>
        <CrowdfundActions campaign={campaign} />
      </section>

      <section className="panel stack" aria-labelledby="terms-heading">
        <h2 id="terms-heading">Terms</h2>
        <dl className="facts">
          <dt>For</dt>
          <dd>
            {campaign.channelId === "0" ? (
              <>
                the creator <Address address={campaign.creator} />
              </>
            ) : (
              <>
                the members of <Link href={`/channels/${campaign.channelId}`}>channel #{campaign.channelId}</Link> (paid
                into its pot, shared by its members), started by <Address address={campaign.creator} />
              </>
            )}
          </dd>
          <dt>Goal</dt>
          <dd>
            <TokenAmount amount={campaign.goal} token={campaign.token} />
          </dd>
          <dt>Deadline</dt>
          <dd>{formatExactTime(campaign.deadline)} (chain time)</dd>
          <dt>Rules</dt>
          <dd>
            Pledges are held by the Crowdfund contract until the deadline; a backer may take theirs back until then.
            Reaching the goal early ends nothing. At the deadline, if the pledges reach the goal they all go to the
            recipient; if not, every backer takes their pledge back in full. No fee, no one else can move the money.
          </dd>
          <dt>Started</dt>
          <dd>
            <TimeAgo timestamp={campaign.createdAt} /> ·{" "}
            <TxHash hash={campaign.txHash} explorerUrl={config.explorerUrl} />
          </dd>
        </dl>
      </section>

      <section className="panel stack" aria-labelledby="backers-heading">
        <h2 id="backers-heading">Backers</h2>
        {campaign.pledges.length === 0 ? (
          <p className="muted">No pledge yet.</p>
        ) : (
          <ul className="stack" data-testid="crowdfund-pledges">
            {campaign.pledges.map((p) => (
              <li key={p.backer}>
                <Address address={p.backer} /> — <TokenAmount amount={p.amount} token={campaign.token} />
                {p.refunded !== "0" ? (
                  <>
                    {" "}
                    (refunded <TokenAmount amount={p.refunded} token={campaign.token} />)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
