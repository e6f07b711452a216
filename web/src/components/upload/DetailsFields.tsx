"use client";
import { useId } from "react";
import { DESCRIPTION_MAX, TITLE_MAX } from "@/lib/format";

export function TitleField({
  value,
  onChange,
  error,
  readOnly,
  inputRef,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  readOnly: boolean;
  inputRef: React.RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const length = [...value].length;
  return (
    <div className="field">
      <label htmlFor={id}>Title (required)</label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="title"
        autoComplete="off"
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span
          className={error ? "field-error" : undefined}
          role={error ? "alert" : undefined}
          data-testid="title-error"
        >
          {error ?? "What viewers see first."}
        </span>
        <span className={length > TITLE_MAX ? "field-error" : undefined} data-testid="title-count">
          {length}/{TITLE_MAX}
        </span>
      </div>
    </div>
  );
}

export function DescriptionField({
  value,
  onChange,
  error,
  readOnly,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  readOnly: boolean;
}) {
  const id = useId();
  const length = [...value].length;
  return (
    <div className="field">
      <label htmlFor={id}>Description</label>
      <textarea
        id={id}
        className="textarea"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="description"
        placeholder="Tell viewers about your video. Links (https://…) become clickable."
      />
      <div className="field-hint" id={`${id}-hint`}>
        <span className={error ? "field-error" : undefined} role={error ? "alert" : undefined}>
          {error ?? "Optional."}
        </span>
        <span className={length > DESCRIPTION_MAX ? "field-error" : undefined}>
          {length}/{DESCRIPTION_MAX}
        </span>
      </div>
    </div>
  );
}
