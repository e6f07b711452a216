import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { before, describe, test } from "node:test";
import { videoManifestSchema } from "@chorus/protocol";
import { chooseLadder } from "../src/ladder.ts";
import { parseMasterPlaylist } from "../src/master-playlist.ts";
import { parseMediaPlaylist } from "../src/media-playlist.ts";
import { resolveMediaTools } from "../src/media-tools.ts";
import { runPipeline } from "../src/pipeline.ts";
import { probeMedia } from "../src/probe.ts";
import { transcodeLadder } from "../src/transcode.ts";
import { buildThumbnailArgs } from "../src/ffmpeg-args.ts";
import { ffmpegChildren, ffprobeJson, listFiles, makeClip, mediaTools, tempDir } from "./helpers.ts";
import { assertTrackCovers, parsePreviewVtt } from "./preview-track.ts";

interface Packets {
  packets: { pts_time?: string; flags?: string }[];
}
interface Streams {
  streams: {
    codec_type: string;
    width?: number;
    height?: number;
    codec_name?: string;
    profile?: string;
    level?: number;
  }[];
}

/** Every segment of every rendition, read back with ffprobe. */
async function inspectRenditions(outDir: string) {
  const variants = parseMasterPlaylist(await readFile(path.join(outDir, "master.m3u8"), "utf8"));
  const renditions = [];
  for (const variant of variants) {
    const playlistPath = path.join(outDir, variant.uri);
    const playlist = parseMediaPlaylist(await readFile(playlistPath, "utf8"));
    const segments = [];
    for (const segment of playlist.segments) {
      const file = path.join(path.dirname(playlistPath), segment.uri);
      const { packets } = await ffprobeJson<Packets>([
        "-select_streams",
        "v:0",
        "-show_entries",
        "packet=pts_time,flags",
        file,
      ]);
      const { streams } = await ffprobeJson<Streams>([
        "-show_entries",
        "stream=codec_type,codec_name,width,height,profile,level",
        file,
      ]);
      const videoStream = streams.find((s) => s.codec_type === "video");
      segments.push({
        uri: segment.uri,
        firstIsKeyframe: packets[0]?.flags?.includes("K") ?? false,
        keyframes: packets.filter((p) => p.flags?.includes("K")).length,
        firstPts: Number(packets[0]?.pts_time),
        video: videoStream,
        profile: videoStream?.profile,
        level: videoStream?.level ?? 0,
        hasAudio: streams.some((s) => s.codec_type === "audio"),
      });
    }
    renditions.push({ variant, playlist, segments });
  }
  return renditions;
}

