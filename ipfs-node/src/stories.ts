/**
 * Stories held for as long as they live (docs/filters-and-stories.md, "Stories"): the bytes of a story are pinned on
 * the creator's node and on the nodes that follow the creator while the story is live, and unpinned once it has
 * expired or been deleted — the promise expiry makes ("nodes that hold them for the story unpin them"). A node that
 * chose to keep a CID for another reason (a pin that was there before) keeps it: that pin is not ours to remove.
 *
 * Two ways a story gets here:
 * - **kept**: the creator's own node, asked by the web app right after it added the image (`keep(cid, creator)`),
 *   before the story is even posted. If no story with that CID shows up within `graceMs` (the creator gave up before
 *   signing), the pin goes too.
 * - **followed creators**: every live story of a creator this node follows is pinned at the next sync.
 *
 * Expiry is the chain's: the indexer's `/stories?creator=` says each story's status by the chain's clock, so moving the
 * chain's time (tests) or a browser with a wrong clock change nothing here. Synced every `intervalMs`; the state lives
 * in `<dataDir>/stories.json`, written atomically.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CID } from "multiformats/cid";
import { errorMessage } from "./ipfs-path.ts";

export interface HeldStory {
  cid: string;
  /** lowercase address of the creator whose story it is (or will be) */
  creator: string;
  /** "kept": pinned for the creator's own post; "followed": pinned because this node follows the creator */
  reason: "kept" | "followed";
  heldSince: string;
}

export interface StoriesState {
  /** lowercase addresses whose stories this node pins while they live */
  creators: string[];
  held: HeldStory[];
  lastSyncAt: string | null;
  error: string | null;
}

/** A story as the indexer lists it: its CID and whether it is live by the chain's clock. */
export interface ListedStory {
  cid: string;
  status: "live" | "expired" | "deleted";
}

export interface StoryPinsOptions {
  file: string;
  /** A creator's stories, newest first (live or not): the indexer's `/stories?creator=` in the node. */
  listStories: (creator: string, signal: AbortSignal) => Promise<ListedStory[]>;
  pin: (cid: CID, signal: AbortSignal) => Promise<void>;
  unpin: (cid: CID) => Promise<void>;
  isPinned: (cid: CID) => Promise<boolean>;
  log: (msg: string) => void;
  intervalMs?: number;
  /** how long a kept CID waits for its story to be posted (default 1 h) */
  graceMs?: number;
  now?: () => number;
}

export class StoryPinsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoryPinsError";
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function creatorOf(address: string): string {
  if (!ADDRESS.test(address))
    throw new StoryPinsError(`"${address.slice(0, 50)}" is not an address (0x and 40 hex digits)`);
  return address.toLowerCase();
}

function cidOf(text: string): CID {
  try {
    return CID.parse(text);
  } catch {
    throw new StoryPinsError(`"${text.slice(0, 80)}" is not a CID`);
  }
}

export class StoryPins {
  readonly #options: StoryPinsOptions;
  #state: StoriesState = { creators: [], held: [], lastSyncAt: null, error: null };
  readonly #stop = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  /** one change at a time: they share pins */
  #queue: Promise<unknown> = Promise.resolve();
  #writing: Promise<void> = Promise.resolve();

  private constructor(options: StoryPinsOptions) {
    this.#options = options;
  }

  static async open(options: StoryPinsOptions): Promise<StoryPins> {
    const pins = new StoryPins(options);
    try {
      const saved = JSON.parse(await readFile(options.file, "utf8")) as Partial<StoriesState>;
      pins.#state = {
        creators: saved.creators ?? [],
        held: saved.held ?? [],
        lastSyncAt: saved.lastSyncAt ?? null,
        error: saved.error ?? null,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        options.log(`stories: ${options.file} unreadable (${errorMessage(err)}); starting with none`);
    }
    return pins;
  }

  state(): StoriesState {
    return { ...this.#state, creators: [...this.#state.creators], held: this.#state.held.map((h) => ({ ...h })) };
  }

  /**
   * Pins `cid` for the story `creator` is about to post; it goes when that story ends (or is never posted). A CID that
   * is pinned already is someone else's to keep and is left alone — unless `adopt`: the caller pinned it for this story
   * alone (the worker pins a short video's directory as it publishes it), so the story's end unpins it.
   */
  async keep(cidText: string, address: string, options: { adopt?: boolean } = {}): Promise<{ held: boolean }> {
    const cid = cidOf(cidText);
    const creator = creatorOf(address);
    return this.#serial(async () => {
      const text = cid.toString();
      if (this.#state.held.some((h) => h.cid === text)) return { held: true };
      if (await this.#options.isPinned(cid)) {
        if (!options.adopt) return { held: false };
      } else await this.#options.pin(cid, this.#stop.signal);
      this.#state.held.push({ cid: text, creator, reason: "kept", heldSince: this.#nowIso() });
      await this.#save();
      return { held: true };
    });
  }

