// `npm run bench`: Chorus's benchmarks. Every figure is a ratio against a baseline measured in the same run on the same
// input (absolute numbers alongside, for context); nothing is hard-coded. On one generated clip (lavfi testsrc2 + sine,
// 20 s, 1280x720, 30 fps, H.264 + AAC):
//
//   1. the worker's full pipeline (probe → ladder + thumbnail, segments added to IPFS as they are written → manifest →
//      IPFS add of the rest) vs the bare ffmpeg ladder command it runs (same arguments, same ffmpeg), wall time
//                                                                                     goal: bare / pipeline ≥ 0.95
//      (and the CPU time of the same runs, against the same goal); paired rounds, the median of their ratios and its
//      spread (scripts/bench/pipeline.ts)
//   2. IPFS add throughput to the embedded node vs sha256 of the same bytes in-process               (information)
//   3. time to first frame in headless Chromium: hls.js from the gateway vs a progressive MP4 <video src>  (information)
//   4. transaction mined → visible in the indexer API vs sending → receipt, on the whole stack   goal: ≤ 2 s, median and max
//   5. live, glass to player: a frame's capture → shown by hls.js in Chromium from a second node through the web's live
//      relay, p50 and p95 over BENCH_LIVE_SECONDS (scripts/bench/live.ts)                      goal: p50 ≤ 3 s, p95 ≤ 4 s
//   6. the gateway under many HLS viewers at playback pace vs a plain static file server over the same files, segment
//      fetch p95 and errors at 100…BENCH_GATEWAY_VIEWERS viewers (scripts/bench/gateway.ts)
//                                                             goal: 500 viewers, 0 errors, p95 ≤ one segment (2 s)
//   7. the catalogue at scale (100,000 videos, scripts/catalogue.ts), on PostgreSQL and PGlite: backfill events/s from
//      a cold start (goal ≥ 5,000 on Postgres), and p95 at 50 concurrent clients of the listing pages and of search — a
//      common word, two words, a rare word, a filtered search, the search box's suggestions and a misspelled word
//      ("did you mean"), over generated titles, tags and descriptions (scripts/bench/search-corpus.ts) — each against
//      /health in the same run (goal ≤ 50 ms on Postgres) (scripts/bench/catalogue.ts). Only when asked for:
//      `npm run bench -- catalogue` (it takes many minutes).
//   8. recommendations computed in the browser (web/src/lib/recommend.ts) vs newest first: hit rate @10 of a held-out
//      next video on a generated catalogue with known topics, offline (scripts/bench/recommend.ts)      (information)
//
// Prints progress, then an aligned table and a Markdown table (for the README); writes bench-results.json at the
// repository root. Exits 1 if a benchmark failed to run or missed its goal. Everything runs on 127.0.0.1 on free ports;
// every process, server and temp directory it starts is stopped/removed at the end, also on Ctrl-C.
//
// `npm run bench -- pipeline` runs figure 1 alone: it replaces the pipeline results in bench-results.json and keeps
// the others, each marked with the run it came from; `npm run bench -- live` does the same for figure 5, and
// `npm run bench -- gateway` for figure 6, `npm run bench -- catalogue` for figure 7, `npm run bench -- recommend`
// for figure 8.
//
// Knobs (environment): BENCH_ROUNDS (pipeline rounds, default 9), BENCH_LOADS (page loads per kind, default 5),
// BENCH_VIDEOS (default 10), BENCH_ADD_MIB (default 64), BENCH_CLIP_SECONDS (default 20), BENCH_LIVE_SECONDS (default 60),
// BENCH_LIVE_HLS (JSON overrides of the live hls.js configuration, to compare), CHORUS_VERBOSE=1 (stack output);
// for figure 6: BENCH_GATEWAY_VIEWERS (viewer counts, default 100,200,300,400,500,600,800), BENCH_GATEWAY_SECONDS (per
// count, default 12), BENCH_GATEWAY_PROFILE (a directory: the gateway process writes a V8 CPU profile there);
// for figure 7: CATALOGUE_VIDEOS / CATALOGUE_CREATORS / CATALOGUE_CHANNELS (default 100000 / 2000 / 1000),
// BENCH_DATABASES (default "postgres,pglite"), BENCH_CLIENTS (default 50), BENCH_LIST_SECONDS (default 10),
// BENCH_LIST_POOL (distinct channel and creator pages, default 100).
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resolveMediaTools } from "@chorus/ffmpeg-worker";
import { ROOT } from "./lib/paths.ts";
import { makeClip } from "../test/lib/media.ts";
import { sizeFromEnv } from "./catalogue.ts";
import { benchCatalogue, type Database } from "./bench/catalogue.ts";
import { benchIndexer } from "./bench/indexer.ts";
import { benchGateway } from "./bench/gateway.ts";
import { benchIpfsAdd } from "./bench/ipfs-add.ts";
import { benchLive } from "./bench/live.ts";
import { benchPipeline } from "./bench/pipeline.ts";
import { benchPlayback } from "./bench/playback.ts";
import { benchRecommend } from "./bench/recommend.ts";
import { contentionWarnings, markdownTable, resultJson, textTable, type Failure, type Result } from "./bench/report.ts";
import { Cleanup, cpuSince, cpuSnapshot, formatShare, log, round, sleep } from "./bench/util.ts";

