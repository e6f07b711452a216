/**
 * `add`: imports the files of a multipart request as UnixFS, with Kubo's
 * options and Kubo's CIDs (see cid-options.ts), and answers one JSON line
 * per file/directory: `{"Name":"dir/a.txt","Hash":"bafy...","Size":"123"}`.
 */
import { importer, type ImportCandidate, type ImporterOptions, type ImportResult } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { IMPORTER_OPTIONS, KUBO_CHUNK_SIZE, KUBO_MAX_FILE_LINKS } from "../cid-options.ts";
import { NdjsonStream, type Command } from "./context.ts";
import { multipartParts, type MultipartPart } from "./multipart.ts";
import { BadRequestError, boolParam, intParam, stringParam } from "./params.ts";
import type { CID } from "multiformats/cid";

/** Kubo refuses chunks above 1 MiB (blocks above 1 MiB are not exchanged by bitswap). */
const MAX_CHUNK_SIZE = 1_048_576;

type Mtime = NonNullable<ImportCandidate["mtime"]>;

interface AddSettings {
  importer: ImporterOptions;
  wrap: boolean;
  pin: boolean;
  pinName: string | undefined;
  onlyHash: boolean;
  progress: boolean;
  preserveMode: boolean;
  preserveMtime: boolean;
  mode: number | undefined;
  mtime: Mtime | undefined;
}

function unsupported(q: URLSearchParams, name: string, why = "is not supported by this node"): void {
  if (boolParam(q, name, false)) throw new BadRequestError(`option "${name}" ${why}`);
}

function parseMode(value: string, what: string): number {
  if (!/^[0-7]{1,4}$/.test(value)) throw new BadRequestError(`invalid ${what} "${value}": expected an octal file mode`);
  return parseInt(value, 8);
}

/** Maps Kubo's `add` options to importer options (Kubo's defaults when absent). */
function addSettings(q: URLSearchParams): AddSettings {
  const cidVersion = intParam(q, "cid-version", 0);
  if (cidVersion !== 0 && cidVersion !== 1) throw new BadRequestError(`unknown CID version ${cidVersion}`);
  // Kubo: --cid-version=1 implies --raw-leaves unless raw-leaves is given
  const rawLeaves = boolParam(q, "raw-leaves", cidVersion === 1);
  const hash = stringParam(q, "hash") ?? "sha2-256";
  if (hash !== "sha2-256")
    throw new BadRequestError(`hash function "${hash}" is not supported by this node (only sha2-256)`);
  unsupported(q, "trickle", "is not supported by this node (only the balanced layout)");
  unsupported(q, "inline");
  unsupported(q, "nocopy");
  unsupported(q, "fscache");
  if (stringParam(q, "to-files") !== undefined)
    throw new BadRequestError('option "to-files" is not supported by this node (no MFS)');
  if (stringParam(q, "max-directory-links") !== undefined)
    throw new BadRequestError('option "max-directory-links" is not supported by this node');

  let chunkSize = KUBO_CHUNK_SIZE;
  const chunker = stringParam(q, "chunker");
  if (chunker !== undefined && chunker !== "default") {
    const m = /^size-(\d+)$/.exec(chunker);
    if (m === null) throw new BadRequestError(`chunker "${chunker}" is not supported by this node (only size-<bytes>)`);
    chunkSize = Number(m[1]);
    if (chunkSize <= 0) throw new BadRequestError("chunker size must be greater than 0");
    if (chunkSize > MAX_CHUNK_SIZE)
      throw new BadRequestError(`chunker parameters may not exceed the maximum chunk size of ${MAX_CHUNK_SIZE}`);
  }
  const maxFileLinks = intParam(q, "max-file-links", KUBO_MAX_FILE_LINKS);
  if (maxFileLinks < 2) throw new BadRequestError("max-file-links must be at least 2");
  let shardFanoutBits = IMPORTER_OPTIONS.shardFanoutBits ?? 8;
  const fanout = intParam(q, "max-hamt-fanout");
  if (fanout !== undefined) {
    if (fanout < 8 || fanout > 1024 || (fanout & (fanout - 1)) !== 0)
      throw new BadRequestError("max-hamt-fanout must be a power of 2, between 8 and 1024");
    shardFanoutBits = Math.log2(fanout);
  }

  const options: ImporterOptions = {
    ...IMPORTER_OPTIONS,
    cidVersion,
    rawLeaves,
    chunker:
      chunkSize === KUBO_CHUNK_SIZE ? (IMPORTER_OPTIONS.chunker ?? fixedSize({ chunkSize })) : fixedSize({ chunkSize }),
    layout:
      maxFileLinks === KUBO_MAX_FILE_LINKS
        ? (IMPORTER_OPTIONS.layout ?? balanced({ maxChildrenPerNode: maxFileLinks }))
        : balanced({ maxChildrenPerNode: maxFileLinks }),
    shardFanoutBits,
    wrapWithDirectory: boolParam(q, "wrap-with-directory", false),
    // parts arrive one after the other: never wait for part N+1 before part N is consumed
    fileImportConcurrency: 1,
  };

  const modeValue = stringParam(q, "mode");
  const mtimeValue = intParam(q, "mtime");
  const mtimeNsecs = intParam(q, "mtime-nsecs", 0);
  return {
    importer: options,
    wrap: options.wrapWithDirectory === true,
    pin: boolParam(q, "pin", true),
    pinName: stringParam(q, "pin-name"),
    onlyHash: boolParam(q, "only-hash", false),
    progress: boolParam(q, "progress", false),
    preserveMode: boolParam(q, "preserve-mode", false),
    preserveMtime: boolParam(q, "preserve-mtime", false),
    mode: modeValue === undefined ? undefined : parseMode(modeValue, "mode"),
    mtime: mtimeValue === undefined ? undefined : { secs: BigInt(mtimeValue), nsecs: mtimeNsecs },
  };
}

