import type HlsType from "hls.js";
import type { HlsConfig, Loader, LoaderCallbacks, LoaderConfiguration, LoaderContext } from "hls.js";
import { keyIdOfUri } from "@chorus/protocol";

/**
 * hls.js's loader with one addition: `#EXT-X-KEY` URIs of the form `chorus-key:<keyId>` (paid videos, docs/paid-videos.md)
 * are answered by `getKey` instead of the network. hls.js asks once per key URI and caches the bytes.
 */
export function keyAwareLoader(
  Hls: typeof HlsType,
  getKey: (keyId: string) => Promise<ArrayBuffer>,
): HlsConfig["loader"] {
  const Base = Hls.DefaultConfig.loader;
  return class KeyAwareLoader implements Loader<LoaderContext> {
    readonly #base: Loader<LoaderContext>;
    #aborted = false;
    constructor(config: HlsConfig) {
      this.#base = new Base(config);
    }
    get context() {
      return this.#base.context;
    }
    get stats() {
      return this.#base.stats;
    }
    load(context: LoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>) {
      const keyId = keyIdOfUri(context.url);
      if (keyId === undefined) return this.#base.load(context, config, callbacks);
      const stats = this.#base.stats;
      stats.loading.start = performance.now();
      getKey(keyId).then(
        (data) => {
          if (this.#aborted) return;
          stats.loading.first = stats.loading.end = performance.now();
          stats.loaded = stats.total = data.byteLength;
          callbacks.onSuccess({ url: context.url, data }, stats, context, null);
        },
        (error: unknown) => {
          if (this.#aborted) return;
          callbacks.onError(
            { code: 403, text: error instanceof Error ? error.message : String(error) },
            context,
            null,
            stats,
          );
        },
      );
    }
    abort() {
      this.#aborted = true;
      this.#base.abort();
    }
    destroy() {
      this.#aborted = true;
      this.#base.destroy();
    }
  } as unknown as HlsConfig["loader"];
}
