import { create, type KuboRPCClient } from "kubo-rpc-client";
import { z } from "zod";

/** What the catalogue shows of a video's manifest (`<cid>/manifest.json`, written by the ffmpeg worker). */
export const manifestSchema = z.object({
  schema: z.literal("chorus.video/1"),
  title: z.string().max(200),
  description: z.string().max(10_000),
  durationSeconds: z.number().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  master: z.string(),
  thumbnail: z.string(),
  renditions: z.array(
    z.object({ name: z.string(), width: z.number(), height: z.number(), bandwidth: z.number(), playlist: z.string() }),
  ),
  createdAt: z.string(),
});
export type Manifest = z.infer<typeof manifestSchema>;

const MAX_MANIFEST_BYTES = 256 * 1024;
const CACHE_SIZE = 5_000;

/**
 * Reads manifests from IPFS through the Kubo RPC API, caching by CID (content at a CID never changes). A manifest that
 * cannot be fetched now is not cached, so it is retried on the next request; one that is invalid is cached as null.
 * Off-chain data stays out of Ponder's tables (it is not derived from the chain).
 */
export class ManifestCache {
  readonly #ipfs: KuboRPCClient;
  readonly #cache = new Map<string, Manifest | null>();
  readonly #pending = new Map<string, Promise<Manifest | null | undefined>>();
  readonly #timeoutMs: number;

  constructor(rpcUrl: string, timeoutMs = 5_000) {
    this.#ipfs = create({ url: rpcUrl });
    this.#timeoutMs = timeoutMs;
  }

  /** The manifest, null if it is invalid, undefined if IPFS could not deliver it in time. */
  async get(cid: string): Promise<Manifest | null | undefined> {
    if (this.#cache.has(cid)) return this.#cache.get(cid);
    let pending = this.#pending.get(cid);
    if (!pending) {
      pending = this.#fetch(cid).finally(() => this.#pending.delete(cid));
      this.#pending.set(cid, pending);
    }
    return pending;
  }

  async #fetch(cid: string): Promise<Manifest | null | undefined> {
    let text: string;
    try {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of this.#ipfs.cat(`${cid}/manifest.json`, { timeout: this.#timeoutMs })) {
        size += chunk.byteLength;
        if (size > MAX_MANIFEST_BYTES) return this.#remember(cid, null);
        chunks.push(chunk);
      }
      text = Buffer.concat(chunks).toString("utf8");
    } catch {
      return undefined;
    }
    let parsed: ReturnType<typeof manifestSchema.safeParse>;
    try {
      parsed = manifestSchema.safeParse(JSON.parse(text));
    } catch {
      return this.#remember(cid, null);
    }
    return this.#remember(cid, parsed.success ? parsed.data : null);
  }

  #remember(cid: string, manifest: Manifest | null) {
    if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(cid, manifest);
    return manifest;
  }
}
