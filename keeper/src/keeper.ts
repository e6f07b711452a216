// The keeper daemon: one loop that reads the chain (its source of truth, in chain time), and for each deal either
// serves it (challenge, prove, release), considers joining it (fetch, pin, verify the root, join), or watches its
// keepers (report missed periods, so a failing keeper is evicted and its slot reopens). docs/storage-proofs.md,
// "Running a keeper", is the protocol; keeper/README.md says what this daemon guarantees.
import { setTimeout as sleep } from "node:timers/promises";
import { constants } from "@chorus/protocol";
import { create, type KuboRPCClient } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { formatEther, hexToBytes, zeroAddress, type Address, type Hex } from "viem";
import {
  connectEscrow,
  summarizeError,
  revertName,
  type DealView,
  type Escrow,
  type EscrowEvent,
  type KeeperView,
} from "./chain.ts";
import { computeStorageRoot, contentLayout, isNotHeldError, segmentProof } from "@chorus/merkle";
import {
  assessDeal,
  currentPeriod,
  KEEPER_STATUS_NAMES,
  KeeperStatus,
  PeriodStatus,
  type DealFacts,
  type FitPolicy,
} from "./fit.ts";
import { KeeperState, sameContent, type DealContent } from "./state.ts";

import { startKeyHolder } from "./keys.ts";

export interface KeeperConfig {
  chainRpcUrl: string;
  /** The keeper's account: it stakes, proves and is paid. */
  privateKey: Hex;
  /** The Kubo RPC API of the IPFS node that holds the content (ours or a real Kubo). */
  ipfsRpcUrl: string;
  /** Where the trees of held content and the rejected deals are kept across restarts. */
  dataDir: string;
  /** The most content bytes held at once, across deals. */
  maxBytes: number;
  /** Joins only deals paying at least this per period (wei, or the token's smallest unit). */
  minPricePerPeriod: bigint;
  /** Joins only deals asking at most this stake. */
  maxStakePerReplica: bigint;
  /** How often the chain is read (default 2 000 ms). */
  pollMs?: number | undefined;
  /** Withdraws its balance of a token once it exceeds this (default 0: whenever there is any). */
  withdrawAbove?: bigint | undefined;
  /** The payment tokens it takes deals in (default: ETH only, `address(0)`). ERC-20 stakes are approved as needed. */
  tokens?: readonly Address[] | undefined;
  /** The StorageEscrow (default: the address @chorus/deployments records for the chain). */
  escrowAddress?: Address | undefined;
  /** How long fetching one deal's content may take before it is retried later (default 10 minutes). */
  fetchTimeoutMs?: number | undefined;
  /** One line per action (joined, challenge, proved, missed, reported, released, withdrew, …). Default: discarded. */
  log?: ((line: string) => void) | undefined;
  /** The key service of paid videos (keys.ts) on this 127.0.0.1 port (0: a free one); undefined: none. */
  keyPort?: number | undefined;
}

export interface RunningKeeper {
  address: Address;
  /** Its key service (`POST /keys/<keyId>`), when `keyPort` was given. */
  keysUrl?: string;
  /** Stops the loop, waits for the action under way, and cancels fetches in progress. Does not touch the IPFS node. */
  stop(): Promise<void>;
}

const DEFAULT_POLL_MS = 2_000;
const DEFAULT_FETCH_TIMEOUT_MS = 10 * 60_000;
/** How far back a keeper watching a deal looks for unreported misses after a restart (older ones are counted at close). */
const REPORT_LOOKBACK_PERIODS = 64;
/** The chain serves the hashes of the last 256 blocks (StorageEscrow.CHALLENGE_WINDOW, generated). */
const CHALLENGE_WINDOW = BigInt(constants.StorageEscrow.CHALLENGE_WINDOW);
const MAX_RETRY_DELAY_MS = 5 * 60_000;

