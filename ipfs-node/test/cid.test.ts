/**
 * CIDs must equal Kubo's `ipfs add --cid-version=1` for the same bytes.
 *
 * Three independent sources of truth are used:
 * 1. well-known CIDs produced by Kubo (empty file, "hello world", empty directory);
 * 2. CIDv0 fixtures computed by Debian's `ipfs_cid` (package ipfs-cid, a Rust
 *    implementation of go-ipfs' default importer) for deterministic inputs;
 * 3. test/support/kubo-dag.ts, a hand-written re-implementation of boxo's
 *    balanced builder and dag-pb/UnixFS encoding (whose v0 output matches 2.).
 * The RPC server and ipfs-unixfs-importer with IMPORTER_OPTIONS must agree with all of them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { importer } from "ipfs-unixfs-importer";
import { IMPORTER_OPTIONS, KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { kuboDirectoryCid, kuboFileCid, type Tree } from "./support/kubo-dag.ts";
import { all, pseudoRandomBytes, startTestNode, text } from "./support/util.ts";
import type { CID } from "multiformats/cid";

const CHUNK = 262_144;

/** CID of `bytes` through ipfs-unixfs-importer with IMPORTER_OPTIONS, without storing anything. */
async function importerCid(bytes: Uint8Array, extra: Record<string, unknown> = {}): Promise<string> {
  const blockstore = { put: async (cid: CID) => cid };
  const [entry] = await all(importer([{ content: bytes }], blockstore, { ...IMPORTER_OPTIONS, ...extra }));
  assert.ok(entry);
  return entry.cid.toString();
}

const V1 = { cidVersion: 1, rawLeaves: true } as const;
const V0 = { cidVersion: 0, rawLeaves: false } as const;

// Deterministic inputs (pseudoRandomBytes(size, seed)) and their CIDs.
// v0: computed with `ipfs_cid` (Debian ipfs-cid 0.0~git20200813); v1: kubo-dag.ts.
const FIXTURES = [
  {
    name: "exactly one chunk (a single raw leaf)",
    size: CHUNK,
    seed: 1,
    v0: "QmRuyu3iZ8R3bbe3wRcR5AVJDCoXA5gQkRYAfueKcgFuJD",
    v1: "bafkreibpxkmjkyanft2hcu4h27xxvsemr5h5bflchaompfhfegle3y6vxe",
  },
  {
    name: "one chunk + 1 byte",
    size: CHUNK + 1,
    seed: 2,
    v0: "QmTAQVTp26gA9nhQQgkxXT4A2bPHBuTbY9aLofx3qXpPjY",
    v1: "bafybeia5xv747dvcvcblwfuiybyahbxbv77cux2sl7nrmp6dcawkzutdca",
  },
  {
    name: "1 MB (4 chunks)",
    size: 1_000_000,
    seed: 3,
    v0: "QmRv6wio1UqXz1A98uv5LxJBsM7iAh58qAHaj2x8adjpda",
    v1: "bafybeibddg7jo5fpdiq4yyysh5es6v2eo4wqfhznxwzzbleiegpe7a23mm",
  },
];
const FULL_LEVEL = {
  size: 174 * CHUNK,
  seed: 4,
  v0: "QmdGJGf9j4cP7U7i3ytTR5SP6JNuokX6h1YCBZz9mDXhnD",
  v1: "bafybeifqelqtsvoujud7ranspmkce2r3kpque3vvnfjctggznnkxrqshwa",
};
const DEEPER = {
  size: 174 * CHUNK + 1,
  seed: 5,
  v0: "QmWApRkdYa4EkWVaHvSLXsMnZSUYKncaw2sz3gYgqp2Foy",
  v1: "bafybeifdtpwpcdvsvffbp7azdlf2m3226ayz6tjk4tga2tpzbycit5tztq",
};

test("the exported options are the Kubo --cid-version=1 settings", () => {
  assert.deepEqual({ ...KUBO_ADD_OPTIONS }, { cidVersion: 1, rawLeaves: true, chunker: "size-262144" });
  assert.ok(Object.isFrozen(KUBO_ADD_OPTIONS));
  assert.equal(IMPORTER_OPTIONS.cidVersion, 1);
  assert.equal(IMPORTER_OPTIONS.rawLeaves, true);
  assert.equal(IMPORTER_OPTIONS.reduceSingleLeafToSelf, true);
  assert.equal(IMPORTER_OPTIONS.shardSplitThresholdBytes, 262144);
  assert.equal(typeof IMPORTER_OPTIONS.chunker, "function");
  assert.equal(typeof IMPORTER_OPTIONS.layout, "function");
  assert.ok(Object.isFrozen(IMPORTER_OPTIONS));
});

