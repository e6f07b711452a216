import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CHANNEL_PLAYLISTS_KEY,
  CHANNEL_PLAYLISTS_SCHEMA,
  encodeChannelPlaylistsValue,
  indexerRoutes,
  PLAYLIST_DOCUMENT_SCHEMA,
} from "@chorus/protocol";
import { startIpfsNode } from "@chorus/ipfs-node";
import { create } from "kubo-rpc-client";
import type { Hex } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, channelsTx, cidBytes, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { getJson, startIndexer, untilJson } from "./support.ts";

const [, bob, carol] = TEST_KEYS;
const DAY = 86_400;

/** A CID of bytes no node has: a valid sha2-256 CIDv1 (raw) of a digest nobody computed. */
const NOWHERE = "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

describe("indexer: a community channel's playlists, set by its members' vote", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  let channelId: bigint;
  const add = async (content: string) =>
    (await create({ url: ipfs.rpcUrl }).add(content, { cidVersion: 1, rawLeaves: true })).cid.toString();
  const playlist = (title: string, ids: string[], id?: string) => ({
    ...(id ? { id } : {}),
    title,
    description: `About ${title}`,
    entries: ids.map((videoId) => ({ videoId, title: `Video ${videoId}` })),
  });
  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);

  /** Bob proposes the value, carol's yes passes it (two of two founders); answers the proposal id. */
  async function vote(value: Hex) {
    const proposed = await channelsTx(chain.rpcUrl, bob, "proposeSetting", [channelId, CHANNEL_PLAYLISTS_KEY, value]);
    const proposalId = (proposed.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    const open = await until(`/proposals/${proposalId}`, (x) => x.kind === "setting");
    await channelsTx(chain.rpcUrl, carol, "vote", [proposalId, true]);
    return { proposalId: proposalId.toString(), open };
  }

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-channel-playlists-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    ({ service: indexer, api } = await startIndexer({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
    }));
    const text = await add("A channel");
    const rules = { submitters: 0, thresholdKind: 0, threshold: 2, votingPeriod: DAY };
    const created = await channelsTx(chain.rpcUrl, bob, "createChannel", [
      cidBytes(text),
      cidBytes(text),
      [addressOf(bob), addressOf(carol)],
      rules,
    ]);
    channelId = (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId;
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("serves no playlists before a vote, the voted list in order after, and what a proposal would set", async () => {
    const none = await until(`/channels/${channelId}/playlists`, (x) => x.channelId === channelId.toString());
    indexerRoutes.getChannelPlaylists.response.parse(none);
    assert.deepEqual(none, {
      channelId: channelId.toString(),
      documentCid: null,
      documentStatus: null,
      playlists: [],
      proposalId: null,
      setAt: null,
      removed: [],
    });

    // A document from before ids: its playlists are addressed by position.
    const lists = [playlist("Walks", ["1", "ch1-2", "3"]), playlist("Talks", ["4"])];
    const cid = await add(JSON.stringify({ schema: CHANNEL_PLAYLISTS_SCHEMA, playlists: lists }));
    const { proposalId, open } = await vote(encodeChannelPlaylistsValue(cid));
    indexerRoutes.getProposal.response.parse(open);
    assert.deepEqual(open.proposedSetting, {
      key: CHANNEL_PLAYLISTS_KEY,
      value: encodeChannelPlaylistsValue(cid),
      membershipPlan: null,
      channelPlaylists: {
        documentCid: cid,
        documentStatus: "ok",
        playlists: [
          { title: "Walks", videoCount: 3 },
          { title: "Talks", videoCount: 1 },
        ],
        changes: {
          changes: [
            { kind: "added", title: "Walks", videoCount: 3 },
            { kind: "added", title: "Talks", videoCount: 1 },
          ],
          reordered: false,
        },
      },
    });
    const listed = await get(`/channels/${channelId}/proposals?status=all`);
    assert.deepEqual(listed.body.items[0].proposedSetting.channelPlaylists, open.proposedSetting.channelPlaylists);

    const set = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === proposalId);
    indexerRoutes.getChannelPlaylists.response.parse(set);
    assert.deepEqual([set.documentCid, set.documentStatus, set.playlists, set.removed], [cid, "ok", lists, []]);
    assert.equal(typeof set.setAt, "number");
  });

  it("says what a vote edits, reorders and removes; names the playlists (with ids) the latest vote removed", async () => {
    // The form gives every playlist an id (matched to the old list's by title); "Walks" gains a video and moves down.
    const walks = playlist("Walks", ["1", "ch1-2", "3", "5"], "walks1");
    const withIds = [playlist("Talks", ["4"], "talks1"), walks];
    const idsCid = await add(JSON.stringify({ schema: CHANNEL_PLAYLISTS_SCHEMA, playlists: withIds }));
    const ids = await vote(encodeChannelPlaylistsValue(idsCid));
    const idsChanges = {
      changes: [
        {
          kind: "edited",
          title: "Walks",
          renamedFrom: null,
          descriptionChanged: false,
          videosAdded: 1,
          videosRemoved: 0,
          videosReordered: false,
        },
      ],
      reordered: true,
    };
    assert.deepEqual(ids.open.proposedSetting.channelPlaylists.changes, idsChanges);
    const afterIds = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === ids.proposalId);
    assert.deepEqual([afterIds.playlists, afterIds.removed], [withIds, []], "the list before had no ids to link");

    // Renamed (same id), one video out and the rest reordered; "Talks" removed.
    const renamed = {
      ...walks,
      title: "Coast walks",
      entries: [walks.entries[2]!, walks.entries[0]!, walks.entries[3]!],
    };
    const dropCid = await add(JSON.stringify({ schema: CHANNEL_PLAYLISTS_SCHEMA, playlists: [renamed] }));
    const drop = await vote(encodeChannelPlaylistsValue(dropCid));
    assert.deepEqual(drop.open.proposedSetting.channelPlaylists.changes, {
      changes: [
        { kind: "removed", title: "Talks" },
        {
          kind: "edited",
          title: "Coast walks",
          renamedFrom: "Walks",
          descriptionChanged: false,
          videosAdded: 0,
          videosRemoved: 1,
          videosReordered: true,
        },
      ],
      reordered: false,
    });
    const afterDrop = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === drop.proposalId);
    indexerRoutes.getChannelPlaylists.response.parse(afterDrop);
    assert.deepEqual(afterDrop.removed, [{ id: "talks1", title: "Talks" }]);
    assert.equal(afterDrop.playlists[0].id, "walks1", "the id outlives the rename");
    // A decided proposal still says what it changed from the list before it, not from the list now.
    const decided = await get(`/proposals/${ids.proposalId}`);
    assert.equal(decided.body.status, "executed");
    assert.deepEqual(decided.body.proposedSetting.channelPlaylists.changes, idsChanges);
  });

  it("treats a value that is not a CID, or a document that is not a playlists document, as no playlists", async () => {
    const bad = await vote("0x0102030405");
    const afterBad = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === bad.proposalId);
    assert.equal(bad.open.proposedSetting.channelPlaylists.documentCid, null);
    assert.deepEqual(
      [afterBad.documentCid, afterBad.documentStatus, afterBad.playlists],
      [null, null, []],
      "a value that is no CID",
    );
    assert.deepEqual(
      afterBad.removed,
      [{ id: "walks1", title: "Coast walks" }],
      "a value that is no CID drops them all",
    );

    const single = await add(JSON.stringify({ schema: PLAYLIST_DOCUMENT_SCHEMA, ...playlist("One", ["1"]) }));
    const wrong = await vote(encodeChannelPlaylistsValue(single));
    assert.deepEqual(wrong.open.proposedSetting.channelPlaylists, {
      documentCid: single,
      documentStatus: "invalid",
      playlists: null,
      changes: null,
    });
    const afterWrong = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === wrong.proposalId);
    assert.deepEqual(
      [afterWrong.documentCid, afterWrong.documentStatus, afterWrong.playlists],
      [single, "invalid", []],
      "a single playlist's document is not a channel's list",
    );

    const missing = await vote(encodeChannelPlaylistsValue(NOWHERE));
    assert.equal(missing.open.proposedSetting.channelPlaylists.documentStatus, "unavailable");
    const afterMissing = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === missing.proposalId);
    assert.deepEqual(
      [afterMissing.documentStatus, afterMissing.playlists, afterMissing.removed],
      ["unavailable", [], []],
      "a document that can't be fetched removes nothing we know of",
    );
    assert.equal(missing.open.proposedSetting.channelPlaylists.changes, null);

    const removed = await vote("0x");
    assert.deepEqual(removed.open.proposedSetting.channelPlaylists, {
      documentCid: null,
      documentStatus: null,
      playlists: null,
      changes: null,
    });
    const afterRemoved = await until(`/channels/${channelId}/playlists`, (x) => x.proposalId === removed.proposalId);
    indexerRoutes.getChannelPlaylists.response.parse(afterRemoved);
    assert.deepEqual([afterRemoved.documentCid, afterRemoved.playlists], [null, []]);
  });

  it("answers 404 for a channel that doesn't exist and 400 for an id that isn't one", async () => {
    const unknown = await get("/channels/999/playlists");
    assert.deepEqual(
      [unknown.status, unknown.body.error.message],
      [404, "no channel 999 exists (or it is not indexed yet)"],
    );
    assert.equal((await get("/channels/nope/playlists")).status, 400);
  });
});
