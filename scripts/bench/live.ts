// 5. Glass to player, live (issue 11 "Benchmark"): a camera stand-in writes raw 640×360 frames at 30 fps into ffmpeg
//    (which publishes them over RTMP to the worker, as OBS would), recording the wall-clock time each frame left it; each
//    frame carries its number in a stripe of 16 black/white blocks. The worker transcodes, adds to the streamer's IPFS
//    node and announces; a second node (the viewer's) runs the web's live relay (web/src/lib/live-relay.ts) behind a
//    small HTTP server; headless Chromium plays its playlists with hls.js and the web's live configuration
//    (LIVE_HLS_CONFIG) and, for every frame it presents (requestVideoFrameCallback), reads the number back from a
//    canvas. Latency = presentation time − the frame's capture time, same machine clock. p50 and p95 over the stream
//    after a warm-up; also stalls, and the CPU the worker's live ladder (its ffmpeg) used per media second.
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { once } from "node:events";
import { startWorker } from "@chorus/ffmpeg-worker";
import { startIpfsNode } from "@chorus/ipfs-node";
import { liveSessionResponseSchema } from "@chorus/protocol";
import { silentLogger } from "@chorus/protocol/log";
import { create } from "kubo-rpc-client";
import { chromium } from "playwright-core";
import { LiveRelay } from "../../web/src/lib/live-relay.ts";
import { LIVE_HLS_CONFIG } from "../../web/src/lib/live-player.ts";
import { judge, type Result } from "./report.ts";
import { type Cleanup, cpuSince, cpuSnapshot, log, round, sleep } from "./util.ts";

const HLS_JS = createRequire(import.meta.url).resolve("hls.js/dist/hls.min.js");
const WIDTH = 640;
const HEIGHT = 360;
const FPS = 30;
const BITS = 16;
const BLOCK = WIDTH / BITS; // 40 px
const STRIPE = 40;

export interface LiveBenchOptions {
  tmp: string;
  ffmpegPath: string;
  /** Media seconds measured after the warm-up. */
  seconds: number;
  warmupSeconds?: number;
  cleanup: Cleanup;
  /** Overrides of the web's live hls.js configuration (to compare settings). */
  hlsConfig?: Record<string, unknown>;
}

/** One yuv420p frame: grey picture with a moving bar (something to encode) and the frame number in the stripe. */
function frame(n: number): Buffer {
  const y = Buffer.alloc(WIDTH * HEIGHT, 90);
  const bar = (n * 8) % WIDTH;
  for (let row = STRIPE; row < HEIGHT; row++) y.fill(200, row * WIDTH + bar, row * WIDTH + Math.min(WIDTH, bar + 40));
  for (let bit = 0; bit < BITS; bit++) {
    const value = (n >> bit) & 1 ? 235 : 16;
    for (let row = 0; row < STRIPE; row++) y.fill(value, row * WIDTH + bit * BLOCK, row * WIDTH + (bit + 1) * BLOCK);
  }
  return Buffer.concat([y, Buffer.alloc((WIDTH * HEIGHT) / 2, 128)]);
}

