import type { Video } from "@chorus/protocol";

/**
 * Recommendations without a tracking server: computed in the viewer's browser from their own watch history (kept in
 * localStorage, never sent anywhere) and catalogue data the indexer serves to everyone alike (creator, releasing
 * channel, tags, title and description). Each recommendation says which watched video it comes from and why.
 * Quality on a generated catalogue with known clusters: `npm run bench -- recommend` (README "Figures").
 */

/** What the history keeps of a watched video: enough to compare it with candidates without asking anyone. */
export interface Watched {
  id: string;
  title: string;
  creator: string;
  channelId: string | null;
  tags: string[];
  /** Title and description words (lower case, stop words out). */
  words: string[];
  /** When it was watched, Unix ms. */
  at: number;
}

export interface Candidate {
  id: string;
  title: string;
  creator: string;
  channelId: string | null;
  tags: string[];
  words: string[];
  /** Published, Unix seconds (ties go to the newer). */
  timestamp: number;
}

type Reason = "same creator" | "same channel" | "shared tags" | "similar words";

export interface Recommendation<C extends Candidate = Candidate> {
  candidate: C;
  score: number;
  /** The watched video this comes from most, and why. */
  because: { id: string; title: string; reason: Reason };
}

/** The most recent watches that count, and how fast an older one's weight fades (0.85 per step back). */
const HISTORY_WINDOW = 20;
const DECAY = 0.85;
const WEIGHTS: Record<Reason, number> = { "same creator": 3, "same channel": 3, "shared tags": 2, "similar words": 4 };

const STOP_WORDS = new Set(
  "a an and are as at be by for from has have how i in is it its my of on or our that the this to was we with you your video live stream part".split(
    " ",
  ),
);

/** The words of a title and description that say what a video is about. */
export function wordsOf(...texts: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const text of texts)
    for (const word of (text ?? "").toLowerCase().split(/[^\p{L}\p{N}]+/u))
      if (word.length > 2 && !STOP_WORDS.has(word)) words.add(word);
  return [...words];
}

/** A catalogue video as a candidate (tags from its manifest, when it has them). */
export function candidateOf(video: Video): Candidate {
  const manifest = video.manifest;
  return {
    id: video.id,
    title: manifest?.title ?? "",
    creator: video.creator.toLowerCase(),
    channelId: video.release?.channelId ?? null,
    tags: (manifest?.tags ?? []).map((t) => t.toLowerCase()),
    words: wordsOf(manifest?.title, manifest?.description),
    timestamp: video.timestamp,
  };
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const item of b) if (set.has(item)) shared++;
  return shared / (a.length + b.length - shared);
}

/** How much `candidate` resembles `watched`, by reason. */
function similarity(watched: Omit<Watched, "at" | "title">, candidate: Candidate): [Reason, number][] {
  const parts: [Reason, number][] = [];
  if (watched.creator === candidate.creator) parts.push(["same creator", WEIGHTS["same creator"]]);
  if (watched.channelId !== null && watched.channelId === candidate.channelId)
    parts.push(["same channel", WEIGHTS["same channel"]]);
  const tags = candidate.tags.filter((t) => watched.tags.includes(t)).length;
  if (tags > 0) parts.push(["shared tags", WEIGHTS["shared tags"] * tags]);
  const words = jaccard(watched.words, candidate.words);
  if (words > 0) parts.push(["similar words", WEIGHTS["similar words"] * words]);
  return parts;
}

/**
 * Ranks `candidates` for a viewer whose history is `history` (any order; the newest `HISTORY_WINDOW` count, the more
 * recent the more): never what they watched or `exclude`, never a candidate that resembles nothing they watched (the
 * caller shows the newest, said as such, rather than pretending). Ties go to the newer video.
 */
export function recommend<C extends Candidate>(
  history: readonly Watched[],
  candidates: readonly C[],
  options: { exclude?: readonly string[]; limit?: number } = {},
): Recommendation<C>[] {
  const recent = [...history].sort((a, b) => b.at - a.at).slice(0, HISTORY_WINDOW);
  const skip = new Set([...history.map((h) => h.id), ...(options.exclude ?? [])]);
  const ranked: Recommendation<C>[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (skip.has(candidate.id) || seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    let score = 0;
    let best: { contribution: number; watched: Watched; reason: Reason } | null = null;
    recent.forEach((watched, rank) => {
      const weight = DECAY ** rank;
      for (const [reason, value] of similarity(watched, candidate)) {
        const contribution = weight * value;
        score += contribution;
        if (!best || contribution > best.contribution) best = { contribution, watched, reason };
      }
    });
    if (best === null || score <= 0) continue;
    const { watched, reason } = best as { watched: Watched; reason: Reason };
    ranked.push({ candidate, score, because: { id: watched.id, title: watched.title, reason } });
  }
  ranked.sort((a, b) => b.score - a.score || b.candidate.timestamp - a.candidate.timestamp);
  return ranked.slice(0, options.limit ?? 10);
}

// ---- the history, in this browser ----

export const HISTORY_KEY = "chorus.history";
/** The most watches kept: older ones fall off. */
export const HISTORY_LIMIT = 200;

/** The history from the stored text; anything malformed is dropped, not fatal. */
export function parseHistory(text: string | null): Watched[] {
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : [];
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
  return value.flatMap((v) => {
    if (typeof v !== "object" || v === null) return [];
    const w = v as Record<string, unknown>;
    if (typeof w.id !== "string" || typeof w.creator !== "string" || typeof w.at !== "number") return [];
    return [
      {
        id: w.id,
        title: typeof w.title === "string" ? w.title : "",
        creator: w.creator.toLowerCase(),
        channelId: typeof w.channelId === "string" ? w.channelId : null,
        tags: strings(w.tags),
        words: strings(w.words),
        at: w.at,
      },
    ];
  });
}

/** The history with `watched` as its newest entry (a rewatch moves to the front), at most HISTORY_LIMIT long. */
export function addToHistory(history: readonly Watched[], watched: Watched): Watched[] {
  return [watched, ...history.filter((h) => h.id !== watched.id)].slice(0, HISTORY_LIMIT);
}

/** A candidate as a history entry, watched at `at`. */
export function watchedOf(candidate: Candidate, at: number): Watched {
  const { timestamp: _, ...rest } = candidate;
  return { ...rest, at };
}
