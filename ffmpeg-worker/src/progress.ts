/**
 * Reads ffmpeg's `-progress` output: blocks of key=value lines, each ending with `progress=continue` or
 * `progress=end`. The position is `out_time_us` (newer builds), `out_time_ms` (older builds; microseconds despite
 * the name) or `out_time` (HH:MM:SS.micro); any of them may be "N/A" before the first frame.
 */
export interface ProgressUpdate {
  /** Seconds of output written so far. */
  outTimeSeconds: number;
  /** ffmpeg said `progress=end`. */
  ended: boolean;
}

export class ProgressParser {
  #block = new Map<string, string>();
  #outTimeSeconds = 0;

  /** Feeds one line; returns an update when a block completes. */
  push(line: string): ProgressUpdate | undefined {
    const eq = line.indexOf("=");
    if (eq <= 0) return undefined;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key !== "progress") {
      this.#block.set(key, value);
      return undefined;
    }
    const seconds = readOutTime(this.#block);
    if (seconds !== undefined && seconds >= this.#outTimeSeconds) this.#outTimeSeconds = seconds;
    this.#block.clear();
    return { outTimeSeconds: this.#outTimeSeconds, ended: value === "end" };
  }

  get outTimeSeconds(): number {
    return this.#outTimeSeconds;
  }
}

function readOutTime(block: Map<string, string>): number | undefined {
  for (const key of ["out_time_us", "out_time_ms"]) {
    const value = Number(block.get(key));
    if (block.has(key) && Number.isFinite(value) && value >= 0) return value / 1e6;
  }
  const clock = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(block.get("out_time") ?? "");
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  return undefined;
}

/**
 * Estimates seconds left from the fraction done and the time spent, once enough is done for the rate to mean
 * something.
 */
export function estimateSecondsLeft(fractionDone: number, elapsedMs: number): number | undefined {
  if (!(fractionDone >= 0.02) || fractionDone >= 1 || elapsedMs < 500) return undefined;
  return Math.max(0, Math.round(((elapsedMs / fractionDone) * (1 - fractionDone)) / 1000));
}
