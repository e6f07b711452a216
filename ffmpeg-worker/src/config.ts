import path from "node:path";
import {
  ConfigError,
  httpUrl,
  list,
  oneOf,
  parseEnv,
  port,
  text,
  wholeNumber,
  z,
  type Env,
} from "@chorus/protocol/env";
import { createLogger, type Logger } from "@chorus/protocol/log";

/** Everything the worker needs to run; `loadConfig` reads it from the environment (see .env.example). */
export interface WorkerConfig {
  /** Always loopback unless you put an authenticating proxy in front: the API accepts uploads from anyone who reaches it. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Jobs in `<dataDir>/jobs/<id>.json`, sources and outputs in `<dataDir>/work/<id>/`. */
  dataDir: string;
  kuboRpcUrl: string;
  maxUploadBytes: number;
  /** Largest rung: 240, 360, 480, 720 or 1080 (others are rounded down to one of these). */
  maxHeight: number;
  /** Allowed browser origins; ['*'] allows any. */
  corsOrigins: string[];
  /** Explicit binaries; otherwise a system ffmpeg ≥ 5 on PATH, else the npm static builds. */
  ffmpegPath: string | undefined;
  ffprobePath: string | undefined;
  /** x264 preset for every rung. */
  preset: string;
  /** IPFS publishing: attempts in all and the first backoff delay (doubling). */
  publishAttempts: number;
  publishRetryBaseMs: number;
  /** The chain the key service checks access on (paid videos, `POST /keys/<keyId>`). */
  chainRpcUrl: string;
  chainId: number;
  log: Logger;
}

/** `<repo>/.chorus/worker`: next to the other local state of the stack, ignored by git. */
const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, "..", "..", ".chorus", "worker");

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 8700,
  dataDir: DEFAULT_DATA_DIR,
  kuboRpcUrl: "http://127.0.0.1:5001",
  maxUploadBytes: 2 * 1024 ** 3,
  maxHeight: 720,
  corsOrigins: ["*"],
  preset: "veryfast",
  publishAttempts: 4,
  publishRetryBaseMs: 1000,
  chainRpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
} as const;

const X264_PRESETS = [
  "ultrafast",
  "superfast",
  "veryfast",
  "faster",
  "fast",
  "medium",
  "slow",
  "slower",
  "veryslow",
  "placebo",
] as const;

/** The worker's variables (ffmpeg-worker/.env.example documents each); unset ones take the defaults above. */
const envSchema = z.object({
  WORKER_PORT: port("WORKER_PORT"),
  WORKER_DATA_DIR: text("WORKER_DATA_DIR").transform((dir) => dir && path.resolve(dir)),
  KUBO_RPC_URL: httpUrl("KUBO_RPC_URL"),
  WORKER_MAX_UPLOAD_BYTES: wholeNumber("WORKER_MAX_UPLOAD_BYTES", { min: 1 }),
  WORKER_MAX_HEIGHT: wholeNumber("WORKER_MAX_HEIGHT", { min: 240, max: 4320 }),
  WORKER_CORS_ORIGINS: list(
    "WORKER_CORS_ORIGINS",
    "a comma-separated list of origins, or * for any",
    (origin) => origin,
  ),
  WORKER_FFMPEG: text("WORKER_FFMPEG"),
  WORKER_FFPROBE: text("WORKER_FFPROBE"),
  WORKER_PRESET: oneOf("WORKER_PRESET", X264_PRESETS),
  WORKER_CHAIN_RPC_URL: httpUrl("WORKER_CHAIN_RPC_URL"),
  WORKER_CHAIN_ID: wholeNumber("WORKER_CHAIN_ID", { min: 1 }),
});

