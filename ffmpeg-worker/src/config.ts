import path from 'node:path';
import { type Logger, jsonLogger } from './log.ts';

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
  log: Logger;
}

/** `<repo>/.chorus/worker`: next to the other local state of the stack, ignored by git. */
export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '..', '..', '.chorus', 'worker');

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8700,
  dataDir: DEFAULT_DATA_DIR,
  kuboRpcUrl: 'http://127.0.0.1:5001',
  maxUploadBytes: 2 * 1024 ** 3,
  maxHeight: 720,
  corsOrigins: ['*'],
  preset: 'veryfast',
  publishAttempts: 4,
  publishRetryBaseMs: 1000,
} as const;

const X264_PRESETS = new Set(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo']);

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError naming the variable at fault. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  return resolveConfig({
    ...(env['WORKER_PORT'] ? { port: integer(env, 'WORKER_PORT', 0, 65535) } : {}),
    ...(env['WORKER_DATA_DIR'] ? { dataDir: path.resolve(env['WORKER_DATA_DIR']) } : {}),
    ...(env['KUBO_RPC_URL'] ? { kuboRpcUrl: url(env, 'KUBO_RPC_URL') } : {}),
    ...(env['WORKER_MAX_UPLOAD_BYTES'] ? { maxUploadBytes: integer(env, 'WORKER_MAX_UPLOAD_BYTES', 1, Number.MAX_SAFE_INTEGER) } : {}),
    ...(env['WORKER_MAX_HEIGHT'] ? { maxHeight: integer(env, 'WORKER_MAX_HEIGHT', 240, 4320) } : {}),
    ...(env['WORKER_CORS_ORIGINS'] ? { corsOrigins: env['WORKER_CORS_ORIGINS'].split(',').map((o) => o.trim()).filter(Boolean) } : {}),
    ...(env['WORKER_FFMPEG'] ? { ffmpegPath: env['WORKER_FFMPEG'] } : {}),
    ...(env['WORKER_FFPROBE'] ? { ffprobePath: env['WORKER_FFPROBE'] } : {}),
    ...(env['WORKER_PRESET'] ? { preset: env['WORKER_PRESET'] } : {}),
  });
}

/** Fills in defaults and validates; what startWorker does with the partial config it is given. */
export function resolveConfig(overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  const config: WorkerConfig = {
    ...DEFAULTS,
    corsOrigins: [...DEFAULTS.corsOrigins],
    ffmpegPath: undefined,
    ffprobePath: undefined,
    log: jsonLogger(),
    ...stripUndefined(overrides),
  };
  if (!X264_PRESETS.has(config.preset)) throw new ConfigError(`WORKER_PRESET must be an x264 preset (${[...X264_PRESETS].join(', ')}), got "${config.preset}".`);
  if (!(config.maxHeight >= 240)) throw new ConfigError(`WORKER_MAX_HEIGHT must be at least 240, got ${config.maxHeight}.`);
  if (config.corsOrigins.length === 0) throw new ConfigError('WORKER_CORS_ORIGINS is empty; use * to allow any origin.');
  if (!(config.publishAttempts >= 1)) throw new ConfigError('publishAttempts must be at least 1.');
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function integer(env: Record<string, string | undefined>, name: string, min: number, max: number): number {
  const raw = env[name] ?? '';
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}".`);
  return value;
}

function url(env: Record<string, string | undefined>, name: string): string {
  const raw = env[name] ?? '';
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}".`);
  }
}
