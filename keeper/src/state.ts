// What a keeper keeps on disk between runs. The chain is the source of truth for deals and tenures; the disk only
// holds what the chain cannot tell: the trees of the content it holds (so a restart proves without rehashing) and the
// deals whose content it found wrong (so it does not fetch them again every poll).
//
// <dataDir>/deals/<dealId>.json   a HeldDeal: the content's layout and tree, and whether it has joined
// <dataDir>/rejected.json         { [dealId]: RejectedDeal }
//
// Every entry carries the deal's CID, root and size, and is ignored unless the chain's deal of that id still has them
// (a local chain that was reset reuses deal ids). Writes are atomic: a temporary file, fsynced, renamed over the old.
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Hex } from "viem";
import type { StorageTree } from "@chorus/merkle";

/** Identifies a deal's content across chain resets: the chain's deal must still have these for an entry to count. */
export interface DealContent {
  cid: string;
  root: Hex;
  size: number;
}

export interface HeldDeal extends DealContent {
  dealId: string;
  tree: StorageTree;
  /** "verified": pinned and checked, not joined yet; "joined": the keeper holds a slot. */
  stage: "verified" | "joined";
}

export interface RejectedDeal extends DealContent {
  reason: string;
}

async function writeAtomic(file: string, contents: string) {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

export class KeeperState {
  readonly #dealsDir: string;
  readonly #rejectedFile: string;
  readonly held = new Map<string, HeldDeal>();
  readonly rejected = new Map<string, RejectedDeal>();

  private constructor(dataDir: string) {
    this.#dealsDir = path.join(dataDir, "deals");
    this.#rejectedFile = path.join(dataDir, "rejected.json");
  }

  static async load(dataDir: string): Promise<KeeperState> {
    const state = new KeeperState(dataDir);
    await mkdir(state.#dealsDir, { recursive: true });
    for (const name of await readdir(state.#dealsDir)) {
      if (name.endsWith(".tmp")) {
        // A write that did not finish: the renamed file (if any) is the last complete one.
        await rm(path.join(state.#dealsDir, name), { force: true });
        continue;
      }
      if (!name.endsWith(".json")) continue;
      const held = JSON.parse(await readFile(path.join(state.#dealsDir, name), "utf8")) as HeldDeal;
      state.held.set(held.dealId, held);
    }
    try {
      const rejected = JSON.parse(await readFile(state.#rejectedFile, "utf8")) as Record<string, RejectedDeal>;
      for (const [dealId, entry] of Object.entries(rejected)) state.rejected.set(dealId, entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    return state;
  }

  async saveHeld(held: HeldDeal) {
    this.held.set(held.dealId, held);
    await writeAtomic(path.join(this.#dealsDir, `${held.dealId}.json`), JSON.stringify(held));
  }

  async dropHeld(dealId: string) {
    this.held.delete(dealId);
    await rm(path.join(this.#dealsDir, `${dealId}.json`), { force: true });
  }

  async reject(dealId: string, entry: RejectedDeal) {
    this.rejected.set(dealId, entry);
    await this.#saveRejected();
  }

  async forgetRejected(dealId: string) {
    if (this.rejected.delete(dealId)) await this.#saveRejected();
  }

  async #saveRejected() {
    await writeAtomic(this.#rejectedFile, JSON.stringify(Object.fromEntries(this.rejected), null, 2));
  }

  /** Bytes of content held or being verified, for deals other than `exceptDealId`. */
  heldBytes(exceptDealId?: string): number {
    let bytes = 0;
    for (const held of this.held.values()) if (held.dealId !== exceptDealId) bytes += held.size;
    return bytes;
  }

  /** Whether another held deal than `dealId` uses `cid` (two deals may fund the same video: one pin serves both). */
  cidHeldByOther(cid: string, dealId: string): boolean {
    for (const held of this.held.values()) if (held.cid === cid && held.dealId !== dealId) return true;
    return false;
  }
}

/** Whether a stored entry describes the chain's deal as it is now. */
export function sameContent(entry: DealContent, deal: DealContent): boolean {
  return entry.cid === deal.cid && entry.root.toLowerCase() === deal.root.toLowerCase() && entry.size === deal.size;
}
