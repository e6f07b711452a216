import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { startIpfsNode } from "@chorus/ipfs-node";
import { create } from "kubo-rpc-client";
import type { Job } from "../src/jobs.ts";
import { workerHealthSchema } from "@chorus/protocol";
import { silentLogger } from "@chorus/protocol/log";
import { startWorker } from "../src/worker.ts";
import { computeStorageRoot } from "@chorus/merkle";
import { ApiClient, rawRequest, workEntries } from "./api-client.ts";
import { ffmpegChildren, makeClip, mediaTools, tempDir, waitFor } from "./helpers.ts";

const MAX_UPLOAD = 8 * 1024 * 1024;

/** Top-level MP4 box types in file order. */
function topLevelBoxes(bytes: Buffer): string[] {
  const boxes: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(offset);
    boxes.push(bytes.toString("latin1", offset + 4, offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

const dir = await tempDir("http");
const tools = await mediaTools();
const node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
after(() => node.stop());
const dataDir = path.join(dir, "worker");
const worker = await startWorker({
  port: 0,
  dataDir,
  kuboRpcUrl: node.rpcUrl,
  maxUploadBytes: MAX_UPLOAD,
  log: silentLogger,
});
after(() => worker.stop());
const api = new ApiClient(worker.url);
const clips = path.join(dir, "clips");
await mkdir(clips);
const smallClip = await makeClip(path.join(clips, "small.mp4"), { width: 426, height: 240, seconds: 3 });

describe("a job through the API", () => {
  test("upload → details while transcoding → published; the manifest is on IPFS and the work dir is empty", async () => {
    const bytes = await readFile(smallClip);
    assert.deepEqual(
      topLevelBoxes(bytes).filter((b) => b === "moov" || b === "mdat"),
      ["mdat", "moov"],
      "the clip has its moov at the end",
    );
    const created = await api.upload(bytes, "My holiday.mp4");
    assert.equal(created.status, 201);
    const job = created.job!;
    assert.equal(job.filename, "My holiday.mp4");
    assert.equal(job.bytes, bytes.length);
    assert.ok(["queued", "probing", "transcoding"].includes(job.status));

    const withDetails = await api.details(job.id, { title: "  Holiday  ", description: "Sea and sand." });
    assert.equal(withDetails.status, 200);
    assert.deepEqual(withDetails.job?.details, { title: "Holiday", description: "Sea and sand." });

    const published = await api.waitForStatus(job.id, ["published", "failed"]);
    assert.equal(published.status, "published", JSON.stringify(published.error));
    assert.equal(published.progress, 1);
    assert.match(published.manifestCid ?? "", /^bafy/);
    assert.deepEqual(
      published.media?.renditions.map((r) => r.name),
      ["240p"],
    );
    assert.equal(published.media?.hasAudio, true);
    assert.ok(Math.abs((published.media?.durationSeconds ?? 0) - 3) < 0.1);

    const chunks: Uint8Array[] = [];
    for await (const chunk of create({ url: node.rpcUrl }).cat(`${published.manifestCid}/manifest.json`))
      chunks.push(chunk);
    const manifest = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    assert.equal(manifest.title, "Holiday");
    assert.equal(manifest.description, "Sea and sand.");
    assert.deepEqual(manifest.source, {
      filename: "My holiday.mp4",
      bytes: bytes.length,
      container: "mp4",
      videoCodec: "h264",
      audioCodec: "aac",
    });
    assert.equal(manifest.renditions[0].playlist, "240p/index.m3u8");
    assert.equal(manifest.master, "master.m3u8");

    assert.deepEqual(await workEntries(dataDir), []);
    const stored = JSON.parse(await readFile(path.join(dataDir, "jobs", `${job.id}.json`), "utf8")) as Job;
    assert.equal(stored.status, "published");
    assert.equal(stored.manifestCid, published.manifestCid);

    // The storage root a deal commits to: computed once published, the same as keepers compute from IPFS.
    const expected = await computeStorageRoot(create({ url: node.rpcUrl }), published.manifestCid!);
    const withRoot = await waitFor(
      async () => ((await api.get(job.id)).job?.storage ? (await api.get(job.id)).job : undefined),
      { what: "the storage root" },
    );
    assert.deepEqual(withRoot!.storage, {
      root: expected.root,
      size: expected.size,
      segmentCount: expected.segmentCount,
    });
    assert.equal(
      expected.size,
      expected.layout.files.reduce((sum, f) => sum + f.size, 0),
    );
    const byRoute = await fetch(`${worker.url}/storage-roots/${published.manifestCid}`);
    assert.equal(byRoute.status, 200);
    assert.deepEqual(await byRoute.json(), withRoot!.storage);
    const remembered = JSON.parse(await readFile(path.join(dataDir, "storage-roots.json"), "utf8"));
    assert.deepEqual(remembered[published.manifestCid!], withRoot!.storage);
  });

  test("GET /storage-roots/:cid refuses a malformed CID with a clear message", async () => {
    const response = await fetch(`${worker.url}/storage-roots/not-a-cid`);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: { code: "malformed-cid", message: '"not-a-cid" is not a CID.' } });
    assert.equal((await fetch(`${worker.url}/storage-roots/${"bafy"}`, { method: "POST" })).status, 405);
  });

  test("details after the transcode: the job waits for them, then publishes; later details are refused", async () => {
    const job = await api.uploadFile(smallClip, "later.mp4");
    const waiting = await api.waitForStatus(job.id, ["awaiting-details", "failed"]);
    assert.equal(waiting.status, "awaiting-details");
    assert.equal(waiting.stage, "Ready to publish: add a title");
    assert.ok((waiting.media?.renditions[0]?.bandwidth ?? 0) > 0);

    const missing = await api.details(job.id, { description: "no title" });
    assert.equal(missing.status, 400);
    assert.equal(missing.error?.message, "A title is required.");
    const overlong = await api.details(job.id, { title: "t".repeat(101) });
    assert.equal(overlong.status, 400);
    assert.equal(overlong.error?.message, "The title is 101 characters long; the limit is 100.");
    assert.equal((await api.get(job.id)).job?.status, "awaiting-details", "a bad title does not fail the job");

    const accepted = await api.details(job.id, { title: "Later" });
    assert.equal(accepted.status, 200);
    const published = await api.waitForStatus(job.id, ["published", "failed"]);
    assert.equal(published.status, "published");
    const again = await api.details(job.id, { title: "Changed my mind" });
    assert.equal(again.status, 409);
    assert.match(again.error?.message ?? "", /already being published/);

    const jobs = await api.list();
    assert.equal(jobs[0]?.id, job.id, "newest first");
    assert.ok(jobs.length >= 2);
  });

  test("one transcode at a time: a second upload queues behind the first", async () => {
    const first = await api.uploadFile(smallClip, "first.mp4");
    const second = await api.uploadFile(smallClip, "second.mp4");
    assert.equal(second.status, "queued");
    assert.match(second.stage, /^Waiting for 1 other video to finish transcoding$/);
    const active = (status: string) => status === "probing" || status === "transcoding";
    await waitFor(
      async () => {
        const [a, b] = await Promise.all([api.get(first.id), api.get(second.id)]);
        assert.ok(!(active(a.job!.status) && active(b.job!.status)), "both jobs transcoding at once");
        return a.job!.status === "awaiting-details" && b.job!.status === "awaiting-details";
      },
      { what: "both jobs transcoded", intervalMs: 20 },
    );
    for (const id of [first.id, second.id]) assert.equal((await api.cancel(id)).job?.status, "cancelled");
    assert.deepEqual(await workEntries(dataDir), []);
  });

  test("cancel while transcoding kills ffmpeg and removes the files; nothing is left pinned", async () => {
    const longer = await makeClip(path.join(clips, "cancel.mp4"), { width: 1280, height: 720, seconds: 6 });
    const pins = async () => {
      const cids: string[] = [];
      for await (const pin of create({ url: node.rpcUrl }).pin.ls()) cids.push(pin.cid.toString());
      return cids.sort();
    };
    const pinnedBefore = await pins();
    const job = await api.uploadFile(longer);
    // Past the first segments, which the worker has been adding to IPFS meanwhile.
    await api.waitForJob(job.id, (j) => j.status === "transcoding" && j.progress > 0.5, "to be half transcoded");
    const cancelled = await api.cancel(job.id);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.job?.status, "cancelled");
    assert.deepEqual(await workEntries(dataDir), []);
    assert.deepEqual(await ffmpegChildren(), []);
    assert.deepEqual(await pins(), pinnedBefore, "segments added during the transcode are not pinned");
    assert.equal((await api.get(job.id)).job?.status, "cancelled");
    assert.equal((await api.details(job.id, { title: "x" })).status, 409);
    // Deleting an ended job forgets it.
    assert.equal((await api.cancel(job.id)).status, 200);
    assert.equal((await api.get(job.id)).status, 404);
  });
});

