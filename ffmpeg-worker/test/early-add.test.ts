import assert from "node:assert/strict";
import { appendFile, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startIpfsNode, type IpfsNode } from "@chorus/ipfs-node";
import { IMPORTER_OPTIONS, KUBO_HAMT_THRESHOLD_BYTES } from "@chorus/ipfs-node/cid-options";
import { MemoryBlockstore } from "blockstore-core/memory";
import { importer } from "ipfs-unixfs-importer";
import { create, type CatOptions, type HTTPRPCOptions } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { buildDirectoryTree } from "../src/directory-dag.ts";
import { resolveMediaTools } from "../src/media-tools.ts";
import { type PipelineResult, type PreparedVideo, prepareVideo, runPipeline, writeManifest } from "../src/pipeline.ts";
import { listDirectory, publishDirectory } from "../src/publish.ts";
import { independentDirectoryCid, makeClip, mediaTools, tempDir, waitFor } from "./helpers.ts";

type Client = ReturnType<typeof create>;

/** Imports files as `ipfs add -r --cid-version=1` does (wrapped); every entry by path, '' being the root. */
async function importTree(files: readonly { path: string; content: Uint8Array }[]) {
  const entries = new Map<string, { cid: CID; size: number; type: string | undefined }>();
  for await (const entry of importer(files, new MemoryBlockstore(), { ...IMPORTER_OPTIONS, wrapWithDirectory: true })) {
    entries.set(entry.path ?? "", { cid: entry.cid, size: Number(entry.size), type: entry.unixfs?.type });
  }
  return entries;
}

/** The CID `add` gives one file's bytes. */
async function fileCid(content: Uint8Array): Promise<CID> {
  let cid: CID | undefined;
  for await (const entry of importer([{ content }], new MemoryBlockstore(), IMPORTER_OPTIONS)) cid = entry.cid;
  assert.ok(cid);
  return cid;
}

const offline = { offline: true };

async function onNode(client: Client, cid: CID): Promise<boolean> {
  const options: HTTPRPCOptions & typeof offline = { ...offline };
  return client.block.stat(cid, options).then(
    () => true,
    () => false,
  );
}

/** Every file of the published tree, read back from the node without the network, equals the file on disk; the root is pinned recursively. */
async function assertPublishedWhole(client: Client, root: string, dir: string): Promise<void> {
  for (const file of (await listDirectory(dir)).filter((e) => e.kind === "file")) {
    const chunks: Uint8Array[] = [];
    const options: CatOptions & typeof offline = { ...offline };
    for await (const chunk of client.cat(`${root}/${file.path}`, options)) chunks.push(chunk);
    assert.ok(
      Buffer.concat(chunks).equals(await readFile(file.absolutePath)),
      `${file.path} on the node differs from the file`,
    );
  }
  const pins: string[] = [];
  for await (const pin of client.pin.ls({ paths: root })) pins.push(`${pin.cid.toString()} ${pin.type}`);
  assert.deepEqual(pins, [`${root} recursive`]);
}

