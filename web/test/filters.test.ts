import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applyEdit,
  containsWord,
  describeReason,
  EMPTY_FILTERS,
  encodeSubject,
  exportFilters,
  importFilters,
  parseWord,
  readStoredFilters,
  summarizeHidden,
  videoTarget,
  why,
  type FilterItem,
  type FilterState,
  type SubscribedList,
} from "../src/lib/filters";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

const video = (over: Partial<FilterItem> = {}): FilterItem => ({
  type: "video",
  id: "7",
  author: ALICE,
  channelId: null,
  text: ["The finale, explained", "What happens at the end"],
  storageKept: true,
  ...over,
});

const noSpoilers: SubscribedList = {
  id: "3",
  name: "No spoilers",
  entries: [
    { kind: "video", value: "7", reason: "reveals the ending" },
    { kind: "word", value: "finale", reason: "finale talk" },
  ],
};

const subscribed = (state: FilterState, ...lists: SubscribedList[]) =>
  lists.reduce((s, l) => applyEdit(s, { type: "subscribe", id: l.id, name: l.name }), state);

describe("why", () => {
  it("shows an item nothing names", () => {
    assert.deepEqual(why(video(), EMPTY_FILTERS, []), []);
  });

  it("says every reason: each matching entry of a subscribed list, then mutes and modes", () => {
    let state = subscribed(EMPTY_FILTERS, noSpoilers);
    state = applyEdit(state, { type: "mute-author", address: ALICE.toLowerCase() });
    state = applyEdit(state, { type: "mute-word", word: "ENDING" });
    state = applyEdit(state, { type: "mute-word", word: "end" });
    const reasons = why(video(), state, [noSpoilers]);
    assert.deepEqual(reasons.map(describeReason), [
      "hidden by your list “No spoilers” (reason: reveals the ending)",
      "hidden by your list “No spoilers” (reason: finale talk)",
      "hidden: you muted this author",
      "hidden: contains the word “end”",
    ]);
  });

  it("ignores lists the viewer is not subscribed to, even with their entries at hand", () => {
    assert.deepEqual(why(video(), EMPTY_FILTERS, [noSpoilers]), []);
    const state = applyEdit(subscribed(EMPTY_FILTERS, noSpoilers), { type: "unsubscribe", id: "3" });
    assert.deepEqual(why(video(), state, [noSpoilers]), []);
  });

  it("matches a channel release by its proposal id, authors whatever their case, and channels", () => {
    const list: SubscribedList = {
      id: "9",
      name: "Mixed",
      entries: [
        { kind: "release", value: "17", reason: "r" },
        { kind: "author", value: BOB, reason: "a" },
        { kind: "channel", value: "4", reason: "c" },
        { kind: "comment", value: "17", reason: "not a video" },
      ],
    };
    const state = subscribed(EMPTY_FILTERS, list);
    assert.equal(why(video({ id: "ch3-17" }), state, [list]).length, 1);
    assert.equal(why(video({ id: "17" }), state, [list]).length, 0, "video 17 isn't proposal 17");
    assert.equal(why(video({ author: BOB.toLowerCase() }), state, [list]).length, 1);
    assert.equal(why(video({ channelId: "4" }), state, [list]).length, 1);
    assert.equal(why({ ...video(), type: "comment", id: "17" }, state, [list]).length, 1);
  });

  it("mutes a channel's releases", () => {
    const state = applyEdit(EMPTY_FILTERS, { type: "mute-channel", channelId: "4" });
    assert.deepEqual(why(video({ channelId: "4" }), state, []), [{ kind: "muted-channel", channelId: "4" }]);
    assert.deepEqual(why(video({ channelId: "5" }), state, []), []);
  });

  it("in verified-only mode hides unverified authors, and says so while it is still checking", () => {
    const state = applyEdit(EMPTY_FILTERS, { type: "set-verified-only", on: true });
    assert.deepEqual(why(video({ verified: true }), state, []), []);
    assert.equal(
      describeReason(why(video({ verified: false }), state, [])[0]!),
      "hidden: not verified (you show only creators with a verified handle)",
    );
    assert.deepEqual(why(video({ verified: undefined }), state, []), [{ kind: "not-verified", pending: true }]);
  });

  it("hides videos whose storage is not kept only when asked, and never items where it doesn't apply", () => {
    const state = applyEdit(EMPTY_FILTERS, { type: "set-hide-unkept", on: true });
    assert.deepEqual(why(video({ storageKept: false }), state, []), [{ kind: "storage-not-kept" }]);
    assert.deepEqual(why(video({ storageKept: false }), EMPTY_FILTERS, []), []);
    assert.deepEqual(why({ ...video(), type: "comment", storageKept: undefined }, state, []), []);
  });
});

