"use client";
import type { Video } from "@chorus/protocol";
import Link from "next/link";
import { useMemo } from "react";
import { bpsToPercent, formatAmount } from "@/lib/money";
import { AccountName } from "../AccountName";
import { BuyOrJoin, moneyPostOf, usePostMoney } from "./BuyOrJoin";
import { TipButton } from "./TipButton";
import styles from "./earn.module.css";

/**
 * Under a video: *Tip*, and who gets what of the money paid to it (its split, with names; a video without one pays its
 * creator everything), and its price when it has one with *Buy* / *Join* (`buy={false}` leaves those to the player's
 * locked panel, which can place `<BuyOrJoin post={moneyPostOf(video)} />` itself). Read from the chain — no wallet
 * needed to see it.
 */
export function VideoMoney({ video, buy = true }: { video: Pick<Video, "id" | "release" | "creator">; buy?: boolean }) {
  const post = useMemo(() => moneyPostOf(video), [video]);
  const money = usePostMoney(post);
  const split = money.data?.split ?? null;
  return (
    <section className={styles.splits} aria-labelledby={`money-${video.id}`} data-testid="video-money">
      <div className={styles.row} style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h2 id={`money-${video.id}`}>Support this video</h2>
        <TipButton target={post} to="this video" small />
      </div>
      {money.isError ? (
        <p className="muted">Who gets paid couldn&apos;t be read from the chain right now: {money.error.message}</p>
      ) : money.isPending ? (
        <p className="muted">Reading who gets paid…</p>
      ) : (
        <>
          <p className="muted" style={{ margin: "4px 0" }}>
            {split ? "Tips and sales are split between its rights holders:" : "Tips and sales go to its creator."}
            {money.data.price ? (
              <>
                {" "}
                Price:{" "}
                <span data-testid="video-price">{formatAmount(money.data.price.amount, money.data.price.token)}</span>.
              </>
            ) : null}
          </p>
          {split ? (
            <ul data-testid="split-list">
              {split.map((s) => (
                <li key={s.holder.kind === "channel" ? "channel" : s.holder.address} data-testid="split-holder">
                  {s.holder.kind === "channel" ? (
                    <Link href={`/channels/${s.holder.channelId}`}>the channel #{s.holder.channelId}</Link>
                  ) : (
                    <Link href={`/creator/${s.holder.address}`}>
                      <AccountName address={s.holder.address} />
                    </Link>
                  )}
                  <span data-testid="split-share">{bpsToPercent(s.bps)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {buy ? <BuyOrJoin post={post} /> : null}
        </>
      )}
    </section>
  );
}
