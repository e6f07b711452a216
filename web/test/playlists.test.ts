import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkName,
  createPlaylist,
  deletePlaylist,
  mergeImport,
  moveItem,
  newPlaylistId,
  parseStoredPlaylists,
  type Playlist,
  playlistsDocument,
  positionIn,
  readPlaylistsFile,
  renamePlaylist,
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
