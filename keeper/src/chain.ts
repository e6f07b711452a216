// The keeper's side of StorageEscrow: typed reads, and transactions that are simulated first so that a revert is
// reported with the contract's custom error (viem decodes it with the ABI) instead of being mined and paid for.
import { deployments, storageEscrowAbi } from "@chorus/deployments";
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
  parseEventLogs,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** How long a transaction may take to be mined before the keeper gives up on it (and retries next poll). */
const RECEIPT_TIMEOUT_MS = 120_000;

export type EscrowEvent = ReturnType<typeof parseEventLogs<typeof storageEscrowAbi>>[number];

/** A failed call or transaction, with the custom error's name when the contract reverted. */
export function summarizeError(error: unknown): string {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName ?? revert.reason ?? revert.signature ?? "an unknown error";
      const args = revert.data?.args?.map((a) => String(a)).join(", ");
      return `reverted with ${name}${args === undefined ? "" : `(${args})`}`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The name of the custom error a call reverted with, if it did. */
export function revertName(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : undefined;
}

export async function connectEscrow(options: {
  chainRpcUrl: string;
  privateKey: Hex;
  escrowAddress?: Address | undefined;
  pollingIntervalMs: number;
}) {
  const account = privateKeyToAccount(options.privateKey);
  const transport = http(options.chainRpcUrl, { retryCount: 1, timeout: 30_000 });
  const chainId = await createPublicClient({ transport }).getChainId();
  const known = (deployments as Record<number, { StorageEscrow: { address: Address } } | undefined>)[chainId];
  const address = options.escrowAddress ?? known?.StorageEscrow.address;
  if (!address)
    throw new Error(`No StorageEscrow is recorded for chain ${chainId} in @chorus/deployments: set its address.`);
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.chainRpcUrl] } },
  });
  const client = createPublicClient({ chain, transport, pollingInterval: options.pollingIntervalMs });
  const wallet = createWalletClient({ account, chain, transport });
  const code = await client.getCode({ address });
  if (!code || code === "0x")
    throw new Error(`There is no contract at ${address} on chain ${chainId} (is it the StorageEscrow's address?).`);

  const read = { address, abi: storageEscrowAbi } as const;

  /** Simulates, sends, waits; throws (with the decoded custom error) if the call would revert or did. */
  async function send(functionName: string, args: readonly unknown[], value?: bigint): Promise<EscrowEvent[]> {
    const { request } = await client.simulateContract({
      ...read,
      account,
      functionName: functionName as never,
      args: args as never,
      ...(value ? { value } : {}),
    } as never);
    const hash = await wallet.writeContract(request as never);
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS });
    if (receipt.status !== "success")
      throw new Error(`${functionName} was mined but reverted (transaction ${hash}, block ${receipt.blockNumber}).`);
    return parseEventLogs({ abi: storageEscrowAbi, logs: receipt.logs });
  }

  return {
    chainId,
    address,
    account: account.address,
    client,
    latestBlock: () => client.getBlock({ blockTag: "latest" }),
    dealCount: () => client.readContract({ ...read, functionName: "dealCount" }),
    deal: (dealId: bigint) => client.readContract({ ...read, functionName: "deal", args: [dealId] }),
    keeper: (dealId: bigint, keeper: Address) =>
      client.readContract({ ...read, functionName: "keeper", args: [dealId, keeper] }),
    keeperAt: (dealId: bigint, slot: number) =>
      client.readContract({ ...read, functionName: "keeperAt", args: [dealId, slot] }),
    periodStatus: (dealId: bigint, keeper: Address, period: number) =>
      client.readContract({ ...read, functionName: "periodStatus", args: [dealId, keeper, period] }),
    challenge: (dealId: bigint, keeper: Address, period: number) =>
      client.readContract({ ...read, functionName: "challenge", args: [dealId, keeper, period] }),
    balanceOf: (token: Address) =>
      client.readContract({ ...read, functionName: "balanceOf", args: [account.address, token] }),
    send,
    /** Lets the escrow take `amount` of an ERC-20 stake (ETH needs nothing). */
    async approve(token: Address, amount: bigint) {
      if (token === zeroAddress || amount === 0n) return;
      const allowance = await client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [account.address, address],
      });
      if (allowance >= amount) return;
      const { request } = await client.simulateContract({
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [address, amount],
        account,
      });
      const hash = await wallet.writeContract(request);
      const receipt = await client.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS });
      if (receipt.status !== "success") throw new Error(`approve of ${token} reverted (transaction ${hash}).`);
    },
  };
}

export type Escrow = Awaited<ReturnType<typeof connectEscrow>>;
export type DealView = Awaited<ReturnType<Escrow["deal"]>>;
export type KeeperView = Awaited<ReturnType<Escrow["keeper"]>>;
