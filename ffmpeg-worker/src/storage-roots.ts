import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { computeStorageRoot } from "@chorus/merkle";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";

/** What a storage deal commits to for a content (docs/storage-proofs.md): its Merkle root, size and segment count. */
export interface StorageRoot {
  root: `0x${string}`;
  size: number;
  segmentCount: number;
}

export class StorageRootError extends Error {
  constructor(
    readonly status: 400 | 504,
    readonly code: "malformed-cid" | "content-unavailable",
    message: string,
  ) {
    super(message);
    this.name = "StorageRootError";
  }
}

/**
 * The storage roots of contents, computed from the IPFS node (the same code keepers run to check a deal before they
 * join, so the two always agree) and remembered in `<dataDir>/storage-roots.json`: a CID's bytes never change, so
 * neither does its root. The worker computes a video's root as it publishes it; any other CID is computed on request
 * (fetching it if the node lacks it), once even if asked for concurrently.
 */
export class StorageRoots {
  readonly #file: string;
  readonly #kuboRpcUrl: string;
  readonly #timeoutMs: number;
  #known: Map<string, StorageRoot> | undefined;
  readonly #inFlight = new Map<string, Promise<StorageRoot>>();
  #writing: Promise<void> = Promise.resolve();

  constructor(options: { dataDir: string; kuboRpcUrl: string; timeoutMs?: number }) {
    this.#file = path.join(options.dataDir, "storage-roots.json");
    this.#kuboRpcUrl = options.kuboRpcUrl;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** The root of `cidText`, computing it if needed. Throws StorageRootError for a malformed CID or unreachable content. */
  async get(cidText: string, signal?: AbortSignal): Promise<StorageRoot> {
    let cid: string;
    try {
      cid = CID.parse(cidText.trim()).toV1().toString();
    } catch {
      throw new StorageRootError(400, "malformed-cid", `"${cidText.slice(0, 100)}" is not a CID.`);
    }
    const known = (await this.#load()).get(cid);
    if (known) return known;
    let pending = this.#inFlight.get(cid);
    if (!pending) {
      pending = this.#compute(cid, signal).finally(() => this.#inFlight.delete(cid));
      this.#inFlight.set(cid, pending);
    }
    return pending;
  }

  async #compute(cid: string, signal?: AbortSignal): Promise<StorageRoot> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let tree;
    try {
      tree = await computeStorageRoot(create({ url: this.#kuboRpcUrl }), cid, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new StorageRootError(
        504,
        "content-unavailable",
        `The content ${cid} couldn't be read from IPFS (${timeout.aborted ? `no answer within ${this.#timeoutMs / 1000} s` : detail}). Check that a node holding it is reachable, then try again.`,
      );
    }
    const root: StorageRoot = { root: tree.root, size: tree.size, segmentCount: tree.segmentCount };
    (await this.#load()).set(cid, root);
    await this.#save();
    return root;
  }

  async #load(): Promise<Map<string, StorageRoot>> {
    if (this.#known) return this.#known;
    try {
      const saved = JSON.parse(await readFile(this.#file, "utf8")) as Record<string, StorageRoot>;
      this.#known = new Map(Object.entries(saved));
    } catch {
      // No file yet, or a damaged one: roots are recomputed from IPFS as they are asked for.
      this.#known = new Map();
    }
    return this.#known;
  }

  /** Writes the whole map atomically (temp file + rename), one write at a time. */
  #save(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      await mkdir(path.dirname(this.#file), { recursive: true });
      const temp = `${this.#file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(Object.fromEntries(this.#known ?? []), null, 2)}\n`);
      await rename(temp, this.#file);
    });
    return this.#writing;
  }
}