describe("words", () => {
  it("match whole words and #tags, whatever the case or width, not parts of words", () => {
    assert.ok(containsWord("The FINALE tonight", "finale"));
    assert.ok(containsWord("#finale!", "finale"));
    assert.ok(containsWord("ＦＩＮＡＬＥ", "finale"), "full-width letters fold");
    assert.ok(containsWord("Ça déçoit", "ça"));
    assert.ok(!containsWord("finales", "finale"));
    assert.ok(!containsWord("semifinale", "finale"));
    assert.ok(containsWord("a (spoiler) here", "spoiler"));
    assert.ok(containsWord("half-life 3", "half-life"));
  });

  it("are parsed as the contract takes them, with a reason when they can't be", () => {
    assert.deepEqual(parseWord("  #Spoiler "), { ok: true, word: "spoiler" });
    assert.deepEqual(parseWord("two words"), {
      ok: false,
      error: '"two words": a word has no spaces or control characters',
    });
    assert.equal(parseWord("").ok, false);
    assert.equal(parseWord("x".repeat(33)).ok, false);
    assert.equal(parseWord("é".repeat(16)).ok, true, "32 bytes");
    assert.equal(parseWord("é".repeat(17)).ok, false, "34 bytes");
  });
});

describe("encodeSubject", () => {
  it("encodes each kind as the contract expects", () => {
    assert.equal(encodeSubject("video", "7"), `0x${"0".repeat(63)}7`);
    assert.equal(encodeSubject("author", ALICE), `0x${"0".repeat(24)}${ALICE.slice(2).toLowerCase()}`);
    assert.equal(encodeSubject("word", "Spoiler"), `0x${Buffer.from("spoiler").toString("hex").padEnd(64, "0")}`);
    assert.throws(() => encodeSubject("video", "0"), /isn't a video id/);
    assert.throws(() => encodeSubject("author", "alice"), /isn't an account address/);
    assert.throws(() => encodeSubject("word", "a b"), /no spaces/);
  });

  it("names a channel release by its proposal", () => {
    assert.deepEqual(videoTarget("12"), { kind: "video", value: "12" });
    assert.deepEqual(videoTarget("ch3-17"), { kind: "release", value: "17" });
  });
});

describe("summarizeHidden", () => {
  it("counts items once and each of their categories", () => {
    assert.equal(summarizeHidden([]), null);
    assert.equal(summarizeHidden([[]]), null);
    const list = { kind: "list", listId: "3", listName: "No spoilers", reason: "x" } as const;
    assert.equal(
      summarizeHidden([[list, list], [list, { kind: "muted-author" }], [{ kind: "muted-author" }]]),
      "3 hidden (2 by “No spoilers”, 2 muted author)",
    );
  });
});

describe("storage and files", () => {
  it("round-trips through export and import", () => {
    let state = subscribed(EMPTY_FILTERS, noSpoilers);
    state = applyEdit(state, { type: "mute-author", address: BOB });
    state = applyEdit(state, { type: "mute-word", word: "Finale" });
    state = applyEdit(state, { type: "set-verified-only", on: true });
    const back = importFilters(exportFilters(state));
    assert.deepEqual(back, { ok: true, state });
  });

  it("says what was wrong with an import", () => {
    assert.deepEqual(importFilters("not json"), {
      ok: false,
      problems: ["The file isn't JSON. Choose a file that Export on this page wrote."],
    });
    const wrong = importFilters(JSON.stringify({ schema: "something/1" }));
    assert.equal(wrong.ok, false);
    assert.match(!wrong.ok ? wrong.problems.join("\n") : "", /schema: isn't "chorus\.filters\/1"/);
    const bad = JSON.parse(exportFilters(EMPTY_FILTERS));
    bad.mutedAuthors = ["alice"];
    bad.mutedWords = ["two words"];
    const result = importFilters(JSON.stringify(bad));
    assert.deepEqual(!result.ok && result.problems, [
      "mutedAuthors.0: isn't an address",
      "mutedWords.0: a word has no spaces or control characters",
    ]);
  });

  it("resets a corrupt saved state and says so, and reads an empty one as no filters", () => {
    assert.deepEqual(readStoredFilters(null), { state: EMPTY_FILTERS, problem: null });
    assert.match(readStoredFilters("{").problem!, /weren't valid JSON, so they were reset/);
    const future = readStoredFilters(JSON.stringify({ ...EMPTY_FILTERS, version: 2 }));
    assert.deepEqual(future.state, EMPTY_FILTERS);
    assert.match(future.problem!, /version: .*so they were reset/);
    const good = applyEdit(EMPTY_FILTERS, { type: "mute-channel", channelId: "4" });
    assert.deepEqual(readStoredFilters(JSON.stringify(good)), { state: good, problem: null });
  });
});

describe("FilterLists errors", () => {
  it("every custom error of the contract becomes a sentence that says what to do", async () => {
    const { filterListsAbi } = await import("@chorus/deployments");
    const { describeContractError } = await import("../src/lib/errors");
    const names = filterListsAbi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(names.length >= 13);
    for (const name of names) {
      const text = describeContractError(name, []);
      assert.doesNotMatch(text, /refused the transaction \(/, `${name} has its own sentence`);
      assert.doesNotMatch(text, /undefined|NaN/, name);
    }
    const subject = `0x${Buffer.from("spoiler").toString("hex").padEnd(64, "0")}`;
    assert.equal(
      describeContractError("FilterListsAlreadyListed", [3n, 5, subject]),
      "The word “spoiler” is already on list 3, so nothing changed — it is hidden for the list's subscribers already.",
    );
  });
});
