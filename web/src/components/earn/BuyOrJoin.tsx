"use client";
import type { Video } from "@chorus/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useConfig } from "wagmi";

import { formatAmount, formatPeriod } from "@/lib/money";
import Link from "next/link";
import { buyPlan, joinPlan, readAccess, readPostMoney, type MoneyPost, type PostMoney } from "@/tx/paymentsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate, useWallet } from "../WalletGate";
import { AccountName } from "../AccountName";
import styles from "./earn.module.css";

/** A video as the Earnings contract names it: a Videos video by its id, a channel release by its proposal id. */
export function moneyPostOf(video: Pick<Video, "id" | "release">): MoneyPost {
  return video.release
    ? { kind: "release", id: video.release.proposalId, channelId: video.release.channelId }
    : { kind: "video", id: video.id };
}

/** What a post costs and who may watch it (price, membership plan); read without a wallet. */
export function usePostMoney(post: MoneyPost) {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  return useQuery({
    queryKey: ["post-money", config.chainId, post.kind, post.id],
    staleTime: 10_000,
    queryFn: () => readPostMoney(wagmiConfig, config, post),
  });
}

/** Whether the connected account may watch a paid or members-only post (`Earnings.hasAccess`); false without a wallet. */
function useHasAccess(post: MoneyPost) {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { address } = useWallet();
  return useQuery({
    queryKey: ["post-access", config.chainId, post.kind, post.id, address?.toLowerCase()],
    enabled: Boolean(address),
    queryFn: () => readAccess(wagmiConfig, config, post, address!),
  });
}

/**
 * *Buy* (one transaction, the price in its token) or *Join* (a membership of the creator — or, for a release whose
 * channel voted a plan, of the channel — for one or more of its periods, renewable) on
 * a paid or members-only video — the panel the player shows instead of the locked video (the player side places it:
 * `<BuyOrJoin post={…} onUnlocked={…} />`). Viewers without a wallet see the price and "Connect a wallet to buy".
 * `onUnlocked` runs once the connected account has access (at once when it already had it); `onConfirmed` gets the line
 * to show once a purchase or a membership made here is indexed ("You bought this video — playing the full video"),
 * for the player to keep after this panel is gone.
 */
export function BuyOrJoin({
  post,
  onUnlocked,
  onConfirmed,
}: {
  post: MoneyPost;
  onUnlocked?: () => void;
  onConfirmed?: (line: string) => void;
}) {
  const money = usePostMoney(post);
  const access = useHasAccess(post);
  const queryClient = useQueryClient();
  const hasAccess = access.data === true;

  useEffect(() => {
    if (hasAccess) onUnlocked?.();
  }, [hasAccess, onUnlocked]);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["post-access"] });

  if (money.isPending)
    return (
      <div className={styles.paywall} data-testid="buy-or-join" data-state="loading">
        Reading the price…
      </div>
    );
  if (money.isError)
    return (
      <div className={styles.paywall} data-testid="buy-or-join" data-state="error" role="alert">
        Couldn&apos;t read this video&apos;s price from the chain: {money.error.message} Reload the page to try again.
      </div>
    );
  const m = money.data;
  // Free, or withheld (its creator hasn't opened it: nothing to buy yet; the player's locked panel says so).
  if (!m.price && !m.membersOnly) return null;
  return (
    <section className={styles.paywall} data-testid="buy-or-join" aria-label="Buy or join to watch">
      <h2>{m.membersOnly ? "For members" : "Paid video"}</h2>
      {hasAccess ? <p data-testid="access-granted">You have access to this video.</p> : null}
      <WalletGate
        purpose={m.membersOnly ? "join" : "buy"}
        connectText={`Connect a wallet to ${m.membersOnly ? "join" : "buy"}.`}
      >
        {m.price ? (
          <BuyBox
            post={post}
            money={m}
            owned={hasAccess}
            onDone={() => {
              onConfirmed?.("You bought this video — playing the full video.");
              refresh();
            }}
          />
        ) : null}
        {m.membersOnly ? (
          <JoinBox
            money={m}
            channelId={post.kind === "release" ? post.channelId : undefined}
            onDone={(until) => {
              onConfirmed?.(
                `You're a member until ${new Date(until * 1000).toLocaleString()} — playing the full video.`,
              );
              refresh();
            }}
          />
        ) : null}
      </WalletGate>
    </section>
  );
}

