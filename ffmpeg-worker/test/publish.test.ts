import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startIpfsNode } from "@chorus/ipfs-node";
import { create } from "kubo-rpc-client";
import { runPipeline } from "../src/pipeline.ts";
import { publishDirectory } from "../src/publish.ts";
import { independentDirectoryCid, listFiles, makeClip, mediaTools, tempDir } from "./helpers.ts";

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("publishing an output directory", () => {
  // Setup lives in before(): a test registered after an await in a describe body races the runner.
  let node: Awaited<ReturnType<typeof startIpfsNode>>;
  let outDir: string;
  let manifest: Awaited<ReturnType<typeof runPipeline>>["manifest"];
  let manifestCid: string | undefined;
  let client: ReturnType<typeof create>;
  const progress: number[] = [];
  before(async () => {
    const dir = await tempDir("publish");
    const tools = await mediaTools();
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
    outDir = path.join(dir, "out");
    ({ manifest, manifestCid } = await runPipeline(
      await makeClip(path.join(dir, "clip.mp4"), { width: 640, height: 360, seconds: 3 }),
      outDir,
      {
        ffmpegPath: tools.ffmpeg.path,
        ffprobePath: tools.ffprobe.path,
        maxHeight: 720,
        preset: "veryfast",
        details: { title: "Published clip", description: "Made by the test." },
        publish: { kuboRpcUrl: node.rpcUrl, onProgress: (p) => progress.push(p) },
      },
    ));
    client = create({ url: node.rpcUrl });
  });
  after(() => node?.stop());

  test("the root CID equals an independent computation over the same files", async () => {
    assert.ok(manifestCid);
    assert.match(manifestCid, /^bafy/);
    assert.equal(manifestCid, await independentDirectoryCid(outDir));
    assert.equal(progress.at(-1), 1);
  });

  test("<cid>/manifest.json is the manifest; the directory holds the whole output", async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of client.cat(`${manifestCid}/manifest.json`)) chunks.push(chunk);
    assert.deepEqual(JSON.parse(Buffer.concat(chunks).toString("utf8")), manifest);
    assert.equal(manifest?.title, "Published clip");
    assert.equal(manifest?.schema, "chorus.video/1");

    const names: string[] = [];
    for await (const entry of client.ls(manifestCid!)) names.push(entry.name);
    assert.deepEqual(names.sort(), [
      "240p",
      "360p",
      "manifest.json",
      "master.m3u8",
      "previews.jpg",
      "previews.vtt",
      "thumbnail.jpg",
    ]);
    assert.deepEqual(
      manifest?.previews,
      { vtt: "previews.vtt", image: "previews.jpg" },
      "the seek previews are named in the manifest, in the same directory CID",
    );
    const master: Uint8Array[] = [];
    for await (const chunk of client.cat(`${manifestCid}/master.m3u8`)) master.push(chunk);
    assert.equal(Buffer.concat(master).toString("utf8"), await readFile(path.join(outDir, "master.m3u8"), "utf8"));
    assert.deepEqual((await listFiles(outDir)).filter((f) => f.startsWith("360p/")).length, 3);
  });

  test("the root is pinned", async () => {
    const pinned: string[] = [];
    for await (const pin of client.pin.ls({ paths: manifestCid! })) pinned.push(pin.cid.toString());
    assert.deepEqual(pinned, [manifestCid]);
  });

  test("adding the same directory again gives the same CID", async () => {
    assert.equal(await publishDirectory(outDir, { kuboRpcUrl: node.rpcUrl }), manifestCid);
  });

  test("an unreachable node is a retryable error that names IPFS", async () => {
    const url = await closedPortUrl();
    const retries: number[] = [];
    await assert.rejects(
      publishDirectory(outDir, {
        kuboRpcUrl: url,
        attempts: 3,
        baseDelayMs: 10,
        onRetry: ({ attempt }) => retries.push(attempt),
      }),
      (error: Error & { code?: string; retryable?: boolean }) => {
        assert.equal(error.code, "ipfs-unreachable");
        assert.equal(error.retryable, true);
        assert.match(error.message, new RegExp(`IPFS node at ${url} is unreachable\\. Tried 3 times\\.`));
        return true;
      },
    );
    assert.deepEqual(retries, [1, 2]);
  });
});
