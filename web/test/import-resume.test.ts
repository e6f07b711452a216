import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  hasWorkLeft,
  matchStored,
  parseStoredImport,
  resumedRun,
  resumeProgress,
  type StoredImport,
  storedImport,
} from "../src/lib/import-resume";
import type { ItemRun } from "../src/lib/takeout-batch";
import { jobSchema } from "../src/lib/worker";

const HASH = `0x${"ab".repeat(32)}` as const;
const job = (id: string, manifestCid: string | null = null) =>
  jobSchema.parse({
    id,
    filename: `${id}.mp4`,
    bytes: 10,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    status: manifestCid ? "published" : "transcoding",
    stage: "",
    progress: 0,
    ...(manifestCid ? { manifestCid } : {}),
  });

const file = (name: string, size: number) => ({ name, size });
const item = (name: string, size: number, selected = true) => ({ file: file(name, size), title: name, selected });

describe("resuming an import after a reload", () => {
  const items = [item("a.mp4", 100), item("b.mp4", 200), item("c.mp4", 300), item("d.mp4", 400, false)];
  const runs: ItemRun[] = [
    {
      step: "done",
      videoId: "7",
      job: job("j1", "bafyA"),
      tx: { step: "indexed", hash: HASH, blockNumber: 9n, result: { kind: "video", videoId: "7" } as never },
    },
    { step: "processing", job: job("j2") },
    { step: "waiting" },
    { step: "waiting" },
  ];
  const stored = storedImport(31337, "peertube", items, runs, 1000);

  it("keeps which videos are done with their ids, CIDs and transactions, and the job of one under way", () => {
    assert.deepEqual(stored.items, [
      {
        name: "a.mp4",
        size: 100,
        title: "a.mp4",
        selected: true,
        done: { videoId: "7", manifestCid: "bafyA", txHash: HASH },
      },
      { name: "b.mp4", size: 200, title: "b.mp4", selected: true, jobId: "j2" },
      { name: "c.mp4", size: 300, title: "c.mp4", selected: true },
      { name: "d.mp4", size: 400, title: "d.mp4", selected: false },
    ]);
    const read = parseStoredImport(JSON.stringify(stored), 31337);
    assert.deepEqual(read, stored, "it survives localStorage");
    assert.deepEqual(resumeProgress(read!), { done: 1, total: 3 }, "over the ticked videos: 1 of 3 published");
    assert.equal(hasWorkLeft(read!), true);
  });

  it("matches the re-picked files by name and size, skips the done ones and starts the others from their job", () => {
    // Picked again from a folder unzipped elsewhere, in another order, with a file that changed size and a new one.
    const again = [file("c.mp4", 300), file("a.mp4", 100), file("b.mp4", 201), file("e.mp4", 5), file("d.mp4", 400)];
    const matches = matchStored(again, stored.items);
    assert.deepEqual(
      matches.map((m) => m?.name ?? null),
      ["c.mp4", "a.mp4", null, null, "d.mp4"],
    );
    assert.deepEqual(matches.map(resumedRun), [
      { step: "waiting" },
      { step: "done", videoId: "7", manifestCid: "bafyA", txHash: HASH },
      { step: "waiting" },
      { step: "waiting" },
      { step: "waiting" },
    ]);
    assert.deepEqual(resumedRun(stored.items[1]!), { step: "waiting", jobId: "j2" });
  });

  it("keeps a transaction signed but not yet indexed, so the resumed import follows it rather than signing again", () => {
    const signed = storedImport(
      31337,
      "youtube",
      [item("s.mp4", 9)],
      [{ step: "publishing", job: job("j9", "bafyS"), txHash: HASH }],
      3,
    );
    assert.deepEqual(signed.items[0], {
      name: "s.mp4",
      size: 9,
      title: "s.mp4",
      selected: true,
      jobId: "j9",
      txHash: HASH,
    });
    const read = parseStoredImport(JSON.stringify(signed), 31337)!;
    assert.deepEqual(resumedRun(read.items[0]!), { step: "waiting", jobId: "j9", txHash: HASH });
    assert.deepEqual(resumeProgress(read), { done: 0, total: 1 });
    // Not signed yet: only the job is kept.
    const unsigned = storedImport(
      31337,
      "youtube",
      [item("s.mp4", 9)],
      [{ step: "publishing", job: job("j9", "bafyS") }],
      3,
    );
    assert.deepEqual(unsigned.items[0], { name: "s.mp4", size: 9, title: "s.mp4", selected: true, jobId: "j9" });
  });

  it("pairs two files of the same name and size in turn", () => {
    const twins = [
      { ...stored.items[0]!, name: "same.mp4", size: 1 },
      { ...stored.items[2]!, name: "same.mp4", size: 1 },
    ];
    const matches = matchStored([file("same.mp4", 1), file("same.mp4", 1), file("same.mp4", 1)], twins);
    assert.deepEqual(
      matches.map((m) => (m ? (m.done ? "done" : "waiting") : null)),
      ["done", "waiting", null],
    );
  });

  it("a resumed done video stays done when stored again; a finished batch has nothing left", () => {
    const resumed = storedImport(31337, "peertube", items.slice(0, 1), [resumedRun(stored.items[0]!)], 2000);
    assert.deepEqual(resumed.items[0]!.done, { videoId: "7", manifestCid: "bafyA", txHash: HASH });
    assert.equal(hasWorkLeft(resumed), false);
  });

  it("ignores another chain's batch and anything unreadable", () => {
    const text = JSON.stringify(stored);
    assert.equal(parseStoredImport(text, 8453), null);
    assert.equal(parseStoredImport(null, 31337), null);
    assert.equal(parseStoredImport("{", 31337), null);
    const bad: StoredImport = { ...stored, items: [{ ...stored.items[0]!, done: { videoId: "x" } }] };
    assert.equal(parseStoredImport(JSON.stringify(bad), 31337), null);
    assert.equal(parseStoredImport(JSON.stringify({ ...stored, items: [] }), 31337), null);
  });
});
