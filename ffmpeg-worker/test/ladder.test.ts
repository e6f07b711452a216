import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chooseLadder, chooseOutputFrameRate, evenAtMost, type Rung } from "../src/ladder.ts";

const sizes = (rungs: Rung[]) => rungs.map((r) => `${r.name}=${r.width}x${r.height}`);

describe("chooseLadder", () => {
  const table: { source: [number, number]; maxHeight: number; expected: string[]; why: string }[] = [
    {
      source: [1920, 1080],
      maxHeight: 1080,
      expected: ["360p=640x360", "720p=1280x720", "1080p=1920x1080"],
      why: "1080p source, 1080 allowed",
    },
    {
      source: [1920, 1080],
      maxHeight: 720,
      expected: ["240p=426x240", "480p=854x480", "720p=1280x720"],
      why: "default maximum caps a 1080p source",
    },
    {
      source: [3840, 2160],
      maxHeight: 1080,
      expected: ["360p=640x360", "720p=1280x720", "1080p=1920x1080"],
      why: "4K source",
    },
    {
      source: [1280, 720],
      maxHeight: 720,
      expected: ["240p=426x240", "480p=854x480", "720p=1280x720"],
      why: "720p source",
    },
    {
      source: [1280, 720],
      maxHeight: 1080,
      expected: ["240p=426x240", "480p=854x480", "720p=1280x720"],
      why: "never upscale to 1080p",
    },
    {
      source: [854, 480],
      maxHeight: 720,
      expected: ["240p=426x240", "360p=640x360", "480p=854x480"],
      why: "480p source",
    },
    {
      source: [1000, 600],
      maxHeight: 720,
      expected: ["240p=400x240", "360p=600x360", "480p=800x480"],
      why: "between rungs: top rung is the one below",
    },
    { source: [640, 360], maxHeight: 720, expected: ["240p=426x240", "360p=640x360"], why: "360p source: two rungs" },
    { source: [426, 240], maxHeight: 720, expected: ["240p=426x240"], why: "240p source: one rung" },
    { source: [320, 180], maxHeight: 720, expected: ["180p=320x180"], why: "below 240p: one rung at source size" },
    {
      source: [321, 179],
      maxHeight: 720,
      expected: ["178p=320x178"],
      why: "odd source below 240p: even, not above source",
    },
    {
      source: [8, 8],
      maxHeight: 720,
      expected: ["144p=144x144"],
      why: "tiny (8x8 VP8): scaled up to the 144 px minimum",
    },
    { source: [64, 48], maxHeight: 720, expected: ["144p=192x144"], why: "tiny 4:3: short side up to 144" },
    { source: [48, 64], maxHeight: 720, expected: ["144p=144x192"], why: "tiny portrait" },
    {
      source: [400, 100],
      maxHeight: 720,
      expected: ["106p=426x106"],
      why: "tiny but wide: scaled up only until it fills the 240p box",
    },
    { source: [144, 144], maxHeight: 720, expected: ["144p=144x144"], why: "at the minimum: own size" },
    {
      source: [1080, 1920],
      maxHeight: 720,
      expected: ["240p=240x426", "480p=480x854", "720p=720x1280"],
      why: "portrait: rungs named by the short side",
    },
    {
      source: [720, 1280],
      maxHeight: 1080,
      expected: ["240p=240x426", "480p=480x854", "720p=720x1280"],
      why: "portrait 720p: no upscale",
    },
    {
      source: [1920, 800],
      maxHeight: 1080,
      expected: ["360p=640x266", "720p=1280x534", "1080p=1920x800"],
      why: "scope (2.4:1) fills the 1080p box by width",
    },
    { source: [1440, 1080], maxHeight: 720, expected: ["240p=320x240", "480p=640x480", "720p=960x720"], why: "4:3" },
  ];
  for (const { source, maxHeight, expected, why } of table) {
    test(`${source.join("x")} max ${maxHeight}: ${why}`, () => {
      assert.deepEqual(sizes(chooseLadder({ width: source[0], height: source[1] }, { maxHeight })), expected);
    });
  }

  test("every ladder: even sizes, never above the source or the maximum, aspect kept, at most 3, lowest first", () => {
    const sources: [number, number][] = [];
    for (let w = 8; w <= 4000; w += 137)
      for (const aspect of [16 / 9, 4 / 3, 1, 9 / 16, 2.39, 0.5]) sources.push([w, Math.round(w / aspect)]);
    for (const [width, height] of sources) {
      for (const maxHeight of [240, 360, 480, 720, 1080]) {
        const rungs = chooseLadder({ width, height }, { maxHeight });
        const label = `${width}x${height} max ${maxHeight}: ${sizes(rungs).join(" ")}`;
        assert.ok(rungs.length >= 1 && rungs.length <= 3, label);
        for (const r of rungs) {
          assert.equal(r.width % 2, 0, label);
          assert.equal(r.height % 2, 0, label);
          if (Math.min(width, height) >= 144) assert.ok(r.width <= width && r.height <= height, `upscaled: ${label}`);
          else
            assert.ok(
              Math.min(r.width, r.height) >= 144 || Math.max(r.width, r.height) >= 424,
              `tiny source not scaled up to the minimum: ${label}`,
            );
          assert.ok(Math.min(r.width, r.height) <= maxHeight, `above maximum: ${label}`);
          if (r.width >= 64 && r.height >= 64)
            assert.ok(Math.abs(r.width / r.height - width / height) / (width / height) < 0.03, `aspect: ${label}`);
        }
        for (let i = 1; i < rungs.length; i++) {
          const [lower, higher] = [rungs[i - 1]!, rungs[i]!];
          assert.ok(lower.width * lower.height < higher.width * higher.height, `order: ${label}`);
          assert.ok(lower.videoBitrate < higher.videoBitrate, `bitrate order: ${label}`);
        }
      }
    }
  });

  test("bitrates: cap above target, more for high frame rates", () => {
    const [low, , top] = chooseLadder({ width: 1280, height: 720 }, { maxHeight: 720 });
    assert.equal(top?.videoBitrate, 2_800_000);
    assert.equal(low?.videoBitrate, 400_000);
    assert.ok(top && top.maxBitrate > top.videoBitrate && top.bufferSize > top.maxBitrate);
    const [, , top60] = chooseLadder({ width: 1280, height: 720, frameRate: { num: 60, den: 1 } }, { maxHeight: 720 });
    assert.equal(top60?.videoBitrate, 4_200_000);
  });

  test("rejects a maximum below 240 and empty sources", () => {
    assert.throws(() => chooseLadder({ width: 1280, height: 720 }, { maxHeight: 144 }), RangeError);
    assert.throws(() => chooseLadder({ width: 0, height: 720 }, { maxHeight: 720 }), RangeError);
  });
});

