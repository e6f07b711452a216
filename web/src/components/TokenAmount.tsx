"use client";
import { useTokenAmounts } from "./earn/use-earnings";

/**
 * An amount of ETH or of an ERC-20 in its own decimals and symbol ("100 USDC"); "reading the token…" while they are
 * read (never a number in guessed units). A token that can't be read shows "amount unreadable", the reason on hover;
 * the page around it says the reason in words (useTokenAmounts' `error`).
 */
export function TokenAmount({ amount, token }: { amount: bigint | string; token: string }) {
  const amounts = useTokenAmounts(token);
  return (
    <span
      title={amounts.error ?? undefined}
      data-token={amounts.info ? "read" : amounts.error ? "unreadable" : "reading"}
    >
      {amounts.format(amount)}
    </span>
  );
}
