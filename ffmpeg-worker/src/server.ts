import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { WorkerConfig } from "./config.ts";
import { InvalidDetails, parseDetails } from "./details.ts";
import { isValidJobId, newJobId } from "./jobs.ts";
import type { JobStore } from "./jobs.ts";
import type { LiveManager } from "./live/manager.ts";
import { isModerationRoute, moderationRoute } from "./live/moderation.ts";
import { StorageRootError, type StorageRoots } from "./storage-roots.ts";
import type { MediaTools } from "./media-tools.ts";
import { JobConflict, type JobRunner } from "./runner.ts";
import { type JobAccess, jobAccessSchema, type WorkerHealth } from "@chorus/protocol";
import type { KeyService } from "@chorus/protocol/key-service";

/**
 * The worker's HTTP API (node:http, no framework: seven routes). Browsers call it directly, so it answers CORS
 * preflights; it binds to loopback by default and has no authentication.
 */
class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiServerOptions {
  config: WorkerConfig;
  store: JobStore;
  runner: JobRunner;
  tools: MediaTools;
  storageRoots: StorageRoots;
  /** Live sessions (`/live` routes, live/manager.ts). */
  live?: LiveManager;
  /** `POST /keys/<keyId>`: content keys of paid videos (@chorus/protocol/key-service). */
  keyService?: KeyService;
}

export interface ApiServer {
  server: Server;
  /** Stops accepting requests, aborts uploads in progress (their partial files are removed) and waits for them. */
  close(): Promise<void>;
}

const DETAILS_BODY_LIMIT = 64 * 1024;
const ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
const ALLOWED_HEADERS = "Content-Type, X-Filename, X-Stream-Key";

export function createApiServer(options: ApiServerOptions): ApiServer {
  const { config, store, runner, tools, storageRoots } = options;
  const inFlight = new Set<Promise<unknown>>();

  const server = createServer((req, res) => {
    const handled = route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: { code: error.code, message: error.message } });
        return;
      }
      config.log("error", "request failed", {
        method: req.method,
        url: req.url,
        error: error instanceof Error ? error.stack : String(error),
      });
      sendJson(res, 500, {
        error: { code: "internal", message: "The video worker hit an unexpected error. Try again." },
      });
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  // Large uploads over slow links take longer than Node's default 5-minute request timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applyCors(req, res, config.corsOrigins);
    const url = new URL(req.url ?? "/", "http://worker.invalid");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";

    if (method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (parts.length === 1 && parts[0] === "health") {
      allow(method, ["GET"]);
      const health: WorkerHealth = {
        ok: true,
        ffmpeg: tools.ffmpeg,
        ffprobe: tools.ffprobe,
        maxUploadBytes: config.maxUploadBytes,
      };
      sendJson(res, 200, health);
      return;
    }
    if (parts[0] === "storage-roots" && parts.length === 2) {
      allow(method, ["GET"]);
      try {
        sendJson(res, 200, await storageRoots.get(decodeURIComponent(parts[1] ?? "")));
      } catch (error) {
        if (error instanceof StorageRootError) throw new HttpError(error.status, error.code, error.message);
        throw error;
      }
      return;
    }
    if (parts[0] === "keys" && parts.length === 2 && options.keyService) {
      await options.keyService.handle(req, res, parts[1] ?? "");
      return;
    }
    if (isModerationRoute(parts)) {
      const answer = await moderationRoute(config.dataDir, method, parts, req);
      sendJson(res, answer.status, answer.body);
      return;
    }
    if (parts[0] === "live" && options.live) {
      const answer = await options.live.route(method, parts.slice(1), req, url);
      sendJson(res, answer.status, answer.body);
      return;
    }
    if (parts[0] !== "jobs" || parts.length > 3) throw new HttpError(404, "not-found", `No route ${url.pathname}.`);

    if (parts.length === 1) {
      allow(method, ["GET", "POST"]);
      if (method === "GET") sendJson(res, 200, { jobs: store.list() });
      else await createJob(req, res, url);
      return;
    }

    const id = parts[1] ?? "";
    const job = isValidJobId(id) ? store.get(id) : undefined;
    if (!job) throw new HttpError(404, "job-not-found", `There is no job with id "${id}".`);
    if (parts.length === 2) {
      allow(method, ["GET", "DELETE"]);
      if (method === "GET") sendJson(res, 200, { job });
      else sendJson(res, 200, { job: await runner.cancel(id) });
      return;
    }
    if (parts[2] !== "details") throw new HttpError(404, "not-found", `No route ${url.pathname}.`);
    allow(method, ["POST"]);
    const body = await readJson(req);
    try {
      sendJson(res, 200, { job: runner.setDetails(id, parseDetails(body)) });
    } catch (error) {
      if (error instanceof InvalidDetails) throw new HttpError(400, "invalid-details", error.message);
      if (error instanceof JobConflict) throw new HttpError(409, "job-conflict", error.message);
      throw error;
    }
  }

  /** Streams the body to a file in the job's directory, enforcing the size limit while it arrives. */
  async function createJob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      closeAfterResponse(req, res);
      throw new HttpError(411, "length-required", "Send the file with a Content-Length header.");
    }
    const bytes = Number(declared);
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new HttpError(400, "bad-length", "Content-Length is not a valid size.");
    if (bytes > config.maxUploadBytes) {
      closeAfterResponse(req, res);
      throw tooLarge(config.maxUploadBytes);
    }
    const filename = cleanFilename(url.searchParams.get("filename") ?? decodeHeader(req.headers["x-filename"]));
    let access: JobAccess | undefined;
    try {
      access = parseAccess(url);
    } catch (error) {
      closeAfterResponse(req, res);
      throw error;
    }
    const id = newJobId();
    const paths = runner.paths(id);
    await mkdir(paths.dir, { recursive: true });
    try {
      await pipeline(req, new ByteLimit(config.maxUploadBytes), createWriteStream(paths.partial));
      if (req.readableAborted || !req.complete)
        throw new HttpError(400, "upload-incomplete", "The upload was interrupted. Try again.");
      await rename(paths.partial, paths.source);
    } catch (error) {
      await rm(paths.dir, { recursive: true, force: true });
      if (error instanceof TooLarge) {
        closeAfterResponse(req, res);
        throw tooLarge(config.maxUploadBytes);
      }
      if (error instanceof HttpError) throw error;
      // The client went away mid-upload: nobody is left to answer.
      config.log("warn", "upload aborted", { jobId: id, error: String(error) });
      res.destroy();
      return;
    }
    const job = await runner.submit({ id, filename, bytes, ...(access ? { access } : {}) });
    sendJson(res, 201, { job });
  }

  return {
    server,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
}

