import { diffLines } from "diff";

/**
 * Policy documents (markdown on IPFS): fetching them with a size cap, and the line diff between two versions (jsdiff's
 * diffLines). Pure apart from `fetchPolicyText`; tested in test/policy.test.ts.
 */

/** The largest policy document the app writes or reads: 256 KiB of UTF-8. */
export const POLICY_MAX_BYTES = 256 * 1024;

type DiffLineKind = "added" | "removed" | "unchanged";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old version (removed, unchanged), else null. */
  oldNumber: number | null;
  /** Line number in the new version (added, unchanged), else null. */
  newNumber: number | null;
}

/** A run of unchanged lines folded away: "12 unchanged lines". */
interface DiffFold {
  kind: "fold";
  count: number;
}

export interface PolicyDiff {
  lines: (DiffLine | DiffFold)[];
  added: number;
  removed: number;
  /** Whether the two versions are identical. */
  same: boolean;
}

/** Splits a diffLines chunk into its lines (a trailing newline doesn't make an extra empty line). */
function chunkLines(value: string): string[] {
  const lines = value.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The line diff from `before` to `after`. Unchanged lines further than `context` lines from any change are folded
 * (runs of three or more; pass Infinity to keep every line). CRLF and a missing final newline don't count as changes.
 */
export function diffPolicy(before: string, after: string, context = 3): PolicyDiff {
  const normalise = (text: string) => {
    const unix = text.replace(/\r\n?/g, "\n");
    return unix.endsWith("\n") || unix === "" ? unix : `${unix}\n`;
  };
  const changes = diffLines(normalise(before), normalise(after));
  const all: DiffLine[] = [];
  let oldNumber = 1;
  let newNumber = 1;
  let added = 0;
  let removed = 0;
  for (const change of changes) {
    if (!change.value) continue;
    for (const text of chunkLines(change.value)) {
      if (change.added) {
        all.push({ kind: "added", text, oldNumber: null, newNumber: newNumber++ });
        added++;
      } else if (change.removed) {
        all.push({ kind: "removed", text, oldNumber: oldNumber++, newNumber: null });
        removed++;
      } else {
        all.push({ kind: "unchanged", text, oldNumber: oldNumber++, newNumber: newNumber++ });
      }
    }
  }

  const lines: (DiffLine | DiffFold)[] = [];
  if (!Number.isFinite(context)) lines.push(...all);
  else {
    // Keep unchanged lines within `context` of a change; fold the rest.
    const keep = all.map((line) => line.kind !== "unchanged");
    const near = keep.map((_, i) => {
      for (let d = -context; d <= context; d++) if (keep[i + d]) return true;
      return false;
    });
    // A fold hides at least three lines: hiding one or two saves nothing.
    let run: DiffLine[] = [];
    const flush = () => {
      if (run.length >= 3) lines.push({ kind: "fold", count: run.length });
      else lines.push(...run);
      run = [];
    };
    all.forEach((line, i) => {
      if (near[i]) {
        flush();
        lines.push(line);
      } else run.push(line);
    });
    flush();
  }
  return { lines, added, removed, same: added === 0 && removed === 0 };
}

/** "2 lines added, 1 removed" / "No changes". */
export function diffSummary(diff: Pick<PolicyDiff, "added" | "removed">): string {
  if (!diff.added && !diff.removed) return "No changes";
  const parts: string[] = [];
  if (diff.added) parts.push(`${diff.added} ${diff.added === 1 ? "line" : "lines"} added`);
  if (diff.removed) parts.push(`${diff.removed} ${diff.removed === 1 ? "line" : "lines"} removed`);
  return parts.join(", ");
}

/** UTF-8 size of a string in bytes. */
export const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

export type PolicyText = { ok: true; text: string } | { ok: false; reason: "unavailable" | "too-large" | "not-text" };

/**
 * A policy document from the IPFS path gateway, read up to POLICY_MAX_BYTES (a larger one is refused rather than
 * read whole). Works on the server and in the browser (the gateway answers with CORS).
 */
export async function fetchPolicyText(
  gateway: string,
  cid: string,
  signal?: AbortSignal,
  timeoutMs = 8000,
): Promise<PolicyText> {
  if (!/^[a-zA-Z0-9]+$/.test(cid)) return { ok: false, reason: "unavailable" };
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    // No `cache` option: the browser may keep the immutable document; Next doesn't cache fetches by default.
    response = await fetch(`${gateway}/ipfs/${cid}`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, reason: "unavailable" };
  }
  if (!response.ok || !response.body) return { ok: false, reason: "unavailable" };
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > POLICY_MAX_BYTES) {
    await response.body.cancel().catch(() => {});
    return { ok: false, reason: "too-large" };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > POLICY_MAX_BYTES) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too-large" };
      }
      chunks.push(value);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, reason: "unavailable" };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "not-text" };
  }
}

/** Why a policy can't be shown, as a sentence. */
export function policyProblem(reason: "unavailable" | "too-large" | "not-text"): string {
  switch (reason) {
    case "unavailable":
      return "This policy document can't be fetched from IPFS right now. Try again in a minute.";
    case "too-large":
      return "This policy document is larger than 256 KiB, so it isn't shown.";
    case "not-text":
      return "This policy document isn't UTF-8 text, so it can't be shown.";
  }
}
