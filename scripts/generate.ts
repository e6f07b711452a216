// Regenerates what flows from compilation and deployment: deploys every contract on a throwaway local chain (so
// `deployments/31337.json` records the addresses and blocks a fresh chain gives them), then writes
// deployments/index.ts from the artifacts and the recorded deployments.
import { startAnvil } from "./lib/anvil.ts";
import { ensureDeployed } from "./lib/deploy.ts";
import { generate } from "./lib/generate.ts";
import { freePort } from "./lib/process.ts";

const anvil = await startAnvil({ port: await freePort() });
try {
  await ensureDeployed(anvil.rpcUrl, { record: true });
} finally {
  await anvil.stop();
}
const { path: written, changed } = await generate();
console.log(changed ? `wrote ${written}` : `${written} is up to date`);
