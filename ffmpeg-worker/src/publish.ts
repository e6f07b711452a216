import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KUBO_ADD_OPTIONS } from '@chorus/ipfs-node/cid-options';
import { create, type AddResult, type ImportCandidate } from 'kubo-rpc-client';
import { WorkerError } from './errors.ts';

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
  kind: 'file' | 'directory';
  bytes: number;
}

/** Every file and directory under `root`, parents before children, names in byte order (as UnixFS sorts them). */
export async function listDirectory(root: string): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  const walk = async (relative: string) => {
    const names = (await readdir(path.join(root, relative))).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      const childRelative = relative ? `${relative}/${name}` : name;
      const absolutePath = path.join(root, childRelative);
      const info = await stat(absolutePath);
      if (info.isDirectory()) {
        entries.push({ path: childRelative, absolutePath, kind: 'directory', bytes: 0 });
        await walk(childRelative);
      } else if (info.isFile()) {
        entries.push({ path: childRelative, absolutePath, kind: 'file', bytes: info.size });
      }
    }
  };
  await walk('');
  return entries;
}

/** Seconds allowed per request: a minute plus one per MiB, since a local node adds at well over 1 MiB/s. */
function addTimeoutMs(totalBytes: number): number {
  return 60_000 + Math.ceil(totalBytes / (1024 * 1024)) * 1000;
}

export async function addDirectoryToIpfs(dir: string, options: AddDirectoryOptions): Promise<string> {
  const entries = await listDirectory(dir);
  const totalBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
  const sentPerPath = new Map<string, number>();
  const client = create({ url: options.kuboRpcUrl });
  const timeout = AbortSignal.timeout(addTimeoutMs(totalBytes));
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  const candidates = function* (): Generator<ImportCandidate> {
    for (const entry of entries) {
      // No mode or mtime: metadata would change the CIDs.
      yield entry.kind === 'directory' ? { path: entry.path } : { path: entry.path, content: createReadStream(entry.absolutePath) };
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
      if (result.path === '') root = result;
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw classifyIpfsError(error, options.kuboRpcUrl, timeout.aborted);
  }
  if (!root) {
    throw new WorkerError('ipfs-error', 'The IPFS node did not return a directory CID for the video. Try again; if it keeps failing, check the IPFS node.', {
      retryable: true,
      detail: `no root entry from add of ${dir}`,
    });
  }
  options.onProgress?.(1);
  return root.cid.toString();
}

/** Network failures, timeouts and 5xx answers may pass; a 4xx will not. Every message names IPFS. */
export function classifyIpfsError(error: unknown, kuboRpcUrl: string, timedOut = false): WorkerError {
  const detail = describeError(error);
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  if (typeof status === 'number') {
    const retryable = status >= 500 || status === 429;
    return new WorkerError('ipfs-error', `The IPFS node at ${kuboRpcUrl} refused to store the video (HTTP ${status}).`, { retryable, detail, cause: error });
  }
  const reason = timedOut ? 'did not answer in time' : 'is unreachable';
  return new WorkerError('ipfs-unreachable', `Couldn't add the video to IPFS: the IPFS node at ${kuboRpcUrl} ${reason}.`, { retryable: true, detail, cause: error });
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : '';
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
        const tries = options.attempts > 1 ? ` Tried ${options.attempts} times.` : '';
        const advice = options.giveUpAdvice ? ` ${options.giveUpAdvice}` : '';
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
  onRetry?: RetryOptions['onRetry'];
}

/** addDirectoryToIpfs with retries: the step that publishes a finished video. */
export function publishDirectory(dir: string, options: PublishOptions): Promise<string> {
  return withRetry(() => addDirectoryToIpfs(dir, options), {
    attempts: options.attempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 1000,
    giveUpAdvice: 'Check that the IPFS node is running, then upload the video again.',
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}
