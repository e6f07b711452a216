import { CID } from "multiformats/cid";
import { getAddress, isAddress, type Address } from "viem";

export const DEFAULT_LIMIT = 24;
export const MAX_LIMIT = 100;

/** A positive integer id (channel, proposal), or undefined. */
export function parseBigId(value: string | undefined): bigint | undefined {
  return value && /^[1-9]\d{0,30}$/.test(value) ? BigInt(value) : undefined;
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_LIMIT;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT ? n : undefined;
}

/** A checksummed address and the lowercase form Ponder stores, or undefined. */
export function parseAddress(value: string | undefined): { address: Address; stored: `0x${string}` } | undefined {
  if (!value || !isAddress(value, { strict: false })) return undefined;
  const address = getAddress(value);
  return { address, stored: address.toLowerCase() as `0x${string}` };
}

/** A page cursor, `<block>.<logIndex>` of the last item of the previous page, or undefined. */
export function parseCursor(value: string): { block: bigint; logIndex: number } | undefined {
  const match = /^(\d{1,20})\.(\d{1,6})$/.exec(value);
  return match ? { block: BigInt(match[1]!), logIndex: Number(match[2]!) } : undefined;
}

/**
 * A CID as the indexer stores it (CIDv1, base32: what the contracts' binary CIDs print as), or undefined. A CIDv0
 * (`Qm…`) names the same content as its CIDv1 and is converted.
 */
export function parseCid(value: string): string | undefined {
  if (value.length > 200) return undefined;
  try {
    return CID.parse(value).toV1().toString();
  } catch {
    return undefined;
  }
}

/** Seconds since the epoch, as block timestamps count. */
export const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));