const env = (name: string, fallback: number, minimum = 1) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < minimum)
    throw new Error(`${name} must be a number ≥ ${minimum}, got "${raw}"`);
  return value;
};
const FIGURES = ["pipeline", "live", "gateway", "catalogue", "recommend"] as const;
const only = process.argv.slice(2);
for (const name of only) {
  if (!(FIGURES as readonly string[]).includes(name)) {
    console.error(
      `Unknown figure "${name}": run \`npm run bench\` for every figure, or \`npm run bench -- pipeline\` (or \`live\`, \`gateway\`, \`catalogue\`, \`recommend\`) for one alone.`,
    );
    process.exit(2);
  }
}
const someOnly = only.length > 0;
// Figures 1–6 and 8 run by default; figure 7 (the catalogue) only when asked for.
const wants = (figure: (typeof FIGURES)[number]) => only.includes(figure) || (!someOnly && figure !== "catalogue");
const databases = (process.env.BENCH_DATABASES || "postgres,pglite").split(",").map((d) => d.trim());
for (const database of databases) {
  if (database !== "postgres" && database !== "pglite") {
    console.error(`BENCH_DATABASES lists "${database}": use postgres, pglite or both (comma-separated).`);
    process.exit(2);
  }
}

const config = {
  rounds: env("BENCH_ROUNDS", 9, 2),
  loads: env("BENCH_LOADS", 5),
  videos: env("BENCH_VIDEOS", 10),
  addMiB: env("BENCH_ADD_MIB", 64),
  clip: { seconds: env("BENCH_CLIP_SECONDS", 20), width: 1280, height: 720 },
  liveSeconds: env("BENCH_LIVE_SECONDS", 60, 10),
  clients: env("BENCH_CLIENTS", 50),
  listSeconds: env("BENCH_LIST_SECONDS", 10),
  listPool: env("BENCH_LIST_POOL", 100),
  gatewayViewers: (process.env.BENCH_GATEWAY_VIEWERS || "100,200,300,400,500,600,800").split(",").map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`BENCH_GATEWAY_VIEWERS must be viewer counts separated by commas, got "${v}"`);
    return n;
  }),
  gatewaySeconds: env("BENCH_GATEWAY_SECONDS", 12, 4),
  addRepetitions: 3,
  pollMs: 20,
  verbose: process.env.CHORUS_VERBOSE === "1",
};

/** Issue 13's goal for figure 6. */
const GATEWAY_GOAL_VIEWERS = 500;

const cleanup = new Cleanup();
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    void cleanup.runAll().finally(() => process.exit(130));
  });
}

