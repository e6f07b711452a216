"use client";
import type { Address } from "viem";
import { type ContractName, contractAddress } from "@/lib/contracts";
import { UserFacingError } from "./useContractTx";

/**
 * The preamble every plan shares: the contract's address in this build's deployments for the configured chain, or a
 * sentence saying there is none and what that means here. (Each plan then simulates its call first — so a revert comes
 * back as the contract's custom error, which lib/errors.ts turns into a sentence, whereas the local chain mines a
 * reverting transaction from the dev wallet as failed and browser wallets only warn that it "may fail" — and sends the
 * simulated request: `simulateContract(…).then(({ request }) => writeContract(wagmiConfig, request))`.)
 */
export function deployedAt(contract: ContractName, chainId: number, consequence: string): Address {
  const address = contractAddress(contract, chainId);
  if (!address)
    throw new UserFacingError(
      `There is no ${contract} contract for chain ${chainId} in this build's deployments, so ${consequence}.`,
    );
  return address;
}
