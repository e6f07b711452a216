/** The Kubo-compatible RPC API, driven by the real kubo-rpc-client. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { CID } from "multiformats/cid";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { all, concat, pseudoRandomBytes, startTestNode, text, waitFor } from "./support/util.ts";
import { multiaddr, type HTTPRPCOptions, type KuboRPCClient } from "kubo-rpc-client";

const SEGMENT = pseudoRandomBytes(600_000, 42); // three 256 KiB chunks
/** Kubo's global `offline` option (kubo-rpc-client passes unknown options through) */
const OFFLINE = { offline: true } as unknown as HTTPRPCOptions;

/** Adds a small HLS-like tree with wrapping; returns the root CID and all entries. */
async function addSite(
  kubo: KuboRPCClient,
): Promise<{ root: CID; entries: Array<{ path: string; cid: CID; size: number }> }> {
  const entries = await all(
    kubo.addAll(
      [
        { path: "site/master.m3u8", content: text("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n") },
        { path: "site/720p/index.m3u8", content: text("#EXTM3U\n#EXTINF:2,\nseg0.ts\n") },
        { path: "site/720p/seg0.ts", content: SEGMENT },
        { path: "site/meta/info.json", content: text('{"title":"hello"}') },
        { path: "notes.txt", content: text("top level\n") },
      ],
      { ...KUBO_ADD_OPTIONS, wrapWithDirectory: true },
    ),
  );
  const root = entries.at(-1);
  assert.ok(root);
  return { root: root.cid, entries };
}

test("version and id", async (t) => {
  const { node, kubo } = await startTestNode(t);
  const v = await kubo.version();
  assert.equal(typeof v.version, "string");
  assert.ok(v.version.length > 0);
  const id = await kubo.id();
  assert.equal(id.id.toString(), node.peerId);
  assert.deepEqual(id.addresses?.map(String), node.multiaddrs);
  assert.ok(node.multiaddrs.every((a) => a.startsWith("/ip4/127.0.0.1/tcp/") && a.endsWith(`/p2p/${node.peerId}`)));
  assert.match(String(id.agentVersion), /chorus/);
  assert.ok(Array.isArray(id.protocols) && id.protocols.length > 0);
  // PublicKey: base64 protobuf key, which is what an Ed25519 peer ID inlines
  assert.equal(
    Buffer.from(String(id.publicKey), "base64").toString("hex"),
    Buffer.from(id.id.toMultihash().digest).toString("hex"),
  );
});

test("addAll of a nested directory with wrapping", async (t) => {
  const { kubo } = await startTestNode(t);
  const { root, entries } = await addSite(kubo);
  assert.deepEqual(entries.map((e) => e.path).sort(), [
    "",
    "notes.txt",
    "site",
    "site/720p",
    "site/720p/index.m3u8",
    "site/720p/seg0.ts",
    "site/master.m3u8",
    "site/meta",
    "site/meta/info.json",
  ]);
  assert.equal(entries.at(-1)?.path, "", "the wrapping directory comes last");
  const seg = entries.find((e) => e.path === "site/720p/seg0.ts");
  assert.ok(seg !== undefined && seg.size > SEGMENT.length, "Size is the cumulative DAG size");
  assert.ok(root.toString().startsWith("bafy"));
  // the added content is pinned recursively, like Kubo
  const pins = await all(kubo.pin.ls({ type: "recursive" }));
  assert.deepEqual(
    pins.map((p) => p.cid.toString()),
    [root.toString()],
  );
});