function BuyBox({
  post,
  money,
  owned,
  onDone,
}: {
  post: MoneyPost;
  money: PostMoney;
  /** Already has access (bought it, or its creator or a holder): nothing to buy, unless this box just bought it. */
  owned: boolean;
  onDone: () => void;
}) {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { tx, start, busy } = useContractTx<{ post: MoneyPost }>();
  const price = money.price!;
  if (owned && tx.step === "idle") return null;
  return (
    <div className="stack" style={{ gap: 8 }}>
      <p>
        Buy it once for <strong data-testid="price">{formatAmount(price.amount, price.token)}</strong> and watch it
        whenever you like. The money goes to the video&apos;s rights holders.
      </p>
      <div className={styles.actions} style={{ justifyContent: "flex-start" }}>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="buy"
          disabled={busy || tx.step === "indexed"}
          onClick={() => void start({ ...buyPlan(wagmiConfig, config, post, price), onIndexed: onDone })}
        >
          {busy ? "Buying…" : `Buy for ${formatAmount(price.amount, price.token)}`}
        </button>
      </div>
      <TxStatus
        tx={tx}
        testId="buy-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "bought — the video is yours to watch."}
      />
    </div>
  );
}

/**
 * How many of the plan's periods a fan may buy at once (the contract takes any number; with 30-day periods these are a
 * month to a year).
 */
const JOIN_PERIODS = [1, 3, 6, 12] as const;

function JoinBox({
  money,
  channelId,
  onDone,
}: {
  money: PostMoney;
  /** For a release: its channel, whose members may vote a plan. */
  channelId?: string | undefined;
  onDone: (until: number) => void;
}) {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const id = useId();
  const { tx, start, busy } = useContractTx<{ until: number }>();
  const [periods, setPeriods] = useState<number>(1);
  // A release whose channel voted a plan: join the channel, whose members decide (not the submitter).
  const channelPlan = money.channelPlan;
  const plan = channelPlan ?? money.plan;
  if (!plan && channelId)
    return (
      <p className="notice" data-testid="no-plan">
        This video is for members of <Link href={`/channels/${channelId}`}>its channel</Link>, whose members
        haven&apos;t voted a membership plan yet (nor has its submitter, <AccountName address={money.creator} />, opened
        memberships) — there is nothing to join for now. Come back later.
      </p>
    );
  if (!plan)
    return (
      <p className="notice">
        This video is for members of <AccountName address={money.creator} />, who hasn&apos;t opened memberships yet —
        there is nothing to join for now. Come back later.
      </p>
    );
  const total = plan.price * BigInt(periods);
  return (
    <div className="stack" style={{ gap: 8 }}>
      {channelPlan ? (
        <p data-testid="join-channel">
          Join <Link href={`/channels/${channelPlan.channelId}`}>this channel</Link> for{" "}
          <strong data-testid="plan-price">{formatAmount(plan.price, plan.token)}</strong> per{" "}
          {formatPeriod(plan.periodSeconds)}, the price its members voted: every members-only release of the channel,
          for that long. The money goes to the channel&apos;s members. Join again to extend it.
        </p>
      ) : (
        <p>
          Join <AccountName address={money.creator} /> for{" "}
          <strong data-testid="plan-price">{formatAmount(plan.price, plan.token)}</strong> per{" "}
          {formatPeriod(plan.periodSeconds)}: every members-only video of theirs, for that long. Join again to extend
          it.
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-periods`}>How long</label>
        <select
          id={`${id}-periods`}
          className="input"
          value={periods}
          disabled={busy}
          onChange={(e) => setPeriods(Number(e.target.value))}
          data-testid="join-periods"
        >
          {JOIN_PERIODS.map((n) => (
            <option key={n} value={n}>
              {n === 1 ? formatPeriod(plan.periodSeconds) : `${n} × ${formatPeriod(plan.periodSeconds)}`} —{" "}
              {formatAmount(plan.price * BigInt(n), plan.token)}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.actions} style={{ justifyContent: "flex-start" }}>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="join"
          disabled={busy || tx.step === "indexed"}
          onClick={() =>
            void start({
              ...joinPlan(
                wagmiConfig,
                config,
                channelPlan ? { channelId: channelPlan.channelId } : { creator: money.creator },
                plan,
                periods,
              ),
              onIndexed: (r) => onDone(r.until),
            })
          }
        >
          {busy ? "Joining…" : `Join for ${formatAmount(total, plan.token)}`}
        </button>
      </div>
      <TxStatus
        tx={tx}
        testId="join-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={(r) => `you're a member until ${new Date(r.until * 1000).toLocaleString()}.`}
      />
    </div>
  );
}
