import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Service {
  name: string;
  child: ChildProcess;
  /** The last lines the process printed, for error messages. */
  tail(): string;
  /** The line that matched `readyLine`, once seen. */
  readyLine?: string;
  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions extends SpawnOptions {
  /** Resolves readiness when a printed line matches. */
  readyLine?: RegExp;
  /** Resolves readiness when this returns true (polled). */
  readyCheck?: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Called with every line the process prints (stdout and stderr). */
  onLine?: ((line: string) => void) | undefined;
}

/** Starts a long-running process and waits until it says, or shows, that it is ready. */
export async function startService(name: string, command: string, args: string[], options: StartOptions = {}) {
  const { readyLine, readyCheck, readyTimeoutMs = 120_000, onLine, ...spawnOptions } = options;
  // Its own process group, so that stopping it also stops whatever it started (npx → sh → next-server, tsx → node):
  // an orphan would keep serving the port and hold our pipes open.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, ...spawnOptions });
  const lines: string[] = [];
  let resolveLine: (() => void) | undefined;
  const lineSeen = new Promise<void>((resolve) => (resolveLine = resolve));

  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 40) lines.shift();
        onLine?.(line);
        if (service.readyLine === undefined && readyLine?.test(line)) {
          service.readyLine = line;
          resolveLine?.();
        }
      }
    });
  }

  const exited = once(child, "exit");
  const service: Service = {
    name,
    child,
    tail: () => lines.join("\n"),
    async stop(graceMs = 10_000) {
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // the group is gone already
        }
      };
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup("SIGTERM");
        const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Anything of the group still alive after its leader exited (a grandchild that ignored SIGTERM) goes too.
      signalGroup("SIGKILL");
    },
  };

  const ready = (async () => {
    if (readyLine) await lineSeen;
    if (readyCheck) await waitFor(readyCheck, { timeoutMs: readyTimeoutMs, what: `${name} to be ready` });
  })();
  const died = exited.then(([code, signal]) => {
    throw new Error(`${name} exited (${signal ?? code}) before it was ready:\n${service.tail()}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} was not ready after ${readyTimeoutMs} ms:\n${service.tail()}`)),
      readyTimeoutMs,
    );
  });
  try {
    await Promise.race([ready, died, timedOut]);
  } catch (error) {
    await service.stop(2_000);
    throw error;
  } finally {
    clearTimeout(timer);
    died.catch(() => {}); // a later exit is the caller's business
  }
  return service;
}

/** Polls `check` until it returns true. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 30_000, intervalMs = 100, what = "a condition" } = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Ports this process has handed out: never twice, even when the first has not been bound yet. */
const handedOut = new Set<number>();
/**
 * Ports are also claimed across processes (test files run side by side, each starting its own servers): a claim is a
 * file named after the port holding the claimant's PID, made with O_EXCL; a claim whose process has died is void.
 * This process's claims are removed when it exits.
 */
const CLAIMS_DIR = path.join(tmpdir(), "chorus-ports");
/** The kernel's first ephemeral port, read once per process. */
let ephemeralLow: Promise<number> | undefined;

/**
 * A TCP port that was free on 127.0.0.1 a moment ago, chosen below the kernel's ephemeral range. Port 0 would be
 * picked from that range, where every outgoing connection also takes its local port: between the choice and a
 * server's `listen` (a stack's web app binds minutes later, after its build) a connection to the chain or the
 * indexer could take it, and the server would fail with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  ephemeralLow ??= firstEphemeralPort();
  const high = await ephemeralLow;
  const low = 10_000;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port) || !claim(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`No free TCP port on 127.0.0.1 between ${low} and ${high}.`);
}

/** The claim files this process holds. */
const claimed = new Set<number>();

function claim(port: number): boolean {
  if (claimed.size === 0) mkdirSync(CLAIMS_DIR, { recursive: true });
  if (!claimFile(path.join(CLAIMS_DIR, String(port)))) return false;
  if (claimed.size === 0) process.once("exit", releaseClaims);
  claimed.add(port);
  return true;
}

/**
 * Claims `file` for this process across processes: creates it with O_EXCL holding this PID. A file whose process is
 * gone (a crash skips every clean-up) is void and taken over. False while another live process, or this one, holds it.
 * The holder removes the file to release it.
 */
export function claimFile(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
    return true;
  } catch {
    try {
      const pid = Number(readFileSync(file, "utf8"));
      if (pid === process.pid || isAlive(pid)) return false;
      writeFileSync(file, String(process.pid));
      return true;
    } catch {
      return false; // released or taken over meanwhile: the caller tries again
    }
  }
}

function releaseClaims() {
  for (const port of claimed) {
    try {
      unlinkSync(path.join(CLAIMS_DIR, String(port)));
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function firstEphemeralPort(): Promise<number> {
  try {
    const low = Number((await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8")).trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 11_000) return low;
  } catch {
    // not Linux: the IANA range starts at 49152
  }
  return 32_768;
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  try {
    await once(server, "listening"); // rejects when the server emits "error" (EADDRINUSE) instead
  } catch {
    return false;
  }
  server.close();
  await once(server, "close");
  return true;
}

/** True when an HTTP GET to `url` answers with a status below 500. */
export async function httpAnswers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.status < 500;
}
