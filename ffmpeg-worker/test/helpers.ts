import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { IMPORTER_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { MemoryBlockstore } from "blockstore-core/memory";
import { importer } from "ipfs-unixfs-importer";
import { type MediaTools, resolveMediaTools } from "../src/media-tools.ts";
import { listDirectory } from "../src/publish.ts";

const run = promisify(execFile);

let toolsPromise: Promise<MediaTools> | undefined;
/** The same ffmpeg/ffprobe the worker would pick. */
export function mediaTools(): Promise<MediaTools> {
  toolsPromise ??= resolveMediaTools();
  return toolsPromise;
}

export interface ClipOptions {
  width: number;
  height: number;
  seconds: number;
  fps?: number;
  audio?: boolean;
  /** Extra output arguments (e.g. ['-movflags', '+faststart']). */
  outputArgs?: string[];
}

/** A synthetic clip: lavfi testsrc2 (moving pattern) and a sine tone, H.264/AAC in MP4 (moov at the end by default). */
export async function makeClip(file: string, options: ClipOptions): Promise<string> {
  const { ffmpeg } = await mediaTools();
  const fps = options.fps ?? 30;
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${options.width}x${options.height}:rate=${fps}:duration=${options.seconds}`,
  ];
  if (options.audio ?? true)
    args.push("-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${options.seconds}`);
  args.push("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
  if (options.audio ?? true) args.push("-c:a", "aac", "-shortest");
  args.push(...(options.outputArgs ?? []), file);
  await run(ffmpeg.path, args);
  return file;
}

export async function ffprobeJson<T>(args: string[]): Promise<T> {
  const { ffprobe } = await mediaTools();
  const { stdout } = await run(ffprobe.path, ["-v", "error", "-of", "json", ...args], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

/** A fresh directory under the OS temp dir, removed when the test process exits (after every node and worker stopped). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `chorus-worker-${prefix}-`));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls until `check` returns a value other than undefined/false, or fails with the last value seen. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: unknown;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    last = value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${options.what ?? "condition"} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** ffmpeg/ffprobe processes started by this test process (an in-process worker's children). */
export async function ffmpegChildren(): Promise<string[]> {
  const { stdout } = await run("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)]).catch(() => ({ stdout: "" }));
  return stdout.split("\n").filter((line) => /ff(mpeg|probe)/.test(line));
}

/** The directory CID computed without any node: the importer with the project's Kubo-equivalent options. */
export async function independentDirectoryCid(dir: string): Promise<string> {
  const files = (await listDirectory(dir)).filter((e) => e.kind === "file");
  const source = await Promise.all(files.map(async (f) => ({ path: f.path, content: await readFile(f.absolutePath) })));
  let root: string | undefined;
  for await (const entry of importer(source, new MemoryBlockstore(), {
    ...IMPORTER_OPTIONS,
    wrapWithDirectory: true,
  })) {
    if (entry.path === "") root = entry.cid.toString();
  }
  assert.ok(root, "importer yielded no wrapping directory");
  return root;
}

/** ffmpeg as the encoder: `seconds` of testsrc2 + sine in real time, to rtmp://…/live/<key>. */
export async function publishRtmp(
  url: string,
  seconds: number,
): Promise<{ process: ChildProcess; done: Promise<{ code: number | null; stderr: string }> }> {
  const { ffmpeg } = await mediaTools();
  const child = spawn(
    ffmpeg.path,
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-re",
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=640x360:rate=30:duration=${seconds}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-tune",
      "zerolatency",
      "-g",
      "30",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-shortest",
      "-f",
      "flv",
      url,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stderr })),
  );
  return { process: child, done };
}
