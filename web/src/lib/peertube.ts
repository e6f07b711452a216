import { parseTags, TAG_MAX_CHARS } from "@chorus/protocol";
import { z } from "zod";
import { DESCRIPTION_MAX } from "./format";
import { cleanTitle, type ImportItem, type PickedFile, parseTimestamp, type TakeoutRow } from "./takeout";

/**
 * Reading a PeerTube user export (PeerTube ≥ 6, *My account → Import/Export → Request an archive*) in the browser, for
 * the import page (/upload/import). Nothing here touches the network.
 *
 * The archive (a zip; unzipped, a folder) holds `peertube/videos.json`, `{ "videos": [...] }`, one object per video
 * of every channel of the account: `uuid`, `name`, `description`, `tags`, `privacy` (1 public, 2 unlisted, 3 private,
 * 4 internal, 5 password protected), `publishedAt`, `originallyPublishedAt`, `isLive`, … and `archiveFiles.videoFile`,
 * the video's file *relative to the JSON file* (`../files/videos/video-files/<uuid>.<ext>`: the original upload when
 * the instance kept it, else its best rendition) — null when the archive was requested without video files. (Written
 * by PeerTube's server/core/lib/user-import-export, exporters/videos-exporter.ts and user-exporter.ts.)
 *
 * Read leniently, as PeerTube's own importer does: a video without a name is skipped and counted, a missing field is
 * left empty.
 */

const text = z.string().catch("");
const nullableText = z.string().nullish().catch(null);
const peerTubeVideoSchema = z.object({
  uuid: nullableText,
  name: text,
  description: nullableText,
  tags: z.array(z.unknown()).catch([]),
  privacy: z.number().nullish().catch(null),
  publishedAt: nullableText,
  originallyPublishedAt: nullableText,
  isLive: z.boolean().nullish().catch(false),
  archiveFiles: z.object({ videoFile: nullableText }).nullish().catch(null),
});

/** One video of videos.json, as the import page needs it: a Takeout row plus where its file is in the archive. */
export interface PeerTubeRow extends TakeoutRow {
  /** The video file's path from the archive's root (`files/videos/video-files/<uuid>.mp4`), null when not exported. */
  videoFile: string | null;
}

export interface PeerTubeExport {
  rows: PeerTubeRow[];
  /** For people: what was skipped and why. */
  warnings: string[];
}

const PRIVACY: Record<number, TakeoutRow["privacy"]> = { 1: "public", 2: "unlisted", 3: "private" };

/**
 * `archiveFiles` paths are relative to `peertube/videos.json`: resolved against `peertube/`, so
 * `../files/videos/video-files/x.mp4` is `files/videos/video-files/x.mp4`. Null for a path leaving the archive.
 */
export function archivePath(relative: string): string | null {
  const parts = ["peertube"];
  for (const part of relative.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join("/") : null;
}

/** Parses `peertube/videos.json`. Throws an Error with a sentence when the text is no PeerTube videos export. */
export function parsePeerTubeVideos(json: string): PeerTubeExport {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, ""));
  } catch {
    throw new Error("it isn't JSON. Pick the unzipped PeerTube archive: its peertube/videos.json lists the videos.");
  }
  const list = z.object({ videos: z.array(z.unknown()) }).safeParse(value);
  if (!list.success)
    throw new Error(
      'it has no "videos" list, so it isn\'t the videos.json of a PeerTube export (peertube/videos.json).',
    );

  const rows: PeerTubeRow[] = [];
  let untitled = 0;
  let lives = 0;
  for (const entry of list.data.videos) {
    const parsed = peerTubeVideoSchema.safeParse(entry);
    const video = parsed.success ? parsed.data : null;
    const title = video ? cleanTitle(video.name) : "";
    if (!video || !title) {
      untitled++;
      continue;
    }
    const file = video.archiveFiles?.videoFile ?? null;
    if (video.isLive && !file) {
      lives++;
      continue;
    }
    rows.push({
      videoId: video.uuid || null,
      title,
      description: [...(video.description ?? "").replace(/\r\n?/g, "\n").trim()].slice(0, DESCRIPTION_MAX).join(""),
      publishedAt: parseTimestamp(video.originallyPublishedAt ?? "") ?? parseTimestamp(video.publishedAt ?? ""),
      // Internal (4) and password-protected (5) videos weren't public either: they wait to be ticked, as private ones.
      privacy: video.privacy === null || video.privacy === undefined ? null : (PRIVACY[video.privacy] ?? "private"),
      // A tag longer than a Chorus tag is dropped rather than cut into another word.
      tags: parseTags(
        video.tags.filter((t): t is string => typeof t === "string" && [...t.trim()].length <= TAG_MAX_CHARS),
      ),
      videoFile: file ? archivePath(file) : null,
    });
  }
  const warnings: string[] = [];
  if (untitled)
    warnings.push(
      `${untitled} ${untitled === 1 ? "entry" : "entries"} of videos.json without a name ${untitled === 1 ? "was" : "were"} skipped.`,
    );
  if (lives)
    warnings.push(
      `${lives} permanent live${lives === 1 ? "" : "s"} without a recording ${lives === 1 ? "was" : "were"} skipped: there is no file to publish.`,
    );
  return { rows, warnings };
}

const pathOf = (file: PickedFile) => (file.webkitRelativePath || file.name).replace(/\\/g, "/");

/** `peertube/videos.json` among the picked files (inside the picked folder, or picked by itself). */
export function findPeerTubeJson<F extends PickedFile>(files: readonly F[]): F | null {
  return (
    files.find((f) => /(^|\/)peertube\/videos\.json$/i.test(pathOf(f))) ??
    files.find((f) => !f.webkitRelativePath && f.name.toLowerCase() === "videos.json") ??
    null
  );
}

/**
 * Pairs each video of videos.json with its file among the picked ones: by its archive path (the picked folder's own
 * name comes first in a path, so the path's end is compared), else — files picked one by one — by the file's name
 * (`<uuid>.<ext>`). Each file is used once. Videos whose file isn't there are listed apart; picked video files that
 * no video names are left out (the archive holds nothing else but thumbnails and captions).
 */
export function matchPeerTube<F extends PickedFile>(
  files: readonly F[],
  rows: readonly PeerTubeRow[],
): { items: ImportItem<F>[]; missingFiles: PeerTubeRow[] } {
  const used = new Set<F>();
  const items: ImportItem<F>[] = [];
  const missingFiles: PeerTubeRow[] = [];
  for (const row of rows) {
    const wanted = row.videoFile;
    const name = wanted?.split("/").pop() ?? "";
    const file = wanted
      ? (files.find((f) => !used.has(f) && (pathOf(f) === wanted || pathOf(f).endsWith(`/${wanted}`))) ??
        files.find((f) => !used.has(f) && !f.webkitRelativePath && f.name === name))
      : undefined;
    if (!file) {
      missingFiles.push(row);
      continue;
    }
    used.add(file);
    items.push({
      file,
      title: row.title,
      description: row.description,
      publishedAt: row.publishedAt,
      privacy: row.privacy,
      tags: row.tags,
      matched: true,
      selected: row.privacy === "public" || row.privacy === null,
    });
  }
  return { items, missingFiles };
}
