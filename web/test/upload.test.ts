import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toHex } from "viem";
import { CID } from "multiformats/cid";
import { cidToBytes, videosAddress } from "../src/lib/contracts";
import { TITLE_MAX } from "../src/lib/format";
import {
  jobSteps,
  leaveWarning,
  parseStoredUpload,
  titleProblem,
  uploadStorageKey,
  UPLOAD_STORAGE_KEY,
} from "../src/lib/upload-state";
import { isTerminal, jobSchema, rejectNonVideo, rejectTooBig } from "../src/lib/worker";

describe("stored upload", () => {
  it("round-trips a job id and transaction hash", () => {
    const hash = `0x${"a".repeat(64)}`;
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "job-123", txHash: hash })), {
      jobId: "job-123",
      txHash: hash,
    });
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "abc_1" })), { jobId: "abc_1" });
  });
  it("keeps the title and description typed so far", () => {
    const draft = { title: "My talk", description: "Slides at https://example.org" };
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "j", draft })), { jobId: "j", draft });
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "j", draft: { title: 5, description: "" } })), {
      jobId: "j",
    });
  });
  it("keeps one upload per account (any letter case), and unclaimed work under the plain key", () => {
    assert.equal(
      uploadStorageKey("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
      "chorus.upload.0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    );
    assert.equal(
      uploadStorageKey("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
      uploadStorageKey("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
    );
    assert.notEqual(
      uploadStorageKey("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
      uploadStorageKey("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
    );
    assert.equal(uploadStorageKey(undefined), UPLOAD_STORAGE_KEY);
  });
  it("ignores anything it can't trust", () => {
    for (const raw of [null, "", "{", "[]", '{"jobId":5}', '{"jobId":"../../x"}'])
      assert.equal(parseStoredUpload(raw), null, String(raw));
    assert.deepEqual(parseStoredUpload(JSON.stringify({ jobId: "j", txHash: "0x12" })), { jobId: "j" });
  });
});

describe("details as they are typed", () => {
  it("says a title over the limit is too long, by how much, instead of cutting it", () => {
    assert.equal(titleProblem("a".repeat(TITLE_MAX)), null);
    assert.equal(
      titleProblem("a".repeat(TITLE_MAX + 12)),
      `The title is ${TITLE_MAX + 12} characters, 12 over the limit of ${TITLE_MAX}. Shorten it to publish.`,
    );
    assert.equal(titleProblem("   "), "Add a title.");
  });
  it("counts characters as people see them (an emoji is one)", () => {
    assert.equal(titleProblem("🎬".repeat(TITLE_MAX)), null);
  });
});

describe("leaving the upload page", () => {
  const none = { uploading: false, awaitingSignature: false, unpublished: false };
  it("asks only when something would be lost or left unpublished, naming the worst", () => {
    assert.equal(leaveWarning(none), null);
    assert.match(leaveWarning({ ...none, uploading: true, unpublished: true })!, /upload stops/);
    assert.match(leaveWarning({ ...none, awaitingSignature: true, unpublished: true })!, /hasn't signed/);
    assert.match(leaveWarning({ ...none, unpublished: true })!, /keeps processing.*kept/);
  });
});

describe("job steps", () => {
  const states = (status: Parameters<typeof jobSteps>[0]) => jobSteps(status).map((s) => s.state);
  it("follows the job through its statuses", () => {
    assert.deepEqual(states(null), ["active", "pending", "pending", "pending"]);
    assert.deepEqual(states("queued"), ["done", "active", "pending", "pending"]);
    assert.deepEqual(states("probing"), ["done", "active", "pending", "pending"]);
    assert.deepEqual(states("transcoding"), ["done", "done", "active", "pending"]);
    assert.deepEqual(
      states("awaiting-details"),
      ["done", "done", "done", "waiting"],
      "Store on IPFS waits for Publish: no spinner",
    );
    assert.deepEqual(states("publishing"), ["done", "done", "done", "active"]);
    assert.deepEqual(states("published"), ["done", "done", "done", "done"]);
  });
  it("marks the step where a job failed", () => {
    assert.deepEqual(
      jobSteps("failed", "probing").map((s) => s.state),
      ["done", "failed", "pending", "pending"],
    );
    assert.deepEqual(
      jobSteps("failed", "transcoding").map((s) => s.state),
      ["done", "done", "failed", "pending"],
    );
    assert.deepEqual(
      jobSteps("cancelled", "publishing").map((s) => s.state),
      ["done", "done", "done", "failed"],
    );
  });
  it("knows which statuses are final", () => {
    assert.equal(isTerminal("published"), true);
    assert.equal(isTerminal("failed"), true);
    assert.equal(isTerminal("cancelled"), true);
    assert.equal(isTerminal("transcoding"), false);
    assert.equal(isTerminal("awaiting-details"), false);
  });
});

describe("worker job shape", () => {
  const at = "2026-12-06T08:00:00.000Z";
  const transcoding = {
    id: "j1",
    filename: "a.mp4",
    bytes: 10,
    createdAt: at,
    updatedAt: at,
    status: "transcoding",
    stage: "Transcoding 480p",
    progress: 0.5,
    etaSeconds: 12,
  };
  it("accepts the worker's job", () => {
    const job = jobSchema.parse(transcoding);
    assert.equal(job.status, "transcoding");
    assert.equal(job.details, undefined);
  });
  it("rejects an unknown status, and a failed job whose error lacks a message", () => {
    assert.equal(jobSchema.safeParse({ ...transcoding, status: "exploded" }).success, false);
    assert.equal(
      jobSchema.safeParse({ ...transcoding, status: "failed", error: { code: "corrupt-video", retryable: false } })
        .success,
      false,
    );
  });
});

describe("file check before upload", () => {
  it("lets videos and unknown types through", () => {
    assert.equal(rejectNonVideo({ name: "a.mp4", type: "video/mp4", size: 10 }), null);
    assert.equal(rejectNonVideo({ name: "a.mkv", type: "", size: 10 }), null);
    assert.equal(rejectNonVideo({ name: "clip", type: "application/octet-stream", size: 10 }), null);
  });
  it("stops empty files and obvious non-videos with a reason", () => {
    assert.match(rejectNonVideo({ name: "a.mp4", type: "video/mp4", size: 0 })!, /empty/);
    assert.match(rejectNonVideo({ name: "cat.jpg", type: "image/jpeg", size: 10 })!, /doesn't look like a video/);
  });
  it("refuses a file bigger than the worker accepts before sending it, saying both sizes and what to do", () => {
    const limit = 4e9;
    assert.equal(rejectTooBig({ name: "talk.mp4", size: limit }, limit), null, "exactly the limit is accepted");
    assert.equal(rejectTooBig({ name: "talk.mp4", size: 10 }, limit), null);
    assert.equal(
      rejectTooBig({ name: "huge.mp4", size: 10 ** 12 }, null),
      null,
      "an unknown limit leaves it to the worker",
    );
    assert.equal(
      rejectTooBig({ name: "talk.mp4", size: 6.2e9 }, limit),
      '"talk.mp4" is 6.20 GB; this node accepts files up to 4.00 GB. Trim it or re-encode it smaller (for example with HandBrake or ffmpeg), or ask the node\'s operator to raise WORKER_MAX_UPLOAD_BYTES.',
    );
    assert.match(
      rejectTooBig({ name: "a.mov", size: limit + 1 }, limit)!,
      /^"a\.mov" is 4000000001 bytes; this node accepts files up to 4000000000 bytes\./,
      "sizes that round alike are given in bytes",
    );
  });
});

describe("contract arguments", () => {
  it("passes the CID as its binary form", () => {
    const cid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    assert.equal(cidToBytes(cid), toHex(CID.parse(cid).bytes));
    assert.match(cidToBytes(cid), /^0x01701220/); // CIDv1, dag-pb, sha2-256, 32 bytes
  });
  it("throws on something that isn't a CID", () => {
    assert.throws(() => cidToBytes("not-a-cid"));
  });
  it("finds the Videos address in the generated deployments", () => {
    assert.match(videosAddress(31337) ?? "", /^0x[0-9a-fA-F]{40}$/);
    assert.equal(videosAddress(1), null);
  });
});