/** Reads and validates the environment; throws ConfigError naming every variable at fault. */
export function loadConfig(env: Env = process.env): WorkerConfig {
  const e = parseEnv(envSchema, env, { service: "ffmpeg-worker", hint: "see ffmpeg-worker/.env.example" });
  // Unset variables stay undefined here and take resolveConfig's defaults.
  return resolveConfig(
    stripUndefined({
      port: e.WORKER_PORT,
      dataDir: e.WORKER_DATA_DIR,
      kuboRpcUrl: e.KUBO_RPC_URL,
      maxUploadBytes: e.WORKER_MAX_UPLOAD_BYTES,
      maxHeight: e.WORKER_MAX_HEIGHT,
      corsOrigins: e.WORKER_CORS_ORIGINS,
      ffmpegPath: e.WORKER_FFMPEG,
      ffprobePath: e.WORKER_FFPROBE,
      preset: e.WORKER_PRESET,
      chainRpcUrl: e.WORKER_CHAIN_RPC_URL,
      chainId: e.WORKER_CHAIN_ID,
    }) as Partial<WorkerConfig>,
  );
}

/** OBS's default RTMP port. */
const DEFAULT_RTMP_PORT = 1935;

/** The live ingest's variables (live/manager.ts, LiveOptions): kept apart from WorkerConfig, which startWorker's callers
 * (tests, the stack) build without any live settings. */
const liveEnvSchema = z.object({
  WORKER_RTMP_PORT: port("WORKER_RTMP_PORT"),
  WORKER_LIVE_RUNGS: wholeNumber("WORKER_LIVE_RUNGS", { min: 1, max: 5 }),
  WORKER_CHAIN_ID: wholeNumber("WORKER_CHAIN_ID", { min: 1 }),
  WORKER_LIVE_RETENTION_HOURS: wholeNumber("WORKER_LIVE_RETENTION_HOURS", { min: 1 }),
});

/** The live ingest's options from the environment: OBS's port 1935 by default, falling back to a free port when it is
 * taken (an explicit WORKER_RTMP_PORT never falls back). */
export function loadLiveOptions(env: Env = process.env): {
  rtmpPort: number;
  rtmpPortFallback: boolean;
  maxRungs?: number;
  chainId?: number;
  retentionMs?: number;
} {
  const e = parseEnv(liveEnvSchema, env, { service: "ffmpeg-worker", hint: "see ffmpeg-worker/.env.example" });
  return {
    rtmpPort: e.WORKER_RTMP_PORT ?? DEFAULT_RTMP_PORT,
    rtmpPortFallback: e.WORKER_RTMP_PORT === undefined,
    ...(e.WORKER_LIVE_RUNGS === undefined ? {} : { maxRungs: e.WORKER_LIVE_RUNGS }),
    ...(e.WORKER_CHAIN_ID === undefined ? {} : { chainId: e.WORKER_CHAIN_ID }),
    ...(e.WORKER_LIVE_RETENTION_HOURS === undefined ? {} : { retentionMs: e.WORKER_LIVE_RETENTION_HOURS * 3600_000 }),
  };
}

const configError = (problem: string) => new ConfigError("ffmpeg-worker", [problem]);

/** Fills in defaults and validates; what startWorker does with the partial config it is given. */
export function resolveConfig(overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  const config: WorkerConfig = {
    ...DEFAULTS,
    corsOrigins: [...DEFAULTS.corsOrigins],
    ffmpegPath: undefined,
    ffprobePath: undefined,
    log: createLogger("ffmpeg-worker"),
    ...stripUndefined(overrides),
  };
  if (!(X264_PRESETS as readonly string[]).includes(config.preset))
    throw configError(`preset must be an x264 preset (${X264_PRESETS.join(", ")}), got "${config.preset}"`);
  if (!(config.maxHeight >= 240)) throw configError(`maxHeight must be at least 240, got ${config.maxHeight}`);
  if (config.corsOrigins.length === 0) throw configError('corsOrigins is empty; use ["*"] to allow any origin');
  if (!(config.publishAttempts >= 1)) throw configError("publishAttempts must be at least 1");
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