describe("bad input", () => {
  // Inputs are made in before(): a test registered after an await in a describe body races the runner.
  let faststartBytes: Buffer;
  let moovAtEnd: Buffer;
  const song = path.join(clips, "song.m4a");
  const randomBytes = Buffer.alloc(200_000);
  for (let i = 0; i < randomBytes.length; i++) randomBytes[i] = (i * 2654435761) >>> 24;

  const cases: {
    name: string;
    filename: string;
    body: () => Promise<Buffer | string>;
    code: string;
    message: RegExp;
  }[] = [
    {
      name: "random bytes",
      filename: "video.mp4",
      body: async () => randomBytes,
      code: "not-a-video",
      message: /^This file isn't a video we can read\. Upload a video file/,
    },
    {
      name: "a text file",
      filename: "notes.txt",
      body: async () => "Shopping list\n- milk\n- eggs\n".repeat(50),
      code: "not-a-video",
      message: /isn't a video/,
    },
    {
      name: "audio only",
      filename: "song.m4a",
      body: () => readFile(song),
      code: "no-video-stream",
      message: /^This file has no video stream \(audio only\)\. Upload a video file\.$/,
    },
    {
      name: "an empty file",
      filename: "empty.mp4",
      body: async () => Buffer.alloc(0),
      code: "empty-file",
      message: /empty \(0 bytes\)/,
    },
    {
      name: "a truncated MP4 (index at the start, media cut)",
      filename: "cut.mp4",
      body: async () => faststartBytes.subarray(0, Math.floor(faststartBytes.length / 2)),
      code: "truncated-video",
      message: /incomplete: it stops at 0:0\d of 0:04/,
    },
    {
      name: "a truncated MP4 (index at the end, lost)",
      filename: "cut2.mp4",
      body: async () => moovAtEnd.subarray(0, Math.floor(moovAtEnd.length * 0.7)),
      code: "corrupt-video",
      message: /damaged or incomplete/,
    },
  ];

  const submitted = new Map<string, Job>();
  before(async () => {
    const faststart = await makeClip(path.join(clips, "faststart.mp4"), {
      width: 426,
      height: 240,
      seconds: 4,
      outputArgs: ["-movflags", "+faststart"],
    });
    faststartBytes = await readFile(faststart);
    moovAtEnd = await readFile(smallClip);
    await promisify(execFile)(tools.ffmpeg.path, [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "sine=duration=2",
      "-c:a",
      "aac",
      song,
    ]);
    for (const c of cases) {
      const result = await api.upload(await c.body(), c.filename);
      assert.equal(result.status, 201, `${c.name}: ${JSON.stringify(result)}`);
      submitted.set(c.name, result.job!);
    }
  });

  for (const c of cases) {
    test(`${c.name}: job fails with a clear message, nothing published, no files left`, async () => {
      const failed = await api.waitForStatus(submitted.get(c.name)!.id, ["failed", "published", "awaiting-details"]);
      assert.equal(failed.status, "failed");
      assert.equal(failed.error?.code, c.code);
      assert.match(failed.error?.message ?? "", c.message);
      assert.equal(failed.error?.retryable, false);
      assert.doesNotMatch(failed.error?.message ?? "", /\/tmp|Error:|ffmpeg exit|\bat\b.*\.ts/);
      assert.equal(failed.manifestCid, undefined);
      assert.ok(!(await workEntries(dataDir)).includes(failed.id));
    });
  }

  test("over the size limit: 413 before anything is stored", async () => {
    const before = await api.list();
    const result = await rawRequest(`${worker.url}/jobs?filename=big.mp4`, {
      method: "POST",
      headers: { "Content-Length": MAX_UPLOAD + 1, "Content-Type": "application/octet-stream" },
      body: Buffer.alloc(64 * 1024),
      endBody: false,
    });
    assert.ok("status" in result);
    assert.equal(result.status, 413);
    assert.equal(
      JSON.parse(result.body).error.message,
      "This file is larger than the 8.0 MiB upload limit. Upload a shorter or smaller video.",
    );
    assert.equal((await api.list()).length, before.length);
  });

  test("an upload cut off mid-way leaves no job and no partial file", async () => {
    const before = await api.list();
    const result = await rawRequest(`${worker.url}/jobs?filename=partial.mp4`, {
      method: "POST",
      headers: { "Content-Length": 1_000_000 },
      body: Buffer.alloc(100_000, 1),
      destroyAfterBody: true,
    });
    assert.deepEqual(result, { aborted: true });
    await waitFor(async () => (await workEntries(dataDir)).length === 0 || undefined, {
      what: "partial upload removed",
      timeoutMs: 5000,
    });
    assert.equal((await api.list()).length, before.length);
  });

  test("without Content-Length: 411", async () => {
    const result = await rawRequest(`${worker.url}/jobs?filename=chunked.mp4`, {
      method: "POST",
      headers: { "Transfer-Encoding": "chunked" },
      body: Buffer.from("abc"),
    });
    assert.ok("status" in result);
    assert.equal(result.status, 411);
  });

  test("unknown job id: 404 on every route", async () => {
    for (const id of ["doesnotexist1", "../../etc"]) {
      assert.equal((await api.get(id)).status, 404);
      assert.equal((await api.details(id, { title: "x" })).status, 404);
      assert.equal((await api.cancel(id)).status, 404);
    }
    const { error } = await api.get("doesnotexist1");
    assert.equal(error?.message, 'There is no job with id "doesnotexist1".');
  });
});

