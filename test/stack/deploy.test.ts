// The deploy step refuses chains where StorageEscrow's challenges would not be sound (scripts/lib/deploy.ts,
// docs/storage-proofs.md "Challenges and randomness"), before it sends anything; the local chain deploys.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { commentsAbi, earningsAbi, streamsAbi, videosAbi } from "@chorus/deployments";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { assertChallengeSoundChain, ensureDeployed, LOCAL_DEPLOYER_KEY } from "../../scripts/lib/deploy.ts";
import { freePort } from "../../scripts/lib/process.ts";

const ARBITRUM_ONE = 42161;
const DEPLOYER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account #1

describe("deploy: chains whose blockhash is sound for challenges", () => {
  let anvil: Awaited<ReturnType<typeof startAnvil>>;
  before(async () => {
    anvil = await startAnvil({ port: await freePort(), chainId: ARBITRUM_ONE });
  });
  after(async () => {
    await anvil?.stop();
  });

  it("refuses a chain not known to serve its own block hashes, and sends nothing", async () => {
    await assert.rejects(ensureDeployed(anvil.rpcUrl, { deployerKey: DEPLOYER_KEY, record: false }), (error: Error) => {
      assert.match(
        error.message,
        /Refusing to deploy to chain 42161: StorageEscrow draws its challenges from blockhash/,
      );
      assert.match(error.message, /CHALLENGE_SOUND_CHAINS/);
      return true;
    });
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const nonce = await client.getTransactionCount({ address: privateKeyToAccount(DEPLOYER_KEY).address });
    assert.equal(nonce, 0);
  });

  it("accepts the local chain and the chains Chorus targets", () => {
    for (const chainId of [31337, 1, 11155111, 10, 8453]) assert.doesNotThrow(() => assertChallengeSoundChain(chainId));
    assert.throws(() => assertChallengeSoundChain(324), /Refusing to deploy to chain 324/);
  });
});

describe("deploy: a chain that already has the contracts", () => {
  let anvil: Awaited<ReturnType<typeof startAnvil>>;
  before(async () => {
    anvil = await startAnvil({ port: await freePort() });
  });
  after(async () => {
    await anvil?.stop();
  });

  it("keeps every contract on a second run, Comments, Streams and Earnings (built with the others' addresses) included", async () => {
    const first = await ensureDeployed(anvil.rpcUrl, { record: false });
    assert.equal(first.changed, true);
    const second = await ensureDeployed(anvil.rpcUrl, { record: false });
    assert.equal(second.changed, false, "nothing redeployed");
    assert.deepEqual(second.deployment, first.deployment);

    // Comments reads posts from the Videos deployed beside it.
    const { Videos, Comments } = first.deployment.contracts;
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const wallet = createWalletClient({
      account: privateKeyToAccount(LOCAL_DEPLOYER_KEY),
      transport: http(anvil.rpcUrl),
    });
    const hash = await wallet.writeContract({
      chain: null,
      address: Videos.address,
      abi: videosAbi,
      functionName: "publish",
      args: ["0x01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a"],
    });
    await client.waitForTransactionReceipt({ hash });
    const creator = await client.readContract({
      address: Comments.address,
      abi: commentsAbi,
      functionName: "creatorOf",
      args: [0, 1n],
    });
    assert.equal(creator, wallet.account.address);

    // Streams holds the Channels deployed before it.
    const channels = await client.readContract({
      address: first.deployment.contracts.Streams.address,
      abi: streamsAbi,
      functionName: "channels",
    });
    assert.equal(channels, first.deployment.contracts.Channels.address);

    // Earnings holds the Videos, Channels and Streams deployed before it.
    const { Earnings } = first.deployment.contracts;
    for (const [functionName, expected] of [
      ["videos", Videos.address],
      ["channels", first.deployment.contracts.Channels.address],
      ["streams", first.deployment.contracts.Streams.address],
    ] as const) {
      const held = await client.readContract({ address: Earnings.address, abi: earningsAbi, functionName });
      assert.equal(held, expected, `Earnings.${functionName}()`);
    }
  });
});
