import type { FilterTargetKind } from "@chorus/protocol";
import { getAddress, isAddress, stringToHex, toHex, type Hex } from "viem";
import { z } from "zod";

/**
 * Viewer-side filters (issue 10; docs/filters-and-stories.md): what this browser hides and why. Everything here is pure
 * and runs in the viewer's browser only — nothing is deleted anywhere, and no wallet is needed. The state (mutes,
 * modes, subscribed lists) is persisted by `filter-store.ts`; `why(item, state, lists)` says every reason an item is
 * hidden, and a hidden item always shows them beside a "Show anyway" button. Tested in test/filters.test.ts.
 */

// ---- the state, as stored and exported ----

const STORAGE_VERSION = 1;
/** What an exported file says it is. */
const EXPORT_SCHEMA = "chorus.filters/1";

/** A word as the FilterLists contract takes it, after folding: 1–32 bytes of UTF-8, no space, control or zero byte. */
const wordSchema = z
  .string()
  .min(1, { error: "a word can't be empty" })
  .refine((w) => new TextEncoder().encode(w).length <= 32, { error: "a word is at most 32 bytes of UTF-8" })
  .refine((w) => !/[\s\u0000-\u001f\u007f]/.test(w), { error: "a word has no spaces or control characters" });

const addressSchema = z.string().refine((a): boolean => isAddress(a, { strict: false }), { error: "isn't an address" });
const idSchema = z.string().regex(/^[1-9]\d{0,30}$/, { error: "isn't an id (a positive whole number)" });

const filterStateSchema = z.object({
  version: z.literal(STORAGE_VERSION),
  mutedAuthors: z.array(addressSchema).max(10_000),
  mutedChannels: z.array(idSchema).max(10_000),
  mutedWords: z.array(wordSchema).max(10_000),
  /** Hide creators without a verified (live) handle. */
  verifiedOnly: z.boolean(),
  /** Hide videos no storage deal keeps. */
  hideUnkept: z.boolean(),
  /** Lists subscribed to, with the name they had when last seen (shown if the indexer is down). */
  subscriptions: z.array(z.object({ id: idSchema, name: z.string().max(200) })).max(1000),
});
export type FilterState = z.output<typeof filterStateSchema>;

export const EMPTY_FILTERS: FilterState = {
  version: STORAGE_VERSION,
  mutedAuthors: [],
  mutedChannels: [],
  mutedWords: [],
  verifiedOnly: false,
  hideUnkept: false,
  subscriptions: [],
};

/** The file "Export" writes: the state under a schema name, so an import can tell it from any other JSON. */
const filterExportSchema = filterStateSchema.omit({ version: true }).extend({
  schema: z.literal(EXPORT_SCHEMA),
});

export function exportFilters(state: FilterState): string {
  const { version: _version, ...rest } = state;
  return `${JSON.stringify({ schema: EXPORT_SCHEMA, ...rest }, null, 2)}\n`;
}

/** Zod issues as one sentence each, with where they are: "mutedWords.2: a word has no spaces…". */
function issuesText(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
}

export type ParseResult = { ok: true; state: FilterState } | { ok: false; problems: string[] };

/** An imported file's text → the state it holds, or every problem found (with where), for the page to say. */
export function importFilters(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: ["The file isn't JSON. Choose a file that Export on this page wrote."] };
  }
  // Another kind of file first, alone: its every other field would be "missing" too.
  if (typeof json !== "object" || json === null || (json as { schema?: unknown }).schema !== EXPORT_SCHEMA)
    return {
      ok: false,
      problems: [
        `schema: isn't "${EXPORT_SCHEMA}" — this isn't a Chorus filters file. Choose a file that Export wrote.`,
      ],
    };
  const parsed = filterExportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: issuesText(parsed.error) };
  const { schema: _schema, ...rest } = parsed.data;
  return { ok: true, state: normalise({ version: STORAGE_VERSION, ...rest }) };
}

/**
 * What localStorage held → the state. Nothing stored is the empty state; a value that isn't a valid state (edited by
 * hand, or from a future version) is reported so the page can say it was reset, rather than crash or half-apply it.
 */
export function readStoredFilters(raw: string | null): { state: FilterState; problem: string | null } {
  if (raw === null) return { state: EMPTY_FILTERS, problem: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { state: EMPTY_FILTERS, problem: "The saved filters weren't valid JSON, so they were reset." };
  }
  const parsed = filterStateSchema.safeParse(json);
  if (!parsed.success)
    return {
      state: EMPTY_FILTERS,
      problem: `The saved filters were unreadable (${issuesText(parsed.error).join("; ")}), so they were reset.`,
    };
  return { state: normalise(parsed.data), problem: null };
}

const unique = <T>(values: T[]) => [...new Set(values)];

/** One spelling per thing: checksummed addresses, folded words, no duplicates. */
function normalise(state: FilterState): FilterState {
  const subs = new Map(state.subscriptions.map((s) => [s.id, s]));
  return {
    ...state,
    mutedAuthors: unique(state.mutedAuthors.map((a) => getAddress(a))),
    mutedChannels: unique(state.mutedChannels),
    mutedWords: unique(state.mutedWords.map(foldWord)),
    subscriptions: [...subs.values()],
  };
}

