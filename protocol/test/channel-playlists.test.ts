import assert from "node:assert/strict";
import { test } from "node:test";
import { CID } from "multiformats/cid";
import { create as digestOf } from "multiformats/hashes/digest";
import { keccak256, stringToBytes, toHex } from "viem";
import {
  CHANNEL_PLAYLISTS_KEY,
  CHANNEL_PLAYLISTS_MAX,
  CHANNEL_PLAYLISTS_SCHEMA,
  channelPlaylistRef,
  channelPlaylistsDocumentSchema,
  decodeChannelPlaylistsValue,
  encodeChannelPlaylistsValue,
  findChannelPlaylist,
  isChannelPlaylistRef,
} from "../src/channel-playlists.ts";
import { diffChannelPlaylists } from "../src/channel-playlists-diff.ts";
import { PLAYLIST_DOCUMENT_SCHEMA } from "../src/playlist.ts";

const RAW = "bafkreigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const DAG_PB = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

test("the key is the contract's, generated", () => {
  assert.equal(CHANNEL_PLAYLISTS_KEY, keccak256(stringToBytes("chorus.playlists.channel")));
});

test("a CID round-trips through the setting value; null is the empty value", () => {
  for (const cid of [RAW, DAG_PB]) {
    const value = encodeChannelPlaylistsValue(cid);
    assert.equal((value.length - 2) / 2, 36);
    assert.equal(decodeChannelPlaylistsValue(value), cid);
  }
  assert.equal(encodeChannelPlaylistsValue(null), "0x");
  assert.equal(decodeChannelPlaylistsValue("0x"), null);
});

test("a value the contracts would not take as a CID names no document, and never throws", () => {
  const raw = CID.parse(RAW);
  const sha512 = CID.createV1(0x55, digestOf(0x13, new Uint8Array(32))); // 36 bytes, but not sha2-256
  const dagCbor = CID.createV1(0x71, raw.multihash);
  const good = encodeChannelPlaylistsValue(RAW);
  for (const [why, value] of [
    ["one byte short", good.slice(0, -2)],
    ["one byte more", `${good}00`],
    ["CIDv0", toHex(CID.parse("QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB").bytes)],
    ["another hash", toHex(sha512.bytes)],
    ["another codec", toHex(dagCbor.bytes)],
    ["not a CID at all", `0x${"ff".repeat(36)}`],
    ["a membership plan", `0x${"00".repeat(96)}`],
  ] as const) {
    assert.equal(decodeChannelPlaylistsValue(value as `0x${string}`), null, why);
  }
});

test("the document: playlists of playlist documents' fields, in order, at most the cap, each video once", () => {
  const playlist = (title: string, ids: string[]) => ({
    title,
    description: "",
    entries: ids.map((videoId) => ({ videoId, title: `Video ${videoId}` })),
  });
  const doc = {
    schema: CHANNEL_PLAYLISTS_SCHEMA,
    playlists: [playlist("Walks", ["1", "ch2-3"]), playlist("Talks", [])],
  };
  assert.deepEqual(channelPlaylistsDocumentSchema.parse(doc), doc);
  const fails = (value: unknown) => !channelPlaylistsDocumentSchema.safeParse(value).success;
  assert.ok(fails({ ...doc, schema: PLAYLIST_DOCUMENT_SCHEMA }), "a single playlist's document is not a list");
  assert.ok(fails({ ...doc, playlists: [playlist("", ["1"])] }), "a playlist needs a title");
  assert.ok(fails({ ...doc, playlists: [playlist("Twice", ["1", "1"])] }), "a video once per playlist");
  assert.ok(fails({ ...doc, playlists: Array.from({ length: CHANNEL_PLAYLISTS_MAX + 1 }, () => playlist("x", [])) }));
  assert.ok(fails({ schema: CHANNEL_PLAYLISTS_SCHEMA }), "playlists required");
});

