"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { Address } from "viem";
import { useConfig, useReadContract } from "wagmi";
import { storageEscrowAbi, storageEscrowAddress } from "@/lib/contracts";
import { shortHash } from "@/lib/format";
import {
  callIndexer,
  callIndexerAll,
  videoTitle,
  type Deal,
  type Fetched,
  type Keeper,
  type KeeperTenure,
  type Video,
} from "@/lib/indexer";
import { ETH, isEth } from "@/lib/money";
import { storageBadge } from "@/lib/storage";
import { useHydrated } from "@/lib/use-hydrated";
import { usePublicConfig } from "./ConfigContext";
import { useTokenAmounts } from "./earn/use-earnings";
import { KeeperTenureTable } from "./KeeperTenureTable";
import { withdrawPlan } from "@/tx/storageTx";
import { TimeAgo } from "./TimeAgo";
import { TokenAmount } from "./TokenAmount";
import { TxStatus } from "./TxStatus";
import { useContractTx } from "@/tx/useContractTx";
import { ConnectPrompt, useWallet } from "./WalletGate";

const POLL_MS = 5_000;

/** The storage page's body: one account's funded deals, its keeper work, and its balance in the escrow. */
export function StorageDashboard({ address: asked }: { address: string | null }) {
  const config = usePublicConfig();
  const wallet = useWallet();
  const address = asked ?? wallet.address ?? null;
  const [funded, setFunded] = useState<Fetched<Deal[]> | null>(null);
  const [keeper, setKeeper] = useState<Fetched<Keeper & { tenures: KeeperTenure[] }> | null>(null);

  useEffect(() => {
    if (!address) return;
    const controller = new AbortController();
    const load = async () => {
      const [f, k, t] = await Promise.all([
        callIndexerAll(config.indexerUrl, "listDeals", { query: { funder: address } }, controller.signal).catch(
          () => null,
        ),
        callIndexer(config.indexerUrl, "getKeeper", { params: { address } }, controller.signal).catch(() => null),
        callIndexerAll(config.indexerUrl, "listKeeperDeals", { params: { address } }, controller.signal).catch(
          () => null,
        ),
      ]);
      if (controller.signal.aborted) return;
      if (f) setFunded(f);
      // The keeper's totals and newest events, with every one of its tenures.
      if (k && t) setKeeper(!k.ok ? k : !t.ok ? t : { ok: true, data: { ...k.data, tenures: t.data } });
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [address, config.indexerUrl]);

  if (!address) {
    return (
      <div className="tx" data-tone="waiting">
        <ConnectPrompt text="Connect a wallet to see your deals and earnings — or open /storage?address=0x… for any account." />
      </div>
    );
  }
  const own = wallet.address?.toLowerCase() === address.toLowerCase();

  return (
    <>
      <p className="muted">
        Account <span className="mono">{address}</span>
        {own ? " (your wallet)" : ""}
      </p>
      {/* ETH always; any ERC-20 the account has dealt in (the indexer's totals) beside it. */}
      {[ETH, ...(keeper?.ok ? keeper.data.totals.map((t) => t.token).filter((t) => !isEth(t)) : [])].map((token) => (
        <Balance key={token} address={address as Address} own={own} token={token as Address} />
      ))}
      <CreatorVideos address={address} />

      <section className="panel stack" aria-labelledby="funded-heading">
        <h2 id="funded-heading">Deals funded</h2>
        {funded === null ? (
          <p className="muted">Loading…</p>
        ) : !funded.ok ? (
          <p className="field-error">{funded.error} Retrying every few seconds.</p>
        ) : funded.data.length === 0 ? (
          <p className="muted">No deals yet. Open one from a video&apos;s page: &ldquo;Keep copies…&rdquo;.</p>
        ) : (
          <table className="data-table" data-testid="funded-deals">
            <thead>
              <tr>
                <th>Deal</th>
                <th>Content</th>
                <th>Keepers</th>
                <th>Paid / deposited</th>
                <th>Ends</th>
              </tr>
            </thead>
            <tbody>
              {funded.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/storage/deals/${d.id}`}>#{d.id}</Link>
                  </td>
                  <td className="mono">{shortHash(d.cid, 10, 6)}</td>
                  <td>
                    {d.keepers} of {d.replicas}
                  </td>
                  <td>
                    <TokenAmount amount={d.paid} token={d.token} /> / <TokenAmount amount={d.deposit} token={d.token} />
                  </td>
                  <td>
                    <TimeAgo timestamp={d.end} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel stack" aria-labelledby="keeper-heading">
        <h2 id="keeper-heading">As a keeper</h2>
        {keeper === null ? (
          <p className="muted">Loading…</p>
        ) : !keeper.ok ? (
          <p className="field-error">{keeper.error} Retrying every few seconds.</p>
        ) : keeper.data.tenures.length === 0 ? (
          <p className="muted">
            This account has not kept any content. Run a keeper (see keeper/README.md) to earn from deals.
          </p>
        ) : (
          <>
            <p data-testid="keeper-totals">
              {keeper.data.totals.map((t) => (
                <span key={t.token}>
                  Earned <TokenAmount amount={t.earned} token={t.token} /> · slashed{" "}
                  <TokenAmount amount={t.slashed} token={t.token} /> · stake locked{" "}
                  <TokenAmount amount={t.stakeLocked} token={t.token} /> · withdrawn{" "}
                  <TokenAmount amount={t.withdrawn} token={t.token} />
                </span>
              ))}
            </p>
            <KeeperTenureTable tenures={keeper.data.tenures} by="deal" testId="keeper-deals" />
            <h3>Recent proofs and misses</h3>
            {keeper.data.events.items.filter((e) => e.kind === "proof" || e.kind === "miss").length === 0 ? (
              <p className="muted">None yet: a keeper proves once per period, from the first period it serves.</p>
            ) : (
              <table className="data-table" data-testid="keeper-proofs">
                <tbody>
                  {keeper.data.events.items
                    .filter((e) => e.kind === "proof" || e.kind === "miss")
                    .slice(0, 20)
                    .map((e, i) => (
                      <tr key={`${e.txHash}-${i}`}>
                        <td>{e.kind === "proof" ? "Proved" : "Missed (slashed)"}</td>
                        <td>
                          <Link href={`/storage/deals/${e.dealId}`}>deal #{e.dealId}</Link>
                        </td>
                        <td>{e.period !== null ? `period ${e.period}` : null}</td>
                        <td>
                          {e.amount !== null ? (
                            <>
                              {e.kind === "proof" ? "+" : "−"}
                              <TokenAmount amount={e.amount} token={e.token} />
                            </>
                          ) : null}
                        </td>
                        <td>
                          <TimeAgo timestamp={e.timestamp} />
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </>
  );
}

/** The account's own videos with their storage badges: where a creator opens a deal for each ("Keep copies…"). */
function CreatorVideos({ address }: { address: string }) {
  const config = usePublicConfig();
  const [videos, setVideos] = useState<Fetched<Video[]> | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    callIndexerAll(config.indexerUrl, "listVideos", { query: { creator: address } }, controller.signal)
      .then(setVideos)
      .catch(() => {});
    return () => controller.abort();
  }, [address, config.indexerUrl]);
  if (videos === null || (videos.ok && videos.data.length === 0)) return null;
  return (
    <section className="panel stack" aria-labelledby="videos-heading">
      <h2 id="videos-heading">Videos published</h2>
      {!videos.ok ? (
        <p className="field-error">{videos.error}</p>
      ) : (
        <table className="data-table" data-testid="creator-videos">
          <tbody>
            {videos.data.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link href={`/watch/${v.id}`}>{videoTitle(v)}</Link>
                </td>
                <td>{storageBadge(v.storage).text}</td>
                <td>
                  <Link href={`/watch/${v.id}`}>{v.storage.status === "none" ? "Keep copies…" : "Details"}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * What the escrow holds for the account in one token (earnings, returned stakes, refunds), and a withdraw button for
 * its owner.
 */
function Balance({ address, own, token }: { address: Address; own: boolean; token: Address }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const hydrated = useHydrated();
  const escrow = storageEscrowAddress(config.chainId);
  const balance = useReadContract({
    address: escrow ?? undefined,
    abi: storageEscrowAbi,
    functionName: "balanceOf",
    args: [address, token],
    chainId: config.chainId,
    query: { enabled: Boolean(escrow), refetchInterval: POLL_MS },
  });
  const withdraw = useContractTx<{ amount: bigint }>();
  const amounts = useTokenAmounts(token);
  const amount = typeof balance.data === "bigint" ? balance.data : null;
  const headingId = `balance-heading-${token}`;
  return (
    <section className="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Balance in the escrow{isEth(token) ? "" : ` (${amounts.symbol})`}</h2>
      <p data-testid={isEth(token) ? "escrow-balance" : `escrow-balance-${token}`}>
        {amount === null
          ? balance.isError
            ? "The chain can't be read right now."
            : "Reading…"
          : `${amounts.format(amount)} to withdraw`}
      </p>
      {amounts.error ? <p className="field-error">{amounts.error}</p> : null}
      {own && amount !== null && amount > 0n ? (
        <div className="tx-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!hydrated || withdraw.busy}
            onClick={() =>
              void withdraw.start({
                ...withdrawPlan(wagmiConfig, config, token),
                onIndexed: () => void balance.refetch(),
              })
            }
            data-testid={isEth(token) ? "withdraw" : `withdraw-${token}`}
          >
            Withdraw {amounts.format(amount)}
          </button>
        </div>
      ) : null}
      <TxStatus
        tx={withdraw.tx}
        testId={isEth(token) ? "withdraw-status" : `withdraw-status-${token}`}
        confirmed={() => "confirming…"}
        indexed={(r) => `withdrew ${amounts.format(r.amount)} to your wallet.`}
      />
    </section>
  );
}
