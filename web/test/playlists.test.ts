import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  browserCopyOf,
  checkName,
  copyOfPublished,
  createPlaylist,
  deletePlaylist,
  mergeImport,
  moveItem,
  newPlaylistId,
  parsePublishedListId,
  parseStoredPlaylists,
  type Playlist,
  playlistsDocument,
  positionIn,
  publishedDocument,
  publishedFingerprint,
  publishedListId,
  readPlaylistsFile,
  renamePlaylist,
  setPublished,
  setSaved,
} from "../src/lib/playlists.ts";

const item = (videoId: string) => ({ videoId, title: `Video ${videoId}` });
const list = (id: string, ...videoIds: string[]): Playlist => ({
  id,
  name: `List ${id}`,
  createdAt: 1,
  items: videoIds.map(item),
});
const ids = (p: Playlist | undefined) => p?.items.map((i) => i.videoId);

describe("playlists kept in the browser", () => {
  it("round-trips through its document, and an absent or unreadable store is no playlists", () => {
    const mine = [list("a1", "1", "ch2-3"), { ...list("b2"), name: "Empty" }];
    assert.deepEqual(parseStoredPlaylists(playlistsDocument(mine)), mine);
    assert.deepEqual(parseStoredPlaylists(null), []);
    assert.deepEqual(parseStoredPlaylists("{not json"), []);
    assert.deepEqual(parseStoredPlaylists(JSON.stringify({ schema: "chorus.filters/1", playlists: [] })), []);
  });

  it("refuses a file that isn't JSON or isn't a playlists document, saying why", () => {
    const notJson = readPlaylistsFile("hello");
    assert.equal(notJson.ok, false);
    assert.match(!notJson.ok ? notJson.problem : "", /isn't JSON/);
    const other = readPlaylistsFile(JSON.stringify({ schema: "chorus.filters/1", mutedWords: [] }));
    assert.match(!other.ok ? other.problem : "", /chorus\.playlists\/1/);
    const noList = readPlaylistsFile(JSON.stringify({ schema: "chorus.playlists/1", playlists: {} }));
    assert.match(!noList.ok ? noList.problem : "", /isn't a list/);
  });

  it("drops malformed playlists and items, and duplicates, counting what it skipped", () => {
    const read = readPlaylistsFile(
      JSON.stringify({
        schema: "chorus.playlists/1",
        playlists: [
          { id: "good", name: "  Walks  ", createdAt: 5, items: [item("1"), { videoId: "x" }, item("1"), item("2")] },
          { id: "good", name: "Same id again", createdAt: 5, items: [] },
          { id: "BAD ID", name: "n", createdAt: 5, items: [] },
          { id: "noname", name: "   ", createdAt: 5, items: [] },
          "a string",
        ],
      }),
    );
    assert.ok(read.ok);
    assert.equal(read.playlists.length, 1);
    assert.equal(read.playlists[0]?.name, "Walks");
    assert.deepEqual(ids(read.playlists[0]), ["1", "2"], "the malformed item and the second copy of 1 are gone");
    assert.equal(read.skipped, 5);
  });

  it("creates, saves, unsaves, renames and deletes", () => {
    let all = createPlaylist([], { id: "p", name: "Birds", createdAt: 9 }, item("4"));
    assert.deepEqual(ids(all[0]), ["4"]);
    all = setSaved(all, "p", item("5"), true);
    assert.deepEqual(ids(setSaved(all, "p", item("5"), true)[0]), ["4", "5"], "saving twice keeps one copy");
    all = setSaved(all, "p", item("4"), false);
    assert.deepEqual(ids(all[0]), ["5"]);
    all = renamePlaylist(all, "p", "Owls");
    assert.equal(all[0]?.name, "Owls");
    assert.deepEqual(deletePlaylist(all, "p"), []);
    assert.deepEqual(deletePlaylist(all, "other"), all);
  });

  it("moves an item up or down one place, and nothing past either end", () => {
    const all = [list("p", "1", "2", "3")];
    assert.deepEqual(ids(moveItem(all, "p", 2, -1)[0]), ["1", "3", "2"]);
    assert.deepEqual(ids(moveItem(all, "p", 0, 1)[0]), ["2", "1", "3"]);
    assert.deepEqual(ids(moveItem(all, "p", 0, -1)[0]), ["1", "2", "3"]);
    assert.deepEqual(ids(moveItem(all, "p", 2, 1)[0]), ["1", "2", "3"]);
    assert.deepEqual(ids(moveItem(all, "p", 7, -1)[0]), ["1", "2", "3"]);
  });

  it("merges an import: new playlists added, known ones given what they lack, nothing removed; twice is once", () => {
    const mine = [{ ...list("a", "1", "2"), name: "Mine" }];
    const file = [{ ...list("a", "2", "3"), name: "Renamed elsewhere" }, list("b", "7")];
    const once = mergeImport(mine, file);
    assert.equal(once.added, 1);
    assert.equal(once.extended, 1);
    assert.equal(once.playlists[0]?.name, "Mine", "keeps this browser's name");
    assert.deepEqual(ids(once.playlists[0]), ["1", "2", "3"]);
    assert.deepEqual(ids(once.playlists[1]), ["7"]);
    const twice = mergeImport(once.playlists, file);
    assert.deepEqual(twice, { playlists: once.playlists, added: 0, extended: 0 });
    assert.deepEqual(mergeImport([], file).playlists, file, "into an empty browser: the file as it is");
  });

  it("finds the current video and the next one", () => {
    const p = list("p", "1", "2");
    assert.deepEqual(positionIn(p, "1"), { index: 0, next: item("2") });
    assert.deepEqual(positionIn(p, "2"), { index: 1, next: null });
    assert.deepEqual(positionIn(p, "9"), { index: -1, next: item("1") }, "not in it: Next is the first");
  });

  it("checks names and makes ids the store accepts", () => {
    assert.deepEqual(checkName("  Walks "), { ok: true, name: "Walks" });
    assert.equal(checkName("   ").ok, false);
    assert.equal(checkName("x".repeat(101)).ok, false);
    const id = newPlaylistId();
    assert.match(id, /^[a-z0-9]{12}$/);
    assert.equal(parseStoredPlaylists(playlistsDocument([list(id)])).length, 1);
  });
});

describe("publishing a browser playlist", () => {
  const link = {
    playlistId: "7",
    chainId: 31337,
    owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    fingerprint: "",
  };

  it("publishes its name and items in order, and remembers what it published across the store", () => {
    const mine = [list("a1", "2", "1")];
    assert.deepEqual(publishedDocument(mine[0]!), {
      title: "List a1",
      description: "",
      entries: [item("2"), item("1")],
    });
    const published = setPublished(mine, "a1", { ...link, fingerprint: publishedFingerprint(mine[0]!) });
    const stored = parseStoredPlaylists(playlistsDocument(published));
    assert.deepEqual(stored[0]?.published, published[0]?.published, "kept by the stored document");
    assert.deepEqual(setPublished(stored, "a1", null)[0]?.published, undefined, "dropped once removed");
  });

  it("sees a change of order, of videos or of name as needing an update, and nothing else", () => {
    const p = list("a1", "1", "2");
    const before = publishedFingerprint(p);
    assert.equal(publishedFingerprint({ ...p, createdAt: 99 }), before);
    assert.notEqual(publishedFingerprint(moveItem([p], "a1", 0, 1)[0]!), before);
    assert.notEqual(publishedFingerprint(setSaved([p], "a1", item("3"), true)[0]!), before);
    assert.notEqual(publishedFingerprint(renamePlaylist([p], "a1", "New")[0]!), before);
  });

  it("finds the browser copy a published playlist came from, on the same chain only", () => {
    const mine = setPublished([list("a1", "1"), list("b2", "2")], "b2", link);
    assert.equal(browserCopyOf(mine, 31337, "7")?.id, "b2");
    assert.equal(browserCopyOf(mine, 8453, "7"), undefined, "the same id on another chain is another playlist");
    assert.equal(browserCopyOf(mine, 31337, "8"), undefined);
  });

  it("drops a malformed published link rather than the playlist", () => {
    const text = JSON.stringify({
      schema: "chorus.playlists/1",
      playlists: [{ ...list("a1", "1"), published: { playlistId: "x" } }],
    });
    const [p] = parseStoredPlaylists(text);
    assert.deepEqual([p?.id, p?.published], ["a1", undefined]);
  });

  it("names a published playlist in list= apart from local ids, and saves a copy of one", () => {
    assert.equal(parsePublishedListId(publishedListId("12")), "12");
    assert.equal(parsePublishedListId("p12"), null, "a local id");
    assert.equal(parsePublishedListId("p-0"), null);
    const copied = copyOfPublished(
      [list("a1")],
      { id: "b2", createdAt: 5 },
      {
        schema: "chorus.playlist/1",
        title: "Walks",
        description: "",
        entries: [item("3"), item("1")],
      },
    );
    assert.deepEqual(
      [copied[1]?.id, copied[1]?.name, ids(copied[1]), copied[1]?.published],
      ["b2", "Walks", ["3", "1"], undefined],
    );
  });
});
