import { deployments, videosAbi } from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { toHex, type Address, type Hex } from "viem";

export { videosAbi };

/** The Videos contract's address on a chain, from the generated deployments module; null where it isn't deployed. */
export function videosAddress(chainId: number): Address | null {
  // Object keys are strings at run time whether the generator writes `31337:` or `"31337":`.
  const byChain = deployments as Record<string, { Videos?: { address: Address } } | undefined>;
  return byChain[String(chainId)]?.Videos?.address ?? null;
}

/** The manifest CID as the contract stores it: the CID's binary form (`publish(bytes manifestCid)`). */
export function cidToBytes(cid: string): Hex {
  return toHex(CID.parse(cid.trim()).bytes);
}
