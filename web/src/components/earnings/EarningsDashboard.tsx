"use client";
import {
  EARNING_SOURCES,
  type Earning,
  type EarningSource,
  type Earnings,
  type EarningsSeries,
  type SeriesBucket,
} from "@chorus/protocol";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { zeroAddress } from "viem";
import { useConfig } from "wagmi";
import { callIndexer, callIndexerAll, videoTitle, type Fetched, type Video } from "@/lib/indexer";
import { postKey, seriesRows, SOURCE_LABELS, tokensOf } from "@/lib/earnings";
import { useHydrated } from "@/lib/use-hydrated";
import { withdrawEarningsPlan } from "@/tx/earningsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { useTokenAmounts } from "../earn/use-earnings";
import { TimeAgo } from "../TimeAgo";
import { TokenAmount } from "../TokenAmount";
import { TxHash } from "../TxHash";
import { TxStatus } from "../TxStatus";
import { ConnectPrompt, useWallet } from "../WalletGate";
import { EarningsChart, EarningsTable } from "./EarningsChart";
import styles from "./Earnings.module.css";

const POLL_MS = 5_000;

/** The earnings page's body: one account's balances (with Withdraw for its owner), income over time, recent income. */
export function EarningsDashboard({ address: asked }: { address: string | null }) {
  const config = usePublicConfig();
  const wallet = useWallet();
  const address = asked ?? wallet.address ?? null;
  const [earnings, setEarnings] = useState<Fetched<Earnings> | null>(null);
  // Bumped after a withdrawal is indexed, so every panel reloads at once.
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger: a withdrawal indexed bumps it to reload at once.
  useEffect(() => {
    if (!address) return;
    const controller = new AbortController();
    const load = () =>
      callIndexer(config.indexerUrl, "getEarnings", { params: { address } }, controller.signal)
        .then((e) => !controller.signal.aborted && setEarnings(e))
        .catch(() => {});
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [address, config.indexerUrl, version]);

  if (!address) {
    return (
      <div className="tx" data-tone="waiting">
        <ConnectPrompt text="Connect a wallet to see what you earned — or open /earnings/0x… for any account." />
      </div>
    );
  }
  const own = wallet.address?.toLowerCase() === address.toLowerCase();
  const refresh = () => setVersion((v) => v + 1);

  return (
    <>
      <p className="muted" style={{ overflowWrap: "anywhere" }}>
        Account <span className="mono">{address}</span>
        {own ? " (your wallet)" : ""}. Everything here is read from the public chain: anyone can see it.
      </p>
      <Balances earnings={earnings} own={own} onWithdrawn={refresh} />
      <IncomeOverTime address={address} version={version} tokens={earnings?.ok ? earnings.data.balances : []} />
      <RecentIncome address={address} version={version} />
    </>
  );
}

function Balances({
  earnings,
  own,
  onWithdrawn,
}: {
  earnings: Fetched<Earnings> | null;
  own: boolean;
  onWithdrawn: () => void;
}) {
  return (
    <section className="panel stack" aria-labelledby="earnings-balances-heading">
      <h2 id="earnings-balances-heading">Balance</h2>
      {earnings === null ? (
        <p className="muted">Loading…</p>
      ) : !earnings.ok ? (
        <p className="field-error" role="alert">
          {earnings.error} Retrying every few seconds.
        </p>
      ) : earnings.data.balances.length === 0 ? (
        <p className="muted" data-testid="earnings-balance-empty">
          Nothing earned yet. Tips, sales and memberships paid to this account show up here, ready to withdraw, and so
          do its crowdfunds once claimed (paid straight to the wallet: counted as withdrawn at once).
        </p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {earnings.data.balances.map((b) => (
            <li key={b.token}>
              <TokenBalance balance={b} own={own} onWithdrawn={onWithdrawn} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenBalance({
  balance,
  own,
  onWithdrawn,
}: {
  balance: Earnings["balances"][number];
  own: boolean;
  onWithdrawn: () => void;
}) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const hydrated = useHydrated();
  const wallet = useWallet();
  const withdraw = useContractTx<{ amount: bigint }>();
  const amount = BigInt(balance.withdrawable);
  // In the token's own decimals and symbol, read from its contract (ETH at once).
  const { format: formatAmount, symbol, error: tokenError } = useTokenAmounts(balance.token);
  return (
    <div className="stack">
      <div className={styles.balanceRow}>
        <p data-testid={`earnings-balance-${balance.token.toLowerCase()}`} style={{ margin: 0 }}>
          <strong>{formatAmount(amount)}</strong> to withdraw{" "}
          <span className="muted">
            (earned {formatAmount(balance.earned)}, withdrawn {formatAmount(balance.withdrawn)})
          </span>
        </p>
        {own && wallet.address && amount > 0n ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!hydrated || withdraw.busy}
            onClick={() =>
              void withdraw.start({
                ...withdrawEarningsPlan(wagmiConfig, config, wallet.address!, balance),
                onIndexed: onWithdrawn,
              })
            }
            data-testid="earnings-withdraw"
          >
            Withdraw {symbol}
          </button>
        ) : null}
      </div>
      {tokenError ? (
        <p className="field-error" role="alert">
          {tokenError}
        </p>
      ) : null}
      <TxStatus
        tx={withdraw.tx}
        testId="earnings-withdraw-status"
        confirmed={() => "waiting for the catalogue to show the withdrawal…"}
        indexed={(r) => `withdrew ${formatAmount(r.amount)} to your wallet.`}
      />
    </div>
  );
}

function IncomeOverTime({
  address,
  version,
  tokens: balances,
}: {
  address: string;
  version: number;
  tokens: { token: string }[];
}) {
  const config = usePublicConfig();
  const [bucket, setBucket] = useState<SeriesBucket>("day");
  const [source, setSource] = useState<EarningSource | "">("");
  const [post, setPost] = useState("");
  const [token, setToken] = useState<string>(zeroAddress);
  const [series, setSeries] = useState<Fetched<EarningsSeries> | null>(null);
  const [videos, setVideos] = useState<Video[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    callIndexerAll(config.indexerUrl, "listVideos", { query: { creator: address } }, controller.signal)
      .then((v) => v.ok && setVideos(v.data))
      .catch(() => {});
    return () => controller.abort();
  }, [address, config.indexerUrl]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger: a withdrawal indexed bumps it to reload at once.
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      callIndexer(
        config.indexerUrl,
        "getEarningsSeries",
        { params: { address }, query: { bucket, source: source || null, post: post || null } },
        controller.signal,
      )
        .then((s) => !controller.signal.aborted && setSeries(s))
        .catch(() => {});
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [address, bucket, source, post, config.indexerUrl, version]);

  const tokens = tokensOf([zeroAddress, ...balances.map((b) => b.token)]);
  const { rows, truncated } = series?.ok
    ? seriesRows(series.data.points, token, bucket)
    : { rows: [], truncated: false };

  return (
    <section className="panel stack" aria-labelledby="earnings-chart-heading">
      <h2 id="earnings-chart-heading">Income over time</h2>
      <div className={styles.filters}>
        <label>
          Per
          <select value={bucket} onChange={(e) => setBucket(e.target.value as SeriesBucket)}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        </label>
        <label>
          Source
          <select
            value={source}
            onChange={(e) => setSource(e.target.value as EarningSource | "")}
            data-testid="earnings-source"
          >
            <option value="">All sources</option>
            {EARNING_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Video
          <select value={post} onChange={(e) => setPost(e.target.value)} data-testid="earnings-video">
            <option value="">All videos and the channel</option>
            {videos
              .filter((v) => /^\d+$/.test(v.id))
              .map((v) => (
                <option key={v.id} value={postKey({ kind: "video", id: v.id })}>
                  {videoTitle(v)}
                </option>
              ))}
          </select>
        </label>
        {tokens.length > 1 ? (
          <label>
            Token
            <select value={token} onChange={(e) => setToken(e.target.value)}>
              {tokens.map((t) => (
                <TokenOption key={t} token={t} />
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {series === null ? (
        <p className="muted">Loading…</p>
      ) : !series.ok ? (
        <p className="field-error" role="alert">
          {series.error} Retrying every few seconds.
        </p>
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="earnings-series-empty">
          No income {source ? `from ${SOURCE_LABELS[source].toLowerCase()} ` : ""}
          {post ? "for this video " : ""}in <TokenSymbol token={token} /> yet.
        </p>
      ) : (
        <>
          <EarningsChart rows={rows} token={token} bucket={bucket} />
          {truncated ? (
            <p className="muted">
              The chart and table show the latest {rows.length} {bucket}s.
            </p>
          ) : null}
          <EarningsTable rows={rows} token={token} bucket={bucket} />
        </>
      )}
    </section>
  );
}

/** A token's symbol as read from its contract ("reading the token…" until then). */
function TokenSymbol({ token }: { token: string }) {
  return <>{useTokenAmounts(token).symbol}</>;
}

function TokenOption({ token }: { token: string }) {
  return (
    <option value={token}>
      <TokenSymbol token={token} />
    </option>
  );
}

const describeEarning = (e: Earning) => {
  const what = e.post
    ? `${e.post.kind === "video" ? "video" : "release"} #${e.post.id}`
    : e.streamId
      ? `stream #${e.streamId}`
      : e.campaignId
        ? `crowdfund #${e.campaignId}`
        : e.channelId
          ? `channel #${e.channelId}`
          : "the channel";
  const href =
    e.post?.kind === "video"
      ? `/watch/${e.post.id}`
      : e.streamId
        ? `/live/${e.streamId}`
        : e.campaignId
          ? `/crowdfunds/${e.campaignId}`
          : null;
  return { what, href };
};

function RecentIncome({ address, version }: { address: string; version: number }) {
  const config = usePublicConfig();
  const [items, setItems] = useState<Earning[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const loadFirst = useCallback(
    async (signal?: AbortSignal) => {
      const page = await callIndexer(config.indexerUrl, "listEarnings", { params: { address } }, signal);
      if (signal?.aborted) return;
      if (!page.ok) return setError(page.error);
      setError(null);
      setLoaded(true);
      // The first page is re-read on each poll, until "Load more" has added pages below it (then the list stays put).
      setItems((old) => (old.length > page.data.items.length ? old : page.data.items));
      setNext((n) => n ?? page.data.nextCursor);
    },
    [address, config.indexerUrl],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger: a withdrawal indexed bumps it to reload at once.
  useEffect(() => {
    const controller = new AbortController();
    void loadFirst(controller.signal).catch(() => {});
    const timer = setInterval(() => void loadFirst(controller.signal).catch(() => {}), POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [loadFirst, version]);

  const loadMore = async () => {
    if (!next) return;
    const page = await callIndexer(config.indexerUrl, "listEarnings", { params: { address }, query: { cursor: next } });
    if (!page.ok) return setError(page.error);
    setItems((old) => [...old, ...page.data.items]);
    setNext(page.data.nextCursor);
  };

  return (
    <section className="panel stack" aria-labelledby="earnings-recent-heading">
      <h2 id="earnings-recent-heading">Recent income</h2>
      {error ? (
        <p className="field-error" role="alert">
          {error} Retrying every few seconds.
        </p>
      ) : null}
      {!loaded && !error ? (
        <p className="muted">Loading…</p>
      ) : loaded && items.length === 0 ? (
        <p className="muted">No income yet.</p>
      ) : (
        <div className={styles.scroll}>
          <table className="data-table" data-testid="earnings-recent">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Source</th>
                <th scope="col">For</th>
                <th scope="col">Your share</th>
                <th scope="col">From</th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => {
                const { what, href } = describeEarning(e);
                return (
                  <tr key={`${e.txHash}-${i}`}>
                    <td>
                      <TimeAgo timestamp={e.timestamp} />
                    </td>
                    <td>{SOURCE_LABELS[e.source]}</td>
                    <td>
                      {href ? <Link href={href}>{what}</Link> : what}
                      {e.message ? <div className="muted">“{e.message}”</div> : null}
                    </td>
                    <td>
                      <TokenAmount amount={e.amount} token={e.token} />
                      {e.amount !== e.paid ? (
                        <div className="muted">
                          of <TokenAmount amount={e.paid} token={e.token} />
                        </div>
                      ) : null}
                    </td>
                    <td className="mono">
                      <Link href={`/earnings/${e.from}`}>{`${e.from.slice(0, 6)}…${e.from.slice(-4)}`}</Link>
                    </td>
                    <td>
                      <TxHash hash={e.txHash} explorerUrl={config.explorerUrl} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <button type="button" className="btn" onClick={() => void loadMore()}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
