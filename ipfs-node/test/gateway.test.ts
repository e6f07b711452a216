/** The path gateway, as a browser (fetch) sees it. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test, type TestContext } from "node:test";
import { multiaddr } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { KUBO_ADD_OPTIONS } from "../src/cid-options.ts";
import { all, pseudoRandomBytes, startTestNode, text, type TestNode } from "./support/util.ts";

const SEGMENT = pseudoRandomBytes(600_000, 9);
const FILES: Record<string, Uint8Array> = {
  "master.m3u8": text("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n720p/index.m3u8\n"),
  "720p/index.m3u8": text("#EXTM3U\n#EXTINF:2,\nseg0.ts\n"),
  "720p/seg0.ts": SEGMENT,
  "fmp4/init.mp4": pseudoRandomBytes(2000, 1),
  "fmp4/seg1.m4s": pseudoRandomBytes(3000, 2),
  "thumb.jpg": Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), pseudoRandomBytes(100, 3)]),
  "poster.png": pseudoRandomBytes(100, 4),
  "poster.webp": pseudoRandomBytes(100, 5),
  "meta.json": text('{"title":"Hello"}'),
  "page.html": text("<!doctype html><p>hi</p>"),
  "notes.txt": text("plain text\n"),
  "README.md": text("# Title\n"),
  "empty.txt": new Uint8Array(0),
  blob: text("#EXTM3U\nno extension, sniffed\n"),
  "www/index.html": text("<!doctype html><title>index</title>"),
};

interface Site extends TestNode {
  root: CID;
  base: string;
  cids: Map<string, string>;
}

async function startSite(t: TestContext, gatewayTimeoutMs?: number): Promise<Site> {
  const n = await startTestNode(t, gatewayTimeoutMs === undefined ? {} : { gatewayTimeoutMs });
  const entries = await all(
    n.kubo.addAll(
      Object.entries(FILES).map(([path, content]) => ({ path: `video/${path}`, content })),
      KUBO_ADD_OPTIONS,
    ),
  );
  const root = entries.at(-1)?.cid;
  assert.ok(root !== undefined && entries.at(-1)?.path === "video");
  const cids = new Map(entries.map((e) => [e.path.replace(/^video\/?/, ""), e.cid.toString()]));
  return { ...n, root, base: `${n.node.gatewayUrl}/ipfs/${root.toString()}`, cids };
}

async function body(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

test("serves files with content types by extension", async (t) => {
  const site = await startSite(t);
  const expected: Record<string, string> = {
    "master.m3u8": "application/vnd.apple.mpegurl",
    "720p/index.m3u8": "application/vnd.apple.mpegurl",
    "720p/seg0.ts": "video/mp2t",
    "fmp4/init.mp4": "video/mp4",
    "fmp4/seg1.m4s": "video/iso.segment",
    "thumb.jpg": "image/jpeg",
    "poster.png": "image/png",
    "poster.webp": "image/webp",
    "meta.json": "application/json",
    "page.html": "text/html; charset=utf-8",
    "notes.txt": "text/plain; charset=utf-8",
    "README.md": "text/markdown; charset=utf-8",
    blob: "application/vnd.apple.mpegurl", // no extension: sniffed
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await fetch(`${site.base}/${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), type, path);
    const bytes = await body(res);
    assert.deepEqual(bytes, Buffer.from(FILES[path] as Uint8Array), path);
    assert.equal(res.headers.get("content-length"), String(bytes.length), path);
  }
  // a file addressed by its own CID (no name): sniffed (random bytes are just bytes)
  const seg = await fetch(`${site.node.gatewayUrl}/ipfs/${site.cids.get("720p/seg0.ts") ?? ""}`);
  assert.equal(seg.headers.get("content-type"), "application/octet-stream");
  assert.deepEqual(await body(seg), Buffer.from(SEGMENT));
  const html = await fetch(`${site.node.gatewayUrl}/ipfs/${site.cids.get("page.html") ?? ""}`);
  assert.equal(html.headers.get("content-type"), "text/html; charset=utf-8");
  await html.body?.cancel();
  // ?filename= picks the type and a Content-Disposition
  const named = await fetch(`${site.node.gatewayUrl}/ipfs/${site.cids.get("720p/seg0.ts") ?? ""}?filename=seg.ts`);
  assert.equal(named.headers.get("content-type"), "video/mp2t");
  assert.match(named.headers.get("content-disposition") ?? "", /inline; filename="seg.ts"/);
  await named.body?.cancel();
  const empty = await fetch(`${site.base}/empty.txt`);
  assert.equal(empty.status, 200);
  assert.equal(empty.headers.get("content-length"), "0");
  assert.equal((await body(empty)).length, 0);
});

test("headers: CORS, ETag = CID, immutable caching, conditional requests, HEAD", async (t) => {
  const site = await startSite(t);
  const res = await fetch(`${site.base}/720p/seg0.ts`, { headers: { Origin: "http://localhost:3000" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  const exposed = (res.headers.get("access-control-expose-headers") ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase());
  for (const h of ["content-range", "content-length", "accept-ranges"]) assert.ok(exposed.includes(h), `exposes ${h}`);
  assert.equal(res.headers.get("etag"), `"${site.cids.get("720p/seg0.ts") ?? ""}"`);
  assert.equal(res.headers.get("cache-control"), "public, max-age=29030400, immutable");
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.equal(res.headers.get("x-ipfs-path"), `/ipfs/${site.root.toString()}/720p/seg0.ts`);
  await res.body?.cancel();

  const notModified = await fetch(`${site.base}/720p/seg0.ts`, {
    headers: { "If-None-Match": res.headers.get("etag") ?? "" },
  });
  assert.equal(notModified.status, 304);
  await notModified.body?.cancel();

  const head = await fetch(`${site.base}/720p/seg0.ts`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), String(SEGMENT.length));
  assert.equal(head.headers.get("content-type"), "video/mp2t");
  assert.equal(head.headers.get("etag"), res.headers.get("etag"));
  assert.equal((await body(head)).length, 0);

  // a CORS preflight (Range makes browsers send one)
  const preflight = await fetch(`${site.base}/720p/seg0.ts`, {
    method: "OPTIONS",
    headers: {
      Origin: "http://localhost:3000",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "range",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /Range/i);

  const post = await fetch(`${site.base}/720p/seg0.ts`, { method: "POST" });
  assert.equal(post.status, 405);
  await post.body?.cancel();
});

test("range requests: 206 with Content-Range, 416 when unsatisfiable", async (t) => {
  const site = await startSite(t);
  const url = `${site.base}/720p/seg0.ts`;
  const cases: Array<[string, number, number]> = [
    ["bytes=0-99", 0, 99],
    ["bytes=262100-262300", 262100, 262300], // across a chunk boundary
    ["bytes=599000-", 599000, 599999],
    ["bytes=-500", 599500, 599999],
    ["bytes=599990-700000", 599990, 599999],
  ];
  for (const [range, start, end] of cases) {
    const res = await fetch(url, { headers: { Range: range } });
    assert.equal(res.status, 206, range);
    assert.equal(res.headers.get("content-range"), `bytes ${start}-${end}/${SEGMENT.length}`, range);
    assert.equal(res.headers.get("content-length"), String(end - start + 1), range);
    assert.equal(res.headers.get("content-type"), "video/mp2t");
    assert.deepEqual(await body(res), Buffer.from(SEGMENT.subarray(start, end + 1)), range);
  }
  for (const range of ["bytes=600000-", "bytes=700000-800000", "bytes=-0"]) {
    const res = await fetch(url, { headers: { Range: range } });
    assert.equal(res.status, 416, range);
    assert.equal(res.headers.get("content-range"), `bytes */${SEGMENT.length}`, range);
    await res.body?.cancel();
  }
  // HEAD with a range
  const head = await fetch(url, { method: "HEAD", headers: { Range: "bytes=10-19" } });
  assert.equal(head.status, 206);
  assert.equal(head.headers.get("content-length"), "10");
  // a range we do not understand (several ranges) gets the whole file
  const multi = await fetch(url, { headers: { Range: "bytes=0-1,5-6" } });
  assert.equal(multi.status, 200);
  assert.equal((await body(multi)).length, SEGMENT.length);
  // If-Range with another ETag: the whole file
  const ifRange = await fetch(url, { headers: { Range: "bytes=0-9", "If-Range": '"bafyother"' } });
  assert.equal(ifRange.status, 200);
  await ifRange.body?.cancel();
});

test("?format=raw returns the block, which hashes to the CID", async (t) => {
  const site = await startSite(t);
  const targets = [
    {
      url: `${site.node.gatewayUrl}/ipfs/${site.cids.get("notes.txt") ?? ""}?format=raw`,
      cid: site.cids.get("notes.txt"),
    },
    {
      url: `${site.node.gatewayUrl}/ipfs/${site.cids.get("720p/seg0.ts") ?? ""}?format=raw`,
      cid: site.cids.get("720p/seg0.ts"),
    }, // dag-pb root
    { url: `${site.base}?format=raw`, cid: site.root.toString() }, // directory block
    { url: `${site.base}/meta.json?format=raw`, cid: site.cids.get("meta.json") }, // by path
  ];
  for (const { url, cid } of targets) {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers.get("content-type"), "application/vnd.ipld.raw");
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const bytes = await body(res);
    const parsed = CID.parse(cid ?? "");
    assert.equal(
      createHash("sha256").update(bytes).digest("hex"),
      Buffer.from(parsed.multihash.digest).toString("hex"),
      url,
    );
  }
  // the same through the Accept header
  const viaAccept = await fetch(`${site.node.gatewayUrl}/ipfs/${site.cids.get("meta.json") ?? ""}`, {
    headers: { Accept: "application/vnd.ipld.raw" },
  });
  assert.equal(viaAccept.headers.get("content-type"), "application/vnd.ipld.raw");
  assert.equal((await body(viaAccept)).toString(), '{"title":"Hello"}');
  const car = await fetch(`${site.base}?format=car`);
  assert.equal(car.status, 400);
  await car.body?.cancel();
});

test("errors: 400 malformed CID, 404 missing path, 504 content nobody has", async (t) => {
  const site = await startSite(t, 300);
  const bad = await fetch(`${site.node.gatewayUrl}/ipfs/not-a-cid/file.ts`);
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get("content-type") ?? "", /^text\/plain/);
  assert.equal(bad.headers.get("access-control-allow-origin"), "*");
  assert.match(await bad.text(), /invalid CID "not-a-cid"/);

  for (const path of ["nope.ts", "720p/nope.ts", "notes.txt/deeper"]) {
    const res = await fetch(`${site.base}/${path}`);
    assert.equal(res.status, 404, path);
    assert.match(await res.text(), /Not Found/);
  }
  const other = await fetch(`${site.node.gatewayUrl}/somewhere`);
  assert.equal(other.status, 404);
  await other.body?.cancel();

  const missing = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
  const started = Date.now();
  const timeout = await fetch(`${site.node.gatewayUrl}/ipfs/${missing}`);
  assert.equal(timeout.status, 504);
  assert.match(await timeout.text(), /Gateway Timeout/);
  assert.ok(Date.now() - started < 5000, "answers after the configured timeout, not never");
  const rawTimeout = await fetch(`${site.node.gatewayUrl}/ipfs/${missing}?format=raw`);
  assert.equal(rawTimeout.status, 504);
  await rawTimeout.body?.cancel();
});

test("directories: redirect to a trailing slash, index.html, listing", async (t) => {
  const site = await startSite(t);
  const redirect = await fetch(`${site.base}/720p`, { redirect: "manual" });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get("location"), `/ipfs/${site.root.toString()}/720p/`);
  await redirect.body?.cancel();

  const listing = await fetch(`${site.base}/720p/`);
  assert.equal(listing.status, 200);
  assert.equal(listing.headers.get("content-type"), "text/html; charset=utf-8");
  const html = await listing.text();
  assert.match(html, /href="index.m3u8"/);
  assert.match(html, /href="seg0.ts"/);

  const index = await fetch(`${site.base}/www/`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(await index.text(), "<!doctype html><title>index</title>");
  assert.equal(index.headers.get("etag"), `"${site.cids.get("www/index.html") ?? ""}"`);
});

test("a node serves, through its gateway, content only a connected peer has", async (t) => {
  const a = await startTestNode(t);
  const b = await startTestNode(t);
  const added = await a.kubo.add(SEGMENT, KUBO_ADD_OPTIONS);
  await b.kubo.swarm.connect(multiaddr(a.node.multiaddrs[0] ?? ""));
  const res = await fetch(`${b.node.gatewayUrl}/ipfs/${added.cid.toString()}?filename=seg.ts`, {
    headers: { Range: "bytes=300000-300009" },
  });
  assert.equal(res.status, 206);
  assert.deepEqual(await body(res), Buffer.from(SEGMENT.subarray(300000, 300010)));
});
