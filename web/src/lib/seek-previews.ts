import { isSafeRelativePath } from "./media";

/**
 * Seek previews: the worker's WebVTT thumbnails track (`previews.vtt`, named in the manifest), whose cues point at
 * tiles of a sprite sheet with media fragments (`previews.jpg#xywh=x,y,w,h`), the convention YouTube-style players
 * (Video.js, Plyr, PeerTube) read. The track is data from the network: a cue whose image is not a plain relative path
 * inside the video's directory, or whose rectangle is not whole, is dropped.
 */
export type PreviewCue = { start: number; end: number; image: string; x: number; y: number; w: number; h: number };

const TIMING = /^((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})/;
const MAX_CUES = 10_000;

function seconds(clock: string): number {
  const parts = clock.split(":").map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** Parses the track; image URLs are resolved against the track's own URL (they sit beside it). */
export function parsePreviewTrack(text: string, trackUrl: string): PreviewCue[] {
  if (!/^\uFEFF?WEBVTT/.test(text)) return [];
  const cues: PreviewCue[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length && cues.length < MAX_CUES; i++) {
    const timing = TIMING.exec(lines[i]!.trim());
    if (!timing) continue;
    const payload = (lines[i + 1] ?? "").trim();
    const fragment = /^([^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(payload);
    const start = seconds(timing[1]!);
    const end = seconds(timing[2]!);
    if (!fragment || !(end > start) || !isSafeRelativePath(decodeURIComponent(fragment[1]!))) continue;
    const [x, y, w, h] = fragment.slice(2).map(Number) as [number, number, number, number];
    if (!(w > 0 && h > 0)) continue;
    cues.push({ start, end, image: new URL(fragment[1]!, trackUrl).href, x, y, w, h });
  }
  return cues.sort((a, b) => a.start - b.start);
}

/**
 * The cue showing `time` (binary search). Past the last cue the last one answers: the player's duration runs a little
 * beyond the track's (the HLS segments' total, audio priming included, against the probed length).
 */
export function cueAt(cues: readonly PreviewCue[], time: number): PreviewCue | null {
  let low = 0;
  let high = cues.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const cue = cues[mid]!;
    if (time < cue.start) high = mid - 1;
    else if (time >= cue.end) low = mid + 1;
    else return cue;
  }
  const last = cues.at(-1);
  return last && time >= last.start ? last : null;
}

/**
 * Where the preview sits above the timeline: centred on the pointer, kept inside the bar's width (so a 360 px
 * player on a phone shows it whole at both ends).
 */
export function previewLeft(pointerX: number, barWidth: number, previewWidth: number): number {
  return Math.round(Math.max(0, Math.min(barWidth - previewWidth, pointerX - previewWidth / 2)));
}
