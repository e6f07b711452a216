import { deployments, videosAbi } from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { createPublicClient, createWalletClient, http, parseEventLogs, toHex } from "viem";
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

/** Publishes a video as the test creator; returns its id, block and transaction. */
export async function publishVideo(rpcUrl: string, manifestCid: string) {
  const account = privateKeyToAccount(CREATOR_KEY);
  const wallet = createWalletClient({ account, transport: http(rpcUrl) });
  const client = createPublicClient({ transport: http(rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: deployments[31337].Videos.address,
    abi: videosAbi,
    functionName: "publish",
    args: [toHex(CID.parse(manifestCid).bytes)],
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  const [event] = parseEventLogs({ abi: videosAbi, logs: receipt.logs, eventName: "VideoPublished" });
  return { videoId: event!.args.videoId, blockNumber: receipt.blockNumber, txHash: hash, creator: account.address };
}
