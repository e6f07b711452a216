// A public chain, not only the local one (issue 13): `npm run deploy` deploys to any EVM chain by its RPC URL with a key
// from the environment or Hardhat's keystore — here an anvil under OP Mainnet's chain id standing in for an L2, with
// the records written to a temporary directory (CHORUS_DEPLOYMENTS_DIR) so the repository is untouched — and `npm
// start` joins an existing chain (CHAIN_RPC_URL) without starting or deploying one of its own.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments } from "@chorus/deployments";
import { createPublicClient, http } from "viem";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { type Deployment, ensureDeployed } from "../../scripts/lib/deploy.ts";
import { CONTRACTS, ROOT } from "../../scripts/lib/paths.ts";
import { freePort, waitFor } from "../../scripts/lib/process.ts";
import { freePorts, startStack } from "../../scripts/lib/stack.ts";
import { tsxCommand } from "../../scripts/lib/tsx.ts";
import { publishVideo } from "../lib/chain.ts";

const OP_MAINNET = 10;
const DEPLOYER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"; // anvil account #2

/** Runs `npm run deploy`'s script to its end; its exit code and everything it printed. */
function deploy(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const [command, args] = tsxCommand(path.join(ROOT, "scripts/deploy.ts"));
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

describe("npm run deploy: any EVM chain by its RPC URL", () => {
  let tmp: string;
  let anvil: Awaited<ReturnType<typeof startAnvil>>;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-deploy-"));
    anvil = await startAnvil({ port: await freePort(), chainId: OP_MAINNET });
    env = {
      ...process.env,
      CHAIN_RPC_URL: anvil.rpcUrl,
      CHORUS_DEPLOYMENTS_DIR: tmp,
      // No keystore of the developer's own is found (Hardhat keeps it under the config directory).
      XDG_CONFIG_HOME: path.join(tmp, "config"),
    };
    delete env.DEPLOYER_PRIVATE_KEY;
  });
  after(async () => {
    await anvil?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("without a key, says how to keep one in Hardhat's keystore, and sends nothing", async () => {
    const { code, output } = await deploy(env);
    assert.equal(code, 1, output);
    assert.match(output, /No deployer key/);
    assert.match(output, /npx hardhat keystore set DEPLOYER_PRIVATE_KEY/);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    assert.equal(await client.getBlockNumber(), 0n, "no transaction was sent");
  });

  it("deploys every contract, records deployments/<chainId>.json and index.ts, and a second run deploys nothing", async () => {
    const first = await deploy({ ...env, DEPLOYER_PRIVATE_KEY: DEPLOYER_KEY });
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /deploying to chain 10 /);
    const record = JSON.parse(await readFile(path.join(tmp, "10.json"), "utf8")) as Deployment;
    assert.equal(record.chainId, OP_MAINNET);
    assert.deepEqual(Object.keys(record.contracts), [...CONTRACTS]);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    for (const [name, { address }] of Object.entries(record.contracts)) {
      assert.ok(await client.getCode({ address }), `${name} has code at ${address}`);
    }
    const generated = await readFile(path.join(tmp, "index.ts"), "utf8");
    assert.match(generated, new RegExp(`^ {2}10: \\{[\\s\\S]*"address": "${record.contracts.Videos.address}"`, "m"));

    const blocks = await client.getBlockNumber();
    const second = await deploy({ ...env, DEPLOYER_PRIVATE_KEY: DEPLOYER_KEY });
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /Every contract was already deployed with this code/);
    assert.equal(await client.getBlockNumber(), blocks, "nothing sent");
    assert.deepEqual(JSON.parse(await readFile(path.join(tmp, "10.json"), "utf8")), record);
  });
});

describe("npm start on an existing chain (CHAIN_RPC_URL)", () => {
  let tmp: string;
  let anvil: Awaited<ReturnType<typeof startAnvil>>;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-join-"));
  });
  after(async () => {
    await anvil?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("refuses, before starting anything, a chain with no recorded deployment or without the recorded contracts", async () => {
    const other = await startAnvil({ port: await freePort(), chainId: OP_MAINNET });
    try {
      await assert.rejects(
        startStack({ dataDir: path.join(tmp, "a"), ports: await freePorts(), chainRpcUrl: other.rpcUrl }),
        /No deployment recorded for chain 10 .*npm run deploy/s,
      );
    } finally {
      await other.stop();
    }
    // The local chain's id, but nothing deployed on it: a reset chain, or the wrong URL.
    const empty = await startAnvil({ port: await freePort() });
    try {
      await assert.rejects(
        startStack({ dataDir: path.join(tmp, "b"), ports: await freePorts(), chainRpcUrl: empty.rpcUrl }),
        /Chain 31337 at .* has no Videos contract at 0x[0-9a-fA-F]{40}/,
      );
    } finally {
      await empty.stop();
    }
  });

  it("joins it: no chain or deploy of its own, no keepers, and the catalogue has what was published before", async () => {
    anvil = await startAnvil({ port: await freePort() });
    const { deployment } = await ensureDeployed(anvil.rpcUrl, { record: false });
    assert.equal(deployment.contracts.Videos.address, deployments[31337].Videos.address);
    const published = await publishVideo(anvil.rpcUrl, "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");

    const ports = await freePorts();
    const stack = await startStack({ dataDir: path.join(tmp, "data"), ports, web: false, chainRpcUrl: anvil.rpcUrl });
    try {
      assert.equal(stack.urls.chain, anvil.rpcUrl);
      assert.deepEqual(stack.keepers, []);
      const local = createPublicClient({ transport: http(`http://127.0.0.1:${ports.chain}`) });
      await assert.rejects(local.getChainId(), "no local chain was started");
      await waitFor(
        async () => {
          const page = (await (await fetch(`${stack.urls.indexer}/videos`)).json()) as { items: { id: string }[] };
          return page.items.some((v) => v.id === published.videoId.toString());
        },
        { what: "the video published before the stack started" },
      );
    } finally {
      await stack.stop();
    }
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    assert.equal(await client.getChainId(), 31337, "the chain it joined is not stopped with it");
  });
});
