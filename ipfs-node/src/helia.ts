/**
 * The Helia node itself: built from explicit pieces so that nothing leaves
 * the configured host (no mDNS, UPnP, AutoNAT, public bootstrap, delegated
 * routing or HTTP gateways), with everything persisted in `dataDir`:
 *
 * - `<dataDir>/blocks`     blocks (blockstore-fs)
 * - `<dataDir>/datastore`  pins, peer identity (keychain), peer store (datastore-level)
 *
 * (`<dataDir>/viewer-cache.jsonl`, the viewer cache's index, is cache.ts'.)
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { withBitswap } from "@helia/bitswap";
import { withLibp2pLight } from "@helia/libp2p";
import { gossipsub } from "@libp2p/gossipsub";
import { identify } from "@libp2p/identify";
import { noise } from "@libp2p/noise";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { FsBlockstore } from "blockstore-fs";
import { LevelDatastore } from "datastore-level";
import { createHeliaLight } from "helia";
import { fixBitswapRenewedWants } from "./bitswap-fixes.ts";
import { SHARDING } from "./block-files.ts";

export interface CreateHeliaOptions {
  dataDir: string;
  host: string;
  swarmPort: number;
  log: (msg: string) => void;
}

function buildHelia(blockstore: FsBlockstore, datastore: LevelDatastore, host: string, swarmPort: number) {
  return withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore, datastore }), {
      addresses: { listen: [`/ip4/${host}/tcp/${swarmPort}`] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: {
        identify: identify(),
        // emitSelf: local subscribers also receive what this node publishes, as with Kubo.
        // allowPublishToZeroTopicPeers: publishing while nobody else listens is not an error.
        pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, emitSelf: true }),
      },
    }),
    {
      // see bitswap-fixes.ts
      doNotResendBlockWindow: 0,
    },
  );
}

export type ChorusHelia = ReturnType<typeof buildHelia>;

export interface HeliaHandle {
  helia: ChorusHelia;
  /** where blockstore-fs keeps the block files */
  blocksDir: string;
  /** the block files themselves, below Helia (no pin checks, no locks): for GC and eviction */
  fsBlockstore: FsBlockstore;
  /** stops libp2p and Helia, then closes the stores */
  stop: () => Promise<void>;
}

export async function createHelia(opts: CreateHeliaOptions): Promise<HeliaHandle> {
  const blocksDir = join(opts.dataDir, "blocks");
  const datastoreDir = join(opts.dataDir, "datastore");
  await mkdir(blocksDir, { recursive: true });
  await mkdir(datastoreDir, { recursive: true });

  const blockstore = new FsBlockstore(blocksDir, { shardingStrategy: SHARDING });
  const datastore = new LevelDatastore(datastoreDir);
  await blockstore.open();
  try {
    await datastore.open();
  } catch (err) {
    await blockstore.close();
    const cause = err instanceof Error ? err : new Error(String(err));
    throw new Error(
      `cannot open the datastore in ${datastoreDir} (is another ipfs-node using this data directory?): ${cause.message}`,
      { cause },
    );
  }

  const helia = buildHelia(blockstore, datastore, opts.host, opts.swarmPort);
  try {
    await helia.start();
    for (const problem of fixBitswapRenewedWants(helia)) opts.log(`ipfs-node: ${problem}`);
  } catch (err) {
    await helia.stop().catch(() => {});
    await datastore.close().catch(() => {});
    await blockstore.close().catch(() => {});
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    helia,
    blocksDir,
    fsBlockstore: blockstore,
    stop: async () => {
      stopping ??= (async () => {
        try {
          await helia.stop();
        } finally {
          await datastore.close();
          await blockstore.close();
        }
      })();
      return stopping;
    },
  };
}