test("add of a single unnamed file, progress, only-hash and pin=false", async (t) => {
  const { kubo } = await startTestNode(t);
  const bytes = pseudoRandomBytes(700_000, 3);
  const progress: number[] = [];
  const added = await kubo.add(bytes, {
    ...KUBO_ADD_OPTIONS,
    progress: (n) => {
      progress.push(n);
    },
  });
  assert.equal(added.path, added.cid.toString(), "an unnamed file is named by its CID, as in Kubo");
  assert.ok(progress.length > 0 && progress.at(-1) === bytes.length, `progress ${progress.join(",")}`);
  assert.deepEqual(await concat(kubo.cat(added.cid)), Buffer.from(bytes));

  const other = pseudoRandomBytes(1000, 4);
  const hashed = await kubo.add(other, { ...KUBO_ADD_OPTIONS, onlyHash: true });
  await assert.rejects(kubo.block.stat(hashed.cid, OFFLINE), /offline|not found/i, "only-hash stores nothing");
  const unpinned = await kubo.add(other, { ...KUBO_ADD_OPTIONS, pin: false });
  assert.equal(unpinned.cid.toString(), hashed.cid.toString());
  const pinned = (await all(kubo.pin.ls())).map((p) => p.cid.toString());
  assert.ok(pinned.includes(added.cid.toString()));
  assert.ok(!pinned.includes(unpinned.cid.toString()));
});

test("cat: whole, offset/length, by path", async (t) => {
  const { kubo } = await startTestNode(t);
  const { root } = await addSite(kubo);
  assert.equal((await concat(kubo.cat(`${root}/site/meta/info.json`))).toString(), '{"title":"hello"}');
  assert.equal((await concat(kubo.cat(`/ipfs/${root}/site/meta/info.json`))).toString(), '{"title":"hello"}');
  assert.equal((await concat(kubo.cat(`/ipfs/${root}/notes.txt`))).toString(), "top level\n");
  assert.deepEqual(await concat(kubo.cat(`${root}/site/720p/seg0.ts`)), Buffer.from(SEGMENT));
  // across the 256 KiB chunk boundary
  assert.deepEqual(
    await concat(kubo.cat(`${root}/site/720p/seg0.ts`, { offset: 262_000, length: 1000 })),
    Buffer.from(SEGMENT.subarray(262_000, 263_000)),
  );
  assert.deepEqual(
    await concat(kubo.cat(`${root}/site/720p/seg0.ts`, { offset: 599_990 })),
    Buffer.from(SEGMENT.subarray(599_990)),
  );
  assert.deepEqual(
    await concat(kubo.cat(`${root}/site/720p/seg0.ts`, { length: 5 })),
    Buffer.from(SEGMENT.subarray(0, 5)),
  );
  assert.equal((await concat(kubo.cat(`${root}/site/720p/seg0.ts`, { offset: 600_000 }))).length, 0);
  // by CID of the file itself
  const seg = (await all(kubo.ls(`${root}/site/720p`))).find((e) => e.name === "seg0.ts");
  assert.ok(seg);
  assert.deepEqual(await concat(kubo.cat(seg.cid, { offset: 10, length: 10 })), Buffer.from(SEGMENT.subarray(10, 20)));

  await assert.rejects(all(kubo.cat(root)), /this dag node is a directory/);
  await assert.rejects(all(kubo.cat(`${root}/nope.txt`)), /nope\.txt/);
  await assert.rejects(all(kubo.cat(`${root}/notes.txt`, { offset: 1000 })), /offset was past the end of file/);
});

test("ls of a directory, a sub-path and a file", async (t) => {
  const { kubo } = await startTestNode(t);
  const { root, entries } = await addSite(kubo);
  const cidOf = (path: string): string => entries.find((e) => e.path === path)?.cid.toString() ?? "";
  const top = await all(kubo.ls(root));
  assert.deepEqual(
    top.map((e) => [e.name, e.type, e.cid.toString()]),
    [
      ["notes.txt", "file", cidOf("notes.txt")],
      ["site", "dir", cidOf("site")],
    ],
  );
  assert.equal(top[0]?.size, "top level\n".length);
  assert.equal(top[0]?.path, `${root}/notes.txt`);
  const site = await all(kubo.ls(`/ipfs/${root}/site`));
  assert.deepEqual(
    site.map((e) => `${e.name}:${e.type}`),
    ["720p:dir", "master.m3u8:file", "meta:dir"],
  );
  const seg = await all(kubo.ls(`${root}/site/720p`));
  assert.deepEqual(
    seg.map((e) => [e.name, e.size]),
    [
      ["index.m3u8", 27],
      ["seg0.ts", SEGMENT.length],
    ],
  );
  // a file: one entry, named by its path
  const file = await all(kubo.ls(`/ipfs/${root}/notes.txt`));
  assert.equal(file.length, 1);
  assert.equal(file[0]?.cid.toString(), cidOf("notes.txt"));
});

