/**
 * Followed channels, kept in full on this node within its storage quota: "channels they follow can be pinned in full
 * within the quota" (viewers' nodes are distributors, README). A follow pins every video the channel has released,
 * and keeps doing so as new ones are released (a sync every `intervalMs`); unfollowing unpins what the follow pinned
 * (never a pin that was there before it, or that another follow needs). A video that does not fit in the quota stops
 * the sync of that channel with a clear error, kept with the follow until a later sync fits.
 *
 * The node doesn't know what a channel is: `listChannel` (the Chorus indexer's `/videos?channel=`, wired in index.ts)
 * says which CIDs a channel has. The list is kept in `<dataDir>/follows.json`, written atomically.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CID } from "multiformats/cid";
import { errorMessage } from "./ipfs-path.ts";

export interface Follow {
  channelId: string;
  followedAt: string;
  /** the video CIDs this follow pinned (and will unpin) */
  pinned: string[];
  /** how many videos the channel had at the last sync */
  videos: number;
  /** how many of them this node holds pinned (by this follow, or pinned already) */
  kept: number;
  lastSyncAt: string | null;
  /** why the last sync stopped short, or null */
  error: string | null;
}

export interface FollowsOptions {
  file: string;
  /** The CIDs of the videos a channel has released, newest first. */
  listChannel: (channelId: string, signal: AbortSignal) => Promise<string[]>;
  pin: (cid: CID, signal: AbortSignal) => Promise<void>;
  unpin: (cid: CID) => Promise<void>;
  isPinned: (cid: CID) => Promise<boolean>;
  log: (msg: string) => void;
  intervalMs?: number;
}

export class FollowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FollowError";
  }
}

const CHANNEL_ID = /^[1-9]\d{0,19}$/;

export class Follows {
  readonly #options: FollowsOptions;
  readonly #follows = new Map<string, Follow>();
  readonly #stop = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  /** one sync (or follow/unfollow) at a time: they share pins */
  #queue: Promise<unknown> = Promise.resolve();
  #writing: Promise<void> = Promise.resolve();

  private constructor(options: FollowsOptions) {
    this.#options = options;
  }

  static async open(options: FollowsOptions): Promise<Follows> {
    const follows = new Follows(options);
    try {
      const saved = JSON.parse(await readFile(options.file, "utf8")) as Follow[];
      for (const follow of saved) follows.#follows.set(follow.channelId, follow);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        options.log(`follows: ${options.file} unreadable (${errorMessage(err)}); starting with none`);
    }
    return follows;
  }

