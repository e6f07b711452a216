// The worker publishes one-frame, tiny and duration-less clips (ffmpeg-worker/README.md, "Short, tiny and odd files");
// this checks that what it makes of them also plays: hls.js in Chromium, from a local HTTP server, to the end.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, rm, writeFile, mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { runPipeline } from "@chorus/ffmpeg-worker";
import { launchBrowser } from "../lib/browser.ts";

const exec = promisify(execFile);
const HLS_JS = path.join(path.dirname(createRequire(import.meta.url).resolve("hls.js/package.json")), "dist", "hls.js");
const TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".js": "text/javascript",
};

const lavfi = (size: string, rate: number, seconds?: number) => [
  "-f",
  "lavfi",
  "-i",
  `testsrc2=size=${size}:rate=${rate}${seconds ? `:duration=${seconds}` : ""}`,
];
const clips: { name: string; args: string[]; pipe?: boolean; frames: number }[] = [
  {
    name: "one-frame H.264 .m4v",
    args: [...lavfi("320x240", 30), "-frames:v", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4"],
    frames: 1,
  },
  { name: "0.14 s one-frame WMV", args: [...lavfi("320x240", 5, 0.14), "-c:v", "wmv2", "-f", "asf"], frames: 1 },
  {
    name: "8x8 VP8 WebM streamed to a pipe",
    args: [...lavfi("8x8", 30, 1), "-c:v", "libvpx", "-f", "webm"],
    pipe: true,
    frames: 25,
  },
];

describe("tiny and one-frame clips play in the browser as the worker makes them", () => {
  let tmp: string;
  let server: Server;
  let origin: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-tiny-"));
    for (const [i, clip] of clips.entries()) {
      const source = path.join(tmp, `source-${i}`);
      const args = ["-hide_banner", "-loglevel", "error", "-y", ...clip.args, clip.pipe ? "pipe:1" : source];
      if (clip.pipe)
        await writeFile(source, (await exec("ffmpeg", args, { encoding: "buffer", maxBuffer: 1 << 24 })).stdout);
      else await exec("ffmpeg", args);
      await runPipeline(source, path.join(tmp, `out-${i}`), {
        ffmpegPath: "ffmpeg",
        ffprobePath: "ffprobe",
        maxHeight: 720,
        preset: "veryfast",
      });
    }
    server = createServer(async (req, res) => {
      const url = decodeURIComponent((req.url ?? "/").split("?")[0]!);
      if (url === "/") {
        res
          .writeHead(200, { "content-type": "text/html" })
          .end('<video muted playsinline></video><script src="/hls.js"></script>');
        return;
      }
      const file = url === "/hls.js" ? HLS_JS : path.join(tmp, path.normalize(url));
      try {
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(tmp, { recursive: true, force: true });
  });

  for (const [i, clip] of clips.entries()) {
    it(`${clip.name}: hls.js plays it to the end`, async () => {
      const page = await browser!.context.newPage();
      await page.goto(origin);
      const result = await page.evaluate(async (src) => {
        const video = document.querySelector("video")!;
        const Hls = (window as any).Hls;
        if (!Hls.isSupported()) return { outcome: "no MSE", frames: 0, errors: [] as string[] };
        const hls = new Hls();
        const errors: string[] = [];
        hls.on(Hls.Events.ERROR, (_event: unknown, data: any) =>
          errors.push(`${data.details}${data.fatal ? " (fatal)" : ""}`),
        );
        const outcome = await new Promise<string>((resolve) => {
          video.addEventListener("ended", () => resolve("ended"));
          video.addEventListener(
            "loadeddata",
            () => void video.play().catch((error) => resolve(`play refused: ${error}`)),
          );
          hls.on(Hls.Events.ERROR, (_event: unknown, data: any) => data.fatal && resolve(`fatal: ${data.details}`));
          hls.loadSource(src);
          hls.attachMedia(video);
        });
        return { outcome, frames: video.getVideoPlaybackQuality().totalVideoFrames, errors };
      }, `${origin}/out-${i}/master.m3u8`);
      await page.close();
      assert.equal(result.outcome, "ended", JSON.stringify(result));
      assert.ok(result.frames >= clip.frames, `decoded ${result.frames} frames`);
      assert.deepEqual(
        result.errors.filter((e) => e.endsWith("(fatal)")),
        [],
      );
    });
  }
});
