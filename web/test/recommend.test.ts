import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addToHistory,
  type Candidate,
  HISTORY_LIMIT,
  parseHistory,
  recommend,
  type Watched,
  watchedOf,
  wordsOf,
} from "../src/lib/recommend.ts";

const A = "0xaaaa000000000000000000000000000000000001";
const B = "0xbbbb000000000000000000000000000000000002";
const C = "0xcccc000000000000000000000000000000000003";

const candidate = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  title: id,
  creator: C,
  channelId: null,
  tags: [],
  words: [],
  timestamp: Number(id.replace(/\D/g, "")) || 0,
  ...over,
});
const watched = (c: Candidate, at: number): Watched => watchedOf(c, at);

describe("recommendations from the viewer's own history", () => {
  it("ranks what resembles the history, says why, and never offers what was watched or nothing-alike", () => {
    const seen = candidate("v1", { title: "Owl at dusk", creator: A, tags: ["owls"], words: wordsOf("Owl at dusk") });
    const pool = [
      seen,
      candidate("v2", { creator: A }),
      candidate("v3", { tags: ["owls", "night"] }),
      candidate("v4", { words: wordsOf("An owl at dawn") }),
      candidate("v5", { creator: B }),
    ];
    const ranked = recommend([watched(seen, 1000)], pool);
    assert.deepEqual(
      ranked.map((r) => r.candidate.id),
      ["v2", "v3", "v4"],
    );
    assert.deepEqual(
      ranked.map((r) => r.because.reason),
      ["same creator", "shared tags", "similar words"],
    );
    assert.ok(ranked.every((r) => r.because.id === "v1" && r.because.title === "Owl at dusk"));
    assert.deepEqual(
      recommend([watched(seen, 1000)], pool, { exclude: ["v2"], limit: 1 }).map((r) => r.candidate.id),
      ["v3"],
    );
  });

  it("weighs recent watches more, and breaks ties by the newer video", () => {
    const old = candidate("w1", { creator: A });
    const recent = candidate("w2", { creator: B });
    const pool = [candidate("x10", { creator: A }), candidate("x11", { creator: B }), candidate("x12", { creator: B })];
    const ranked = recommend([watched(old, 1), watched(recent, 2)], pool);
    assert.deepEqual(
      ranked.map((r) => r.candidate.id),
      ["x12", "x11", "x10"],
    );
    assert.equal(ranked[0]!.because.id, "w2");
  });

  it("keeps the history newest first, a rewatch moved to the front, at most HISTORY_LIMIT, and drops malformed entries", () => {
    let history: Watched[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) history = addToHistory(history, watched(candidate(`h${i}`), i));
    assert.equal(history.length, HISTORY_LIMIT);
    assert.equal(history[0]!.id, `h${HISTORY_LIMIT + 4}`);
    history = addToHistory(history, watched(candidate("h100"), 9999));
    assert.equal(history[0]!.id, "h100");
    assert.equal(history.filter((h) => h.id === "h100").length, 1);
    assert.deepEqual(parseHistory(JSON.stringify(history)), history);
    assert.deepEqual(parseHistory("nope"), []);
    assert.deepEqual(parseHistory(JSON.stringify([{ id: 1 }, null, { id: "a", creator: A, at: 5 }])).length, 1);
  });

  it("reads the words that say what a video is about", () => {
    assert.deepEqual(wordsOf("The Owl, at DUSK!", "a video of owls"), ["owl", "dusk", "owls"]);
  });
});
