// 3. Time to first frame in headless Chromium from the local gateway: hls.js playing the pipeline's master playlist
//    (startLevel 0) against a plain <video src> playing the same source as a progressive (faststart) MP4 from the same
//    gateway. Timed inside the page with performance.now(), from hls.loadSource / setting video.src to the first
//    `playing` or `timeupdate` event seen with currentTime > 0. Every load is a new browser context (empty HTTP cache,
//    no open connections); the two kinds alternate.
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { once } from "node:events";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { chromium, type Browser } from "playwright-core";
import { judge, type Result } from "./report.ts";
import { type Cleanup, cpuSince, cpuSnapshot, formatMs, log, median, round, runCommand } from "./util.ts";

const require = createRequire(import.meta.url);
const HLS_JS = require.resolve("hls.js/dist/hls.min.js");

export interface PlaybackBenchOptions {
  clip: string;
  tmp: string;
  ffmpegPath: string;
  rpcUrl: string;
  gatewayUrl: string;
  manifestCid: string;
  loads: number;
  cleanup: Cleanup;
}

interface PageTiming {
  firstFrameMs?: number;
  via?: string;
  playingMs?: number;
  loadedDataMs?: number;
  videoFrameMs?: number;
  error?: string;
  level?: number;
}

type Kind = "hls" | "mp4";

/** The test page: the same for both kinds (hls.js is loaded, and parsed, before the clock starts in both). */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Chorus time to first frame</title></head>
<body>
<video id="video" muted autoplay playsinline width="640" height="360"></video>
<script src="/hls.min.js"></script>
<script>
  const params = new URLSearchParams(location.search);
  const video = document.getElementById("video");
  const timing = {};
  window.__timing = timing;
  let t0 = 0;
  const since = () => performance.now() - t0;
  const check = (event) => {
    if (timing.firstFrameMs === undefined && video.currentTime > 0) {
      timing.firstFrameMs = since();
      timing.via = event.type;
    }
  };
  video.addEventListener("playing", (event) => { if (timing.playingMs === undefined) timing.playingMs = since(); check(event); });
  video.addEventListener("timeupdate", check);
  video.addEventListener("loadeddata", () => { if (timing.loadedDataMs === undefined) timing.loadedDataMs = since(); });
  video.addEventListener("error", () => { timing.error = "video error " + (video.error && video.error.code) + " " + (video.error && video.error.message); });
  if ("requestVideoFrameCallback" in video) video.requestVideoFrameCallback(() => { timing.videoFrameMs = since(); });
  video.muted = true;
  const src = params.get("src");
  if (params.get("kind") === "hls") {
    if (!Hls.isSupported()) timing.error = "hls.js: MediaSource not supported";
    const hls = new Hls({ startLevel: 0 });
    window.__hls = hls;
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) timing.error = "hls.js " + data.type + ": " + data.details; });
    hls.on(Hls.Events.FRAG_LOADED, (_, data) => { if (timing.level === undefined) timing.level = data.frag.level; });
    t0 = performance.now();
    hls.loadSource(src);
    hls.attachMedia(video);
  } else {
    t0 = performance.now();
    video.src = src;
  }
  video.play().catch(() => {});
