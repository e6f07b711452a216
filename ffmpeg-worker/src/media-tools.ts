import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { runTool } from "./process.ts";

/**
 * Which ffmpeg/ffprobe binaries the worker runs.
 *
 * Order: an explicit path (WORKER_FFMPEG / WORKER_FFPROBE), then a system binary of version 5 or newer on PATH,
 * then the static builds shipped by `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`. The npm ffmpeg is a
 * 2018 build: it transcodes the ladder fine because the worker never asks it for `-master_pl_name` or `name:` in
 * `var_stream_map` (which crash or are rejected there), but a maintained system build is preferred.
 */
type MediaToolSource = "env" | "system" | "npm";

export interface MediaTool {
  path: string;
  version: string;
  source: MediaToolSource;
}

export interface MediaTools {
  ffmpeg: MediaTool;
  ffprobe: MediaTool;
}

export interface ResolveMediaToolsOptions {
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
  /** PATH to search for system binaries; defaults to process.env.PATH. */
  searchPath?: string | undefined;
}

const MINIMUM_SYSTEM_MAJOR = 5;
/** Git builds report no release number; their copyright year tells their age (5.0 was released in 2022). */
const MINIMUM_SYSTEM_BUILD_YEAR = 2022;

export async function resolveMediaTools(options: ResolveMediaToolsOptions = {}): Promise<MediaTools> {
  const searchPath = options.searchPath ?? process.env["PATH"] ?? "";
  const [ffmpeg, ffprobe] = await Promise.all([
    resolveTool("ffmpeg", options.ffmpegPath, searchPath, "@ffmpeg-installer/ffmpeg"),
    resolveTool("ffprobe", options.ffprobePath, searchPath, "@ffprobe-installer/ffprobe"),
  ]);
  return { ffmpeg, ffprobe };
}

async function resolveTool(
  name: "ffmpeg" | "ffprobe",
  explicitPath: string | undefined,
  searchPath: string,
  npmPackage: string,
): Promise<MediaTool> {
  if (explicitPath) {
    const info = await readVersion(explicitPath);
    if (!info)
      throw new Error(
        `${name} at ${explicitPath} (from WORKER_${name.toUpperCase()}) does not run or does not print a version.`,
      );
    return { path: explicitPath, version: info.version, source: "env" };
  }
  for (const candidate of await findOnPath(name, searchPath)) {
    const info = await readVersion(candidate);
    if (info && isRecentEnough(info)) return { path: candidate, version: info.version, source: "system" };
  }
  const npmPath = npmBinaryPath(npmPackage);
  const info = npmPath ? await readVersion(npmPath) : undefined;
  if (npmPath && info) return { path: npmPath, version: info.version, source: "npm" };
  throw new Error(
    `No usable ${name}: none of version ${MINIMUM_SYSTEM_MAJOR} or newer on PATH and ${npmPackage} is not installed or does not run. ` +
      `Install ffmpeg (apt-get install ffmpeg) or set WORKER_${name.toUpperCase()}.`,
  );
}

interface VersionInfo {
  version: string;
  major: number | undefined;
  buildYear: number | undefined;
}

/** Parses the first lines of `ffmpeg -version`, e.g. "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 ...". */
export function parseVersionOutput(output: string): VersionInfo | undefined {
  const match = /^ff\w+ version (\S+)(?:.*?Copyright \(c\) \d{4}-(\d{4}))?/m.exec(output);
  if (!match?.[1]) return undefined;
  const version = match[1];
  const major = /^n?(\d+)\.\d+/.exec(version)?.[1];
  return {
    version,
    major: major === undefined ? undefined : Number(major),
    buildYear: match[2] ? Number(match[2]) : undefined,
  };
}

function isRecentEnough(info: VersionInfo): boolean {
  if (info.major !== undefined) return info.major >= MINIMUM_SYSTEM_MAJOR;
  return info.buildYear !== undefined && info.buildYear >= MINIMUM_SYSTEM_BUILD_YEAR;
}

async function readVersion(binary: string): Promise<VersionInfo | undefined> {
  try {
    const result = await runTool(binary, ["-version"], { captureStdout: true, timeoutMs: 10_000 });
    return result.exitCode === 0 ? parseVersionOutput(result.stdout) : undefined;
  } catch {
    return undefined;
  }
}

async function findOnPath(name: string, searchPath: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      found.push(candidate);
    } catch {
      // not in this directory
    }
  }
  return found;
}

function npmBinaryPath(packageName: string): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The installer packages throw a string when their platform binary is missing.
    const installed = require(packageName) as { path?: unknown };
    return typeof installed.path === "string" ? installed.path : undefined;
  } catch {
    return undefined;
  }
}
