import { normaliseTag, TAG_MAX_CHARS, TAGS_MAX, type VideoDetails } from "@chorus/protocol";

/** What the creator types while the video transcodes (its shape is the job API's, in @chorus/protocol). */
export type { VideoDetails } from "@chorus/protocol";

export const TITLE_MAX_CHARS = 100;
export const DESCRIPTION_MAX_CHARS = 5000;

export class InvalidDetails extends Error {
  override readonly name = "InvalidDetails";
}

/**
 * Validates `{ title, description }` from the API. Lengths count characters as people see them (code points), so
 * an emoji is one. Surrounding whitespace is trimmed; line breaks inside the description are kept.
 */
export function parseDetails(input: unknown): VideoDetails {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new InvalidDetails("Send a JSON object with a title and an optional description.");
  const { title, description, tags, originallyPublishedAt } = input as Record<string, unknown>;
  if (title === undefined || title === null) throw new InvalidDetails("A title is required.");
  if (typeof title !== "string") throw new InvalidDetails("The title must be text.");
  const trimmedTitle = title.trim();
  if (trimmedTitle.length === 0) throw new InvalidDetails("A title is required.");
  const titleLength = [...trimmedTitle].length;
  if (titleLength > TITLE_MAX_CHARS)
    throw new InvalidDetails(`The title is ${titleLength} characters long; the limit is ${TITLE_MAX_CHARS}.`);
  if (/[\u0000-\u001f\u007f]/.test(trimmedTitle))
    throw new InvalidDetails("The title cannot contain line breaks or control characters.");
  if (description !== undefined && description !== null && typeof description !== "string")
    throw new InvalidDetails("The description must be text.");
  const trimmedDescription = typeof description === "string" ? description.trim() : "";
  const descriptionLength = [...trimmedDescription].length;
  if (descriptionLength > DESCRIPTION_MAX_CHARS) {
    throw new InvalidDetails(
      `The description is ${descriptionLength} characters long; the limit is ${DESCRIPTION_MAX_CHARS}.`,
    );
  }
  const parsedTags = parseTagList(tags);
  const originalDate = parseOriginalDate(originallyPublishedAt);
  return {
    title: trimmedTitle,
    description: trimmedDescription,
    ...(parsedTags.length ? { tags: parsedTags } : {}),
    ...(originalDate ? { originallyPublishedAt: originalDate } : {}),
  };
}

/** A day of clock skew: "published elsewhere" later than that is a mistake in the import, not a date to keep. */
const FUTURE_SKEW_MS = 24 * 3600 * 1000;

/**
 * `originallyPublishedAt` (imports): an ISO 8601 date-time with a zone, stored as UTC (`toISOString`), so the same
 * moment always writes the same manifest. Absent or null: none.
 */
function parseOriginalDate(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  if (typeof value !== "string" || !iso.test(value.trim()))
    throw new InvalidDetails(
      'Send originallyPublishedAt as an ISO 8601 date and time with its zone, e.g. "2021-03-04T12:30:00Z".',
    );
  const time = Date.parse(value.trim());
  if (Number.isNaN(time)) throw new InvalidDetails(`originallyPublishedAt "${value}" is not a real date.`);
  if (time > Date.now() + FUTURE_SKEW_MS)
    throw new InvalidDetails(
      `originallyPublishedAt "${value}" is in the future; send when the video was first published.`,
    );
  return new Date(time).toISOString();
}

/**
 * `tags`: a list of at most TAGS_MAX texts, each stored normalised (lower case, `-` for spaces: @chorus/protocol's
 * normaliseTag) and at most TAG_MAX_CHARS long; duplicates after normalising count once.
 */
function parseTagList(tags: unknown): string[] {
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string"))
    throw new InvalidDetails('Send tags as a list of texts, e.g. ["cooking", "italian"].');
  const unique = [...new Set((tags as string[]).map((t) => t.trim()).filter(Boolean))];
  for (const tag of unique) {
    if (!normaliseTag(tag)) throw new InvalidDetails(`The tag "${tag}" has no letters or digits.`);
    const length = [...tag].length;
    if (length > TAG_MAX_CHARS)
      throw new InvalidDetails(`The tag "${tag}" is ${length} characters long; the limit is ${TAG_MAX_CHARS}.`);
  }
  const normalised = [...new Set(unique.map(normaliseTag))];
  if (normalised.length > TAGS_MAX)
    throw new InvalidDetails(`${normalised.length} tags were sent; the limit is ${TAGS_MAX}.`);
  return normalised;
}
