// Shared by the Merkle tests and the keeper's: temp dirs, embedded IPFS nodes, directories of files, repeatable bytes.
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startIpfsNode, type IpfsNode } from "@chorus/ipfs-node";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create, type KuboRPCClient } from "kubo-rpc-client";

/** A fresh directory under the OS temp dir, removed when the test process exits (after every node stopped). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `chorus-${prefix}-`));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestNode {
  node: IpfsNode;
  ipfs: KuboRPCClient;
  dataDir: string;
}

export async function startTestNode(name: string, dataDir?: string): Promise<TestNode> {
  const dir = dataDir ?? (await tempDir(`ipfs-${name}`));
  const node = await startIpfsNode({
    dataDir: dir,
    rpcPort: 0,
    gatewayPort: 0,
    swarmPort: 0,
    gatewayTimeoutMs: 10_000,
  });
  return { node, ipfs: create({ url: node.rpcUrl }), dataDir: dir };
}

/** Adds `files` (path → bytes) as one directory; returns its CID. */
export async function addDirectory(ipfs: KuboRPCClient, files: Record<string, Uint8Array>): Promise<string> {
  let root: string | undefined;
  const entries = Object.entries(files).map(([p, content]) => ({ path: p, content }));
  for await (const result of ipfs.addAll(entries, { ...KUBO_ADD_OPTIONS, wrapWithDirectory: true, pin: true })) {
    if (result.path === "") root = result.cid.toString();
  }
  if (!root) throw new Error("add returned no directory");
  return root;
}

/** Deterministic pseudo-random bytes (xorshift32): the same content, hence the same CIDs and roots, every run. */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
