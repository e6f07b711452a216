// 4. Transaction mined → visible in the indexer's REST API, against the whole stack (chain, IPFS, worker, indexer).
//    Each of N videos gets its own manifest (the pipeline's output with a different title, added to the stack's IPFS
//    node beforehand), is published as the test creator, and is timed from the receipt (waitForTransactionReceipt
//    returns) to `GET /videos/:id` answering 200, polling every 20 ms. Baseline: sending the transaction → its receipt.
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deployments, videosAbi } from "@chorus/deployments";
import { addDirectoryToIpfs } from "@chorus/ffmpeg-worker";
import { CID } from "multiformats/cid";
import { createPublicClient, createWalletClient, http, parseEventLogs, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePorts, startStack } from "../lib/stack.ts";
import { CREATOR_KEY } from "../../test/lib/chain.ts";
import { judge, type Result } from "./report.ts";
import { type Cleanup, cpuSince, cpuSnapshot, formatMs, log, max, median, sleep } from "./util.ts";

export interface IndexerBenchOptions {
  tmp: string;
  /** A finished pipeline output directory (with manifest.json). */
  outDir: string;
  videos: number;
  pollMs: number;
  cleanup: Cleanup;
  verbose: boolean;
}

const INDEX_TIMEOUT_MS = 30_000;

