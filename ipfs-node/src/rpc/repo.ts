/**
 * `repo/gc` and `repo/stat` (Kubo's output, plus the cache state), and
 * `chorus/cache` (not in Kubo): the viewer cache, for the web app's server.
 */
import { REPO_VERSION } from "../repo.ts";
import { NdjsonStream, sendJson, type Command, type RpcDeps } from "./context.ts";
import { boolParam } from "./params.ts";

/**
 * Kubo's `repo gc`: one `{"Key":{"/":"<cid>"}}` line per deleted block
 * (`silent`: none). Pins and the viewer cache (within its quota) are kept.
 */
export const repoGc: Command = async (deps, call) => {
  const silent = boolParam(call.query, "silent", false);
  // accepted for compatibility: they only change Kubo's text output
  boolParam(call.query, "quiet", false);
  boolParam(call.query, "stream-errors", false);
  const out = new NdjsonStream(call.res, call.signal);
  await deps.repo.gc(
    async (cid) => {
      if (!silent) await out.write({ Key: { "/": cid.toString() } });
    },
    { signal: call.signal },
  );
  out.end();
};

async function cacheState(deps: RpcDeps): Promise<{ QuotaBytes: number; PinnedBytes: number; CachedBytes: number }> {
  const usage = await deps.repo.usage();
  return { QuotaBytes: usage.quotaBytes, PinnedBytes: usage.pinnedBytes, CachedBytes: usage.cachedBytes };
}

/**
 * Kubo's `repo stat`: RepoSize (block files + datastore), StorageMax (the
 * quota), NumObjects (stored blocks), RepoPath, Version; `size-only` like
 * Kubo. Plus `Cache`: `{ QuotaBytes, PinnedBytes, CachedBytes, CachedRoots }`.
 */
export const repoStat: Command = async (deps, call) => {
  const sizeOnly = boolParam(call.query, "size-only", false);
  boolParam(call.query, "human", false); // Kubo's text output only
  const stat = await deps.repo.stat({ sizeOnly, signal: call.signal });
  sendJson(call.res, {
    RepoSize: stat.repoSize,
    StorageMax: stat.storageMax,
    NumObjects: stat.numObjects,
    RepoPath: stat.repoPath,
    Version: sizeOnly ? "" : REPO_VERSION,
    Cache: { ...(await cacheState(deps)), CachedRoots: deps.cache.roots().length },
  });
};

/**
 * `chorus/cache`: the cached roots, most recently requested first:
 * `{ QuotaBytes, PinnedBytes, CachedBytes, Roots: [{ Cid, Size, Blocks, LastAccess, Pinned }] }`
 * (`Size`: bytes of the blocks stored under that root, `LastAccess`: ISO 8601,
 * `Pinned`: all of them are pinned, so never evicted).
 */
export const chorusCache: Command = async (deps, call) => {
  const roots = (await deps.repo.cachedRoots()).map(({ root, bytes, pinned }) => ({
    Cid: root.cid.toString(),
    Size: bytes,
    Blocks: root.blocks.size,
    LastAccess: new Date(root.lastAccess).toISOString(),
    Pinned: pinned,
  }));
  sendJson(call.res, { ...(await cacheState(deps)), Roots: roots });
};