describe("chooseOutputFrameRate", () => {
  test("keeps standard rates, snaps near ones, halves above 60, defaults to 30", () => {
    assert.deepEqual(chooseOutputFrameRate({ num: 30, den: 1 }), { num: 30, den: 1 });
    assert.deepEqual(chooseOutputFrameRate({ num: 30000, den: 1001 }), { num: 30000, den: 1001 });
    assert.deepEqual(chooseOutputFrameRate({ num: 2987, den: 100 }), { num: 30000, den: 1001 });
    assert.deepEqual(chooseOutputFrameRate({ num: 25, den: 1 }), { num: 25, den: 1 });
    assert.deepEqual(chooseOutputFrameRate({ num: 120, den: 1 }), { num: 60, den: 1 });
    assert.deepEqual(chooseOutputFrameRate({ num: 15, den: 1 }), { num: 15000, den: 1000 });
    assert.deepEqual(chooseOutputFrameRate(null), { num: 30, den: 1 });
  });
});

test("evenAtMost rounds to even without exceeding the limit", () => {
  assert.equal(evenAtMost(533.33, 800), 534);
  assert.equal(evenAtMost(321, 321), 320);
  assert.equal(evenAtMost(179, 179), 178);
  assert.equal(evenAtMost(1, 1), 2);
});
