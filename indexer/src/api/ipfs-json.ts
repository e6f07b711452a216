import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { z } from "zod";

const MAX_BYTES = 256 * 1024;
const CACHE_SIZE = 5_000;

/** What a JSON document on IPFS resolved to: its parsed value, or why there is none. */
export type Fetched<T> = { status: "ok"; value: T } | { status: "invalid" | "unavailable"; value: null };

/**
 * Reads small JSON documents (video manifests, channel metadata) from IPFS through the Kubo RPC API, validated by a zod
 * schema and cached by path: what a CID names never changes. A document IPFS cannot deliver now is not cached, so it is
 * retried on the next request; one that is not valid is cached as invalid. Off-chain data stays out of Ponder's tables.
 */
export class IpfsJsonCache<T> {
  readonly #ipfs: KuboRPCClient;
  readonly #schema: z.ZodType<T>;
  readonly #cache = new Map<string, Fetched<T>>();
  readonly #pending = new Map<string, Promise<Fetched<T>>>();
  readonly #timeoutMs: number;

  constructor(rpcUrl: string, schema: z.ZodType<T>, timeoutMs = 5_000) {
    this.#ipfs = create({ url: rpcUrl });
    this.#schema = schema;
    this.#timeoutMs = timeoutMs;
  }

  get(path: string): Promise<Fetched<T>> {
    const cached = this.#cache.get(path);
    if (cached) return Promise.resolve(cached);
    let pending = this.#pending.get(path);
    if (!pending) {
      pending = this.#fetch(path).finally(() => this.#pending.delete(path));
      this.#pending.set(path, pending);
    }
    return pending;
  }

  async #fetch(path: string): Promise<Fetched<T>> {
    let text: string;
    try {
      const chunks: Uint8Array[] = [];
      let size = 0;
      // kubo-rpc-client's own `timeout` option does not take effect (7.1.0); abort with a signal instead.
      for await (const chunk of this.#ipfs.cat(path, { signal: AbortSignal.timeout(this.#timeoutMs) })) {
        size += chunk.byteLength;
        if (size > MAX_BYTES) return this.#remember(path, { status: "invalid", value: null });
        chunks.push(chunk);
      }
      text = Buffer.concat(chunks).toString("utf8");
    } catch {
      return { status: "unavailable", value: null };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.#remember(path, { status: "invalid", value: null });
    }
    const parsed = this.#schema.safeParse(json);
    return this.#remember(path, parsed.success ? { status: "ok", value: parsed.data } : { status: "invalid", value: null });
  }

  #remember(path: string, fetched: Fetched<T>) {
    if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(path, fetched);
    return fetched;
  }
}