export async function benchIndexer({
  tmp,
  outDir,
  videos,
  pollMs,
  cleanup,
  verbose,
}: IndexerBenchOptions): Promise<Result[]> {
  const dataDir = path.join(tmp, "stack");
  const startedAt = performance.now();
  const starting = startStack({
    dataDir,
    ports: await freePorts(),
    web: false,
    keepers: 0,
    onReady: (part, detail, ms) => log(`  stack: ${part} ready (${formatMs(ms)}) ${verbose ? detail : ""}`),
    ...(verbose ? { onLine: (part: string, line: string) => console.log(`  ${part} | ${line}`) } : {}),
    onExit: (part, detail) => console.error(`  stack: ${part} stopped unexpectedly: ${detail}`),
  });
  // Registered before it is up: an interrupt during the start waits for it, then stops it.
  const stopStack = cleanup.add("the stack", async () => {
    const running = await starting.catch(() => undefined);
    await running?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const stack = await starting.catch(async (error: unknown) => {
    await stopStack();
    throw error;
  });
  const stackStartMs = performance.now() - startedAt;
  log(`stack up in ${formatMs(stackStartMs)} (chain ${stack.urls.chain}, indexer ${stack.urls.indexer})`);

  try {
    // One manifest per video, prepared before any timing: same HLS output, a different title in manifest.json.
    const dir = path.join(tmp, "publish-dir");
    await cp(outDir, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as { title: string };
    const manifestCids: string[] = [];
    for (let i = 1; i <= videos; i++) {
      await writeFile(
        path.join(dir, "manifest.json"),
        JSON.stringify({ ...manifest, title: `Benchmark video ${i} of ${videos}` }, null, 2),
      );
      manifestCids.push(await addDirectoryToIpfs(dir, { kuboRpcUrl: stack.urls.ipfsRpc }));
    }
    await rm(dir, { recursive: true, force: true });
    log(`${videos} manifests added to the stack's IPFS node`);

    const account = privateKeyToAccount(CREATOR_KEY);
    const transport = http(stack.urls.chain);
    const wallet = createWalletClient({ account, transport });
    const client = createPublicClient({ transport, pollingInterval: pollMs });
    const address = deployments[31337].Videos.address;

    const sendToReceipt: number[] = [];
    const receiptToIndexed: number[] = [];
    const published: {
      videoId: string;
      blockNumber: string;
      pauseBeforeMs: number;
      polls: number;
      manifestStatus: unknown;
    }[] = [];
    const cpu = cpuSnapshot();
    for (const [i, manifestCid] of manifestCids.entries()) {
      // A random pause first, so that the blocks land at random points of the indexer's polling cycle rather than
      // always just after the poll that found the previous video.
      const pauseMs = Math.round(Math.random() * 300);
      await sleep(pauseMs);
      const sent = performance.now();
      const hash = await wallet.writeContract({
        chain: null,
        address,
        abi: videosAbi,
        functionName: "publish",
        args: [toHex(CID.parse(manifestCid).bytes)],
      });
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: pollMs });
      const mined = performance.now();
      if (receipt.status !== "success") throw new Error(`publish transaction ${hash} reverted`);
      const [event] = parseEventLogs({ abi: videosAbi, logs: receipt.logs, eventName: "VideoPublished" });
      if (!event) throw new Error(`no VideoPublished event in ${hash}`);
      const videoId = event.args.videoId.toString();

      let polls = 0;
      let indexed: number | undefined;
      let manifestStatus: unknown;
      while (indexed === undefined) {
        polls++;
        const response = await fetch(`${stack.urls.indexer}/videos/${videoId}`);
        if (response.status === 200) {
          indexed = performance.now();
          const body = (await response.json()) as { manifestCid?: unknown; manifestStatus?: unknown };
          if (body.manifestCid !== manifestCid)
            throw new Error(
              `the indexer answers ${JSON.stringify(body).slice(0, 300)} for video ${videoId}, expected manifestCid ${manifestCid}`,
            );
          manifestStatus = body.manifestStatus;
          break;
        }
        await response.body?.cancel();
        if (performance.now() - mined > INDEX_TIMEOUT_MS)
          throw new Error(`video ${videoId} was not in the indexer API ${INDEX_TIMEOUT_MS} ms after its receipt`);
        await sleep(pollMs);
      }
      sendToReceipt.push(mined - sent);
      receiptToIndexed.push(indexed - mined);
      published.push({
        videoId,
        blockNumber: receipt.blockNumber.toString(),
        pauseBeforeMs: pauseMs,
        polls,
        manifestStatus,
      });
      log(
        `video ${videoId} (${i + 1}/${videos}): send → receipt ${formatMs(mined - sent)}, receipt → indexer 200 ${formatMs(indexed - mined)}`,
      );
    }

    const contention = cpuSince(cpu).othersShare;
    const common = {
      contention,
      ratioDefinition: "indexed / receipt",
      goal: { text: "≤ 2 s", on: "measured", op: "≤", threshold: 2000 } as const,
      notes: `Local anvil (automine), Ponder indexer (pglite) polling the chain; ${videos} videos published one after another (a random 0–300 ms pause before each), each with its own manifest on the stack's IPFS node; the indexer API is polled every ${pollMs} ms from the moment waitForTransactionReceipt returns.`,
    };
    const details = { videos, pollMs, stackStartMs: Math.round(stackStartMs), published };
    return [
      judge({
        id: "indexer-latency-median",
        name: `Tx mined → indexer API 200, median of ${videos}`,
        baseline: {
          label: "send → receipt",
          value: median(sendToReceipt),
          unit: "ms",
          statistic: "median",
          samples: sendToReceipt,
        },
        measured: {
          label: "receipt → 200",
          value: median(receiptToIndexed),
          unit: "ms",
          statistic: "median",
          samples: receiptToIndexed,
        },
        ratio: median(receiptToIndexed) / median(sendToReceipt),
        ...common,
        details,
      }),
      judge({
        id: "indexer-latency-max",
        name: `Tx mined → indexer API 200, max of ${videos}`,
        baseline: {
          label: "send → receipt",
          value: max(sendToReceipt),
          unit: "ms",
          statistic: "max",
          samples: sendToReceipt,
        },
        measured: {
          label: "receipt → 200",
          value: max(receiptToIndexed),
          unit: "ms",
          statistic: "max",
          samples: receiptToIndexed,
        },
        ratio: max(receiptToIndexed) / max(sendToReceipt),
        ...common,
      }),
    ];
  } finally {
    await stopStack();
  }
}
