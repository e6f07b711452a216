import { z } from "zod";

// ---- tags (carried in a video's manifest, set at publish) ----

export const TAGS_MAX = 10;
export const TAG_MAX_CHARS = 32;

/**
 * A tag as Chorus stores it: lower case, trimmed, inner runs of spaces and `#` dropped to one `-` (so "Lo Fi" and
 * "#lo-fi" are one tag), at most TAG_MAX_CHARS characters (code points). Empty when nothing is left.
 */
export function normaliseTag(text: string): string {
  const tag = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/#/g, " ")
    .trim()
    .replace(/[\s_]+/g, "-")
    .replace(/[^\p{L}\p{N}-]/gu, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return [...tag].slice(0, TAG_MAX_CHARS).join("");
}

/** Tags from free text (comma-separated, as the upload form takes them): normalised, de-duplicated, at most TAGS_MAX. */
export function parseTags(input: string | readonly string[]): string[] {
  const parts = typeof input === "string" ? input.split(",") : input;
  return [...new Set(parts.map(normaliseTag).filter(Boolean))].slice(0, TAGS_MAX);
}

/**
 * A manifest's `tags`. A hostile or older manifest can't break the video: anything but a list of at most TAGS_MAX texts
 * of at most TAG_MAX_CHARS becomes no tags (absent). The worker writes them normalised; readers that compare tags (the
 * indexer's search) normalise them again, as a manifest written by hand may not be.
 */
export const manifestTagsSchema = z
  .array(z.string().max(TAG_MAX_CHARS * 4))
  .max(TAGS_MAX)
  .optional()
  .catch(undefined);
