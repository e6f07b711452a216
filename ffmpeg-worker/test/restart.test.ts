import assert from "node:assert/strict";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";
import { startIpfsNode } from "@chorus/ipfs-node";
import type { Job } from "../src/jobs.ts";
import { silentLogger } from "@chorus/protocol/log";
import { startWorker } from "../src/worker.ts";
import { ApiClient, workEntries } from "./api-client.ts";
import { ffmpegChildren, makeClip, tempDir } from "./helpers.ts";

const dir = await tempDir("restart");
const node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
after(() => node.stop());
const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 1280, height: 720, seconds: 6 });

describe("a worker restart mid-job", () => {
  test("stopping during the transcode kills ffmpeg; the next start resumes the job from its source and publishes it", async () => {
    const dataDir = path.join(dir, "worker");
    const first = await startWorker({ port: 0, dataDir, kuboRpcUrl: node.rpcUrl, log: silentLogger });
    const api = new ApiClient(first.url);
    const job = await api.uploadFile(clip, "restart.mp4");
    assert.equal((await api.details(job.id, { title: "Survives restarts" })).status, 200);
    await api.waitForJob(job.id, (j) => j.status === "transcoding" && j.progress > 0, "to be transcoding");
    await first.stop();

    assert.deepEqual(await ffmpegChildren(), [], "ffmpeg was killed");
    const onDisk = JSON.parse(await readFile(path.join(dataDir, "jobs", `${job.id}.json`), "utf8")) as Job;
    assert.equal(onDisk.status, "transcoding", "left as it was, for the next start");
    assert.match(onDisk.stage, /resumes when it starts again/);

    // Leftovers of a crash: an upload that never finished and a half-written job file.
    await mkdir(path.join(dataDir, "work", "orphanupload1"), { recursive: true });
    await writeFile(path.join(dataDir, "work", "orphanupload1", "source.part"), "partial");
    await writeFile(path.join(dataDir, "jobs", `${job.id}.json.1234.tmp`), '{"half":');
    // A job whose source is gone cannot resume: it fails with a message instead.
    const lost: Job = { ...onDisk, id: "lostsource01", status: "probing", filename: "lost.mp4" };
    await writeFile(path.join(dataDir, "jobs", "lostsource01.json"), JSON.stringify(lost));

    const logged: { message: string; fields: Record<string, unknown> }[] = [];
    const second = await startWorker({
      port: 0,
      dataDir,
      kuboRpcUrl: node.rpcUrl,
      log: (_level, message, fields = {}) => logged.push({ message, fields }),
    });
    try {
      const resumed = new ApiClient(second.url);
      assert.ok(logged.some((l) => l.message === "job resumed from its source" && l.fields["jobId"] === job.id));
      assert.deepEqual(await workEntries(dataDir), [job.id], "only the resumed job keeps files");
      // The crash's half-written job file is gone (the resumed job may be writing a .tmp of its own right now).
      assert.ok(
        !(await readdir(path.join(dataDir, "jobs"))).includes(`${job.id}.json.1234.tmp`),
        "stale temp file removed",
      );

      const lostJob = (await resumed.get("lostsource01")).job;
      assert.equal(lostJob?.status, "failed");
      assert.equal(lostJob?.error?.code, "interrupted");
      assert.equal(
        lostJob?.error?.message,
        "The worker restarted and the uploaded file was lost. Upload the video again.",
      );

      const published = await resumed.waitForStatus(job.id, ["published", "failed"], 90_000);
      assert.equal(published.status, "published", JSON.stringify(published.error));
      assert.deepEqual(
        published.media?.renditions.map((r) => r.name),
        ["240p", "480p", "720p"],
      );
      assert.deepEqual(await workEntries(dataDir), []);
      assert.ok(
        logged.some((l) => l.message === "transcoding" && l.fields["jobId"] === job.id),
        "transcoded again from the source",
      );
      assert.ok(logged.some((l) => l.message === "published" && l.fields["manifestCid"] === published.manifestCid));
    } finally {
      await second.stop();
    }
  });

  test("a restart while waiting for details keeps the transcode, and the segments already added to IPFS", async () => {
    const dataDir = path.join(dir, "worker-awaiting");
    const small = await makeClip(path.join(dir, "small.mp4"), { width: 426, height: 240, seconds: 6 });
    const first = await startWorker({ port: 0, dataDir, kuboRpcUrl: node.rpcUrl, log: silentLogger });
    const job = await new ApiClient(first.url).uploadFile(small);
    await new ApiClient(first.url).waitForStatus(job.id, ["awaiting-details"]);
    await first.stop();
    const prepared = JSON.parse(await readFile(path.join(dataDir, "work", job.id, "prepared.json"), "utf8")) as {
      added?: unknown[];
    };
    assert.ok((prepared.added?.length ?? 0) > 0, "segments added during the transcode are recorded with it");

    const logged: string[] = [];
    const second = await startWorker({
      port: 0,
      dataDir,
      kuboRpcUrl: node.rpcUrl,
      log: (_level, message) => logged.push(message),
    });
    try {
      const api = new ApiClient(second.url);
      assert.equal((await api.get(job.id)).job?.status, "awaiting-details", "no second transcode");
      assert.equal((await api.details(job.id, { title: "After restart" })).status, 200);
      assert.equal((await api.waitForStatus(job.id, ["published", "failed"])).status, "published");
      assert.ok(
        !logged.some((m) => m.includes("not reusable")),
        "published from the segments added before the restart",
      );
    } finally {
      await second.stop();
    }
  });
});

describe("IPFS down when publishing", () => {
  test("retries with backoff, then fails with a retryable error that names IPFS; files are removed", async () => {
    const doomed = await startIpfsNode({ dataDir: path.join(dir, "ipfs-doomed"), rpcPort: 0, gatewayPort: 0 });
    const dataDir = path.join(dir, "worker-ipfs-down");
    const worker = await startWorker({
      port: 0,
      dataDir,
      kuboRpcUrl: doomed.rpcUrl,
      publishAttempts: 3,
      publishRetryBaseMs: 50,
      log: silentLogger,
    });
    try {
      const api = new ApiClient(worker.url);
      const small = await makeClip(path.join(dir, "ipfs-down.mp4"), { width: 426, height: 240, seconds: 2 });
      const job = await api.uploadFile(small);
      await api.waitForStatus(job.id, ["awaiting-details"]);
      await doomed.stop();

      assert.equal((await api.details(job.id, { title: "Never published" })).status, 200);
      const failed = await api.waitForStatus(job.id, ["failed", "published"]);
      assert.equal(failed.status, "failed");
      assert.equal(failed.error?.code, "ipfs-unreachable");
      assert.equal(failed.error?.retryable, true);
      assert.match(
        failed.error?.message ?? "",
        /IPFS node at http:\/\/127\.0\.0\.1:\d+ is unreachable\. Tried 3 times\. Check that the IPFS node is running/,
      );
      assert.equal(failed.manifestCid, undefined);
      assert.deepEqual(await workEntries(dataDir), []);
    } finally {
      await worker.stop();
      await doomed.stop();
    }
  });
});
