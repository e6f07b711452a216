import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CHANNEL_PLAYLISTS_MAX } from "@chorus/protocol";
import {
  addPlaylist,
  channelListId,
  channelPlaylistHref,
  describePlaylists,
  draftProblem,
  entryOf,
  fromBrowserPlaylist,
  movePlaylist,
  parseChannelListId,
  removePlaylist,
  sameList,
} from "../src/lib/channel-playlists.ts";
import { parsePublishedListId, publishedListId } from "../src/lib/playlists.ts";

const playlist = (title: string, ...ids: string[]) => ({
  title,
  description: "",
  entries: ids.map((videoId) => ({ videoId, title: `Video ${videoId}` })),
});
const titles = (draft: { title: string }[]) => draft.map((p) => p.title);

describe("a channel's playlists, as its members vote them", () => {
  it("names a channel's playlist in list= without meeting a local or a published one", () => {
    assert.equal(channelListId("3", 2), "c-3-2");
    assert.deepEqual(parseChannelListId("c-3-2"), { channelId: "3", position: 2 });
    assert.equal(channelPlaylistHref("3", 2), "/channels/3/playlists/2");
    for (const other of ["p-3", "abc123", "c-0-1", "c-3-0", "c-3-", "c-3-1000", "c-x-1"])
      assert.equal(parseChannelListId(other), null, other);
    assert.equal(parsePublishedListId(channelListId("3", 2)), null);
    assert.equal(parseChannelListId(publishedListId("3")), null);
  });

  it("takes a browser playlist as it is, and a catalogue video with its title and thumbnail", () => {
    const mine = {
      id: "a1",
      name: "Walks",
      createdAt: 1,
      items: [
        { videoId: "2", title: "Two", manifestCid: "bafy2", thumbnail: "t.jpg" },
        { videoId: "1", title: "One" },
      ],
    };
    assert.deepEqual(fromBrowserPlaylist(mine), { title: "Walks", description: "", entries: mine.items });
    const manifest = { title: "  Night walk ", thumbnail: "thumb.jpg" } as never;
    assert.deepEqual(entryOf({ id: "ch2-5", manifestCid: "bafydir", manifest }), {
      videoId: "ch2-5",
      title: "Night walk",
      manifestCid: "bafydir",
      thumbnail: "thumb.jpg",
    });
    assert.deepEqual(entryOf({ id: "7", manifestCid: "bafy7", manifest: null }), {
      videoId: "7",
      title: "Video #7",
      manifestCid: "bafy7",
    });
  });

  it("adds, moves and removes playlists; refuses an untitled, empty, duplicate or one too many", () => {
    let draft = [playlist("Walks", "1", "2")];
    const added = addPlaylist(draft, playlist("  Talks ", "3"));
    assert.ok(added.ok);
    if (!added.ok) return;
    draft = added.draft;
    assert.deepEqual(titles(draft), ["Walks", "Talks"]);
    assert.deepEqual(titles(movePlaylist(draft, 1, -1)), ["Talks", "Walks"]);
    assert.deepEqual(titles(movePlaylist(draft, 0, -1)), ["Walks", "Talks"], "the first can't move up");
    assert.deepEqual(titles(movePlaylist(draft, 1, 1)), ["Walks", "Talks"], "the last can't move down");
    assert.deepEqual(titles(removePlaylist(draft, 0)), ["Talks"]);
    const refused = (p: ReturnType<typeof playlist>, d = draft) => {
      const result = addPlaylist(d, p);
      return result.ok ? "added" : result.error;
    };
    assert.match(refused(playlist(" ", "1")), /Give the playlist a title/);
    assert.match(refused(playlist("t".repeat(101), "1")), /at most 100 characters/);
    assert.match(refused(playlist("Empty")), /at least one video/);
    assert.match(refused(playlist("Walks", "9")), /already has a playlist called “Walks”/);
    const full = Array.from({ length: CHANNEL_PLAYLISTS_MAX }, (_, i) => playlist(`P${i}`, "1"));
    assert.match(refused(playlist("One more", "1"), full), /at most 100 playlists/);
  });

  it("checks a draft as the document it becomes; an empty one removes them", () => {
    assert.equal(draftProblem([]), null);
    assert.equal(draftProblem([playlist("Walks", "1")]), null);
    assert.match(draftProblem([playlist("Twice", "1", "1")]) ?? "", /a video appears only once/);
    const many = Array.from({ length: 1500 }, (_, i) => String(i + 1));
    const big = playlist("Big", ...many);
    big.entries = big.entries.map((e) => ({ ...e, title: "t".repeat(200) }));
    assert.match(draftProblem([big]) ?? "", /at most 256 KiB/);
    assert.ok(sameList([playlist("A", "1")], [playlist("A", "1")]));
    assert.ok(!sameList([playlist("A", "1"), playlist("B", "2")], [playlist("B", "2"), playlist("A", "1")]));
  });

  it("says what a list holds in a line", () => {
    assert.equal(
      describePlaylists([
        { title: "Walks", videoCount: 3 },
        { title: "Talks", videoCount: 1 },
      ]),
      "“Walks” (3 videos), “Talks” (1 video)",
    );
  });
});
