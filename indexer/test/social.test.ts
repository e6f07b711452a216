import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { commentsAbi, constants, deployments, handlesAbi, streamsAbi } from "@chorus/deployments";
import { enumValues, indexerRoutes } from "@chorus/protocol";
import { startIpfsNode } from "@chorus/ipfs-node";
import { createPublicClient, http, parseEventLogs, type Abi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, cidBytes, publishVideo, send, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer, untilJson } from "./support.ts";

const [alice, bob, carol] = TEST_KEYS;
const DAY = 86_400;
const PostKind = enumValues("PostKind");
const Policy = enumValues("CommentPolicy");
const { Handles, Comments, Streams } = deployments[31337];

describe("indexer: handles, comments and streams on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  let directory: string;

  /** Sends a transaction to one of the three contracts; answers its decoded events. */
  const tx = async (
    contract: { address: `0x${string}`; abi: Abi },
    key: `0x${string}`,
    functionName: string,
    args: readonly unknown[],
    value?: bigint,
  ) =>
    parseEventLogs({
      abi: contract.abi,
      logs: (await send(chain.rpcUrl, key, { ...contract, functionName, args, ...(value ? { value } : {}) })).logs,
    }) as unknown as { eventName: string; args: Record<string, any> }[];
  const handles = { address: Handles.address, abi: handlesAbi as Abi };
  const comments = { address: Comments.address, abi: commentsAbi as Abi };
  const streams = { address: Streams.address, abi: streamsAbi as Abi };
  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-social-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    directory = await addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: "{}" }]);
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

  it("indexes comments, replies, an edit, a deletion and a policy change, with each author's name", async () => {
    const { videoId } = await publishVideo(chain.rpcUrl, directory); // by alice
    const [a, b, c] = [alice, bob, carol].map(addressOf) as [string, string, string];
    await tx(handles, bob, "setNickname", ["bobby"]);
    const idOf = (events: { eventName: string; args: Record<string, any> }[]) =>
      events.find((e) => e.eventName === "CommentPosted")!.args.commentId as bigint;
    const first = idOf(await tx(comments, bob, "comment", [PostKind.Video, videoId, 0n, "First!"]));
    const reply = idOf(await tx(comments, alice, "comment", [PostKind.Video, videoId, first, "Thanks, Bob."]));
    const gone = idOf(await tx(comments, carol, "comment", [PostKind.Video, videoId, 0n, "regrettable words"]));
    await tx(comments, bob, "edit", [first, "First! Great video."]);
    await tx(comments, carol, "deleteComment", [gone]);
    await tx(comments, alice, "setCommentPolicy", [PostKind.Video, videoId, Policy.Off]);

    const post = await until(`/posts/video/${videoId}`, (body) => body.policy === "off" && body.commentCount === 2);
    indexerRoutes.getPost.response.parse(post);
    const page = await until(
      `/posts/video/${videoId}/comments`,
      (body) => body.items.length === 3 && body.items[2].deletedAt !== null && body.items[0].editedAt !== null,
    );
    indexerRoutes.listPostComments.response.parse(page);
    assert.deepEqual(
      page.items.map((x: any) => [x.id, x.parentId, x.author.address, x.author.nickname, x.body, x.kind, x.postId]),
      [
        [first.toString(), null, b, "bobby", "First! Great video.", "video", videoId.toString()],
        [reply.toString(), first.toString(), a, null, "Thanks, Bob.", "video", videoId.toString()],
        [gone.toString(), null, c, null, "", "video", videoId.toString()],
      ],
      "oldest first, replies with their parent, the latest text, a deleted comment's text withheld",
    );
    assert.equal(page.items[0].author.fingerprint, `${b.slice(0, 6)}…${b.slice(-4)}`);
    assert.equal(page.items[1].editedAt, null);
    // Pages of two: the cursor leads through all three and ends.
    const one = (await get(`/posts/video/${videoId}/comments?limit=2`)).body;
    const two = (await get(`/posts/video/${videoId}/comments?limit=2&cursor=${one.nextCursor}`)).body;
    assert.deepEqual(
      [...one.items, ...two.items].map((x: any) => x.id),
      [first, reply, gone].map(String),
    );
    assert.equal(two.nextCursor, null);
    // Another post: nothing yet, open by default.
    assert.deepEqual((await get("/posts/release/5")).body, {
      kind: "release",
      id: "5",
      policy: "open",
      commentCount: 0,
    });
    assert.deepEqual((await get("/posts/release/5/comments")).body, { items: [], nextCursor: null });
  });

  it("indexes streams: started, ended with a VOD, filtered by live, creator and channel", async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const start = async (key: `0x${string}`, title: string) => {
      const streamKey = privateKeyToAccount(generatePrivateKey());
      const hash = (await client.readContract({
        ...streams,
        functionName: "keyProofHash",
        args: [addressOf(key)],
      })) as `0x${string}`;
      const proof = await streamKey.signMessage({ message: { raw: hash } });
      const room = `chorus/live/31337/${streamKey.address}`;
      const events = await tx(streams, key, "start", [0n, title, room, streamKey.address, proof]);
      return { id: events[0]!.args.streamId as bigint, streamKey: streamKey.address, room };
    };
    const [a, b] = [alice, bob].map(addressOf) as [string, string];
    const morning = await start(alice, "Morning show");
    const evening = await start(bob, "Evening jam");
    await tx(streams, alice, "end", [morning.id]);
    await tx(streams, alice, "setVod", [morning.id, cidBytes(directory)]);

    const ended = await until(`/streams/${morning.id}`, (body) => typeof body.vod === "string");
    indexerRoutes.getStream.response.parse(ended);
    assert.deepEqual(
      [ended.creator, ended.channelId, ended.streamKey, ended.title, ended.room, ended.live, ended.vod],
      [a, "0", morning.streamKey, "Morning show", morning.room, false, directory],
    );
    assert.equal(typeof ended.endedAt, "number");
    assert.ok(ended.endedAt >= ended.startedAt);
    const live = (await get("/streams?live=1")).body;
    indexerRoutes.listStreams.response.parse(live);
    assert.deepEqual(
      live.items.map((s: any) => [s.id, s.creator, s.live, s.endedAt]),
      [[evening.id.toString(), b, true, null]],
    );
    assert.deepEqual(
      (await get("/streams?channel=0")).body.items.map((s: any) => s.id),
      [evening.id, morning.id].map(String),
      "newest first",
    );
    assert.deepEqual((await get("/streams?channel=7")).body.items, []);
    assert.deepEqual(
      (await get(`/streams?creator=${a}`)).body.items.map((s: any) => s.id),
      [morning.id.toString()],
    );
    const missing = await get("/streams/999");
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /no stream 999/);
  });

  it("indexes nicknames and handles: claimed, released, expired by the chain's clock, then lapsed to a new holder", async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never);
    const [a, b, c] = [alice, bob, carol].map(addressOf) as [string, string, string];
    const bond = constants.Handles.BOND;
    await tx(handles, alice, "setNickname", ["Alice ✓"]);
    await tx(handles, alice, "claim", ["alice-tv"], bond);
    await tx(handles, carol, "claim", ["carol"], bond);
    await tx(handles, carol, "release", []);

    const account = await until(`/accounts/${a}`, (body) => body.handle?.handle === "alice-tv");
    indexerRoutes.getAccount.response.parse(account);
    assert.equal(account.nickname, "Alice ✓");
    assert.equal(account.fingerprint, `${a.slice(0, 6)}…${a.slice(-4)}`);
    assert.equal(account.handle.status, "live");
    const held = await until("/handles/alice-tv", (body) => body.holder?.address === a && body.history.length === 1);
    indexerRoutes.getHandle.response.parse(held);
    assert.equal(held.status, "live");
    assert.deepEqual(
      held.history.map((h: any) => [h.change, h.holder]),
      [["claimed", a]],
    );
    const released = await until(`/accounts/${c}`, (body) => body.handle?.status === "released");
    assert.equal(released.handle.handle, "carol");
    // Nobody holds a released handle. (Ponder writes a block's tables one by one: each wait covers what follows.)
    await until("/handles/carol", (body) => body.error?.code === "not-found");
    assert.deepEqual((await get(`/accounts/${"0x000000000000000000000000000000000000dEaD"}`)).body.handle, null);

    // A year and a day on the chain's clock: alice's handle has expired, with no transaction about it.
    await rpc("evm_increaseTime", [366 * DAY]);
    await rpc("evm_mine");
    await until(`/accounts/${a}`, (body) => body.handle?.status === "expired");
    assert.equal((await get("/handles/alice-tv")).body.status, "expired");

    // Bob claims it: alice loses it (HandleLapsed), bob holds it.
    await tx(handles, bob, "claim", ["alice-tv"], bond);
    const taken = await until("/handles/alice-tv", (body) => body.holder?.address === b && body.history.length === 3);
    assert.equal(taken.status, "live");
    assert.equal(taken.holder.nickname, "bobby");
    assert.deepEqual(
      taken.history.map((h: any) => [h.change, h.holder]),
      [
        ["claimed", a],
        ["lapsed", a],
        ["claimed", b],
      ],
    );
    await until(`/accounts/${a}`, (body) => body.handle === null);
  });

  it("answers 400 for a bad post kind, handle or channel", async () => {
    for (const [route, message] of [
      ["/posts/clip/1/comments", /^kind must be video or release/],
      ["/posts/video/0", /^id must be a positive integer/],
      ["/handles/Alice", /^handle must be a handle/],
      ["/streams?channel=x", /^channel must be a channel id/],
      ["/accounts/bob", /^address must be an address/],
    ] as const) {
      const { status, body } = await get(route);
      assert.equal(status, 400, route);
      assert.match(body.error.message, message, route);
    }
  });
});
