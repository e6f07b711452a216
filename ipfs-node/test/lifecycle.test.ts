/** Starting, stopping, restarting, and the process entry point. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { create, type HTTPRPCOptions } from "kubo-rpc-client";
import { base64url } from "multiformats/bases/base64";
import { parseLogLine } from "@chorus/protocol/log";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { startIpfsNode } from "../src/index.ts";
import { all, concat, pseudoRandomBytes, tempDir, text } from "./support/util.ts";

const WORKSPACE = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The msg of every ipfs-node log record in `stderr` (the services' one JSON-lines format), one a line. */
function messages(stderr: string): string {
  return stderr
    .split("\n")
    .flatMap((line) => {
      const record = parseLogLine(line);
      return record?.service === "ipfs-node" ? [record.msg] : [];
    })
    .join("\n");
}

test("blocks, pins and the peer identity survive a restart", async (t) => {
  const dataDir = await tempDir(t);
  const bytes = pseudoRandomBytes(400_000, 21);
  const first = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0 });
  let cid: string;
  let peerId: string;
  try {
    const kubo = create({ url: first.rpcUrl });
    const entries = await all(
      kubo.addAll(
        [
          { path: "v/seg.ts", content: bytes },
          { path: "v/a.m3u8", content: text("#EXTM3U\n") },
        ],
        KUBO_ADD_OPTIONS,
      ),
    );
    cid = entries.at(-1)?.cid.toString() ?? "";
    peerId = first.peerId;
  } finally {
    await first.stop();
  }
  await first.stop(); // idempotent

  const second = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0 });
  t.after(async () => {
    await second.stop();
  });
  assert.equal(second.peerId, peerId);
  const kubo = create({ url: second.rpcUrl });
  assert.deepEqual(
    await concat(kubo.cat(`${cid}/seg.ts`, { offline: true } as unknown as HTTPRPCOptions)),
    Buffer.from(bytes),
  );
  assert.deepEqual(
    (await all(kubo.pin.ls({ type: "recursive" }))).map((p) => p.cid.toString()),
    [cid],
  );
  const res = await fetch(`${second.gatewayUrl}/ipfs/${cid}/a.m3u8`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "#EXTM3U\n");
});

test("a data directory can only be used by one node at a time", async (t) => {
  const dataDir = await tempDir(t);
  const node = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0 });
  t.after(async () => {
    await node.stop();
  });
  await assert.rejects(startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0 }), /another ipfs-node/);
});

test("a port already in use is reported, and nothing is left running", async (t) => {
  const a = await startIpfsNode({ dataDir: await tempDir(t), rpcPort: 0, gatewayPort: 0 });
  t.after(async () => {
    await a.stop();
  });
  const taken = Number(new URL(a.rpcUrl).port);
  const dataDir = await tempDir(t);
  await assert.rejects(startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: taken }), /already in use/);
  // the failed node released its data directory
  const b = await startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0 });
  await b.stop();
  await assert.rejects(
    startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0, host: "0.0.0.0" as "127.0.0.1" }),
    /127\.0\.0\.1/,
  );
});

test("stop() ends open pubsub subscriptions and in-flight requests", async (t) => {
  const node = await startIpfsNode({ dataDir: await tempDir(t), rpcPort: 0, gatewayPort: 0, gatewayTimeoutMs: 60_000 });
  // a subscription stream (as kubo-rpc-client opens it) ...
  const sub = await fetch(`${node.rpcUrl}/api/v0/pubsub/sub?arg=${base64url.encode(text("topic"))}`, {
    method: "POST",
  });
  assert.equal(sub.status, 200);
  const reader = sub.body?.getReader();
  assert.ok(reader);
  const subEnded = reader.read().then(
    (r) => (r.done ? "ended" : "data"),
    () => "closed",
  );
  // ... and a gateway request that would wait 60 s for content nobody has
  const pending = fetch(`${node.gatewayUrl}/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy`).then(
    (r) => `status ${r.status}`,
    () => "closed",
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await node.stop();
  const settled = await Promise.race([
    Promise.all([subEnded, pending]),
    new Promise((resolve) =>
      setTimeout(() => {
        resolve("still open");
      }, 3000),
    ),
  ]);
  assert.ok(Array.isArray(settled), `requests still open after stop: ${String(settled)}`);
  assert.ok(Date.now() - started < 3000, `stop took ${Date.now() - started} ms`);
});

test("main.ts: prints one ready line, serves, and exits 0 on SIGTERM", async (t) => {
  const dataDir = await tempDir(t);
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: WORKSPACE,
    env: {
      ...process.env,
      IPFS_DATA_DIR: dataDir,
      IPFS_RPC_PORT: "0",
      IPFS_GATEWAY_PORT: "0",
      IPFS_SWARM_PORT: "0",
      IPFS_GATEWAY_TIMEOUT_MS: "1000",
      IPFS_CACHE_QUOTA_BYTES: "1.5GiB",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0] ?? "");
    });
    child.once("exit", (code) => {
      reject(new Error(`exited with ${String(code)} before ready: ${stderr}`));
    });
  });
  const m = /^ipfs-node ready rpc=(http:\/\/127\.0\.0\.1:\d+) gateway=(http:\/\/127\.0\.0\.1:\d+)$/.exec(ready);
  assert.ok(m, `ready line: ${ready}`);
  const kubo = create({ url: m[1] ?? "" });
  const { cid } = await kubo.add(text("hello from main\n"), KUBO_ADD_OPTIONS);
  const res = await fetch(`${m[2] ?? ""}/ipfs/${cid.toString()}`);
  assert.equal(await res.text(), "hello from main\n");
  assert.equal((await kubo.repo.stat()).storageMax, 1_610_612_736n);

  child.kill("SIGTERM");
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 0, stderr);
  assert.equal(stdout, `${ready}\n`, "exactly one line on stdout");
  assert.match(messages(stderr), /^stopped$/m);
});

test("main.ts: bad configuration exits 1 with a message", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: WORKSPACE,
    env: { ...process.env, IPFS_RPC_PORT: "lots" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 1);
  assert.match(
    messages(stderr),
    /^ipfs-node is misconfigured \(see ipfs-node\/\.env\.example\):\n {2}- IPFS_RPC_PORT must be a whole number from 0 to 65535, got "lots"$/m,
  );
});

test("main.ts: a malformed IPFS_CACHE_QUOTA_BYTES exits 1 with a message", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: WORKSPACE,
    env: { ...process.env, IPFS_CACHE_QUOTA_BYTES: "10 gigs" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 1);
  assert.match(
    messages(stderr),
    /IPFS_CACHE_QUOTA_BYTES must be a size like 10GiB, 500MB or 1073741824, got "10 gigs"/,
  );
});

test("startIpfsNode: cacheQuotaBytes must be a non-negative integer", async (t) => {
  const dataDir = await tempDir(t);
  await assert.rejects(
    startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0, cacheQuotaBytes: -1 }),
    /cacheQuotaBytes must be a non-negative integer, got -1/,
  );
  await assert.rejects(startIpfsNode({ dataDir, rpcPort: 0, gatewayPort: 0, cacheQuotaBytes: 1.5 }), /cacheQuotaBytes/);
});
