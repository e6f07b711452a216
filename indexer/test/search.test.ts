import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, handlesAbi } from "@chorus/deployments";
import { startIpfsNode } from "@chorus/ipfs-node";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { indexerRoutes } from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import type { Abi } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import {
  addressOf,
  channelsTx,
  cidBytes,
  publishVideo,
  send,
  startChainWithContracts,
  TEST_KEYS,
} from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer, untilJson } from "./support.ts";

const [alice, bob] = TEST_KEYS;
const HOUR = 3600;

describe("indexer: full-text search, tags and suggestions", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  const ids: Record<string, string> = {};
  let channelId: string;

  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);
  const titles = (body: any) => body.items.map((hit: any) => hit.video.manifest?.title ?? null);
  const search = async (query: string) => {
    const { status, body } = await get(`/search?${query}`);
    assert.equal(status, 200, `${query}: ${JSON.stringify(body)}`);
    indexerRoutes.search.response.parse(body);
    return body;
  };

  async function addVideo(fields: { title: string; description: string; tags?: unknown; durationSeconds: number }) {
    const manifest = {
      schema: "chorus.video/1",
      width: 426,
      height: 240,
      master: "master.m3u8",
      renditions: [],
      ...fields,
    };
    return addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
  }

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-search-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    ({ service: indexer, api } = await startIndexer({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
    }));
    const videos = [
      {
        title: "Cooking pasta at home",
        description: "A simple tomato sauce.",
        tags: ["Cooking", "#Italian"],
        durationSeconds: 120,
      },
      { title: "Pasta history", description: "How noodles travelled.", tags: ["history"], durationSeconds: 1500 },
      {
        title: "Mountain bike trails",
        description: "Riding down, with pasta for lunch.",
        tags: ["bikes"],
        durationSeconds: 600,
      },
      // A hostile manifest's tags are dropped, not the video.
      { title: "Odd tags, still found", description: "", tags: "not a list", durationSeconds: 30 },
    ];
    for (const video of videos)
      ids[video.title] = (await publishVideo(chain.rpcUrl, await addVideo(video))).videoId.toString();
    // Not a Chorus manifest: listed by a browse, never by words.
    await publishVideo(chain.rpcUrl, await addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: "{}" }]));

    const add = async (content: string) =>
      (await create({ url: ipfs.rpcUrl }).add(content, KUBO_ADD_OPTIONS)).cid.toString();
    const created = await channelsTx(chain.rpcUrl, alice, "createChannel", [
      cidBytes(
        await add(JSON.stringify({ schema: "chorus.channel/1", name: "Night Owls", description: "After dark." })),
      ),
      cidBytes(await add("# Policy\n\nOnly footage shot by moonlight.\n")),
      [addressOf(alice), addressOf(bob)],
      { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: 24 * HOUR },
    ]);
    channelId = String(
      (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId,
    );

    const handles = { address: deployments[31337].Handles.address, abi: handlesAbi as Abi };
    await send(chain.rpcUrl, alice, { ...handles, functionName: "setNickname", args: ["Ada Lovelace"] });
    await send(chain.rpcUrl, bob, { ...handles, functionName: "setNickname", args: ["bobby"] });
    // Everything above is indexed, and its text fetched from IPFS, once these answer.
    await until("/search?q=odd", (b) => b.items.length === 1);
    await until("/search?type=channels&q=moonlight", (b) => b.items.length === 1);
    await until("/search?type=creators&q=bobby", (b) => b.items.length === 1);
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("ranks title matches above description matches, stems words, and pages by cursor", async () => {
    const pasta = await search("q=pasta");
    assert.deepEqual(titles(pasta).slice(0, 2).sort(), ["Cooking pasta at home", "Pasta history"]);
    assert.equal(titles(pasta)[2], "Mountain bike trails", "a word in the description only ranks last");
    assert.equal(pasta.items.length, 3);
    assert.deepEqual(titles(await search("q=noodle")), ["Pasta history"], "English stemming: noodle finds noodles");
    assert.deepEqual(titles(await search("q=pasta%20-history")).sort(), [
      "Cooking pasta at home",
      "Mountain bike trails",
    ]);
    assert.deepEqual(titles(await search(`q=${encodeURIComponent('"tomato sauce"')}`)), ["Cooking pasta at home"]);

    const first = await search("q=pasta&limit=2");
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = await search(`q=pasta&limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(
      [...titles(first), ...titles(second)],
      titles(pasta),
      "the pages continue the ranked list without gaps or repeats",
    );
    assert.equal(second.nextCursor, null);
  });

  it("stores tags normalised, finds videos by tag, and filters by duration, channel, storage and creator", async () => {
    const byTag = await search("tag=italian");
    assert.deepEqual(titles(byTag), ["Cooking pasta at home"]);
    assert.deepEqual(titles(await search("tag=cooking")), ["Cooking pasta at home"], "indexed lower case, # dropped");
    assert.deepEqual(titles(await search("q=italian")), ["Cooking pasta at home"], "tags are searched as words");
    const odd = await search("q=odd");
    assert.equal(odd.items[0].video.manifest.tags, undefined, "tags that are not a list become none");

    assert.deepEqual(titles(await search("duration=long")), ["Pasta history"]);
    assert.deepEqual(titles(await search("duration=medium")), ["Mountain bike trails"]);
    assert.deepEqual(titles(await search("q=pasta&duration=short")), ["Cooking pasta at home"]);
    assert.equal((await search("q=pasta&since=day")).items.length, 3);
    assert.equal((await search("released=1")).items.length, 0, "no channel has released a video");
    assert.equal((await search(`channel=${channelId}`)).items.length, 0);
    assert.equal((await search("kept=1")).items.length, 0, "no storage deal keeps any video");
    assert.equal((await search(`q=pasta&creator=${addressOf(bob)}`)).items.length, 0);
    assert.equal((await search(`q=pasta&creator=${addressOf(alice)}`)).items.length, 3);

    // No words: everything, newest first, the video whose manifest is not Chorus's included.
    const everything = await search("");
    assert.equal(everything.items.length, 5);
    assert.equal(everything.items[0].video.manifestStatus, "invalid");
  });

  it("lists and searches a feed of sources: any of these tags, creators or channels (an instance's scope)", async () => {
    const listed = async (query: string) => {
      const { status, body } = await get(`/videos?${query}`);
      assert.equal(status, 200, `${query}: ${JSON.stringify(body)}`);
      return indexerRoutes.listVideos.response.parse(body).items.map((video) => video.manifest?.title ?? null);
    };
    assert.deepEqual(
      await listed("tags=Italian,bikes"),
      ["Mountain bike trails", "Cooking pasta at home"],
      "any of the tags, compared normalised, newest first",
    );
    assert.deepEqual(await listed(`tags=history&creators=${addressOf(bob)}`), ["Pasta history"], "tags or creators");
    assert.equal((await listed(`tags=history&creators=${addressOf(alice)}`)).length, 5, "all of alice's videos");
    assert.deepEqual(await listed("tags="), [], "naming no source matches nothing");
    assert.deepEqual(await listed(`channels=${channelId}`), [], "the channel released nothing");

    assert.deepEqual(titles(await search("q=pasta&tags=history,bikes")).sort(), [
      "Mountain bike trails",
      "Pasta history",
    ]);
    assert.deepEqual(titles(await search(`tags=cooking&creators=${addressOf(bob)}`)), ["Cooking pasta at home"]);
    assert.equal((await search(`q=pasta&creators=${addressOf(bob)}`)).items.length, 0);
    const bad = await get("/videos?tags=a,,b&creators=nobody");
    assert.equal(bad.status, 400);
    assert.match((bad.body as any).error.message, /creators "nobody" is not an address/);
  });

  it("finds channels by name and policy, and creators by nickname or address", async () => {
    const owls = await search("type=channels&q=owls");
    assert.deepEqual(
      owls.items.map((hit: any) => [hit.kind, hit.channel.id, hit.channel.metadata.name]),
      [["channel", channelId, "Night Owls"]],
    );
    assert.equal((await search("type=channels&q=footage")).items.length, 1, "the policy's words count");
    assert.equal((await search("type=channels&q=pasta")).items.length, 0);

    const ada = await search("type=creators&q=ada");
    assert.deepEqual(
      ada.items.map((hit: any) => [hit.creator.address, hit.creator.account.nickname, hit.creator.videoCount]),
      [[addressOf(alice), "Ada Lovelace", 5]],
    );
    const bobby = await search("type=creators&q=bobby");
    assert.equal(bobby.items[0].creator.videoCount, 0, "an account that never published is found by its nickname");
    const byAddress = await search(`type=creators&q=${addressOf(alice).toLowerCase()}`);
    assert.equal(byAddress.items[0].creator.address, addressOf(alice));
  });

  it("suggests titles, tags, channels and creators from a prefix", async () => {
    const suggest = async (q: string) => {
      const { status, body } = await get(`/search/suggest?q=${encodeURIComponent(q)}`);
      assert.equal(status, 200, JSON.stringify(body));
      indexerRoutes.suggest.response.parse(body);
      return body.items.map((s: any) => `${s.kind}:${s.text}:${s.id}`);
    };
    const pas = await suggest("Pas");
    assert.ok(pas.includes(`video:Pasta history:${ids["Pasta history"]}`), pas.join());
    assert.ok(pas.includes(`video:Cooking pasta at home:${ids["Cooking pasta at home"]}`), pas.join());
    assert.ok((await suggest("ital")).includes("tag:italian:italian"));
    assert.ok((await suggest("nigh")).includes(`channel:Night Owls:${channelId}`));
    assert.ok((await suggest("ada")).includes(`creator:Ada Lovelace:${addressOf(alice)}`));
    assert.deepEqual(await suggest("zzzz"), []);
    assert.deepEqual(await suggest(""), []);
  });

  it("offers a corrected search when the words found nothing, only if the correction finds something", async () => {
    const typo = await search(`q=${encodeURIComponent("pastaa histroy")}`);
    assert.equal(typo.items.length, 0);
    assert.equal(typo.didYouMean, "pasta history", "each unknown word becomes the closest title or tag word");
    assert.deepEqual(titles(await search(`q=${encodeURIComponent(typo.didYouMean)}`)), ["Pasta history"]);
    // What is typed around the words stays: a phrase's quotes, an excluded word's minus.
    assert.equal((await search(`q=${encodeURIComponent('"cooking psta"')}`)).didYouMean, '"cooking pasta"');
    // Channel names are in the vocabulary too, for a channel search.
    const owls = await search(`type=channels&q=${encodeURIComponent("nigth")}`);
    assert.equal(owls.items.length, 0);
    assert.equal(owls.didYouMean, "night");
    // Short words take one edit at most; far-off words get nothing.
    assert.equal((await search("q=bkie")).didYouMean, null, "two edits from bike: too far for a 4-letter word");
    assert.equal((await search("q=bke")).didYouMean, "bike");
    assert.equal((await search("q=xylophone")).didYouMean, null);
    // A correction that would find nothing under the same filters isn't offered.
    assert.equal((await search("q=histroy&tag=bikes")).didYouMean, null);
    assert.equal((await search("q=histroy&tag=history")).didYouMean, "history");
    // Found something, a later page, or creators (names, not words): no correction.
    assert.equal((await search("q=pasta")).didYouMean, null);
    assert.equal((await search("q=pastaa&cursor=10")).didYouMean, null);
    assert.equal((await search("type=creators&q=bobyb")).didYouMean, null);
  });

  it("answers malformed queries without an error, and bad parameters with a 400 that names them", async () => {
    for (const q of ["&|!:*", "'", '"unclosed', "a:* | !", "(((", "-", "🎬", "\\"]) {
      for (const type of ["videos", "channels", "creators"]) {
        const { status, body } = await get(`/search?type=${type}&q=${encodeURIComponent(q)}`);
        assert.equal(status, 200, `${type} ${q}: ${JSON.stringify(body)}`);
      }
      const suggested = await get(`/search/suggest?q=${encodeURIComponent(q)}`);
      assert.equal(suggested.status, 200, `suggest ${q}: ${JSON.stringify(suggested.body)}`);
    }
    const bad = async (query: string, message: string) => {
      const { status, body } = await get(`/search?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.error.message, message);
    };
    await bad("type=songs", "type must be videos, channels or creators");
    await bad("duration=forever", "duration must be short, medium or long");
    await bad("cursor=abc", "cursor must be a nextCursor from an earlier page");
    await bad(`q=${"x".repeat(201)}`, "q must be at most 200 characters");
    await bad("limit=0", "limit must be an integer from 1 to 100");
  });
});