test("ids: optional (documents from before them parse), each at most once, never a number", () => {
  const entries = [{ videoId: "1", title: "One" }];
  const parse = (playlists: unknown[]) =>
    channelPlaylistsDocumentSchema.safeParse({ schema: CHANNEL_PLAYLISTS_SCHEMA, playlists });
  const withIds = [
    { id: "k3v9x2ma", title: "Walks", description: "", entries },
    { id: "coast-talks", title: "Talks", description: "", entries },
  ];
  assert.deepEqual(parse(withIds).data?.playlists, withIds);
  const old = parse([{ title: "Walks", entries }]);
  assert.ok(old.success, "a document written before ids");
  assert.equal(old.data.playlists[0]!.id, undefined, "no id is made up on reading");
  assert.ok(parse([withIds[0], { title: "No id", description: "", entries }]).success, "ids and none mixed");
  for (const bad of ["12", "1abc", "Walks", "ab", "a".repeat(33), "with space", ""])
    assert.ok(!parse([{ ...withIds[0], id: bad }]).success, bad);
  assert.match(
    parse([withIds[0], { ...withIds[1], id: withIds[0]!.id }]).error?.issues[0]?.message ?? "",
    /a playlist id appears only once/,
  );
});

test("a link names a playlist by its id, or by position when it has none (or the link is an old one)", () => {
  const playlists = [{ id: "walks1" }, {}, { id: "talks2" }];
  assert.deepEqual(
    playlists.map((p, i) => channelPlaylistRef(p, i)),
    ["walks1", "2", "talks2"],
  );
  assert.deepEqual(findChannelPlaylist(playlists, "talks2"), { playlist: playlists[2], position: 3, ref: "talks2" });
  assert.deepEqual(findChannelPlaylist(playlists, "1"), { playlist: playlists[0], position: 1, ref: "walks1" });
  assert.deepEqual(findChannelPlaylist(playlists, "2"), { playlist: playlists[1], position: 2, ref: "2" });
  for (const none of ["4", "0", "gone99", "-1", ""]) assert.equal(findChannelPlaylist(playlists, none), null, none);
  for (const ref of ["1", "100", "walks1"]) assert.ok(isChannelPlaylistRef(ref), ref);
  for (const ref of ["0", "1000", "01", "Walks", "a b"]) assert.ok(!isChannelPlaylistRef(ref), ref);
});

test("what a vote changes: added, removed, edited (renamed, described, videos in and out, reordered), moved", () => {
  const list = (id: string | undefined, title: string, ids: string[], description = "") => ({
    ...(id ? { id } : {}),
    title,
    description,
    entries: ids.map((videoId) => ({ videoId, title: videoId })),
  });
  const before = [list("walks1", "Walks", ["1", "2", "3"]), list("talks1", "Talks", ["4"]), list("old1", "Old", [])];
  assert.deepEqual(diffChannelPlaylists(before, before), { changes: [], reordered: false });
  const after = [
    list("talks1", "Talks", ["4"]),
    list("walks1", "Coast walks", ["3", "1", "5", "6"], "New words"),
    list("new1", "New", ["7"]),
  ];
  assert.deepEqual(diffChannelPlaylists(before, after), {
    changes: [
      { kind: "removed", title: "Old" },
      {
        kind: "edited",
        title: "Coast walks",
        renamedFrom: "Walks",
        descriptionChanged: true,
        videosAdded: 2,
        videosRemoved: 1,
        videosReordered: true,
      },
      { kind: "added", title: "New", videoCount: 1 },
    ],
    reordered: true,
  });
  const onlyOrder = [list("walks1", "Walks", ["1", "3", "2"]), ...before.slice(1)];
  assert.deepEqual(diffChannelPlaylists(before, onlyOrder).changes, [
    {
      kind: "edited",
      title: "Walks",
      renamedFrom: null,
      descriptionChanged: false,
      videosAdded: 0,
      videosRemoved: 0,
      videosReordered: true,
    },
  ]);
  // A document from before ids: its playlists are matched by title when the next one gives them ids.
  const noIds = before.map(({ id: _, ...rest }) => rest);
  assert.deepEqual(diffChannelPlaylists(noIds, before), { changes: [], reordered: false });
  // Two playlists with ids are never the same one because their titles are.
  assert.deepEqual(diffChannelPlaylists([list("a11", "Walks", ["1"])], [list("b22", "Walks", ["1"])]).changes, [
    { kind: "removed", title: "Walks" },
    { kind: "added", title: "Walks", videoCount: 1 },
  ]);
});