describe("media that real people upload: tiny, one-frame and duration-less clips publish", () => {
  // Each made by ffmpeg itself, as the devices and tools that write such files do. Made in before(), not the describe body.
  const lavfi = (size: string, rate: number, seconds?: number) => [
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${size}:rate=${rate}${seconds ? `:duration=${seconds}` : ""}`,
  ];
  const cases: {
    name: string;
    filename: string;
    args: string[];
    pipe?: boolean;
    renditions: string[];
    seconds: [number, number];
  }[] = [
    {
      name: "a one-frame H.264 .m4v",
      filename: "still.m4v",
      args: [...lavfi("320x240", 30), "-frames:v", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4"],
      renditions: ["240p"],
      seconds: [0.03, 0.04],
    },
    // ASF gives frames no duration: the fps filter drops a lone one, so the worker makes the frame rate at the output.
    {
      name: "a 0.14 s WMV holding one frame",
      filename: "short.wmv",
      args: [...lavfi("320x240", 5, 0.14), "-c:v", "wmv2", "-f", "asf"],
      renditions: ["240p"],
      seconds: [0.1, 0.3],
    },
    {
      name: "an 8x8 VP8 WebM with Opus, streamed (no duration, as MediaRecorder writes)",
      filename: "tiny.webm",
      args: [
        ...lavfi("8x8", 30, 1),
        "-f",
        "lavfi",
        "-i",
        "sine=duration=1",
        "-c:v",
        "libvpx",
        "-c:a",
        "libopus",
        "-f",
        "webm",
      ],
      pipe: true,
      renditions: ["144p"],
      seconds: [0.95, 1.1],
    },
    {
      name: "a tiny WMV written to a pipe (no duration in its header)",
      filename: "tiny.wmv",
      args: [...lavfi("64x48", 30, 1), "-c:v", "wmv2", "-f", "asf"],
      pipe: true,
      renditions: ["144p"],
      seconds: [0.95, 1.1],
    },
    {
      name: "a raw H.264 stream (no container, no timestamps)",
      filename: "camera.h264",
      args: [...lavfi("320x240", 25, 2), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "h264"],
      renditions: ["240p"],
      seconds: [1.8, 2.1],
    },
  ];
  const submitted = new Map<string, Job>();
  before(async () => {
    for (const c of cases) {
      const file = path.join(clips, `real-${c.filename}`);
      const args = ["-v", "error", "-y", ...c.args, c.pipe ? "pipe:1" : file];
      if (c.pipe) {
        const { stdout } = await promisify(execFile)(tools.ffmpeg.path, args, {
          encoding: "buffer",
          maxBuffer: 16 * 1024 * 1024,
        });
        await writeFile(file, stdout);
      } else await promisify(execFile)(tools.ffmpeg.path, args);
      const result = await api.upload(await readFile(file), c.filename);
      assert.equal(result.status, 201, `${c.name}: ${JSON.stringify(result)}`);
      await api.details(result.job!.id, { title: c.name.slice(0, 100) });
      submitted.set(c.name, result.job!);
    }
  });

  for (const c of cases) {
    test(`${c.name}: published, with its real length`, async () => {
      const job = await api.waitForStatus(submitted.get(c.name)!.id, ["failed", "published"]);
      assert.equal(job.status, "published", JSON.stringify(job.error));
      assert.deepEqual(
        job.media?.renditions.map((r) => r.name),
        c.renditions,
      );
      const seconds = job.media?.durationSeconds ?? NaN;
      assert.ok(seconds >= c.seconds[0] && seconds <= c.seconds[1], `duration ${seconds}`);
      const chunks: Uint8Array[] = [];
      for await (const chunk of create({ url: node.rpcUrl }).cat(`${job.manifestCid}/manifest.json`))
        chunks.push(chunk);
      const manifest = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      assert.deepEqual(manifest.previews, { vtt: "previews.vtt", image: "previews.jpg" });
    });
  }
});

describe("HTTP surface", () => {
  test("CORS preflight and headers", async () => {
    const preflight = await fetch(`${worker.url}/jobs?filename=a.mp4`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-filename",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /PUT.*POST|POST.*PUT/);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /X-Filename/);
    const list = await fetch(`${worker.url}/jobs`, { headers: { Origin: "http://localhost:3000" } });
    assert.equal(list.headers.get("access-control-allow-origin"), "*");
  });

  test("CORS with a list of origins echoes only those", async () => {
    const restricted = await startWorker({
      port: 0,
      dataDir: path.join(dir, "cors"),
      kuboRpcUrl: node.rpcUrl,
      corsOrigins: ["http://localhost:3000"],
      log: silentLogger,
    });
    try {
      const allowed = await fetch(`${restricted.url}/jobs`, { headers: { Origin: "http://localhost:3000" } });
      assert.equal(allowed.headers.get("access-control-allow-origin"), "http://localhost:3000");
      const other = await fetch(`${restricted.url}/jobs`, { headers: { Origin: "https://evil.example" } });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
    } finally {
      await restricted.stop();
    }
  });

  test("health names the ffmpeg in use and the largest upload it accepts", async () => {
    const health = workerHealthSchema.parse(await (await fetch(`${worker.url}/health`)).json());
    assert.equal(health.ok, true);
    assert.equal(health.maxUploadBytes, MAX_UPLOAD, "the limit the web checks files against before sending them");
    assert.deepEqual(health.ffmpeg, {
      path: tools.ffmpeg.path,
      version: tools.ffmpeg.version,
      source: tools.ffmpeg.source,
    });
    assert.ok(["system", "npm", "env"].includes(health.ffmpeg.source));
  });

  test("the filename may come in X-Filename", async () => {
    const response = await fetch(`${worker.url}/jobs`, {
      method: "POST",
      headers: { "X-Filename": encodeURIComponent("Été.mp4") },
      body: Buffer.alloc(0),
    });
    assert.equal(response.status, 201);
    const { job } = (await response.json()) as { job: Job };
    assert.equal(job.filename, "Été.mp4");
    assert.equal(job.status, "failed");
  });
});
