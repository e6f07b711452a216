/**
 * Kubo-like pinning on top of Helia's pins:
 * - `add` is idempotent (Helia throws when a CID is already pinned) and can
 *   upgrade a direct pin to a recursive one;
 * - a recursive pin first fetches the whole DAG, then pins it (Helia's own
 *   pin walk would leave half-counted blocks behind if it failed midway);
 * - the CID string the pin was made with is kept, so a CIDv0 pin is listed as
 *   CIDv0 (Helia keys pins by CIDv1);
 * - mutations are serialised;
 * - Helia's per-block pin records are walked without reading raw blocks
 *   (leavesUnread below).
 */
import { createUnsafe } from "multiformats/block";
import { CID } from "multiformats/cid";
import { blockKey, getBlock, walkDag } from "./dag.ts";
import type { GraphWalkerFactory } from "@helia/interface";
import type { Helia } from "helia";

const RAW_CODE = 0x55;

/**
 * The walk Helia's `pins.add` / `pins.rm` make to record which blocks each pin
 * holds, without reading raw blocks: they have no links, and Helia only uses
 * the CID of what the walk yields. Helia's own walker reads every block, one
 * at a time, so pinning a just-added 13 MB video read all 13 MB back from disk
 * (most of the ~100 ms the worker's root pin took). Where a pin must know that
 * the blocks are present, that is checked before (Repo.pin's walk, `add`
 * having just written them, or the prefetch). Each block is visited once:
 * Helia's walker visits a block that a DAG holds twice (the rungs' identical
 * playlists) twice, which `pins.add` counts once but `pins.rm` counts down
 * twice, so unpinning one video used to unpin such a block for every other
 * pin holding it, and `repo/gc` deleted it (test/repo.test.ts).
 */
function leavesUnread(): GraphWalkerFactory {
  return ({ blockstore, getCodec }) => ({
    async *walk(root, options = {}) {
      const maxDepth = options.depth ?? Infinity;
      const seen = new Set<string>();
      const stack: Array<{ cid: CID; depth: number; path: CID[] }> = [{ cid: root, depth: 0, path: [root] }];
      while (stack.length > 0) {
        const node = stack.pop() as { cid: CID; depth: number; path: CID[] };
        const key = blockKey(node.cid);
        if (seen.has(key)) continue;
        seen.add(key);
        if (node.cid.code === RAW_CODE) {
          // a leaf: the pin records need only its CID
          yield {
            block: createUnsafe({ cid: node.cid, bytes: new Uint8Array(0), value: new Uint8Array(0) }),
            depth: node.depth,
            path: node.path,
          };
          continue;
        }
        const bytes = await getBlock(
          { blockstore },
          node.cid,
          options.signal === undefined ? {} : { signal: options.signal },
        );
        const block = createUnsafe({ cid: node.cid, bytes, codec: await getCodec(node.cid.code) });
        if (node.depth < maxDepth) {
          const children = [...block.links()].map(([, child]) => child);
          for (const child of children.reverse())
            stack.push({ cid: child, depth: node.depth + 1, path: [...node.path, child] });
        }
        yield { block, depth: node.depth, path: node.path };
      }
    },
  });
}

export type PinKind = "recursive" | "direct";

export interface PinInfo {
  cid: CID;
  /** the CID as it was pinned (keeps CIDv0 strings) */
  label: string;
  type: PinKind;
  name?: string;
}

export class PinError extends Error {
  override name = "PinError";
}

async function drain(source: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of source) {
    /* consume */
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && err.name === "NotFoundError";
}

