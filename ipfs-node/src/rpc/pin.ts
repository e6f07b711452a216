/**
 * `pin/add`, `pin/rm`, `pin/ls` with Kubo's semantics and output; `pin/add`
 * is refused when the pins would exceed the storage quota (repo.ts).
 */
import { parseIpfsPath } from "../ipfs-path.ts";
import { PinError, type PinInfo } from "../pins.ts";
import { resolvePath } from "../resolve.ts";
import { NdjsonStream, sendJson, type Command, type RpcCall, type RpcDeps } from "./context.ts";
import { args, BadRequestError, boolParam, RpcError, stringParam } from "./params.ts";
import type { CID } from "multiformats/cid";

async function pinTarget(deps: RpcDeps, call: RpcCall, arg: string): Promise<CID> {
  const path = parseIpfsPath(arg);
  if (path.segments.length === 0) return path.cid;
  const opts = call.offline ? { signal: call.signal, offline: true } : { signal: call.signal };
  return (await resolvePath(deps.fs, path, opts)).stat.cid;
}

function asRpcError(err: unknown): unknown {
  return err instanceof PinError ? new RpcError(err.message) : err;
}

export const pinAdd: Command = async (deps, call) => {
  const targets = args(call.query, "ipfs-path");
  const recursive = boolParam(call.query, "recursive", true);
  const name = stringParam(call.query, "name");
  const pinned: string[] = [];
  for (const arg of targets) {
    const cid = await pinTarget(deps, call, arg);
    try {
      await deps.repo.pin(cid, {
        recursive,
        signal: call.signal,
        offline: call.offline,
        ...(name === undefined ? {} : { name }),
      });
    } catch (err) {
      throw asRpcError(err);
    }
    pinned.push(cid.toString());
  }
  sendJson(call.res, { Pins: pinned });
};

export const pinRm: Command = async (deps, call) => {
  const targets = args(call.query, "ipfs-path");
  const recursive = boolParam(call.query, "recursive", true);
  const removed: string[] = [];
  for (const arg of targets) {
    const cid = await pinTarget(deps, call, arg);
    try {
      await deps.repo.unpin(cid, { recursive });
    } catch (err) {
      throw asRpcError(err);
    }
    removed.push(cid.toString());
  }
  sendJson(call.res, { Pins: removed });
};

type PinType = "all" | "recursive" | "direct" | "indirect";

interface PinLine {
  Cid: string;
  Type: string;
  Name?: string;
}

export const pinLs: Command = async (deps, call) => {
  const q = call.query;
  const type = (stringParam(q, "type") ?? "all") as PinType;
  if (!["all", "recursive", "direct", "indirect"].includes(type)) {
    throw new BadRequestError(`invalid type '${type}', must be one of {direct, indirect, recursive, all}`);
  }
  const stream = boolParam(q, "stream", false);
  const nameFilter = stringParam(q, "name");
  // Kubo: a name filter implies names=true
  const names = boolParam(q, "names", nameFilter !== undefined);
  const lines: PinLine[] = [];
  const line = (cid: string, t: string, pin?: PinInfo): PinLine => {
    const l: PinLine = { Cid: cid, Type: t };
    if (names) l.Name = pin?.name ?? "";
    return l;
  };
  const wants = (t: "recursive" | "direct" | "indirect"): boolean => type === "all" || type === t;
  const signalOpt = { signal: call.signal };

  const targets = args(q, "ipfs-path", false);
  if (targets.length > 0) {
    for (const arg of targets) {
      const cid = await pinTarget(deps, call, arg);
      const status = await deps.pins.status(cid, { ...signalOpt, indirect: wants("indirect") });
      if (status === undefined || !wants(status.type)) {
        throw new RpcError(`path '${arg}' is not pinned`);
      }
      if (status.type === "indirect")
        lines.push(line(cid.toString(), `indirect through ${status.through?.label ?? "a recursive pin"}`));
      else lines.push(line(status.pin?.label ?? cid.toString(), status.type, status.pin));
    }
  } else {
    for await (const pin of deps.pins.ls(signalOpt)) {
      if (!wants(pin.type)) continue;
      if (nameFilter !== undefined && !(pin.name ?? "").includes(nameFilter)) continue;
      lines.push(line(pin.label, pin.type, pin));
    }
    if (wants("indirect") && nameFilter === undefined) {
      for (const { cid } of await deps.pins.indirect(signalOpt)) lines.push(line(cid.toString(), "indirect"));
    }
  }

  if (stream) {
    const out = new NdjsonStream(call.res, call.signal);
    for (const l of lines) await out.write(l);
    out.end();
    return;
  }
  const keys: Record<string, { Type: string; Name?: string }> = {};
  for (const l of lines) keys[l.Cid] = l.Name === undefined ? { Type: l.Type } : { Type: l.Type, Name: l.Name };
  sendJson(call.res, { Keys: keys });
};
