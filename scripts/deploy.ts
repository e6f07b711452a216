// `npm run deploy`: deploys Chorus's contracts to any EVM chain by its RPC URL and records them, so that `npm start`
// (with CHAIN_RPC_URL) and every workspace can use that chain:
//
//   npx hardhat keystore set DEPLOYER_PRIVATE_KEY       # once: the key, encrypted under a password you choose
//   CHAIN_RPC_URL=https://… npm run deploy              # asks for the keystore's password
//
// It compiles, refuses a chain where StorageEscrow's challenges would not be sound (scripts/lib/deploy.ts), deploys
// what is not already deployed with the code compiled now (a second run deploys nothing), writes
// deployments/<chainId>.json (addresses and start blocks) and regenerates deployments/index.ts. Commit both: that is how
// the addresses reach the indexer, the web app and the other instances of this chain. DEPLOYER_PRIVATE_KEY may also come
// from the environment (CI); it is never written anywhere.
import { spawnSync } from "node:child_process";
import hre from "hardhat";
import { createPublicClient, formatEther, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ensureDeployed, LOCAL_CHAIN_ID } from "./lib/deploy.ts";
import { generate } from "./lib/generate.ts";
import { deploymentPath, ROOT } from "./lib/paths.ts";

const target = hre.config.networks.target;
if (target?.type !== "http" || !Array.isArray(target.accounts)) {
  throw new Error("hardhat.config.ts must define the `target` network with one account (see scripts/deploy.ts).");
}

if (!process.env.CHAIN_RPC_URL) {
  fail("Set CHAIN_RPC_URL to the chain's JSON-RPC URL, e.g. `CHAIN_RPC_URL=https://sepolia.base.org npm run deploy`.");
}
const rpcUrl = await target.url.getUrl();
let deployerKey: Hex;
try {
  deployerKey = (await target.accounts[0]!.get()) as Hex;
} catch (error) {
  fail(
    `No deployer key: ${(error as Error).message.split("\n")[0]}\nKeep it in Hardhat's encrypted keystore with ` +
      "`npx hardhat keystore set DEPLOYER_PRIVATE_KEY` (or set DEPLOYER_PRIVATE_KEY in the environment).",
  );
}
if (!/^0x[0-9a-fA-F]{64}$/.test(deployerKey)) fail("DEPLOYER_PRIVATE_KEY must be 0x followed by 64 hex digits.");

const chain = createPublicClient({ transport: http(rpcUrl) });
const chainId = await chain.getChainId().catch((error: Error) => fail(`${rpcUrl} did not answer: ${error.message}`));
const deployer = privateKeyToAccount(deployerKey).address;
console.log(
  `Chorus: deploying to chain ${chainId} at ${new URL(rpcUrl).host} from ${deployer} ` +
    `(balance ${formatEther(await chain.getBalance({ address: deployer }))})`,
);
if (chainId === LOCAL_CHAIN_ID) {
  console.log("(The local chain is deployed by `npm start` and `npm run generate`; this works too.)");
}

const compiled = spawnSync("npx", ["--no-install", "hardhat", "compile", "--quiet"], { cwd: ROOT, stdio: "inherit" });
if (compiled.status !== 0) fail("Compiling the contracts failed (above).");

try {
  const { deployment, changed } = await ensureDeployed(rpcUrl, { deployerKey });
  for (const [name, { address, startBlock }] of Object.entries(deployment.contracts)) {
    console.log(`  ${name.padEnd(14)} ${address}  (block ${startBlock})`);
  }
  if (!changed) {
    console.log(`Every contract was already deployed with this code; ${deploymentPath(chainId)} is unchanged.`);
  } else {
    console.log(`Recorded in ${deploymentPath(chainId)}.`);
  }
  const generated = await generate();
  console.log(`${generated.changed ? "Wrote" : "Up to date:"} ${generated.path}. Commit both.`);
} catch (error) {
  fail((error as Error).message);
}

function fail(message: string): never {
  console.error(`Chorus: ${message}`);
  process.exit(1);
}
