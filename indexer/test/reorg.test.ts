// The catalogue follows a chain reorganisation (issue 13): anvil replaces the block that held a publish with an empty
// one (`anvil_reorg`, as when a rollup's sequencer or an L1 fork drops a block), and the video leaves the listing, its
// page and search; the same signed transaction, sent again as a node would rebroadcast it, lands in a later block and
// the video comes back with its new block. A video published before the reorg's depth stays throughout. Ponder keeps
// the blocks it has not yet treated as final (30 on a chain it doesn't know) and reverts their rows; our search text
// is joined to the catalogue by CID, so it follows without a handler of its own.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, videosAbi } from "@chorus/deployments";
import { startIpfsNode } from "@chorus/ipfs-node";
import type { Page, SearchPage, Video } from "@chorus/protocol";
import { createPublicClient, createWalletClient, encodeFunctionData, type Hex, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePort, type Service, waitFor } from "../../scripts/lib/process.ts";
import { CREATOR_KEY, cidBytes, publishVideo, startChainWithContracts } from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer } from "./support.ts";

describe("indexer through a chain reorganisation", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;

  const manifest = (title: string) =>
    addDirectory(ipfs.rpcUrl, [
      {
        path: "manifest.json",
        content: JSON.stringify({
          schema: "chorus.video/1",
          title,
          description: "",
          durationSeconds: 4,
          width: 426,
          height: 240,
          master: "master.m3u8",
        }),
      },
    ]);
  const listedIds = async () => ((await getJson(`${api}/videos?limit=50`)).body as Page<Video>).items.map((v) => v.id);
  const searchIds = async (q: string) =>
    ((await getJson(`${api}/search?q=${encodeURIComponent(q)}`)).body as SearchPage).items.flatMap((hit) =>
      hit.kind === "video" ? [hit.video.id] : [],
    );

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-reorg-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    ({ service: indexer, api } = await startIndexer({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
    }));
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("drops a video whose publish was reorged out, and shows it again when the transaction is re-included", async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const stayed = await publishVideo(chain.rpcUrl, await manifest("Harbour at noon"));
    // Blocks between the two publishes, so that the reorg below (depth 1) cannot touch the first.
    for (let i = 0; i < 3; i++) await client.request({ method: "evm_mine" } as never);

    // The second publish, signed once and kept: the same bytes are sent again after the reorg.
    const wallet = createWalletClient({ account: privateKeyToAccount(CREATOR_KEY), transport: http(chain.rpcUrl) });
    const request = await wallet.prepareTransactionRequest({
      to: deployments[31337].Videos.address,
      data: encodeFunctionData({
        abi: videosAbi,
        functionName: "publish",
        args: [cidBytes(await manifest("Lighthouse keeper"))],
      }),
      chain: null,
    });
    const signed: Hex = await wallet.signTransaction({ ...request, chain: null } as never);
    const hash = await client.sendRawTransaction({ serializedTransaction: signed });
    const receipt = await client.waitForTransactionReceipt({ hash });
    const videoId = parseEventLogs({
      abi: videosAbi,
      logs: receipt.logs,
      eventName: "VideoPublished",
    })[0]!.args.videoId.toString();

    await waitFor(async () => (await listedIds()).includes(videoId), { what: "the second video in the listing" });
    await waitFor(async () => (await searchIds("lighthouse")).includes(videoId), {
      what: "the second video in search",
    });
    assert.equal((await getJson(`${api}/videos/${videoId}`)).body.blockNumber, receipt.blockNumber.toString());

    // The block that held the publish is replaced by an empty one; the next block builds on the new one.
    await client.request({ method: "anvil_reorg", params: [1, []] } as never);
    await client.request({ method: "evm_mine" } as never);
    await assert.rejects(client.getTransactionReceipt({ hash }), "the chain no longer has the publish");

    await waitFor(async () => !(await listedIds()).includes(videoId), {
      what: "the reorged-out video to leave the listing",
    });
    assert.equal((await getJson(`${api}/videos/${videoId}`)).status, 404);
    assert.deepEqual(await searchIds("lighthouse"), [], "search follows the catalogue");
    assert.ok((await listedIds()).includes(stayed.videoId.toString()), "the earlier video is untouched");

    // Re-included: the same transaction (same hash, same video id: the counter was rolled back too) in a later block.
    assert.equal(await client.sendRawTransaction({ serializedTransaction: signed }), hash);
    const again = await client.waitForTransactionReceipt({ hash });
    assert.ok(again.blockNumber > receipt.blockNumber);
    await waitFor(async () => (await getJson(`${api}/videos/${videoId}`)).status === 200, {
      what: "the re-included video",
    });
    const video = (await getJson(`${api}/videos/${videoId}`)).body;
    assert.equal(video.blockNumber, again.blockNumber.toString());
    assert.equal(video.txHash, hash);
    assert.equal(video.manifest?.title, "Lighthouse keeper");
    await waitFor(async () => (await searchIds("lighthouse")).includes(videoId), { what: "it in search again" });
    assert.deepEqual(
      (await listedIds()).filter((id) => id === videoId || id === stayed.videoId.toString()),
      [videoId, stayed.videoId.toString()],
      "both listed, newest first, once each",
    );
  });
});
