import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type WorkerConfig, resolveConfig } from "./config.ts";
import { JobStore } from "./jobs.ts";
import { LiveManager, type LiveOptions } from "./live/manager.ts";
import { type MediaTools, resolveMediaTools } from "./media-tools.ts";
import { JobRunner } from "./runner.ts";
import { createApiServer } from "./server.ts";
import { StorageRoots } from "./storage-roots.ts";
import { FileKeyStore, createKeyService } from "@chorus/protocol/key-service";
import { startKeyEscrow } from "./key-escrow.ts";

export interface RunningWorker {
  /** e.g. http://127.0.0.1:8700 */
  url: string;
  config: WorkerConfig;
  tools: MediaTools;
  /** Live sessions; `live.rtmpPort` is where encoders connect. */
  live: LiveManager;
  /** Stops the API, kills ffmpeg, saves every job; unfinished jobs resume on the next start with the same data dir. */
  stop(): Promise<void>;
}

/**
 * Starts the worker in this process: picks ffmpeg, loads and resumes jobs from the data dir, then listens.
 * Missing settings take their defaults (not the environment; `loadConfig()` reads that).
 */
export async function startWorker(
  overrides: Partial<WorkerConfig> = {},
  liveOptions: LiveOptions = {},
): Promise<RunningWorker> {
  const config = resolveConfig(overrides);
  const tools = await resolveMediaTools({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  config.log("info", "media tools", { ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe });

  const workDir = path.join(config.dataDir, "work");
  await mkdir(workDir, { recursive: true });
  const store = new JobStore(path.join(config.dataDir, "jobs"), config.log);
  await store.load();
  const storageRoots = new StorageRoots({ dataDir: config.dataDir, kuboRpcUrl: config.kuboRpcUrl });
  // Content keys of paid videos, kept here and served by POST /keys/<keyId> after the on-chain check.
  const keys = new FileKeyStore(path.join(config.dataDir, "keys"));
  const keyService = createKeyService({
    chainRpcUrl: config.chainRpcUrl,
    chainId: config.chainId,
    kuboRpcUrl: config.kuboRpcUrl,
    keys,
  });
  const runner = new JobRunner({ store, config, tools, workDir, storageRoots, keys });
  const keyEscrow = startKeyEscrow(config, keys);
  await runner.resume();

  const live = await LiveManager.start(config, tools, liveOptions);
  const api = createApiServer({ config, store, runner, tools, storageRoots, live, keyService });
  await new Promise<void>((resolve, reject) => {
    api.server.once("error", reject);
    api.server.listen(config.port, config.host, () => {
      api.server.off("error", reject);
      resolve();
    });
  });
  const { port } = api.server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  config.log("info", "listening", {
    url,
    dataDir: config.dataDir,
    kuboRpcUrl: config.kuboRpcUrl,
    maxHeight: config.maxHeight,
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    config,
    tools,
    live,
    stop() {
      stopping ??= (async () => {
        await api.close();
        await keyEscrow.stop();
        await live.stop();
        await runner.stop();
        await store.flush();
        config.log("info", "stopped", {});
      })();
      return stopping;
    },
  };
}
