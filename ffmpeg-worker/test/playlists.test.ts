import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { avcCodecString, findAvcParameters } from "../src/codecs.ts";
import { buildFilterGraph, buildLadderArgs, keyframeInterval } from "../src/ffmpeg-args.ts";
import { chooseLadder } from "../src/ladder.ts";
import { choosePreviewLayout } from "../src/previews.ts";
import { buildMasterPlaylist, parseAttributeList, parseMasterPlaylist } from "../src/master-playlist.ts";
import { parseMediaPlaylist } from "../src/media-playlist.ts";
import { parseVersionOutput } from "../src/media-tools.ts";
import { ProgressParser, estimateSecondsLeft } from "../src/progress.ts";
import { measureBandwidth } from "../src/transcode.ts";

describe("buildLadderArgs", () => {
  const rungs = chooseLadder({ width: 1280, height: 720 }, { maxHeight: 720 });
  const args = buildLadderArgs({
    input: "/in/source",
    outDir: "/out",
    rungs,
    hasAudio: true,
    frameRate: { num: 30, den: 1 },
    preset: "veryfast",
    segmentSeconds: 2,
  });
  const value = (flag: string) => args[args.indexOf(flag) + 1];

  test("one input read from a file, one split, one encoder pair per rung", () => {
    assert.equal(value("-i"), "/in/source");
    assert.equal(value("-filter_complex"), buildFilterGraph(rungs, { num: 30, den: 1 }));
    assert.match(value("-filter_complex") ?? "", /^\[0:v:0\]fps=30\/1,split=3\[s0\]\[s1\]\[s2\];\[s0\]scale=426:240/);
    assert.equal(args.filter((a) => a === "-map").length, 6);
    assert.equal(value("-b:v:2"), "2800k");
    assert.equal(value("-b:a:0"), "64k");
  });

  test("segment-aligned keyframes", () => {
    assert.equal(value("-g"), "60");
    assert.equal(value("-keyint_min"), "60");
    assert.equal(value("-sc_threshold"), "0");
    assert.equal(value("-force_key_frames"), "expr:gte(t,n_forced*2)");
    assert.equal(value("-hls_time"), "2");
    assert.equal(value("-hls_playlist_type"), "vod");
    assert.equal(value("-hls_flags"), "independent_segments+temp_file");
  });

  test("no name: in var_stream_map and no -master_pl_name (older ffmpeg builds break on them)", () => {
    assert.equal(value("-var_stream_map"), "v:0,a:0 v:1,a:1 v:2,a:2");
    assert.ok(!args.includes("-master_pl_name"));
    assert.equal(args.at(-1), "/out/%v/index.m3u8");
    assert.equal(value("-progress"), "pipe:1");
  });

  test("without audio, only video is mapped", () => {
    const silent = buildLadderArgs({
      input: "in",
      outDir: "out",
      rungs: rungs.slice(0, 1),
      hasAudio: false,
      frameRate: { num: 25, den: 1 },
      preset: "veryfast",
      segmentSeconds: 2,
      progress: false,
    });
    assert.ok(!silent.includes("0:a:0") && !silent.includes("-c:a") && !silent.includes("-progress"));
    assert.equal(silent[silent.indexOf("-var_stream_map") + 1], "v:0");
    assert.equal(
      silent[silent.indexOf("-filter_complex") + 1],
      "[0:v:0]fps=25/1,scale=426:240:flags=bicubic,setsar=1[v0]",
    );
  });

  test("seek previews are one more branch of the same graph and a second output file", () => {
    const layout = choosePreviewLayout(20, 1280, 720);
    const withPreviews = buildLadderArgs({
      input: "in",
      outDir: "out",
      rungs,
      hasAudio: true,
      frameRate: { num: 30, den: 1 },
      preset: "veryfast",
      segmentSeconds: 2,
      previews: { file: "out/previews.jpg", layout },
    });
    const graph = withPreviews[withPreviews.indexOf("-filter_complex") + 1] ?? "";
    assert.match(graph, /^\[0:v:0\]fps=30\/1,split=4\[s0\]\[s1\]\[s2\]\[s3\];/);
    assert.ok(graph.endsWith(";[s3]fps=1/1,scale=160:90:flags=bicubic,setsar=1,tile=10x2[previews]"), graph);
    assert.equal(withPreviews.filter((a) => a === "-i").length, 1, "one input: one decode");
    assert.deepEqual(withPreviews.slice(withPreviews.indexOf("/out/%v/index.m3u8".replace("/out", "out")) + 1), [
      "-map",
      "[previews]",
      "-frames:v",
      "1",
      "-c:v",
      "mjpeg",
      "-q:v",
      "5",
      "-pix_fmt",
      "yuvj420p",
      "-f",
      "image2",
      "-update",
      "1",
      "out/previews.jpg",
    ]);
    const single = buildFilterGraph(
      rungs.slice(0, 1),
      { num: 30, den: 1 },
      { previews: choosePreviewLayout(0.2, 320, 240) },
    );
    assert.equal(
      single,
      "[0:v:0]fps=30/1,split=2[s0][s1];[s0]scale=426:240:flags=bicubic,setsar=1[v0];[s1]trim=end_frame=1,scale=160:120:flags=bicubic,setsar=1,tile=1x1[previews]",
    );
  });

  test("the thumbnail is one more branch too: the first frame at or after its time, then the branch ends", () => {
    const layout = choosePreviewLayout(20, 1280, 720);
    const args = buildLadderArgs({
      input: "in",
      outDir: "out",
      rungs,
      hasAudio: true,
      frameRate: { num: 30, den: 1 },
      preset: "veryfast",
      segmentSeconds: 2,
      previews: { file: "out/previews.jpg", layout },
      thumbnail: { file: "out/thumbnail.jpg", atSeconds: 2, width: 640, height: 360 },
    });
    const graph = args[args.indexOf("-filter_complex") + 1] ?? "";
    assert.match(graph, /^\[0:v:0\]fps=30\/1,split=5\[s0\]\[s1\]\[s2\]\[s3\]\[s4\];/);
    assert.ok(
      graph.endsWith(";[s4]select=gte(t\\,2.000),trim=end_frame=1,scale=640:360:flags=bicubic,setsar=1[thumbnail]"),
      graph,
    );
    assert.equal(args.filter((a) => a === "-i").length, 1, "one input: one decode");
    assert.deepEqual(args.slice(-15), [
      "-map",
      "[thumbnail]",
      "-frames:v",
      "1",
      "-c:v",
      "mjpeg",
      "-q:v",
      "3",
      "-pix_fmt",
      "yuvj420p",
      "-f",
      "image2",
      "-update",
      "1",
      "out/thumbnail.jpg",
    ]);
  });

  test("frame rate at the muxer: no fps filter, -r with CFR sync instead", () => {
    const atMuxer = buildLadderArgs({
      input: "in",
      outDir: "out",
      rungs: rungs.slice(0, 1),
      hasAudio: false,
      frameRate: { num: 30, den: 1 },
      preset: "veryfast",
      segmentSeconds: 2,
      frameRateAt: "muxer",
    });
    assert.equal(atMuxer[atMuxer.indexOf("-filter_complex") + 1], "[0:v:0]scale=426:240:flags=bicubic,setsar=1[v0]");
    assert.equal(atMuxer[atMuxer.indexOf("-r") + 1], "30/1");
    assert.equal(atMuxer[atMuxer.indexOf("-vsync") + 1], "cfr");
    assert.ok(!args.includes("-vsync"));
  });

  test("keyframe interval rounds up", () => {
    assert.equal(keyframeInterval({ num: 30000, den: 1001 }, 2), 60);
    assert.equal(keyframeInterval({ num: 24000, den: 1001 }, 2), 48);
    assert.equal(keyframeInterval({ num: 25, den: 1 }, 2), 50);
  });
});