describe("directory nodes built from the files’ CIDs", () => {
  test("equal the importer’s, node for node, for a tree shaped like a video’s output", async () => {
    const playlist = Buffer.from("#EXTM3U\n#EXTINF:2.000000,\nseg_00000.ts\n#EXT-X-ENDLIST\n");
    const files = [
      { path: "manifest.json", content: Buffer.from('{"schema":"chorus.video/1"}') },
      { path: "master.m3u8", content: Buffer.from("#EXTM3U\n") },
      { path: "thumbnail.jpg", content: Buffer.alloc(40_000, 7) },
      ...["240p", "480p", "720p"].flatMap((rung, r) => [
        // identical playlists in every rung, as aligned renditions have
        { path: `${rung}/index.m3u8`, content: playlist },
        // one block, several blocks (over 256 KiB), several blocks again
        ...[100_000, 700_000, 300_001].map((bytes, s) => ({
          path: `${rung}/seg_0000${s}.ts`,
          content: Buffer.alloc(bytes, r * 10 + s),
        })),
      ]),
    ];
    const imported = await importTree(files);
    const tree = await buildDirectoryTree(
      files.map((f) => ({ path: f.path, cid: imported.get(f.path)!.cid, size: imported.get(f.path)!.size })),
    );
    assert.ok(tree);
    assert.equal(tree.root.toString(), imported.get("")?.cid.toString());
    assert.deepEqual(
      tree.blocks.map((b) => `${b.path} ${b.cid.toString()}`),
      ["240p", "480p", "720p", ""].map((dir) => `${dir} ${imported.get(dir)?.cid.toString()}`),
      "children first, the root last",
    );
  });

  test("a directory the importer would shard is refused; one at the threshold is built", async () => {
    // 28-byte names and 36-byte CIDs: 4096 entries are exactly the threshold, which the importer must exceed to shard.
    const file = (i: number) => ({ path: `f${String(i).padStart(27, "0")}`, content: Buffer.from(String(i)) });
    const atThreshold = Array.from({ length: KUBO_HAMT_THRESHOLD_BYTES / 64 }, (_, i) => file(i));
    const over = [...atThreshold, file(atThreshold.length)];
    const links = async (files: typeof atThreshold) => {
      const imported = await importTree(files);
      return {
        imported,
        links: files.map((f) => ({ path: f.path, cid: imported.get(f.path)!.cid, size: imported.get(f.path)!.size })),
      };
    };

    const flat = await links(atThreshold);
    assert.equal(flat.imported.get("")?.type, "directory");
    assert.equal((await buildDirectoryTree(flat.links))?.root.toString(), flat.imported.get("")?.cid.toString());

    const sharded = await links(over);
    assert.equal(sharded.imported.get("")?.type, "hamt-sharded-directory");
    assert.equal(await buildDirectoryTree(sharded.links), undefined);
  });
});

describe("segments are added to IPFS while ffmpeg is still encoding", () => {
  let node: IpfsNode;
  let client: Client;
  let outDir: string;
  let result: PipelineResult;
  let firstSegment: string;
  const fallbacks: string[] = [];
  before(async () => {
    const dir = await tempDir("early-add");
    const tools = await mediaTools();
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
    client = create({ url: node.rpcUrl });
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 1280, height: 720, seconds: 6 });
    outDir = path.join(dir, "out");
    let transcoded = false;
    const pipeline = runPipeline(clip, outDir, {
      ffmpegPath: tools.ffmpeg.path,
      ffprobePath: tools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
      onTranscoded: () => (transcoded = true),
      details: { title: "Added early", description: "" },
      publish: { kuboRpcUrl: node.rpcUrl, onFallback: (reason) => fallbacks.push(reason) },
    });
    pipeline.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
    // The top rung's first segment (directory "2" until ffmpeg is done): on the node before the transcode ends?
    const segment = path.join(outDir, "2", "seg_00000.ts");
    firstSegment = await waitFor(
      async () => {
        if (transcoded) return "the transcode ended first";
        const bytes = await readFile(segment).catch(() => undefined);
        return (
          bytes !== undefined && (await onNode(client, await fileCid(bytes))) && "on the node while ffmpeg encodes"
        );
      },
      { what: "the first segment on the node", timeoutMs: 120_000 },
    );
    result = await pipeline;
  });
  after(() => node?.stop());

  test("a segment is on the node before ffmpeg has finished", () => {
    assert.equal(firstSegment, "on the node while ffmpeg encodes");
  });

  test("publishing reuses them; the root CID equals an independent computation over the same files", async () => {
    const segments = (await listDirectory(outDir)).filter((e) => e.path.endsWith(".ts"));
    const added = result.prepared.added ?? [];
    // All but at most the last segment of each rung (ffmpeg writes those as it exits).
    assert.ok(
      added.length >= segments.length - 3,
      `${added.length} of ${segments.length} segments added during the transcode`,
    );
    assert.ok(
      added.every((file) => /^(240p|480p|720p)\/seg_\d{5}\.ts$/.test(file.path)),
      "paths are those of the published tree",
    );
    assert.deepEqual(fallbacks, []);
    assert.equal(result.manifestCid, await independentDirectoryCid(outDir));
  });

  test("the whole tree is on the node and pinned under its root", async () => {
    await assertPublishedWhole(client, result.manifestCid!, outDir);
  });
});