describe("transcoding a 1280x720 clip with audio", () => {
  // Setup lives in before(): tests registered after an await in a describe body race the runner
  // ("test could not be started because its parent finished").
  let outDir: string;
  let prepared: Awaited<ReturnType<typeof runPipeline>>["prepared"];
  let renditions: Awaited<ReturnType<typeof inspectRenditions>>;
  const progress: number[] = [];
  before(async () => {
    const dir = await tempDir("transcode");
    const tools = await mediaTools();
    const source = await makeClip(path.join(dir, "source.mp4"), { width: 1280, height: 720, seconds: 5 });
    outDir = path.join(dir, "out");
    ({ prepared } = await runPipeline(source, outDir, {
      ffmpegPath: tools.ffmpeg.path,
      ffprobePath: tools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
      onTranscodeProgress: (p) => progress.push(p.fraction),
    }));
    renditions = await inspectRenditions(outDir);
  });

  test("makes 720p, 480p and 240p, lowest first, none above the source", () => {
    assert.deepEqual(
      renditions.map((r) => [r.variant.uri, r.variant.width, r.variant.height]),
      [
        ["240p/index.m3u8", 426, 240],
        ["480p/index.m3u8", 854, 480],
        ["720p/index.m3u8", 1280, 720],
      ],
    );
    for (const r of renditions) assert.ok((r.variant.height ?? Infinity) <= 720);
  });

  test("every rendition has the same number of segments, 2 s each but the last", () => {
    const counts = renditions.map((r) => r.segments.length);
    assert.deepEqual(counts, [3, 3, 3]);
    for (const r of renditions) {
      assert.ok(r.playlist.ended);
      assert.deepEqual(
        r.playlist.segments.map((s) => s.durationSeconds),
        [2, 2, 1],
      );
    }
  });

  test("every segment starts with a keyframe, has exactly one, and starts at the same time in every rendition", () => {
    for (const r of renditions) {
      for (const s of r.segments) {
        assert.ok(s.firstIsKeyframe, `${r.variant.uri} ${s.uri} does not start with a keyframe`);
        assert.equal(s.keyframes, 1, `${r.variant.uri} ${s.uri}`);
      }
    }
    for (let i = 0; i < 3; i++) {
      const starts = renditions.map((r) => r.segments[i]?.firstPts ?? NaN);
      assert.ok(Math.max(...starts) - Math.min(...starts) < 0.001, `segment ${i} starts at ${starts.join(", ")}`);
    }
  });

  test("segments are H.264 + AAC at the advertised size; master has measured bandwidth and codecs", () => {
    for (const r of renditions) {
      for (const s of r.segments) {
        assert.equal(s.video?.codec_name, "h264");
        assert.equal(s.video?.width, r.variant.width);
        assert.equal(s.video?.height, r.variant.height);
        assert.ok(s.hasAudio);
      }
      const first = r.segments[0]!;
      assert.equal(
        r.variant.codecs,
        `avc1.6400${first.level.toString(16).padStart(2, "0")},mp4a.40.2`,
        "CODECS matches what ffprobe reads",
      );
      assert.equal(first.profile, "High");
      assert.ok(r.variant.bandwidth > 0);
      assert.ok(Number(r.variant.attributes["AVERAGE-BANDWIDTH"]) <= r.variant.bandwidth);
      assert.equal(r.variant.attributes["FRAME-RATE"], "30.000");
    }
    assert.ok(renditions[0]!.variant.bandwidth < renditions[2]!.variant.bandwidth);
    assert.deepEqual(
      prepared.renditions.map((r) => r.bandwidth),
      renditions.map((r) => r.variant.bandwidth),
    );
  });

  test("thumbnail at most 640 wide; the output holds only what is published", async () => {
    const { streams } = await ffprobeJson<Streams>([
      "-show_entries",
      "stream=width,height,codec_type",
      path.join(outDir, "thumbnail.jpg"),
    ]);
    assert.deepEqual([streams[0]?.width, streams[0]?.height], [640, 360]);
    const files = await listFiles(outDir);
    assert.deepEqual(
      files.filter((f) => !f.endsWith(".ts")),
      [
        "240p/index.m3u8",
        "480p/index.m3u8",
        "720p/index.m3u8",
        "master.m3u8",
        "previews.jpg",
        "previews.vtt",
        "thumbnail.jpg",
      ],
    );
    assert.deepEqual(
      files.filter((f) => f.startsWith("240p/")),
      ["240p/index.m3u8", "240p/seg_00000.ts", "240p/seg_00001.ts", "240p/seg_00002.ts"],
    );
  });

  test("seek previews: a sprite sheet and a WebVTT track whose cues cover the duration with tiles inside the real sheet", async () => {
    assert.deepEqual(prepared.previews, { vtt: "previews.vtt", image: "previews.jpg" });
    const { streams } = await ffprobeJson<Streams>([
      "-show_entries",
      "stream=width,height,codec_name",
      path.join(outDir, "previews.jpg"),
    ]);
    const sheet = { width: streams[0]!.width!, height: streams[0]!.height! };
    assert.equal(streams[0]?.codec_name, "mjpeg");
    assert.deepEqual(sheet, { width: 5 * 160, height: 90 }, "5 s at a tile a second: one row of five 160x90 tiles");
    const track = await readFile(path.join(outDir, "previews.vtt"), "utf8");
    assertTrackCovers(track, prepared.probe.durationSeconds, sheet);
    assert.equal(parsePreviewVtt(track).length, 5);
    // Each tile is a real frame, not the tile filter's black padding: its tile differs from its neighbour.
    const { stdout } = await promisify(execFile)((await mediaTools()).ffmpeg.path, [
      "-v",
      "error",
      "-i",
      path.join(outDir, "previews.jpg"),
      "-vf",
      "crop=160:90:0:0,signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-",
      "-f",
      "null",
      "-",
    ]);
    assert.ok(Number(/YAVG=([\d.]+)/.exec(stdout)?.[1]) > 20, `first tile looks black: ${stdout}`);
  });

  test("progress rises to 1", () => {
    assert.ok(progress.length > 0);
    assert.equal(progress.at(-1), 1);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]! >= progress[i - 1]!);
  });
});

