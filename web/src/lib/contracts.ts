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

/** The name of a contract in the generated deployments module (`Videos`, `Earnings`, …). */
export type ContractName = keyof (typeof deployments)[keyof typeof deployments];

/** A contract's address on a chain, from the generated deployments module; null where it isn't deployed. */
export function contractAddress(name: ContractName, chainId: number): Address | null {
  // Object keys are strings at run time whether the generator writes `31337:` or `"31337":`.
  const byChain = deployments as unknown as Record<string, Partial<Record<ContractName, { address: Address }>>>;
  return byChain[String(chainId)]?.[name]?.address ?? null;
}

export const videosAddress = (chainId: number) => contractAddress("Videos", chainId);
export const channelsAddress = (chainId: number) => contractAddress("Channels", chainId);
export const storageEscrowAddress = (chainId: number) => contractAddress("StorageEscrow", chainId);

/** The manifest CID as the contract stores it: the CID's binary form (`publish(bytes manifestCid)`). */
export function cidToBytes(cid: string): Hex {
  return toHex(CID.parse(cid.trim()).bytes);
}
