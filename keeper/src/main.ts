// The keeper daemon as a process: configuration from the environment (and keeper/.env if present; variables already
// set win; keeper/.env.example documents them), its own IPFS node unless KEEPER_IPFS_RPC_URL names one, one readiness
// line on stdout, then one log line per action on stderr (@chorus/protocol/log) until SIGINT or SIGTERM.
import { existsSync } from "node:fs";
import path from "node:path";
import { startIpfsNode, type IpfsNode } from "@chorus/ipfs-node";
import { create } from "kubo-rpc-client";
import { ConfigError } from "@chorus/protocol/env";
import { createLogger, lineLogger } from "@chorus/protocol/log";
import { loadConfig } from "./config.ts";
import { startKeeper, type RunningKeeper } from "./keeper.ts";
import { keepPeersConnected } from "./peers.ts";

const logger = createLogger("keeper");
/** The keeper reports each action as one line, `<action> deal=… …` (README "Run"): that line is the log record's msg. */
const log = lineLogger(logger);

async function main() {
  const envFile = path.resolve(import.meta.dirname, "..", ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig();
  let node: IpfsNode | undefined;
  let keeper: RunningKeeper | undefined;
  let peers: ReturnType<typeof keepPeersConnected> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await keeper?.stop();
      await peers?.stop();
      await node?.stop();
    })();
    return stopping;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`stopping (${signal})`);
      // A second signal while stopping ends the process at once.
      process.once(signal, () => process.exit(1));
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger("error", "stopping failed", { error });
          process.exit(1);
        },
      );
    });
  }

  try {
    let ipfsRpcUrl: string;
    let gatewayUrl: string;
    if ("embedded" in config.ipfs) {
      node = await startIpfsNode({ ...config.ipfs.embedded, log: lineLogger(createLogger("ipfs-node")) });
      ipfsRpcUrl = node.rpcUrl;
      gatewayUrl = node.gatewayUrl;
    } else {
      ipfsRpcUrl = config.ipfs.rpcUrl;
      gatewayUrl = config.ipfs.gatewayUrl ?? "unknown";
    }
    peers = keepPeersConnected(create({ url: ipfsRpcUrl }), config.peers, { intervalMs: config.peersRetryMs, log });
    await peers.firstRound;
    keeper = await startKeeper({ ...config, ipfsRpcUrl, log });
    console.log(
      `keeper ready address=${keeper.address} ipfs-rpc=${ipfsRpcUrl} gateway=${gatewayUrl} keys=${keeper.keysUrl ?? "none"}`,
    );
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) logger("error", error.message);
  else logger("error", "failed to start", { error });
  process.exit(1);
});
