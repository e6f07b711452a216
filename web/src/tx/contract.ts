"use client";
import { erc20Abi, type Address } from "viem";
import type { Config } from "wagmi";
import { readContract, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { type ContractName, contractAddress } from "@/lib/contracts";
import { isEth } from "@/lib/money";
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

/**
 * Before a contract takes an ERC-20 amount with `transferFrom`: if `owner`'s allowance for `spender` is short, an
 * `approve` of exactly the amount (a signature of its own), awaited until mined. Nothing for ETH, which goes with the
 * call. `outcome` says what didn't happen if the token refuses ("nothing was paid").
 */
export async function approveIfShort(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { token: Address; owner: Address; spender: Address; amount: bigint; outcome: string },
) {
  if (isEth(input.token)) return;
  const allowance = await readContract(wagmiConfig, {
    address: input.token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [input.owner, input.spender],
    chainId: config.chainId,
  });
  if (allowance >= input.amount) return;
  const { request } = await simulateContract(wagmiConfig, {
    address: input.token,
    abi: erc20Abi,
    functionName: "approve",
    args: [input.spender, input.amount],
    chainId: config.chainId,
    account: input.owner,
  });
  const hash = await writeContract(wagmiConfig, request);
  const receipt = await waitForTransactionReceipt(wagmiConfig, { hash, chainId: config.chainId });
  if (receipt.status !== "success")
    throw new UserFacingError(`The token refused to let the contract take the amount, so ${input.outcome}.`);
}
