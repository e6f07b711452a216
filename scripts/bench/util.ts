// Small helpers shared by the benchmarks: statistics, formatting, a clean-up list and progress output.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Min, quartiles (linear interpolation between order statistics) and max. */
export function quartiles(values: readonly number[]): {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    if (!sorted.length) return Number.NaN;
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.min(sorted.length - 1, below + 1);
    return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
  };
  return { min: at(0), q1: at(0.25), median: at(0.5), q3: at(0.75), max: at(1) };
}

export const max = (values: readonly number[]): number => (values.length ? Math.max(...values) : Number.NaN);
export const min = (values: readonly number[]): number => (values.length ? Math.min(...values) : Number.NaN);

/** Rounds for JSON: enough digits to be useful, none that are noise. */
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export const formatMs = (ms: number): string =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
export const formatMBps = (bytesPerSecond: number): string =>
  `${(bytesPerSecond / 1e6).toFixed(bytesPerSecond < 1e8 ? 1 : 0)} MB/s`;
export const formatRatio = (ratio: number): string =>
  ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(3);

/** Mulberry32: a small seeded PRNG, so the catalogue and the viewers are the same in every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function log(message: string) {
  const seconds = ((performance.now() - START) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds} s] ${message}`);
}
const START = performance.now();

/**
 * Everything the run starts (servers, nodes, the stack, browsers, temp dirs, child processes) registers how to undo
 * itself here; the list runs newest first on success, on failure and on SIGINT/SIGTERM.
 */
export class Cleanup {
  #tasks: { name: string; run: () => Promise<unknown> | unknown }[] = [];
  #running: Promise<void> | undefined;

  /**
   * Registers an undo step; the returned function runs it now (once) and takes it off the list. Once the list has
   * run (after an interrupt), a step registered late runs at once.
   */
  add(name: string, run: () => Promise<unknown> | unknown): () => Promise<void> {
    const task = { name, run };
    if (this.#running) {
      void Promise.resolve()
        .then(run)
        .catch(() => {});
      return async () => {};
    }
    this.#tasks.push(task);
    return async () => {
      const index = this.#tasks.indexOf(task);
      if (index === -1) return;
      this.#tasks.splice(index, 1);
      await task.run();
    };
  }

  runAll(): Promise<void> {
    this.#running ??= (async () => {
      while (this.#tasks.length) {
        const task = this.#tasks.pop()!;
        try {
          await task.run();
        } catch (error) {
          console.error(`clean-up of ${task.name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.#running;
  }
}

/** Stops a child process: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs a command to completion, registered with `cleanup` while it runs (so an interrupt stops it). Resolves with the
 * exit code and the end of stderr; never rejects on a non-zero exit.
 */
export function runCommand(
  command: string,
  args: string[],
  cleanup: Cleanup,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    const remove = cleanup.add(`${command} (pid ${child.pid})`, () => stopChild(child));
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", (error) => {
      void remove();
      reject(error);
    });
    child.on("close", (code) => {
      void remove();
      resolve({ code, stderr });
    });
  });
}

/** Clock ticks per second of /proc's CPU counters (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface CpuSnapshot {
  at: number;
  /** This process, its reaped children and its live descendants, user + system, in ticks. */
  ownTicks: number;
  /** The whole machine, busy ticks (all cores). */
  busyTicks: number;
}

/** utime + stime + cutime + cstime and the parent pid of a process, from /proc/<pid>/stat. */
function readStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After "pid (comm) ": state is field 3, ppid field 4; utime, stime, cutime, cstime are fields 14-17.
    const fields = text
      .slice(text.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    return { ppid: fields[1]!, ticks: fields[11]! + fields[12]! + fields[13]! + fields[14]! };
  } catch {
    return undefined;
  }
}

/**
 * Reads /proc: the CPU used so far by this process's whole tree (itself, the children it reaped, and every live
 * descendant: ffmpeg, Chromium, the stack's services) and by the machine. Zeros where /proc is missing.
 */
export function cpuSnapshot(): CpuSnapshot {
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const stat = readStat(name);
      if (stat) stats.set(Number(name), stat);
    }
    const inTree = (pid: number): boolean => {
      for (let current = pid, depth = 0; current > 1 && depth < 64; depth++) {
        if (current === process.pid) return true;
        current = stats.get(current)?.ppid ?? 0;
      }
      return false;
    };
    let ownTicks = 0;
    for (const [pid, stat] of stats) if (inTree(pid)) ownTicks += stat.ticks;
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const busyTicks = cpu.reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!;
    return { at: performance.now(), ownTicks, busyTicks };
  } catch {
    return { at: performance.now(), ownTicks: 0, busyTicks: 0 };
  }
}

export interface CpuUse {
  /** CPU time of this process tree since the snapshot (user + system). */
  ownMs: number;
  /** Share of the machine's capacity (all cores) that other processes used meanwhile, 0..1. */
  othersShare: number;
}

export function cpuSince(start: CpuSnapshot): CpuUse {
  const end = cpuSnapshot();
  const toMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS;
  const capacityMs = (end.at - start.at) * os.cpus().length;
  const othersMs = Math.max(0, toMs(end.busyTicks - start.busyTicks) - toMs(end.ownTicks - start.ownTicks));
  return {
    ownMs: toMs(end.ownTicks - start.ownTicks),
    othersShare: capacityMs > 0 ? Math.min(1, othersMs / capacityMs) : 0,
  };
}

/** CPU time (user + system, ms) one process has used so far; NaN when it is gone or /proc is missing. */
export function processCpuMs(pid: number): number {
  const stat = readStat(String(pid));
  return stat === undefined ? Number.NaN : (stat.ticks * 1000) / CLOCK_TICKS;
}

export const formatShare = (share: number) => `${(share * 100).toFixed(0)} %`;
