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
import * as schema from "../ponder.schema.ts";

describe("indexer on a live local chain", () => {
  let tmp: string;
  let chainPort: number;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  const lines: string[] = [];

  async function startIndexer() {
    ({ service: indexer, api } = await startIndexerProcess({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
      onLine: (line) => lines.push(line),
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
      renditions: [{ name: "240p", width: 426, height: 240, bandwidth: 400_000, codecs: "avc1.42c015", playlist: "240p/index.m3u8" }],
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
    const second = await publishVideo(chain.rpcUrl, secondCid);
    await waitFor(async () => (await getJson(`${api}/videos`)).body.videos.length === 2, { timeoutMs: 10_000, what: "two videos" });

    const { body } = await getJson(`${api}/videos`);
    assert.deepEqual(body.videos.map((v: any) => v.id), [second.videoId.toString(), first.videoId.toString()]);
    const [latest] = body.videos;
    assert.equal(latest.manifestCid, secondCid);
    assert.equal(latest.creator, second.creator);
    assert.equal(latest.txHash, second.txHash);
    assert.equal(latest.blockNumber, second.blockNumber.toString());
    assert.equal(latest.manifestStatus, "ok");
    assert.equal(latest.manifest.title, "Second wind");
    assert.equal(body.nextCursor, null);

    const page = await getJson(`${api}/videos?limit=1`);
    assert.equal(page.body.videos.length, 1);
    assert.equal(typeof page.body.nextCursor, "string");
    const next = await getJson(`${api}/videos?limit=1&before=${page.body.nextCursor}`);
    assert.deepEqual(next.body.videos.map((v: any) => v.manifest.title), ["First light"]);

    const one = await getJson(`${api}/videos/${first.videoId}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.video.manifest.title, "First light");

    const byCreator = await getJson(`${api}/videos?creator=${first.creator.toLowerCase()}`);
    assert.equal(byCreator.body.videos.length, 2);
    const creator = await getJson(`${api}/creators/${first.creator}`);
    assert.equal(creator.body.creator.videoCount, 2);
  });

  it("marks a video whose manifest is not a Chorus manifest as invalid, and still lists it", async () => {
    const root = await addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: "{\"hello\": 1}" }]);
    const { videoId } = await publishVideo(chain.rpcUrl, root);
    await waitFor(async () => (await getJson(`${api}/videos/${videoId}`)).status === 200, { timeoutMs: 10_000 });
    const { body } = await getJson(`${api}/videos/${videoId}`);
    assert.equal(body.video.manifestStatus, "invalid");
    assert.equal(body.video.manifest, null);
  });

  it("answers GraphQL and SQL over HTTP", async () => {
    const response = await fetch(`${api}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ videos(orderBy: \"id\", orderDirection: \"desc\") { items { id manifestCid creator } } }" }),
    });
    const { data } = (await response.json()) as any;
    assert.ok(data.videos.items.length >= 2);
    assert.match(data.videos.items[0].manifestCid, /^baf/);

    const sql = createClient(`${api}/sql`, { schema });
    const rows = await sql.db.select().from(schema.creator);
    assert.equal(rows.length, 1);
  });

  it("answers 400 with a reason for bad input and 404 for unknown videos", async () => {
    for (const url of [`${api}/videos/abc`, `${api}/videos/0`, `${api}/videos?limit=0`, `${api}/videos?limit=1000`, `${api}/videos?before=x`, `${api}/videos/ch1`, `${api}/channels/x`, `${api}/channels/1/proposals?status=maybe`, `${api}/channels?member=bob`, `${api}/proposals/-1`, `${api}/videos?creator=0x12`, `${api}/creators/nobody`]) {
      const { status, body } = await getJson(url);
      assert.equal(status, 400, url);
      assert.equal(typeof body.error, "string", url);
    }
    const missing = await getJson(`${api}/videos/999`);
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /no video 999/);
  });

  it("keeps its catalogue across a restart", async () => {
    const before = (await getJson(`${api}/videos`)).body.videos.length;
    await indexer!.stop();
    lines.length = 0;
    await startIndexer();
    assert.ok(!lines.some((line) => line.includes("building a new store")), "store was kept");
    assert.equal((await getJson(`${api}/videos`)).body.videos.length, before);
  });

  it("rebuilds its store when the local chain is reset, instead of serving the old chain", async () => {
    await indexer!.stop();
    await chain.stop();
    chain = await startChainWithContracts(chainPort); // a new chain: same id, same port, new genesis
    lines.length = 0;
    await startIndexer();
    assert.ok(lines.some((line) => line.includes("the chain was reset")), "reset detected");
    assert.deepEqual((await getJson(`${api}/videos`)).body.videos, []);

    const cid = await addManifest("After the reset");
    const { videoId } = await publishVideo(chain.rpcUrl, cid);
    assert.equal(videoId, 1n);
    await waitFor(async () => (await getJson(`${api}/videos`)).body.videos.length === 1, { timeoutMs: 10_000 });
    assert.equal((await getJson(`${api}/videos/1`)).body.video.manifest.title, "After the reset");
  });
});
