/**
 * A read-only path gateway for browsers: `GET|HEAD /ipfs/<cid>[/<path>]`.
 *
 * - content types by extension (HLS: m3u8, ts, m4s...), else sniffed;
 * - single byte ranges (206 + Content-Range; 416 when unsatisfiable);
 * - CORS for any origin; ETag = "<cid>" of the resolved file; immutable caching;
 * - `?format=raw` (or `Accept: application/vnd.ipld.raw`) answers the raw block,
 *   for trustless clients that verify it against the CID;
 * - directories: index.html if present, else a small HTML listing;
 * - content that cannot be found locally or from connected peers within
 *   `timeoutMs` (no bytes for that long while streaming) gives 504, never a hang;
 * - what it reads is recorded in the viewer cache under the request's root
 *   CID (cache.ts), so that it stays stored and is re-served to peers.
 */
import { unixfs, type UnixFS } from "@helia/unixfs";
import { getBlock } from "./dag.ts";
import { requestSignal, write, type RequestHandler } from "./http.ts";
import { errorMessage, parseCid, type IpfsPath } from "./ipfs-path.ts";
import { contentTypeForName, sniffContentType } from "./mime.ts";
import { PathCache } from "./path-cache.ts";
import { catFile, isNotFoundError, resolvePath, type EntryStats } from "./resolve.ts";
import { blockKeyOf } from "./block-files.ts";
import type { BlockSource, CacheSession, ViewerCache } from "./cache.ts";
import type { ChorusHelia } from "./helia.ts";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

export interface GatewayDeps {
  helia: ChorusHelia;
  /** where blocks are read from: the node's blockstore, or a view of it that keeps hot blocks in memory (hot-blocks.ts) */
  blocks?: BlockSource;
  /** records what each request reads, by root */
  cache: ViewerCache;
  /** how long to wait for content that is not available (ms) */
  timeoutMs: number;
  shutdown: AbortSignal;
  log: (msg: string) => void;
}

const IMMUTABLE = "public, max-age=29030400, immutable";
const RAW_TYPE = "application/vnd.ipld.raw";

const CORS_HEADERS: Readonly<OutgoingHttpHeaders> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Range, If-None-Match, If-Range, X-Requested-With",
  "Access-Control-Expose-Headers": "Content-Range, Content-Length, Accept-Ranges, Content-Type, ETag, X-Ipfs-Path",
};

