import { createHash } from "node:crypto";
import { type ReadStream, createReadStream } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import {
  create,
  type AddResult,
  type BlockPutOptions,
  type ImportCandidate,
  type PinAddOptions,
} from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { type FileLink, buildDirectoryTree } from "./directory-dag.ts";
import { WorkerError } from "./errors.ts";

/** A file already added to IPFS (by segment-adder.ts during the transcode), which publishing can link instead of sending again. */
export interface AddedFile {
  /** In the published directory, "/"-separated, e.g. "240p/seg_00000.ts". */
  path: string;
  cid: string;
  /** Cumulative DAG size, as `add` reports it: the Tsize of the file's link in its directory. */
  size: number;
  /** The file as it was added; a file whose size or mtime has changed since is added again. */
  bytes: number;
  mtimeMs: number;
}

/**
 * Adds a finished output directory to IPFS as one UnixFS directory and returns its root CID. Talks to IPFS only
 * through kubo-rpc-client, so the same code works against the embedded node and a real Kubo; KUBO_ADD_OPTIONS make
 * the CIDs equal to what `ipfs add --cid-version=1` gives for the same files.
 */
export interface AddDirectoryOptions {
  kuboRpcUrl: string;
  signal?: AbortSignal;
  /** 0..1 of the bytes sent. */
  onProgress?: (fraction: number) => void;
}

export interface DirectoryEntry {
  /** Relative, "/"-separated, e.g. "240p/seg_00000.ts". */
  path: string;
  absolutePath: string;
  kind: "file" | "directory";
  bytes: number;
  /** Last modification (0 for directories). */
  mtimeMs: number;
}