describe("transcoding a portrait clip without audio", () => {
  let outDir: string;
  let result: Awaited<ReturnType<typeof runPipeline>>;
  before(async () => {
    const dir = await tempDir("portrait");
    const tools = await mediaTools();
    const source = await makeClip(path.join(dir, "phone.mp4"), {
      width: 360,
      height: 640,
      seconds: 3,
      audio: false,
      fps: 25,
    });
    outDir = path.join(dir, "out");
    result = await runPipeline(source, outDir, {
      ffmpegPath: tools.ffmpeg.path,
      ffprobePath: tools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
      details: { title: "Portrait", description: "" },
    });
  });

  test("rungs named by the short side, video-only codecs, manifest written", async () => {
    const { prepared, manifest } = result;
    assert.deepEqual(
      prepared.renditions.map((r) => `${r.name}=${r.width}x${r.height}`),
      ["240p=240x426", "360p=360x640"],
    );
    const variants = parseMasterPlaylist(await readFile(path.join(outDir, "master.m3u8"), "utf8"));
    for (const v of variants) assert.match(v.codecs ?? "", /^avc1\.[0-9a-f]{6}$/);
    assert.equal(variants[0]?.attributes["FRAME-RATE"], "25.000");
    const renditions = await inspectRenditions(outDir);
    assert.deepEqual(
      renditions.map((r) => r.segments.length),
      [2, 2],
    );
    for (const r of renditions) for (const s of r.segments) assert.ok(s.firstIsKeyframe && !s.hasAudio);
    const written = JSON.parse(await readFile(path.join(outDir, "manifest.json"), "utf8"));
    assert.deepEqual(written, manifest);
    assert.deepEqual(
      videoManifestSchema.parse(written),
      written,
      "the manifest the worker writes is one every reader accepts as is",
    );
    assert.equal(manifest?.source?.audioCodec, null);
    assert.equal(manifest?.width, 360);
    assert.equal(manifest?.height, 640);
    assert.ok((await stat(path.join(outDir, "thumbnail.jpg"))).size > 0);
  });
});

describe("with the npm static ffmpeg (2018 build), as on a machine without a system ffmpeg", () => {
  test("the ladder comes out aligned and master.m3u8 is written by the worker", async () => {
    // @ffmpeg-installer is a dependency of the worker, so the npm build is always there to test.
    const npmTools = await resolveMediaTools({ searchPath: "" });
    const dir = await tempDir("npm-ffmpeg");
    assert.equal(npmTools.ffmpeg.source, "npm");
    const source = await makeClip(path.join(dir, "source.mp4"), { width: 854, height: 480, seconds: 3 });
    const outDir = path.join(dir, "out");
    await runPipeline(source, outDir, {
      ffmpegPath: npmTools.ffmpeg.path,
      ffprobePath: npmTools.ffprobe.path,
      maxHeight: 720,
      preset: "veryfast",
    });
    const renditions = await inspectRenditions(outDir);
    assert.deepEqual(
      renditions.map((r) => r.variant.uri),
      ["240p/index.m3u8", "360p/index.m3u8", "480p/index.m3u8"],
    );
    assert.deepEqual(
      renditions.map((r) => r.segments.length),
      [2, 2, 2],
    );
    for (const r of renditions) for (const s of r.segments) assert.ok(s.firstIsKeyframe);
    const { streams } = await ffprobeJson<Streams>([
      "-show_entries",
      "stream=width,height",
      path.join(outDir, "previews.jpg"),
    ]);
    assertTrackCovers(await readFile(path.join(outDir, "previews.vtt"), "utf8"), 3, {
      width: streams[0]!.width!,
      height: streams[0]!.height!,
    });
  });
});

