import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "@chorus/protocol/env";
import { createLogger } from "@chorus/protocol/log";
import { loadConfig, loadLiveOptions } from "./config.ts";
import { startWorker } from "./worker.ts";

/**
 * `npm -w ffmpeg-worker start`: configuration from the environment (and ffmpeg-worker/.env if present; variables
 * already set win), one "ready" line on stdout, clean exit on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const envFile = path.resolve(import.meta.dirname, "..", ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const worker = await startWorker(loadConfig(), loadLiveOptions());
  const { ffmpeg } = worker.tools;
  process.stdout.write(
    `ffmpeg-worker ready url=${worker.url} ffmpeg=${ffmpeg.path} (${ffmpeg.source} ${ffmpeg.version}) rtmp=${worker.live.rtmpPort}\n`,
  );

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    worker.config.log("info", "shutting down", { signal });
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        worker.config.log("error", "shutdown failed", { error: error instanceof Error ? error.stack : String(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  // A configuration problem is its own message (every variable at fault); anything else is logged with its stack.
  if (error instanceof ConfigError) createLogger("ffmpeg-worker")("error", error.message);
  else createLogger("ffmpeg-worker")("error", "failed to start", { error });
  process.exit(1);
});