test("the independent DAG builder reproduces known Kubo CIDs", () => {
  assert.equal(
    kuboFileCid(new Uint8Array(0), V1).toString(),
    "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
  );
  assert.equal(kuboFileCid(new Uint8Array(0), V0).toString(), "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  assert.equal(kuboFileCid(text("hello world\n"), V0).toString(), "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
  assert.equal(kuboDirectoryCid({}, V1).toString(), "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
  assert.equal(kuboDirectoryCid({}, V0).toString(), "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  for (const f of [...FIXTURES, FULL_LEVEL, DEEPER]) {
    const bytes = pseudoRandomBytes(f.size, f.seed);
    assert.equal(kuboFileCid(bytes, V0).toString(), f.v0, `v0 of ${f.size} bytes`);
    assert.equal(kuboFileCid(bytes, V1).toString(), f.v1, `v1 of ${f.size} bytes`);
  }
});

test("small files through the RPC API get Kubo's CIDs", async (t) => {
  const { kubo } = await startTestNode(t);
  const cases = [
    // `ipfs add --cid-version=1` of an empty file
    {
      bytes: new Uint8Array(0),
      v1: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
      v0: "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH",
    },
    // "hello world" WITHOUT a newline
    {
      bytes: text("hello world"),
      v1: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
      v0: "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD",
    },
    // `echo "hello world" | ipfs add [--cid-version=1]`
    {
      bytes: text("hello world\n"),
      v1: "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
      v0: "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o",
    },
  ];
  for (const c of cases) {
    assert.equal((await kubo.add(c.bytes, KUBO_ADD_OPTIONS)).cid.toString(), c.v1);
    // Kubo: --cid-version=1 alone implies raw leaves and the default chunker
    assert.equal((await kubo.add(c.bytes, { cidVersion: 1 })).cid.toString(), c.v1);
    // Kubo's default is still CIDv0
    assert.equal((await kubo.add(c.bytes)).cid.toString(), c.v0);
    assert.equal(await importerCid(c.bytes), c.v1);
  }
});

test("multi-chunk files through the RPC API get Kubo's CIDs", async (t) => {
  const { kubo } = await startTestNode(t);
  for (const f of FIXTURES) {
    const bytes = pseudoRandomBytes(f.size, f.seed);
    const expected = kuboFileCid(bytes, V1).toString();
    assert.equal(expected, f.v1);
    assert.equal((await kubo.add(bytes, KUBO_ADD_OPTIONS)).cid.toString(), f.v1, f.name);
    assert.equal(await importerCid(bytes), f.v1, `importer: ${f.name}`);
    assert.equal((await kubo.add(bytes, { pin: false })).cid.toString(), f.v0, `v0: ${f.name}`);
  }
});

test("a file of more than 174 chunks (a deeper tree) gets Kubo's CID", async (t) => {
  const { kubo } = await startTestNode(t);
  // exactly 174 chunks: one full level
  assert.equal(await importerCid(pseudoRandomBytes(FULL_LEVEL.size, FULL_LEVEL.seed)), FULL_LEVEL.v1);
  // one more chunk: a second level, whose last child is a node with a single leaf
  const deeper = pseudoRandomBytes(DEEPER.size, DEEPER.seed);
  assert.equal(await importerCid(deeper), DEEPER.v1);
  assert.equal((await kubo.add(deeper, KUBO_ADD_OPTIONS)).cid.toString(), DEEPER.v1);
  assert.equal((await kubo.add(deeper, { pin: false })).cid.toString(), DEEPER.v0, "CIDv0 (ipfs_cid fixture)");
});

test("CIDv1 without raw leaves, and other chunk sizes, follow the options", async (t) => {
  const { kubo } = await startTestNode(t);
  const bytes = pseudoRandomBytes(600_000, 7);
  const noRaw = await kubo.add(bytes, { cidVersion: 1, rawLeaves: false, pin: false });
  assert.equal(noRaw.cid.toString(), kuboFileCid(bytes, { cidVersion: 1, rawLeaves: false }).toString());
  assert.equal(noRaw.cid.toString(), await importerCid(bytes, { rawLeaves: false }));
  const { fixedSize } = await import("ipfs-unixfs-importer/chunker");
  const small = await kubo.add(bytes, { ...KUBO_ADD_OPTIONS, chunker: "size-65536", pin: false });
  assert.equal(small.cid.toString(), await importerCid(bytes, { chunker: fixedSize({ chunkSize: 65536 }) }));
  assert.notEqual(small.cid.toString(), kuboFileCid(bytes, V1).toString());
});

test("directories (nested, wrapped) get Kubo's CIDs", async (t) => {
  const { kubo } = await startTestNode(t);
  const tree: Tree = {
    "master.m3u8": text("#EXTM3U\n"),
    "720p": { "index.m3u8": text("#EXTM3U\n#EXTINF:2,\nseg0.ts\n"), "seg0.ts": pseudoRandomBytes(300_000, 11) },
    "thumb.jpg": pseudoRandomBytes(1000, 12),
    empty: {},
  };
  const entries = [
    { path: "video/master.m3u8", content: tree["master.m3u8"] as Uint8Array },
    { path: "video/720p/index.m3u8", content: (tree["720p"] as Tree)["index.m3u8"] as Uint8Array },
    { path: "video/720p/seg0.ts", content: (tree["720p"] as Tree)["seg0.ts"] as Uint8Array },
    { path: "video/thumb.jpg", content: tree["thumb.jpg"] as Uint8Array },
    { path: "video/empty" },
  ];
  const wrapped = await all(kubo.addAll(entries, { ...KUBO_ADD_OPTIONS, wrapWithDirectory: true }));
  const root = wrapped.at(-1);
  assert.equal(root?.path, "");
  assert.equal(root?.cid.toString(), kuboDirectoryCid({ video: tree }, V1).toString());
  const video = wrapped.find((e) => e.path === "video");
  assert.equal(video?.cid.toString(), kuboDirectoryCid(tree, V1).toString());

  const unwrapped = await all(kubo.addAll(entries, KUBO_ADD_OPTIONS));
  assert.equal(unwrapped.at(-1)?.path, "video");
  assert.equal(unwrapped.at(-1)?.cid.toString(), kuboDirectoryCid(tree, V1).toString());

  const v0 = await all(kubo.addAll(entries, { wrapWithDirectory: true, pin: false }));
  assert.equal(v0.at(-1)?.cid.toString(), kuboDirectoryCid({ video: tree }, V0).toString());
});

test("large directories are sharded (HAMT) like Kubo's", async (t) => {
  const { node, kubo } = await startTestNode(t);
  // 950 links of 286 bytes (250-byte name + 36-byte CID) exceed Kubo's 256 KiB threshold
  const files = Array.from({ length: 950 }, (_, i) => ({
    path: `big/${"x".repeat(240)}-${String(i).padStart(5, "0")}.txt`,
    content: text(`file ${i}\n`),
  }));
  // uploaded as a plain multipart form (kubo-rpc-client is slow at streaming a thousand parts in-process)
  const form = new FormData();
  files.forEach((f, i) => {
    form.append(`file-${i}`, new Blob([f.content]), encodeURIComponent(f.path));
  });
  const addRes = await fetch(`${node.rpcUrl}/api/v0/add?cid-version=1&pin=false&wrap-with-directory=true`, {
    method: "POST",
    body: form,
  });
  assert.equal(addRes.status, 200);
  const viaRpc = (await addRes.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { Name: string; Hash: string });
  const big = viaRpc.find((e) => e.Name === "big");
  const viaImporter = (await all(importer(files, { put: async (cid: CID) => cid }, IMPORTER_OPTIONS))).at(-1);
  assert.equal(viaImporter?.path, "big");
  assert.equal(big?.Hash, viaImporter?.cid.toString());
  // Kubo's ls reports a HAMT-sharded directory as Type 5
  const res = await fetch(`${node.rpcUrl}/api/v0/ls?arg=${viaRpc.at(-1)?.Hash ?? ""}`, { method: "POST" });
  const body = (await res.json()) as { Objects: Array<{ Links: Array<{ Name: string; Type: number }> }> };
  assert.deepEqual(
    body.Objects[0]?.Links.map((l) => [l.Name, l.Type]),
    [["big", 5]],
  );
  assert.equal((await all(kubo.ls(big?.Hash ?? ""))).length, 950);

  // below the threshold the directory stays flat, as the independent builder computes it
  const small = (await all(kubo.addAll(files.slice(0, 100), { ...KUBO_ADD_OPTIONS, pin: false }))).at(-1);
  const smallTree: Tree = {};
  for (const f of files.slice(0, 100)) smallTree[f.path.slice("big/".length)] = f.content;
  assert.equal(small?.cid.toString(), kuboDirectoryCid(smallTree, V1).toString());
});
