/**
 * Seek previews: a sprite sheet of small frames taken every few seconds and a WebVTT track that maps each stretch of
 * the timeline to its tile (`previews.jpg#xywh=x,y,w,h`), as YouTube, PeerTube and Video.js players read them. The
 * sheet is one more output of the ladder's ffmpeg run (ffmpeg-args.ts): the frames are already decoded there, so it
 * costs a scale of one frame every few seconds and one JPEG, not a second decode of the source.
 */
export const PREVIEW_IMAGE = "previews.jpg";
export const PREVIEW_VTT = "previews.vtt";
/** Tiles fit a 160×160 box (160×90 for 16:9): the size YouTube and PeerTube show above the timeline. */
const PREVIEW_TILE_BOX = 160;
/** One sheet of at most 10×10 tiles: a 16:9 sheet is then at most 1600×900 px (~100–250 KB as JPEG). */
export const PREVIEW_MAX_TILES = 100;
const PREVIEW_COLUMNS = 10;

export interface PreviewLayout {
  /** A tile every this many seconds (whole seconds, at least 1). */
  intervalSeconds: number;
  /** Tiles: duration / interval, rounded (at least 1); the last one also covers the remainder. */
  count: number;
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

/** The sheet's layout for a video's duration and display size: the interval grows with the duration so one sheet holds it all. */
export function choosePreviewLayout(durationSeconds: number, width: number, height: number): PreviewLayout {
  if (!(width > 0 && height > 0)) throw new RangeError(`Invalid size ${width}x${height}`);
  const seconds = Math.max(durationSeconds, 0);
  const intervalSeconds = Math.max(1, Math.ceil(seconds / PREVIEW_MAX_TILES));
  // As many tiles as the fps filter gives: one per interval started, rounded to the nearest (it rounds the end time so),
  // so a clip of 20.01 s gets 20 tiles, not a 21st for its last hundredth of a second.
  const count = Math.max(1, Math.min(PREVIEW_MAX_TILES, Math.round(seconds / intervalSeconds)));
  const columns = Math.min(count, PREVIEW_COLUMNS);
  // Up or down: an 8×8 source still gets a tile people can see. Even sizes suit the JPEG encoder's 4:2:0 chroma.
  const scale = Math.min(PREVIEW_TILE_BOX / width, PREVIEW_TILE_BOX / height);
  const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);
  return {
    intervalSeconds,
    count,
    columns,
    rows: Math.ceil(count / columns),
    tileWidth: even(width * scale),
    tileHeight: even(height * scale),
  };
}

/** The sheet's size in pixels. */
export function previewSheetSize(layout: PreviewLayout): { width: number; height: number } {
  return { width: layout.columns * layout.tileWidth, height: layout.rows * layout.tileHeight };
}

/** The filter-graph branch that turns decoded frames into the sheet: one frame per interval, scaled, tiled. */
export function previewFilter(layout: PreviewLayout): string {
  // One tile is the first frame: taken without the fps filter, which drops a lone frame that has no duration (WMV).
  const pick = layout.count === 1 ? "trim=end_frame=1" : `fps=1/${layout.intervalSeconds}`;
  return `${pick},scale=${layout.tileWidth}:${layout.tileHeight}:flags=bicubic,setsar=1,tile=${layout.columns}x${layout.rows}`;
}

/**
 * The WebVTT track: one cue per tile, back to back from 0 to the duration (the last cue runs to the end); tile i is
 * the frame at i × interval.
 */
export function buildPreviewVtt(layout: PreviewLayout, durationSeconds: number, image = PREVIEW_IMAGE): string {
  const lines = ["WEBVTT", ""];
  const end = Math.max(durationSeconds, 0.001);
  for (let i = 0; i < layout.count; i++) {
    const start = i * layout.intervalSeconds;
    if (start >= end) break;
    const last = i === layout.count - 1 || (i + 1) * layout.intervalSeconds >= end;
    const x = (i % layout.columns) * layout.tileWidth;
    const y = Math.floor(i / layout.columns) * layout.tileHeight;
    lines.push(
      `${vttTime(start)} --> ${vttTime(last ? end : start + layout.intervalSeconds)}`,
      `${image}#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`,
      "",
    );
    if (last) break;
  }
  return lines.join("\n");
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
