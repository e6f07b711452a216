import assert from "node:assert/strict";
import { test } from "node:test";
import { CID } from "multiformats/cid";
import { create as digestOf } from "multiformats/hashes/digest";
import { keccak256, stringToBytes, toHex } from "viem";
import {
  CHANNEL_PLAYLISTS_KEY,
  CHANNEL_PLAYLISTS_MAX,
  CHANNEL_PLAYLISTS_SCHEMA,
  channelPlaylistsDocumentSchema,
  decodeChannelPlaylistsValue,
  encodeChannelPlaylistsValue,
} from "../src/channel-playlists.ts";
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