// ---- words ----

/** How words are compared: Unicode-normalised (NFKC, so look-alike width forms match) and lower-cased. */
function foldWord(word: string): string {
  return word.normalize("NFKC").toLowerCase().trim().replace(/^#/, "");
}

/** A word typed by a viewer (to mute or list) → its folded form, or why it can't be one. */
export function parseWord(input: string): { ok: true; word: string } | { ok: false; error: string } {
  const word = foldWord(input);
  const parsed = wordSchema.safeParse(word);
  return parsed.success
    ? { ok: true, word }
    : { ok: false, error: `"${input.trim()}": ${parsed.error.issues[0]!.message}` };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `text` has `word` as a whole word (or #tag), case- and width-insensitively: "spoil" doesn't hide "spoilers". */
export function containsWord(text: string, word: string): boolean {
  const folded = text.normalize("NFKC").toLowerCase();
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(foldWord(word))}(?![\\p{L}\\p{N}_])`, "u").test(folded);
}

// ---- targets and list entries ----

/**
 * A target's subject as the FilterLists contract takes it (docs/filters-and-stories.md, "Targets"): ids as uint256,
 * an author as its address in the low 20 bytes, a word as its UTF-8 bytes left-aligned and zero-padded. Throws an
 * Error with a sentence for a value that can't be one.
 */
export function encodeSubject(kind: FilterTargetKind, value: string): Hex {
  if (kind === "author") {
    if (!isAddress(value, { strict: false })) throw new Error(`"${value}" isn't an account address.`);
    return toHex(BigInt(value), { size: 32 });
  }
  if (kind === "word") {
    const parsed = parseWord(value);
    if (!parsed.ok) throw new Error(parsed.error);
    return stringToHex(parsed.word, { size: 32 });
  }
  if (!/^[1-9]\d{0,76}$/.test(value)) throw new Error(`"${value}" isn't a ${kind} id (a positive whole number).`);
  return toHex(BigInt(value), { size: 32 });
}

/**
 * What a viewer can report or list for a video: a video a creator published is a `video` target (its Videos id); a
 * video a community channel released (`ch<channel>-<proposal>`) is a `release` target (the proposal's id).
 */
export function videoTarget(videoId: string): { kind: FilterTargetKind; value: string } {
  const release = /^ch\d+-(\d+)$/.exec(videoId);
  return release ? { kind: "release", value: release[1]! } : { kind: "video", value: videoId };
}

/** What the page needs of one entry of a subscribed list (an indexer `FilterEntry`, trimmed). */
export interface ListEntry {
  kind: FilterTargetKind;
  value: string;
  reason: string;
}

/** A subscribed list with its current entries, as the indexer last gave them. */
export interface SubscribedList {
  id: string;
  name: string;
  entries: ListEntry[];
}

// ---- items and reasons ----

/** Something a page may hide: a video card, a comment or a story. */
export interface FilterItem {
  type: "video" | "comment" | "story";
  /** A video id (`12` or `ch3-17`), a comment id or a story id. */
  id: string;
  author: string;
  /** The community channel that released it, if any. */
  channelId?: string | null;
  /** Title, description, comment body, caption…: what muted words are looked for in. */
  text: string[];
  /** Whether the author holds a live handle; undefined while unknown (verified-only mode hides it until known). */
  verified?: boolean;
  /** Videos only: whether a storage deal keeps its bytes; undefined when it doesn't apply. */
  storageKept?: boolean;
}

export type HideReason =
  | { kind: "list"; listId: string; listName: string; reason: string }
  | { kind: "muted-author" }
  | { kind: "muted-channel"; channelId: string }
  | { kind: "muted-word"; word: string }
  | { kind: "not-verified"; pending: boolean }
  | { kind: "storage-not-kept" };

/** Whether a list entry names this item (by id, author, channel or word). */
function entryMatches(entry: ListEntry, item: FilterItem): boolean {
  switch (entry.kind) {
    case "video":
      return item.type === "video" && item.id === entry.value;
    case "release":
      return (
        item.type === "video" && videoTarget(item.id).kind === "release" && videoTarget(item.id).value === entry.value
      );
    case "comment":
      return item.type === "comment" && item.id === entry.value;
    case "author":
      return item.author.toLowerCase() === entry.value.toLowerCase();
    case "channel":
      return item.channelId === entry.value;
    case "word":
      return item.text.some((t) => containsWord(t, entry.value));
  }
}

/** Every reason `item` is hidden under `state` and the subscribed `lists` (empty: it shows). */
export function why(item: FilterItem, state: FilterState, lists: readonly SubscribedList[]): HideReason[] {
  const reasons: HideReason[] = [];
  for (const list of lists) {
    if (!state.subscriptions.some((s) => s.id === list.id)) continue;
    for (const entry of list.entries)
      if (entryMatches(entry, item))
        reasons.push({ kind: "list", listId: list.id, listName: list.name, reason: entry.reason });
  }
  const author = item.author.toLowerCase();
  if (state.mutedAuthors.some((a) => a.toLowerCase() === author)) reasons.push({ kind: "muted-author" });
  if (item.channelId && state.mutedChannels.includes(item.channelId))
    reasons.push({ kind: "muted-channel", channelId: item.channelId });
  for (const word of state.mutedWords)
    if (item.text.some((t) => containsWord(t, word))) reasons.push({ kind: "muted-word", word });
  if (state.verifiedOnly && item.verified !== true)
    reasons.push({ kind: "not-verified", pending: item.verified === undefined });
  if (state.hideUnkept && item.storageKept === false) reasons.push({ kind: "storage-not-kept" });
  return reasons;
}

/** One reason as the sentence a hidden item shows. */
export function describeReason(reason: HideReason): string {
  switch (reason.kind) {
    case "list":
      return `hidden by your list “${reason.listName}” (reason: ${reason.reason})`;
    case "muted-author":
      return "hidden: you muted this author";
    case "muted-channel":
      return "hidden: you muted this channel";
    case "muted-word":
      return `hidden: contains the word “${reason.word}”`;
    case "not-verified":
      return reason.pending
        ? "hidden: checking whether the author is verified (you show only verified creators)"
        : "hidden: not verified (you show only creators with a verified handle)";
    case "storage-not-kept":
      return "hidden: no storage deal keeps this video (you hide videos whose storage isn't kept)";
  }
}

/** The tally's category for a reason: one per list, and one per kind of mute or mode. */
function category(reason: HideReason): string {
  switch (reason.kind) {
    case "list":
      return `by “${reason.listName}”`;
    case "muted-author":
      return "muted author";
    case "muted-channel":
      return "muted channel";
    case "muted-word":
      return "muted word";
    case "not-verified":
      return "not verified";
    case "storage-not-kept":
      return "storage not kept";
  }
}

/**
 * "3 hidden (2 by “No spoilers”, 1 muted author)" for the hidden items of a page (each item's reasons). An item hidden
 * for two reasons counts once in the total and once under each of its categories. Null when nothing is hidden.
 */
export function summarizeHidden(hidden: readonly (readonly HideReason[])[]): string | null {
  const items = hidden.filter((reasons) => reasons.length > 0);
  if (items.length === 0) return null;
  const counts = new Map<string, number>();
  for (const reasons of items) for (const c of new Set(reasons.map(category))) counts.set(c, (counts.get(c) ?? 0) + 1);
  const parts = [...counts].map(([c, n]) => `${n} ${c}`);
  return `${items.length} hidden (${parts.join(", ")})`;
}

// ---- edits (pure, so the page and the tests share them) ----

export type FilterEdit =
  | { type: "mute-author"; address: string }
  | { type: "unmute-author"; address: string }
  | { type: "mute-channel"; channelId: string }
  | { type: "unmute-channel"; channelId: string }
  | { type: "mute-word"; word: string }
  | { type: "unmute-word"; word: string }
  | { type: "set-verified-only"; on: boolean }
  | { type: "set-hide-unkept"; on: boolean }
  | { type: "subscribe"; id: string; name: string }
  | { type: "unsubscribe"; id: string }
  | { type: "replace"; state: FilterState };

export function applyEdit(state: FilterState, edit: FilterEdit): FilterState {
  switch (edit.type) {
    case "mute-author":
      return normalise({ ...state, mutedAuthors: [...state.mutedAuthors, edit.address] });
    case "unmute-author":
      return {
        ...state,
        mutedAuthors: state.mutedAuthors.filter((a) => a.toLowerCase() !== edit.address.toLowerCase()),
      };
    case "mute-channel":
      return normalise({ ...state, mutedChannels: [...state.mutedChannels, edit.channelId] });
    case "unmute-channel":
      return { ...state, mutedChannels: state.mutedChannels.filter((c) => c !== edit.channelId) };
    case "mute-word":
      return normalise({ ...state, mutedWords: [...state.mutedWords, edit.word] });
    case "unmute-word":
      return { ...state, mutedWords: state.mutedWords.filter((w) => w !== foldWord(edit.word)) };
    case "set-verified-only":
      return { ...state, verifiedOnly: edit.on };
    case "set-hide-unkept":
      return { ...state, hideUnkept: edit.on };
    case "subscribe":
      return {
        ...state,
        subscriptions: [...state.subscriptions.filter((s) => s.id !== edit.id), { id: edit.id, name: edit.name }],
      };
    case "unsubscribe":
      return { ...state, subscriptions: state.subscriptions.filter((s) => s.id !== edit.id) };
    case "replace":
      return normalise(edit.state);
  }
}

/** A video card's filter item: its id, creator, releasing channel, title and description, and whether a deal keeps it. */
export function videoFilterItem(video: {
  id: string;
  creator: string;
  manifest: { title: string; description: string } | null;
  release: { channelId: string } | null;
  storage: { status: string };
}): FilterItem {
  return {
    type: "video",
    id: video.id,
    author: video.creator,
    channelId: video.release?.channelId ?? null,
    text: video.manifest ? [video.manifest.title, video.manifest.description] : [],
    storageKept: video.storage.status !== "none",
  };
}
