/** Reading content: `cat`, `ls`, `resolve`, `files/stat` (for /ipfs paths), `block/stat|get|put`. */
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { getBlock } from "../dag.ts";
import { write } from "../http.ts";
import { parseIpfsPath } from "../ipfs-path.ts";
import { catFile, kuboEntryType, resolvePath, type EntryStats, type Resolved } from "../resolve.ts";
import { NdjsonStream, sendJson, startStream, type Command, type RpcCall, type RpcDeps } from "./context.ts";
import { collect, multipartParts } from "./multipart.ts";
import { args, BadRequestError, boolParam, firstArg, intParam, RpcError, stringParam } from "./params.ts";

/** Kubo refuses blocks above 1 MiB unless allow-big-block is set (bitswap's limit is 2 MiB). */
const MAX_BLOCK_SIZE = 1_048_576;
const MAX_BIG_BLOCK_SIZE = 2_097_152;

function lookupOptions(call: RpcCall): { signal: AbortSignal; offline?: boolean } {
  return call.offline ? { signal: call.signal, offline: true } : { signal: call.signal };
}

async function resolve(deps: RpcDeps, call: RpcCall, arg: string): Promise<Resolved> {
  return resolvePath(deps.fs, arg, lookupOptions(call));
}

/** The CID a path argument names: the root CID itself, or what the path resolves to. */
async function resolveCid(deps: RpcDeps, call: RpcCall, arg: string): Promise<CID> {
  const path = parseIpfsPath(arg);
  if (path.segments.length === 0) return path.cid;
  return (await resolvePath(deps.fs, path, lookupOptions(call))).stat.cid;
}

export const cat: Command = async (deps, call) => {
  const targets = args(call.query, "ipfs-path");
  let offset = intParam(call.query, "offset", 0);
  if (offset < 0) throw new BadRequestError("cannot specify negative offset");
  const length = intParam(call.query, "length");
  if (length !== undefined && length < 0) throw new BadRequestError("cannot specify negative length");

  // resolve everything before answering, so that errors get a proper error response
  const files: EntryStats[] = [];
  for (const arg of targets) {
    const { stat } = await resolve(deps, call, arg);
    if (stat.type === "directory") throw new RpcError("this dag node is a directory");
    files.push(stat);
  }
  const total = files.reduce((sum, f) => sum + Number(f.size), 0);
  if (offset > total) throw new RpcError(`offset was past the end of file (${offset} > ${total})`);
  let remaining = length ?? Infinity;
  startStream(call.res, "text/plain", { "X-Content-Length": String(Math.min(total - offset, remaining)) });
  for (const file of files) {
    if (remaining <= 0) break;
    const size = Number(file.size);
    if (offset >= size) {
      offset -= size;
      continue;
    }
    const take = Math.min(size - offset, remaining);
    for await (const chunk of catFile(deps.fs, file, { offset, length: take, ...lookupOptions(call) })) {
      await write(call.res, chunk, call.signal);
    }
    remaining -= take;
    offset = 0;
  }
  call.res.end();
};

async function linkFor(deps: RpcDeps, call: RpcCall, name: string, cid: CID): Promise<Record<string, unknown>> {
  const stat = await deps.fs.stat(cid, lookupOptions(call));
  return {
    Name: name,
    Hash: cid.toString(),
    Size: stat.type === "directory" ? 0 : Number(stat.size),
    Type: kuboEntryType(stat),
    Target: "",
  };
}

export const ls: Command = async (deps, call) => {
  const targets = args(call.query, "ipfs-path");
  const stream = boolParam(call.query, "stream", false);
  const objects: Array<{ Hash: string; Links: Array<Record<string, unknown>> }> = [];
  const out = new NdjsonStream(call.res, call.signal);
  for (const arg of targets) {
    const { path, stat } = await resolve(deps, call, arg);
    const links: Array<Record<string, unknown>> = [];
    if (stat.type === "directory") {
      const entries: Array<{ name: string; cid: CID }> = [];
      for await (const e of deps.fs.ls(path.cid, {
        ...(path.path === "" ? {} : { path: path.path }),
        ...lookupOptions(call),
      })) {
        entries.push({ name: e.name, cid: e.cid });
      }
      // stat the children a few at a time (they may have to be fetched)
      for (let i = 0; i < entries.length; i += 16) {
        links.push(
          ...(await Promise.all(entries.slice(i, i + 16).map(async (e) => linkFor(deps, call, e.name, e.cid)))),
        );
      }
    }
    const object = { Hash: arg, Links: links };
    if (stream) await out.write({ Objects: [object] });
    else objects.push(object);
  }
  if (stream) out.end();
  else sendJson(call.res, { Objects: objects });
};