/** `?access=encrypted&previewSeconds=N` (paid / members-only): known before any segment exists (encrypt.ts). */
function parseAccess(url: URL): JobAccess | undefined {
  const access = url.searchParams.get("access");
  if (access === null || access === "" || access === "public") return undefined;
  if (access !== "encrypted")
    throw new HttpError(400, "invalid-access", `access must be "encrypted" or "public", got "${access}".`);
  const parsed = jobAccessSchema.safeParse({
    encrypted: true,
    previewSeconds: Number(url.searchParams.get("previewSeconds") ?? "0"),
  });
  if (!parsed.success)
    throw new HttpError(400, "invalid-access", "previewSeconds must be a whole number of seconds from 0 to 600.");
  return parsed.data;
}

class TooLarge extends Error {}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    "file-too-large",
    `This file is larger than the ${formatBytes(limit)} upload limit. Upload a shorter or smaller video.`,
  );
}

/** Fails the upload pipeline as soon as more than `limit` bytes have arrived. */
class ByteLimit extends Transform {
  #seen = 0;
  constructor(readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.limit) callback(new TooLarge());
    else callback(null, chunk);
  }
}

function applyCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origins.includes("*")) res.setHeader("Access-Control-Allow-Origin", "*");
  else if (origin && origins.includes(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
  }
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", "600");
    // Chrome asks before a public page may call a loopback address (Private Network Access).
    if (req.headers["access-control-request-private-network"] === "true")
      res.setHeader("Access-Control-Allow-Private-Network", "true");
  }
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) throw new HttpError(405, "method-not-allowed", `Use ${methods.join(" or ")} here.`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** For refusals before the body is read: answer, then drop the connection instead of reading gigabytes. */
function closeAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Connection", "close");
  res.once("finish", () => req.destroy());
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DETAILS_BODY_LIMIT) throw new HttpError(413, "body-too-large", "The details are too long.");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "invalid-json", 'Send the details as JSON: { "title": "...", "description": "..." }.');
  }
}

function decodeHeader(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The name shown back to the creator and kept in the manifest: no directories, no control characters. */
export function cleanFilename(name: string): string {
  const base = path.posix
    .basename(name.replaceAll("\\", "/"))
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
  return [...base].slice(0, 255).join("") || "video";
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
