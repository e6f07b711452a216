import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "@chorus/protocol/env";
import { loadConfig } from "../src/config.ts";
import { videoManifestSchema } from "@chorus/protocol";
import { InvalidDetails, parseDetails } from "../src/details.ts";
import { buildManifest } from "../src/manifest.ts";
import { WorkerError } from "../src/errors.ts";
import { cleanFilename } from "../src/server.ts";
import { withRetry } from "../src/publish.ts";

test("details: title required and at most 100 characters, description optional and at most 5000", () => {
  assert.deepEqual(parseDetails({ title: "  My video ", description: "line 1\nline 2 " }), {
    title: "My video",
    description: "line 1\nline 2",
  });
  assert.deepEqual(parseDetails({ title: "x" }), { title: "x", description: "" });
  assert.deepEqual(parseDetails({ title: "🎬".repeat(100) }).title.length, 200, "100 emoji are 100 characters");
  assert.throws(() => parseDetails({}), { name: "InvalidDetails", message: "A title is required." });
  assert.throws(() => parseDetails({ title: "   " }), { message: "A title is required." });
  assert.throws(() => parseDetails({ title: "x".repeat(101) }), {
    message: "The title is 101 characters long; the limit is 100.",
  });
  assert.throws(() => parseDetails({ title: "a\nb" }), InvalidDetails);
  assert.throws(() => parseDetails({ title: 5 }), InvalidDetails);
  assert.throws(() => parseDetails({ title: "ok", description: "d".repeat(5001) }), {
    message: "The description is 5001 characters long; the limit is 5000.",
  });
  assert.throws(() => parseDetails(null), InvalidDetails);
});

test("details: originallyPublishedAt (imports) is an ISO date-time with a zone, stored as UTC, never in the future", () => {
  assert.deepEqual(parseDetails({ title: "x", originallyPublishedAt: "2021-03-04T13:30:00+01:00" }), {
    title: "x",
    description: "",
    originallyPublishedAt: "2021-03-04T12:30:00.000Z",
  });
  assert.deepEqual(parseDetails({ title: "x", originallyPublishedAt: null }), { title: "x", description: "" });
  assert.throws(() => parseDetails({ title: "x", originallyPublishedAt: "March 4, 2021" }), {
    message: 'Send originallyPublishedAt as an ISO 8601 date and time with its zone, e.g. "2021-03-04T12:30:00Z".',
  });
  assert.throws(() => parseDetails({ title: "x", originallyPublishedAt: 1614861000000 }), InvalidDetails);
  assert.throws(() => parseDetails({ title: "x", originallyPublishedAt: "2021-02-31T25:00:00Z" }), InvalidDetails);
  const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  assert.throws(() => parseDetails({ title: "x", originallyPublishedAt: future }), /is in the future/);
});

test("details: tags normalised (lower case, - for spaces), de-duplicated, at most 10 of at most 32 characters", () => {
  assert.deepEqual(parseDetails({ title: "x", tags: ["Lo Fi", "#lo-fi", " Cooking "] }), {
    title: "x",
    description: "",
    tags: ["lo-fi", "cooking"],
  });
  assert.deepEqual(parseDetails({ title: "x", tags: [] }), { title: "x", description: "" }, "no tags, no key");
  assert.throws(() => parseDetails({ title: "x", tags: "a,b" }), {
    message: 'Send tags as a list of texts, e.g. ["cooking", "italian"].',
  });
  assert.throws(() => parseDetails({ title: "x", tags: ["!!!"] }), {
    message: 'The tag "!!!" has no letters or digits.',
  });
  assert.throws(() => parseDetails({ title: "x", tags: ["t".repeat(33)] }), {
    message: `The tag "${"t".repeat(33)}" is 33 characters long; the limit is 32.`,
  });
  assert.throws(() => parseDetails({ title: "x", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }), {
    message: "11 tags were sent; the limit is 10.",
  });
});

