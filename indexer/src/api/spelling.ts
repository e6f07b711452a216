// "Did you mean": typo tolerance without a database extension. Ponder's embedded database has no pg_trgm or
// fuzzystrmatch, and one SQL must run on PGlite and Postgres alike, so a search that finds nothing looks up each of its
// words in the vocabulary that search-index.ts keeps (the words of titles, channel names and tags, with how many
// documents use them) and replaces an unknown word by the closest known one: Levenshtein distance ≤ 1 for words of up
// to 4 letters, ≤ 2 for longer ones; among equally close words, the one in the most documents.
import { sql } from "ponder";
import { db } from "ponder:api";
import leven from "leven";
import { SEARCH_SCHEMA } from "./search-document";

const word = sql.raw(`${SEARCH_SCHEMA}.word`);
/** At most this many words of a query are checked (a search box's query, not a document). */
const MAX_WORDS = 8;

async function rows<R>(query: ReturnType<typeof sql>): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

/** How far a word may be from its correction: one edit for short words, two for longer ones. */
const maxEdits = (w: string) => (w.length <= 4 ? 1 : 2);

type Candidate = { word: string; docs: number; distance: number };
/** Fewer edits first, then the word in more documents, then the one of the typed length, then alphabetical. */
const rank = (a: Candidate, b: Candidate, typed: string) =>
  a.distance - b.distance ||
  b.docs - a.docs ||
  Math.abs(a.word.length - typed.length) - Math.abs(b.word.length - typed.length) ||
  (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);

/**
 * The closest of `candidates` to `w` within `maxEdits(w)`, most-used first among equals; null if none is that close.
 * Candidates are the vocabulary's words of about the same length, in any order (the choice doesn't depend on it).
 */
function closest(w: string, candidates: readonly { word: string; docs: number }[]): string | null {
  const max = maxEdits(w);
  let best: Candidate | null = null;
  for (const c of candidates) {
    const distance = leven(w, c.word, { maxDistance: max + 1 });
    if (distance > max || distance === 0) continue;
    if (!best || rank({ ...c, distance }, best, w) < 0) best = { ...c, distance };
  }
  return best?.word ?? null;
}

/**
 * `text` with each word the vocabulary doesn't know replaced by its closest known word, keeping everything else as
 * typed (quotes, `-` before a word, `or`); null when every word is known or no unknown word has a close one.
 * Candidates share the word's first or last letter (a typo in both is rare, and it keeps the scan to a fraction of a
 * large vocabulary) and are within the allowed edits in length.
 */
export async function correction(text: string): Promise<string | null> {
  const words = [...new Set(text.toLowerCase().match(/\p{L}+/gu) ?? [])]
    .filter((w) => w.length >= 3 && w.length <= 32)
    .slice(0, MAX_WORDS);
  if (!words.length) return null;
  const known = new Set(
    (
      await rows<{ word: string }>(
        sql`SELECT word FROM ${word} WHERE word IN (${sql.join(
          words.map((w) => sql`${w}`),
          sql`, `,
        )})`,
      )
    ).map((r) => r.word),
  );
  const fixes = new Map<string, string>();
  for (const w of words.filter((w) => !known.has(w))) {
    const max = maxEdits(w);
    const candidates = await rows<{ word: string; docs: number }>(sql`
      SELECT word, docs FROM ${word}
      WHERE length(word) BETWEEN ${w.length - max} AND ${w.length + max}
        AND (left(word, 1) = ${w.slice(0, 1)} OR right(word, 1) = ${w.slice(-1)})`);
    const fix = closest(w, candidates);
    if (fix) fixes.set(w, fix);
  }
  if (!fixes.size) return null;
  return text.replace(/\p{L}+/gu, (m) => fixes.get(m.toLowerCase()) ?? m);
}
