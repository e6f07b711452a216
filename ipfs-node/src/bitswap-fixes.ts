/**
 * Workarounds for @helia/bitswap 4.0.19 (pinned in package.json): a block
 * that a node deleted (cache eviction, GC, a pin refused then retried) could
 * not be fetched again from the peer that had sent it.
 *
 * 1. Serving side: the want it answered stays in the asking peer's ledger,
 *    marked "sent" (Helia never sends cancels), and a later want for the same
 *    CID only updates that entry, so the block is never sent again. With
 *    answered wants expiring at once (`doNotResendBlockWindow: 0`, set in
 *    helia.ts) and the expired ones dropped before each incoming wantlist is
 *    read, a renewed want is served like a new one.
 * 2. Asking side: for ~10 ms after a block arrives its want is kept, marked
 *    "cancel", and a new want for the same CID reuses that entry, which is
 *    then dropped without being sent. Such an entry is dropped first.
 *
 * They reach into internals, so each is checked: a newer @helia/bitswap with
 * another shape is reported (and then this module should be revisited).
 */
import { base64 } from "multiformats/bases/base64";
import type { CID } from "multiformats/cid";

interface PeerWantLists {
  ledgerMap: { get: (peer: unknown) => { removeExpiredWants?: unknown } | undefined };
  receiveMessage: (peer: unknown, message: unknown) => void;
}

interface WantList {
  wants: Map<string, { cancel?: boolean }>;
  peers: { values: () => Iterable<Set<string>> };
  addEntry: (cid: CID, options: unknown) => Promise<unknown>;
}

function isPeerWantLists(value: unknown): value is PeerWantLists {
  const v = value as Partial<PeerWantLists> | undefined;
  return typeof v?.receiveMessage === "function" && typeof v.ledgerMap?.get === "function";
}

function isWantList(value: unknown): value is WantList {
  const v = value as Partial<WantList> | undefined;
  return typeof v?.addEntry === "function" && v.wants instanceof Map && typeof v.peers?.values === "function";
}

/**
 * Applies both workarounds to a Helia node with bitswap (helia.ts); returns what could not be applied. Typed as any
 * object: the internals it reaches into are checked at run time, and helia.ts imports this module, not the reverse.
 */
export function fixBitswapRenewedWants(helia: object): string[] {
  const brokers = (
    helia as unknown as {
      blockBrokers?: Array<{ name?: string; bitswap?: { peerWantLists?: unknown; wantList?: unknown } }>;
    }
  ).blockBrokers;
  const bitswap = brokers?.find((b) => b.name === "bitswap")?.bitswap;
  const problems: string[] = [];

  const lists = bitswap?.peerWantLists;
  if (isPeerWantLists(lists)) {
    const receive = lists.receiveMessage.bind(lists);
    lists.receiveMessage = (peer, message) => {
      const ledger = lists.ledgerMap.get(peer);
      if (typeof ledger?.removeExpiredWants === "function") ledger.removeExpiredWants();
      receive(peer, message);
    };
  } else {
    problems.push(
      "@helia/bitswap internals changed: blocks a peer deleted may not be sent to it again (see bitswap-fixes.ts)",
    );
  }

  const wantList = bitswap?.wantList;
  if (isWantList(wantList)) {
    const addEntry = wantList.addEntry.bind(wantList);
    wantList.addEntry = async (cid, options) => {
      // the want list's key: base64 (unpadded) of the multihash
      const key = base64.baseEncode(cid.multihash.bytes);
      if (wantList.wants.get(key)?.cancel === true) {
        wantList.wants.delete(key);
        for (const sent of wantList.peers.values()) sent.delete(key);
      }
      return addEntry(cid, options);
    };
  } else {
    problems.push(
      "@helia/bitswap internals changed: a block deleted just after it arrived may not be asked for again (see bitswap-fixes.ts)",
    );
  }
  return problems;
}
