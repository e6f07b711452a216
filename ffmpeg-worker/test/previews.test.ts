import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertTrackCovers, parsePreviewVtt } from "./preview-track.ts";
import { PREVIEW_MAX_TILES, buildPreviewVtt, choosePreviewLayout, previewSheetSize } from "../src/previews.ts";

describe("seek-preview layout and track", () => {
  test("a tile a second for short videos, fewer for long ones, never more than one sheet", () => {
    assert.deepEqual(choosePreviewLayout(20, 1280, 720), {
      intervalSeconds: 1,
      count: 20,
      columns: 10,
      rows: 2,
      tileWidth: 160,
      tileHeight: 90,
    });
    assert.deepEqual(choosePreviewLayout(0.034, 320, 240), {
      intervalSeconds: 1,
      count: 1,
      columns: 1,
      rows: 1,
      tileWidth: 160,
      tileHeight: 120,
    });
    assert.equal(choosePreviewLayout(7200, 1920, 1080).intervalSeconds, 72);
    for (let duration = 0; duration < 20_000; duration += 7.3) {
      const layout = choosePreviewLayout(duration, 1920, 1080);
      assert.ok(layout.count >= 1 && layout.count <= PREVIEW_MAX_TILES, `${duration}: ${layout.count}`);
      assert.ok(layout.columns * layout.rows >= layout.count);
      assertTrackCovers(buildPreviewVtt(layout, duration), Math.max(duration, 0.001), previewSheetSize(layout));
    }
  });

  test("tiles keep the aspect ratio within 160×160, even tiny and portrait sources", () => {
    assert.deepEqual(
      [choosePreviewLayout(5, 1080, 1920).tileWidth, choosePreviewLayout(5, 1080, 1920).tileHeight],
      [90, 160],
    );
    assert.deepEqual([choosePreviewLayout(5, 8, 8).tileWidth, choosePreviewLayout(5, 8, 8).tileHeight], [160, 160]);
  });

  test("the track names tiles left to right, top to bottom", () => {
    const layout = choosePreviewLayout(12.5, 1280, 720);
    const cues = parsePreviewVtt(buildPreviewVtt(layout, 12.5));
    assert.equal(cues.length, 13, "12.5 s: as many tiles as the fps filter makes (it rounds the end half up)");
    assert.deepEqual(cues[10], { start: 10, end: 11, image: "previews.jpg", x: 0, y: 90, w: 160, h: 90 });
    assert.deepEqual(cues[12], { start: 12, end: 12.5, image: "previews.jpg", x: 320, y: 90, w: 160, h: 90 });
    assert.equal(
      parsePreviewVtt(buildPreviewVtt(choosePreviewLayout(12.4, 1280, 720), 12.4)).length,
      12,
      "12.4 s: the last tile covers 11–12.4 s",
    );
  });
});
