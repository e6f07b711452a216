import type { Fraction } from "./probe.ts";

/**
 * The adaptive-bitrate ladder: which renditions to make of a source, at which size and bitrate.
 *
 * Rungs are named like YouTube's qualities after the short side of a 16:9 box: "720p" is whatever fits in
 * 1280x720 (720x1280 for portrait video), keeping the source's aspect ratio. So a 1920x800 film gets a 1080p rung
 * of 1920x800 and a 720p rung of 1280x534, and a 1080x1920 phone video gets 720x1280, 480x854 and 240x426.
 * A rung is made only if the source fills its box in at least one direction, so nothing is ever upscaled;
 * a source smaller than the 240p box gets a single rendition at its own size.
 */
export const RUNG_SIZES = [1080, 720, 480, 360, 240] as const;
type RungSize = (typeof RUNG_SIZES)[number];

export interface Rung {
  /** Directory and quality-menu name, e.g. "720p". */
  name: string;
  width: number;
  height: number;
  /** Target video bitrate, bits per second. */
  videoBitrate: number;
  /** VBV cap (x264 -maxrate) and buffer (-bufsize), bits per second / bits. */
  maxBitrate: number;
  bufferSize: number;
  /** AAC bitrate, bits per second (used only when the source has audio). */
  audioBitrate: number;
}

export interface LadderSource {
  width: number;
  height: number;
  frameRate?: Fraction | null;
}

export interface LadderOptions {
  /** Largest rung to make (WORKER_MAX_HEIGHT). */
  maxHeight: number;
  /** At most this many rungs (default 3: a ladder of three costs ~1.5–1.8 CPU-s per media-second on 2 cores). */
  maxRungs?: number;
}

/** Width of each rung's 16:9 box (426 and 854 are the usual even roundings of 426.7 and 853.3). */
const BOX_LONG_SIDE: Record<RungSize, number> = { 1080: 1920, 720: 1280, 480: 854, 360: 640, 240: 426 };

/**
 * Which rungs to make below the top one: a big step down for the middle rung and a small rung that starts fast
 * on slow links, within the three-rung budget.
 */
const LADDER_BY_TOP: Record<RungSize, readonly RungSize[]> = {
  1080: [1080, 720, 360],
  720: [720, 480, 240],
  480: [480, 360, 240],
  360: [360, 240],
  240: [240],
};

/** H.264 (x264 veryfast) video bitrates in kbit/s for a full 16:9 box at up to 30 fps. */
const VIDEO_KBPS: Record<RungSize, number> = { 1080: 5000, 720: 2800, 480: 1400, 360: 800, 240: 400 };
const AUDIO_KBPS: Record<RungSize, number> = { 1080: 128, 720: 128, 480: 96, 360: 96, 240: 64 };
const HIGH_FRAME_RATE_FACTOR = 1.5;
const MAXRATE_FACTOR = 1.07;
const BUFSIZE_FACTOR = 1.5;

/** Chooses the ladder for a source, lowest rung first (the order of the master playlist). */
export function chooseLadder(source: LadderSource, options: LadderOptions): Rung[] {
  const { width, height } = source;
  if (!(width > 0 && height > 0)) throw new RangeError(`Invalid source size ${width}x${height}`);
  if (!(options.maxHeight >= 240)) throw new RangeError(`maxHeight must be at least 240, got ${options.maxHeight}`);
  const maxRungs = Math.max(1, options.maxRungs ?? 3);
  const highFrameRate = frameRateValue(source.frameRate) > 31;
  const eligible = RUNG_SIZES.filter((size) => size <= options.maxHeight && fillsBox(width, height, size));
  const top = eligible[0];

  if (top === undefined) {
    // Smaller than the 240p box: one rendition at the source's own (even) size, or scaled up to the smallest size made.
    const fitted =
      Math.min(width, height) >= MIN_SHORT_SIDE
        ? { width: evenAtMost(width, width), height: evenAtMost(height, height) }
        : scaleUpToMinimum(width, height);
    const pixelShare = (fitted.width * fitted.height) / (BOX_LONG_SIDE[240] * 240);
    return [
      makeRung(
        `${Math.min(fitted.width, fitted.height)}p`,
        fitted,
        VIDEO_KBPS[240] * clamp(pixelShare, 0.25, 1),
        AUDIO_KBPS[240],
        highFrameRate,
      ),
    ];
  }

  const chosen = LADDER_BY_TOP[top].filter((size) => eligible.includes(size)).slice(0, maxRungs);
  const rungs: Rung[] = [];
  for (const size of chosen) {
    const fitted = fitInBox(width, height, BOX_LONG_SIDE[size], size);
    // Two boxes can give the same size for very wide or tall sources: keep only the first.
    if (rungs.some((r) => r.width === fitted.width && r.height === fitted.height)) continue;
    const pixelShare = (fitted.width * fitted.height) / (BOX_LONG_SIDE[size] * size);
    rungs.push(
      makeRung(`${size}p`, fitted, VIDEO_KBPS[size] * clamp(pixelShare, 0.4, 1), AUDIO_KBPS[size], highFrameRate),
    );
  }
  return rungs.reverse();
}

