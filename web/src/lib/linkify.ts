/**
 * Splits user-written text (a video description) into plain text and links, so the page can render links as <a> and
 * everything else as inert text. Only http(s) URLs (and bare "www." hosts, which become https) become links: a
 * `javascript:`, `data:` or any other scheme stays text, and nothing is ever interpreted as HTML — the caller renders
 * segments as React text nodes, which escape.
 */

export type Segment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// A candidate starts at a word boundary with http(s):// or www. and runs to whitespace or a character that cannot be
// part of a URL written in prose.
const CANDIDATE = /\b(?:https?:\/\/|www\.)[^\s<>"'`\u0000-\u001f\u007f]+/gi;

const TRAILING_PUNCTUATION = /[.,;:!?*'"\u2019\u201d]+$/;

/** Drops punctuation that ends the sentence rather than the URL, and a closing bracket that has no opening one inside. */
function trimCandidate(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, "");
    for (const [open, close] of [
      ["(", ")"],
      ["[", "]"],
      ["{", "}"],
    ] as const) {
      if (url.endsWith(close) && count(url, open) < count(url, close)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** The safe href for a URL-looking string, or null when it is not an http(s) URL with a host. */
export function safeHref(text: string): string | null {
  const withScheme = /^www\./i.test(text) ? `https://${text}` : text;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname || (!url.hostname.includes(".") && url.hostname !== "localhost")) return null;
  if (url.username || url.password) return null; // "https://trusted.com@evil.example" misleads readers
  return url.href;
}

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  const pushText = (value: string) => {
    if (!value) return;
    const last = segments.at(-1);
    if (last?.kind === "text") last.text += value;
    else segments.push({ kind: "text", text: value });
  };
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const candidate = trimCandidate(match[0]);
    const href = candidate.length > "https://".length - 1 ? safeHref(candidate) : null;
    if (!href) continue;
    pushText(text.slice(cursor, start));
    segments.push({ kind: "link", text: candidate, href });
    cursor = start + candidate.length;
  }
  pushText(text.slice(cursor));
  return segments;
}
