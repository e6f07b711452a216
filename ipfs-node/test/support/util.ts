/** Test helpers: a real node on free ports in a temp dir, stopped and removed after the test. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, multiaddr, type KuboRPCClient } from "kubo-rpc-client";
import { startIpfsNode, type IpfsNode, type IpfsNodeOptions } from "../../src/index.ts";
import type { TestContext } from "node:test";

export interface TestNode {
  node: IpfsNode;
  kubo: KuboRPCClient;
  dataDir: string;
}

export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "chorus-ipfs-test-"));
  t.after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Starts a node (free ports, temp dataDir unless given) that the test stops when it ends. */
export async function startTestNode(t: TestContext, opts: Partial<IpfsNodeOptions> = {}): Promise<TestNode> {
  const dataDir = opts.dataDir ?? (await tempDir(t));
  const node = await startIpfsNode({ rpcPort: 0, gatewayPort: 0, swarmPort: 0, ...opts, dataDir });
  t.after(async () => {
    await node.stop();
  });
  return { node, kubo: create({ url: node.rpcUrl }), dataDir };
}

export async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

export async function concat(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of source) chunks.push(c);
  return Buffer.concat(chunks);
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Deterministic pseudo-random bytes (xorshift32), so fixtures can be reproduced with other tools. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, length);
}

/** Waits until `check` returns true (polling), failing after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Connects `from` to `to` (swarm connect to its first address). */
export async function connect(from: TestNode, to: TestNode): Promise<void> {
  const [addr] = to.node.multiaddrs;
  if (addr === undefined) throw new Error("the node has no address");
  await from.kubo.swarm.connect(multiaddr(addr));
}

/** Fetches `/ipfs/<path>` from a node's gateway as a browser would; fails on anything but 200. */
export async function watch(node: IpfsNode, path: string): Promise<Buffer> {
  const res = await fetch(`${node.gatewayUrl}/ipfs/${path}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET /ipfs/${path}: ${res.status} ${body.toString()}`);
  return body;
}

export interface CacheListing {
  QuotaBytes: number;
  PinnedBytes: number;
  CachedBytes: number;
  Roots: Array<{ Cid: string; Size: number; Blocks: number; LastAccess: string; Pinned: boolean }>;
}

/** `POST /api/v0/chorus/cache` (not a Kubo command: kubo-rpc-client has no method for it). */
export async function cacheListing(node: IpfsNode): Promise<CacheListing> {
  const res = await fetch(`${node.rpcUrl}/api/v0/chorus/cache`, { method: "POST" });
  if (res.status !== 200) throw new Error(`chorus/cache: ${res.status} ${await res.text()}`);
  return (await res.json()) as CacheListing;
}

/** The cached roots, most recently requested first. */
export async function cachedRoots(node: IpfsNode): Promise<string[]> {
  return (await cacheListing(node)).Roots.map((r) => r.Cid);
}
