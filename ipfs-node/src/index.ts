/**
 * The embedded IPFS node of Chorus: Helia behind a Kubo-compatible RPC API
 * (for kubo-rpc-client) and a path gateway (for browsers).
 *
 * ```ts
 * const node = await startIpfsNode({ dataDir: '/tmp/ipfs', rpcPort: 0, gatewayPort: 0 })
 * const kubo = create({ url: node.rpcUrl })
 * const { cid } = await kubo.add('hello', KUBO_ADD_OPTIONS)
 * await fetch(`${node.gatewayUrl}/ipfs/${cid}`)
 * await node.stop()
 * ```
 */
import { join, resolve } from "node:path";
import { unixfs } from "@helia/unixfs";
import { BlockFiles } from "./block-files.ts";
import { ViewerCache } from "./cache.ts";
import { Follows, listChannelFromIndexer } from "./follows.ts";
import { listStoriesFromIndexer, StoryPins } from "./stories.ts";
import { createGatewayHandler } from "./gateway.ts";
import { createHelia } from "./helia.ts";
import { HotBlocks } from "./hot-blocks.ts";
import { listen, type HttpServer } from "./http.ts";
import { errorMessage } from "./ipfs-path.ts";
import { PinManager } from "./pins.ts";
import { PubsubHub } from "./pubsub.ts";
import { Repo } from "./repo.ts";
import { createRpcHandler } from "./rpc/server.ts";

export { IMPORTER_OPTIONS, KUBO_ADD_OPTIONS } from "./cid-options.ts";

export interface IpfsNodeOptions {
  /** where blocks, pins and the peer key are kept (created if missing) */
  dataDir: string;
  /** Kubo RPC API port; 0 = a free port (default 5001) */
  rpcPort?: number;
  /** path gateway port; 0 = a free port (default 8080) */
  gatewayPort?: number;
  /** libp2p TCP port; 0 = a free port (default 0) */
  swarmPort?: number;
  /** the only supported interface: everything binds to loopback */
  host?: "127.0.0.1";
  /** how long the gateway waits for content it does not have (default 30 000 ms) */
  gatewayTimeoutMs?: number;
  /**
   * Disk budget in bytes for what the node keeps (default 10 GiB): pins plus
   * the viewer cache (what the gateway served, re-served to peers). The cache
   * is evicted least recently used first to stay within it; `pin/add` is
   * refused when the pins alone would exceed it; pins made by `add` are never
   * refused. 0 = keep nothing the gateway fetched.
   */
  cacheQuotaBytes?: number;
  /**
   * A Chorus indexer's REST API: lets the node follow channels, keeping every
   * video they release pinned within the quota (`chorus/follows/*`,
   * follows.ts), and keep stories pinned while they live
   * (`chorus/stories/*`, stories.ts). Without it, both are refused.
   */
  indexerUrl?: string;
  /** how often followed channels and held stories are synced (default 60 000 ms) */
  followSyncMs?: number;
  /** receives diagnostics (default: discarded) */
  log?: (msg: string) => void;
}

export interface IpfsNode {
  /** base URL of the Kubo RPC API, for `create({ url: rpcUrl })` (e.g. http://127.0.0.1:5001) */
  rpcUrl: string;
  /** base URL of the path gateway (e.g. http://127.0.0.1:8080); content is at `${gatewayUrl}/ipfs/<cid>/<path>` */
  gatewayUrl: string;
  /** the libp2p peer ID (persisted in dataDir) */
  peerId: string;
  /** libp2p listen addresses, each ending with /p2p/<peerId> */
  multiaddrs: string[];
  /** closes both HTTP servers, ends open streams, stops libp2p/Helia and closes the stores; idempotent */
  stop: () => Promise<void>;
}

export const DEFAULT_RPC_PORT = 5001;
export const DEFAULT_GATEWAY_PORT = 8080;
export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000;
export const DEFAULT_CACHE_QUOTA_BYTES = 10 * 1024 ** 3;
/** followed channels, in the data directory */
const FOLLOWS_FILE = "follows.json";
/** stories pinned while they live, in the data directory */
const STORIES_FILE = "stories.json";
/** the viewer cache's index, in the data directory */
const CACHE_INDEX_FILE = "viewer-cache.jsonl";