export const resolveCommand: Command = async (deps, call) => {
  const arg = firstArg(call.query, "name");
  const cid = await resolveCid(deps, call, arg);
  sendJson(call.res, { Path: `/ipfs/${cid.toString()}` });
};

function linkCount(deps: RpcDeps, cid: CID, bytes: Uint8Array): Promise<number> | number {
  if (cid.code !== 0x70) return 0;
  return Promise.resolve(deps.helia.getCodec(cid.code)).then((codec) => {
    const node = codec.decode(bytes) as { Links?: unknown[] };
    return node.Links?.length ?? 0;
  });
}

/** `files/stat` for immutable /ipfs paths only (there is no MFS here); kubo-rpc-client's `ls` uses it for files. */
export const filesStat: Command = async (deps, call) => {
  const arg = firstArg(call.query, "path");
  if (!arg.startsWith("/ipfs/"))
    throw new RpcError(`files/stat: only /ipfs/ paths are supported by this node (no MFS): "${arg}"`);
  const { stat } = await resolve(deps, call, arg);
  const extended = await deps.fs.stat(stat.cid, { extended: true, ...lookupOptions(call) });
  const bytes = await getBlock(deps.helia, stat.cid, lookupOptions(call));
  sendJson(call.res, {
    Hash: stat.cid.toString(),
    Size: stat.type === "directory" ? 0 : Number(stat.size),
    CumulativeSize: Number(extended.dagSize),
    Blocks: await linkCount(deps, stat.cid, bytes),
    Type: stat.type === "directory" ? "directory" : "file",
    WithLocality: false,
  });
};

export const blockStat: Command = async (deps, call) => {
  const cid = await resolveCid(deps, call, firstArg(call.query, "cid"));
  const bytes = await getBlock(deps.helia, cid, lookupOptions(call));
  sendJson(call.res, { Key: cid.toString(), Size: bytes.byteLength });
};

export const blockGet: Command = async (deps, call) => {
  const cid = await resolveCid(deps, call, firstArg(call.query, "cid"));
  const bytes = await getBlock(deps.helia, cid, lookupOptions(call));
  startStream(call.res, "text/plain", { "X-Content-Length": String(bytes.byteLength) });
  call.res.end(bytes);
};

const CODECS: Record<string, number> = {
  raw: 0x55,
  "dag-pb": 0x70,
  "dag-cbor": 0x71,
  "dag-json": 0x0129,
  json: 0x0200,
  cbor: 0x51,
};

export const blockPut: Command = async (deps, call) => {
  const q = call.query;
  const format = stringParam(q, "format");
  let codecName = stringParam(q, "cid-codec") ?? "raw";
  let version: 0 | 1 = 1;
  if (format !== undefined) {
    if (format === "v0") {
      codecName = "dag-pb";
      version = 0;
    } else if (format === "protobuf") codecName = "dag-pb";
    else if (format === "cbor") codecName = "dag-cbor";
    else codecName = format;
  }
  const code = CODECS[codecName];
  if (code === undefined) throw new BadRequestError(`cid-codec "${codecName}" is not supported by this node`);
  const mhtype = stringParam(q, "mhtype") ?? "sha2-256";
  if (mhtype !== "sha2-256")
    throw new BadRequestError(`mhtype "${mhtype}" is not supported by this node (only sha2-256)`);
  const mhlen = intParam(q, "mhlen", -1);
  if (mhlen !== -1 && mhlen !== 32) throw new BadRequestError("mhlen must be -1 or 32 for sha2-256");
  const pin = boolParam(q, "pin", false);
  const limit = boolParam(q, "allow-big-block", false) ? MAX_BIG_BLOCK_SIZE : MAX_BLOCK_SIZE;

  const out = new NdjsonStream(call.res, call.signal);
  let count = 0;
  for await (const part of multipartParts(call.req)) {
    const bytes = await collect(part.content, limit).catch((err: unknown) => {
      throw new BadRequestError(
        `produced block is over ${limit} bytes: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    const digest = await sha256.digest(bytes);
    const cid = version === 0 ? CID.createV0(digest) : CID.createV1(code, digest);
    await deps.repo.guard(async () => {
      await deps.helia.blockstore.put(cid, bytes);
      if (pin) await deps.pins.add(cid, { recursive: true, signal: call.signal });
    });
    count++;
    await out.write({ Key: cid.toString(), Size: bytes.byteLength });
  }
  if (count === 0) throw new BadRequestError('argument "data" is required');
  out.end();
};
