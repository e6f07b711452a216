import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  initialStudio,
  studioPhase,
  studioReducer,
  type StudioEvent,
  type StudioState,
} from "../src/lib/upload-studio";
import { jobSchema, type Job, type UploadHandle } from "../src/lib/worker";

const own = { kind: "own" } as const;
const channel = { kind: "channel", channelId: "7", name: "Channel #7" } as const;
const run = (state: StudioState, ...events: StudioEvent[]) => events.reduce(studioReducer, state);
const restored = () => run(initialStudio(own), { type: "restored", stored: null });
const job = (fields: Partial<Job> = {}): Job =>
  jobSchema.parse({
    id: "job-1",
    filename: "sunrise_over_the_sea.mp4",
    bytes: 1000,
    createdAt: "2026-12-06T08:00:00.000Z",
    updatedAt: "2026-12-06T08:00:00.000Z",
    status: "transcoding",
    stage: "Transcoding",
    progress: 0,
    ...fields,
  });
const handle = (): UploadHandle => ({ done: new Promise(() => {}), abort: () => {} }) as unknown as UploadHandle;
const file = (name = "my_holiday.mp4") => new File(["x"], name, { type: "video/mp4" });

describe("the upload studio's state machine", () => {
  it("goes restoring → choosing → uploading → job", () => {
    let state = initialStudio(own);
    assert.equal(studioPhase(state), "restoring");
    state = run(state, { type: "restored", stored: null });
    assert.equal(studioPhase(state), "choosing");
    const h = handle();
    state = run(state, { type: "upload-started", file: file(), handle: h });
    assert.equal(studioPhase(state), "uploading");
    assert.equal(state.title, "my holiday", "the title starts as the file's name");
    state = run(state, { type: "upload-progress", handle: h, loaded: 40, total: 100 });
    assert.deepEqual([state.upload?.loaded, state.upload?.total], [40, 100]);
    state = run(state, { type: "upload-done", job: job() });
    assert.equal(studioPhase(state), "job");
    assert.equal(state.jobId, "job-1");
  });

  it("ignores progress from an upload that is no longer the one in flight", () => {
    const state = run(restored(), { type: "upload-started", file: file(), handle: handle() });
    assert.equal(run(state, { type: "upload-progress", handle: handle(), loaded: 99, total: 100 }), state);
  });

  it("restores the job, the draft and the channel from storage", () => {
    const state = run(initialStudio(own), {
      type: "restored",
      stored: {
        jobId: "job-9",
        channelId: "7",
        channelName: "Night Owls",
        draft: { title: "Typed", description: "So far" },
      },
    });
    assert.equal(studioPhase(state), "job");
    assert.deepEqual([state.title, state.description, state.touched], ["Typed", "So far", true]);
    assert.deepEqual(state.destination, { kind: "channel", channelId: "7", name: "Night Owls" });
  });

  it("takes the title from the job once, and the worker's saved details over what was typed", () => {
    let state = run(restored(), { type: "restored", stored: { jobId: "job-1" } }, { type: "job-seen", job: job() });
    assert.equal(state.title, "sunrise over the sea");
    state = run(state, { type: "title-changed", value: "" }, { type: "job-seen", job: job({ progress: 0.5 }) });
    assert.equal(state.title, "", "a poll of the same job doesn't refill a title the person cleared");
    state = run(state, { type: "job-seen", job: job({ details: { title: "Saved", description: "On the worker" } }) });
    assert.deepEqual([state.title, state.description], ["Saved", "On the worker"]);
  });

  it("keeps a typed title when a file is chosen, and replaces an untouched one", () => {
    const typed = run(
      restored(),
      { type: "title-changed", value: "Mine" },
      { type: "upload-started", file: file(), handle: handle() },
    );
    assert.equal(typed.title, "Mine");
    assert.equal(typed.touched, true);
  });

  it("Publish with an invalid title only shows the errors; a valid one requests publishing and clears a details error", () => {
    let state = run(restored(), { type: "publish-pressed", valid: false });
    assert.deepEqual([state.showErrors, state.publishRequested], [true, false]);
    state = run(state, { type: "details-failed", error: "No." });
    assert.equal(state.details.state, "error");
    state = run(state, { type: "publish-pressed", valid: true });
    assert.deepEqual([state.publishRequested, state.details], [true, { state: "idle" }]);
  });

  it("a failed job, a refused upload, refused details and the signature each end the publish request", () => {
    const requested = run(restored(), { type: "publish-pressed", valid: true });
    assert.equal(run(requested, { type: "job-seen", job: job({ status: "failed" }) }).publishRequested, false);
    assert.equal(run(requested, { type: "job-seen", job: job({ status: "transcoding" }) }).publishRequested, true);
    assert.equal(run(requested, { type: "upload-failed", error: "Too big." }).publishRequested, false);
    assert.equal(run(requested, { type: "details-failed", error: "No." }).publishRequested, false);
    assert.equal(run(requested, { type: "signing-started" }).publishRequested, false);
  });

  it("says why an upload failed, but not when the person stopped it", () => {
    const uploading = run(restored(), { type: "upload-started", file: file(), handle: handle() });
    const failed = run(uploading, { type: "upload-failed", error: "The worker refused it." });
    assert.deepEqual(
      [studioPhase(failed), failed.pickError, failed.file],
      ["choosing", "The worker refused it.", null],
    );
    assert.equal(run(uploading, { type: "upload-failed", error: null }).pickError, null);
  });

  it("a lost job is said until another file is chosen", () => {
    let state = run(restored(), { type: "restored", stored: { jobId: "job-1" } }, { type: "job-lost" });
    assert.equal(state.jobLost, true);
    state = run(state, { type: "upload-started", file: file(), handle: handle() });
    assert.equal(state.jobLost, false);
  });

  it("reset starts over with the page's destination, keeping what is known of the worker", () => {
    const busy = run(
      initialStudio(channel),
      { type: "restored", stored: { jobId: "job-1", draft: { title: "T", description: "D" } } },
      { type: "worker-health", up: false },
      { type: "destination-changed", destination: own },
      { type: "cancel-asked" },
    );
    const fresh = run(busy, { type: "reset", destination: channel });
    assert.deepEqual(fresh, { ...initialStudio(channel), restored: true, workerUp: false });
    assert.equal(studioPhase(fresh), "choosing");
  });
});
