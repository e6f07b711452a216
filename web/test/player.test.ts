import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  actionForKey,
  bufferedEnd,
  keyBelongsToTarget,
  labelLevels,
  parseStoredVolume,
  speedLabel,
} from "../src/lib/player";

describe("keyboard shortcuts", () => {
  it("maps YouTube's keys", () => {
    assert.deepEqual(actionForKey(" "), { type: "toggle-play" });
    assert.deepEqual(actionForKey("k"), { type: "toggle-play" });
    assert.deepEqual(actionForKey("j"), { type: "seek-by", seconds: -10 });
    assert.deepEqual(actionForKey("l"), { type: "seek-by", seconds: 10 });
    assert.deepEqual(actionForKey("ArrowLeft"), { type: "seek-by", seconds: -5 });
    assert.deepEqual(actionForKey("ArrowRight"), { type: "seek-by", seconds: 5 });
    assert.deepEqual(actionForKey("f"), { type: "fullscreen" });
    assert.deepEqual(actionForKey("m"), { type: "mute" });
    assert.equal(actionForKey("x"), null);
    assert.equal(actionForKey("ArrowUp"), null);
  });

  it("leaves keys to text fields, other sliders and activated buttons", () => {
    assert.equal(keyBelongsToTarget("k", { tagName: "INPUT", type: "text" }), true);
    assert.equal(keyBelongsToTarget(" ", { tagName: "TEXTAREA" }), true);
    assert.equal(keyBelongsToTarget("m", { tagName: "DIV", isContentEditable: true }), true);
    assert.equal(
      keyBelongsToTarget("ArrowLeft", { tagName: "INPUT", type: "range" }),
      true,
      "volume slider keeps its arrows",
    );
    assert.equal(
      keyBelongsToTarget("ArrowLeft", { tagName: "INPUT", type: "range", isSeekBar: true }),
      false,
      "seek bar arrows are ours",
    );
    assert.equal(keyBelongsToTarget("k", { tagName: "INPUT", type: "range" }), false);
    assert.equal(keyBelongsToTarget(" ", { tagName: "BUTTON" }), true);
    assert.equal(keyBelongsToTarget("k", { tagName: "BUTTON" }), false);
    assert.equal(keyBelongsToTarget(" ", { tagName: "INPUT", type: "checkbox" }), true, "space ticks a checkbox");
    assert.equal(keyBelongsToTarget(" ", { tagName: "INPUT", type: "radio" }), true);
    assert.equal(keyBelongsToTarget("k", { tagName: "INPUT", type: "checkbox" }), false);
    assert.equal(keyBelongsToTarget(" ", { tagName: "BODY" }), false);
    assert.equal(keyBelongsToTarget(" ", null), false);
  });
});

describe("quality levels", () => {
  it("names levels after the manifest's renditions, highest first, keeping hls.js indices", () => {
    const levels = [
      { height: 240, width: 426, bitrate: 400_000 },
      { height: 480, width: 854, bitrate: 1_400_000 },
      { height: 720, width: 1280, bitrate: 2_800_000 },
    ];
    const renditions = [
      { name: "240p", height: 240, bandwidth: 400_000 },
      { name: "480p", height: 480, bandwidth: 1_400_000 },
      { name: "720p HD", height: 720, bandwidth: 2_800_000 },
    ];
    assert.deepEqual(
      labelLevels(levels, renditions).map((l) => [l.index, l.label]),
      [
        [2, "720p HD"],
        [1, "480p"],
        [0, "240p"],
      ],
    );
  });
  it("falls back to <height>p", () => {
    assert.deepEqual(
      labelLevels([{ height: 360, width: 640, bitrate: 800_000 }]).map((l) => l.label),
      ["360p"],
    );
  });
});

describe("remembered volume", () => {
  it("reads what was saved, clamped", () => {
    assert.deepEqual(parseStoredVolume('{"volume":0.4,"muted":true}'), { volume: 0.4, muted: true });
    assert.deepEqual(parseStoredVolume('{"volume":7}'), { volume: 1, muted: false });
  });
  it("ignores anything broken", () => {
    for (const raw of [null, "", "nope", "null", '{"volume":"loud"}', "[]"])
      assert.equal(parseStoredVolume(raw), null, String(raw));
  });
});

describe("misc", () => {
  it("labels speeds", () => {
    assert.equal(speedLabel(1), "Normal");
    assert.equal(speedLabel(1.5), "1.5×");
  });
  it("finds the buffered range around the playhead", () => {
    const ranges = { length: 2, start: (i: number) => [0, 30][i]!, end: (i: number) => [10, 50][i]! };
    assert.equal(bufferedEnd(ranges, 5), 10);
    assert.equal(bufferedEnd(ranges, 35), 50);
    assert.equal(bufferedEnd(ranges, 20), 20);
  });
});
