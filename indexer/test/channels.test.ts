import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startIpfsNode } from "@chorus/ipfs-node";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { createPublicClient, http } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, channelsTx, cidBytes, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer, untilJson } from "./support.ts";
const [alice, bob, carol, dave] = TEST_KEYS;
const HOUR = 3600;

describe("indexer: community channels on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;

  const add = async (content: string) =>
    (await create({ url: ipfs.rpcUrl }).add(content, KUBO_ADD_OPTIONS)).cid.toString();
  const addVideo = async (title: string) => {
    const manifest = {
      schema: "chorus.video/1",
      title,
      description: "",
      durationSeconds: 3,
      width: 426,
      height: 240,
      master: "master.m3u8",
      thumbnail: "thumbnail.jpg",
      segmentSeconds: 2,
      renditions: [],
      createdAt: new Date().toISOString(),
    };
    return addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
  };
  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-channels-"));
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

  it("indexes a three-member channel: submission, votes, release by the second vote, policy v2, membership history", async () => {
    const metadataCid = await add(
      JSON.stringify({ schema: "chorus.channel/1", name: "Night Owls", description: "Films shot after dark." }),
    );
    const policyV1 = await add("# Policy\n\nOnly footage shot at night.\n");
    const rules = { submitters: 0, thresholdKind: 0, threshold: 2, votingPeriod: 24 * HOUR };
    const created = await channelsTx(chain.rpcUrl, alice, "createChannel", [
      cidBytes(metadataCid),
      cidBytes(policyV1),
      [addressOf(alice), addressOf(bob), addressOf(carol)],
      rules,
    ]);
    const channelId = (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId;

    // Ponder writes a block's rows table by table, and PGlite lets a read see the tables already written: every wait
    // below covers each table the assertions after it read.
    await until(
      `/channels/${channelId}`,
      (b) => b.memberCount === 3 && b.members.length === 3 && b.policies.length === 1,
    );
    const { body: channelBody } = await get(`/channels/${channelId}`);
    assert.equal(channelBody.metadata.name, "Night Owls");
    assert.equal(channelBody.policyVersion, 1);
    assert.equal(channelBody.policyCid, policyV1);
    assert.deepEqual(channelBody.rules, {
      submitters: "members",
      thresholdKind: "absolute",
      threshold: 2,
      votingPeriod: 24 * HOUR,
    });
    assert.equal(channelBody.requiredYes, 2);
    assert.deepEqual(
      channelBody.members.map((m: any) => m.address).sort(),
      [addressOf(alice), addressOf(bob), addressOf(carol)].sort(),
    );
    assert.equal(channelBody.policies.length, 1);

    // Alice submits (her yes counts); Bob's vote reaches the threshold and releases it in the same transaction.
    const videoCid = await addVideo("Moonrise");
    const submitted = await channelsTx(chain.rpcUrl, alice, "submitVideo", [channelId, cidBytes(videoCid)]);
    const proposalId = (submitted.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    await until(`/channels/${channelId}/proposals?status=open`, (b) => b.items.length === 1);
    const open = (await get(`/channels/${channelId}/proposals?status=open`)).body.items[0];
    assert.equal(open.kind, "video");
    assert.equal(open.cid, videoCid);
    assert.equal(open.yesVotes, 1);
    assert.equal(open.votesNeeded, 1);
    assert.deepEqual(open.snapshot, { epoch: 0, members: 3, requiredYes: 2 });
    assert.equal((await get(`/channels?member=${addressOf(bob)}`)).body.items[0].openProposals, 1);

    await channelsTx(chain.rpcUrl, bob, "vote", [proposalId, true]);
    const videoId = `ch${channelId}-${proposalId}`;
    await until(`/videos/${videoId}`, (b) => !!b.id);
    const { body: videoBody } = await get(`/videos/${videoId}`);
    assert.equal(videoBody.manifest.title, "Moonrise");
    assert.equal(videoBody.creator, addressOf(alice));
    assert.deepEqual(videoBody.release, {
      channelId: channelId.toString(),
      channelName: "Night Owls",
      proposalId: proposalId.toString(),
      policyVersion: 1,
    });
    // A subscriptions feed finds it by the channel or by its submitter, not by someone else's follows.
    const feed = async (query: string) => (await get(`/videos?${query}`)).body.items.map((v: any) => v.id);
    assert.deepEqual(await feed(`channels=${channelId}`), [videoId]);
    assert.deepEqual(await feed(`creators=${addressOf(bob)},${addressOf(alice)}`), [videoId]);
    assert.deepEqual(await feed(`creators=${addressOf(bob)}&channels=${channelId + 1n}`), []);
    assert.deepEqual(await feed("creators=&channels="), [], "following nobody is an empty feed");
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(",");
    assert.match(
      (await get(`/videos?channels=${tooMany}`)).body.error.message,
      /^channels names 101 channel ids; at most 100/,
    );
    assert.match((await get(`/videos?creators=0x12`)).body.error.message, /^creators "0x12" is not an address/);
    await until(`/channels/${channelId}/proposals?status=released`, (b) => b.items[0]?.ballots.length === 2);
    await until(`/creators/${addressOf(alice)}`, (b) => b.videoCount === 1);
    const released = (await get(`/channels/${channelId}/proposals?status=released`)).body.items;
    assert.equal(released.length, 1);
    assert.deepEqual(
      released[0].ballots.map((b: any) => [b.voter, b.support]).sort(),
      [
        [addressOf(alice), true],
        [addressOf(bob), true],
      ].sort(),
    );
    assert.equal((await get(`/videos?channel=${channelId}`)).body.items.length, 1);
    assert.ok(
      (await get(`/videos`)).body.items.some((v: any) => v.id === videoId),
      "listed in the catalogue",
    );
    assert.equal((await get(`/creators/${addressOf(alice)}`)).body.videoCount, 1, "counts for its submitter");

    // Amend the policy: version 2, history kept. An older amendment passed afterwards is stale: it changes nothing.
    const stalePolicy = await add("# Policy\n\nAnything goes.\n");
    const old = await channelsTx(chain.rpcUrl, alice, "proposePolicy", [channelId, cidBytes(stalePolicy)]);
    const oldId = (old.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint }).proposalId;
    const policyV2 = await add("# Policy\n\nOnly footage shot at night, or at dawn.\n");
    const amend = await channelsTx(chain.rpcUrl, bob, "proposePolicy", [channelId, cidBytes(policyV2)]);
    const amendId = (amend.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint }).proposalId;
    await channelsTx(chain.rpcUrl, carol, "vote", [amendId, true]);
    await until(`/channels/${channelId}`, (b) => b.policyVersion === 2 && b.policies.length === 2);
    await channelsTx(chain.rpcUrl, carol, "vote", [oldId, true]);
    await until(`/proposals/${oldId}`, (b) => b.status === "executed");
    assert.equal((await get(`/proposals/${oldId}`)).body.effect, "stale");
    const { body: amended } = await get(`/channels/${channelId}`);
    assert.equal(amended.policyVersion, 2);
    assert.deepEqual(
      amended.policies.map((p: any) => [p.version, p.policyCid]),
      [
        [1, policyV1],
        [2, policyV2],
      ],
    );

    // Add Dave: a member change by the same votes; the history records the join.
    const join = await channelsTx(chain.rpcUrl, carol, "proposeAddMember", [channelId, addressOf(dave)]);
    const joinId = (join.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint }).proposalId;
    await channelsTx(chain.rpcUrl, alice, "vote", [joinId, true]);
    await until(`/channels/${channelId}`, (b) => b.memberCount === 4 && b.membershipHistory.length === 4);
    await until(`/channels/${channelId}/proposals?status=executed`, (b) => b.items.length === 3);
    const { body: grown } = await get(`/channels/${channelId}`);
    assert.equal(grown.membershipHistory.at(-1).member, addressOf(dave));
    assert.equal(grown.membershipHistory.at(-1).change, "joined");
    const executed = (await get(`/channels/${channelId}/proposals?status=executed`)).body.items;
    assert.deepEqual(executed.map((p: any) => `${p.kind}:${p.effect}`).sort(), [
      "add-member:applied",
      "policy:applied",
      "policy:stale",
    ]);
  });

  it("lists membership changes, members and ballots in chain order when many share one second", async () => {
    // A local chain mines several blocks a second and an L2 one every two: block timestamps tie. Every change below
    // lands in its own block, all with the same timestamp, so only block number and log index can order them.
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never);
    const second = Number((await client.getBlock()).timestamp) + 1;
    const inSameSecond = async <T>(run: () => Promise<T>) => {
      await rpc("evm_setNextBlockTimestamp", [second]);
      return run();
    };
    const [a, b, c, d] = [alice, bob, carol, dave].map(addressOf) as [string, string, string, string];
    // One founder and a one-vote threshold: each proposal executes in the transaction that makes it.
    const metadataCid = await add(JSON.stringify({ schema: "chorus.channel/1", name: "Busy", description: "" }));
    const policyCid = await add("# Busy\n");
    const videoCid = await addVideo("Busy day");
    const created = await inSameSecond(() =>
      channelsTx(chain.rpcUrl, alice, "createChannel", [
        cidBytes(metadataCid),
        cidBytes(policyCid),
        [a],
        { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: HOUR },
      ]),
    );
    const channelId = (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId;
    const changes: [string, "joined" | "left"][] = [[a, "joined"]];
    const plan: [string, "joined" | "left"][] = [
      [b, "joined"],
      [c, "joined"],
      [d, "joined"],
      [b, "left"],
      [a, "left"],
      [b, "joined"],
      [c, "left"],
      [a, "joined"],
    ];
    for (const [member, change] of plan) {
      // A member proposes: Alice while she adds the first three, then Dave, who never leaves.
      const proposer = changes.length <= 3 ? alice : dave;
      await inSameSecond(() =>
        channelsTx(chain.rpcUrl, proposer, change === "joined" ? "proposeAddMember" : "proposeRemoveMember", [
          channelId,
          member,
        ]),
      );
      changes.push([member, change]);
    }
    // Now Dave, Bob and Alice are members. Require all three, then Dave submits a video and the others vote.
    await inSameSecond(() =>
      channelsTx(chain.rpcUrl, dave, "proposeRules", [
        channelId,
        { submitters: 0, thresholdKind: 0, threshold: 3, votingPeriod: HOUR },
      ]),
    );
    const submitted = await inSameSecond(() =>
      channelsTx(chain.rpcUrl, dave, "submitVideo", [channelId, cidBytes(videoCid)]),
    );
    const proposalId = (submitted.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    for (const voter of [bob, alice])
      await inSameSecond(() => channelsTx(chain.rpcUrl, voter, "vote", [proposalId, true]));
    assert.equal(Number((await client.getBlock()).timestamp), second, "every block above has the same timestamp");

    await until(`/proposals/${proposalId}`, (b) => b.status === "released" && b.ballots.length === 3);
    const { body } = await get(`/channels/${channelId}`);
    assert.deepEqual(
      body.membershipHistory.map((h: any) => [h.member, h.change]),
      changes,
    );
    assert.deepEqual(
      body.membershipHistory.map((h: any) => h.memberCount),
      [1, 2, 3, 4, 3, 2, 3, 2, 3],
    );
    // Members in the order they (last) joined.
    assert.deepEqual(
      body.members.map((m: any) => m.address),
      [d, b, a],
    );
    const proposal = (await get(`/proposals/${proposalId}`)).body;
    assert.deepEqual(
      proposal.ballots.map((v: any) => v.voter),
      [d, b, a],
      "ballots in the order they were cast",
    );
  });

  it("shows a rejection as soon as it is certain, and a withdrawal", async () => {
    const metadataCid = await add(JSON.stringify({ schema: "chorus.channel/1", name: "Strict", description: "" }));
    const policy = await add("# Strict\n");
    const created = await channelsTx(chain.rpcUrl, alice, "createChannel", [
      cidBytes(metadataCid),
      cidBytes(policy),
      [addressOf(alice), addressOf(bob), addressOf(carol)],
      { submitters: 1, thresholdKind: 1, threshold: 10_000, votingPeriod: HOUR },
    ]);
    const channelId = (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId;
    const firstTx = await channelsTx(chain.rpcUrl, dave, "submitVideo", [
      channelId,
      cidBytes(await addVideo("Refused")),
    ]);
    const firstId = (firstTx.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint }).proposalId;
    await channelsTx(chain.rpcUrl, bob, "vote", [firstId, false]); // unanimity needed: one no decides
    const secondTx = await channelsTx(chain.rpcUrl, dave, "submitVideo", [
      channelId,
      cidBytes(await addVideo("Withdrawn")),
    ]);
    const secondId = (secondTx.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    await channelsTx(chain.rpcUrl, dave, "withdraw", [secondId]);

    await until(`/proposals/${secondId}`, (b) => b.status === "withdrawn");
    assert.equal((await get(`/proposals/${firstId}`)).body.status, "rejected");
    assert.equal((await get(`/channels/${channelId}/proposals?status=open`)).body.items.length, 0);
    assert.equal((await get(`/channels/${channelId}/proposals?status=decided`)).body.items.length, 2);
    // Pages, newest first: one at a time, the cursor of the first page leads to the second, which is the last.
    const first = (await get(`/channels/${channelId}/proposals?status=decided&limit=1`)).body;
    assert.deepEqual(
      first.items.map((p: any) => p.id),
      [secondId.toString()],
    );
    const next = (await get(`/channels/${channelId}/proposals?status=decided&limit=1&cursor=${first.nextCursor}`)).body;
    assert.deepEqual(next, { items: [next.items[0]], nextCursor: null });
    assert.equal(next.items[0].id, firstId.toString());
    const channels = (await get(`/channels?limit=1`)).body;
    assert.deepEqual(
      channels.items.map((c: any) => c.id),
      [channelId.toString()],
      "newest first",
    );
    const older = (await get(`/channels?limit=100&cursor=${channels.nextCursor}`)).body;
    assert.ok(older.items.length >= 1 && older.items.every((c: any) => BigInt(c.id) < channelId));
    assert.equal(older.nextCursor, null);
    assert.equal((await get(`/channels/${channelId}`)).body.videoCount, 0);
  });
});
