import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, playlistsAbi } from "@chorus/deployments";
import { indexerRoutes, PLAYLIST_DOCUMENT_SCHEMA } from "@chorus/protocol";
import { startIpfsNode } from "@chorus/ipfs-node";
import { create } from "kubo-rpc-client";
import { parseEventLogs, type Abi } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, cidBytes, send, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { getJson, startIndexer, untilJson } from "./support.ts";

const [alice, bob] = TEST_KEYS;
const { Playlists } = deployments[31337];

/** A CID of bytes no node has: a valid sha2-256 CIDv1 (raw) of a digest nobody computed. */
const NOWHERE = "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

describe("indexer: published playlists on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  const add = async (content: string) =>
    (await create({ url: ipfs.rpcUrl }).add(content, { cidVersion: 1, rawLeaves: true })).cid.toString();
  const doc = (title: string, videoIds: string[]) =>
    JSON.stringify({
      schema: PLAYLIST_DOCUMENT_SCHEMA,
      title,
      description: "",
      entries: videoIds.map((videoId) => ({ videoId, title: `Video ${videoId}` })),
    });

  const tx = async (key: `0x${string}`, functionName: string, args: readonly unknown[]) =>
    parseEventLogs({
      abi: playlistsAbi as Abi,
      logs: (
        await send(chain.rpcUrl, key, { address: Playlists.address, abi: playlistsAbi as Abi, functionName, args })
      ).logs,
    }) as unknown as { eventName: string; args: Record<string, any> }[];
  const createPlaylist = async (key: `0x${string}`, cid: string) =>
    (await tx(key, "create", [cidBytes(cid)])).find((e) => e.eventName === "PlaylistCreated")!.args
      .playlistId as bigint;
  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-playlists-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    ({ service: indexer, api } = await startIndexer({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
    }));
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("follows a playlist through create, update and remove, with its document from IPFS", async () => {
    const a = addressOf(alice);
    const first = await add(doc("Walks", ["1", "2", "3"]));
    const id = await createPlaylist(alice, first);
    const created = await until(`/playlists/${id}`, (body) => body.documentStatus === "ok");
    indexerRoutes.getPlaylist.response.parse(created);
    assert.deepEqual([created.owner, created.documentCid, created.removedAt], [a, first, null]);
    assert.equal(created.document.title, "Walks");
    assert.deepEqual(
      created.document.entries.map((e: any) => e.videoId),
      ["1", "2", "3"],
    );

    const second = await add(doc("Walks, reordered", ["3", "1"]));
    await tx(alice, "update", [id, cidBytes(second)]);
    const updated = await until(`/playlists/${id}`, (body) => body.documentCid === second);
    assert.deepEqual(
      updated.document.entries.map((e: any) => e.videoId),
      ["3", "1"],
      "the new order",
    );
    assert.ok(updated.updatedAt >= created.createdAt);

    const other = await createPlaylist(bob, await add(doc("Bob's", ["2"])));
    await until(`/playlists/${other}`, (body) => body.documentStatus === "ok");
    const mine = (await get(`/playlists?owner=${a}`)).body;
    indexerRoutes.listPlaylists.response.parse(mine);
    assert.deepEqual(
      mine.items.map((p: any) => p.id),
      [id.toString()],
      "only the owner's",
    );
    const all = (await get("/playlists?limit=1")).body;
    assert.deepEqual(
      [all.items.map((p: any) => p.id), all.nextCursor],
      [[other.toString()], other.toString()],
      "newest first, paged",
    );
    const next = (await get(`/playlists?limit=1&cursor=${all.nextCursor}`)).body;
    assert.deepEqual(
      next.items.map((p: any) => p.id),
      [id.toString()],
    );

    await tx(alice, "remove", [id]);
    const removed = await until(`/playlists/${id}`, (body) => body.removedAt !== null);
    assert.equal(removed.document.title, "Walks, reordered", "a removed playlist still says what it was");
    assert.deepEqual((await get(`/playlists?owner=${a}`)).body.items, [], "gone from the lists");
  });

  it("skips a malformed document and lists an unreachable one without its document, without stopping", async () => {
    const b = addressOf(bob);
    const notJson = await createPlaylist(bob, await add("not json {"));
    const wrongShape = await createPlaylist(bob, await add(JSON.stringify({ schema: "chorus.playlist/1", title: "" })));
    const unreachable = await createPlaylist(bob, NOWHERE);
    const good = await createPlaylist(bob, await add(doc("After the broken ones", ["1"])));
    await until(`/playlists/${good}`, (body) => body.documentStatus === "ok");
    for (const id of [notJson, wrongShape])
      assert.equal((await get(`/playlists/${id}`)).body.documentStatus, "invalid", `playlist ${id}`);
    const far = await until(`/playlists/${unreachable}`, (body) => body.documentStatus === "unavailable");
    assert.equal(far.document, null);
    const list = await until(`/playlists?owner=${b}`, (body) => body.items.length === 3);
    assert.deepEqual(
      list.items.map((p: any) => [p.id, p.documentStatus]),
      [
        [good.toString(), "ok"],
        [unreachable.toString(), "unavailable"],
        [(good - 4n).toString(), "ok"],
      ],
      "the malformed two are skipped; Bob's first playlist is still there",
    );
  });

  it("answers 404 and 400 with sentences", async () => {
    const missing = await get("/playlists/999");
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /no playlist 999/);
    assert.equal((await get("/playlists?owner=nope")).status, 400);
    assert.equal((await get("/playlists/abc")).status, 400);
  });
});
