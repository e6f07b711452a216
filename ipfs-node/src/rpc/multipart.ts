/**
 * Streams the parts of a multipart/form-data request body one at a time, with
 * backpressure: the next part is only parsed once the previous part's content
 * has been consumed (or skipped). This is how kubo-rpc-client sends files to
 * `add`, `block/put` and `pubsub/pub`.
 */
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import busboy from "busboy";
import { BadRequestError } from "./params.ts";

export interface MultipartPart {
  /** the form field name, e.g. `file`, `file-1?mode=0644&mtime=...`, `dir-2` */
  fieldName: string;
  /** the part's filename, URL-decoded ('' when absent) */
  filename: string;
  /** the part's Content-Type */
  contentType: string;
  /** the part's bytes; must be consumed (or `skip()`ped) before the next part arrives */
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** discards the part's content */
  skip: () => void;
}

type QueueItem = { part: MultipartPart } | { error: Error } | { done: true };

function decodeFilename(raw: string | undefined): string {
  if (raw === undefined) return "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function* multipartParts(req: IncomingMessage): AsyncGenerator<MultipartPart, void, undefined> {
  const contentType = req.headers["content-type"] ?? "";
  if (!/^multipart\/form-data/i.test(contentType)) {
    throw new BadRequestError('expected a multipart/form-data request body (file argument "path" is required)');
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: req.headers, preservePath: true, defParamCharset: "utf8" });
  } catch (err) {
    throw new BadRequestError(`malformed multipart request: ${err instanceof Error ? err.message : String(err)}`);
  }

  const queue: QueueItem[] = [];
  let wake: (() => void) | undefined;
  const push = (item: QueueItem): void => {
    queue.push(item);
    const w = wake;
    wake = undefined;
    w?.();
  };
  bb.on("file", (fieldName: string, stream: Readable, info: busboy.FileInfo) => {
    push({
      part: {
        fieldName,
        filename: decodeFilename(info.filename),
        contentType: info.mimeType,
        content: stream,
        skip: () => {
          stream.resume();
        },
      },
    });
  });
  bb.on("field", (fieldName: string, value: string, info: busboy.FieldInfo) => {
    const bytes = new TextEncoder().encode(value);
    push({
      part: {
        fieldName,
        filename: "",
        contentType: info.mimeType,
        content: [bytes],
        skip: () => {},
      },
    });
  });
  bb.on("close", () => {
    push({ done: true });
  });
  bb.on("error", (err: unknown) => {
    push({
      error: new BadRequestError(`malformed multipart request: ${err instanceof Error ? err.message : String(err)}`),
    });
  });
  const onGone = (): void => {
    if (!req.complete) push({ error: new Error("the request was aborted by the client") });
  };
  req.once("aborted", onGone);
  req.once("close", onGone);
  req.once("error", onGone);
  req.pipe(bb);

  let finished = false;
  try {
    while (true) {
      const item = queue.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      if ("error" in item) throw item.error;
      if ("done" in item) {
        finished = true;
        return;
      }
      yield item.part;
    }
  } finally {
    if (!finished) {
      // the consumer stopped early (or failed): discard the rest of the body
      req.unpipe(bb);
      for (const item of queue) if ("part" in item) item.part.skip();
      req.resume();
    }
  }
}

/** Concatenates an async iterable of byte chunks. */
export async function collect(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes = Infinity,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    length += chunk.byteLength;
    if (length > maxBytes) throw new RpcSizeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

class RpcSizeError extends BadRequestError {
  constructor(maxBytes: number) {
    super(`the data is larger than the limit of ${maxBytes} bytes`);
  }
}
