import { parseTags, TAG_MAX_CHARS } from "@chorus/protocol";
import Papa from "papaparse";
import { DESCRIPTION_MAX, TITLE_MAX, titleFromFilename } from "./format";

/**
 * Reading a YouTube Takeout export in the browser (the import page, /upload/import): nothing here touches the network.
 *
 * A Takeout folder holds `YouTube and YouTube Music/videos/<title>.mp4` (each file named after the video's title) and
 * `YouTube and YouTube Music/video metadata/videos.csv`, one row per video: `Video ID`, `Video Title (Original)`,
 * `Video Description (Original)`, `Video Create Timestamp`, `Video Publish Timestamp`, `Privacy`, … Older exports name
 * the columns differently or lack some, so each field is looked up by several names and may be missing. The CSV is
 * RFC 4180 (quoted fields with commas, doubled quotes and line breaks: descriptions span lines), read with papaparse.
 */

/** One video's row of videos.csv, as far as the export has it. */
export interface TakeoutRow {
  videoId: string | null;
  title: string;
  description: string;
  /** ISO 8601 UTC: the publish timestamp, else the create timestamp; null when neither is a date. */
  publishedAt: string | null;
  privacy: "public" | "unlisted" | "private" | null;
  tags: string[];
}

export interface TakeoutCsv {
  rows: TakeoutRow[];
  /** For people: what was missing or skipped ("no title column", "2 rows without a title were skipped"). */
  warnings: string[];
}

/** A picked file, as much of `File` as this module needs (the tests make them from plain objects). */
export interface PickedFile {
  name: string;
  size: number;
  type: string;
  /** Path inside the picked folder (`webkitRelativePath`); "" for files picked one by one. */
  webkitRelativePath: string;
}

const FIELDS = {
  videoId: ["video id", "video_id", "id"],
  title: ["video title", "title"],
  description: ["video description", "description"],
  published: ["video publish timestamp", "publish timestamp", "published at", "video published at", "publish date"],
  created: ["video create timestamp", "create timestamp", "created at", "video created at", "upload date"],
  privacy: ["privacy", "video privacy", "privacy status"],
  tags: ["video tags", "tags", "keywords", "video keywords"],
} as const;

/** `Video Title (Original)` → `video title`: headers compared without case, punctuation or "(original)". */
const headerKey = (header: string) =>
  header
    .replace(/\(original\)/i, "")
    .replace(/_/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** Parses videos.csv. Throws an Error with a sentence when the text is no videos table at all. */
export function parseVideosCsv(text: string): TakeoutCsv {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
  });
  const headers = parsed.meta.fields ?? [];
  const column = (names: readonly string[]) =>
    names.map((name) => headers.find((h) => headerKey(h) === name)).find((h) => h !== undefined) ?? null;
  const columns = {
    videoId: column(FIELDS.videoId),
    title: column(FIELDS.title),
    description: column(FIELDS.description),
    published: column(FIELDS.published),
    created: column(FIELDS.created),
    privacy: column(FIELDS.privacy),
    tags: column(FIELDS.tags),
  };
  if (!columns.title)
    throw new Error(
      `This CSV has no title column (its columns: ${headers.slice(0, 8).join(", ") || "none"}). Pick the "video metadata/videos.csv" of a YouTube Takeout, or import without it (titles from file names).`,
    );
  const warnings: string[] = [];
  if (!columns.description) warnings.push("videos.csv has no description column: descriptions stay empty.");
  if (!columns.published && !columns.created)
    warnings.push("videos.csv has no date column: the original dates are not carried over.");
  if (!columns.privacy) warnings.push("videos.csv has no privacy column: every video is ticked.");

  const rows: TakeoutRow[] = [];
  let untitled = 0;
  for (const record of parsed.data) {
    const cell = (name: string | null) => (name ? (record[name] ?? "").trim() : "");
    const title = cleanTitle(cell(columns.title));
    if (!title) {
      untitled++;
      continue;
    }
    rows.push({
      videoId: cell(columns.videoId) || null,
      title,
      description: [...cell(columns.description).replace(/\r\n?/g, "\n")].slice(0, DESCRIPTION_MAX).join(""),
      publishedAt: parseTimestamp(cell(columns.published)) ?? parseTimestamp(cell(columns.created)),
      privacy: parsePrivacy(cell(columns.privacy)),
      tags: parseTagCell(cell(columns.tags)),
    });
  }
  if (untitled)
    warnings.push(
      `${untitled} row${untitled === 1 ? "" : "s"} without a title ${untitled === 1 ? "was" : "were"} skipped.`,
    );
  return { rows, warnings };
}

/** One line, control characters as spaces, at most TITLE_MAX characters (YouTube's limit is the same 100). */
export const cleanTitle = (title: string) =>
  [
    ...title
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  ]
    .slice(0, TITLE_MAX)
    .join("")
    .trim();

/**
 * Takeout writes `2021-03-04T12:34:56+00:00`; older exports `2021-03-04 12:34:56 UTC` or a bare date. A time without
 * a zone is taken as UTC (what Takeout uses). Null when it is no date, or later than a day from now.
 */