export async function startKeeper(config: KeeperConfig): Promise<RunningKeeper> {
  const pollMs = config.pollMs ?? DEFAULT_POLL_MS;
  if (!(pollMs > 0)) throw new Error(`pollMs must be positive, got ${pollMs}.`);
  if (!(config.maxBytes >= 0)) throw new Error(`maxBytes must be a number of bytes, got ${config.maxBytes}.`);
  const escrow = await connectEscrow({
    chainRpcUrl: config.chainRpcUrl,
    privateKey: config.privateKey,
    escrowAddress: config.escrowAddress,
    pollingIntervalMs: Math.min(pollMs, 1_000),
  });
  const ipfs = create({ url: config.ipfsRpcUrl });
  try {
    await ipfs.id({ signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Error(`The IPFS node's RPC API at ${config.ipfsRpcUrl} does not answer: ${summarizeError(error)}`, {
      cause: error,
    });
  }
  const state = await KeeperState.load(config.dataDir);
  const keeper = new Keeper(escrow, ipfs, state, config, pollMs);
  const keyHolder =
    config.keyPort === undefined
      ? undefined
      : await startKeyHolder({
          privateKey: config.privateKey,
          chainRpcUrl: config.chainRpcUrl,
          ipfsRpcUrl: config.ipfsRpcUrl,
          dataDir: config.dataDir,
          port: config.keyPort,
          log: config.log ?? (() => {}),
        });
  keeper.start();
  return {
    address: escrow.account,
    ...(keyHolder ? { keysUrl: keyHolder.url } : {}),
    stop: async () => {
      await keyHolder?.stop();
      await keeper.stop();
    },
  };
}

interface Preparation {
  task: Promise<void>;
  size: number;
}

class Keeper {
  readonly #escrow: Escrow;
  readonly #ipfs: KuboRPCClient;
  readonly #state: KeeperState;
  readonly #me: Address;
  readonly #policy: FitPolicy;
  readonly #pollMs: number;
  readonly #withdrawAbove: bigint;
  readonly #fetchTimeoutMs: number;
  readonly #log: (line: string) => void;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  /** Deals this keeper is done with for good: ended without it, or its tenure closed. */
  readonly #finished = new Set<string>();
  /** Content being fetched and verified, by deal. */
  readonly #preparing = new Map<string, Preparation>();
  /** After a failed fetch: when to try again, and how many failures in a row. */
  readonly #retry = new Map<string, { at: number; failures: number }>();
  /** Per deal and watched keeper: the first period not checked for a miss yet. */
  readonly #checkedThrough = new Map<string, number>();
  /** The last line logged under a key: the same condition is logged once, not every poll. */
  readonly #lastLine = new Map<string, string>();

  constructor(escrow: Escrow, ipfs: KuboRPCClient, state: KeeperState, config: KeeperConfig, pollMs: number) {
    this.#escrow = escrow;
    this.#ipfs = ipfs;
    this.#state = state;
    this.#me = escrow.account;
    this.#policy = {
      tokens: config.tokens ?? [zeroAddress],
      minPricePerPeriod: config.minPricePerPeriod,
      maxStakePerReplica: config.maxStakePerReplica,
      maxBytes: config.maxBytes,
    };
    this.#pollMs = pollMs;
    this.#withdrawAbove = config.withdrawAbove ?? 0n;
    this.#fetchTimeoutMs = config.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    this.#log = config.log ?? (() => {});
  }

  start() {
    this.#loop = (async () => {
      while (!this.#abort.signal.aborted) {
        try {
          await this.#tick();
          this.#once("tick", "");
        } catch (error) {
          if (this.#abort.signal.aborted) break;
          this.#once("tick", `error: ${summarizeError(error)}`);
        }
        await sleep(this.#pollMs, undefined, { signal: this.#abort.signal }).catch(() => {});
      }
    })();
  }

  async stop() {
    this.#abort.abort(new Error("the keeper is stopping"));
    await this.#loop;
    await Promise.allSettled([...this.#preparing.values()].map((p) => p.task));
  }

  /** Logs `line` unless it is what was last logged under `key` (an empty line resets the key). */
  #once(key: string, line: string) {
    if (this.#lastLine.get(key) === line) return;
    this.#lastLine.set(key, line);
    if (line) this.#log(line);
  }

  async #tick() {
    const block = await this.#escrow.latestBlock();
    const count = await this.#escrow.dealCount();
    for (let id = 1n; id <= count; id++) {
      if (this.#abort.signal.aborted) return;
      const dealId = String(id);
      if (this.#finished.has(dealId)) continue;
      try {
        await this.#handleDeal(id, block.timestamp, block.number);
        this.#once(`deal:${dealId}:error`, "");
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        this.#once(`deal:${dealId}:error`, `error deal=${dealId}: ${summarizeError(error)}`);
      }
    }
    // Entries for deal ids the chain does not have (a local chain that was reset): the content goes.
    for (const held of [...this.#state.held.values()]) {
      if (BigInt(held.dealId) > count)
        await this.#dropContent(held.dealId, "the chain has no such deal (was it reset?)");
    }
    await this.#withdraw(false);
  }

  async #handleDeal(id: bigint, now: bigint, blockNumber: bigint) {
    const dealId = String(id);
    const deal = await this.#escrow.deal(id);
    const tenure = await this.#escrow.keeper(id, this.#me);
    let content: DealContent;
    try {
      content = { cid: CID.decode(hexToBytes(deal.cid)).toString(), root: deal.root, size: Number(deal.size) };
    } catch (error) {
      this.#finished.add(dealId);
      this.#log(`skipped deal=${dealId}: its CID ${deal.cid} does not decode (${summarizeError(error)})`);
      return;
    }
    const held = this.#state.held.get(dealId);
    if (held && !sameContent(held, content))
      await this.#dropContent(dealId, "the chain's deal of that id names other content (was the chain reset?)");
    const rejected = this.#state.rejected.get(dealId);
    if (rejected && !sameContent(rejected, content)) await this.#state.forgetRejected(dealId);

    switch (tenure.status) {
      case KeeperStatus.Active:
        return this.#serve(id, deal, tenure, content, now, blockNumber);
      case KeeperStatus.None:
        return this.#consider(id, deal, content, now);
      default:
        return this.#closed(id, deal, tenure);
    }
  }

  // ─── Deals it is not in ─────────────────────────────────────────────────────────────────────────────────────

  async #consider(id: bigint, deal: DealView, content: DealContent, now: bigint) {
    const dealId = String(id);
    if (now >= deal.end) {
      this.#finished.add(dealId);
      if (this.#state.held.has(dealId)) await this.#dropContent(dealId, "the deal ended before it joined");
      return;
    }
    const preparing = this.#preparing.get(dealId);
    const fit = assessDeal(dealFacts(deal), this.#policy, {
      now,
      status: KeeperStatus.None,
      heldBytes: this.#state.heldBytes(dealId) + this.#preparingBytes(dealId),
      rejected: this.#state.rejected.get(dealId)?.reason,
    });
    if (fit.verdict === "skip") {
      this.#once(`deal:${dealId}:fit`, `skipped deal=${dealId}: ${fit.reason}`);
      if (this.#state.held.has(dealId)) await this.#dropContent(dealId, fit.reason);
      return;
    }
    if (fit.verdict === "full") {
      this.#once(`deal:${dealId}:fit`, `watching deal=${dealId}: every slot is held; reporting missed periods`);
      if (this.#state.held.has(dealId)) await this.#dropContent(dealId, "every slot was taken before it could join");
      await this.#reportMisses(id, deal, now);
      return;
    }
    this.#once(`deal:${dealId}:fit`, "");
    const held = this.#state.held.get(dealId);
    if (held?.stage === "verified") return this.#join(id, deal);
    if (!preparing) this.#prepare(dealId, content, "join");
  }

  #preparingBytes(exceptDealId: string) {
    let bytes = 0;
    for (const [dealId, p] of this.#preparing) if (dealId !== exceptDealId) bytes += p.size;
    return bytes;
  }

  /**
   * Fetches and pins a deal's content, recomputes its size and root, and keeps its tree if they match the deal's
   * ("verified", to join next poll; "joined" when adopting a deal the chain says it is in but the disk forgot).
   * Runs beside the loop, which keeps serving other deals meanwhile.
   */
  #prepare(dealId: string, content: DealContent, purpose: "join" | "adopt") {
    const retry = this.#retry.get(dealId);
    if (this.#preparing.has(dealId) || (retry && retry.at > Date.now())) return;
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#fetchTimeoutMs)]);
    const { cid } = content;
    this.#log(
      `fetching deal=${dealId} cid=${cid} size=${content.size}${purpose === "adopt" ? " (the chain says it holds a slot; its data dir had no tree)" : ""}`,
    );
    const task = (async () => {
      try {
        // The listing alone gives the size: content that is not what the deal says is refused before its download.
        const layout = await contentLayout(this.#ipfs, cid, { signal });
        if (layout.size !== content.size)
          return await this.#reject(
            dealId,
            content,
            `its content is ${layout.size} bytes, the deal says ${content.size}`,
            purpose,
          );
        await this.#ipfs.pin.add(cid, { signal });
        const tree = await computeStorageRoot(this.#ipfs, cid, { offline: true, signal });
        if (tree.root.toLowerCase() !== content.root.toLowerCase()) {
          return await this.#reject(
            dealId,
            content,
            `its content's root is ${tree.root}, the deal says ${content.root}`,
            purpose,
          );
        }
        await this.#state.saveHeld({ dealId, ...content, tree, stage: purpose === "adopt" ? "joined" : "verified" });
        this.#retry.delete(dealId);
        this.#log(`verified deal=${dealId} cid=${cid} root=${tree.root} (${tree.size} bytes pinned)`);
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        const failures = (this.#retry.get(dealId)?.failures ?? 0) + 1;
        const delayMs = Math.min(MAX_RETRY_DELAY_MS, this.#pollMs * 2 ** failures);
        this.#retry.set(dealId, { at: Date.now() + delayMs, failures });
        this.#log(
          `fetch failed deal=${dealId} cid=${cid}: ${summarizeError(error)} (retrying in ${Math.round(delayMs / 1000)} s)`,
        );
      } finally {
        this.#preparing.delete(dealId);
      }
    })();
    this.#preparing.set(dealId, { task, size: content.size });
  }

  async #reject(dealId: string, content: DealContent, reason: string, purpose: "join" | "adopt") {
    await this.#state.reject(dealId, { ...content, reason });
    await this.#unpin(dealId, content.cid);
    this.#log(`rejected deal=${dealId} cid=${content.cid}: ${reason}; unpinned`);
    if (purpose === "adopt") {
      // It holds a slot in a deal it cannot prove: leaving now costs only the misses already due.
      const events = await this.#escrow.send("leaveDeal", [BigInt(dealId)]);
      const left = findEvent(events, "KeeperLeft");
      this.#log(
        `left deal=${dealId}: the content does not match the deal${left ? ` (stake returned ${formatEther(left.args.stakeReturned)})` : ""}`,
      );
    }
  }

  async #join(id: bigint, deal: DealView) {
    const dealId = String(id);
    const held = this.#state.held.get(dealId)!;
    try {
      await this.#escrow.approve(deal.token, deal.stakePerReplica);
      const events = await this.#escrow.send("join", [id], deal.token === zeroAddress ? deal.stakePerReplica : 0n);
      await this.#state.saveHeld({ ...held, stage: "joined" });
      const joined = findEvent(events, "KeeperJoined");
      this.#log(
        `joined deal=${dealId} slot=${joined?.args.slot} firstPeriod=${joined?.args.firstPeriod} stake=${amount(deal.stakePerReplica, deal.token)} cid=${held.cid}`,
      );
    } catch (error) {
      const name = revertName(error);
      this.#once(`deal:${dealId}:join`, `join failed deal=${dealId}: ${summarizeError(error)}`);
      // Someone took the last slot, or the deal ran out of periods: the content is of no use to it any more.
      if (
        name === "StorageEscrowDealFull" ||
        name === "StorageEscrowNoPeriodLeft" ||
        name === "StorageEscrowAlreadyJoined"
      ) {
        await this.#dropContent(dealId, "it could not join");
      }
    }
  }

  /**
   * Reports the closed, unproven periods of the deal's keepers, so a failing one is slashed and, at maxMisses, evicted;
   * each report earns half its slash. One transaction per keeper (`reportMissedBatch`), never past its eviction.
   */
  async #reportMisses(id: bigint, deal: DealView, now: bigint) {
    const dealId = String(id);
    if (now < BigInt(deal.start)) return;
    const elapsed = (now - BigInt(deal.start)) / BigInt(deal.periodSeconds);
    const closed = Number(elapsed < BigInt(deal.periods) ? elapsed : BigInt(deal.periods)); // periods [0, closed) are closed
    for (let slot = 0; slot < deal.replicas; slot++) {
      const keeper = await this.#escrow.keeperAt(id, slot);
      if (keeper === zeroAddress || keeper.toLowerCase() === this.#me.toLowerCase()) continue;
      const tenure = await this.#escrow.keeper(id, keeper);
      if (tenure.status !== KeeperStatus.Active) continue;
      const key = `${dealId}:${keeper}`;
      const from = Math.max(tenure.firstPeriod, this.#checkedThrough.get(key) ?? 0, closed - REPORT_LOOKBACK_PERIODS);
      const until = Math.min(closed, tenure.endPeriod); // a tenure not extended by a top-up owes nothing after its end
      const missed: number[] = [];
      // The report that evicts is the last one: after it, the keeper's periods are no longer reportable.
      const room = deal.maxMisses - tenure.misses;
      for (let period = from; period < until && missed.length < room; period++) {
        if ((await this.#escrow.periodStatus(id, keeper, period)) === PeriodStatus.Missed) missed.push(period);
      }
      if (missed.length > 0) {
        const events = await this.#escrow.send("reportMissedBatch", [id, missed.map(() => keeper), missed]);
        const reports = events.filter((e) => e.eventName === "PeriodMissed");
        let slashed = 0n;
        let reward = 0n;
        for (const e of reports) {
          if (e.eventName !== "PeriodMissed") continue;
          slashed += e.args.slashed;
          reward += e.args.reward;
        }
        const evicted = findEvent(events, "KeeperEvicted");
        this.#log(
          `reported deal=${dealId} keeper=${keeper} periods=${missed.join(",")} slashed=${amount(slashed, deal.token)} reward=${amount(reward, deal.token)}` +
            (evicted ? ` evicted (slot ${evicted.args.slot} is free)` : ""),
        );
      }
      this.#checkedThrough.set(key, closed);
    }
  }

  // ─── Deals it is in ─────────────────────────────────────────────────────────────────────────────────────────

  async #serve(id: bigint, deal: DealView, tenure: KeeperView, content: DealContent, now: bigint, blockNumber: bigint) {
    const dealId = String(id);
    // It serves until the end it committed to; a top-up adds periods only if it agrees, which it does while it holds
    // the content (extendTenure); a tenure whose end passed is released (its slot reopens for the added periods).
    const endsAt = BigInt(deal.start) + BigInt(tenure.endPeriod) * BigInt(deal.periodSeconds);
    if (now >= endsAt) return this.#release(id, deal);
    if (tenure.endPeriod < deal.periods && this.#state.held.has(dealId)) {
      const events = await this.#escrow.send("extendTenure", [id]);
      const extended = findEvent(events, "TenureExtended");
      this.#log(`extended deal=${dealId} to serve the top-up: endPeriod=${extended?.args.endPeriod ?? deal.periods}`);
    }

    const held = this.#state.held.get(dealId);
    if (!held) return this.#prepare(dealId, content, "adopt");
    if (held.stage !== "joined") await this.#state.saveHeld({ ...held, stage: "joined" }); // joined, then stopped before saving

    const period = currentPeriod(dealFacts(deal), now);
    if (period === undefined || period < tenure.firstPeriod) return;
    if ((await this.#escrow.periodStatus(id, this.#me, period)) !== PeriodStatus.Due) return;

    if (tenure.seedBlock !== 0n && tenure.challengePeriod === period) {
      // Requested: the challenge is readable from the block after the seed block, for CHALLENGE_WINDOW blocks.
      if (blockNumber <= tenure.seedBlock) return;
      if (blockNumber > tenure.seedBlock + CHALLENGE_WINDOW) {
        this.#once(
          `deal:${dealId}:missed:${period}`,
          `missed deal=${dealId} period=${period}: the challenge of block ${tenure.seedBlock} expired before it was answered`,
        );
        return;
      }
      const segment = await this.#escrow.challenge(id, this.#me, period);
      let proof: { segment: Hex; proof: Hex[] };
      try {
        // Only what the node holds: a keeper that lost the bytes must not fetch them from elsewhere to pass.
        proof = await segmentProof(this.#ipfs, held.tree, Number(segment), {
          offline: true,
          signal: this.#abort.signal,
        });
      } catch (error) {
        const why = isNotHeldError(error) ? "its bytes are no longer held" : summarizeError(error);
        this.#once(
          `deal:${dealId}:missed:${period}`,
          `missed deal=${dealId} period=${period}: cannot show segment ${segment} of ${held.cid}: ${why}; no proof sent`,
        );
        return;
      }
      const events = await this.#escrow.send("prove", [id, period, proof.segment, proof.proof]);
      const accepted = findEvent(events, "ProofAccepted");
      this.#log(
        `proved deal=${dealId} period=${period} segment=${segment} earned=${accepted ? amount(accepted.args.amount, deal.token) : "?"}`,
      );
      return;
    }

    if (!(await this.#isPinned(held.cid))) {
      this.#once(
        `deal:${dealId}:missed:${period}`,
        `missed deal=${dealId} period=${period}: ${held.cid} is no longer pinned on its IPFS node; no challenge requested`,
      );
      return;
    }
    const events = await this.#escrow.send("requestChallenge", [id]);
    const requested = findEvent(events, "ChallengeRequested");
    this.#log(
      `challenge deal=${dealId} period=${requested?.args.period ?? period} seedBlock=${requested?.args.seedBlock ?? "?"}`,
    );
  }

  async #release(id: bigint, deal: DealView) {
    const dealId = String(id);
    const events = await this.#escrow.send("release", [id, this.#me]);
    const released = findEvent(events, "KeeperReleased");
    this.#log(
      `released deal=${dealId}` +
        (released
          ? ` proven=${released.args.proven} misses=${released.args.misses} stakeReturned=${amount(released.args.stakeReturned, deal.token)}`
          : ""),
    );
    this.#finished.add(dealId);
    if (this.#state.held.has(dealId)) await this.#dropContent(dealId, "the deal ended");
    await this.#withdraw(true);
  }

  /** Its tenure closed (it left, was evicted, or was released by someone else): the content goes. */
  async #closed(id: bigint, deal: DealView, tenure: KeeperView) {
    const dealId = String(id);
    this.#finished.add(dealId);
    const status = KEEPER_STATUS_NAMES[tenure.status] ?? String(tenure.status);
    if (this.#state.held.has(dealId)) {
      this.#log(
        `${status} deal=${dealId}: tenure closed after ${tenure.proven} proven and ${tenure.misses} missed periods`,
      );
      await this.#dropContent(dealId, `it was ${status}`);
    }
    if (tenure.status === KeeperStatus.Released) await this.#withdraw(true, deal.token);
  }

  // ─── Content and money ──────────────────────────────────────────────────────────────────────────────────────

  async #isPinned(cid: string): Promise<boolean> {
    try {
      for await (const pin of this.#ipfs.pin.ls({ paths: [cid], signal: this.#abort.signal }))
        if (pin.type === "recursive") return true;
      return false;
    } catch (error) {
      if (/not pinned/i.test(summarizeError(error))) return false;
      throw error;
    }
  }

  async #unpin(dealId: string, cid: string) {
    if (this.#state.cidHeldByOther(cid, dealId)) return;
    try {
      await this.#ipfs.pin.rm(cid, { signal: this.#abort.signal });
    } catch (error) {
      if (!/not pinned/i.test(summarizeError(error))) throw error;
    }
  }

  async #dropContent(dealId: string, reason: string) {
    const held = this.#state.held.get(dealId);
    if (!held) return;
    await this.#unpin(dealId, held.cid);
    await this.#state.dropHeld(dealId);
    this.#log(`unpinned deal=${dealId} cid=${held.cid}: ${reason}`);
  }

  /** Takes out its balance of each token it deals in when above the threshold (`force`: whenever there is any). */
  async #withdraw(force: boolean, onlyToken?: Address) {
    for (const token of onlyToken ? [onlyToken] : this.#policy.tokens) {
      const balance = await this.#escrow.balanceOf(token);
      if (balance === 0n || (!force && balance <= this.#withdrawAbove)) continue;
      try {
        await this.#escrow.send("withdraw", [token]);
        this.#log(`withdrew ${amount(balance, token)}`);
        this.#once(`withdraw:${token}`, "");
      } catch (error) {
        this.#once(`withdraw:${token}`, `withdraw failed: ${summarizeError(error)}`);
      }
    }
  }
}

function dealFacts(deal: DealView): DealFacts {
  return {
    token: deal.token,
    size: deal.size,
    replicas: deal.replicas,
    keepers: deal.keepers,
    start: BigInt(deal.start),
    periodSeconds: deal.periodSeconds,
    periods: deal.periods,
    end: deal.end,
    pricePerPeriod: deal.pricePerPeriod,
    stakePerReplica: deal.stakePerReplica,
  };
}

function findEvent<N extends EscrowEvent["eventName"]>(events: EscrowEvent[], name: N) {
  return events.find((e): e is Extract<EscrowEvent, { eventName: N }> => e.eventName === name);
}

const amount = (value: bigint, token: Address) =>
  token === zeroAddress ? `${formatEther(value)} ETH` : `${value} (token ${token})`;
