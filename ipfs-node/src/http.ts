/** Small HTTP helpers shared by the RPC API and the gateway. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServer {
  server: Server;
  port: number;
  url: string;
  /** stops accepting connections, drops every open connection and waits for the server to close */
  close: () => Promise<void>;
}

/** Listens on host:port (0 = a free port) and resolves once listening. */
export async function listen(
  handler: RequestHandler,
  host: string,
  port: number,
  onError: (err: unknown) => void,
): Promise<HttpServer> {
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("internal error\n");
      } else {
        res.destroy();
      }
    });
  });
  // uploads and pubsub subscriptions are long-lived: no whole-request deadline
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    const onListenError = (err: Error): void => {
      reject(err);
    };
    server.once("error", onListenError);
    server.listen(port, host, () => {
      server.off("error", onListenError);
      resolve();
    });
  }).catch((err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") throw new Error(`port ${port} on ${host} is already in use`, { cause: err });
    throw err;
  });
  server.on("error", onError);
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: async () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Writes a chunk, waiting for the socket to drain when its buffer is full. */
export async function write(res: ServerResponse, chunk: Uint8Array | string, signal?: AbortSignal): Promise<void> {
  if (res.destroyed) throw new Error("connection closed");
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error("connection closed"));
    };
    const onAbort = (): void => {
      cleanup();
      reject(signal?.reason);
    };
    res.on("drain", onDrain);
    res.on("close", onClose);
    signal?.addEventListener("abort", onAbort);
  });
}

/**
 * An AbortSignal that fires when the client goes away before the response is
 * complete, when `parent` fires, or (optionally) after `timeoutMs`.
 */
export function requestSignal(res: ServerResponse, parent: AbortSignal, timeoutMs?: number): AbortSignal {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort(new Error("client disconnected"));
  });
  const signals = [gone.signal, parent];
  if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(timeoutMs));
  return AbortSignal.any(signals);
}