</script>
</body></html>`;

export async function benchPlayback(options: PlaybackBenchOptions): Promise<Result> {
  const { clip, tmp, ffmpegPath, rpcUrl, gatewayUrl, manifestCid, loads, cleanup } = options;

  // The baseline file: the same source, remuxed (no re-encode) with the index first so it plays while downloading.
  const progressive = path.join(tmp, "progressive.mp4");
  const remux = await runCommand(
    ffmpegPath,
    [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      "-y",
      "-i",
      clip,
      "-c",
      "copy",
      "-movflags",
      "+faststart",
      progressive,
    ],
    cleanup,
  );
  if (remux.code !== 0) throw new Error(`remuxing the MP4 failed: ${remux.stderr}`);
  const mp4Bytes = (await stat(progressive)).size;
  const kubo = create({ url: rpcUrl });
  const { cid: mp4Cid } = await kubo.add(createReadStream(progressive), { ...KUBO_ADD_OPTIONS });
  await rm(progressive, { force: true });

  const sources: Record<Kind, string> = {
    hls: `${gatewayUrl}/ipfs/${manifestCid}/master.m3u8`,
    mp4: `${gatewayUrl}/ipfs/${mp4Cid.toString()}`,
  };
  for (const [kind, url] of Object.entries(sources)) {
    const response = await fetch(url, { method: "HEAD" });
    if (!response.ok) throw new Error(`the gateway answers ${response.status} for the ${kind} source ${url}`);
  }

  const server = await servePage();
  const stopServer = cleanup.add("test page server", () => closeServer(server));
  const pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    // The benchmark's own signal handlers close it (with everything else, in order).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  const closeBrowser = cleanup.add("Chromium", () => browser.close());
  const chromiumVersion = browser.version();

  const samples: Record<Kind, PageTiming[]> = { hls: [], mp4: [] };
  const othersShare: number[] = [];
  try {
    // One discarded load of each kind: the first touches cold files, the gateway's code paths and Chromium's decoders.
    for (const kind of ["hls", "mp4"] as const) await loadOnce(browser, pageUrl, kind, sources[kind]);
    for (let i = 0; i < loads; i++) {
      const order: Kind[] = i % 2 === 0 ? ["hls", "mp4"] : ["mp4", "hls"];
      const cpu = cpuSnapshot();
      for (const kind of order) samples[kind].push(await loadOnce(browser, pageUrl, kind, sources[kind]));
      othersShare.push(cpuSince(cpu).othersShare);
      log(
        `load ${i + 1}/${loads}: hls.js ${formatMs(samples.hls.at(-1)!.firstFrameMs!)}, progressive MP4 ${formatMs(samples.mp4.at(-1)!.firstFrameMs!)}`,
      );
    }
  } finally {
    await closeBrowser();
    await stopServer();
  }

  const hls = samples.hls.map((s) => s.firstFrameMs!);
  const mp4 = samples.mp4.map((s) => s.firstFrameMs!);
  const hlsMedian = median(hls);
  const mp4Median = median(mp4);
  return judge({
    id: "time-to-first-frame",
    name: "Time to first frame, HLS (hls.js, startLevel 0) vs progressive MP4",
    baseline: { label: "<video src> MP4", value: mp4Median, unit: "ms", statistic: "median", samples: mp4 },
    measured: { label: "hls.js", value: hlsMedian, unit: "ms", statistic: "median", samples: hls },
    ratioDefinition: "hls / mp4",
    ratio: hlsMedian / mp4Median,
    contention: median(othersShare),
    notes:
      "Headless Chromium, a new browser context per load, from the in-process embedded node's gateway on 127.0.0.1. Timed in the page from hls.loadSource() / video.src= to the first playing/timeupdate event with currentTime > 0. Baseline: the source clip itself (no re-encode), remuxed with +faststart, added to IPFS and played by a plain <video src>.",
    details: {
      loads,
      hlsSource: sources.hls,
      mp4Source: sources.mp4,
      mp4Bytes,
      chromium: chromiumVersion,
      hlsJs: (require("hls.js/package.json") as { version: string }).version,
      // Per load, ms from the start: first frame (as measured), the first `playing`, `loadeddata`, and the first frame
      // presented (requestVideoFrameCallback); for hls.js also the level of the first fragment loaded.
      perLoad: { hls: samples.hls.map(roundTiming), mp4: samples.mp4.map(roundTiming) },
      medians: {
        hls: { playingMs: medianOf(samples.hls, "playingMs"), videoFrameMs: medianOf(samples.hls, "videoFrameMs") },
        mp4: { playingMs: medianOf(samples.mp4, "playingMs"), videoFrameMs: medianOf(samples.mp4, "videoFrameMs") },
      },
    },
  });
}

const roundTiming = (timing: PageTiming): PageTiming =>
  Object.fromEntries(
    Object.entries(timing).map(([key, value]) => [
      key,
      typeof value === "number" && key.endsWith("Ms") ? round(value, 1) : value,
    ]),
  ) as PageTiming;

const medianOf = (timings: readonly PageTiming[], key: "playingMs" | "videoFrameMs") =>
  round(median(timings.map((t) => t[key]).filter((v): v is number => v !== undefined)), 1);

async function loadOnce(browser: Browser, pageUrl: string, kind: Kind, src: string): Promise<PageTiming> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${pageUrl}?kind=${kind}&src=${encodeURIComponent(src)}`);
    await page.waitForFunction(
      () => {
        const timing = (window as unknown as { __timing?: PageTiming }).__timing;
        return timing !== undefined && (timing.firstFrameMs !== undefined || timing.error !== undefined);
      },
      null,
      { timeout: 30_000, polling: 50 },
    );
    const timing = await page.evaluate(() => (window as unknown as { __timing: PageTiming }).__timing);
    if (timing.error) throw new Error(`${kind} playback failed: ${timing.error}`);
    return timing;
  } finally {
    await context.close();
  }
}

async function servePage(): Promise<Server> {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(PAGE);
    } else if (pathname === "/hls.min.js") {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      createReadStream(HLS_JS).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

async function closeServer(server: Server) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
