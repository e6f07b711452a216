import type { z } from "zod";
import { ipfsCat } from "./ipfs-cat";

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
  readonly #rpcUrl: string;
  readonly #schema: z.ZodType<T>;
  readonly #cache = new Map<string, Fetched<T>>();
  readonly #pending = new Map<string, Promise<Fetched<T>>>();
  readonly #unavailableUntil = new Map<string, number>();
  readonly #timeoutMs: number;
  readonly #retryMs: number;
  readonly #maxBytes: number;

  constructor(rpcUrl: string, schema: z.ZodType<T>, timeoutMs = 5_000, retryMs = 30_000, maxBytes = MAX_BYTES) {
    this.#rpcUrl = rpcUrl;
    this.#schema = schema;
    this.#timeoutMs = timeoutMs;
    this.#retryMs = retryMs;
    this.#maxBytes = maxBytes;
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
      const bytes = await ipfsCat(this.#rpcUrl, path, {
        signal: AbortSignal.timeout(this.#timeoutMs),
        maxBytes: this.#maxBytes,
      });
      if (bytes === "too-large") return this.#remember(path, { status: "invalid", value: null });
      text = Buffer.from(bytes).toString("utf8");
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