test("pin add (idempotent), ls, rm", async (t) => {
  const { kubo } = await startTestNode(t);
  const entries = await all(
    kubo.addAll(
      [
        { path: "d/a.txt", content: text("a") },
        { path: "d/b/c.txt", content: text("c") },
      ],
      { ...KUBO_ADD_OPTIONS, pin: false },
    ),
  );
  const root = entries.at(-1)?.cid as CID;
  assert.equal(entries.at(-1)?.path, "d");
  assert.deepEqual(await all(kubo.pin.ls()), []);

  assert.equal((await kubo.pin.add(root)).toString(), root.toString());
  assert.equal((await kubo.pin.add(root)).toString(), root.toString(), "pinning twice is fine, as in Kubo");
  let pins = await all(kubo.pin.ls({ type: "recursive" }));
  assert.deepEqual(
    pins.map((p) => [p.cid.toString(), p.type]),
    [[root.toString(), "recursive"]],
  );
  // everything under it is pinned indirectly
  const indirect = await all(kubo.pin.ls({ type: "indirect" }));
  assert.deepEqual(
    indirect.map((p) => p.cid.toString()).sort(),
    entries
      .filter((e) => e.path !== "d")
      .map((e) => e.cid.toString())
      .sort(),
  );
  assert.ok(indirect.every((p) => p.type === "indirect"));
  const byPath = await all(kubo.pin.ls({ paths: [`${root}/b/c.txt`] }));
  assert.equal(byPath.length, 1);
  assert.equal(byPath[0]?.type, `indirect through ${root.toString()}`);
  const own = await all(kubo.pin.ls({ paths: [root] }));
  assert.deepEqual(
    own.map((p) => [p.cid.toString(), p.type]),
    [[root.toString(), "recursive"]],
  );

  // pin by path pins the resolved CID
  const sub = await kubo.pin.add(`/ipfs/${root}/b`, { recursive: false });
  const subCid = (await all(kubo.ls(root))).find((e) => e.name === "b")?.cid;
  assert.equal(sub.toString(), subCid?.toString());
  pins = await all(kubo.pin.ls({ type: "direct" }));
  assert.deepEqual(
    pins.map((p) => p.cid.toString()),
    [sub.toString()],
  );
  // direct -> recursive upgrade
  await kubo.pin.add(sub);
  assert.deepEqual(
    (await all(kubo.pin.ls({ paths: [sub] }))).map((p) => p.type),
    ["recursive"],
  );
  await assert.rejects(kubo.pin.add(sub, { recursive: false }), /already pinned recursively/);

  // names
  await kubo.pin.add(root, { name: "my-video" });
  const named = await all(kubo.pin.ls({ name: "video" }));
  assert.deepEqual(
    named.map((p) => [p.cid.toString(), p.name]),
    [[root.toString(), "my-video"]],
  );

  // rm
  const removed = await all(kubo.pin.rmAll([{ cid: root }, { cid: sub }]));
  assert.deepEqual(removed.map(String), [root.toString(), sub.toString()]);
  assert.deepEqual(await all(kubo.pin.ls()), []);
  await assert.rejects(kubo.pin.rm(root), /not pinned/);
  await assert.rejects(all(kubo.pin.ls({ paths: [root] })), /is not pinned/);
  // a CIDv0 pin is listed as CIDv0
  const v0 = await kubo.add(text("v0 content"), { pin: false });
  assert.ok(v0.cid.toString().startsWith("Qm"));
  await kubo.pin.add(v0.cid);
  assert.deepEqual(
    (await all(kubo.pin.ls())).map((p) => p.cid.toString()),
    [v0.cid.toString()],
  );
});

