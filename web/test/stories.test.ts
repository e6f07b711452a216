import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Story } from "@chorus/protocol";
import {
  captionBytes,
  captionError,
  chainNow,
  cidKind,
  imageProblem,
  isShown,
  LIFETIME_CHOICES,
  lifeElapsed,
  MAX_CAPTION_BYTES,
  MAX_IMAGE_BYTES,
  MAX_LIFETIME,
  MIN_LIFETIME,
  parseFollows,
  sniffImage,
  storiesForBar,
  storyVideoTitle,
  timeLeft,
  toggleFollow,
  videoProblem,
} from "../src/lib/stories.ts";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const RAW = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
const DAG_PB = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

function story(id: string, creator: string, expiresAt: number, extra: Partial<Story> = {}): Story {
  return {
    id,
    creator,
    cid: RAW,
    caption: "",
    postedAt: expiresAt - 86400,
    expiresAt,
    deletedAt: null,
    status: "live",
    blockNumber: "1",
    txHash: "0x00",
    ...extra,
  };
}

describe("stories: limits", () => {
  it("offers 24 h first and only lifetimes the contract takes", () => {
    assert.equal(LIFETIME_CHOICES[0]?.seconds, 86400);
    for (const c of LIFETIME_CHOICES) assert.ok(c.seconds >= MIN_LIFETIME && c.seconds <= MAX_LIFETIME, c.label);
    assert.deepEqual(
      LIFETIME_CHOICES.map((c) => c.seconds).sort((a, b) => a - b),
      [3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400],
    );
  });

  it("counts the caption in UTF-8 bytes, as the contract does, and says by how much it is over", () => {
    assert.equal(captionBytes("héllo 👋"), 11);
    assert.equal(captionError("a".repeat(MAX_CAPTION_BYTES)), null);
    assert.match(captionError("a".repeat(MAX_CAPTION_BYTES + 1)) ?? "", /1 byte over the 280-byte limit/);
    assert.match(captionError("👋".repeat(71)) ?? "", /4 bytes over/);
  });

  it("tells pictures by their first bytes and refuses empty, foreign and oversized files", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const webp = new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 ");
    assert.equal(sniffImage(png), "image/png");
    assert.equal(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg");
    assert.equal(sniffImage(webp), "image/webp");
    assert.equal(sniffImage(new TextEncoder().encode("GIF89a")), "image/gif");
    assert.equal(sniffImage(new TextEncoder().encode("<svg onload=alert(1)>")), null);
    assert.equal(imageProblem({ size: 100 }, "image/png"), null);
    assert.match(imageProblem({ size: 0 }, "image/png") ?? "", /empty/);
    assert.match(imageProblem({ size: 100 }, null) ?? "", /isn't a PNG, JPEG, WebP or GIF/);
    assert.match(imageProblem({ size: MAX_IMAGE_BYTES + 1 }, "image/jpeg") ?? "", /at most 5 MB/);
  });

  it("takes videos up to 60 s, titled by the caption's first line for the worker", () => {
    assert.equal(videoProblem(60), null);
    assert.match(videoProblem(61.4) ?? "", /61 s long; a story's video can be at most 60 s/);
    assert.equal(storyVideoTitle(""), "Story");
    assert.equal(storyVideoTitle("\n  Low tide  \nmore"), "Low tide");
    assert.equal([...storyVideoTitle("é".repeat(150))].length, 100);
  });

  it("knows a raw CID is a picture and a directory may be either", () => {
    assert.equal(cidKind(RAW), "image");
    assert.equal(cidKind(DAG_PB), "image-or-video");
    assert.equal(cidKind("nonsense"), "invalid");
  });
});

describe("stories: the chain's clock", () => {
  it("runs the chain's time on from the last block, and the wall clock when it is ahead", () => {
    const wall = 1_000_000_000_000; // ms
    assert.equal(chainNow(null, wall), 1_000_000_000);
    // The chain was moved a day ahead (tests' evm_increaseTime): believed, and it runs on.
    assert.equal(chainNow({ blockTime: 1_000_086_400, readAt: wall }, wall + 5000), 1_000_086_405);
    // An idle chain whose last block is old: the wall clock.
    assert.equal(chainNow({ blockTime: 999_000_000, readAt: wall }, wall), 1_000_000_000);
  });

  it("shows a story only while live by that clock", () => {
    const s = story("1", ALICE, 2000);
    assert.equal(isShown(s, 1999), true);
    assert.equal(isShown(s, 2000), false, "expiresAt itself is expired, as the contract's block.timestamp < expiresAt");
    assert.equal(isShown({ ...s, status: "deleted", deletedAt: 1500 }, 1600), false);
    assert.equal(isShown({ ...s, status: "expired" }, 1000), false);
  });

  it("says the time left and how far through its life a story is", () => {
    assert.equal(timeLeft(1000, 1000), "expired");
    assert.equal(timeLeft(1030, 1000), "under a minute left");
    assert.equal(timeLeft(1000 + 45 * 60, 1000), "45 min left");
    assert.equal(timeLeft(1000 + 23 * 3600 + 59, 1000), "23 h left");
    assert.equal(timeLeft(1000 + 3 * 86400, 1000), "3 days left");
    assert.equal(lifeElapsed({ postedAt: 0, expiresAt: 100 }, 25), 0.25);
    assert.equal(lifeElapsed({ postedAt: 0, expiresAt: 100 }, 500), 1);
  });
});

describe("stories: the bar and follows", () => {
  const stories = [story("3", BOB, 5000), story("2", ALICE.toLowerCase(), 5000), story("1", ALICE, 1000)];

  it("shows everyone's live stories while nobody is followed, and only followed creators' after", () => {
    assert.deepEqual(storiesForBar(stories, [], 2000), {
      stories: [stories[0], stories[1]],
      scope: "everyone",
    });
    const following = storiesForBar(stories, [ALICE], 2000);
    assert.equal(following.scope, "following");
    assert.deepEqual(
      following.stories.map((s) => s.id),
      ["2"],
    );
    assert.deepEqual(storiesForBar(stories, [ALICE], 6000).stories, []);
  });

  it("reads follows leniently and toggles them by checksummed address", () => {
    assert.deepEqual(parseFollows(null), []);
    assert.deepEqual(parseFollows("not json"), []);
    assert.deepEqual(parseFollows('{"a":1}'), []);
    assert.deepEqual(parseFollows(JSON.stringify([ALICE.toLowerCase(), ALICE, "0x12", 7, BOB])), [ALICE, BOB]);
    assert.deepEqual(toggleFollow([], ALICE.toLowerCase() as `0x${string}`), [ALICE]);
    assert.deepEqual(toggleFollow([ALICE, BOB], ALICE), [BOB]);
  });
});
