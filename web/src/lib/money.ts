import { constants } from "@chorus/protocol";
import { formatUnits, getAddress, isAddress, parseUnits, zeroAddress, type Address } from "viem";
import { formatDurationLong, shortAddress } from "./format";
import { checkHandle, utf8Length } from "./social";

/**
 * Pure helpers for the earning UI (tips, splits, prices): amounts typed by people, the token they pay in, and a split
 * table typed row by row. No React and no chain here, so test/money.test.ts covers them without a browser.
 */

/** ETH is `address(0)` in the Earnings contract; anything else is an ERC-20 by its address. */
export const ETH: Address = zeroAddress;

export const isEth = (token: string) => token.toLowerCase() === ETH;

/** The tip presets, in ETH (the dialog also takes any amount). */
export const TIP_PRESETS = ["0.001", "0.01", "0.1"] as const;

export interface TokenInfo {
  address: Address;
  symbol: string;
  decimals: number;
}

export const ETH_INFO: TokenInfo = { address: ETH, symbol: "ETH", decimals: 18 };

/** What amounts of a token are said with: "5 USDC" (a transaction's amounts, for its error sentences). */
export type TokenUnits = Pick<TokenInfo, "symbol" | "decimals">;

/** Shown in place of an ERC-20 amount while its decimals and symbol are read: never a number in guessed units. */
export const READING_TOKEN = "reading the token…";

/** Said when a token's decimals() or symbol() doesn't answer, so none of its amounts can be shown or typed. */
export const unreadableToken = (address: string) =>
  `${shortAddress(address)} isn't an ERC-20 token this app can read (its decimals() and symbol() don't answer on this chain), so its amounts can't be shown or typed. Check the token's address — or use ETH.`;

/** "0.0100 ETH" → "0.01 ETH": at most 6 decimals, trailing zeros dropped. */
export function formatAmount(amount: bigint, token: TokenUnits): string {
  const text = formatUnits(amount, token.decimals);
  const [whole, fraction = ""] = text.split(".");
  const cut = fraction.slice(0, 6).replace(/0+$/, "");
  const shown = cut ? `${whole}.${cut}` : whole;
  return `${shown === "0" && amount > 0n ? `<${(10 ** -Math.min(6, token.decimals)).toFixed(Math.min(6, token.decimals))}` : shown} ${token.symbol}`;
}

/** An amount as typed ("0.01", "1,5"), in the token's base units, or a sentence saying what is wrong. */
export function parseAmount(
  typed: string,
  decimals: number,
): { ok: true; value: bigint } | { ok: false; error: string } {
  const text = typed.trim().replace(",", ".");
  if (!text) return { ok: false, error: "Type an amount." };
  if (!/^\d*\.?\d*$/.test(text) || text === ".")
    return { ok: false, error: `"${typed.trim()}" isn't an amount — type a number such as 0.01.` };
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals)
    return { ok: false, error: `At most ${decimals} decimals for this token — shorten the amount.` };
  const value = parseUnits(text, decimals);
  if (value === 0n) return { ok: false, error: "The amount must be more than zero." };
  return { ok: true, value };
}

/** A token typed by address: "" or "ETH" is ETH; else a checksummed ERC-20 address or a sentence. */
export function parseToken(typed: string): { ok: true; token: Address } | { ok: false; error: string } {
  const text = typed.trim();
  if (!text || text.toUpperCase() === "ETH") return { ok: true, token: ETH };
  if (!isAddress(text, { strict: false }))
    return { ok: false, error: "That isn't a token address: paste the ERC-20 contract's 0x… address (40 hex digits)." };
  return { ok: true, token: getAddress(text) };
}

/** What a form knows of the ERC-20 typed in it: its decimals() and symbol() are read from its contract. */
export type TokenRead =
  | { state: "reading" }
  | { state: "read"; token: TokenInfo }
  | { state: "unreadable"; error: string };

/** A token's symbol for a field's label ("Goal (USDC)"), or its short state while it isn't read. */
export const tokenSymbol = (read: TokenRead) =>
  read.state === "read" ? read.token.symbol : read.state === "unreadable" ? "unreadable token" : READING_TOKEN;

/**
 * The token a form's amounts are in, from what was typed ("" or "ETH" for ETH, else an ERC-20's address) and what was
 * read of it; or a sentence for the token field. Amounts can't be parsed before the token's decimals are known.
 */
export function typedToken(
  typed: string,
  read: TokenRead,
): { ok: true; token: TokenInfo } | { ok: false; error: string } {
  const parsed = parseToken(typed);
  if (!parsed.ok) return { ok: false, error: "Leave empty for ETH, or paste an ERC-20 token's address (0x…)." };
  if (isEth(parsed.token)) return { ok: true, token: ETH_INFO };
  if (read.state === "read") return { ok: true, token: read.token };
  if (read.state === "unreadable") return { ok: false, error: read.error };
  return { ok: false, error: "Reading the token… (its decimals set what the amounts mean) — a moment." };
}

/** A message's size against the contract's byte cap. */
export function messageError(message: string, maxBytes: number): string | null {
  const bytes = utf8Length(message);
  return bytes > maxBytes
    ? `The message is ${bytes - maxBytes} bytes too long (at most ${maxBytes}) — shorten it.`
    : null;
}

// ---- Splits ----

/** 100 % in basis points. */
export const FULL_BPS = 10_000;

export interface SplitRow {
  /** An address (0x…), or a handle (@name) resolved through the indexer before sending. */
  who: string;
  /** A percentage as typed: "50", "33.33" (two decimals: basis points). */
  share: string;
}

type SplitHolder =
  | { kind: "address"; address: Address }
  | { kind: "handle"; handle: string }
  /** The community channel the video is released into (channel releases only). */
  | { kind: "channel" };

