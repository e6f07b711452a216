import { and, eq, gt, lt, or, type sql } from "ponder";
import { CID } from "multiformats/cid";

type SQL = ReturnType<typeof sql>;
// A column as drizzle's comparison helpers take it.
type Column = Parameters<typeof eq>[0];

/** The lowercase form in which Ponder stores an address (the schemas accept any case). */
export const stored = (address: string) => address.toLowerCase() as `0x${string}`;

/**
 * A list ordered by chain position, newest first, continues after `cursor` (`<block>.<logIndex>` of the previous
 * page's last item): the rows strictly before it.
 */
export function beforeChainPosition(block: Column, logIndex: Column, cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const [blockText, logIndexText] = cursor.split(".") as [string, string];
  const [b, l] = [BigInt(blockText), Number(logIndexText)];
  return or(lt(block, b), and(eq(block, b), lt(logIndex, l)));
}

/**
 * A list ordered by membership expiry, latest first, then by member address, continues after `cursor`
 * (`<expiresAt>.<member>` of the previous page's last item): the rows strictly after it.
 */
export function afterExpiryAndMember(expiresAt: Column, member: Column, cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const [expiresAtText, memberText] = cursor.split(".") as [string, string];
  const at = BigInt(expiresAtText);
  return or(lt(expiresAt, at), and(eq(expiresAt, at), gt(member, stored(memberText))));
}

/**
 * One page from `limit + 1` rows fetched in the list's order: the first `limit`, and the cursor of the last one if
 * more follow (null on the last page).
 */
export function pageOf<R>(rows: R[], limit: number, cursorOf: (row: R) => string) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
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
