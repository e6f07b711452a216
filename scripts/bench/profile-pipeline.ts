// Where the full pipeline's time goes once ffmpeg has encoded the ladder: `npx tsx scripts/bench/profile-pipeline.ts`
// (PROFILE_RUNS, default 3; BENCH_CLIP_SECONDS, default 20). Not part of `npm run bench`: the instruments cost a little
// time themselves, so the figure is measured without them.
//
// Two instruments around the unchanged worker code: ffmpeg is started through a shell wrapper that logs when each
// ffmpeg process (the ladder, the thumbnail) starts and exits, and the worker talks to the IPFS node through a proxy
// that logs every RPC call (add, block/put, pin/add) with its start and end. Prints, per run, a timeline from the
// ladder's exit to the end, relative to that exit, and the medians.
import { chmod, mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { DEFAULTS, DEFAULT_SEGMENT_SECONDS, resolveMediaTools, runPipeline } from "@chorus/ffmpeg-worker";
import { startIpfsNode } from "@chorus/ipfs-node";
import { makeClip } from "../../test/lib/media.ts";
import { cpuSince, cpuSnapshot, formatShare, median } from "./util.ts";

const runs = Number(process.env.PROFILE_RUNS ?? 3);
const clipSeconds = Number(process.env.BENCH_CLIP_SECONDS ?? 20);
const now = () => performance.timeOrigin + performance.now();

const tmp = await mkdtemp(path.join(os.tmpdir(), "chorus-profile-"));
try {
  const tools = await resolveMediaTools();
  const clip = path.join(tmp, "clip.mp4");
  await makeClip(clip, { seconds: clipSeconds, width: 1280, height: 720 });

  // date +%s%N: wall-clock nanoseconds, the same clock as performance.timeOrigin + performance.now() in milliseconds.
  const ffmpegLog = path.join(tmp, "ffmpeg.log");
  const wrapper = path.join(tmp, "ffmpeg");
  await writeFile(
    wrapper,
    `#!/bin/sh\nstart=$(date +%s%N)\n"${tools.ffmpeg.path}" "$@"\ncode=$?\necho "$start $(date +%s%N) $code $*" >> "${ffmpegLog}"\nexit $code\n`,
  );
  await chmod(wrapper, 0o755);

  const medians: Record<string, number[]> = {};
  for (let run = 1; run <= runs; run++) {
    const node = await startIpfsNode({ dataDir: path.join(tmp, `ipfs-${run}`), rpcPort: 0, gatewayPort: 0 });
    const calls: { what: string; start: number; end: number }[] = [];
    const target = new URL(node.rpcUrl);
    const proxy = http.createServer((req, res) => {
      const start = now();
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", () =>
            calls.push({ what: new URL(req.url!, "http://x").pathname.replace("/api/v0/", ""), start, end: now() }),
          );
        },
      );
      upstream.on("error", (error) => res.destroy(error));
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    await writeFile(ffmpegLog, "");

    let transcodedAt = Number.NaN;
    let publishingAt = Number.NaN;
    const cpu = cpuSnapshot();
    const started = now();
    await runPipeline(clip, path.join(tmp, `out-${run}`), {
      ffmpegPath: wrapper,
      ffprobePath: tools.ffprobe.path,
      maxHeight: DEFAULTS.maxHeight,
      preset: DEFAULTS.preset,
      segmentSeconds: DEFAULT_SEGMENT_SECONDS,
      onTranscoded: () => (transcodedAt = now()),
      details: { title: `Profile run ${run}`, description: "" },
      publish: {
        kuboRpcUrl: proxyUrl,
        onProgress: () => (publishingAt = Number.isNaN(publishingAt) ? now() : publishingAt),
      },
    });
    const ended = now();
    const others = cpuSince(cpu).othersShare;
    proxy.close();
    await node.stop();

    const ffmpegRuns = (await readFile(ffmpegLog, "utf8"))
      .trim()
      .split("\n")
      .map((line) => {
        const [start, end, , ...args] = line.split(" ");
        return { start: Number(start) / 1e6, end: Number(end) / 1e6, hls: args.includes("hls") };
      });
    const ladder = ffmpegRuns.find((r) => r.hls)!;
    const thumbnail = ffmpegRuns.find((r) => !r.hls);
    const exit = ladder.end;
    const after = calls.filter((c) => c.end > exit);
    // The span of the calls named `what` that start in [from, to), from `from` (or the first start) to the last end.
    const span = (what: string, from: number, to: number) => {
      const matching = calls.filter((c) => c.what === what && c.start < to && c.end > from);
      return matching.length
        ? Math.max(...matching.map((c) => c.end)) - Math.max(from, Math.min(...matching.map((c) => c.start)))
        : 0;
    };
    const figures = {
      total: ended - started,
      beforeLadder: ladder.start - started,
      ladder: ladder.end - ladder.start,
      thumbnail: thumbnail ? thumbnail.end - thumbnail.start : Number.NaN,
      afterLadderExit: ended - exit,
      "  untilTranscoded": transcodedAt - exit,
      "    segmentAddsDrain": span("add", exit, transcodedAt),
      "  manifest": publishingAt - transcodedAt,
      "  publish": ended - publishingAt,
      "    addRest": span("add", publishingAt, ended),
      "    blockPut": span("block/put", publishingAt, ended),
      "    pin": span("pin/add", publishingAt, ended),
    };
    // biome-ignore lint/suspicious/noAssignInExpressions: get-or-create with `??=`.
    for (const [key, value] of Object.entries(figures)) (medians[key] ??= []).push(value);
    console.log(`run ${run} (other processes ${formatShare(others)} of the machine):`);
    for (const [key, value] of Object.entries(figures))
      console.log(`  ${key.padEnd(26)} ${value.toFixed(0).padStart(6)} ms`);
    console.log(
      `  RPC calls ending after the ladder's exit (ms after it): ${after.map((c) => `${c.what} ${(c.start - exit).toFixed(0)}→${(c.end - exit).toFixed(0)}`).join(", ")}`,
    );
  }
  console.log(`\nmedians over ${runs} runs:`);
  for (const [key, values] of Object.entries(medians))
    console.log(`  ${key.padEnd(26)} ${median(values).toFixed(0).padStart(6)} ms`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
