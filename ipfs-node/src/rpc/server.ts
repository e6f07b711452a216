/**
 * The Kubo-compatible RPC API (`/api/v0/<command>`), enough for
 * kubo-rpc-client 7 to add, read, pin and publish. Like Kubo it only
 * accepts POST (405 otherwise) and refuses browser requests (403 when an
 * Origin or Referer header is present): it must never be exposed beyond
 * localhost; browsers use the gateway.
 */
import { requestSignal, type RequestHandler } from "../http.ts";
import { InvalidPathError } from "../ipfs-path.ts";
import { isOfflineMissError } from "../resolve.ts";
import { add } from "./add.ts";
import { sendJson, sendText, type Command, type RpcCall, type RpcDeps } from "./context.ts";
import { blockGet, blockPut, blockStat, cat, filesStat, ls, resolveCommand } from "./content.ts";
import { id, swarmConnect, swarmPeers, version } from "./node-info.ts";
import { boolParam, parseDuration, RpcError } from "./params.ts";
import { pinAdd, pinLs, pinRm } from "./pin.ts";
import { pubsubLs, pubsubPeers, pubsubPub, pubsubSub } from "./pubsub.ts";
import { chorusCache, repoGc, repoStat } from "./repo.ts";
import { followsAdd, followsLs, followsRm } from "./follows.ts";
import { storiesFollow, storiesKeep, storiesLs, storiesSync, storiesUnfollow } from "./stories.ts";

const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ["add", add],
  ["cat", cat],
  ["ls", ls],
  ["resolve", resolveCommand],
  ["files/stat", filesStat],
  ["block/stat", blockStat],
  ["block/get", blockGet],
  ["block/put", blockPut],
  ["pin/add", pinAdd],
  ["pin/rm", pinRm],
  ["pin/ls", pinLs],
  ["pubsub/pub", pubsubPub],
  ["pubsub/sub", pubsubSub],
  ["pubsub/ls", pubsubLs],
  ["pubsub/peers", pubsubPeers],
  ["id", id],
  ["version", version],
  ["swarm/connect", swarmConnect],
  ["swarm/peers", swarmPeers],
  ["repo/gc", repoGc],
  ["repo/stat", repoStat],
  ["chorus/cache", chorusCache],
  ["chorus/follows/ls", followsLs],
  ["chorus/follows/add", followsAdd],
  ["chorus/follows/rm", followsRm],
  ["chorus/stories/ls", storiesLs],
  ["chorus/stories/keep", storiesKeep],
  ["chorus/stories/follow", storiesFollow],
  ["chorus/stories/unfollow", storiesUnfollow],
  ["chorus/stories/sync", storiesSync],
]);

const API_PREFIX = "/api/v0/";

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Maps a failure to Kubo's error answer. */
function toRpcError(err: unknown, call: RpcCall, shutdown: AbortSignal): RpcError {
  if (err instanceof RpcError) return err;
  if (call.signal.aborted) {
    if (shutdown.aborted) return new RpcError("the node is shutting down");
    const reason: unknown = call.signal.reason;
    if (reason instanceof Error && reason.name === "TimeoutError") return new RpcError("context deadline exceeded");
    return new RpcError("context canceled");
  }
  if (err instanceof InvalidPathError) return new RpcError(err.message);
  if (isOfflineMissError(err)) return new RpcError(`block was not found locally (offline): ${describe(err)}`);
  return new RpcError(describe(err));
}

export function createRpcHandler(deps: RpcDeps): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    // Kubo's default API.HTTPHeaders allow no browser origin at all
    if (req.headers.origin !== undefined || req.headers.referer !== undefined) {
      sendText(res, 403, "403 - Forbidden\n");
      return;
    }
    if (req.method !== "POST") {
      sendText(res, 405, "405 - Method Not Allowed\n", { Allow: "POST" });
      return;
    }
    const name = url.pathname.startsWith(API_PREFIX)
      ? url.pathname.slice(API_PREFIX.length).replace(/\/+$/, "")
      : undefined;
    const command = name === undefined ? undefined : COMMANDS.get(name);
    if (command === undefined) {
      sendText(res, 404, "404 page not found\n");
      return;
    }

    let call: RpcCall | undefined;
    try {
      const timeout = url.searchParams.get("timeout");
      const timeoutMs = timeout === null || timeout === "" ? undefined : parseDuration(timeout);
      call = {
        req,
        res,
        query: url.searchParams,
        signal: requestSignal(res, deps.shutdown, timeoutMs === 0 ? undefined : timeoutMs),
        offline: boolParam(url.searchParams, "offline", false),
      };
      await command(deps, call);
    } catch (err) {
      const rpcErr =
        call === undefined
          ? err instanceof RpcError
            ? err
            : new RpcError(describe(err))
          : toRpcError(err, call, deps.shutdown);
      if (rpcErr.status >= 500) deps.log(`rpc ${name ?? "?"} failed: ${describe(err)}`);
      if (!res.headersSent) {
        sendJson(res, { Message: rpcErr.message, Code: rpcErr.code, Type: "error" }, rpcErr.status);
      } else if (!res.writableEnded) {
        // Kubo reports late failures in an X-Stream-Error trailer, which fetch()
        // clients never see; cutting the connection makes the client fail loudly.
        res.destroy();
      }
    } finally {
      // do not leave the rest of a request body unread on a kept-alive connection
      if (!req.complete) {
        req.unpipe();
        req.resume();
      }
    }
  };
}
