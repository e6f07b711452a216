/** Content types for the gateway: by file extension, else by sniffing the first bytes. */

const BY_EXTENSION: Readonly<Record<string, string>> = {
  // HLS / video / audio
  m3u8: "application/vnd.apple.mpegurl",
  m3u: "audio/mpegurl",
  ts: "video/mp2t",
  m4s: "video/iso.segment",
  mp4: "video/mp4",
  m4v: "video/mp4",
  m4a: "audio/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  aac: "audio/aac",
  mp3: "audio/mpeg",
  opus: "audio/ogg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  vtt: "text/vtt; charset=utf-8",
  mpd: "application/dash+xml",
  // images
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  svg: "image/svg+xml",
  ico: "image/x-icon",
  // documents / web
  json: "application/json",
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  wasm: "application/wasm",
  xml: "application/xml",
  pdf: "application/pdf",
  car: "application/vnd.ipld.car",
  woff2: "font/woff2",
};

const OCTET_STREAM = "application/octet-stream";

/** The content type for a file name, or undefined when the extension is unknown. */
export function contentTypeForName(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot < 0 || dot === base.length - 1) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** A content type from the first bytes of a file (for paths without an extension, e.g. a bare CID). */
export function sniffContentType(head: Uint8Array): string {
  if (startsWith(head, ascii("#EXTM3U"))) return BY_EXTENSION.m3u8 as string;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("ftyp"), 4)) return "video/mp4";
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return "video/webm";
  if (startsWith(head, ascii("%PDF-"))) return "application/pdf";
  if (head.length >= 189 && head[0] === 0x47 && head[188] === 0x47) return "video/mp2t";
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return "application/wasm";
  // text: valid UTF-8 without control characters other than whitespace
  if (head.length === 0) return "text/plain; charset=utf-8";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(head.length === 512 ? trimPartialUtf8(head) : head);
  } catch {
    return OCTET_STREAM;
  }
  if (/[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]/.test(text)) return OCTET_STREAM;
  const start = text.trimStart().slice(0, 64).toLowerCase();
  if (start.startsWith("<!doctype html") || start.startsWith("<html")) return "text/html; charset=utf-8";
  if (start.startsWith("<svg") || (start.startsWith("<?xml") && text.includes("<svg"))) return "image/svg+xml";
  return "text/plain; charset=utf-8";
}

/** Drops an incomplete UTF-8 sequence at the end of a sniffing window. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const b = bytes[i] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if ((b & 0x80) !== 0) end = i; // a lead byte whose sequence may be cut
    break;
  }
  return bytes.subarray(0, end);
}
