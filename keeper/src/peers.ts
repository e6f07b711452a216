// Keeps the keeper's IPFS node connected to given peers. On loopback (the local stack, the tests) there is no DHT: a
// keeper finds a video's blocks only at peers it is connected to, such as the creator's node. Peers that restart or
// come up later are dialled again on every round.
import type { KuboRPCClient } from "kubo-rpc-client";
import { summarizeError } from "./chain.ts";

type SwarmAddress = Parameters<KuboRPCClient["swarm"]["connect"]>[0];

export function keepPeersConnected(
  ipfs: KuboRPCClient,
  peers: readonly string[],
  options: { intervalMs: number; log?: (line: string) => void },
) {
  const log = options.log ?? (() => {});
  const stopped = new AbortController();
  const failing = new Set<string>();
  const peerId = (address: string) => address.slice(address.lastIndexOf("/p2p/") + 5);

  const round = async () => {
    if (peers.length === 0) return;
    let connected = new Set<string>();
    try {
      connected = new Set((await ipfs.swarm.peers({ signal: stopped.signal })).map((p) => p.peer.toString()));
    } catch {
      // the node is busy or stopping: dial everything
    }
    await Promise.all(
      peers
        .filter((address) => !connected.has(peerId(address)))
        .map(async (address) => {
          try {
            // kubo-rpc-client sends the address as the `arg` query parameter: a string is what goes over the wire.
            await ipfs.swarm.connect(address as unknown as SwarmAddress, {
              signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(10_000)]),
            });
            if (failing.delete(address)) log(`peer connected ${address}`);
          } catch (error) {
            if (stopped.signal.aborted) return;
            if (!failing.has(address))
              log(`peer unreachable ${address}: ${summarizeError(error)} (retrying every ${options.intervalMs} ms)`);
            failing.add(address);
          }
        }),
    );
  };

  let running = round();
  const timer = setInterval(() => {
    running = running.then(round);
  }, options.intervalMs);
  return {
    /** The first round of dials, done. */
    firstRound: running,
    async stop() {
      clearInterval(timer);
      stopped.abort();
      await running.catch(() => {});
    },
  };
}
