import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { startIpfsNode } from "@chorus/ipfs-node";
import { type VideoManifest, keyUri, videoManifestSchema } from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import { startWorker } from "../src/worker.ts";
import { ApiClient } from "./api-client.ts";
import { makeClip, mediaTools, tempDir } from "./helpers.ts";

const run = promisify(execFile);

/** Decodes an HLS playlist with ffmpeg; resolves to the decoded duration in seconds, rejects when ffmpeg fails. */
async function decode(playlist: string): Promise<number> {
  const { ffmpeg } = await mediaTools();
  const { stderr } = await run(ffmpeg.path, [
    "-hide_banner",
    "-v",
    "error",
    "-stats",
    "-xerror",
    "-allowed_extensions",
    "ALL",
    "-i",
    playlist,
    "-map",
    "0:v",
    "-f",
    "null",
    "-",
  ]);
  const times = [...stderr.matchAll(/time=(\d+):(\d+):([\d.]+)/g)].at(-1);
  assert.ok(times, `ffmpeg reported no progress: ${stderr}`);
  return Number(times[1]) * 3600 + Number(times[2]) * 60 + Number(times[3]);
}

describe("an encrypted (paid) upload", () => {
  let node: Awaited<ReturnType<typeof startIpfsNode>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let dir: string;
  let manifestCid: string;
  let manifest: VideoManifest;
  const cat = async (p: string) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of create({ url: node.rpcUrl }).cat(p)) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  before(async () => {
    dir = await tempDir("encrypted");
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
    worker = await startWorker({ port: 0, dataDir: path.join(dir, "worker"), kuboRpcUrl: node.rpcUrl });
    const api = new ApiClient(worker.url);
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 426, height: 240, seconds: 6 });
    const response = await fetch(`${worker.url}/jobs?filename=clip.mp4&access=encrypted&previewSeconds=2`, {
      method: "POST",
      body: await readFile(clip),
    });
    assert.equal(response.status, 201);
    const { job } = (await response.json()) as { job: { id: string; access?: unknown } };
    assert.deepEqual(job.access, { encrypted: true, previewSeconds: 2 });
    await api.details(job.id, { title: "Paid clip" });
    const published = await api.waitForStatus(job.id, ["published", "failed"], 120_000);
    assert.equal(published.status, "published", JSON.stringify(published.error));
    manifestCid = published.manifestCid!;
    manifest = videoManifestSchema.parse(JSON.parse((await cat(`${manifestCid}/manifest.json`)).toString("utf8")));
  });
  after(async () => {
    await worker?.stop();
    await node?.stop();
  });

  test("a bad access option is refused with the reason", async () => {
    const response = await fetch(`${worker.url}/jobs?filename=x.mp4&access=secret`, { method: "POST", body: "x" });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /access must be/);
    const far = await fetch(`${worker.url}/jobs?filename=x.mp4&access=encrypted&previewSeconds=9999`, {
      method: "POST",
      body: "x",
    });
    assert.equal(far.status, 400);
  });

  test("the manifest records the key id and preview; each playlist names the key by chorus-key:, after the preview", async () => {
    assert.ok(manifest.access);
    assert.equal(manifest.access.encrypted, true);
    assert.equal(manifest.access.previewSeconds, 2);
    assert.match(manifest.access.keyId, /^[0-9a-f]{32}$/);
    for (const rendition of manifest.renditions) {
      const text = (await cat(`${manifestCid}/${rendition.playlist}`)).toString("utf8");
      const lines = text.split("\n");
      const firstSegment = lines.findIndex((l) => l.endsWith(".ts"));
      const firstKey = lines.findIndex((l) => l.startsWith("#EXT-X-KEY"));
      assert.ok(firstSegment >= 0 && firstKey > firstSegment, "the first (preview) segment comes before any key");
      const keyLines = lines.filter((l) => l.startsWith("#EXT-X-KEY"));
      const segments = lines.filter((l) => l.endsWith(".ts"));
      assert.equal(keyLines.length, segments.length - 1, "every segment after the 2 s preview is encrypted");
      for (const line of keyLines) {
        assert.ok(line.includes(`URI="${keyUri(manifest.access.keyId)}"`), line);
        assert.doesNotMatch(line, /https?:/, "the key URI names no host");
      }
    }
  });

  test("segments after the preview are not playable without the key, and are with it; the key is not in IPFS", async () => {
    const keyFile = path.join(dir, "worker", "keys", `${manifest.access!.keyId}.key`);
    const key = await readFile(keyFile);
    assert.equal(key.length, 16);
    const rendition = manifest.renditions[0]!;
    const local = path.join(dir, "fetched", rendition.name);
    await mkdir(local, { recursive: true });
    const text = (await cat(`${manifestCid}/${rendition.playlist}`)).toString("utf8");
    const segments = text.split("\n").filter((l) => l.endsWith(".ts"));
    for (const name of segments) {
      const bytes = await cat(`${manifestCid}/${rendition.name}/${name}`);
      assert.ok(!bytes.includes(key), "no segment carries the key");
      await writeFile(path.join(local, name), bytes);
    }
    const first = await readFile(path.join(local, segments[0]!));
    const second = await readFile(path.join(local, segments[1]!));
    assert.equal(first[0], 0x47, "the preview segment is clear MPEG-TS");
    assert.ok(second[0] !== 0x47 || second[188] !== 0x47, "an encrypted segment is not MPEG-TS");

    // The preview alone plays.
    const previewOnly = `${text.split("#EXT-X-KEY")[0]!.replace(/#EXTINF:[^\n]*\n$/, "")}#EXT-X-ENDLIST\n`;
    await writeFile(path.join(local, "preview.m3u8"), previewOnly);
    assert.ok((await decode(path.join(local, "preview.m3u8"))) > 1);

    // With a wrong key ffmpeg cannot decode past the preview; with the right one it decodes the whole video.
    await writeFile(path.join(local, "wrong.key"), Buffer.alloc(16, 7));
    await writeFile(path.join(local, "right.key"), key);
    const uri = keyUri(manifest.access!.keyId);
    await writeFile(path.join(local, "wrong.m3u8"), text.replaceAll(uri, path.join(local, "wrong.key")));
    await writeFile(path.join(local, "right.m3u8"), text.replaceAll(uri, path.join(local, "right.key")));
    const wrongSeconds = await decode(path.join(local, "wrong.m3u8")).catch(() => 0);
    assert.ok(wrongSeconds < 2.5, `with a wrong key only the preview decodes, not ${wrongSeconds} s`);
    const seconds = await decode(path.join(local, "right.m3u8"));
    assert.ok(seconds > 5.5, `decoded ${seconds} s of 6`);

    const manifestText = (await cat(`${manifestCid}/manifest.json`)).toString("utf8");
    assert.ok(!manifestText.includes(key.toString("hex")));
    const names: string[] = [];
    for await (const entry of create({ url: node.rpcUrl }).ls(manifestCid)) names.push(entry.name);
    assert.ok(!names.some((n) => n.includes("key")), `no key file in the directory: ${names.join(", ")}`);
  });
});
