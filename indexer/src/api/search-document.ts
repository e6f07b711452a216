// The search table's SQL, as plain text with `$n` parameters: its DDL and the statements that write a document row and
// count its words in the vocabulary. No Ponder import, so that the one definition serves both the indexer's fill loop
// (search-index.ts) and the catalogue benchmark, which fills the same table for its generated catalogue
// (scripts/bench/search-corpus.ts) against the same database — the rows it writes are the rows the indexer would write.

/** The schema of the search table (on PGlite and on Postgres alike). */
export const SEARCH_SCHEMA = "chorus_search";
/** The text-search configuration: English stemming ("cats" finds "cat"), the same on PGlite and Postgres. */
export const TS_CONFIG = "english";

/** A statement for a driver's `query(text, params)`. */
export interface Statement {
  text: string;
  params: unknown[];
}

/** What search looks in for one CID: a video's manifest, a channel's metadata, a channel policy's text. */
export interface SearchText {
  title: string;
  body: string;
  tags: string[];
  durationSeconds: number | null;
}

/** One document row to write: a CID whose text was read. `attempts` counts the reads before this one. */
export interface SearchDocument {
  kind: "video" | "channel" | "policy";
  cid: string;
  text: SearchText;
  attempts: number;
}

/**
 * The words of a document row `d` for the vocabulary: its title and tags as the 'simple' text-search configuration splits
 * them (lower case, no stemming — words as typed, so a correction reads like a word), each once.
 */
const vocabularyOf = (d: string) =>
  `unnest(tsvector_to_array(to_tsvector('simple', ${d}.title || ' ' || array_to_string(${d}.tags, ' '))))`;
/** Words worth suggesting: 3 to 32 characters, no digits, URLs, addresses or hyphenated compounds. */
const isVocabularyWord = (w: string) => `length(${w}) BETWEEN 3 AND 32 AND ${w} !~ '[0-9_./:@-]'`;

const document = `${SEARCH_SCHEMA}.document`;
const word = `${SEARCH_SCHEMA}.word`;
const tag = `${SEARCH_SCHEMA}.tag`;

/** Creates the tables and indexes if missing; each statement is idempotent. */
export const SEARCH_DDL: readonly string[] = [
  `CREATE SCHEMA IF NOT EXISTS ${SEARCH_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${document} (
    cid text PRIMARY KEY,
    kind text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    retry_at bigint,
    title text NOT NULL DEFAULT '',
    tags text[] NOT NULL DEFAULT '{}',
    duration_seconds double precision,
    tsv tsvector NOT NULL DEFAULT ''::tsvector
  )`,
  `CREATE INDEX IF NOT EXISTS document_tsv ON ${document} USING gin (tsv)`,
  `CREATE INDEX IF NOT EXISTS document_tags ON ${document} USING gin (tags)`,
  `CREATE INDEX IF NOT EXISTS document_title ON ${document} (lower(title) text_pattern_ops)`,
  // The fill loop's retries (search-index.ts): the unavailable rows, by when they are due.
  `CREATE INDEX IF NOT EXISTS document_retry ON ${document} (retry_at) WHERE status = 'unavailable'`,
  // The vocabulary "did you mean" corrects against (spelling.ts): each word of the titles (videos' and channels' names)
  // and tags, with the number of documents it is in. Filled as documents arrive; an older table gets it from its rows.
  `CREATE TABLE IF NOT EXISTS ${word} (word text PRIMARY KEY, docs integer NOT NULL)`,
  `INSERT INTO ${word} (word, docs)
    SELECT w, count(*) FROM ${document} d, ${vocabularyOf("d")} w
    WHERE d.status = 'ok' AND ${isVocabularyWord("w")} AND NOT EXISTS (SELECT 1 FROM ${word})
    GROUP BY w`,
  // A correction's candidates share the typed word's first or last letter and about its length: each an index range,
  // instead of a scan of a vocabulary of tens of thousands of words.
  `CREATE INDEX IF NOT EXISTS word_first ON ${word} (left(word, 1), length(word))`,
  `CREATE INDEX IF NOT EXISTS word_last ON ${word} (right(word, 1), length(word))`,
  // The videos' tags with how many video documents have each, for the search box's tag suggestions (a prefix, most used
  // first): counted as documents arrive, instead of unnesting every document's tags at each keystroke.
  `CREATE TABLE IF NOT EXISTS ${tag} (tag text PRIMARY KEY, videos integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS tag_prefix ON ${tag} (tag text_pattern_ops)`,
  `INSERT INTO ${tag} (tag, videos)
    SELECT t, count(*) FROM ${document} d, unnest(d.tags) t
    WHERE d.kind = 'video' AND NOT EXISTS (SELECT 1 FROM ${tag})
    GROUP BY t`,
];

/** A CID whose text could not be read: 'unavailable' (asked again at `retryAt`) or 'invalid' (never again). */
export const failedDocumentUpsert = (
  kind: SearchDocument["kind"],
  cid: string,
  status: "invalid" | "unavailable",
  attempts: number,
  retryAt: number | null,
): Statement => ({
  text: `INSERT INTO ${document} (cid, kind, status, attempts, retry_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (cid) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, retry_at = excluded.retry_at`,
  params: [cid, kind, status, attempts + 1, retryAt],
});

/**
 * Writes documents whose text was read, and counts their words in the vocabulary and their tags, in one statement. A row that is
 * already 'ok' is left alone (a CID's text never changes), so its words are counted once. Weights: the title (or a
 * channel's name) A, tags B, the description or policy C; ts_rank ranks by them. Each CID at most once per call.
 */
export function documentsUpsert(documents: readonly SearchDocument[]): Statement {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const rows = documents.map(({ kind, cid, text, attempts }) => {
    const title = p(text.title);
    return `(${p(cid)}, ${p(kind)}, 'ok', ${p(attempts + 1)}::integer, ${title}::text,
      ARRAY(SELECT jsonb_array_elements_text(${p(JSON.stringify(text.tags))}::jsonb)), ${p(text.durationSeconds)}::double precision,
      setweight(to_tsvector('${TS_CONFIG}'::regconfig, ${title}::text), 'A')
      || setweight(to_tsvector('${TS_CONFIG}'::regconfig, ${p(text.tags.join(" "))}::text), 'B')
      || setweight(to_tsvector('${TS_CONFIG}'::regconfig, ${p(text.body)}::text), 'C'))`;
  });
  return {
    text: `WITH d AS (
    INSERT INTO ${document} (cid, kind, status, attempts, title, tags, duration_seconds, tsv)
    VALUES ${rows.join(",\n    ")}
    ON CONFLICT (cid) DO UPDATE SET status = 'ok', attempts = excluded.attempts, retry_at = NULL,
      title = excluded.title, tags = excluded.tags, duration_seconds = excluded.duration_seconds, tsv = excluded.tsv
    WHERE ${document}.status <> 'ok'
    RETURNING kind, title, tags),
  tags AS (
    INSERT INTO ${tag} (tag, videos)
    SELECT t, count(*) FROM d, unnest(d.tags) t WHERE d.kind = 'video' GROUP BY t
    ON CONFLICT (tag) DO UPDATE SET videos = ${tag}.videos + excluded.videos)
  INSERT INTO ${word} (word, docs)
    SELECT w, count(*) FROM d, ${vocabularyOf("d")} w WHERE ${isVocabularyWord("w")} GROUP BY w
    ON CONFLICT (word) DO UPDATE SET docs = ${word}.docs + excluded.docs`,
    params,
  };
}