test("block/stat, block/get, block/put", async (t) => {
  const { kubo } = await startTestNode(t);
  const small = await kubo.add(text("hello world\n"), KUBO_ADD_OPTIONS);
  assert.deepEqual(await kubo.block.stat(small.cid), { cid: small.cid, size: 12 });
  const big = await kubo.add(SEGMENT, KUBO_ADD_OPTIONS);
  const stat = await kubo.block.stat(big.cid);
  assert.equal(stat.cid.toString(), big.cid.toString());
  const block = await kubo.block.get(big.cid);
  assert.equal(block.length, stat.size);
  assert.equal(createHash("sha256").update(block).digest("hex"), Buffer.from(big.cid.multihash.digest).toString("hex"));

  const put = await kubo.block.put(text("a raw block"));
  assert.equal(put.code, 0x55);
  assert.equal(Buffer.from(await kubo.block.get(put)).toString(), "a raw block");
  assert.equal((await kubo.block.stat(put)).size, 11);
});

test("pubsub: two subscribers receive a published message", async (t) => {
  const { kubo, node } = await startTestNode(t);
  const topic = "chorus/live/stream-1 (ünïcode)";
  const got = (
    label: string,
  ): { promise: Promise<string>; handler: (m: { data: Uint8Array; from?: unknown; topic: string }) => void } => {
    let resolve!: (s: string) => void;
    const promise = new Promise<string>((r) => {
      resolve = r;
    });
    return {
      promise,
      handler: (m) => {
        assert.equal(m.topic, topic);
        assert.equal(String(m.from), node.peerId);
        resolve(`${label}:${new TextDecoder().decode(m.data)}`);
      },
    };
  };
  const a = got("a");
  const b = got("b");
  await kubo.pubsub.subscribe(topic, a.handler);
  await kubo.pubsub.subscribe(topic, b.handler);
  assert.deepEqual(await kubo.pubsub.ls(), [topic]);
  await kubo.pubsub.publish(topic, text("segment 42 ready"));
  assert.deepEqual(await Promise.all([a.promise, b.promise]), ["a:segment 42 ready", "b:segment 42 ready"]);

  await kubo.pubsub.unsubscribe(topic);
  await waitFor(async () => (await kubo.pubsub.ls()).length === 0, "the node to leave the topic");
});

test("pubsub and block exchange between two nodes", async (t) => {
  const { kubo: kuboA, node: nodeA } = await startTestNode(t);
  const { kubo: kuboB, node: nodeB } = await startTestNode(t);
  const [addrA] = nodeA.multiaddrs;
  assert.ok(addrA);
  const connected: unknown = await kuboB.swarm.connect(multiaddr(addrA));
  assert.deepEqual(connected, [`connect ${nodeA.peerId} success`]);
  assert.deepEqual(
    (await kuboB.swarm.peers()).map((p) => p.peer.toString()),
    [nodeA.peerId],
  );

  const topic = "chorus/segments";
  let resolve!: (m: { data: string; from: string }) => void;
  const received = new Promise<{ data: string; from: string }>((r) => {
    resolve = r;
  });
  await kuboB.pubsub.subscribe(topic, (m) => {
    resolve({ data: new TextDecoder().decode(m.data), from: m.type === "signed" ? m.from.toString() : "" });
  });
  await kuboA.pubsub.subscribe(topic, () => {});
  // gossipsub needs to learn that B listens before A's message can reach it
  await waitFor(
    async () => (await kuboA.pubsub.peers(topic)).map(String).includes(nodeB.peerId),
    "B to appear as a subscriber on A",
  );
  await kuboA.pubsub.publish(topic, text("from A"));
  assert.deepEqual(await received, { data: "from A", from: nodeA.peerId });

  // B fetches content only A has (bitswap)
  const added = await kuboA.add(SEGMENT, KUBO_ADD_OPTIONS);
  assert.deepEqual(await concat(kuboB.cat(added.cid, { timeout: 10_000 })), Buffer.from(SEGMENT));
  await kuboB.pin.add(added.cid);
});

