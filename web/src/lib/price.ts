import type { PostAccess } from "@chorus/protocol";
import type { Address } from "viem";
import { ETH, isEth, parseAmount, parseToken } from "./money";

/**
 * Pure checks for a creator's *Price and access* form (the terms of `Earnings.setPrice`): what was typed, in the
 * contract's terms, or a sentence saying what to fix. No React and no chain here, so test/price.test.ts covers them.
 */

/** What `setPrice` takes: a paid post's token and price; the other accesses take ETH (address 0) and 0. */
export interface PriceTerms {
  access: PostAccess;
  token: Address;
  price: bigint;
}

export interface PriceForm {
  access: PostAccess;
  /** The price as typed ("0.01"), for `paid`. */
  amount: string;
  /** "" or "ETH", or an ERC-20's address, for `paid`. */
  token: string;
  /** The token's decimals once read from it (18 for ETH); null while unknown. */
  decimals: number | null;
  /**
   * Whether the video's bytes past the preview are encrypted (its manifest has `access`); null when the manifest
   * can't be read now.
   */
  encrypted: boolean | null;
}

/**
 * The terms to send, or what to fix. Paid and members-only are refused for a video uploaded unencrypted: its whole
 * HLS ladder is on IPFS in clear, so anyone fetches it from any gateway without paying, and a buyer would pay for
 * nothing the Buy box promises ("watch it whenever you like" is already true for everyone). Tips are the honest way to
 * take money for such a video; to sell it, upload it again as *Paid / members-only* (the worker encrypts it).
 */
export function checkPriceForm(form: PriceForm): { ok: true; terms: PriceTerms } | { ok: false; error: string } {
  if (form.access === "free") return { ok: true, terms: { access: "free", token: ETH, price: 0n } };
  if (form.encrypted === null)
    return {
      ok: false,
      error:
        "This video's manifest can't be read from IPFS right now, so whether its bytes are encrypted is unknown. Reload the page in a few minutes and try again.",
    };
  if (!form.encrypted)
    return {
      ok: false,
      error:
        form.access === "withheld"
          ? "This video was uploaded unencrypted: anyone can fetch all of it from IPFS, so withholding its key would hide nothing. It can only be free."
          : `This video was uploaded unencrypted: anyone can fetch all of it from IPFS for free, so ${form.access === "paid" ? "a price" : "members-only"} would sell nothing. To sell it, upload it again with "Paid / members-only" chosen; to take money for it as it is, fans can tip it.`,
    };
  if (form.access === "members" || form.access === "withheld")
    return { ok: true, terms: { access: form.access, token: ETH, price: 0n } };
  const token = parseToken(form.token);
  if (!token.ok) return { ok: false, error: `Token: ${token.error} Or leave it empty for ETH.` };
  if (form.decimals === null)
    return { ok: false, error: "Still reading the token's decimals from its contract — wait a moment and try again." };
  const amount = parseAmount(form.amount, form.decimals);
  if (!amount.ok) return { ok: false, error: `Price: ${amount.error}` };
  return { ok: true, terms: { access: "paid", token: token.token, price: amount.value } };
}

/** Whether the terms are those already in force (then there is nothing to sign). */
export function sameTerms(
  current: { access: PostAccess; price: { token: string; amount: string } | null },
  terms: PriceTerms,
): boolean {
  if (current.access !== terms.access) return false;
  if (terms.access !== "paid") return true;
  return (
    current.price !== null &&
    current.price.token.toLowerCase() === terms.token.toLowerCase() &&
    BigInt(current.price.amount) === terms.price
  );
}

/** The token field's starting text for the current terms: empty for ETH, else the ERC-20's address. */
export const tokenText = (token: string | undefined) => (token === undefined || isEth(token) ? "" : token);