/** `/a//b/./c` -> `a/b/c`; refuses `..`. */
function normaliseImportPath(path: string): string {
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw new BadRequestError(`invalid path "${path}": ".." is not allowed`);
  return segments.join("/");
}

/** Per-file metadata sent by kubo-rpc-client in the field name: `file-1?mode=0644&mtime=1&mtime-nsecs=2`. */
function partMetadata(part: MultipartPart, s: AddSettings): { mode?: number; mtime?: Mtime } {
  const out: { mode?: number; mtime?: Mtime } = {};
  if (s.mode !== undefined) out.mode = s.mode;
  if (s.mtime !== undefined) out.mtime = s.mtime;
  const qi = part.fieldName.indexOf("?");
  if (qi === -1) return out;
  const params = new URLSearchParams(part.fieldName.slice(qi + 1));
  const mode = params.get("mode");
  if (s.preserveMode && mode !== null) out.mode = parseMode(mode, "file mode");
  const mtime = params.get("mtime");
  if (s.preserveMtime && mtime !== null && /^-?\d+$/.test(mtime)) {
    out.mtime = { secs: BigInt(mtime), nsecs: Number(params.get("mtime-nsecs") ?? 0) };
  }
  return out;
}

async function* importCandidates(parts: AsyncIterable<MultipartPart>, s: AddSettings): AsyncGenerator<ImportCandidate> {
  for await (const part of parts) {
    const path = normaliseImportPath(part.filename);
    const meta = partMetadata(part, s);
    if (part.contentType === "application/x-directory") {
      part.skip();
      if (path !== "") yield { path, ...meta };
      continue;
    }
    if (part.contentType === "application/symlink") {
      const chunks: Uint8Array[] = [];
      for await (const c of part.content) chunks.push(c);
      yield { path, link: Buffer.concat(chunks).toString("utf8"), ...meta };
      continue;
    }
    if (path === "") {
      // the importer would leave an unnamed file out of the wrapping directory
      if (s.wrap)
        throw new BadRequestError("wrap-with-directory needs a file name for every file (the multipart filename)");
      yield { content: part.content, ...meta };
    } else {
      yield { path, content: part.content, ...meta };
    }
  }
}