function checkPort(name: string, port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be an integer between 0 and 65535, got ${port}`);
  return port;
}

export async function startIpfsNode(opts: IpfsNodeOptions): Promise<IpfsNode> {
  const host = opts.host ?? "127.0.0.1";
  if (host !== "127.0.0.1")
    throw new Error(`host must be 127.0.0.1 (the RPC API must never be reachable from elsewhere), got ${String(host)}`);
  if (typeof opts.dataDir !== "string" || opts.dataDir === "") throw new Error("dataDir is required");
  const rpcPort = checkPort("rpcPort", opts.rpcPort ?? DEFAULT_RPC_PORT);
  const gatewayPort = checkPort("gatewayPort", opts.gatewayPort ?? DEFAULT_GATEWAY_PORT);
  const swarmPort = checkPort("swarmPort", opts.swarmPort ?? 0);
  const gatewayTimeoutMs = opts.gatewayTimeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS;
  if (!(gatewayTimeoutMs > 0)) throw new Error(`gatewayTimeoutMs must be a positive number, got ${gatewayTimeoutMs}`);
  const cacheQuotaBytes = opts.cacheQuotaBytes ?? DEFAULT_CACHE_QUOTA_BYTES;
  if (!Number.isSafeInteger(cacheQuotaBytes) || cacheQuotaBytes < 0)
    throw new Error(`cacheQuotaBytes must be a non-negative integer, got ${cacheQuotaBytes}`);
  const log = opts.log ?? (() => {});
  const dataDir = resolve(opts.dataDir);

  const node = await createHelia({ dataDir, host, swarmPort, log });
  const shutdown = new AbortController();
  const fs = unixfs(node.helia);
  const pubsub = new PubsubHub(node.helia.libp2p.services.pubsub);
  const pins = new PinManager(node.helia);
  const files = new BlockFiles(node.blocksDir);
  // what the gateway served last, in memory (hot-blocks.ts); every block file deletion goes through it
  const hot = new HotBlocks(node.helia.blockstore);
  const servers: HttpServer[] = [];
  const onServerError = (err: unknown): void => {
    log(`http: ${errorMessage(err)}`);
  };
  let cache: ViewerCache | undefined;
  let repo: Repo | undefined;
  let follows: Follows | undefined;
  let stories: StoryPins | undefined;

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      shutdown.abort(new Error("the node is shutting down"));
      await Promise.all(servers.map(async (s) => s.close()));
      await follows?.stop();
      await stories?.stop();
      await repo?.close();
      await cache?.close();
      pubsub.close();
      await node.stop();
    })();
    return stopping;
  };

  try {
    cache = await ViewerCache.open({
      file: join(dataDir, CACHE_INDEX_FILE),
      files,
      log,
      onGrow: () => {
        repo?.scheduleMaintenance();
      },
    });
    repo = new Repo({
      helia: node.helia,
      pins,
      cache,
      files,
      fsBlockstore: {
        delete: async (cid) => {
          hot.delete(cid);
          await node.fsBlockstore.delete(cid);
        },
      },
      dataDir,
      quotaBytes: cacheQuotaBytes,
      log,
    });
    // the quota may have been lowered since the last run
    repo.scheduleMaintenance();
    await repo.settled();
    const indexerUrl = opts.indexerUrl;
    if (indexerUrl !== undefined) {
      const keptRepo = repo;
      follows = await Follows.open({
        file: join(dataDir, FOLLOWS_FILE),
        listChannel: async (channelId, signal) => listChannelFromIndexer(indexerUrl, channelId, signal),
        pin: async (cid, signal) => {
          await keptRepo.pin(cid, { recursive: true, signal });
        },
        unpin: async (cid) => {
          await keptRepo.unpin(cid, { recursive: true });
        },
        isPinned: async (cid) => node.helia.pins.isPinned(cid),
        log,
        ...(opts.followSyncMs === undefined ? {} : { intervalMs: opts.followSyncMs }),
      });
      follows.start();
      stories = await StoryPins.open({
        file: join(dataDir, STORIES_FILE),
        listStories: async (creator, signal) => listStoriesFromIndexer(indexerUrl, creator, signal),
        pin: async (cid, signal) => {
          await keptRepo.pin(cid, { recursive: true, signal });
        },
        unpin: async (cid) => {
          await keptRepo.unpin(cid, { recursive: true });
        },
        isPinned: async (cid) => node.helia.pins.isPinned(cid),
        log,
        ...(opts.followSyncMs === undefined ? {} : { intervalMs: opts.followSyncMs }),
      });
      stories.start();
    }
    const rpc = await listen(
      createRpcHandler({
        helia: node.helia,
        fs,
        pins,
        repo,
        cache,
        pubsub,
        follows,
        stories,
        log,
        shutdown: shutdown.signal,
      }),
      host,
      rpcPort,
      onServerError,
    );
    servers.push(rpc);
    const gateway = await listen(
      createGatewayHandler({
        helia: node.helia,
        blocks: hot.blockstore,
        cache,
        timeoutMs: gatewayTimeoutMs,
        shutdown: shutdown.signal,
        log,
      }),
      host,
      gatewayPort,
      onServerError,
    );
    servers.push(gateway);
    const peerId = node.helia.libp2p.peerId.toString();
    const multiaddrs = node.helia.libp2p.getMultiaddrs().map(String);
    log(`ipfs-node: peer ${peerId}, data in ${dataDir}, swarm ${multiaddrs.join(" ")}`);
    return { rpcUrl: rpc.url, gatewayUrl: gateway.url, peerId, multiaddrs, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