test("config from the environment, validated", () => {
  const config = loadConfig({
    WORKER_PORT: "0",
    WORKER_MAX_HEIGHT: "1080",
    WORKER_CORS_ORIGINS: "http://localhost:3000, https://chorus.example",
    KUBO_RPC_URL: "http://127.0.0.1:5001/",
  });
  assert.equal(config.port, 0);
  assert.equal(config.maxHeight, 1080);
  assert.deepEqual(config.corsOrigins, ["http://localhost:3000", "https://chorus.example"]);
  assert.equal(config.kuboRpcUrl, "http://127.0.0.1:5001");
  assert.equal(config.host, "127.0.0.1");
  assert.equal(loadConfig({}).maxUploadBytes, 2 * 1024 ** 3);
  assert.throws(() => loadConfig({ WORKER_MAX_HEIGHT: "100" }), ConfigError);
  assert.throws(() => loadConfig({ WORKER_PRESET: "fastest" }), ConfigError);
  assert.throws(() => loadConfig({ KUBO_RPC_URL: "localhost:5001" }), ConfigError);
  assert.throws(
    () => loadConfig({ WORKER_PORT: "eighty" }),
    /WORKER_PORT must be a whole number from 0 to 65535, got "eighty"/,
  );
  // Blank means unset; every problem is reported at once, each naming its variable.
  assert.equal(loadConfig({ WORKER_PORT: " ", WORKER_PRESET: "" }).port, 8700);
  assert.throws(
    () => loadConfig({ WORKER_MAX_HEIGHT: "100", WORKER_PRESET: "fastest" }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.length === 2 &&
      /WORKER_MAX_HEIGHT must be .* got "100"/.test(error.message) &&
      /WORKER_PRESET must be one of ultrafast/.test(error.message),
  );
});

test("filenames are cleaned", () => {
  assert.equal(cleanFilename("../../etc/passwd"), "passwd");
  assert.equal(cleanFilename("C:\\Users\\me\\holiday.mp4"), "holiday.mp4");
  assert.equal(cleanFilename("a\u0000b.mov"), "ab.mov");
  assert.equal(cleanFilename(""), "video");
});

test("retry: retryable errors back off and then give up with the count; permanent errors are thrown at once", async () => {
  const delays: number[] = [];
  let calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw new WorkerError("ipfs-unreachable", "IPFS is down.", { retryable: true });
      },
      { attempts: 3, baseDelayMs: 1, onRetry: ({ delayMs }) => delays.push(delayMs), giveUpAdvice: "Start it." },
    ),
    { code: "ipfs-unreachable", message: "IPFS is down. Tried 3 times. Start it.", retryable: true },
  );
  assert.equal(calls, 3);
  assert.deepEqual(delays, [1, 2]);

  calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw new WorkerError("ipfs-error", "Refused.", { retryable: false });
      },
      { attempts: 3, baseDelayMs: 1 },
    ),
    { message: "Refused." },
  );
  assert.equal(calls, 1);

  calls = 0;
  assert.equal(
    await withRetry(
      async () => (++calls < 2 ? Promise.reject(new WorkerError("ipfs-unreachable", "x", { retryable: true })) : "ok"),
      { attempts: 3, baseDelayMs: 1 },
    ),
    "ok",
  );
});

test("manifest: originallyPublishedAt only when the details have it, so a new video's manifest (and CID) is unchanged", () => {
  const input = {
    details: { title: "x", description: "" },
    probe: {
      durationSeconds: 2,
      container: "mp4",
      video: { codec: "h264", width: 320, height: 180, frameRate: null, rotation: 0 as const },
      audio: null,
    },
    renditions: [
      {
        name: "180p",
        width: 320,
        height: 180,
        bandwidth: 1,
        averageBandwidth: 1,
        codecs: "avc1",
        playlist: "180p/index.m3u8",
        segmentCount: 1,
      },
    ],
    segmentSeconds: 2,
    source: { filename: "a.mp4", bytes: 1 },
    createdAt: new Date("2026-01-01T00:00:00Z"),
  };
  assert.equal("originallyPublishedAt" in buildManifest(input), false);
  const imported = buildManifest({
    ...input,
    details: { ...input.details, originallyPublishedAt: "2019-05-17T09:30:00.000Z" },
  });
  assert.equal(imported.originallyPublishedAt, "2019-05-17T09:30:00.000Z");
  assert.equal(videoManifestSchema.parse(imported).originallyPublishedAt, "2019-05-17T09:30:00.000Z");
});