describe("limits and overrides", () => {
  let dir: string;
  let tools: Awaited<ReturnType<typeof mediaTools>>;
  let source: string;
  before(async () => {
    dir = await tempDir("limits");
    tools = await mediaTools();
    source = await makeClip(path.join(dir, "source.mp4"), { width: 1280, height: 720, seconds: 3 });
  });

  test("a transcode over its time limit is killed and reported as retryable", async () => {
    const probe = await probeMedia(tools.ffprobe.path, source);
    const rungs = chooseLadder(probe.video, { maxHeight: 720 });
    await assert.rejects(
      transcodeLadder(source, path.join(dir, "out"), {
        ffmpegPath: tools.ffmpeg.path,
        probe,
        rungs,
        frameRate: { num: 30, den: 1 },
        timeoutMs: 150,
      }),
      { code: "transcode-timeout", retryable: true, message: /took too long/ },
    );
    assert.deepEqual(await ffmpegChildren(), []);
  });

  test("an abort kills ffmpeg at once", async () => {
    const probe = await probeMedia(tools.ffprobe.path, source);
    const controller = new AbortController();
    const run = transcodeLadder(source, path.join(dir, "out2"), {
      ffmpegPath: tools.ffmpeg.path,
      probe,
      rungs: chooseLadder(probe.video, { maxHeight: 720 }),
      frameRate: { num: 30, den: 1 },
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("stop")),
    });
    await assert.rejects(run, { message: "stop" });
    assert.deepEqual(await ffmpegChildren(), []);
  });

  test("the thumbnail is an output of the ladder run: the frame a separate seek gives; none past the end (publishing then makes it apart)", async () => {
    const probe = await probeMedia(tools.ffprobe.path, source);
    const rungs = chooseLadder(probe.video, { maxHeight: 360 });
    const out = path.join(dir, "thumb");
    const thumbnail = { atSeconds: 1.5, width: 320, height: 180 };
    const result = await transcodeLadder(source, out, {
      ffmpegPath: tools.ffmpeg.path,
      probe,
      rungs,
      frameRate: { num: 30, den: 1 },
      thumbnail,
    });
    assert.deepEqual(result.thumbnail, thumbnail);
    const { streams } = await ffprobeJson<Streams>([
      "-show_entries",
      "stream=width,height",
      path.join(out, "thumbnail.jpg"),
    ]);
    assert.deepEqual([streams[0]?.width, streams[0]?.height], [320, 180]);
    // testsrc2 moves every frame: the same frame taken by a separate seek matches closely, one 0.5 s away does not.
    const psnr = async (atSeconds: number) => {
      const reference = path.join(dir, `reference-${atSeconds}.jpg`);
      await promisify(execFile)(
        tools.ffmpeg.path,
        buildThumbnailArgs({ input: source, output: reference, atSeconds, width: 320, height: 180 }),
      );
      const { stderr } = await promisify(execFile)(tools.ffmpeg.path, [
        "-hide_banner",
        "-i",
        path.join(out, "thumbnail.jpg"),
        "-i",
        reference,
        "-lavfi",
        "psnr",
        "-f",
        "null",
        "-",
      ]);
      return Number(/average:([\d.]+|inf)/.exec(stderr)?.[1]?.replace("inf", "Infinity"));
    };
    const same = await psnr(1.5);
    const other = await psnr(2);
    assert.ok(same > 35 && same > other + 5, `PSNR against the frame at 1.5 s: ${same} dB, at 2 s: ${other} dB`);

    const late = await transcodeLadder(source, out, {
      ffmpegPath: tools.ffmpeg.path,
      probe,
      rungs,
      frameRate: { num: 30, den: 1 },
      thumbnail: { ...thumbnail, atSeconds: 60 },
    });
    assert.equal(late.thumbnail, undefined);
    assert.ok(!(await listFiles(out)).includes("thumbnail.jpg"));
  });

  test("WORKER_FFMPEG / WORKER_FFPROBE paths win and are reported as env; a bad path is refused", async () => {
    const chosen = await resolveMediaTools({ ffmpegPath: tools.ffmpeg.path, ffprobePath: tools.ffprobe.path });
    assert.equal(chosen.ffmpeg.source, "env");
    assert.equal(chosen.ffprobe.path, tools.ffprobe.path);
    await assert.rejects(resolveMediaTools({ ffmpegPath: path.join(dir, "no-such-ffmpeg") }), /does not run/);
  });
});
