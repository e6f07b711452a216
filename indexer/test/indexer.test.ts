import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startIpfsNode } from "@chorus/ipfs-node";
import { freePort, waitFor, type Service } from "../../scripts/lib/process.ts";
import { publishVideo, startChainWithContracts } from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer as startIndexerProcess } from "./support.ts";
// Loaded with the file, not inside a test: on a busy machine loading them takes seconds, and the request after such a
// pause reuses a kept-alive socket the indexer's server is just closing (5 s idle): "fetch failed: other side closed".
import { createClient } from "@ponder/client";
import {
  apiErrorSchema,
  indexerRoutes,
  openApiDocument,
  routePath,
  type IndexerRouteName,
  type RouteSpec,
} from "@chorus/protocol";
import { Validator } from "@seriousme/openapi-schema-validator";
import * as schema from "../ponder.schema.ts";

/** How long the indexer reuses an answer in these tests. */
const CACHE_MS = 4_000;

describe("indexer on a live local chain", () => {
  let tmp: string;
  let chainPort: number;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  const lines: string[] = [];
  let published: { videoId: string; creator: string } | undefined;

  async function startIndexer() {
    ({ service: indexer, api } = await startIndexerProcess({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
      onLine: (line) => lines.push(line),
      // Longer than the default 1 s, so that a loaded machine's pauses don't expire an answer between two requests.
      env: { INDEXER_CACHE_MS: String(CACHE_MS) },
    }));
  }

  async function addManifest(title: string) {
    const manifest = {
      schema: "chorus.video/1",
      title,
      description: `About ${title}`,
      durationSeconds: 4,
      width: 426,
      height: 240,
      master: "master.m3u8",
      thumbnail: "thumbnail.jpg",
      segmentSeconds: 2,
      renditions: [
        {
          name: "240p",
          width: 426,
          height: 240,
          bandwidth: 400_000,
          codecs: "avc1.42c015",
          playlist: "240p/index.m3u8",
        },
      ],
      createdAt: new Date().toISOString(),
    };
    return addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
  }

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-indexer-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chainPort = await freePort();
    chain = await startChainWithContracts(chainPort);
    await startIndexer();
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("lists published videos newest first, with their manifests, within seconds of the block", async () => {
    const firstCid = await addManifest("First light");
    const secondCid = await addManifest("Second wind");
    const first = await publishVideo(chain.rpcUrl, firstCid);
    published = { videoId: first.videoId.toString(), creator: first.creator };
    const second = await publishVideo(chain.rpcUrl, secondCid);
    await waitFor(async () => (await getJson(`${api}/videos`)).body.items.length === 2, {
      timeoutMs: 10_000,
      what: "two videos",
    });

    const { body } = await getJson(`${api}/videos`);
    assert.deepEqual(
      body.items.map((v: any) => v.id),
      [second.videoId.toString(), first.videoId.toString()],
    );
    const [latest] = body.items;
    assert.equal(latest.manifestCid, secondCid);
    assert.equal(latest.creator, second.creator);
    assert.equal(latest.txHash, second.txHash);
    assert.equal(latest.blockNumber, second.blockNumber.toString());
    assert.equal(latest.manifestStatus, "ok");
    assert.equal(latest.manifest.title, "Second wind");
    assert.equal(body.nextCursor, null);

    const page = await getJson(`${api}/videos?limit=1`);
    assert.equal(page.body.items.length, 1);
    assert.equal(typeof page.body.nextCursor, "string");
    const next = await getJson(`${api}/videos?limit=1&cursor=${page.body.nextCursor}`);
    assert.deepEqual(
      next.body.items.map((v: any) => v.manifest.title),
      ["First light"],
    );
    assert.equal(next.body.nextCursor, null);

    const one = await getJson(`${api}/videos/${first.videoId}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.manifest.title, "First light");

    const byCreator = await getJson(`${api}/videos?creator=${first.creator.toLowerCase()}`);
    assert.equal(byCreator.body.items.length, 2);
    const creator = await getJson(`${api}/creators/${first.creator}`);
    assert.equal(creator.body.videoCount, 2);
  });

  it("reuses an answer while no block is indexed, never one older than the indexed block", async () => {
    const url = `${api}/videos?limit=7`;
    const get = async () => {
      const response = await fetch(url);
      return { cache: response.headers.get("x-cache"), body: await response.text() };
    };
    // Identical requests at once: one computes, the others wait for it.
    const burst = await Promise.all(Array.from({ length: 8 }, get));
    assert.equal(burst.filter((r) => r.cache === "miss").length, 1, JSON.stringify(burst.map((r) => r.cache)));
    assert.equal(new Set(burst.map((r) => r.body)).size, 1);
    const before = JSON.parse(burst[0]!.body).items.map((v: any) => v.id);

    // A block indexed: the same request is computed again at once, with the block's video in it, as soon as any route
    // shows the block.
    const { videoId } = await publishVideo(chain.rpcUrl, await addManifest("Fresh off the block"));
    await waitFor(async () => (await getJson(`${api}/videos/${videoId}`)).status === 200, { timeoutMs: 10_000 });
    const after = await get();
    assert.equal(after.cache, "miss");
    assert.deepEqual(
      JSON.parse(after.body).items.map((v: any) => v.id),
      [videoId.toString(), ...before].slice(0, 7),
    );
    // With no new block, the answer is computed again once it is older than INDEXER_CACHE_MS: answers also depend on
    // the clock and on IPFS.
    assert.equal((await get()).cache, "hit");
    await waitFor(async () => (await get()).cache === "miss", {
      timeoutMs: CACHE_MS + 10_000,
      what: "the answer to expire",
    });
  });

  it("marks a video whose manifest is not a Chorus manifest as invalid, and still lists it", async () => {
    const root = await addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: '{"hello": 1}' }]);
    const { videoId } = await publishVideo(chain.rpcUrl, root);
    await waitFor(async () => (await getJson(`${api}/videos/${videoId}`)).status === 200, { timeoutMs: 10_000 });
    const { body } = await getJson(`${api}/videos/${videoId}`);
    assert.equal(body.manifestStatus, "invalid");
    assert.equal(body.manifest, null);
  });

  it("answers GraphQL and SQL over HTTP", async () => {
    const response = await fetch(`${api}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: '{ videos(orderBy: "id", orderDirection: "desc") { items { id manifestCid creator } } }',
      }),
    });
    const { data } = (await response.json()) as any;
    assert.ok(data.videos.items.length >= 2);
    assert.match(data.videos.items[0].manifestCid, /^baf/);

    const sql = createClient(`${api}/sql`, { schema });
    const rows = await sql.db.select().from(schema.creator);
    assert.equal(rows.length, 1);
  });

  it("answers 400 with a sentence naming the parameter, 404 for unknown videos and routes, in one error body", async () => {
    const cases: [string, RegExp][] = [
      ["/videos/abc", /^id must be a video id such as 12 or ch3-17$/],
      ["/videos/0", /^id must be a video id/],
      ["/videos/ch1", /^id must be a video id/],
      ["/videos?limit=0", /^limit must be an integer from 1 to 100$/],
      ["/videos?limit=1000", /^limit must be an integer from 1 to 100$/],
      ["/videos?limit=two", /^limit must be an integer from 1 to 100$/],
      ["/videos?cursor=x", /^cursor must be a nextCursor from an earlier page$/],
      ["/videos?creator=0x12", /^creator must be an address/],
      ["/videos?channel=0", /^channel must be a positive integer$/],
      ["/channels/x", /^id must be a positive integer$/],
      ["/channels?cursor=1.2", /^cursor must be a nextCursor/],
      [
        "/channels/1/proposals?status=maybe",
        /^status must be one of open, released, executed, rejected, withdrawn, expired, decided, all$/,
      ],
      ["/channels?member=bob", /^member must be an address/],
      ["/proposals/-1", /^id must be a positive integer$/],
      ["/creators/nobody", /^address must be an address/],
    ];
    for (const [route, message] of cases) {
      const { status, body } = await getJson(`${api}${route}`);
      assert.equal(status, 400, route);
      assert.equal(body.error.code, "bad-request", route);
      assert.match(body.error.message, message, route);
    }
    const missing = await getJson(`${api}/videos/999`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      error: { code: "not-found", message: "no video 999 has been published (or it is not indexed yet)" },
    });
    const noRoute = await getJson(`${api}/no/such/route`);
    assert.equal(noRoute.status, 404);
    assert.equal(noRoute.body.error.code, "not-found");
  });

  it("serves a valid OpenAPI 3.1 document that lists every route, and every route answers as documented", async () => {
    const { status, body: document } = await getJson(`${api}/openapi.json`);
    assert.equal(status, 200);
    const validation = await new Validator().validate(document);
    assert.equal(validation.valid, true, JSON.stringify(validation.errors));
    assert.deepEqual(
      document,
      JSON.parse(JSON.stringify(openApiDocument())),
      "the served document is the one the schemas generate",
    );
    assert.deepEqual(
      Object.keys(document.paths).sort(),
      Object.values(indexerRoutes)
        .map((r) => r.path)
        .sort(),
    );

    // Each documented route, called with sample parameters, answers a status the document lists for it, with a body
    // that the documented schema accepts: the presenters' output matches the schemas.
    const { videoId, creator } = published!;
    const samples: Record<string, string> = { id: "1", address: creator, handle: "nobody-yet", kind: "video" };
    for (const [name, route] of Object.entries(indexerRoutes) as [IndexerRouteName, RouteSpec][]) {
      const url = `${api}${routePath(route.path, name === "getVideo" ? { id: videoId } : samples)}`;
      const response = await fetch(url);
      const documented = document.paths[route.path].get.responses;
      assert.ok(String(response.status) in documented, `${name} answered ${response.status}, not documented`);
      if (response.status === 200) {
        const body = route.response === "text" ? await response.text() : await response.json();
        if (route.response !== "text") {
          const parsed = route.response.safeParse(body);
          assert.ok(parsed.success, `${name}: ${parsed.error?.message}`);
        }
      } else {
        assert.ok(apiErrorSchema.safeParse(await response.json()).success, `${name}: error body`);
      }
    }
    // A route that is not in the document does not answer (beyond Ponder's own GraphQL, SQL and metrics).
    for (const route of ["/video", "/videos/1/storage", "/deals/1/keepers", "/keepers"]) {
      assert.equal((await fetch(`${api}${route}`)).status, 404, route);
    }
  });

  it("keeps its catalogue across a restart", async () => {
    const before = (await getJson(`${api}/videos`)).body.items.length;
    await indexer!.stop();
    lines.length = 0;
    await startIndexer();
    assert.ok(!lines.some((line) => line.includes("building a new store")), "store was kept");
    assert.equal((await getJson(`${api}/videos`)).body.items.length, before);
  });

  it("rebuilds its store when the local chain is reset, instead of serving the old chain", async () => {
    await indexer!.stop();
    await chain.stop();
    chain = await startChainWithContracts(chainPort); // a new chain: same id, same port, new genesis
    lines.length = 0;
    await startIndexer();
    assert.ok(
      lines.some((line) => line.includes("the chain was reset")),
      "reset detected",
    );
    assert.deepEqual((await getJson(`${api}/videos`)).body.items, []);

    const cid = await addManifest("After the reset");
    const { videoId } = await publishVideo(chain.rpcUrl, cid);
    assert.equal(videoId, 1n);
    await waitFor(async () => (await getJson(`${api}/videos`)).body.items.length === 1, { timeoutMs: 10_000 });
    assert.equal((await getJson(`${api}/videos/1`)).body.manifest.title, "After the reset");
  });
});