export function parseTimestamp(text: string): string | null {
  let value = text.trim();
  if (!value) return null;
  value = value.replace(/\s+UTC$/i, "Z").replace(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/, "$1T$2");
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) value += "T00:00:00Z";
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) value += "Z";
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time) || time > Date.now() + 24 * 3600 * 1000) return null;
  return new Date(time).toISOString();
}

function parsePrivacy(text: string): TakeoutRow["privacy"] {
  const value = text.toLowerCase();
  return value === "public" || value === "unlisted" || value === "private" ? value : null;
}

/** Tags as Chorus stores them (protocol's parseTags); ones longer than a Chorus tag may be are dropped. */
function parseTagCell(text: string): string[] {
  if (!text) return [];
  return parseTags(text.split(/[,;|]/)).filter((tag) => [...tag].length <= TAG_MAX_CHARS);
}

const VIDEO_FILE = /\.(mp4|m4v|mov|mkv|webm|avi|wmv|flv|mpg|mpeg|ts|mts|m2ts|3gp|ogv)$/i;
const isVideo = (file: PickedFile) => file.type.startsWith("video/") || VIDEO_FILE.test(file.name);
const pathOf = (file: PickedFile) => file.webkitRelativePath || file.name;

/**
 * The metadata CSV and the videos among the picked files: `video metadata/videos.csv` first, else any `videos.csv`,
 * else the only CSV; the videos sorted by path, so the list reads as the folder does.
 */
export function findTakeoutFiles<F extends PickedFile>(files: readonly F[]): { csv: F | null; videos: F[] } {
  const csvs = files.filter((f) => /\.csv$/i.test(f.name));
  const csv =
    csvs.find((f) => /(^|\/)video metadata\/videos\.csv$/i.test(pathOf(f))) ??
    csvs.find((f) => f.name.toLowerCase() === "videos.csv") ??
    (csvs.length === 1 ? csvs[0]! : null);
  const videos = files.filter(isVideo).sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
  return { csv, videos };
}

/** What the import page lists: one video file with the details it will be published with. */
export interface ImportItem<F extends PickedFile = PickedFile> {
  file: F;
  title: string;
  description: string;
  publishedAt: string | null;
  privacy: TakeoutRow["privacy"];
  tags: string[];
  /** Whether a row of videos.csv was found for the file (else the title is the file's name). */
  matched: boolean;
  /** Ticked to import: public (or unknown) videos are; private and unlisted ones wait for the creator to tick them. */
  selected: boolean;
}

export interface TakeoutMatch<F extends PickedFile> {
  items: ImportItem<F>[];
  /** Rows of videos.csv with no video file among the picked ones. */
  missingFiles: TakeoutRow[];
}

/**
 * A title or file name reduced to what survives Takeout's file naming: letters and digits only, lower case (Takeout
 * drops or replaces characters a file name can't hold, such as `/ : ? "`, and may shorten long names).
 */
const matchKey = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** The file's name without its extension nor the ` (1)` Takeout adds to a second video of the same title. */
const fileBase = (name: string) =>
  name
    .replace(/^.*[\\/]/, "")
    .replace(/\.[^.]+$/, "")
    .replace(/\s*\(\d+\)$/, "");

/**
 * Pairs each video file with a row of videos.csv: by the video's ID in the file name, else by the same title, else by
 * a title the file name is the start of (a shortened name); each row is used once, in the CSV's order, so two videos
 * of the same title pair up in order. A file without a row keeps its name as the title.
 */
export function matchTakeout<F extends PickedFile>(videos: readonly F[], rows: readonly TakeoutRow[]): TakeoutMatch<F> {
  const used = new Set<number>();
  const keys = rows.map((row) => matchKey(row.title));
  const take = (predicate: (row: TakeoutRow, index: number) => boolean) => {
    const index = rows.findIndex((row, i) => !used.has(i) && predicate(row, i));
    if (index < 0) return null;
    used.add(index);
    return rows[index]!;
  };
  const items = videos.map((file): ImportItem<F> => {
    const base = fileBase(file.name);
    const key = matchKey(base);
    const row =
      take((r) => r.videoId !== null && r.videoId.length >= 6 && base.includes(r.videoId)) ??
      (key ? take((_, i) => keys[i] === key) : null) ??
      (key.length >= 8 ? take((_, i) => keys[i]!.startsWith(key)) : null);
    if (!row)
      return {
        file,
        title: titleFromFilename(file.name),
        description: "",
        publishedAt: null,
        privacy: null,
        tags: [],
        matched: false,
        selected: true,
      };
    return {
      file,
      title: row.title,
      description: row.description,
      publishedAt: row.publishedAt,
      privacy: row.privacy,
      tags: row.tags,
      matched: true,
      selected: row.privacy === "public" || row.privacy === null,
    };
  });
  return { items, missingFiles: rows.filter((_, i) => !used.has(i)) };
}
