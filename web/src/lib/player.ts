/** Pure pieces of the player (tested in test/player.test.ts); the component itself is components/Player.tsx. */

export type PlayerAction =
  | { type: "toggle-play" }
  | { type: "seek-by"; seconds: number }
  | { type: "fullscreen" }
  | { type: "mute" };

/** YouTube's keys: space/k play-pause, j/l ±10 s, ←/→ ±5 s, f fullscreen, m mute. */
export function actionForKey(key: string): PlayerAction | null {
  switch (key) {
    case " ":
    case "k":
    case "K":
      return { type: "toggle-play" };
    case "j":
    case "J":
      return { type: "seek-by", seconds: -10 };
    case "l":
    case "L":
      return { type: "seek-by", seconds: 10 };
    case "ArrowLeft":
      return { type: "seek-by", seconds: -5 };
    case "ArrowRight":
      return { type: "seek-by", seconds: 5 };
    case "f":
    case "F":
      return { type: "fullscreen" };
    case "m":
    case "M":
      return { type: "mute" };
    default:
      return null;
  }
}

export interface KeyTarget {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
  /** Whether the element is the player's own seek bar (whose arrows we handle ourselves). */
  isSeekBar?: boolean;
}

/**
 * Whether a key press belongs to the focused element rather than to the player: typing in a field, arrows on another
 * slider, space/enter activating a button or link.
 */
export function keyBelongsToTarget(key: string, target: KeyTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target.type ?? "text").toLowerCase();
    if (type !== "range" && type !== "checkbox" && type !== "radio" && type !== "button") return true;
    // Space ticks a checkbox or radio and presses an input button: that's the key's meaning there, not play/pause.
    if ((type === "checkbox" || type === "radio" || type === "button") && (key === " " || key === "Enter")) return true;
    if (type === "range" && !target.isSeekBar && (key.startsWith("Arrow") || key === "Home" || key === "End"))
      return true;
  }
  if ((tag === "BUTTON" || tag === "A" || tag === "SUMMARY") && (key === " " || key === "Enter")) return true;
  return false;
}

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

export function speedLabel(rate: number): string {
  return rate === 1 ? "Normal" : `${rate}×`;
}

export interface StoredVolume {
  volume: number;
  muted: boolean;
}

export const VOLUME_KEY = "chorus.player.volume";

/** Reads what was saved in localStorage; null when nothing (or something broken) is there. */
export function parseStoredVolume(raw: string | null): StoredVolume | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const { volume, muted } = value as Record<string, unknown>;
    if (typeof volume !== "number" || !Number.isFinite(volume)) return null;
    return { volume: Math.min(1, Math.max(0, volume)), muted: muted === true };
  } catch {
    return null;
  }
}

export interface LevelInfo {
  height: number;
  width: number;
  bitrate: number;
}

export interface RenditionInfo {
  name: string;
  height: number;
  bandwidth: number;
}

/**
 * Names for the stream's levels: the manifest's rendition names where one matches (same height, closest bandwidth),
 * else "<height>p". Levels are returned in hls.js order with their index, sorted highest first for the menu.
 */
export function labelLevels(
  levels: LevelInfo[],
  renditions: RenditionInfo[] = [],
): { index: number; label: string; height: number; bitrate: number }[] {
  return levels
    .map((level, index) => {
      const candidates = renditions.filter((r) => r.height === level.height);
      const match = candidates.sort(
        (a, b) => Math.abs(a.bandwidth - level.bitrate) - Math.abs(b.bandwidth - level.bitrate),
      )[0];
      const label = match?.name ?? (level.height ? `${level.height}p` : `${Math.round(level.bitrate / 1000)} kbps`);
      return { index, label, height: level.height, bitrate: level.bitrate };
    })
    .sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
}

/** The end of the buffered range that contains `time` (what the seek bar shows as loaded). */
export function bufferedEnd(
  ranges: { length: number; start(i: number): number; end(i: number): number },
  time: number,
): number {
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) <= time + 0.5 && time <= ranges.end(i)) return ranges.end(i);
  }
  return time;
}