export interface ParsedRow {
  holder: SplitHolder | null;
  bps: number | null;
  error: string | null;
}

/** "33.33" → 3333 basis points; null when it isn't a percentage with at most two decimals in (0, 100]. */
export function percentToBps(typed: string): number | null {
  const text = typed.trim().replace(",", ".").replace(/%$/, "").trim();
  if (!/^\d{1,3}(\.\d{0,2})?$/.test(text)) return null;
  const [whole, fraction = ""] = text.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return bps > 0 && bps <= FULL_BPS ? bps : null;
}

export const bpsToPercent = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")} %`;

/** One row of the table: who (address, @handle or "channel") and its share, each checked with a sentence. */
function parseSplitRow(row: SplitRow, channelAllowed: boolean): ParsedRow {
  const who = row.who.trim();
  let holder: SplitHolder | null = null;
  let error: string | null = null;
  if (!who) error = "Say who: an address (0x…) or a handle (@name).";
  else if (who.toLowerCase() === "channel") {
    if (channelAllowed) holder = { kind: "channel" };
    else error = "Only a video submitted to a community channel can give the channel a share.";
  } else if (who.startsWith("0x")) {
    if (isAddress(who, { strict: false })) holder = { kind: "address", address: getAddress(who) };
    else error = `"${who}" isn't an address: 0x and 40 hex digits.`;
  } else {
    const checked = checkHandle(who);
    if (checked.error) error = `${checked.error} (or paste an address)`;
    else holder = { kind: "handle", handle: checked.handle };
  }
  const bps = percentToBps(row.share);
  if (!error && bps === null)
    error = `"${row.share.trim() || "(empty)"}" isn't a share: a percentage above 0 and at most 100, two decimals at most.`;
  return { holder, bps, error };
}

/** The table as a whole: rows, then its total; `error` says what to fix before it can be sent. */
export function checkSplit(
  rows: readonly SplitRow[],
  channelAllowed: boolean,
): { rows: ParsedRow[]; totalBps: number; error: string | null } {
  const parsed = rows.map((r) => parseSplitRow(r, channelAllowed));
  const totalBps = parsed.reduce((sum, r) => sum + (r.bps ?? 0), 0);
  const firstRowError = parsed.findIndex((r) => r.error);
  const keys = parsed.map((r) =>
    r.holder?.kind === "address"
      ? r.holder.address.toLowerCase()
      : r.holder?.kind === "handle"
        ? `@${r.holder.handle}`
        : r.holder?.kind,
  );
  const duplicate = keys.findIndex((k, i) => k !== undefined && keys.indexOf(k) !== i);
  const error =
    rows.length === 0
      ? "Name at least one rights holder."
      : firstRowError >= 0
        ? `Row ${firstRowError + 1}: ${parsed[firstRowError]!.error}`
        : duplicate >= 0
          ? `Row ${duplicate + 1} names the same holder as an earlier row — merge their shares.`
          : totalBps !== FULL_BPS
            ? `The shares add up to ${bpsToPercent(totalBps)}; they must add up to exactly 100 %.`
            : null;
  return { rows: parsed, totalBps, error };
}

/** Whether a table is just "you, 100 %" (then no setSplit is needed: the contract pays the creator by default). */
export function isDefaultSplit(rows: readonly SplitRow[], creator: string | undefined): boolean {
  return (
    rows.length === 1 &&
    creator !== undefined &&
    rows[0]!.who.trim().toLowerCase() === creator.toLowerCase() &&
    percentToBps(rows[0]!.share) === FULL_BPS
  );
}

/** The contract's bounds of a membership period (a creator's plan and a channel's alike), in whole days. */
export const MIN_PLAN_DAYS = Math.ceil(constants.Earnings.MIN_MEMBERSHIP_PERIOD / 86_400);
export const MAX_PLAN_DAYS = Math.floor(constants.Earnings.MAX_MEMBERSHIP_PERIOD / 86_400);

/** A membership period typed in days, as seconds (the contract's unit), or a sentence. */
export function parsePeriodDays(typed: string): { ok: true; seconds: number } | { ok: false; error: string } {
  const text = typed.trim();
  if (!/^\d+$/.test(text) || Number(text) < MIN_PLAN_DAYS || Number(text) > MAX_PLAN_DAYS)
    return { ok: false, error: `A period is a whole number of days, from ${MIN_PLAN_DAYS} to ${MAX_PLAN_DAYS}.` };
  return { ok: true, seconds: Number(text) * 86_400 };
}

/** A membership plan as typed in its form: the price of one period, the period in days, the token ("" for ETH). */
export interface PlanDraft {
  price: string;
  days: string;
  token: string;
}

/**
 * A plan form's fields checked (a creator's plan, a channel's plan proposal): the token first (the price is typed in
 * its decimals, so it must be read), then the price, then the period; the first problem as a sentence.
 */
export function checkPlan(
  draft: PlanDraft,
  erc20: TokenRead,
): { ok: true; token: TokenInfo; price: bigint; periodSeconds: number } | { ok: false; error: string } {
  const token = typedToken(draft.token, erc20);
  if (!token.ok) return { ok: false, error: `Token: ${token.error}` };
  const price = parseAmount(draft.price, token.token.decimals);
  if (!price.ok) return { ok: false, error: `Price: ${price.error}` };
  const period = parsePeriodDays(draft.days);
  if (!period.ok) return { ok: false, error: period.error };
  return { ok: true, token: token.token, price: price.value, periodSeconds: period.seconds };
}

/** A membership period: "30 days", "1 day"; shorter or odd periods as hours, minutes and seconds. */
export function formatPeriod(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) {
    const days = seconds / 86_400;
    return `${days} ${days === 1 ? "day" : "days"}`;
  }
  return formatDurationLong(seconds);
}
