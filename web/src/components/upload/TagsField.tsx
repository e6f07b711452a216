"use client";
import { useId } from "react";
import { normaliseTag, parseTags, TAG_MAX_CHARS, TAGS_MAX } from "@chorus/protocol";

/** Why the tags typed can't be sent, or null: the worker's rules (ffmpeg-worker/src/details.ts), said as they are typed. */
export function tagsProblem(text: string): string | null {
  const parts = text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const long = parts.find((t) => [...t].length > TAG_MAX_CHARS);
  if (long) return `"${long}" is longer than ${TAG_MAX_CHARS} characters: shorten it.`;
  const empty = parts.find((t) => !normaliseTag(t));
  if (empty) return `"${empty}" has no letters or digits: remove it.`;
  const count = new Set(parts.map(normaliseTag)).size;
  if (count > TAGS_MAX) return `At most ${TAGS_MAX} tags: remove ${count - TAGS_MAX}.`;
  return null;
}

/** Tags at publish: comma-separated, shown as they will be stored (lower case, `-` for spaces). */
export function TagsField({
  value,
  onChange,
  readOnly,
}: {
  value: string;
  onChange: (v: string) => void;
  readOnly: boolean;
}) {
  const id = useId();
  const tags = parseTags(value);
  const error = tagsProblem(value);
  return (
    <div className="field">
      <label htmlFor={id}>Tags</label>
      <input
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="tags"
        placeholder="cooking, italian, weeknight dinners"
        autoComplete="off"
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span className={error ? "field-error" : undefined} role={error ? "alert" : undefined}>
          {error ??
            (tags.length
              ? `Saved as: ${tags.map((t) => `#${t}`).join(" ")}`
              : `Optional. Up to ${TAGS_MAX}, separated by commas; viewers find videos by them.`)}
        </span>
      </div>
    </div>
  );
}
