import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CHANNEL_PLAYLISTS_MAX } from "@chorus/protocol";
import { CHANNEL_PLAYLIST_ID_PATTERN, diffChannelPlaylists } from "@chorus/protocol";
import {
  addPlaylist,
  channelListId,
  channelPlaylistHref,
  describeDiff,
  describePlaylists,
  draftProblem,
  editPlaylist,
  entryOf,
  fromBrowserPlaylist,
  moveItem,
  newPlaylistId,
  parseChannelListId,
  removeItem,
  sameList,
  toggleEntry,
  withIds,
} from "../src/lib/channel-playlists.ts";
import { parsePublishedListId, publishedListId } from "../src/lib/playlists.ts";

const playlist = (title: string, ...ids: string[]) => ({
  title,
  description: "",
  entries: ids.map((videoId) => ({ videoId, title: `Video ${videoId}` })),
});
const titles = (draft: { title: string }[]) => draft.map((p) => p.title);

describe("a channel's playlists, as its members vote them", () => {
  it("names a channel's playlist in list= by its id (or an old link's position), never a local or published one", () => {
    assert.equal(channelListId("3", "k3v9x2ma"), "c-3-k3v9x2ma");
    assert.deepEqual(parseChannelListId("c-3-k3v9x2ma"), { channelId: "3", ref: "k3v9x2ma" });
    assert.deepEqual(parseChannelListId("c-3-coast-walks"), { channelId: "3", ref: "coast-walks" });
    assert.deepEqual(parseChannelListId("c-3-2"), { channelId: "3", ref: "2" }, "an old link by position");
    assert.equal(channelPlaylistHref("3", "k3v9x2ma"), "/channels/3/playlists/k3v9x2ma");
    for (const other of ["p-3", "abc123", "c-0-1", "c-3-0", "c-3-", "c-3-1000", "c-x-1", "c-3-Walks", "c-3-a b"])
      assert.equal(parseChannelListId(other), null, other);
    assert.equal(parsePublishedListId(channelListId("3", "2")), null);
    assert.equal(parseChannelListId(publishedListId("3")), null);
  });

  it("makes ids that read as ids, not positions, and none twice; gives a list from before ids its ids", () => {
    for (let i = 0; i < 200; i++) assert.match(newPlaylistId(new Set()), CHANNEL_PLAYLIST_ID_PATTERN);
    let calls = 0;
    const scripted = (n: number) => new Uint8Array(n).fill(calls++ === 0 ? 0 : 1);
    assert.equal(newPlaylistId(new Set(["aaaaaaaa"]), scripted), "bbbbbbbb", "a taken id is drawn again");
    const old = [playlist("Walks", "1"), { id: "talks1", ...playlist("Talks", "2") }];
    const given = withIds(old);
    assert.match(given[0]!.id ?? "", CHANNEL_PLAYLIST_ID_PATTERN);
    assert.equal(given[1], old[1], "an id it has is kept");
    assert.deepEqual(diffChannelPlaylists(old, given), { changes: [], reordered: false }, "ids alone change nothing");
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
    assert.match(added.draft[1]!.id ?? "", CHANNEL_PLAYLIST_ID_PATTERN, "an added playlist gets an id");
    assert.deepEqual(titles(moveItem(draft, 1, -1)), ["Talks", "Walks"]);
    assert.deepEqual(titles(moveItem(draft, 0, -1)), ["Walks", "Talks"], "the first can't move up");
    assert.deepEqual(titles(moveItem(draft, 1, 1)), ["Walks", "Talks"], "the last can't move down");
    assert.deepEqual(titles(removeItem(draft, 0)), ["Talks"]);
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

  it("edits a playlist in place: same id, new title, description and videos; refuses what add refuses", () => {
    const draft = [
      { id: "walks1", ...playlist("Walks", "1", "2", "3") },
      { id: "talks1", ...playlist("Talks", "4") },
    ];
    const walks = draft[0]!;
    let entries = moveItem(walks.entries, 2, -1);
    entries = removeItem(entries, 0);
    entries = toggleEntry(entries, { videoId: "9", title: "Video 9" });
    assert.deepEqual(
      entries.map((e) => e.videoId),
      ["3", "2", "9"],
    );
    assert.deepEqual(
      toggleEntry(entries, { videoId: "2", title: "Video 2" }).map((e) => e.videoId),
      ["3", "9"],
      "a ticked video unticked",
    );
    const edited = editPlaylist(draft, 0, { title: " Coast walks ", description: " By the sea ", entries });
    assert.ok(edited.ok);
    if (!edited.ok) return;
    assert.deepEqual(edited.draft[0], { id: "walks1", title: "Coast walks", description: "By the sea", entries });
    assert.equal(edited.draft[1], draft[1]);
    assert.deepEqual(describeDiff(diffChannelPlaylists(draft, edited.draft)), [
      "Edits “Coast walks”: +1 video, −1 video, videos reordered, renamed from “Walks”, new description",
    ]);
    const refused = (changes: Partial<typeof walks>) => {
      const result = editPlaylist(draft, 0, { ...walks, ...changes });
      return result.ok ? "edited" : result.error;
    };
    assert.equal(refused({}), "edited", "its own title is no duplicate");
    assert.match(refused({ title: "Talks" }), /already has a playlist called “Talks”/);
    assert.match(refused({ title: "  " }), /Give the playlist a title/);
    assert.match(refused({ entries: [] }), /at least one video.*remove it instead/);
    assert.match(editPlaylist(draft, 5, walks).ok ? "" : "gone", /gone/, "an index past the end edits nothing");
  });

  it("says what a vote changes, a line each", () => {
    const before = [
      { id: "walks1", ...playlist("Walks", "1") },
      { id: "talks1", ...playlist("Talks", "2") },
    ];
    const after = [
      { id: "talks1", ...playlist("Talks", "2", "3", "4") },
      { id: "new1", ...playlist("New", "5") },
    ];
    assert.deepEqual(describeDiff(diffChannelPlaylists(before, after)), [
      "Removes “Walks”",
      "Edits “Talks”: +2 videos",
      "Adds “New” (1 video)",
    ]);
    assert.deepEqual(describeDiff(diffChannelPlaylists(before, [before[1]!, before[0]!])), ["Reorders the playlists"]);
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