const discardingBlockstore = {
  put: async (cid: CID): Promise<CID> => cid,
};

/**
 * Lets the importer go on while blocks are being written (up to `limit`
 * writes in flight), so that parsing the upload, hashing and disk writes
 * overlap; `flush()` waits for every write and reports the first failure.
 */
class WriteBehind {
  readonly #target: { put: (cid: CID, bytes: Uint8Array) => unknown };
  readonly #limit: number;
  readonly #inflight = new Set<Promise<void>>();
  #error: unknown;

  constructor(target: { put: (cid: CID, bytes: Uint8Array) => unknown }, limit: number) {
    this.#target = target;
    this.#limit = limit;
  }

  put = async (cid: CID, bytes: Uint8Array): Promise<CID> => {
    if (this.#error !== undefined) throw this.#error;
    while (this.#inflight.size >= this.#limit) await Promise.race(this.#inflight);
    const p = this.#write(cid, bytes);
    this.#inflight.add(p);
    void p.then(() => {
      this.#inflight.delete(p);
    });
    return cid;
  };

  /** never rejects: the first failure is kept for put() and flush() */
  async #write(cid: CID, bytes: Uint8Array): Promise<void> {
    try {
      await this.#target.put(cid, bytes);
    } catch (err) {
      this.#error ??= err;
    }
  }

  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all(this.#inflight);
    if (this.#error !== undefined) throw this.#error;
  }
}

export const add: Command = async (deps, call) => {
  // no GC between the first block written and the pins (Kubo's pin lock)
  await deps.repo.guard(async () => {
    await importFiles(deps, call);
  });
};

const importFiles: Command = async (deps, call) => {
  const s = addSettings(call.query);
  const out = new NdjsonStream(call.res, call.signal);
  const writer = new WriteBehind(deps.helia.blockstore, 32);
  const blockstore = s.onlyHash ? discardingBlockstore : writer;
  const importerOptions: ImporterOptions = { ...s.importer };
  if (s.progress) {
    importerOptions.onProgress = (evt) => {
      if (evt.type === "unixfs:importer:progress:file:read") {
        const detail = evt.detail as { bytesRead: bigint; path?: string };
        void out.write({ Name: detail.path ?? "", Bytes: Number(detail.bytesRead) }).catch(() => {});
      }
    };
  }

  const roots: ImportResult[] = [];
  let last: ImportResult | undefined;
  let count = 0;
  for await (const entry of importer(importCandidates(multipartParts(call.req), s), blockstore, importerOptions)) {
    count++;
    last = entry;
    const path = entry.path ?? "";
    const name = path === "" && !s.wrap ? entry.cid.toString() : path;
    if (!s.wrap && !path.includes("/")) roots.push(entry);
    const line: Record<string, string | number> = { Name: name, Hash: entry.cid.toString(), Size: String(entry.size) };
    if (entry.unixfs?.mode !== undefined && (s.preserveMode || s.mode !== undefined))
      line.Mode = entry.unixfs.mode.toString(8).padStart(4, "0");
    if (entry.unixfs?.mtime !== undefined) {
      line.Mtime = Number(entry.unixfs.mtime.secs);
      if (entry.unixfs.mtime.nsecs !== undefined && entry.unixfs.mtime.nsecs !== 0)
        line.MtimeNsecs = entry.unixfs.mtime.nsecs;
    }
    await out.write(line);
  }
  await writer.flush();
  if (count === 0) throw new BadRequestError('file argument "path" is required (the request contained no files)');
  if (s.wrap && last !== undefined) roots.push(last);

  if (s.pin && !s.onlyHash) {
    for (const root of roots) {
      await deps.pins.add(root.cid, {
        recursive: true,
        prefetch: false,
        ...(s.pinName === undefined ? {} : { name: s.pinName }),
      });
    }
  }
  out.end();
};
