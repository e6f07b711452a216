/** Pure formatting helpers shared by server and client components (tested in test/format.test.ts). */

/** 245 → "4:05", 3725 → "1:02:05". Negative, NaN and infinite values read as 0:00. */
export function formatDuration(totalSeconds: number): string {
  const s = Number.isFinite(totalSeconds) && totalSeconds > 0 ? Math.floor(totalSeconds) : 0;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const ss = String(seconds).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${ss}` : `${minutes}:${ss}`;
}

/** "4 minutes 5 seconds" — what a screen reader should say for a duration badge. */
export function formatDurationLong(totalSeconds: number): string {
  const s = Number.isFinite(totalSeconds) && totalSeconds > 0 ? Math.floor(totalSeconds) : 0;
  const parts: string[] = [];
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (hours) parts.push(plural(hours, "hour"));
  if (minutes) parts.push(plural(minutes, "minute"));
  if (seconds || parts.length === 0) parts.push(plural(seconds, "second"));
  return parts.join(" ");
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

const AGE_UNITS: [limitSeconds: number, unitSeconds: number, name: string][] = [
  [3600, 60, "minute"],
  [86_400, 3600, "hour"],
  [7 * 86_400, 86_400, "day"],
  [30 * 86_400, 7 * 86_400, "week"],
  [365 * 86_400, 30 * 86_400, "month"],
  [Number.POSITIVE_INFINITY, 365 * 86_400, "year"],
];

/** "3 hours ago" for a unix timestamp in seconds, relative to `nowMs`. Times in the future (clock skew) read "just now". */
export function formatAge(timestampSeconds: number, nowMs: number = Date.now()): string {
  const elapsed = Math.floor(nowMs / 1000 - timestampSeconds);
  if (!Number.isFinite(elapsed) || elapsed < 60) return "just now";
  for (const [limit, unit, name] of AGE_UNITS) {
    if (elapsed < limit) return `${plural(Math.max(1, Math.floor(elapsed / unit)), name)} ago`;
  }
  return "a long time ago";
}

/**
 * "3 hours ago" for the past, "in 23 hours" for the future (a deal's end, a vote's deadline). Within a minute either way
 * it reads "just now", which also absorbs a block clock a little ahead of the reader's.
 */
export function formatRelative(timestampSeconds: number, nowMs: number = Date.now()): string {
  const ahead = Math.floor(timestampSeconds - nowMs / 1000);
  if (!Number.isFinite(ahead) || ahead < 60) return formatAge(timestampSeconds, nowMs);
  for (const [limit, unit, name] of AGE_UNITS) {
    if (ahead < limit) return `in ${plural(Math.max(1, Math.floor(ahead / unit)), name)}`;
  }
  return "in a long time";
}

/**
 * The exact time for a title attribute: "22 Nov 2025, 14:05:09 UTC" by default. Pass a time zone (the browser's own,
 * once mounted) to localise it.
 */
export function formatExactTime(timestampSeconds: number, timeZone = "UTC", locale = "en-GB"): string {
  const date = new Date(timestampSeconds * 1000);
  if (Number.isNaN(date.getTime())) return "unknown time";
  const text = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone,
    timeZoneName: "short",
  }).format(date);
  return text;
}

/** 999 → "999", 1234 → "1.2K", 15_300 → "15K", 1_250_000 → "1.3M", 2e9 → "2B". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "0";
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  if (abs < 1000) return `${sign}${Math.floor(abs)}`;
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (let i = 0; i < units.length; i++) {
    const [size, suffix] = units[i]!;
    if (abs < size) continue;
    const value = abs / size;
    // One decimal below 10 (1.2K), none above (15K); never show "1000K": promote to the next unit.
    const rounded = value < 10 ? Math.floor(value * 10) / 10 : Math.floor(value);
    if (rounded >= 1000 && i > 0) return `${sign}1${units[i - 1]![1]}`;
    return `${sign}${String(rounded)}${suffix}`;
  }
  return `${sign}${Math.floor(abs)}`;
}

/** 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 → "0x7099…79C8". Anything too short to shorten is returned unchanged. */
export function shortAddress(address: string): string {
  if (address.length <= 12) return address;
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** A transaction hash or CID, shortened for display: "0x1a2b3c…9f8e". */
export function shortHash(hash: string, head = 8, tail = 6): string {
  if (hash.length <= head + tail + 1) return hash;
  return `${hash.slice(0, head)}…${hash.slice(-tail)}`;
}

/** Bytes in decimal megabytes, as file managers show them: 12_345_678 → "12.3 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "0 B";
  if (bytes < 1000) return `${Math.floor(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(bytes < 1e8 ? 1 : 0)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** An estimate of remaining time: "about 2 min left", "less than a minute left", "45 s left". */
export function formatEta(seconds: number | undefined | null): string | null {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 5) return "almost done";
  if (seconds < 60) return `${Math.ceil(seconds / 5) * 5} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return `about ${hours} h ${minutes} min left`;
}

/** 0.4567 → "46%". Clamped to 0–100. */
export function formatPercent(fraction: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return `${Math.floor(f * 100)}%`;
}

export const TITLE_MAX = 100;
export const DESCRIPTION_MAX = 5000;

/** "my_holiday-clip.final.MP4" → "my holiday clip.final": a starting point for the title, never longer than allowed. */
export function titleFromFilename(filename: string): string {
  const base = filename.replace(/^.*[\\/]/, "");
  const withoutExtension = base.includes(".") ? base.slice(0, base.lastIndexOf(".")) : base;
  const cleaned = withoutExtension.replace(/[_]+/g, " ").replace(/\s+/g, " ").trim();
  return [...(cleaned || base)].slice(0, TITLE_MAX).join("").trim();
}

/**
 * A deterministic two-colour gradient for an address: the avatar of a channel that has none. Same address, same
 * colours, everywhere; case does not matter.
 */
export function avatarGradient(address: string): string {
  const hex = address.toLowerCase().replace(/^0x/, "").padEnd(12, "0");
  const hue1 = parseInt(hex.slice(0, 3), 16) % 360;
  const hue2 = (hue1 + 40 + (parseInt(hex.slice(3, 5), 16) % 140)) % 360;
  const angle = parseInt(hex.slice(5, 7), 16) % 360;
  return `linear-gradient(${angle}deg, hsl(${hue1} 70% 55%), hsl(${hue2} 65% 40%))`;
}