/** Every file and directory under `root`, parents before children, names in byte order (as UnixFS sorts them). */
export async function listDirectory(root: string): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  const walk = async (relative: string) => {
    const names = (await readdir(path.join(root, relative))).sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    for (const name of names) {
      const childRelative = relative ? `${relative}/${name}` : name;
      const absolutePath = path.join(root, childRelative);
      const info = await stat(absolutePath);
      if (info.isDirectory()) {
        entries.push({ path: childRelative, absolutePath, kind: "directory", bytes: 0, mtimeMs: 0 });
        await walk(childRelative);
      } else if (info.isFile()) {
        entries.push({ path: childRelative, absolutePath, kind: "file", bytes: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  await walk("");
  return entries;
}

/** Seconds allowed per request: a minute plus one per MiB, since a local node adds at well over 1 MiB/s. */
export function addTimeoutMs(totalBytes: number): number {
  return 60_000 + Math.ceil(totalBytes / (1024 * 1024)) * 1000;
}

export async function addDirectoryToIpfs(dir: string, options: AddDirectoryOptions): Promise<string> {
  const entries = await listDirectory(dir);
  const totalBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
  const sentPerPath = new Map<string, number>();
  const client = create({ url: options.kuboRpcUrl });
  const timeout = AbortSignal.timeout(addTimeoutMs(totalBytes));
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  const streams: ReadStream[] = [];
  const candidates = function* (): Generator<ImportCandidate> {
    for (const entry of entries) {
      if (entry.kind === "directory") {
        yield { path: entry.path };
        continue;
      }
      const content = createReadStream(entry.absolutePath);
      streams.push(content);
      // No mode or mtime: metadata would change the CIDs.
      yield { path: entry.path, content };
    }
  };

  let root: AddResult | undefined;
  try {
    for await (const result of client.addAll(candidates(), {
      ...KUBO_ADD_OPTIONS,
      wrapWithDirectory: true,
      pin: true,
      signal,
      progress: (bytes: number, name?: string) => {
        if (!options.onProgress || name === undefined) return;
        sentPerPath.set(name, bytes);
        let sent = 0;
        for (const value of sentPerPath.values()) sent += value;
        options.onProgress(totalBytes > 0 ? Math.min(1, sent / totalBytes) : 1);
      },
    })) {
      // With wrapWithDirectory the wrapping directory comes last, under the empty path.
      if (result.path === "") root = result;
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw classifyIpfsError(error, options.kuboRpcUrl, timeout.aborted);
  } finally {
    // An aborted request leaves streams unread: close their files now rather than at garbage collection.
    for (const stream of streams) stream.destroy();
  }
  if (!root) {
    throw new WorkerError(
      "ipfs-error",
      "The IPFS node did not return a directory CID for the video. Try again; if it keeps failing, check the IPFS node.",
      {
        retryable: true,
        detail: `no root entry from add of ${dir}`,
      },
    );
  }
  options.onProgress?.(1);
  return root.cid.toString();
}

/**
 * Publishing when most of the files are already on the node (the segments, added during the transcode by
 * segment-adder.ts): only the other files are added (and any that changed or was never added), the directory nodes
 * are built here from the files' CIDs (directory-dag.ts) and stored with `block/put`, and the root is pinned with
 * `pin/add --offline`, which walks the whole tree on the node and fails if any block is missing — e.g. an early,
 * unpinned block that a `repo gc` removed since. The CID is the one addDirectoryToIpfs gives for the same files.
 *
 * Why not the simpler alternatives (measured on the benchmark's 12.7 MB, 3-rung output, embedded node, 2 cores):
 * adding the whole directory again after the early adds costs 250–370 ms (every byte is sent, chunked and hashed
 * again; only the block writes are skipped) against 500–600 ms for the first add; pinning each segment as it is
 * added and unpinning them after publishing costs the embedded node a walk per pin, 150–300 ms of `pin/rm` for 30
 * segments. This path took ~100 ms, most of it the root pin's walk, which the ordinary add does too; since the
 * embedded node records a pin without reading raw blocks back (ipfs-node/src/pins.ts, leavesUnread), that walk reads
 * only the directory and file nodes (it still checks every block is present and writes a pin record per block).
 *
 * If it cannot be done — a directory the importer would shard (a rung of more than ~3 hours), an empty directory, a
 * missing block, a pin the node refuses (our node's `pin/add` respects its storage quota, `add` never refuses), any
 * error but an abort — the whole directory is added the ordinary way (`onFallback` says why): slower, same CID.
 */
export async function addDirectoryReusing(
  dir: string,
  added: readonly AddedFile[],
  options: AddDirectoryOptions & { onFallback?: (reason: string) => void },
): Promise<string> {
  try {
    const outcome = await assembleDirectory(dir, added, options);
    if (typeof outcome === "string") return outcome;
    options.onFallback?.(outcome.fallback);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    options.onFallback?.(error instanceof WorkerError ? (error.detail ?? error.message) : errorDetail(error));
  }
  return addDirectoryToIpfs(dir, options);
}

async function assembleDirectory(
  dir: string,
  added: readonly AddedFile[],
  options: AddDirectoryOptions,
): Promise<string | { fallback: string }> {
  const entries = await listDirectory(dir);
  const known = new Map(added.map((file) => [file.path, file]));
  const links: FileLink[] = [];
  const rest: DirectoryEntry[] = [];
  for (const entry of entries) {
    if (entry.kind !== "file") continue;
    const file = known.get(entry.path);
    if (file && file.bytes === entry.bytes && file.mtimeMs === entry.mtimeMs)
      links.push({ path: entry.path, cid: CID.parse(file.cid), size: file.size });
    else rest.push(entry);
  }
  const restBytes = rest.reduce((sum, e) => sum + e.bytes, 0);
  const client = create({ url: options.kuboRpcUrl });
  const timeout = AbortSignal.timeout(addTimeoutMs(restBytes));
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  options.onProgress?.(0);
  let root: CID;
  try {
    links.push(
      ...(await addFilesSeparately(client, rest, signal, (sent) =>
        options.onProgress?.(restBytes > 0 ? Math.min(1, sent / restBytes) : 1),
      )),
    );
    const tree = await buildDirectoryTree(links);
    if (!tree) return { fallback: "a directory has too many entries for one UnixFS node (the importer shards it)" };
    const built = new Set(tree.blocks.map((b) => b.path));
    const empty = entries.find((e) => e.kind === "directory" && !built.has(e.path));
    if (empty) return { fallback: `directory ${empty.path} is empty` };
    // Unpinned (the root's pin covers them), all at once: distinct blocks, and nothing reads them before the pin.
    const put: BlockPutOptions & { cidCodec: string } = { cidCodec: "dag-pb", signal };
    const distinct = new Map(tree.blocks.map((block) => [block.cid.toString(), block]));
    await Promise.all(
      [...distinct.values()].map(async (block) => {
        const stored = (await client.block.put(block.bytes, put)).toString();
        if (stored !== block.cid.toString())
          throw new Error(`the node stored directory "${block.path}" as ${stored}, not ${block.cid.toString()}`);
      }),
    );
    // `offline`: a block missing from the node is an error at once (it was deleted), not a search of the network.
    const pin: PinAddOptions & { offline: boolean } = { recursive: true, offline: true, signal };
    await client.pin.add(tree.root, pin);
    root = tree.root;
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw classifyIpfsError(error, options.kuboRpcUrl, timeout.aborted);
  }
  options.onProgress?.(1);
  return root.toString();
}

/**
 * Adds files as separate (unwrapped), unpinned entries in one request and returns their links (with the paths given).
 * A small file whose bytes were already sent in this request is not sent again: the embedded node stalls for ~1 s
 * when one request writes the same block twice at once, and the rungs' media playlists are identical.
 */
export async function addFilesSeparately(
  client: ReturnType<typeof create>,
  files: readonly Pick<DirectoryEntry, "path" | "absolutePath" | "bytes">[],
  signal: AbortSignal,
  onSent?: (bytes: number) => void,
): Promise<FileLink[]> {
  if (files.length === 0) return [];
  const partOf = new Map<string, string>();
  const partsByContent = new Map<string, string>();
  let parts = 0;
  const streams: ReadStream[] = [];
  // A generator, so that files are read one at a time as the request goes out.
  const candidates = async function* (): AsyncGenerator<ImportCandidate> {
    for (const file of files) {
      if (file.bytes > DEDUPLICATE_UP_TO_BYTES) {
        const part = String(parts++);
        partOf.set(file.path, part);
        const content = createReadStream(file.absolutePath);
        streams.push(content);
        yield { path: part, content };
        continue;
      }
      const content = await readFile(file.absolutePath);
      const digest = createHash("sha256").update(content).digest("hex");
      const same = partsByContent.get(digest);
      if (same !== undefined) {
        partOf.set(file.path, same);
        continue;
      }
      const part = String(parts++);
      partsByContent.set(digest, part);
      partOf.set(file.path, part);
      yield { path: part, content };
    }
  };
  const sentPerPart = new Map<string, number>();
  const results = new Map<string, AddResult>();
  try {
    for await (const result of client.addAll(candidates(), {
      ...KUBO_ADD_OPTIONS,
      pin: false,
      signal,
      progress: (bytes: number, name?: string) => {
        if (name === undefined || !onSent) return;
        sentPerPart.set(name, bytes);
        let sent = 0;
        for (const value of sentPerPart.values()) sent += value;
        onSent(sent);
      },
    })) {
      results.set(result.path, result);
    }
  } finally {
    for (const stream of streams) stream.destroy();
  }
  return files.map((file) => {
    const result = results.get(partOf.get(file.path) ?? "");
    if (!result) throw new Error(`the node returned no CID for ${file.path}`);
    return { path: file.path, cid: result.cid, size: result.size };
  });
}

/** Files up to one chunk are read whole (so that duplicates can be recognised); larger ones are streamed. */
const DEDUPLICATE_UP_TO_BYTES = 262_144;

/** Network failures, timeouts and 5xx answers may pass; a 4xx will not. Every message names IPFS. */
export function classifyIpfsError(error: unknown, kuboRpcUrl: string, timedOut = false): WorkerError {
  const detail = errorDetail(error);
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  if (typeof status === "number") {
    const retryable = status >= 500 || status === 429;
    return new WorkerError(
      "ipfs-error",
      `The IPFS node at ${kuboRpcUrl} refused to store the video (HTTP ${status}).`,
      { retryable, detail, cause: error },
    );
  }
  const reason = timedOut ? "did not answer in time" : "is unreachable";
  return new WorkerError(
    "ipfs-unreachable",
    `Couldn't add the video to IPFS: the IPFS node at ${kuboRpcUrl} ${reason}.`,
    { retryable: true, detail, cause: error },
  );
}

function errorDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : "";
  return `${error.name}: ${error.message}${cause}`;
}

export interface RetryOptions {
  /** Total attempts, including the first. */
  attempts: number;
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; attempts: number; delayMs: number; error: WorkerError }) => void;
  /** Appended to the last failure's message, e.g. what the creator can do about it. */
  giveUpAdvice?: string;
}

/**
 * Retries retryable WorkerErrors with exponential backoff; anything else, or the last failure, is thrown. The last
 * failure's message says how many attempts were made.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (!(error instanceof WorkerError) || !error.retryable) throw error;
      if (attempt >= options.attempts) {
        const tries = options.attempts > 1 ? ` Tried ${options.attempts} times.` : "";
        const advice = options.giveUpAdvice ? ` ${options.giveUpAdvice}` : "";
        throw new WorkerError(error.code, `${error.message}${tries}${advice}`, {
          retryable: true,
          ...(error.detail === undefined ? {} : { detail: error.detail }),
          cause: error,
        });
      }
      const delayMs = options.baseDelayMs * 2 ** (attempt - 1);
      options.onRetry?.({ attempt, attempts: options.attempts, delayMs, error });
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : undefined).catch(() => {
        throw options.signal?.reason;
      });
    }
  }
}

export interface PublishOptions extends AddDirectoryOptions {
  attempts?: number;
  baseDelayMs?: number;
  onRetry?: RetryOptions["onRetry"];
  /** Files already on the node (PreparedVideo.added): then only the rest is sent (addDirectoryReusing). */
  added?: readonly AddedFile[];
  /** Why the files already on the node could not be reused and the whole directory was added. */
  onFallback?: (reason: string) => void;
}

/** The step that publishes a finished video: addDirectoryReusing or addDirectoryToIpfs, with retries. */
export function publishDirectory(dir: string, options: PublishOptions): Promise<string> {
  const added = options.added ?? [];
  return withRetry(
    () => (added.length > 0 ? addDirectoryReusing(dir, added, options) : addDirectoryToIpfs(dir, options)),
    {
      attempts: options.attempts ?? 4,
      baseDelayMs: options.baseDelayMs ?? 1000,
      giveUpAdvice: "Check that the IPFS node is running, then upload the video again.",
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    },
  );
}
