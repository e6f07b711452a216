import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSameOriginRequest, validateIpfsRequest } from "../src/lib/ipfs-request";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("/api/ipfs request validation", () => {
  it("accepts a policy and stores its markdown byte for byte", () => {
    const result = validateIpfsRequest({ kind: "policy", markdown: "# Policy\n\nBe kind. ✨\n" });
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.equal(result.document.kind, "policy");
    assert.equal(text(result.document.bytes), "# Policy\n\nBe kind. ✨\n");
  });
  it("caps a policy at 256 KiB of UTF-8, counting bytes not characters", () => {
    assert.ok(validateIpfsRequest({ kind: "policy", markdown: "a".repeat(256 * 1024) }).ok);
    const tooBig = validateIpfsRequest({ kind: "policy", markdown: "a".repeat(256 * 1024 + 1) });
    assert.equal(tooBig.ok, false);
    if (!tooBig.ok) assert.match(tooBig.reason, /256 KiB/);
    // 100 000 three-byte characters: under 256 Ki characters, over 256 KiB.
    assert.equal(validateIpfsRequest({ kind: "policy", markdown: "€".repeat(100_000) }).ok, false);
  });
  it("refuses an empty or non-string policy", () => {
    assert.equal(validateIpfsRequest({ kind: "policy", markdown: "  \n" }).ok, false);
    assert.equal(validateIpfsRequest({ kind: "policy", markdown: 42 }).ok, false);
    assert.equal(validateIpfsRequest({ kind: "policy" }).ok, false);
  });
  it("writes channel metadata in the indexer's schema", () => {
    const result = validateIpfsRequest({
      kind: "channel-metadata",
      name: "  Night owls ",
      description: " Films after dark ",
    });
    assert.ok(result.ok);
    if (!result.ok || result.document.kind !== "channel-metadata") return;
    assert.deepEqual(JSON.parse(text(result.document.bytes)), {
      schema: "chorus.channel/1",
      name: "Night owls",
      description: "Films after dark",
      avatar: null,
    });
  });
  it("checks the name (1..100 characters) and description (up to 5000)", () => {
    assert.equal(validateIpfsRequest({ kind: "channel-metadata", name: " ", description: "" }).ok, false);
    assert.ok(validateIpfsRequest({ kind: "channel-metadata", name: "x".repeat(100) }).ok, "description is optional");
    assert.equal(validateIpfsRequest({ kind: "channel-metadata", name: "x".repeat(101), description: "" }).ok, false);
    assert.ok(validateIpfsRequest({ kind: "channel-metadata", name: "n", description: "d".repeat(5000) }).ok);
    assert.equal(validateIpfsRequest({ kind: "channel-metadata", name: "n", description: "d".repeat(5001) }).ok, false);
    assert.equal(validateIpfsRequest({ kind: "channel-metadata", name: "n", description: 5 }).ok, false);
    assert.ok(
      validateIpfsRequest({ kind: "channel-metadata", name: "🦉".repeat(100) }).ok,
      "counts characters, not UTF-16 units",
    );
  });
  it("writes crowdfund metadata in the indexer's schema, title 1..120 characters", () => {
    const result = validateIpfsRequest({
      kind: "crowdfund-metadata",
      title: " Our next film ",
      description: " A road movie ",
    });
    assert.ok(result.ok);
    if (!result.ok || result.document.kind !== "crowdfund-metadata") return;
    assert.deepEqual(JSON.parse(text(result.document.bytes)), {
      schema: "chorus.crowdfund/1",
      title: "Our next film",
      description: "A road movie",
      picture: null,
    });
    assert.ok(
      validateIpfsRequest({ kind: "crowdfund-metadata", title: "t".repeat(120) }).ok,
      "description is optional",
    );
    assert.equal(validateIpfsRequest({ kind: "crowdfund-metadata", title: "t".repeat(121) }).ok, false);
    assert.equal(validateIpfsRequest({ kind: "crowdfund-metadata", title: "  " }).ok, false);
    assert.equal(
      validateIpfsRequest({ kind: "crowdfund-metadata", title: "t", description: "d".repeat(5001) }).ok,
      false,
    );
    assert.equal(validateIpfsRequest({ kind: "crowdfund-metadata", title: 7 }).ok, false);
  });
  it("writes a published playlist's document in the indexer's schema, its videos in order and each once", () => {
    const entries = [
      { videoId: "3", title: "Night walk", manifestCid: "bafydir", thumbnail: "thumbnail.jpg" },
      { videoId: "ch2-5", title: "Market day" },
    ];
    const result = validateIpfsRequest({ kind: "playlist", title: " Walks ", description: "", entries });
    assert.ok(result.ok);
    if (!result.ok || result.document.kind !== "playlist") return;
    assert.deepEqual(JSON.parse(text(result.document.bytes)), {
      schema: "chorus.playlist/1",
      title: "Walks",
      description: "",
      entries,
    });
    const twice = validateIpfsRequest({ kind: "playlist", title: "W", entries: [...entries, entries[0]] });
    assert.equal(twice.ok, false);
    if (!twice.ok) assert.match(twice.reason, /only once/);
    assert.equal(validateIpfsRequest({ kind: "playlist", title: " ", entries }).ok, false);
    assert.equal(validateIpfsRequest({ kind: "playlist", title: "W", entries: [{ videoId: "x" }] }).ok, false);
    const many = Array.from({ length: 1500 }, (_, i) => ({ videoId: String(i + 1), title: "t".repeat(200) }));
    const big = validateIpfsRequest({ kind: "playlist", title: "W", entries: many });
    assert.equal(big.ok, false, "over 256 KiB");
    if (!big.ok) assert.match(big.reason, /at most 256 KiB/);
  });
  it("writes a channel's playlists document in the indexer's schema, the playlists in order", () => {
    const playlists = [
      { title: "Walks", description: "Slow ones", entries: [{ videoId: "ch2-5", title: "Market day" }] },
      { title: "Talks", description: "", entries: [{ videoId: "3", title: "Night walk", manifestCid: "bafydir" }] },
    ];
    const result = validateIpfsRequest({ kind: "channel-playlists", playlists });
    assert.ok(result.ok);
    if (!result.ok || result.document.kind !== "channel-playlists") return;
    assert.deepEqual(JSON.parse(text(result.document.bytes)), { schema: "chorus.channel-playlists/1", playlists });
    const twice = validateIpfsRequest({
      kind: "channel-playlists",
      playlists: [{ ...playlists[0]!, entries: [...playlists[0]!.entries, ...playlists[0]!.entries] }],
    });
    assert.equal(twice.ok, false);
    if (!twice.ok) assert.match(twice.reason, /playlists\.0\.entries: a video appears only once/);
    assert.equal(validateIpfsRequest({ kind: "channel-playlists" }).ok, false);
    assert.equal(validateIpfsRequest({ kind: "channel-playlists", playlists: [{ title: "", entries: [] }] }).ok, false);
    const many = Array.from({ length: 1500 }, (_, i) => ({ videoId: String(i + 1), title: "t".repeat(200) }));
    const big = validateIpfsRequest({ kind: "channel-playlists", playlists: [{ title: "W", entries: many }] });
    assert.equal(big.ok, false, "over 256 KiB");
    if (!big.ok) assert.match(big.reason, /at most 256 KiB/);
  });
  it("refuses any other kind or shape", () => {
    for (const body of [null, "policy", [], {}, { kind: "video" }, { kind: "file", bytes: "…" }]) {
      const result = validateIpfsRequest(body);
      assert.equal(result.ok, false, JSON.stringify(body));
      if (!result.ok) assert.ok(result.reason.length > 5);
    }
  });
});