class GatewayError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${message}\n`;
  res.writeHead(status, {
    ...CORS_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

type RangeResult = { start: number; end: number } | "unsatisfiable" | undefined;

/** A single `bytes=` range; undefined when absent or not understood (then the whole file is sent). */
function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (m === null) return undefined;
  const [, first = "", last = ""] = m;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Percent-encodes a path segment for a URL. */
function encodeSegment(s: string): string {
  return encodeURIComponent(s);
}

function parseRequestPath(pathname: string): { path: IpfsPath; trailingSlash: boolean } {
  const rest = pathname.slice("/ipfs/".length);
  let segments: string[];
  try {
    segments = rest.split("/").map((s) => decodeURIComponent(s));
  } catch {
    throw new GatewayError(400, `invalid path "${pathname}": malformed percent-encoding`);
  }
  const trailingSlash = segments.length > 1 && segments[segments.length - 1] === "";
  segments = segments.filter((s) => s !== "");
  const first = segments.shift();
  if (first === undefined)
    throw new GatewayError(400, `invalid path "${pathname}": missing CID (expected /ipfs/<cid>/<path>)`);
  for (const s of segments) {
    if (s === "." || s === "..") throw new GatewayError(400, `invalid path "${pathname}": "${s}" is not allowed`);
  }
  try {
    const cid = parseCid(first);
    return { path: { cid, segments, path: segments.join("/") }, trailingSlash };
  } catch (err) {
    throw new GatewayError(400, `invalid path "${pathname}": invalid CID "${first}": ${errorMessage(err)}`);
  }
}

/** A signal that aborts when nothing happened for `ms`; `touch()` restarts the wait. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
    this.touch();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  touch(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#controller.abort(new DOMException("gateway timeout", "TimeoutError"));
    }, this.#ms);
    this.#timer.unref();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

export function createGatewayHandler(deps: GatewayDeps): RequestHandler {
  const blocks = deps.blocks ?? deps.helia.blockstore;
  const paths = new PathCache();
  deps.cache.onForget((root) => {
    paths.dropRoot(root);
  });
  /** resolvePath, remembered per root while the root is in the viewer cache (path-cache.ts) */
  const resolve = async (fs: UnixFS, path: IpfsPath, signal: AbortSignal): Promise<EntryStats> => {
    const root = blockKeyOf(path.cid);
    const known = paths.get(root, path.path);
    if (known !== undefined) return known;
    const { stat } = await resolvePath(fs, path, { signal });
    paths.set(root, path.path, stat);
    return stat;
  };
  const timeoutSeconds = (): string => `${Math.round(deps.timeoutMs / 100) / 10}s`;

  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...CORS_HEADERS, "Access-Control-Max-Age": "86400", "Content-Length": "0" });
      res.end();
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD, OPTIONS");
      sendError(res, 405, "405 Method Not Allowed: the gateway is read-only");
      return;
    }
    if (url.pathname === "/" || url.pathname === "") {
      sendError(res, 200, "Chorus IPFS path gateway: GET /ipfs/<cid>/<path>");
      return;
    }
    if (url.pathname.startsWith("/ipns/")) {
      sendError(res, 501, "501 Not Implemented: IPNS is not supported by this gateway");
      return;
    }
    if (!url.pathname.startsWith("/ipfs/")) {
      sendError(res, 404, "404 Not Found: paths start with /ipfs/<cid>");
      return;
    }

    const deadline = new Deadline(deps.timeoutMs);
    const signal = AbortSignal.any([requestSignal(res, deps.shutdown), deadline.signal]);
    let session: CacheSession | undefined;
    try {
      const { path, trailingSlash } = parseRequestPath(url.pathname);
      session = deps.cache.session(path.cid, blocks);
      const request: RequestDeps = { ...deps, fs: unixfs({ blockstore: session.blockstore }) };
      const format = url.searchParams.get("format") ?? "";
      const accept = req.headers.accept ?? "";
      const wantsRaw = format === "raw" || (format === "" && accept.includes(RAW_TYPE));
      if (format !== "" && format !== "raw") {
        throw new GatewayError(400, `400 Bad Request: format "${format}" is not supported by this gateway (only raw)`);
      }

      if (wantsRaw) {
        const cid = path.segments.length === 0 ? path.cid : (await resolve(request.fs, path, signal)).cid;
        const block = await getBlock(session, cid, { signal });
        const etag = `"${cid.toString()}.raw"`;
        const headers: OutgoingHttpHeaders = {
          ...CORS_HEADERS,
          "Content-Type": RAW_TYPE,
          "Content-Length": block.byteLength,
          "Content-Disposition": `attachment; filename="${cid.toString()}.bin"`,
          ETag: etag,
          "Cache-Control": IMMUTABLE,
          "X-Content-Type-Options": "nosniff",
          "X-Ipfs-Path": url.pathname,
          Vary: "Accept",
        };
        if (etagMatches(req.headers["if-none-match"], etag)) {
          res.writeHead(304, headers);
          res.end();
          return;
        }
        res.writeHead(200, headers);
        res.end(req.method === "HEAD" ? undefined : block);
        return;
      }

      let stat = await resolve(request.fs, path, signal);
      let fileName = path.segments.at(-1) ?? "";
      if (stat.type === "directory") {
        if (!trailingSlash) {
          // like Kubo: directories end with '/', so that relative links inside them work
          res.writeHead(301, { ...CORS_HEADERS, Location: `${url.pathname}/${url.search}`, "Content-Length": "0" });
          res.end();
          return;
        }
        const index = await resolve(
          request.fs,
          { ...path, segments: [...path.segments, "index.html"], path: [...path.segments, "index.html"].join("/") },
          signal,
        ).catch((err: unknown) => {
          if (isNotFoundError(err)) return undefined;
          throw err;
        });
        if (index === undefined || index.type === "directory") {
          await sendListing(request, req, res, url.pathname, path, stat, signal);
          return;
        }
        stat = index;
        fileName = "index.html";
      }
      await sendFile(request, req, res, url, stat, fileName, signal, deadline);
    } catch (err) {
      if (err instanceof GatewayError) {
        sendError(res, err.status, err.message);
      } else if (deadline.expired) {
        sendError(
          res,
          504,
          `504 Gateway Timeout: could not retrieve ${url.pathname} within ${timeoutSeconds()} (not in the local store and not found on connected peers)`,
        );
      } else if (signal.aborted) {
        res.destroy();
      } else if (isNotFoundError(err)) {
        sendError(res, 404, `404 Not Found: ${url.pathname}: ${errorMessage(err)}`);
      } else {
        deps.log(`gateway ${url.pathname} failed: ${errorMessage(err)}`);
        sendError(res, 500, `500 Internal Server Error: ${errorMessage(err)}`);
      }
    } finally {
      deadline.clear();
      session?.end();
    }
  };
}

/** What serving one request needs: a UnixFS view that records into its cache session. */
type RequestDeps = GatewayDeps & { fs: UnixFS };

async function sendFile(
  deps: RequestDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  stat: EntryStats,
  fileName: string,
  signal: AbortSignal,
  deadline: Deadline,
): Promise<void> {
  const size = Number(stat.size);
  const requestedName = url.searchParams.get("filename");
  let contentType =
    contentTypeForName(requestedName ?? fileName) ??
    (requestedName === null ? undefined : contentTypeForName(fileName));
  if (contentType === undefined) {
    const head: Uint8Array[] = [];
    if (size > 0) {
      for await (const chunk of catFile(deps.fs, stat, { length: Math.min(size, 512), signal })) head.push(chunk);
    }
    contentType = sniffContentType(Buffer.concat(head));
  }
  const etag = `"${stat.cid.toString()}"`;
  const headers: OutgoingHttpHeaders = {
    ...CORS_HEADERS,
    "Content-Type": contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": IMMUTABLE,
    "X-Ipfs-Path": url.pathname,
    "X-Content-Type-Options": "nosniff",
    // the same URL answers the raw block for Accept: application/vnd.ipld.raw
    Vary: "Accept",
  };
  if (requestedName !== null) {
    const disposition = url.searchParams.get("download") === "true" ? "attachment" : "inline";
    headers["Content-Disposition"] =
      `${disposition}; filename="${requestedName.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeSegment(requestedName)}`;
  }
  if (etagMatches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const ifRangeHeader = req.headers["if-range"];
  const ifRange = typeof ifRangeHeader === "string" ? ifRangeHeader : undefined;
  const range = ifRange === undefined || etagMatches(ifRange, etag) ? parseRange(req.headers.range, size) : undefined;
  if (range === "unsatisfiable") {
    res.writeHead(416, {
      ...headers,
      "Content-Range": `bytes */${size}`,
      "Content-Length": "0",
      "Cache-Control": "no-cache",
    });
    res.end();
    return;
  }
  const start = range?.start ?? 0;
  const length = range === undefined ? size : range.end - range.start + 1;
  if (range !== undefined) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
  headers["Content-Length"] = length;
  res.writeHead(range === undefined ? 200 : 206, headers);
  if (req.method === "HEAD" || length === 0) {
    res.end();
    return;
  }
  deadline.touch();
  for await (const chunk of catFile(deps.fs, stat, { offset: start, length, signal })) {
    deadline.touch();
    await write(res, chunk, signal);
  }
  res.end();
}

async function sendListing(
  deps: RequestDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  path: IpfsPath,
  stat: EntryStats,
  signal: AbortSignal,
): Promise<void> {
  const etag = `W/"${stat.cid.toString()}"`;
  const headers: OutgoingHttpHeaders = {
    ...CORS_HEADERS,
    "Content-Type": "text/html; charset=utf-8",
    ETag: etag,
    "Cache-Control": IMMUTABLE,
    "X-Ipfs-Path": pathname,
  };
  if (etagMatches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const rows: string[] = [];
  for await (const entry of deps.fs.ls(path.cid, { ...(path.path === "" ? {} : { path: path.path }), signal })) {
    const name = escapeHtml(entry.name);
    rows.push(
      `<li><a href="${encodeSegment(entry.name)}">${name}</a> <small>${escapeHtml(entry.cid.toString())}</small></li>`,
    );
  }
  const title = escapeHtml(pathname);
  const up = path.segments.length > 0 ? '<li><a href="..">..</a></li>' : "";
  const body = `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>Index of ${title}</h1><p><small>${escapeHtml(stat.cid.toString())}</small></p>
<ul>${up}${rows.join("\n")}</ul></body></html>
`;
  headers["Content-Length"] = Buffer.byteLength(body);
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}
