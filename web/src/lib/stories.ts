import { constants } from "@chorus/deployments";
import type { Story } from "@chorus/protocol";
import { CID } from "multiformats/cid";
import { getAddress, isAddress, type Address } from "viem";

/**
 * Stories (docs/filters-and-stories.md, "Stories"): the limits the contract enforces, what the bar shows, and the
 * viewer's follows kept in this browser. Pure, unit-tested (test/stories.test.ts); the components are under
 * components/stories/.
 */

export type { Story } from "@chorus/protocol";

export const { DEFAULT_LIFETIME, MIN_LIFETIME, MAX_LIFETIME, MAX_CAPTION_BYTES } = constants.Stories;

/** The lifetimes offered, in seconds: 24 h first (the contract's default), all within its 1 h – 7 d. */
export const LIFETIME_CHOICES: readonly { seconds: number; label: string }[] = [
  { seconds: DEFAULT_LIFETIME, label: "24 hours" },
  { seconds: MIN_LIFETIME, label: "1 hour" },
  { seconds: 6 * 3600, label: "6 hours" },
  { seconds: 3 * 86400, label: "3 days" },
  { seconds: MAX_LIFETIME, label: "7 days" },
].filter((c) => c.seconds >= MIN_LIFETIME && c.seconds <= MAX_LIFETIME);

/** The caption's size as the contract counts it: bytes of UTF-8, not characters (an emoji is 4). */
export function captionBytes(caption: string): number {
  return new TextEncoder().encode(caption).length;
}

/** Null when the caption fits, else a sentence saying by how much it is over. */
export function captionError(caption: string): string | null {
  const over = captionBytes(caption) - MAX_CAPTION_BYTES;
  return over > 0
    ? `The caption is ${over} byte${over === 1 ? "" : "s"} over the ${MAX_CAPTION_BYTES}-byte limit (accents take 2 bytes, emoji 4). Shorten it.`
    : null;
}

// ---- images ----

/**
 * The largest image a story takes. An image up to 256 KiB is one raw block (the cheapest CID to fetch: one request);
 * bigger ones become a small file DAG, which the contract accepts too. 5 MiB keeps a phone photo (JPEG, ~2–4 MB) while
 * stopping an upload that would take a viewer on a slow connection longer to load than a story is looked at.
 */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The image types a story takes, by their first bytes (a file's name or declared type proves nothing). */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export function sniffImage(bytes: Uint8Array): ImageType | null {
  const at = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return "image/gif";
  return null;
}

/** Null when the file can be a story's image, else what is wrong and what to do. */
export function imageProblem(file: { size: number }, type: ImageType | null): string | null {
  if (file.size === 0) return "That file is empty. Pick a picture.";
  if (type === null) return "That file isn't a PNG, JPEG, WebP or GIF picture. Pick one of those (or a short video).";
  if (file.size > MAX_IMAGE_BYTES)
    return `That picture is ${(file.size / 1048576).toFixed(1)} MB; a story's picture can be at most ${MAX_IMAGE_BYTES / 1048576} MB. Pick a smaller one or shrink it.`;
  return null;
}

// ---- short videos ----

/**
 * The longest video a story takes. A story is glanced at between others (other platforms stop at 60 s too); the
 * worker's ladder costs ~0.7 CPU-seconds per second of video (ffmpeg-worker/README.md), so a 60 s story is ready within
 * a minute or so on a 2-core machine while the creator types the caption. The worker makes its usual ladder (up to 3
 * rungs, never above the source): it has no per-job option for fewer, which would save about a third of the
 * transcode and of the bytes kept — worth adding to the worker, not faked here.
 */
export const MAX_VIDEO_SECONDS = 60;

/** The title the worker needs for a story's video (one line, ≤ 100 characters): the caption's first line, or "Story". */
export function storyVideoTitle(caption: string): string {
  const line =
    caption
      .split(/\r?\n/)
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  return line ? [...line].slice(0, 100).join("") : "Story";
}

