"use client";
import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./Icons";

/** Copies `value` to the clipboard; says so to sighted users (icon) and screen readers (live region). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 1800);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context or permission; fall back to a selection the person can copy.
      const area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      setCopied(ok ? "yes" : "failed");
    }
  };

  return (
    <button
      type="button"
      className="icon-btn"
      onClick={copy}
      aria-label={label}
      title={copied === "yes" ? "Copied" : label}
    >
      {copied === "yes" ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
      <span className="visually-hidden" role="status">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Couldn't copy" : ""}
      </span>
    </button>
  );
}
