import {
  channelsAbi,
  crowdfundAbi,
  deployments,
  filterListsAbi,
  storageEscrowAbi,
  videosAbi,
} from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { toHex, type Address, type Hex } from "viem";

export { channelsAbi, crowdfundAbi, filterListsAbi, storageEscrowAbi, videosAbi };

type ByChain = Record<
  string,
  | {
      Videos?: { address: Address };
      Channels?: { address: Address };
      StorageEscrow?: { address: Address };
      FilterLists?: { address: Address };
      Crowdfund?: { address: Address };
    }
  | undefined
>;

/** The Videos contract's address on a chain, from the generated deployments module; null where it isn't deployed. */
export function videosAddress(chainId: number): Address | null {
  // Object keys are strings at run time whether the generator writes `31337:` or `"31337":`.
  return (deployments as ByChain)[String(chainId)]?.Videos?.address ?? null;
}

/** The Channels contract's address on a chain; null where it isn't deployed. */
export function channelsAddress(chainId: number): Address | null {
  return (deployments as ByChain)[String(chainId)]?.Channels?.address ?? null;
}

/** The StorageEscrow contract's address on a chain; null where it isn't deployed. */
export function storageEscrowAddress(chainId: number): Address | null {
  return (deployments as ByChain)[String(chainId)]?.StorageEscrow?.address ?? null;
}

/** The FilterLists contract's address on a chain; null where it isn't deployed. */
export function filterListsAddress(chainId: number): Address | null {
  return (deployments as ByChain)[String(chainId)]?.FilterLists?.address ?? null;
}

/** The Crowdfund contract's address on a chain; null where it isn't deployed. */
export function crowdfundAddress(chainId: number): Address | null {
  return (deployments as ByChain)[String(chainId)]?.Crowdfund?.address ?? null;
}

/** The manifest CID as the contract stores it: the CID's binary form (`publish(bytes manifestCid)`). */
export function cidToBytes(cid: string): Hex {
  return toHex(CID.parse(cid.trim()).bytes);
}
