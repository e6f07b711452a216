/**
 * Process entry: `npm -w ipfs-node start`.
 *
 * Configuration from the environment, read once (src/config.ts; .env.example). Prints exactly one
 * line to stdout when ready — `ipfs-node ready rpc=<url> gateway=<url>` —
 * and logs everything else to stderr in the services' one format
 * (@chorus/protocol/log). Stops cleanly on SIGINT/SIGTERM.
 */
import { ConfigError } from "@chorus/protocol/env";
import { createLogger, lineLogger } from "@chorus/protocol/log";
import { loadConfig } from "./config.ts";
import { startIpfsNode, type IpfsNode } from "./index.ts";
import { errorMessage } from "./ipfs-path.ts";

const logger = createLogger("ipfs-node");
const log = lineLogger(logger);

async function main(): Promise<void> {
  const config = loadConfig();

  let node: IpfsNode | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}, stopping`);
    const done = node === undefined ? Promise.resolve() : node.stop();
    done.then(
      () => {
        log("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger("error", `error while stopping: ${errorMessage(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  node = await startIpfsNode({ ...config, log });
  if (stopping) {
    // a signal arrived while starting
    await node.stop();
    process.exit(0);
  }
  process.stdout.write(`ipfs-node ready rpc=${node.rpcUrl} gateway=${node.gatewayUrl}\n`);
}

main().catch((err: unknown) => {
  logger("error", err instanceof ConfigError ? err.message : `failed to start: ${errorMessage(err)}`);
  process.exit(1);
});
