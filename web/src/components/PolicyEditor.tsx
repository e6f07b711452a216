"use client";
import { useId, useRef, useState } from "react";
import { formatBytes } from "@/lib/format";
import { POLICY_MAX_BYTES, utf8Bytes } from "@/lib/policy";
import { PolicyMarkdown } from "./PolicyMarkdown";

/** Markdown editor for a policy: write (or upload a .md file), preview as it will be shown, size against 256 KiB. */
export function PolicyEditor({
  value,
  onChange,
  error,
  disabled,
  label = "Policy (markdown)",
}: {
  value: string;
  onChange: (text: string) => void;
  error: string | null;
  disabled?: boolean;
  label?: string;
}) {
  const id = useId();
  const [mode, setMode] = useState<"write" | "preview">("write");
  const [fileError, setFileError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const bytes = utf8Bytes(value);

  const onFile = async (file: File) => {
    setFileError(null);
    if (file.size > POLICY_MAX_BYTES) {
      setFileError(`"${file.name}" is ${formatBytes(file.size)}; a policy can be at most 256 KiB.`);
      return;
    }
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
      onChange(text);
      setMode("write");
    } catch {
      setFileError(`"${file.name}" isn't UTF-8 text. Choose a markdown (.md) or plain text file.`);
    }
  };

  return (
    <div className="field policy-editor">
      <div className="editor-bar">
        <label htmlFor={`${id}-text`} className="field-label">
          {label}
        </label>
        <div className="segmented segmented-small" role="tablist" aria-label="Editor mode">
          <button
            type="button"
            role="tab"
            aria-selected={mode === "write"}
            onClick={() => setMode("write")}
            data-testid="policy-write-tab"
          >
            Write
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === "preview"}
            onClick={() => setMode("preview")}
            data-testid="policy-preview-tab"
          >
            Preview
          </button>
        </div>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={() => fileRef.current?.click()}
          disabled={disabled}
        >
          Upload a .md file
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".md,.markdown,.txt,text/markdown,text/plain"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Policy file"
          data-testid="policy-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void onFile(file);
          }}
        />
      </div>
      {mode === "write" ? (
        <textarea
          id={`${id}-text`}
          className="textarea textarea-code"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint`}
          spellCheck
          disabled={disabled}
          data-testid="policy-editor"
        />
      ) : (
        <div className="policy-preview" data-testid="policy-preview">
          {value.trim() ? (
            <PolicyMarkdown markdown={value} />
          ) : (
            <p className="description-empty">Nothing written yet.</p>
          )}
        </div>
      )}
      <div className="field-hint" id={`${id}-hint`}>
        <span
          className={error || fileError ? "field-error" : undefined}
          role={error || fileError ? "alert" : undefined}
        >
          {fileError ??
            error ??
            "Markdown: # headings, - lists, **bold**, [links](https://…). Raw HTML isn't rendered."}
        </span>
        <span>{(bytes / 1024).toFixed(1)} / 256 KiB</span>
      </div>
    </div>
  );
}
