import { spawn } from "node:child_process";

export interface RunToolOptions {
  /** Aborting kills the child at once and, once it has exited, rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Kills the child and resolves with `timedOut: true`; the caller decides what a timeout means. */
  timeoutMs?: number;
  /** Called for each complete stdout line (ffmpeg's `-progress pipe:1`). */
  onStdoutLine?: (line: string) => void;
  /** Keep stdout in the result (ffprobe's JSON). */
  captureStdout?: boolean;
}

export interface RunToolResult {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stdout: string;
  /** The last few KiB of stderr: enough for ffmpeg's final error lines without holding a long log. */
  stderrTail: string;
  timedOut: boolean;
}

const STDERR_TAIL_BYTES = 8 * 1024;
const STDOUT_CAPTURE_LIMIT = 32 * 1024 * 1024;

/** Runs ffmpeg or ffprobe without a shell; every run can be aborted and has an optional timeout. */
export function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<RunToolResult> {
  const { signal, timeoutMs, onStdoutLine, captureStdout = false } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let pendingLine = "";
    let stderrTail = "";
    let timedOut = false;
    let aborted = false;
    let settled = false;

    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    // Settles only once the child has exited, so callers may delete its output directory right away.
    const onAbort = () => {
      aborted = true;
      kill();
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            kill();
          }, timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });

    function finish(settle: () => void) {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      settle();
    }

    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (captureStdout && stdout.length < STDOUT_CAPTURE_LIMIT) stdout += chunk;
      if (onStdoutLine && !aborted) {
        const lines = (pendingLine + chunk).split("\n");
        pendingLine = lines.pop() ?? "";
        for (const line of lines) onStdoutLine(line.trimEnd());
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on("error", (error) => {
      kill();
      finish(() => reject(error));
    });
    child.on("close", (exitCode, exitSignal) => {
      if (aborted) {
        finish(() => reject(signal?.reason));
        return;
      }
      if (onStdoutLine && pendingLine) onStdoutLine(pendingLine.trimEnd());
      finish(() => resolve({ exitCode, exitSignal, stdout, stderrTail, timedOut }));
    });
  });
}

/** The last meaningful line of ffmpeg/ffprobe stderr, for logs and error details. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "";
}
