import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, filterListsAbi, storiesAbi } from "@chorus/deployments";
import { enumValues, indexerRoutes } from "@chorus/protocol";
import { startIpfsNode } from "@chorus/ipfs-node";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { createPublicClient, http, pad, parseEventLogs, stringToHex, toHex } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, cidBytes, send, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { getJson, startIndexer, untilJson } from "./support.ts";

const [alice, bob, carol] = TEST_KEYS;
const HOUR = 3600;
const Kind = enumValues("FilterTargetKind");
const { FilterLists, Stories } = deployments[31337];

describe("indexer: filter lists, reports and stories on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;

  const lists = async (key: `0x${string}`, functionName: string, args: readonly unknown[]) =>
    parseEventLogs({
      abi: filterListsAbi,
      logs: (await send(chain.rpcUrl, key, { address: FilterLists.address, abi: filterListsAbi, functionName, args }))
        .logs,
    });
  const stories = async (key: `0x${string}`, functionName: string, args: readonly unknown[]) =>
    parseEventLogs({
      abi: storiesAbi,
      logs: (await send(chain.rpcUrl, key, { address: Stories.address, abi: storiesAbi, functionName, args })).logs,
    });
  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-lists-"));
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

  it("indexes a list: entries added and removed with their reasons, reports accepted and dismissed, a handover", async () => {
    const [a, b, c] = [alice, bob, carol].map(addressOf) as [string, string, string];
    const created = await lists(alice, "createList", ["No spoilers", "Endings and twists."]);
    const listId = (created.find((e) => e.eventName === "ListCreated")!.args as { listId: bigint }).listId;
    const video7 = pad(toHex(7n));
    const author = pad(c.toLowerCase() as `0x${string}`);
    const word = stringToHex("finale", { size: 32 });
    await lists(alice, "addEntry", [listId, Kind.Video, video7, "Shows the ending of Moonrise."]);
    await lists(alice, "addEntry", [listId, Kind.Word, word, "Episode titles give the twist away."]);
    await lists(alice, "removeEntry", [listId, Kind.Video, video7]);
    await lists(alice, "addEntry", [listId, Kind.Video, video7, "Re-listed with a better reason."]);

    // Bob reports Carol (accepted, with the maintainer's own reason) and the video 9 (dismissed).
    const reported = await lists(bob, "report", [listId, Kind.Author, author, "Posts nothing but spoilers!!"]);
    const reportId = (reported.find((e) => e.eventName === "Reported")!.args as { reportId: bigint }).reportId;
    const dismissed = await lists(bob, "report", [listId, Kind.Video, pad(toHex(9n)), "spoiler?"]);
    const dismissedId = (dismissed.find((e) => e.eventName === "Reported")!.args as { reportId: bigint }).reportId;
    await until(`/lists/${listId}/reports?status=open`, (body) => body.items.length === 2);
    assert.equal((await get(`/lists/${listId}`)).body.openReports, 2);
    await lists(alice, "resolveReport", [reportId, true, "Spoils season finales in titles."]);
    await lists(alice, "resolveReport", [dismissedId, false, ""]);
    // Two reporters name the same video; accepting the second finds it listed already: no second entry.
    const video11 = pad(toHex(11n));
    const firstReport = await lists(bob, "report", [listId, Kind.Video, video11, "Ending at 3:10."]);
    const secondReport = await lists(carol, "report", [listId, Kind.Video, video11, "same here"]);
    const ids11 = [firstReport, secondReport].map(
      (events) => (events.find((e) => e.eventName === "Reported")!.args as { reportId: bigint }).reportId,
    );
    await lists(alice, "resolveReport", [ids11[0], true, "Shows the ending of Sunset."]);
    await lists(alice, "resolveReport", [ids11[1], true, "Listed already."]);

    // Ponder writes a block's rows table by table and a read may see some of them: each wait covers what follows.
    const list = await until(`/lists/${listId}`, (body) => body.entryCount === 4 && body.openReports === 0);
    assert.deepEqual(
      {
        name: list.name,
        description: list.description,
        maintainer: list.maintainer,
        offeredTo: list.offeredTo,
        reportCount: list.reportCount,
      },
      { name: "No spoilers", description: "Endings and twists.", maintainer: a, offeredTo: null, reportCount: 4 },
    );
    const current = await until(`/lists/${listId}/entries`, (body) => body.items.length === 4);
    assert.deepEqual(
      current.items.map((e: any) => [e.kind, e.value, e.reason, e.reportId, e.removedAt]),
      [
        ["video", "11", "Shows the ending of Sunset.", ids11[0]!.toString(), null],
        ["author", c, "Spoils season finales in titles.", reportId.toString(), null],
        ["video", "7", "Re-listed with a better reason.", null, null],
        ["word", "finale", "Episode titles give the twist away.", null, null],
      ],
      "the entries on the list now, newest first, subjects decoded",
    );
    assert.equal(current.items[1].subject, author);
    // The answers are what the protocol's schemas (and so the OpenAPI document) say.
    indexerRoutes.getFilterList.response.parse(list);
    indexerRoutes.listFilterEntries.response.parse(current);
    const history = (await get(`/lists/${listId}/entries?all=1`)).body.items;
    assert.equal(history.length, 5, "the removed listing is kept in the history");
    assert.equal(history[4].reason, "Shows the ending of Moonrise.");
    assert.equal(typeof history[4].removedAt, "number");
    assert.ok(history[4].removedTx.startsWith("0x"));
    // Pages of three: the cursor leads through all four and ends.
    const first = (await get(`/lists/${listId}/entries?limit=3`)).body;
    const second = (await get(`/lists/${listId}/entries?limit=3&cursor=${first.nextCursor}`)).body;
    assert.deepEqual(
      [...first.items, ...second.items].map((e: any) => e.id),
      current.items.map((e: any) => e.id),
    );
    assert.equal(second.nextCursor, null);

    const accepted = (await get(`/lists/${listId}/reports?status=accepted`)).body.items;
    assert.deepEqual(
      accepted.map((r: any) => [r.id, r.reporter, r.kind, r.value, r.reason, r.status, r.resolvedBy, r.resolution]),
      [
        [ids11[1]!.toString(), c, "video", "11", "same here", "accepted", a, "Listed already."],
        [ids11[0]!.toString(), b, "video", "11", "Ending at 3:10.", "accepted", a, "Shows the ending of Sunset."],
        [
          reportId.toString(),
          b,
          "author",
          c,
          "Posts nothing but spoilers!!",
          "accepted",
          a,
          "Spoils season finales in titles.",
        ],
      ],
    );
    indexerRoutes.listFilterReports.response.parse((await get(`/lists/${listId}/reports`)).body);
    const dismissedReports = (await get(`/lists/${listId}/reports?status=dismissed`)).body.items;
    assert.deepEqual(
      dismissedReports.map((r: any) => [r.id, r.value, r.resolution]),
      [[dismissedId.toString(), "9", ""]],
    );
    assert.equal((await get(`/lists/${listId}/reports?status=open`)).body.items.length, 0);
    assert.deepEqual(
      (await get(`/lists/${listId}/reports`)).body.items.map((r: any) => r.id),
      [...ids11].reverse().concat([dismissedId, reportId]).map(String),
    );

    // Hand-over in two steps: offered (pending), then accepted by Bob; an edit by the new maintainer.
    await lists(alice, "offerList", [listId, b]);
    await until(`/lists/${listId}`, (body) => body.offeredTo === b);
    await lists(bob, "acceptList", [listId]);
    await lists(bob, "editList", [listId, "No spoilers (TV)", ""]);
    const handed = await until(`/lists/${listId}`, (body) => body.name === "No spoilers (TV)");
    assert.equal(handed.maintainer, b);
    assert.equal(handed.offeredTo, null);
    assert.equal(handed.description, "");
    assert.deepEqual(
      (await get(`/lists?maintainer=${b}`)).body.items.map((l: any) => l.id),
      [listId.toString()],
    );
    assert.deepEqual((await get(`/lists?maintainer=${a}`)).body.items, []);
    assert.ok((await get("/lists")).body.items.some((l: any) => l.id === listId.toString()));
  });

  it("answers 404 for an unknown list and 400 for bad switches and statuses", async () => {
    const missing = await get("/lists/999");
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /no filter list 999/);
    for (const [route, message] of [
      ["/lists/1/entries?all=yes", /^all must be 1 or 0/],
      ["/lists/1/reports?status=closed", /^status must be one of open, accepted, dismissed, all/],
      ["/stories?live=true", /^live must be 1 or 0/],
      ["/stories?creator=bob", /^creator must be an address/],
    ] as const) {
      const { status, body } = await get(route);
      assert.equal(status, 400, route);
      assert.match(body.error.message, message, route);
    }
  });

  it("indexes stories: live, deleted, and expired once the chain's clock passes expiresAt", async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never);
    const ipfsClient = create({ url: ipfs.rpcUrl });
    const image = (await ipfsClient.add("a tiny picture", KUBO_ADD_OPTIONS)).cid.toString();
    const [a, b] = [alice, bob].map(addressOf) as [string, string];
    const post = async (key: `0x${string}`, caption: string, lifetime: number) => {
      const events = await stories(key, "post", [cidBytes(image), caption, lifetime]);
      return events.find((e) => e.eventName === "StoryPosted")!.args as { storyId: bigint; expiresAt: number };
    };
    const short = await post(alice, "Sunrise over the bay", HOUR); // expires in an hour
    const day = await post(alice, "All day long", 0); // the default, 24 h
    const gone = await post(bob, "Oops", HOUR);
    await stories(bob, "deleteStory", [gone.storyId]);

    const all = await until("/stories", (body) => body.items.length === 3 && body.items[0].deletedAt !== null);
    assert.deepEqual(
      all.items.map((s: any) => [s.id, s.creator, s.caption, s.status]),
      [
        [gone.storyId.toString(), b, "Oops", "deleted"],
        [day.storyId.toString(), a, "All day long", "live"],
        [short.storyId.toString(), a, "Sunrise over the bay", "live"],
      ],
    );
    indexerRoutes.listStories.response.parse(all);
    assert.equal(all.items[2].cid, image);
    assert.equal(all.items[2].expiresAt, short.expiresAt);
    assert.equal(all.items[1].expiresAt - all.items[1].postedAt, 24 * HOUR);
    const live = (await get(`/stories?live=1&creator=${a}`)).body.items;
    assert.deepEqual(
      live.map((s: any) => s.id),
      [day.storyId.toString(), short.storyId.toString()],
    );
    assert.deepEqual((await get(`/stories?live=1&creator=${b}`)).body.items, [], "a deleted story is not live");

    // Two hours on the chain's clock: the one-hour story has expired, with no transaction about it.
    await rpc("evm_increaseTime", [2 * HOUR]);
    await rpc("evm_mine");
    const later = await until(`/stories?live=1&creator=${a}`, (body) => body.items.length === 1);
    assert.equal(later.items[0].id, day.storyId.toString());
    const expired = (await get(`/stories?creator=${a}`)).body.items;
    assert.deepEqual(
      expired.map((s: any) => s.status),
      ["live", "expired"],
    );
  });
});
