/**
 * A minimal DAG walker over Helia's blockstore (dag-pb and raw blocks), used
 * to fetch a whole DAG before pinning it, to measure what pins take on disk
 * and to list indirect pins.
 */
import { CID } from "multiformats/cid";
import type { Helia } from "helia";

const RAW_CODE = 0x55;
const IDENTITY_CODE = 0x00;

export interface WalkOptions {
  signal?: AbortSignal;
  /** only use local blocks (throw when one is missing) */
  offline?: boolean;
  /** how many blocks to fetch at once (bitswap is latency bound) */
  concurrency?: number;
  /**
   * Report every block's size, using this for raw blocks already stored (e.g.
   * a stat of the block's file, instead of reading it).
   */
  sizeOf?: (cid: CID) => Promise<number | undefined>;
}

export interface VisitedBlock {
  /** the block's size in bytes (only with `sizeOf`, 0 for inline identity CIDs) */
  size?: number;
  /** this walk fetched the block from the network */
  fetched: boolean;
}

/** Yields every CID found inside a decoded block (dag-pb Links, or any CID value). */
function* linksOf(value: unknown, depth = 0): Generator<CID> {
  if (depth > 64) return;
  const cid = CID.asCID(value);
  if (cid !== null) {
    yield cid;
    return;
  }
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) yield* linksOf(child, depth + 1);
}

/** Identifies a block by codec + multihash (CIDv0 and its CIDv1 form are the same block). */
export function blockKey(cid: CID): string {
  return `${cid.code}/${Buffer.from(cid.multihash.bytes).toString("base64")}`;
}

/** Anything blocks can be read from: Helia, or the gateway's recording view of it. */
export interface BlockReader {
  blockstore: {
    get: (
      cid: CID,
      options?: { signal?: AbortSignal; offline?: boolean },
    ) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  };
}

export async function getBlock(
  helia: BlockReader,
  cid: CID,
  options: { signal?: AbortSignal; offline?: boolean } = {},
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of helia.blockstore.get(cid, options)) chunks.push(chunk);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/**
 * Visits every block of the DAG under `root` once (root included), fetching
 * missing blocks from the network unless `offline`. Resolves when the whole
 * DAG is present locally. A block is visited once it is stored (except raw
 * blocks when only listing offline: those are not even checked); a `visit`
 * that throws ends the walk with that error.
 */
export async function walkDag(
  helia: Helia,
  root: CID,
  visit: (cid: CID, block: VisitedBlock) => void,
  options: WalkOptions = {},
): Promise<void> {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const seen = new Set<string>();
  const queue: CID[] = [root];
  let running = 0;
  let failed: unknown;
  // the first failure cancels the fetches still under way
  const stop = new AbortController();
  const getOptions = {
    signal: options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
  };
  const fail = (err: unknown): void => {
    if (failed !== undefined) return;
    failed = err;
    stop.abort(err);
  };
  const report = (cid: CID, block: VisitedBlock): void => {
    if (failed !== undefined) return;
    try {
      visit(cid, block);
    } catch (err) {
      fail(err);
      throw err;
    }
  };

  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (failed !== undefined) return;
      while (running < concurrency && queue.length > 0) {
        const cid = queue.shift() as CID;
        const key = blockKey(cid);
        if (seen.has(key)) continue;
        seen.add(key);
        running++;
        void visitOne(cid).then(
          () => {
            running--;
            if (queue.length === 0 && running === 0) resolve();
            else pump();
          },
          (err: unknown) => {
            fail(err);
            reject(failed);
          },
        );
      }
      if (queue.length === 0 && running === 0) resolve();
    };
    const visitOne = async (cid: CID): Promise<void> => {
      if (cid.multihash.code === IDENTITY_CODE) {
        report(cid, { size: 0, fetched: false });
        return;
      }
      const sizeOf = options.sizeOf;
      if (cid.code === RAW_CODE) {
        // raw blocks have no links: only make sure the block is here (unless just listing)
        if (options.offline === true && sizeOf === undefined) {
          report(cid, { fetched: false });
          return;
        }
        if (await helia.blockstore.has(cid)) {
          if (sizeOf === undefined) {
            report(cid, { fetched: false });
            return;
          }
          const size = await sizeOf(cid);
          if (size !== undefined) {
            report(cid, { size, fetched: false });
            return;
          }
          // deleted meanwhile: fetched again below
        }
        const bytes = await getBlock(helia, cid, getOptions);
        report(cid, sizeOf === undefined ? { fetched: true } : { size: bytes.byteLength, fetched: true });
        return;
      }
      const stored = options.offline === true || (await helia.blockstore.has(cid));
      const bytes = await getBlock(helia, cid, getOptions);
      report(cid, sizeOf === undefined ? { fetched: !stored } : { size: bytes.byteLength, fetched: !stored });
      const codec = await helia.getCodec(cid.code);
      for (const link of linksOf(codec.decode(bytes))) queue.push(link);
    };
    pump();
  });
}
