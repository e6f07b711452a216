import { readFile, writeFile } from "node:fs/promises";
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { readArtifact, type Artifact } from "./artifacts.ts";
import { CONTRACTS, deploymentPath, type ContractName } from "./paths.ts";

interface ContractDeployment {
  address: Address;
  startBlock: number;
}
export interface Deployment {
  chainId: number;
  contracts: Record<ContractName, ContractDeployment>;
}

/**
 * The first of the well-known development accounts of anvil and Hardhat ("test test … junk"). It deploys on the local
 * chain only: from a fresh chain its first transactions always land at the same addresses and blocks, so the committed
 * `deployments/31337.json` stays true for every developer and every test.
 */
export const LOCAL_DEPLOYER_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
export const LOCAL_CHAIN_ID = 31337;

/**
 * The chains where `StorageEscrow`'s challenges are sound: `blockhash(n)` is the hash of the chain's own block `n`,
 * served for the last 256 blocks, which no keeper can know before the block exists (docs/storage-proofs.md,
 * "Challenges and randomness"). Elsewhere — Arbitrum returns a pseudo-random value derived from L1 for its
 * `blockhash`, zkSync Era returned zero for a while, other rollups differ — challenges could be predictable or
 * impossible, so the deploy step refuses. Add a chain only after checking what its `blockhash` returns.
 */
const CHALLENGE_SOUND_CHAINS: Readonly<Record<number, string>> = {
  31337: "local anvil",
  1: "Ethereum",
  11155111: "Sepolia",
  560048: "Hoodi",
  10: "OP Mainnet",
  11155420: "OP Sepolia",
  8453: "Base",
  84532: "Base Sepolia",
};

/** Throws, saying why and what to do, unless `chainId` is one where StorageEscrow's challenges are sound. */
export function assertChallengeSoundChain(chainId: number): void {
  if (CHALLENGE_SOUND_CHAINS[chainId] !== undefined) return;
  const known = Object.entries(CHALLENGE_SOUND_CHAINS)
    .map(([id, name]) => `${name} (${id})`)
    .join(", ");
  throw new Error(
    `Refusing to deploy to chain ${chainId}: StorageEscrow draws its challenges from blockhash, and this chain is not ` +
      `one where that is known to be the hash of its own recent blocks (${known}). Check what its blockhash returns ` +
      '(docs/storage-proofs.md, "Challenges and randomness") and add it to CHALLENGE_SOUND_CHAINS in scripts/lib/deploy.ts.',
  );
}

/**
 * Constructor arguments of the contracts that take them: addresses of contracts deployed before them (CONTRACTS is in
 * deployment order). Such a contract holds them as immutables, so it is redeployed whenever one of them changes.
 */
const CONSTRUCTOR_ARGS: Partial<
  Record<ContractName, (deployed: Partial<Record<ContractName, ContractDeployment>>) => Address[]>
> = {
  Comments: (deployed) => [deployed.Videos!.address, deployed.Channels!.address, deployed.Handles!.address],
  // Membership of a community channel authorises a stream in it.
  Streams: (deployed) => [deployed.Channels!.address],
  // Posts (videos, releases), channels' pots and streams' creators are read from these.
  Earnings: (deployed) => [deployed.Videos!.address, deployed.Channels!.address, deployed.Streams!.address],
  // Membership of a community channel authorises a campaign for it; its proceeds go to the channel's pot in Earnings.
  Crowdfund: (deployed) => [deployed.Channels!.address, deployed.Earnings!.address],
};

/**
 * Whether `code` (as deployed on chain) is the artifact's code with exactly `args` as its immutables: the artifact's
 * `deployedBytecode` has zeros where the constructor writes immutables, and each immutable must be one of the (address)
 * arguments, every argument used.
 */
function isDeployedWith(code: Hex | undefined, artifact: Artifact, args: Address[]): boolean {
  if (!code || code.length !== artifact.deployedBytecode.length) return false;
  let masked = code.toLowerCase();
  const used = new Set<string>();
  for (const refs of Object.values(artifact.immutableReferences ?? {})) {
    for (const { start, length } of refs) {
      const [from, to] = [2 + start * 2, 2 + (start + length) * 2];
      const word = masked.slice(from, to);
      const arg = args.find(
        (a) =>
          word ===
          a
            .slice(2)
            .toLowerCase()
            .padStart(length * 2, "0"),
      );
      if (!arg) return false;
      used.add(arg);
      masked = masked.slice(0, from) + "0".repeat(to - from) + masked.slice(to);
    }
  }
  return used.size === args.length && masked === artifact.deployedBytecode.toLowerCase();
}

async function readDeployment(chainId: number): Promise<Deployment | undefined> {
  try {
    return JSON.parse(await readFile(deploymentPath(chainId), "utf8")) as Deployment;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure every contract is deployed on the chain at `rpcUrl` with the code compiled now, deploying what is missing,
 * and records addresses and start blocks in `deployments/<chainId>.json` (unless `record` is false, as in tests, which
 * instead check that a fresh local chain gets exactly the committed addresses). Returns the deployment and whether it changed.
 */
export async function ensureDeployed(
  rpcUrl: string,
  { deployerKey = LOCAL_DEPLOYER_KEY, record = true }: { deployerKey?: Hex; record?: boolean } = {},
) {
  const publicClient = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await publicClient.getChainId();
  assertChallengeSoundChain(chainId);
  if (chainId !== LOCAL_CHAIN_ID && deployerKey === LOCAL_DEPLOYER_KEY) {
    throw new Error(
      `Refusing to deploy to chain ${chainId} with the public development key; set DEPLOYER_PRIVATE_KEY.`,
    );
  }
  const account = privateKeyToAccount(deployerKey);
  const wallet = createWalletClient({ account, transport: http(rpcUrl) });
  const previous = await readDeployment(chainId);
  const contracts = {} as Record<ContractName, ContractDeployment>;
  let changed = false;

  for (const name of CONTRACTS) {
    const artifact = await readArtifact(name);
    const args = CONSTRUCTOR_ARGS[name]?.(contracts) ?? [];
    const known = previous?.contracts[name];
    if (known && isDeployedWith(await publicClient.getCode({ address: known.address }), artifact, args)) {
      contracts[name] = known;
      continue;
    }
    const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args, chain: null });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`Deploying ${name} failed (transaction ${hash}).`);
    contracts[name] = { address: getAddress(receipt.contractAddress), startBlock: Number(receipt.blockNumber) };
    changed = true;
  }

  const deployment: Deployment = { chainId, contracts };
  const text = `${JSON.stringify(deployment, null, 2)}\n`;
  // A fresh local chain deploys everything again at the recorded addresses: the same text, left alone (stacks that
  // start side by side would otherwise rewrite the file while another reads it).
  if (changed && record && text !== (await readFile(deploymentPath(chainId), "utf8").catch(() => "")))
    await writeFile(deploymentPath(chainId), text);
  return { deployment, changed };
}