/** Null when the worker's probe says the video may be a story, else why not and what to do. */
export function videoProblem(durationSeconds: number): string | null {
  return durationSeconds > MAX_VIDEO_SECONDS
    ? `That video is ${Math.round(durationSeconds)} s long; a story's video can be at most ${MAX_VIDEO_SECONDS} s. Trim it, or upload it as a video instead.`
    : null;
}

/**
 * What a story's CID holds, as far as the CID itself says: a raw CID is one block of bytes (an image); a dag-pb CID is
 * a larger image or a short video's directory, which only its content tells apart (`manifest.json` inside).
 */
export function cidKind(cid: string): "image" | "image-or-video" | "invalid" {
  try {
    return CID.parse(cid).code === 0x55 ? "image" : "image-or-video";
  } catch {
    return "invalid";
  }
}

// ---- time ----

/**
 * "Now" by the chain's clock, as the contract judges `isLive`: the latest block's time, moved on by the time passed
 * since it was read — or the browser's clock when that is ahead (a chain that is idle between blocks). A browser whose
 * clock runs late still hides what the chain has expired, and a chain moved forward (tests) is believed.
 */
export function chainNow(anchor: { blockTime: number; readAt: number } | null, wallMs: number): number {
  const wall = Math.floor(wallMs / 1000);
  if (anchor === null) return wall;
  return Math.max(wall, anchor.blockTime + Math.floor((wallMs - anchor.readAt) / 1000));
}

/** Whether a story is shown: live by the indexer and not expired by `now` (chain seconds). */
export function isShown(story: Pick<Story, "status" | "expiresAt" | "deletedAt">, now: number): boolean {
  return story.status === "live" && story.deletedAt === null && story.expiresAt > now;
}

/** "23 h left", "45 min left", "under a minute left". */
export function timeLeft(expiresAt: number, now: number): string {
  const seconds = expiresAt - now;
  if (seconds <= 0) return "expired";
  if (seconds < 60) return "under a minute left";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min left`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h left`;
  return `${Math.floor(seconds / 86400)} days left`;
}

/** The story's progress through its life, 0..1, for the viewer's bar. */
export function lifeElapsed(story: Pick<Story, "postedAt" | "expiresAt">, now: number): number {
  const span = story.expiresAt - story.postedAt;
  return span <= 0 ? 1 : Math.min(1, Math.max(0, (now - story.postedAt) / span));
}

// ---- what the bar shows ----

/**
 * The bar's stories: those of followed creators when anyone is followed, else everyone's ("recent stories"), newest
 * first, expired ones dropped by the chain's clock.
 */
export function storiesForBar(
  stories: readonly Story[],
  follows: readonly string[],
  now: number,
): { stories: Story[]; scope: "following" | "everyone" } {
  const shown = stories.filter((s) => isShown(s, now));
  if (follows.length === 0) return { stories: shown, scope: "everyone" };
  const followed = new Set(follows.map((a) => a.toLowerCase()));
  return { stories: shown.filter((s) => followed.has(s.creator.toLowerCase())), scope: "following" };
}

// ---- follows in this browser ----

/** Where the creators a viewer follows are kept: this browser's localStorage, no wallet, no server. */
export const FOLLOWS_KEY = "chorus.follows.creators";

/** The followed creators from the stored text; anything that isn't a list of addresses is ignored, not fatal. */
export function parseFollows(text: string | null): Address[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const out: Address[] = [];
  for (const item of value) {
    if (typeof item !== "string" || !isAddress(item, { strict: false })) continue;
    const address = getAddress(item);
    if (seen.has(address)) continue;
    seen.add(address);
    out.push(address);
  }
  return out;
}

export function toggleFollow(follows: readonly Address[], creator: Address): Address[] {
  const address = getAddress(creator);
  return follows.includes(address) ? follows.filter((a) => a !== address) : [...follows, address];
}
