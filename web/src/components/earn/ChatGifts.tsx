"use client";
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { formatAmount } from "@/lib/money";
import { readStreamTips, type StreamTip } from "@/tx/paymentsTx";
import { AccountName } from "../AccountName";
import { usePublicConfig } from "../ConfigContext";
import styles from "./earn.module.css";

/** How often the chat asks for new tips: about a block on a real chain. */
const POLL_MS = 3000;

/** The tips to a live stream, oldest first, polled while the chat is open (no wallet needed). */
export function useStreamGifts(streamId: string): StreamTip[] {
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const tips = useQuery({
    queryKey: ["stream-tips", config.chainId, streamId],
    refetchInterval: POLL_MS,
    queryFn: ({ signal }) => readStreamTips(wagmiConfig, config, streamId, signal),
  });
  return tips.data ?? [];
}

export type ChatItem<L> = L | (StreamTip & { gift: true });

/** Chat lines and gifts in one list by time (a gift with the same time as a line goes after it). */
export function withGifts<L extends { time: number }>(lines: readonly L[], gifts: readonly StreamTip[]): ChatItem<L>[] {
  if (gifts.length === 0) return [...lines];
  const all: ChatItem<L>[] = [...lines, ...gifts.map((g) => ({ ...g, gift: true as const }))];
  return all.sort((a, b) => a.time - b.time);
}

export const isGift = <L,>(item: ChatItem<L>): item is StreamTip & { gift: true } =>
  typeof item === "object" && item !== null && "gift" in item && item.gift === true;

/** A gift in the chat: who, how much, and their message (as text). */
export function GiftLine({ gift }: { gift: StreamTip }) {
  return (
    <li className={styles.gift} data-testid="chat-gift">
      <span aria-hidden="true">🎁 </span>
      <bdi>
        <AccountName address={gift.tipper} />
      </bdi>{" "}
      tipped <span className={styles.giftAmount}>{formatAmount(gift.amount, gift.token)}</span>
      {gift.message ? (
        <>
          : <span data-testid="chat-gift-message">{gift.message}</span>
        </>
      ) : null}
    </li>
  );
}