  list(): Follow[] {
    return [...this.#follows.values()].map((f) => ({ ...f, pinned: [...f.pinned] }));
  }

  /** Follows a channel and syncs it once; resolves with its state (whose `error` says if not everything fit). */
  async follow(channelId: string): Promise<Follow> {
    if (!CHANNEL_ID.test(channelId))
      throw new FollowError(`"${channelId.slice(0, 40)}" is not a channel id (a positive integer)`);
    return this.#serial(async () => {
      if (!this.#follows.has(channelId)) {
        this.#follows.set(channelId, {
          channelId,
          followedAt: new Date().toISOString(),
          pinned: [],
          videos: 0,
          kept: 0,
          lastSyncAt: null,
          error: null,
        });
        await this.#save();
      }
      await this.#sync(channelId);
      return { ...this.#follows.get(channelId)! };
    });
  }

  /** Stops following; unpins what the follow pinned unless another follow pinned it too. */
  async unfollow(channelId: string): Promise<void> {
    await this.#serial(async () => {
      const follow = this.#follows.get(channelId);
      if (follow === undefined) throw new FollowError(`channel ${channelId} is not followed`);
      this.#follows.delete(channelId);
      const stillWanted = new Set([...this.#follows.values()].flatMap((f) => f.pinned));
      for (const cid of follow.pinned) {
        if (stillWanted.has(cid)) continue;
        try {
          await this.#options.unpin(CID.parse(cid));
        } catch (err) {
          this.#options.log(`follows: unpinning ${cid} of channel ${channelId}: ${errorMessage(err)}`);
        }
      }
      await this.#save();
    });
  }

  /** Syncs every follow now and then every `intervalMs`. */
  start(): void {
    const interval = this.#options.intervalMs ?? 60_000;
    const tick = (): void => {
      void this.#serial(async () => {
        for (const channelId of this.#follows.keys()) await this.#sync(channelId);
      }).finally(() => {
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

  async #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #sync(channelId: string): Promise<void> {
    const follow = this.#follows.get(channelId);
    if (follow === undefined || this.#stop.signal.aborted) return;
    let cids: string[];
    try {
      cids = await this.#options.listChannel(
        channelId,
        AbortSignal.any([this.#stop.signal, AbortSignal.timeout(30_000)]),
      );
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      follow.error = `the channel's videos couldn't be listed: ${errorMessage(err)}`;
      await this.#save();
      return;
    }
    follow.videos = cids.length;
    follow.error = null;
    const pinned = new Set(follow.pinned);
    let kept = 0;
    // Oldest first: when the quota runs out, the channel's history is kept rather than only its latest videos.
    for (const text of [...cids].reverse()) {
      if (pinned.has(text)) {
        kept++;
        continue;
      }
      let cid: CID;
      try {
        cid = CID.parse(text);
      } catch {
        continue;
      }
      // Another follow pinned it: shared, so that unfollowing either keeps it for the other.
      if ([...this.#follows.values()].some((f) => f !== follow && f.pinned.includes(text))) {
        follow.pinned.push(text);
        kept++;
        continue;
      }
      try {
        if (await this.#options.isPinned(cid)) {
          kept++; // pinned by someone else: theirs to keep, not ours to unpin
          continue;
        }
        await this.#options.pin(cid, this.#stop.signal);
        pinned.add(text);
        follow.pinned.push(text);
        kept++;
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        follow.error = `${kept} of ${cids.length} videos kept: ${errorMessage(err)}`;
        break;
      }
    }
    follow.kept = kept;
    follow.lastSyncAt = new Date().toISOString();
    await this.#save();
  }

  async #save(): Promise<void> {
    const text = `${JSON.stringify([...this.#follows.values()], null, 2)}\n`;
    this.#writing = this.#writing
      .then(async () => {
        await mkdir(dirname(this.#options.file), { recursive: true });
        const temp = `${this.#options.file}.tmp`;
        await writeFile(temp, text);
        await rename(temp, this.#options.file);
      })
      .catch((err: unknown) => {
        this.#options.log(`follows: saving ${this.#options.file}: ${errorMessage(err)}`);
      });
    return this.#writing;
  }
}

/**
 * The CIDs of a channel's released videos from a Chorus indexer's REST API (`GET /videos?channel=`, pages of
 * `{ items, nextCursor }`: @chorus/protocol's `videosPageSchema`), newest first, every page.
 */
export async function listChannelFromIndexer(
  indexerUrl: string,
  channelId: string,
  signal: AbortSignal,
): Promise<string[]> {
  const cids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const url = new URL("/videos", indexerUrl);
    url.searchParams.set("channel", channelId);
    url.searchParams.set("limit", "100");
    if (cursor !== null) url.searchParams.set("cursor", cursor);
    const response = await fetch(url, { signal });
    if (!response.ok) throw new Error(`the indexer at ${indexerUrl} answered ${response.status}`);
    const body = (await response.json()) as { items?: Array<{ manifestCid?: string }>; nextCursor?: string | null };
    for (const video of body.items ?? []) if (typeof video.manifestCid === "string") cids.push(video.manifestCid);
    cursor = body.nextCursor ?? null;
    if (cursor === null) break;
  }
  return cids;
}
