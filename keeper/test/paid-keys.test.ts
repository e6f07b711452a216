// The key service of paid videos (docs/paid-videos.md), all real parts: a chain with the contracts (Earnings sells
// access), the creator's IPFS node and worker (which encrypts the upload and serves its key), and a keeper on its own
// node that takes a storage deal on the video, receives the key sealed to it and serves it once the worker is gone.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, earningsAbi, enums } from "@chorus/deployments";
import { startWorker } from "@chorus/ffmpeg-worker";
import {
  type KeyRequest,
  keyRequestDomain,
  keyRequestTypes,
  keyRequestMessage,
  videoManifestSchema,
} from "@chorus/protocol";
import { type Hex, parseEther, toHex, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { makeClip } from "../../ffmpeg-worker/test/helpers.ts";
import { CREATOR_KEY, KEEPER_KEYS, TEST_KEYS, addressOf, publishVideo, send } from "../../test/lib/chain.ts";
import { type RunningKeeper, startKeeper } from "../src/keeper.ts";
import {
  createDeal,
  startTestChain,
  startTestNode,
  tempDir,
  waitFor,
  type TestChain,
  type TestNode,
} from "./helpers.ts";

const EARNINGS = deployments[31337].Earnings.address;
const PAID = enums.Access.indexOf("Paid");
const PRICE = parseEther("0.01");
const BUYER = TEST_KEYS[1];
const STRANGER = TEST_KEYS[2];

describe("paid videos: the key service on the creator's worker and on a keeper", () => {
  let chain: TestChain;
  let stopMining: () => Promise<void>;
  let creatorNode: TestNode;
  let keeperNode: TestNode;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let keeper: RunningKeeper | undefined;
  let manifestCid: string;
  let keyId: string;
  let key: Buffer;
  let videoId: bigint;
  let keeperDir: string;

  /** A request signed by `signer` on behalf of `account` (the same unless forging). */
  async function signedRequest(
    signerKey: Hex,
    overrides: Partial<KeyRequest> = {},
    account = privateKeyToAccount(signerKey).address,
  ): Promise<KeyRequest> {
    const base = {
      kind: 0 as const,
      postId: videoId.toString(),
      manifestCid,
      account,
      expiry: Math.floor(Date.now() / 1000) + 120,
      nonce: toHex(crypto.getRandomValues(new Uint8Array(32))),
      ...overrides,
    };
    const signature = await privateKeyToAccount(signerKey).signTypedData({
      domain: keyRequestDomain(31337),
      types: keyRequestTypes,
      primaryType: "KeyRequest",
      message: keyRequestMessage(keyId, base),
    });
    return { ...base, signature, ...(overrides.signature ? { signature: overrides.signature } : {}) };
  }
  async function ask(url: string, body: unknown, id = keyId) {
    const response = await fetch(`${url}/keys/${id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.ok) return { status: response.status, key: Buffer.from(await response.arrayBuffer()) };
    return {
      status: response.status,
      error: ((await response.json()) as { error: { code: string; message: string } }).error,
    };
  }

  before(async () => {
    const dir = await tempDir("paid");
    chain = await startTestChain();
    stopMining = chain.mineEvery(200);
    [creatorNode, keeperNode] = await Promise.all([startTestNode("creator"), startTestNode("keeper")]);
    await keeperNode.ipfs.swarm.connect(creatorNode.node.multiaddrs[0]! as never);
    worker = await startWorker({
      port: 0,
      dataDir: path.join(dir, "worker"),
      kuboRpcUrl: creatorNode.node.rpcUrl,
      chainRpcUrl: chain.rpcUrl,
      chainId: 31337,
    });
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 426, height: 240, seconds: 6 });
    const upload = await fetch(`${worker.url}/jobs?filename=clip.mp4&access=encrypted&previewSeconds=2`, {
      method: "POST",
      body: await readFile(clip),
    });
    const { job } = (await upload.json()) as { job: { id: string } };
    await fetch(`${worker.url}/jobs/${job.id}/details`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Paid clip" }),
    });
    const published = await waitFor(
      async () => {
        const { job: j } = (await (await fetch(`${worker!.url}/jobs/${job.id}`)).json()) as {
          job: { status: string; manifestCid?: string; storage?: { root: Hex; size: number } };
        };
        return j.status === "published" && j.storage ? j : undefined;
      },
      { timeoutMs: 120_000, what: "the paid clip published with its storage root" },
    );
    manifestCid = published.manifestCid!;
    const chunks: Uint8Array[] = [];
    for await (const chunk of creatorNode.ipfs.cat(`${manifestCid}/manifest.json`)) chunks.push(chunk);
    const manifestText = Buffer.concat(chunks);
    keyId = videoManifestSchema.parse(JSON.parse(manifestText.toString("utf8"))).access!.keyId;
    key = await readFile(path.join(dir, "worker", "keys", `${keyId}.key`));
    // Published and not priced yet: withheld until the first test has asked (then the creator sells access).
    ({ videoId } = await publishVideo(chain.rpcUrl, manifestCid));

    // A storage deal on the video, which the keeper takes.
    keeperDir = await tempDir("paid-keeper");
    await createDeal(chain.rpcUrl, TEST_KEYS[3], {
      cid: manifestCid,
      size: published.storage!.size,
      root: published.storage!.root,
      start: (await chain.now()) + 30n,
    });
    keeper = await startKeeper({
      chainRpcUrl: chain.rpcUrl,
      privateKey: KEEPER_KEYS[0],
      ipfsRpcUrl: keeperNode.node.rpcUrl,
      dataDir: keeperDir,
      maxBytes: 100 * 1024 * 1024,
      minPricePerPeriod: 1n,
      maxStakePerReplica: parseEther("1"),
      pollMs: 200,
      keyPort: 0,
    });
  });

  after(async () => {
    await keeper?.stop();
    await worker?.stop();
    await stopMining?.();
    await Promise.all([creatorNode, keeperNode].map((n) => n?.node.stop()));
    await chain?.anvil.stop();
  });

  it("before its creator prices it, a stranger is refused ('withheld', nothing to buy yet) and the creator gets the key", async () => {
    const stranger = await ask(worker!.url, await signedRequest(STRANGER));
    assert.equal(stranger.status, 403);
    assert.equal(stranger.error?.code, "withheld");
    assert.match(stranger.error!.message, /hasn't opened this video yet/);
    const creator = await ask(worker!.url, await signedRequest(CREATOR_KEY));
    assert.equal(creator.status, 200, JSON.stringify(creator.error));
    assert.deepEqual(creator.key, key);

    // The creator sells access; the buyer buys it.
    await send(chain.rpcUrl, CREATOR_KEY, {
      address: EARNINGS,
      abi: earningsAbi,
      functionName: "setPrice",
      args: [0, videoId, PAID, zeroAddress, PRICE],
    });
    await send(chain.rpcUrl, BUYER, {
      address: EARNINGS,
      abi: earningsAbi,
      functionName: "buy",
      args: [0, videoId, zeroAddress, PRICE],
      value: PRICE,
    });
  });

  it("the buyer gets the 16-byte key from the creator's worker", async () => {
    const answer = await ask(worker!.url, await signedRequest(BUYER));
    assert.equal(answer.status, 200, JSON.stringify(answer.error));
    assert.deepEqual(answer.key, key);
  });

  it("a non-buyer is refused with 403 and a sentence saying to buy or join", async () => {
    const answer = await ask(worker!.url, await signedRequest(STRANGER));
    assert.equal(answer.status, 403);
    assert.equal(answer.error?.code, "no-access");
    assert.match(answer.error!.message, /buy it or join/);
  });

  it("a forged signature, an expired request, a too-distant expiry, a replayed nonce and a wrong post are refused", async () => {
    const forged = await ask(worker!.url, await signedRequest(STRANGER, {}, addressOf(BUYER)));
    assert.equal(forged.status, 403);
    assert.equal(forged.error?.code, "bad-signature");

    const expired = await ask(worker!.url, await signedRequest(BUYER, { expiry: Math.floor(Date.now() / 1000) - 1 }));
    assert.equal(expired.error?.code, "expired");
    const far = await ask(worker!.url, await signedRequest(BUYER, { expiry: Math.floor(Date.now() / 1000) + 3600 }));
    assert.equal(far.error?.code, "expiry-too-far");

    const once = await signedRequest(BUYER);
    assert.equal((await ask(worker!.url, once)).status, 200);
    const again = await ask(worker!.url, once);
    assert.equal(again.status, 403);
    assert.equal(again.error?.code, "replayed");

    // The buyer's signature over another post id (a video whose manifest is not this one).
    const wrong = await ask(worker!.url, await signedRequest(BUYER, { postId: (videoId + 1000n).toString() }));
    assert.equal(wrong.status, 403);
    assert.equal(wrong.error?.code, "wrong-post");

    const malformed = await ask(worker!.url, { kind: 0 });
    assert.equal(malformed.status, 400);
  });

  it("the keeper of the video's storage deal receives the key sealed to it and serves it once the worker is stopped", async () => {
    assert.ok(keeper?.keysUrl);
    await waitFor(() => readFile(path.join(keeperDir, "keys", `${keyId}.key`)).catch(() => undefined), {
      timeoutMs: 60_000,
      what: "the keeper to store the sealed key",
    });
    await worker!.stop();
    worker = undefined;
    const answer = await ask(keeper.keysUrl, await signedRequest(BUYER));
    assert.equal(answer.status, 200, JSON.stringify(answer.error));
    assert.deepEqual(answer.key, key);
    const refused = await ask(keeper.keysUrl, await signedRequest(STRANGER));
    assert.equal(refused.error?.code, "no-access");
  });
});