test("errors: malformed CID, missing content with timeout, unsupported options", async (t) => {
  const { kubo } = await startTestNode(t);
  await assert.rejects(all(kubo.cat("notacid")), (err: Error) => {
    assert.match(err.message, /invalid path "notacid": invalid cid/);
    return true;
  });
  await assert.rejects(kubo.block.stat("bafyinvalid" as never), /invalid cid/);
  await assert.rejects(kubo.pin.add("Qm123"), /invalid cid/);
  await assert.rejects(all(kubo.ls("/ipfs/xyz")), /invalid cid/);
  await assert.rejects(all(kubo.cat("/ipns/example.com")), /IPNS/);
  // content nobody has: Kubo semantics (wait) bounded by the client's timeout
  const missing = CID.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
  const started = Date.now();
  await assert.rejects(
    all(kubo.cat(missing, { timeout: 300 })),
    (err: Error) => err.name === "TimeoutError" || /deadline/.test(err.message),
  );
  assert.ok(Date.now() - started < 5000);
  await assert.rejects(kubo.block.stat(missing, OFFLINE), /offline|not found/i);
  await assert.rejects(kubo.add(text("x"), { hashAlg: "blake2b-256" }), /not supported/);
  await assert.rejects(kubo.add(text("x"), { trickle: true }), /trickle/);
  await assert.rejects(kubo.add(text("x"), { chunker: "rabin-1000-2000-3000" }), /chunker/);
});

test("raw HTTP: POST only, no browser origins, Kubo error format", async (t) => {
  const { node } = await startTestNode(t);
  const get = await fetch(`${node.rpcUrl}/api/v0/version`);
  assert.equal(get.status, 405);
  await get.body?.cancel();
  const withOrigin = await fetch(`${node.rpcUrl}/api/v0/version`, {
    method: "POST",
    headers: { Origin: "http://localhost:3000" },
  });
  assert.equal(withOrigin.status, 403);
  await withOrigin.body?.cancel();
  const withReferer = await fetch(`${node.rpcUrl}/api/v0/version`, {
    method: "POST",
    headers: { Referer: "http://evil.example/" },
  });
  assert.equal(withReferer.status, 403);
  await withReferer.body?.cancel();
  const unknown = await fetch(`${node.rpcUrl}/api/v0/no/such/command`, { method: "POST" });
  assert.equal(unknown.status, 404);
  await unknown.body?.cancel();
  const ok = await fetch(`${node.rpcUrl}/api/v0/version`, { method: "POST" });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get("content-type") ?? "", /application\/json/);
  assert.equal(typeof ((await ok.json()) as { Version: unknown }).Version, "string");

  const bad = await fetch(`${node.rpcUrl}/api/v0/cat?arg=notacid`, { method: "POST" });
  assert.equal(bad.status, 500);
  const body = (await bad.json()) as { Message: string; Code: number; Type: string };
  assert.equal(body.Type, "error");
  assert.equal(body.Code, 0);
  assert.match(body.Message, /invalid cid/);
  const missingArg = await fetch(`${node.rpcUrl}/api/v0/cat`, { method: "POST" });
  assert.equal(missingArg.status, 400);
  assert.deepEqual(await missingArg.json(), { Message: 'argument "ipfs-path" is required', Code: 1, Type: "error" });
  // the API only listens on loopback
  assert.match(node.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(node.gatewayUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test("an upload aborted halfway leaves the node working", async (t) => {
  const { kubo } = await startTestNode(t);
  const controller = new AbortController();
  async function* slowSource(): AsyncGenerator<Uint8Array> {
    yield pseudoRandomBytes(300_000, 1);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 100));
    yield pseudoRandomBytes(300_000, 2);
  }
  await assert.rejects(
    kubo.add({ path: "big.bin", content: slowSource() }, { ...KUBO_ADD_OPTIONS, signal: controller.signal }),
  );
  const ok = await kubo.add(text("still fine"), KUBO_ADD_OPTIONS);
  assert.equal((await concat(kubo.cat(ok.cid))).toString(), "still fine");
  assert.deepEqual(
    (await all(kubo.pin.ls())).map((p) => p.cid.toString()),
    [ok.cid.toString()],
  );
});