const PAGE = (config: Record<string, unknown>) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Chorus glass to player</title></head><body>
<video id="video" muted autoplay playsinline width="${WIDTH}" height="${HEIGHT}"></video>
<canvas id="canvas" width="${WIDTH}" height="${STRIPE}" style="display:none"></canvas>
<script src="/hls.min.js"></script>
<script>
  const video = document.getElementById("video");
  const ctx = document.getElementById("canvas").getContext("2d", { willReadFrequently: true });
  window.__frames = [];
  window.__stalls = 0;
  window.__error = null;
  video.addEventListener("waiting", () => { window.__stalls++; });
  const hls = new Hls(${JSON.stringify(config)});
  window.__hls = hls;
  hls.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) window.__error = d.type + ": " + d.details; });
  hls.loadSource("/live/master.m3u8");
  hls.attachMedia(video);
  video.play().catch(() => {});
  const onFrame = () => {
    const now = Date.now();
    if (video.videoWidth) {
      ctx.drawImage(video, 0, 0, video.videoWidth, video.videoHeight * ${STRIPE / HEIGHT}, 0, 0, ${WIDTH}, ${STRIPE});
      const pixels = ctx.getImageData(0, 0, ${WIDTH}, ${STRIPE}).data;
      let n = 0;
      for (let bit = 0; bit < ${BITS}; bit++) {
        const i = (${STRIPE / 2} * ${WIDTH} + bit * ${BLOCK} + ${BLOCK / 2}) * 4;
        if (pixels[i] > 128) n |= 1 << bit;
      }
      window.__frames.push([n, now, video.videoHeight]);
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
</script></body></html>`;

/** CPU seconds (user + system) of a process, from /proc (Linux). */
async function processCpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** The ffmpeg processes whose parent is this process (the worker runs in process), but not `except`. */
async function childFfmpegs(except: number | undefined): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === except) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (comm === "ffmpeg" && ppid === process.pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) : Number.NaN;

export async function benchLive(options: LiveBenchOptions): Promise<Result[]> {
  const { tmp, ffmpegPath, seconds, cleanup } = options;
  const warmup = options.warmupSeconds ?? 8;
  const node = (name: string) =>
    startIpfsNode({ dataDir: path.join(tmp, `live-${name}`), rpcPort: 0, gatewayPort: 0 }).then((n) => {
      cleanup.add(`${name} IPFS node`, () => n.stop());
      return n;
    });
  const streamer = await node("streamer");
  const viewer = await node("viewer");
  await create({ url: viewer.rpcUrl }).swarm.connect(streamer.multiaddrs[0] as never);
  const worker = await startWorker(
    { port: 0, dataDir: path.join(tmp, "live-worker"), kuboRpcUrl: streamer.rpcUrl, log: silentLogger },
    { rtmpPort: 0 },
  );
  cleanup.add("live worker", () => worker.stop());
  const session = liveSessionResponseSchema.parse(
    await (await fetch(`${worker.url}/live`, { method: "POST" })).json(),
  ).session;

  const relay = new LiveRelay({ kuboRpcUrl: viewer.rpcUrl, gatewayUrl: viewer.gatewayUrl });
  cleanup.add("live relay", () => relay.close());
  const stream = await relay.open({ id: "bench", room: session.room, streamKey: session.streamKey });
  const config = { ...LIVE_HLS_CONFIG, ...options.hlsConfig };
  const hlsJs = await readFile(HLS_JS);
  const server: Server = createServer(async (req, res) => {
    const url = (req.url ?? "/").split("?")[0] ?? "/";
    if (url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(PAGE(config));
    if (url === "/hls.min.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(hlsJs);
    const match = /^\/live\/(.+)\.m3u8$/.exec(url);
    let body: string | null = null;
    if (match?.[1] === "master") {
      while (!stream.masterPlaylist()) await stream.changed(1000);
      body = stream.masterPlaylist();
    } else if (match?.[1]) body = stream.mediaPlaylist(decodeURIComponent(match[1]));
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl", "cache-control": "no-store" }).end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanup.add("live page server", () => new Promise((resolve) => server.close(resolve)));

  // The camera stand-in: frames into ffmpeg at 30 fps of wall time, each one's time recorded as it is handed over.
  const totalFrames = Math.ceil((seconds + warmup + 6) * FPS);
  // biome-ignore format: one ffmpeg flag and its value per line would be unreadable here
  const encoder = spawn(ffmpegPath, [
    "-hide_banner", "-loglevel", "error",
    "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", `${WIDTH}x${HEIGHT}`, "-r", String(FPS), "-i", "pipe:0",
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-map", "0:v", "-map", "1:a", "-shortest",
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", String(FPS), "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-f", "flv", `${session.rtmpUrl}/${session.obsStreamKey}`,
  ], { stdio: ["pipe", "ignore", "pipe"] });
  let encoderError = "";
  encoder.stderr?.on("data", (d: Buffer) => {
    encoderError += d.toString();
  });
  let encoderClosed = false;
  const encoderDone = once(encoder, "close").then(() => {
    encoderClosed = true;
  });
  // An encoder stopped early (the clean-up, an error) closes the pipe: the camera stops, nothing throws.
  encoder.stdin?.on("error", () => {});
  cleanup.add("live encoder", () => encoder.kill("SIGKILL"));
  const captured: number[] = [];
  const camera = (async () => {
    const start = Date.now();
    for (let n = 0; n < totalFrames && !encoderClosed; n++) {
      const due = start + (n * 1000) / FPS;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      captured[n] = Date.now();
      if (!encoder.stdin?.write(frame(n))) await Promise.race([once(encoder.stdin!, "drain"), encoderDone]);
    }
    encoder.stdin?.end();
  })();

  // The worker's ffmpeg (the live ladder): its CPU time, sampled while it runs.
  const ladderCpu = new Map<number, number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const pid of await childFfmpegs(encoder.pid)) {
        const cpu = await processCpuSeconds(pid);
        if (cpu !== null) ladderCpu.set(pid, cpu);
      }
      await sleep(500);
    }
  })();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  cleanup.add("Chromium", () => browser.close());
  const page = await browser.newPage();
  const busy = cpuSnapshot();
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  log(`live: streaming ${seconds + warmup} s (the first ${warmup} s are warm-up)…`);
  await page.waitForFunction(() => (window as unknown as { __frames: unknown[] }).__frames.length > 0, null, {
    timeout: 60_000,
  });
  await sleep((seconds + warmup) * 1000);
  const { frames, stalls, error, latency } = await page.evaluate(() => {
    const w = window as unknown as {
      __frames: [number, number, number][];
      __stalls: number;
      __error: string | null;
      __hls: { latency: number };
    };
    return { frames: w.__frames, stalls: w.__stalls, error: w.__error, latency: w.__hls.latency };
  });
  const contention = cpuSince(busy).othersShare;
  await camera;
  await encoderDone;
  sampling = false;
  await sampler;
  if (error) throw new Error(`hls.js stopped: ${error}`);
  if (encoderError.trim()) log(`live: the encoder said: ${encoderError.trim().slice(0, 300)}`);

  const firstShown = frames[0]?.[1] ?? 0;
  const latencies = frames
    .filter(([n, shown]) => shown >= firstShown + warmup * 1000 && n < captured.length && captured[n] !== undefined)
    .map(([n, shown]) => shown - (captured[n] as number))
    // A misread stripe (a blend between frames, a scaled edge) gives a nonsense number: outside 0..30 s.
    .filter((ms) => ms >= 0 && ms < 30_000);
  if (latencies.length < seconds * FPS * 0.5)
    throw new Error(`only ${latencies.length} frames read back (expected about ${seconds * FPS})`);
  // Frames the player showed out of those the camera made in the same span: stalls and dropped frames lower it.
  const shownShare = latencies.length / (seconds * FPS);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5);
  const p95 = percentile(sorted, 0.95);
  const mediaSeconds = totalFrames / FPS;
  const cpuSeconds = [...ladderCpu.values()].reduce((sum, v) => sum + v, 0);
  const cpuPerMediaSecond = cpuSeconds / mediaSeconds;
  const status = stream.status();
  log(
    `live: p50 ${p50} ms, p95 ${p95} ms over ${latencies.length} frames (${(shownShare * 100).toFixed(1)} % of those made); ${stalls} stalls; hls.js latency at the end ${latency.toFixed(2)} s; ladder CPU ${cpuPerMediaSecond.toFixed(2)} s per media second (${session.renditions.length || status.renditions.length} rungs)`,
  );

  const details = {
    frames: latencies.length,
    shownShare: round(shownShare, 3),
    stalls,
    hlsLatencyAtEndSeconds: round(latency, 2),
    ladderCpuSecondsPerMediaSecond: round(cpuPerMediaSecond, 3),
    rungs: status.renditions.map((r) => r.name),
    segmentsRelayed: status.segments,
    gaps: status.gaps,
    hlsConfig: config,
  };
  const baseline = {
    label: "segment length",
    value: 1000,
    unit: "ms" as const,
    statistic: "median" as const,
    samples: [1000],
  };
  const common = {
    baseline,
    ratioDefinition: "measured / segment length",
    contention,
    details,
  };
  return [
    judge({
      id: "live-glass-to-player-p50",
      name: "live: glass to player (capture → shown in Chromium from a second node), p50",
      // One sample in 30 (about one a second) of the sorted latencies: the distribution, not 1,800 numbers.
      measured: {
        label: "p50",
        value: p50,
        unit: "ms",
        statistic: "median",
        samples: sorted.filter((_, i) => i % 30 === 0),
      },
      ratio: round(p50 / 1000),
      goal: { text: "p50 ≤ 3 s", on: "measured", op: "≤", threshold: 3000 },
      ...common,
    }),
    judge({
      id: "live-glass-to-player-p95",
      name: "live: glass to player, p95",
      measured: { label: "p95", value: p95, unit: "ms", statistic: "max", samples: [] },
      ratio: round(p95 / 1000),
      goal: { text: "p95 ≤ 4 s", on: "measured", op: "≤", threshold: 4000 },
      ...common,
      notes: `ladder CPU ${cpuPerMediaSecond.toFixed(2)} CPU-s per media second; ${stalls} stalls; ${(shownShare * 100).toFixed(1)} % of frames shown`,
    }),
  ];
}