  /** Follows a creator's stories and syncs once. */
  async follow(address: string): Promise<StoriesState> {
    const creator = creatorOf(address);
    return this.#serial(async () => {
      if (!this.#state.creators.includes(creator)) {
        this.#state.creators.push(creator);
        await this.#save();
      }
      await this.#sync();
      return this.state();
    });
  }

  /** Stops following; unpins what following pinned (a story the creator kept here stays until it ends). */
  async unfollow(address: string): Promise<StoriesState> {
    const creator = creatorOf(address);
    return this.#serial(async () => {
      if (!this.#state.creators.includes(creator)) throw new StoryPinsError(`${address} is not followed`);
      this.#state.creators = this.#state.creators.filter((c) => c !== creator);
      for (const held of this.#state.held.filter((h) => h.creator === creator && h.reason === "followed"))
        await this.#release(held);
      await this.#save();
      return this.state();
    });
  }

  /** Syncs now (after whatever is under way). */
  async sync(): Promise<StoriesState> {
    return this.#serial(async () => {
      await this.#sync();
      return this.state();
    });
  }

  /** Syncs now and then every `intervalMs`. */
  start(): void {
    const interval = this.#options.intervalMs ?? 60_000;
    const tick = (): void => {
      void this.#serial(async () => this.#sync()).finally(() => {
        if (!this.#stop.signal.aborted) this.#timer = setTimeout(tick, interval);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stop.abort(new Error("the node is shutting down"));
    clearTimeout(this.#timer);
    await this.#queue.catch(() => {});
    await this.#writing;
  }

  #nowIso(): string {
    return new Date(this.#options.now?.() ?? Date.now()).toISOString();
  }

  async #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #release(held: HeldStory): Promise<void> {
    this.#state.held = this.#state.held.filter((h) => h !== held);
    try {
      await this.#options.unpin(CID.parse(held.cid));
    } catch (err) {
      this.#options.log(`stories: unpinning ${held.cid} of ${held.creator}: ${errorMessage(err)}`);
    }
  }

  async #sync(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    const now = this.#options.now?.() ?? Date.now();
    const grace = this.#options.graceMs ?? 3_600_000;
    const followed = new Set(this.#state.creators);
    const creators = new Set([...followed, ...this.#state.held.map((h) => h.creator)]);
    const errors: string[] = [];
    for (const creator of creators) {
      let stories: ListedStory[];
      try {
        stories = await this.#options.listStories(
          creator,
          AbortSignal.any([this.#stop.signal, AbortSignal.timeout(30_000)]),
        );
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        // Without the list nothing is known to have ended: keep every pin until the indexer answers again.
        errors.push(`${creator}'s stories couldn't be listed: ${errorMessage(err)}`);
        continue;
      }
      const live = new Set(stories.filter((s) => s.status === "live").map((s) => s.cid));
      const posted = new Set(stories.map((s) => s.cid));
      for (const held of this.#state.held.filter((h) => h.creator === creator)) {
        if (live.has(held.cid)) continue;
        // Over: every story with this CID expired or was deleted, or none was posted within the grace period.
        if (posted.has(held.cid) || now - Date.parse(held.heldSince) > grace) await this.#release(held);
      }
      if (!followed.has(creator)) continue;
      for (const text of live) {
        if (this.#state.held.some((h) => h.cid === text)) continue;
        try {
          const cid = CID.parse(text);
          if (await this.#options.isPinned(cid)) continue; // someone else's pin: theirs to keep
          await this.#options.pin(cid, this.#stop.signal);
          this.#state.held.push({ cid: text, creator, reason: "followed", heldSince: new Date(now).toISOString() });
        } catch (err) {
          if (this.#stop.signal.aborted) return;
          errors.push(`a story of ${creator} (${text}) couldn't be pinned: ${errorMessage(err)}`);
        }
      }
    }
    this.#state.lastSyncAt = new Date(now).toISOString();
    this.#state.error = errors.length === 0 ? null : errors.join("; ");
    await this.#save();
  }

  async #save(): Promise<void> {
    const text = `${JSON.stringify(this.#state, null, 2)}\n`;
    this.#writing = this.#writing
      .then(async () => {
        await mkdir(dirname(this.#options.file), { recursive: true });
        const temp = `${this.#options.file}.tmp`;
        await writeFile(temp, text);
        await rename(temp, this.#options.file);
      })
      .catch((err: unknown) => {
        this.#options.log(`stories: saving ${this.#options.file}: ${errorMessage(err)}`);
      });
    return this.#writing;
  }
}

/** A creator's stories from a Chorus indexer's REST API (`GET /stories?creator=`, the newest 100), newest first. */
export async function listStoriesFromIndexer(
  indexerUrl: string,
  creator: string,
  signal: AbortSignal,
): Promise<ListedStory[]> {
  const url = new URL("/stories", indexerUrl);
  url.searchParams.set("creator", creator);
  url.searchParams.set("limit", "100");
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`the indexer at ${indexerUrl} answered ${response.status}`);
  const body = (await response.json()) as { items?: Array<{ cid?: unknown; status?: unknown }> };
  return (body.items ?? []).flatMap((s) =>
    typeof s.cid === "string" && (s.status === "live" || s.status === "expired" || s.status === "deleted")
      ? [{ cid: s.cid, status: s.status }]
      : [],
  );
}
