import { channelsAbi, deployments, storageEscrowAbi, videosAbi } from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { createPublicClient, createWalletClient, http, parseEventLogs, toHex, type Abi } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { ensureDeployed } from "../../scripts/lib/deploy.ts";

/** Anvil's second development account: a creator in tests (the first one deploys). */
export const CREATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;

/**
 * A fresh local chain with the contracts deployed; fails if they do not land at the committed addresses, which every
 * workspace reads from @chorus/deployments.
 */
export async function startChainWithContracts(port: number, stateFile?: string) {
  const anvil = await startAnvil({ port, stateFile });
  const { deployment } = await ensureDeployed(anvil.rpcUrl, { record: false });
  for (const [name, committed] of Object.entries(deployments[31337])) {
    const deployed = deployment.contracts[name as keyof typeof deployment.contracts];
    if (deployed.address !== committed.address || deployed.startBlock !== committed.startBlock) {
      await anvil.stop();
      throw new Error(`${name} deployed at ${deployed.address} (block ${deployed.startBlock}), not as committed`);
    }
  }
  return anvil;
}

/** Sends one transaction to a local contract as the holder of `key` and waits for its successful receipt. */
export async function send(
  rpcUrl: string,
  key: `0x${string}`,
  call: { address: `0x${string}`; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
) {
  const wallet = createWalletClient({ account: privateKeyToAccount(key), transport: http(rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    ...call,
    functionName: call.functionName as never,
    args: call.args as never,
    value: call.value as never,
  });
  const receipt = await createPublicClient({ transport: http(rpcUrl) }).waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted`);
  return receipt;
}

/** Publishes a video (as the test creator unless `key` says who); returns its id, block and transaction. */
export async function publishVideo(rpcUrl: string, manifestCid: string, key: `0x${string}` = CREATOR_KEY) {
  const receipt = await send(rpcUrl, key, {
    address: deployments[31337].Videos.address,
    abi: videosAbi,
    functionName: "publish",
    args: [cidBytes(manifestCid)],
  });
  const [event] = parseEventLogs({ abi: videosAbi, logs: receipt.logs, eventName: "VideoPublished" });
  return {
    videoId: event!.args.videoId,
    blockNumber: receipt.blockNumber,
    txHash: receipt.transactionHash,
    creator: addressOf(key),
  };
}

/** Anvil's development accounts #1, #2, #3 and #5 (#0 deploys): creators and channel members in tests. */
export const TEST_KEYS = [
  CREATOR_KEY,
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
] as const;

/** Sends one Channels transaction as the holder of `key`; returns the receipt's decoded Channels events. */
export async function channelsTx(rpcUrl: string, key: `0x${string}`, functionName: string, args: readonly unknown[]) {
  const address = deployments[31337].Channels.address;
  const receipt = await send(rpcUrl, key, { address, abi: channelsAbi, functionName, args });
  return parseEventLogs({ abi: channelsAbi, logs: receipt.logs });
}

/** Anvil's development accounts #6 to #9: keepers in tests (the dev stack runs its keepers as #8 and #9). */
export const KEEPER_KEYS = [
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const;

/** Sends one StorageEscrow transaction (with `value` wei for ETH deposits and stakes); returns its decoded events. */
export async function escrowTx(
  rpcUrl: string,
  key: `0x${string}`,
  functionName: string,
  args: readonly unknown[],
  value?: bigint,
) {
  const address = deployments[31337].StorageEscrow.address;
  const receipt = await send(rpcUrl, key, {
    address,
    abi: storageEscrowAbi,
    functionName,
    args,
    ...(value === undefined ? {} : { value }),
  });
  return { receipt, events: parseEventLogs({ abi: storageEscrowAbi, logs: receipt.logs }) };
}

export const cidBytes = (cid: string) => toHex(CID.parse(cid).bytes);
export const addressOf = (key: `0x${string}`) => privateKeyToAccount(key).address;
