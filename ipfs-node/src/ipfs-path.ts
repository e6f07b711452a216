/**
 * Parsing of CIDs and content paths (`/ipfs/<cid>/a/b`, `<cid>/a/b`, `<cid>`),
 * shared by the RPC API and the gateway.
 */
import { bases } from "multiformats/basics";
import { CID } from "multiformats/cid";

/** Decoders for every multibase multiformats knows (base32, base36, base58btc, base64url, ...), by prefix. */
const DECODERS = new Map<string, { decode: (text: string) => Uint8Array }>(
  Object.values(bases).map((b) => [b.prefix, b.decoder]),
);

/** Decodes any multibase-prefixed string (as Kubo's RPC API does for pubsub topics). */
export function multibaseDecode(value: string): Uint8Array {
  const decoder = DECODERS.get(value.charAt(0));
  if (decoder === undefined)
    throw new Error(value === "" ? "empty multibase string" : `unknown multibase prefix "${value.charAt(0)}"`);
  return decoder.decode(value);
}

export class InvalidPathError extends Error {
  override name = "InvalidPathError";
}

/** Parses a CID string in any multibase; throws with the reason when it is not a CID. */
export function parseCid(value: string): CID {
  if (value === "") throw new Error("empty CID");
  // CIDv0 (Qm...) is bare base58btc; everything else carries a multibase prefix.
  return value.startsWith("Q") ? CID.parse(value) : CID.decode(multibaseDecode(value));
}

export interface IpfsPath {
  /** the root CID */
  cid: CID;
  /** path segments inside the root, already unescaped; empty for the root itself */
  segments: string[];
  /** the segments joined with '/', '' for the root */
  path: string;
}

/**
 * Parses `/ipfs/<cid>[/path]`, `ipfs/<cid>[/path]` or `<cid>[/path]`.
 * Error messages follow Kubo's: `invalid path "<input>": <reason>`.
 */
export function parseIpfsPath(input: string): IpfsPath {
  const trimmed = input.trim();
  let rest: string;
  if (trimmed.startsWith("/ipfs/")) rest = trimmed.slice("/ipfs/".length);
  else if (trimmed.startsWith("ipfs/")) rest = trimmed.slice("ipfs/".length);
  else if (trimmed.startsWith("/ipns/") || trimmed.startsWith("ipns/")) {
    throw new InvalidPathError(`invalid path "${input}": IPNS names are not supported by this node`);
  } else if (trimmed.startsWith("/")) {
    throw new InvalidPathError(`invalid path "${input}": unknown namespace, expected /ipfs/<cid>`);
  } else rest = trimmed;
  const parts = rest.split("/").filter((s) => s !== "");
  const first = parts.shift();
  if (first === undefined) throw new InvalidPathError(`invalid path "${input}": path does not have enough components`);
  let cid: CID;
  try {
    cid = parseCid(first);
  } catch (err) {
    throw new InvalidPathError(`invalid path "${input}": invalid cid "${first}": ${errorMessage(err)}`);
  }
  for (const s of parts) {
    if (s === "." || s === "..")
      throw new InvalidPathError(`invalid path "${input}": "${s}" is not allowed in a content path`);
  }
  return { cid, segments: parts, path: parts.join("/") };
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