const startedAt = new Date();
const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
const started = performance.now();
const results: Result[] = [];
const failures: Failure[] = [];
const section = async <T>(id: string, name: string, run: () => Promise<T>): Promise<T | undefined> => {
  console.log(`\n━━━ ${name}`);
  const sectionStarted = performance.now();
  try {
    const value = await run();
    log(`${name}: done in ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    if (interrupted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`✖ ${name} failed: ${message}`);
    failures.push({ id, name, error: message });
    return undefined;
  }
};

let exitCode = 0;
let othersAtStart = 0;
try {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "chorus-bench-"));
  cleanup.add("temp directory", () => rm(tmp, { recursive: true, force: true }));

  const idle = cpuSnapshot();
  await sleep(1000);
  othersAtStart = cpuSince(idle).othersShare;
  log(
    `other processes use ${formatShare(othersAtStart)} of the machine's ${os.cpus().length} cores (load average ${loadAtStart.join(" ")})` +
      (othersAtStart > 0.15
        ? " — the machine is busy: figures will be noisy (rounds measured under load are repeated or flagged)"
        : ""),
  );
  const tools = await resolveMediaTools();
  const clip = path.join(tmp, "clip.mp4");
  let clipBytes = 0;
  // Figures 1–4 and 6 use the clip; 5 and 7 do not.
  if (wants("pipeline") || wants("gateway")) {
    log(
      `making a ${config.clip.seconds} s ${config.clip.width}x${config.clip.height} 30 fps clip with audio (${tools.ffmpeg.path} on PATH)`,
    );
    await makeClip(clip, config.clip);
    clipBytes = (await stat(clip)).size;
  }

  const pipeline = !wants("pipeline")
    ? undefined
    : await section("pipeline-vs-ffmpeg", "1. Full pipeline vs bare ffmpeg ladder", () =>
        benchPipeline({ clip, tmp, tools, rounds: config.rounds, cleanup }),
      );
  if (pipeline) results.push(...pipeline.results);

  if (someOnly) {
    // Figures 1, 5, 6, 7 or 8 alone.
    await pipeline?.stopNode();
  } else if (pipeline) {
    const ipfs = await section("ipfs-add-throughput", "2. IPFS add throughput vs sha256", () =>
      benchIpfsAdd({
        rpcUrl: pipeline.node.rpcUrl,
        bytes: config.addMiB * 2 ** 20,
        repetitions: config.addRepetitions,
      }),
    );
    if (ipfs) results.push(ipfs);

    const playback = await section("time-to-first-frame", "3. Time to first frame: hls.js vs progressive MP4", () =>
      benchPlayback({
        clip,
        tmp,
        ffmpegPath: tools.ffmpeg.path,
        rpcUrl: pipeline.node.rpcUrl,
        gatewayUrl: pipeline.node.gatewayUrl,
        manifestCid: pipeline.manifestCid,
        loads: config.loads,
        cleanup,
      }),
    );
    if (playback) results.push(playback);
    // The in-process node is not needed any more: stop it before the stack starts, so it cannot disturb it.
    await pipeline.stopNode();

    const indexer = await section("indexer-latency", "4. Transaction mined → visible in the indexer API", () =>
      benchIndexer({
        tmp,
        outDir: pipeline.outDir,
        videos: config.videos,
        pollMs: config.pollMs,
        cleanup,
        verbose: config.verbose,
      }),
    );
    if (indexer) results.push(...indexer);
  } else {
    for (const [id, name] of [
      ["ipfs-add-throughput", "2. IPFS add throughput vs sha256"],
      ["time-to-first-frame", "3. Time to first frame"],
      ["indexer-latency", "4. Transaction mined → visible in the indexer API"],
    ] as const) {
      failures.push({ id, name, error: "not run: it needs the pipeline's output" });
    }
  }

  if (wants("live") && !interrupted) {
    const live = await section("live-glass-to-player", "5. Live: glass to player", () =>
      benchLive({
        tmp,
        ffmpegPath: tools.ffmpeg.path,
        seconds: config.liveSeconds,
        cleanup,
        // To compare settings against the web's (e.g. '{"liveSyncDurationCount":1}'); unset in the figures reported.
        hlsConfig: process.env.BENCH_LIVE_HLS ? JSON.parse(process.env.BENCH_LIVE_HLS) : undefined,
      }),
    );
    if (live) results.push(...live);
  }

  if (wants("gateway") && !interrupted) {
    const steps = [...new Set([...config.gatewayViewers, GATEWAY_GOAL_VIEWERS])].sort((a, b) => a - b);
    const gateway = await section("gateway-viewers", "6. Gateway: HLS viewers at playback pace", () =>
      benchGateway({
        clip,
        tmp,
        tools,
        steps,
        seconds: config.gatewaySeconds,
        goalViewers: GATEWAY_GOAL_VIEWERS,
        profileDir: process.env.BENCH_GATEWAY_PROFILE || undefined,
        cleanup,
      }),
    );
    if (gateway) results.push(gateway);
  }

  if (wants("catalogue") && !interrupted) {
    const catalogue = await section("catalogue", "7. The catalogue at scale: backfill, listing and search", () =>
      benchCatalogue({
        tmp,
        size: sizeFromEnv(),
        databases: databases as Database[],
        clients: config.clients,
        listSeconds: config.listSeconds,
        pool: config.listPool,
        cleanup,
        verbose: config.verbose,
      }),
    );
    if (catalogue) results.push(...catalogue);
  }

  if (wants("recommend") && !interrupted) {
    const recommendations = await section("recommend-hit-rate", "8. Recommendations: hit rate @10", async () =>
      benchRecommend(),
    );
    if (recommendations) results.push(...recommendations);
  }

  await cleanup.runAll();
  const totalSeconds = (performance.now() - started) / 1000;

  // A pipeline-only run keeps the other figures of the last full run, each saying when it was measured.
  const earlier = someOnly ? await earlierResults(new Set(results.map((r) => r.id))) : [];
  const output = {
    schema: "chorus.bench/1",
    ...(someOnly ? { figures: [...only] } : {}),
    startedAt: startedAt.toISOString(),
    totalSeconds: Math.round(totalSeconds),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      ffmpeg: `${tools.ffmpeg.version} (${tools.ffmpeg.source})`,
      loadAverageAtStart: loadAtStart,
      otherProcessesCpuShareAtStart: round(othersAtStart),
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    input: { kind: "lavfi testsrc2 + sine, libx264 ultrafast + AAC, MP4", ...config.clip, fps: 30, bytes: clipBytes },
    config,
    results: [...results.map(resultJson), ...earlier],
    failures,
  };
  await writeFile(path.join(ROOT, "bench-results.json"), `${JSON.stringify(output, null, 2)}\n`);

  console.log(
    `\n━━━ Results (${startedAt.toISOString()}, ${os.cpus().length} cores, ${process.version}, total ${totalSeconds.toFixed(0)} s)\n`,
  );
  console.log(textTable(results, failures));
  const warnings = contentionWarnings(results);
  if (warnings.length) console.log(`\n${warnings.join("\n")}`);
  console.log(`\nMarkdown (for the README):\n`);
  const chromium = results.find((r) => r.id === "time-to-first-frame")?.details?.["chromium"];
  console.log(
    `_\`npm run bench\` on ${startedAt.toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.version}, ffmpeg ${tools.ffmpeg.version}` +
      `${chromium ? `, Chromium ${String(chromium)}` : ""}; ${config.clip.seconds} s ${config.clip.width}×${config.clip.height} 30 fps test clip; whole run ${totalSeconds.toFixed(0)} s._\n`,
  );
  console.log(markdownTable(results, failures));
  if (warnings.length) console.log(`\n${warnings.map((w) => `${w}  `).join("\n")}`);
  console.log(`\nWrote bench-results.json (samples, machine and settings).`);
  const missed = results.filter((r) => r.pass === false);
  if (failures.length || missed.length) {
    console.log(`\n${failures.length} benchmark(s) failed to run, ${missed.length} missed the goal.`);
    exitCode = 1;
  }
} catch (error) {
  if (!interrupted)
    console.error(
      `\nThe benchmark stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  exitCode = 1;
} finally {
  // After an interrupt this waits for the clean-up the signal handler started (the list runs once).
  await cleanup.runAll();
}
process.exit(interrupted ? 130 : exitCode);

/** The results of bench-results.json not measured now, each with the time of the run that measured it. */
async function earlierResults(measuredNow: Set<string>): Promise<Record<string, unknown>[]> {
  try {
    const previous = JSON.parse(await readFile(path.join(ROOT, "bench-results.json"), "utf8"));
    return (previous.results as Record<string, unknown>[])
      .filter((r) => !measuredNow.has(String(r["id"])))
      .map((r) => ({ ...r, measuredAt: r["measuredAt"] ?? previous.startedAt }));
  } catch {
    return [];
  }
}