export class PinManager {
  readonly #helia: Helia;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(helia: Helia) {
    this.#helia = helia;
  }

  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => {});
    return run;
  }

  /** The direct/recursive pin on exactly this CID, if any. */
  async get(cid: CID): Promise<PinInfo | undefined> {
    try {
      const pin = await this.#helia.pins.get(cid);
      return toInfo(cid, pin.depth, pin.metadata);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Pins `cid` (recursively unless `recursive` is false). Pinning what is
   * already pinned the same way is a no-op, as in Kubo.
   */
  async add(
    cid: CID,
    options: { recursive?: boolean; name?: string; signal?: AbortSignal; prefetch?: boolean } = {},
  ): Promise<void> {
    const recursive = options.recursive ?? true;
    const signal = options.signal;
    // fetch what the pin needs first, outside the lock (this may take long)
    if (recursive && options.prefetch !== false) {
      await walkDag(this.#helia, cid, () => {}, signal === undefined ? {} : { signal });
    } else if (!recursive) {
      await getBlock(this.#helia, cid, signal === undefined ? {} : { signal });
    }
    await this.#exclusive(async () => {
      const metadata: Record<string, string> = { cid: cid.toString() };
      if (options.name !== undefined) metadata.name = options.name;
      const existing = await this.get(cid);
      if (existing !== undefined) {
        if (existing.type === "recursive") {
          if (!recursive) throw new PinError(`pin: ${cid} already pinned recursively`);
          if (options.name !== undefined && options.name !== existing.name) {
            await this.#helia.pins.setMetadata(cid, { ...metadata });
          }
          return;
        }
        if (!recursive) return;
        // upgrade a direct pin to a recursive one
        await drain(this.#helia.pins.rm(cid, { walker: leavesUnread() }));
        try {
          await drain(
            this.#helia.pins.add(cid, {
              depth: Infinity,
              metadata,
              walker: leavesUnread(),
              ...(signal === undefined ? {} : { signal }),
            }),
          );
        } catch (err) {
          await drain(
            this.#helia.pins.add(cid, {
              depth: 0,
              metadata: { cid: existing.label, ...(existing.name === undefined ? {} : { name: existing.name }) },
              walker: leavesUnread(),
            }),
          );
          throw err;
        }
        return;
      }
      await drain(
        this.#helia.pins.add(cid, {
          depth: recursive ? Infinity : 0,
          metadata,
          walker: leavesUnread(),
          ...(signal === undefined ? {} : { signal }),
        }),
      );
    });
  }

  /** Removes a pin; Kubo's errors when there is none or when it is recursive and `recursive` is false. */
  async rm(cid: CID, options: { recursive?: boolean } = {}): Promise<void> {
    const recursive = options.recursive ?? true;
    await this.#exclusive(async () => {
      const existing = await this.get(cid);
      if (existing === undefined) throw new PinError(`${cid.toString()} is not pinned or pinned indirectly`);
      if (existing.type === "recursive" && !recursive) throw new PinError(`${cid.toString()} is pinned recursively`);
      await drain(this.#helia.pins.rm(cid, { walker: leavesUnread() }));
    });
  }

  /** All direct and recursive pins. */
  async *ls(options: { signal?: AbortSignal } = {}): AsyncGenerator<PinInfo> {
    for await (const pin of this.#helia.pins.ls(options.signal === undefined ? {} : { signal: options.signal })) {
      yield toInfo(pin.cid, pin.depth, pin.metadata);
    }
  }

  /**
   * The CIDs pinned indirectly (blocks under recursive pins that are not
   * themselves pin roots), each with the recursive pin it is under.
   */
  async indirect(options: { signal?: AbortSignal } = {}): Promise<Array<{ cid: CID; through: PinInfo }>> {
    const roots: PinInfo[] = [];
    for await (const p of this.ls(options)) roots.push(p);
    const rootKeys = new Set(roots.map((p) => blockKey(p.cid)));
    const seen = new Set<string>();
    const out: Array<{ cid: CID; through: PinInfo }> = [];
    for (const root of roots) {
      if (root.type !== "recursive") continue;
      await walkDag(
        this.#helia,
        root.cid,
        (cid) => {
          const key = blockKey(cid);
          if (rootKeys.has(key) || seen.has(key)) return;
          seen.add(key);
          out.push({ cid, through: root });
        },
        { offline: true, ...(options.signal === undefined ? {} : { signal: options.signal }) },
      );
    }
    return out;
  }

  /** Whether `cid` is pinned, and how (Kubo's `pin ls <cid>` semantics). */
  async status(
    cid: CID,
    options: { signal?: AbortSignal; indirect?: boolean } = {},
  ): Promise<{ type: PinKind | "indirect"; pin?: PinInfo; through?: PinInfo } | undefined> {
    const own = await this.get(cid);
    if (own !== undefined) return { type: own.type, pin: own };
    if (options.indirect === false) return undefined;
    if (!(await this.#helia.pins.isPinned(cid))) return undefined;
    const key = blockKey(cid);
    for (const { cid: c, through } of await this.indirect(
      options.signal === undefined ? {} : { signal: options.signal },
    )) {
      if (blockKey(c) === key) return { type: "indirect", through };
    }
    return undefined;
  }
}

function toInfo(cid: CID, depth: number, metadata: Record<string, string | number | boolean>): PinInfo {
  let label = cid.toString();
  if (typeof metadata.cid === "string") {
    try {
      const original = CID.parse(metadata.cid);
      if (blockKey(original) === blockKey(cid)) label = metadata.cid;
    } catch {
      /* keep the CID Helia returned */
    }
  }
  const info: PinInfo = { cid: CID.parse(label), label, type: depth === 0 ? "direct" : "recursive" };
  if (typeof metadata.name === "string" && metadata.name !== "") info.name = metadata.name;
  return info;
}