describe("publishing segments added early when the node has changed since", () => {
  let node: IpfsNode;
  let client: Client;
  let outDir: string;
  let prepared: PreparedVideo;
  before(async () => {
    const dir = await tempDir("early-gc");
    const tools = await mediaTools();
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
    client = create({ url: node.rpcUrl });
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 854, height: 480, seconds: 6 });
    outDir = path.join(dir, "out");
    // As a job awaiting its details: transcoded, segments added (unpinned), not published.
    prepared = await prepareVideo(clip, outDir, {
      ffmpegPath: tools.ffmpeg.path,
      ffprobePath: tools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
      addSegmentsTo: { kuboRpcUrl: node.rpcUrl },
    });
    await writeManifest(
      outDir,
      prepared,
      { title: "Waited", description: "" },
      { filename: "clip.mp4", bytes: (await stat(clip)).size },
    );
  });
  after(() => node?.stop());

  test("a garbage collection removed them: publishing notices, sends everything again, same CID, nothing missing", async () => {
    const added = prepared.added ?? [];
    assert.ok(added.length > 0, "segments were added during the transcode");
    for await (const _ of client.repo.gc()) {
      // each removed block
    }
    assert.equal(
      await onNode(client, await fileCid(await readFile(path.join(outDir, added[0]!.path)))),
      false,
      "the gc removed an early block",
    );

    const fallbacks: string[] = [];
    const cid = await publishDirectory(outDir, {
      kuboRpcUrl: node.rpcUrl,
      added,
      onFallback: (reason) => fallbacks.push(reason),
    });
    assert.equal(fallbacks.length, 1);
    assert.match(fallbacks[0] ?? "", /not found locally|offline/i);
    assert.equal(cid, await independentDirectoryCid(outDir));
    await assertPublishedWhole(client, cid, outDir);
  });

  test("a file that changed after it was added is added again; the rest is reused", async () => {
    const changed = prepared.added![1]!;
    await appendFile(path.join(outDir, changed.path), Buffer.from([0x47]));
    const fallbacks: string[] = [];
    const cid = await publishDirectory(outDir, {
      kuboRpcUrl: node.rpcUrl,
      added: prepared.added!,
      onFallback: (reason) => fallbacks.push(reason),
    });
    assert.deepEqual(fallbacks, []);
    assert.equal(cid, await independentDirectoryCid(outDir));
    await assertPublishedWhole(client, cid, outDir);
  });
});

describe("with the npm static ffmpeg (2018 build), which writes segments in place", () => {
  let node: IpfsNode;
  before(async () => {
    node = await startIpfsNode({
      dataDir: path.join(await tempDir("early-npm-ipfs"), "ipfs"),
      rpcPort: 0,
      gatewayPort: 0,
    });
  });
  after(() => node?.stop());

  test("a segment is added only once the next one has started: every early add is of the finished file", async () => {
    const npmTools = await resolveMediaTools({ searchPath: "" });
    assert.equal(npmTools.ffmpeg.source, "npm");
    const dir = await tempDir("early-npm");
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 854, height: 480, seconds: 6 });
    const outDir = path.join(dir, "out");
    const fallbacks: string[] = [];
    const { prepared, manifestCid } = await runPipeline(clip, outDir, {
      ffmpegPath: npmTools.ffmpeg.path,
      ffprobePath: npmTools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
      details: { title: "Old ffmpeg", description: "" },
      publish: { kuboRpcUrl: node.rpcUrl, onFallback: (reason) => fallbacks.push(reason) },
    });
    const added = prepared.added ?? [];
    assert.ok(added.length > 0, "segments were added during the transcode");
    for (const file of added) {
      const { size, mtimeMs } = await stat(path.join(outDir, file.path));
      assert.deepEqual(
        { path: file.path, bytes: file.bytes, mtimeMs: file.mtimeMs },
        { path: file.path, bytes: size, mtimeMs },
      );
    }
    assert.deepEqual(fallbacks, []);
    assert.equal(manifestCid, await independentDirectoryCid(outDir));
  });
});