describe("/api/ipfs same-origin check", () => {
  const host = "127.0.0.1:3000";
  it("accepts the app's own pages", () => {
    assert.ok(isSameOriginRequest({ origin: "http://127.0.0.1:3000", secFetchSite: "same-origin", host }));
    assert.ok(
      isSameOriginRequest({ origin: "http://127.0.0.1:3000", secFetchSite: null, host }),
      "an older browser without Sec-Fetch-Site",
    );
    assert.ok(isSameOriginRequest({ origin: null, secFetchSite: "same-origin", host }));
  });
  it("refuses other sites, and requests that don't come from a page", () => {
    assert.equal(isSameOriginRequest({ origin: "https://evil.example", secFetchSite: "cross-site", host }), false);
    assert.equal(isSameOriginRequest({ origin: "http://127.0.0.1:3001", secFetchSite: "same-site", host }), false);
    assert.equal(isSameOriginRequest({ origin: "https://evil.example", secFetchSite: null, host }), false);
    assert.equal(isSameOriginRequest({ origin: "null", secFetchSite: null, host }), false);
    assert.equal(isSameOriginRequest({ origin: null, secFetchSite: "none", host }), false);
    assert.equal(isSameOriginRequest({ origin: null, secFetchSite: null, host }), false);
    assert.equal(
      isSameOriginRequest({ origin: "http://127.0.0.1:3000", secFetchSite: "same-origin", host: null }),
      false,
    );
  });
});
