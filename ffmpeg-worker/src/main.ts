import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { startWorker } from './worker.ts';

/**
 * `npm -w ffmpeg-worker start`: configuration from the environment (and ffmpeg-worker/.env if present; variables
 * already set win), one "ready" line on stdout, clean exit on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const envFile = path.resolve(import.meta.dirname, '..', '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const rtmpPort = process.env['WORKER_RTMP_PORT'];
  const liveRungs = process.env['WORKER_LIVE_RUNGS'];
  const worker = await startWorker(loadConfig(), {
    rtmpPort: rtmpPort ? liveInteger('WORKER_RTMP_PORT', rtmpPort, 0, 65535) : DEFAULT_RTMP_PORT,
    rtmpPortFallback: !rtmpPort,
    ...(liveRungs ? { maxRungs: liveInteger('WORKER_LIVE_RUNGS', liveRungs, 1, 5) } : {}),
  });
  const { ffmpeg } = worker.tools;
  process.stdout.write(`ffmpeg-worker ready url=${worker.url} ffmpeg=${ffmpeg.path} (${ffmpeg.source} ${ffmpeg.version}) rtmp=${worker.live.rtmpPort}\n`);

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    worker.config.log('info', 'shutting down', { signal });
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        worker.config.log('error', 'shutdown failed', { error: error instanceof Error ? error.stack : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** OBS's default RTMP port. */
const DEFAULT_RTMP_PORT = 1935;

// Read here rather than in config.ts: the live settings belong to the live ingest (live/manager.ts, LiveOptions).
function liveInteger(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}".`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`ffmpeg-worker failed to start: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