/**
 * The smallest picture a rendition is made at, on its short side (YouTube's smallest quality, 144p). A source below it
 * (an 8×8 test clip, a 64×48 phone video from 2004) is the one case that is scaled up: at its own size it would be a
 * stamp in the player, smaller than the decoders' 16×16 macroblocks, and its seek-preview tiles would be a few pixels.
 */
const MIN_SHORT_SIDE = 144;

/** Scales a tiny source up, keeping its aspect ratio, until its short side is MIN_SHORT_SIDE or it fills the 240p box. */
function scaleUpToMinimum(width: number, height: number): { width: number; height: number } {
  const landscape = width >= height;
  const short = landscape ? height : width;
  const long = landscape ? width : height;
  const scale = Math.max(1, Math.min(MIN_SHORT_SIDE / short, BOX_LONG_SIDE[240] / long));
  const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);
  return { width: even(width * scale), height: even(height * scale) };
}

/** The source reaches the box's short side or its long side (so a downscale or same size fits it). */
function fillsBox(width: number, height: number, size: RungSize): boolean {
  return Math.min(width, height) >= size || Math.max(width, height) >= BOX_LONG_SIDE[size];
}

/**
 * Scales (down only) to fit a box given as long side x short side, oriented like the source.
 * Dimensions are even (4:2:0 chroma needs it) and never exceed the source's own even-floored size.
 */
export function fitInBox(
  width: number,
  height: number,
  boxLong: number,
  boxShort: number,
): { width: number; height: number } {
  const landscape = width >= height;
  const boxWidth = landscape ? boxLong : boxShort;
  const boxHeight = landscape ? boxShort : boxLong;
  const scale = Math.min(1, boxWidth / width, boxHeight / height);
  return { width: evenAtMost(width * scale, width), height: evenAtMost(height * scale, height) };
}

/** Nearest even number to `value`, but not above the largest even number ≤ `limit`, and at least 2. */
export function evenAtMost(value: number, limit: number): number {
  const nearestEven = Math.round(value / 2) * 2;
  const ceiling = Math.floor(limit / 2) * 2;
  return Math.max(2, Math.min(nearestEven, ceiling));
}

function makeRung(
  name: string,
  size: { width: number; height: number },
  videoKbps: number,
  audioKbps: number,
  highFrameRate: boolean,
): Rung {
  const kbps = Math.round(videoKbps * (highFrameRate ? HIGH_FRAME_RATE_FACTOR : 1));
  return {
    name,
    width: size.width,
    height: size.height,
    videoBitrate: kbps * 1000,
    maxBitrate: Math.round(kbps * MAXRATE_FACTOR) * 1000,
    bufferSize: Math.round(kbps * BUFSIZE_FACTOR) * 1000,
    audioBitrate: audioKbps * 1000,
  };
}

/** Bandwidth a rung needs before it is measured: its VBV cap plus audio. */
export function nominalBandwidth(rung: Rung, hasAudio: boolean): number {
  return rung.maxBitrate + (hasAudio ? rung.audioBitrate : 0);
}

/** Common frame rates a source's (possibly averaged, variable) rate is snapped to. */
const STANDARD_RATES: readonly Fraction[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 30, den: 1 },
  { num: 48, den: 1 },
  { num: 50, den: 1 },
  { num: 60000, den: 1001 },
  { num: 60, den: 1 },
];
const MAX_OUTPUT_FPS = 60;
const DEFAULT_FPS: Fraction = { num: 30, den: 1 };

/**
 * The constant frame rate every rendition is encoded at: the source's rate, snapped to a standard one when within
 * 0.5 % (phones record variable rates that average 29.87), halved while above 60. A constant rate makes the
 * keyframe interval an exact number of frames per segment.
 */
export function chooseOutputFrameRate(rate: Fraction | null | undefined): Fraction {
  let fps = frameRateValue(rate);
  if (!(fps > 0)) return DEFAULT_FPS;
  let divisor = 1;
  while (fps / divisor > MAX_OUTPUT_FPS + 0.5) divisor *= 2;
  fps /= divisor;
  const distance = (r: Fraction) => Math.abs(r.num / r.den - fps) / fps;
  const nearest = STANDARD_RATES.reduce((best, r) => (distance(r) < distance(best) ? r : best));
  if (distance(nearest) < 0.005) return nearest;
  return { num: Math.round(fps * 1000), den: 1000 };
}

export function frameRateValue(rate: Fraction | null | undefined): number {
  return rate && rate.den > 0 ? rate.num / rate.den : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
