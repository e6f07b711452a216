import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cueAt, parsePreviewTrack, previewLeft } from "../src/lib/seek-previews";

const TRACK = "https://gw.example/ipfs/bafyvideo/previews.vtt";
const vtt = [
  "WEBVTT",
  "",
  "00:00:00.000 --> 00:00:01.000",
  "previews.jpg#xywh=0,0,160,90",
  "",
  "00:00:01.000 --> 00:00:02.000",
  "previews.jpg#xywh=160,0,160,90",
  "",
  "00:00:02.000 --> 00:00:02.500",
  "previews.jpg#xywh=320,0,160,90",
  "",
].join("\n");

describe("seek-preview track", () => {
  it("reads the worker's cues and resolves the sheet beside the track", () => {
    const cues = parsePreviewTrack(vtt, TRACK);
    assert.equal(cues.length, 3);
    assert.deepEqual(cues[1], {
      start: 1,
      end: 2,
      image: "https://gw.example/ipfs/bafyvideo/previews.jpg",
      x: 160,
      y: 0,
      w: 160,
      h: 90,
    });
  });

  it("finds the tile for a time; past the track's end the last tile answers, before 0 nothing", () => {
    const cues = parsePreviewTrack(vtt, TRACK);
    assert.equal(cueAt(cues, 0)?.x, 0);
    assert.equal(cueAt(cues, 0.999)?.x, 0);
    assert.equal(cueAt(cues, 1)?.x, 160);
    assert.equal(cueAt(cues, 2.5)?.x, 320);
    assert.equal(cueAt(cues, 2.58)?.x, 320, "the player's duration (2.58 s of segments) runs past the track's 2.5 s");
    assert.equal(cueAt(cues, -1), null);
    assert.equal(cueAt([], 1), null);
  });

  it("drops what is not a plain tile inside the video's directory; hours and CRLF are fine", () => {
    const hostile = [
      "WEBVTT",
      "",
      "00:00.000 --> 00:01.000",
      "https://evil.example/x.jpg#xywh=0,0,160,90",
      "",
      "00:00:01.000 --> 00:00:02.000",
      "../other/previews.jpg#xywh=0,0,160,90",
      "",
      "00:00:02.000 --> 00:00:03.000",
      "previews.jpg#xywh=0,0,0,90",
      "",
      "01:00:03.000 --> 01:00:04.000",
      "previews.jpg#xywh=0,90,160,90",
    ].join("\r\n");
    assert.deepEqual(
      parsePreviewTrack(hostile, TRACK).map((c) => c.start),
      [3603],
    );
    assert.deepEqual(parsePreviewTrack("<html>not found</html>", TRACK), []);
  });

  it("keeps the preview inside the bar at both ends of a 360 px player", () => {
    assert.equal(previewLeft(5, 336, 160), 0);
    assert.equal(previewLeft(168, 336, 160), 88);
    assert.equal(previewLeft(330, 336, 160), 176);
  });
});