describe("playlists", () => {
  test("master playlist round-trips, lowest first, with the attributes players need", () => {
    const text = buildMasterPlaylist([
      {
        uri: "240p/index.m3u8",
        bandwidth: 500_000.4,
        averageBandwidth: 450_000,
        width: 426,
        height: 240,
        codecs: "avc1.640015,mp4a.40.2",
        framesPerSecond: 30,
      },
      {
        uri: "720p/index.m3u8",
        bandwidth: 3_000_000,
        averageBandwidth: 2_800_000,
        width: 1280,
        height: 720,
        codecs: "avc1.64001f,mp4a.40.2",
        framesPerSecond: 30000 / 1001,
      },
    ]);
    assert.match(text, /^#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n/);
    const variants = parseMasterPlaylist(text);
    assert.deepEqual(
      variants.map((v) => [v.uri, v.bandwidth, v.width, v.height, v.codecs]),
      [
        ["240p/index.m3u8", 500000, 426, 240, "avc1.640015,mp4a.40.2"],
        ["720p/index.m3u8", 3000000, 1280, 720, "avc1.64001f,mp4a.40.2"],
      ],
    );
    assert.equal(variants[1]?.attributes["FRAME-RATE"], "29.970");
    assert.equal(variants[0]?.attributes["AVERAGE-BANDWIDTH"], "450000");
  });

  test("attribute lists keep commas inside quotes", () => {
    assert.deepEqual(parseAttributeList('BANDWIDTH=1,CODECS="a,b",RESOLUTION=2x2'), {
      BANDWIDTH: "1",
      CODECS: "a,b",
      RESOLUTION: "2x2",
    });
  });

  test("media playlist", () => {
    const playlist = parseMediaPlaylist(
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000000,\nseg_00000.ts\n#EXTINF:1.5,\nseg_00001.ts\n#EXT-X-ENDLIST\n",
    );
    assert.deepEqual(playlist, {
      targetDurationSeconds: 2,
      ended: true,
      segments: [
        { uri: "seg_00000.ts", durationSeconds: 2 },
        { uri: "seg_00001.ts", durationSeconds: 1.5 },
      ],
    });
    assert.equal(parseMediaPlaylist("#EXTM3U\n#EXTINF:2,\na.ts\n").ended, false);
    assert.throws(() => parseMediaPlaylist("garbage"), SyntaxError);
  });

  test("codec string from the SPS inside an MPEG-TS packet", () => {
    assert.equal(avcCodecString({ profileIdc: 100, constraintFlags: 0, levelIdc: 31 }), "avc1.64001f");
    assert.equal(avcCodecString({ profileIdc: 66, constraintFlags: 0xe0, levelIdc: 30 }), "avc1.42e01e");
    // One TS packet on PID 0x100 with an adaptation field, a PES header, an access unit delimiter, then the SPS.
    const packet = new Uint8Array(188).fill(0xff);
    const pes = [
      0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5, 0x21, 0, 1, 0, 1, 0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28,
      0xac,
    ];
    packet.set([0x47, 0x41, 0x00, 0x30, 7, 0x50, 0, 0, 0, 0, 0, 0], 0);
    packet.set(pes, 12);
    assert.deepEqual(findAvcParameters(packet), { profileIdc: 0x64, constraintFlags: 0, levelIdc: 0x28 });
    assert.equal(findAvcParameters(new Uint8Array(188)), undefined);
  });

  test("bandwidth is the peak segment bitrate, ignoring a short last segment", () => {
    const measured = measureBandwidth([
      { durationSeconds: 2, bytes: 250_000 },
      { durationSeconds: 2, bytes: 300_000 },
      { durationSeconds: 0.2, bytes: 60_000 },
    ]);
    assert.equal(measured.bandwidth, 1_200_000);
    assert.equal(measured.averageBandwidth, Math.ceil((610_000 * 8) / 4.2));
  });
});

describe("ffmpeg output parsing", () => {
  test("progress blocks, old and new keys", () => {
    const parser = new ProgressParser();
    assert.equal(parser.push("frame=10"), undefined);
    assert.equal(parser.push("out_time_us=N/A"), undefined);
    assert.deepEqual(parser.push("progress=continue"), { outTimeSeconds: 0, ended: false });
    parser.push("out_time_ms=1500000");
    assert.deepEqual(parser.push("progress=continue"), { outTimeSeconds: 1.5, ended: false });
    parser.push("out_time=00:00:03.250000");
    assert.deepEqual(parser.push("progress=end"), { outTimeSeconds: 3.25, ended: true });
  });

  test("time left", () => {
    assert.equal(estimateSecondsLeft(0.5, 10_000), 10);
    assert.equal(estimateSecondsLeft(0.01, 10_000), undefined);
    assert.equal(estimateSecondsLeft(1, 10_000), undefined);
  });

  test("versions", () => {
    assert.deepEqual(
      parseVersionOutput(
        "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc 12",
      ),
      { version: "5.1.9-0+deb12u1", major: 5, buildYear: 2026 },
    );
    assert.deepEqual(
      parseVersionOutput(
        "ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers",
      ),
      { version: "N-47683-g0e8eb07980-static", major: undefined, buildYear: 2018 },
    );
    assert.equal(parseVersionOutput("nothing"), undefined);
  });
});
