import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, test } from "node:test";
import { WorkerError } from "../src/errors.ts";
import { type FfprobeOutput, interpretProbe, probeMedia } from "../src/probe.ts";
import { makeClip, mediaTools, tempDir } from "./helpers.ts";

const video = {
  codec_type: "video",
  codec_name: "h264",
  width: 1920,
  height: 1080,
  avg_frame_rate: "30/1",
  r_frame_rate: "30/1",
  sample_aspect_ratio: "1:1",
};
const audio = { codec_type: "audio", codec_name: "aac" };
const mp4 = (streams: object[], duration = "12.5"): FfprobeOutput => ({
  format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration, tags: { major_brand: "isom" } },
  streams,
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof WorkerError, `expected a WorkerError, got ${String(error)}`);
    assert.equal(error.retryable, false);
    return error.code;
  }
  assert.fail("expected a bad-input error");
}

describe("interpretProbe", () => {
  test("reads a normal MP4", () => {
    const probe = interpretProbe(mp4([video, audio]), "");
    assert.deepEqual(probe, {
      durationSeconds: 12.5,
      container: "mp4",
      video: { codec: "h264", width: 1920, height: 1080, frameRate: { num: 30, den: 1 }, rotation: 0 },
      audio: { codec: "aac" },
    });
  });

  test("rotated phone video reports display size", () => {
    const probe = interpretProbe(mp4([{ ...video, side_data_list: [{ rotation: -90 }] }]), "");
    assert.equal(probe.video.width, 1080);
    assert.equal(probe.video.height, 1920);
    assert.equal(probe.video.rotation, 270);
    assert.equal(interpretProbe(mp4([{ ...video, tags: { rotate: "90" } }]), "").video.height, 1920);
  });

  test("non-square pixels widen to display size", () => {
    const probe = interpretProbe(mp4([{ ...video, width: 720, height: 576, sample_aspect_ratio: "16:11" }]), "");
    assert.equal(probe.video.width, 1047);
  });

  test("audio is optional; matroska duration tags are read", () => {
    const probe = interpretProbe(
      {
        format: { format_name: "matroska,webm" },
        streams: [{ ...video, codec_name: "vp9", tags: { DURATION: "00:01:02.500000000" } }],
      },
      "",
    );
    assert.equal(probe.audio, null);
    assert.equal(probe.durationSeconds, 62.5);
    assert.equal(probe.container, "webm");
  });

  test("bad input is classified", () => {
    assert.equal(
      code(() => interpretProbe(undefined, "source: Invalid data found when processing input")),
      "not-a-video",
    );
    assert.equal(
      code(() =>
        interpretProbe(undefined, "[mov,mp4] moov atom not found\nsource: Invalid data found when processing input"),
      ),
      "corrupt-video",
    );
    assert.equal(
      code(() => interpretProbe(mp4([audio]), "")),
      "no-video-stream",
    );
    assert.equal(
      code(() =>
        interpretProbe(
          {
            format: { format_name: "mp3", duration: "3" },
            streams: [
              { codec_type: "audio", codec_name: "mp3" },
              { ...video, codec_name: "mjpeg", disposition: { attached_pic: 1 } },
            ],
          },
          "",
        ),
      ),
      "no-video-stream",
    );
    assert.equal(
      code(() =>
        interpretProbe(
          { format: { format_name: "tty", duration: "0.44" }, streams: [{ ...video, codec_name: "ansi" }] },
          "",
        ),
      ),
      "not-a-video",
    );
    assert.equal(
      code(() =>
        interpretProbe({ format: { format_name: "jpeg_pipe" }, streams: [{ ...video, codec_name: "mjpeg" }] }, ""),
      ),
      "image-not-video",
    );
    assert.equal(
      code(() => interpretProbe(mp4([]), "")),
      "not-a-video",
    );
  });

  test("a container without a duration leaves it unknown (probeMedia measures it)", () => {
    assert.equal(interpretProbe(mp4([video], "N/A"), "").durationSeconds, undefined);
  });

  test("messages are for people", () => {
    assert.throws(() => interpretProbe(mp4([audio]), ""), {
      message: "This file has no video stream (audio only). Upload a video file.",
    });
  });
});

describe("probeMedia on real files", () => {
  let dir: string;
  before(async () => {
    dir = await tempDir("probe");
  });

  test("a generated clip, an audio file, random bytes and text", async () => {
    const { ffprobe, ffmpeg } = await mediaTools();
    const clip = await makeClip(path.join(dir, "clip.mp4"), { width: 426, height: 240, seconds: 1 });
    const probe = await probeMedia(ffprobe.path, clip);
    assert.equal(probe.video.width, 426);
    assert.ok(Math.abs(probe.durationSeconds - 1) < 0.1);

    const random = path.join(dir, "random");
    await writeFile(random, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 251)));
    await assert.rejects(probeMedia(ffprobe.path, random), { code: "not-a-video" });
    const text = path.join(dir, "text");
    await writeFile(text, "Just some notes, not a video.\n".repeat(100));
    await assert.rejects(probeMedia(ffprobe.path, text), { code: "not-a-video" });

    const { execFile } = await import("node:child_process");
    const song = path.join(dir, "song");
    await new Promise<void>((resolve, reject) =>
      execFile(
        ffmpeg.path,
        ["-v", "error", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", "-f", "mp4", song],
        (e) => (e ? reject(e) : resolve()),
      ),
    );
    await assert.rejects(probeMedia(ffprobe.path, song), { code: "no-video-stream" });
  });

  test("a WebM streamed to a pipe has no duration in its header: measured from its packets", async () => {
    const { ffprobe, ffmpeg } = await mediaTools();
    const { execFile } = await import("node:child_process");
    const { stdout } = await new Promise<{ stdout: Buffer }>((resolve, reject) =>
      execFile(
        ffmpeg.path,
        [
          "-v",
          "error",
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=64x48:rate=25:duration=3",
          "-c:v",
          "libvpx",
          "-f",
          "webm",
          "pipe:1",
        ],
        { encoding: "buffer" },
        (e, out) => (e ? reject(e) : resolve({ stdout: out })),
      ),
    );
    const streamed = path.join(dir, "streamed.webm");
    await writeFile(streamed, stdout);
    await assert.rejects(probeMedia(ffprobe.path, streamed), {
      code: "corrupt-video",
      message: /couldn't read how long/,
    });
    const probe = await probeMedia(ffprobe.path, streamed, { ffmpegPath: ffmpeg.path });
    assert.ok(Math.abs(probe.durationSeconds - 3) < 0.05, `measured ${probe.durationSeconds}`);
    assert.deepEqual([probe.video.width, probe.video.height, probe.container], [64, 48, "webm"]);
  });
});
