import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { z } from "zod";

const MAX_BYTES = 256 * 1024;
const CACHE_SIZE = 5_000;

/** What a JSON document on IPFS resolved to: its parsed value, or why there is none. */
export type Fetched<T> = { status: "ok"; value: T } | { status: "invalid" | "unavailable"; value: null };

/**
 * Reads small JSON documents (video manifests, channel metadata) from IPFS through the Kubo RPC API, validated by a zod
 * schema and cached by path: what a CID names never changes. A document IPFS cannot deliver now is remembered as
 * unavailable for `retryMs` only (so a page of such videos doesn't wait out the timeout on every request, and a poll
 * every few seconds doesn't either), then asked for again; one that is not valid is cached as invalid. Off-chain data
 * stays out of Ponder's tables.
 */
export class IpfsJsonCache<T> {
  readonly #ipfs: KuboRPCClient;
  readonly #schema: z.ZodType<T>;
  readonly #cache = new Map<string, Fetched<T>>();
  readonly #pending = new Map<string, Promise<Fetched<T>>>();
  readonly #unavailableUntil = new Map<string, number>();
  readonly #timeoutMs: number;
  readonly #retryMs: number;

  constructor(rpcUrl: string, schema: z.ZodType<T>, timeoutMs = 5_000, retryMs = 30_000) {
    this.#ipfs = create({ url: rpcUrl });
    this.#schema = schema;
    this.#timeoutMs = timeoutMs;
    this.#retryMs = retryMs;
  }

  get(path: string): Promise<Fetched<T>> {
    const cached = this.#cache.get(path);
    if (cached) return Promise.resolve(cached);
    const until = this.#unavailableUntil.get(path);
    if (until !== undefined && Date.now() < until) return Promise.resolve({ status: "unavailable", value: null });
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
      if (this.#unavailableUntil.size >= CACHE_SIZE)
        this.#unavailableUntil.delete(this.#unavailableUntil.keys().next().value!);
      this.#unavailableUntil.set(path, Date.now() + this.#retryMs);
      return { status: "unavailable", value: null };
    }
    this.#unavailableUntil.delete(path);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.#remember(path, { status: "invalid", value: null });
    }
    const parsed = this.#schema.safeParse(json);
    return this.#remember(
      path,
      parsed.success ? { status: "ok", value: parsed.data } : { status: "invalid", value: null },
    );
  }

  #remember(path: string, fetched: Fetched<T>) {
    if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(path, fetched);
    return fetched;
  }
}
