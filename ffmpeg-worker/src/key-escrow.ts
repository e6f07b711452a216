import { deployments, storageEscrowAbi } from "@chorus/deployments";
import { type FileKeyStore, keyEscrowMessageSchema, keyEscrowTopic, sealKey } from "@chorus/protocol/key-service";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { type Address, type Hex, createPublicClient, hexToBytes, http } from "viem";
import { publicKeyToAddress } from "viem/accounts";
import type { WorkerConfig } from "./config.ts";

/**
 * Hands the content key of each published paid video to every keeper that joins a storage deal on it, so the key
 * outlives this machine (docs/paid-videos.md): each poll reads the escrow's `KeeperJoined` events, and sends the key
 * sealed to each such keeper's public key (which keepers announce in the escrow topic) until the keeper says it stored
 * it. Sealed keys are useless to anyone else, so pubsub's openness costs nothing.
 */
export function startKeyEscrow(
  config: WorkerConfig,
  keys: FileKeyStore,
  intervalMs = 2_000,
): { stop(): Promise<void> } {
  const escrow = (deployments as Record<number, { StorageEscrow?: { address: Address } } | undefined>)[config.chainId]
    ?.StorageEscrow?.address;
  if (!escrow) return { stop: async () => {} };
  const client = createPublicClient({ transport: http(config.chainRpcUrl, { retryCount: 0, timeout: 10_000 }) });
  const kubo = create({ url: config.kuboRpcUrl });
  const topic = keyEscrowTopic(config.chainId);
  const abort = new AbortController();
  const publicKeys = new Map<string, Hex>();
  const stored = new Set<string>();
  /** keeper (lowercase) → key ids of the videos it keeps. */
  const holders = new Map<string, Set<string>>();
  const dealCids = new Map<bigint, string>();
  let fromBlock = 0n;

  // Subscribed on the first poll that has a published paid video: a worker without any never touches pubsub.
  let subscribed: Promise<void> | undefined;
  const subscribe = () =>
    kubo.pubsub
      .subscribe(
        topic,
        (message) => {
          try {
            const parsed = keyEscrowMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(message.data)));
            if (!parsed.success) return;
            if (parsed.data.type === "keeper")
              publicKeys.set(
                publicKeyToAddress(parsed.data.publicKey as Hex).toLowerCase(),
                parsed.data.publicKey as Hex,
              );
            else if (parsed.data.type === "stored")
              stored.add(`${parsed.data.keeper.toLowerCase()}:${parsed.data.keyId}`);
          } catch {
            // Not JSON: not ours.
          }
        },
        { signal: abort.signal },
      )
      .catch((error: unknown) => config.log("warn", "key escrow: cannot subscribe", { error: String(error) }));

  async function poll(): Promise<void> {
    const published = await keys.published();
    if (published.length === 0) return;
    subscribed ??= subscribe();
    await subscribed;
    const keyOfCid = new Map(published.map((p) => [p.manifestCid, p.keyId]));
    const latest = await client.getBlockNumber();
    if (latest >= fromBlock) {
      const joins = await client.getContractEvents({
        address: escrow!,
        abi: storageEscrowAbi,
        eventName: "KeeperJoined",
        fromBlock,
        toBlock: latest,
      });
      for (const join of joins) {
        const { dealId, keeper } = join.args;
        if (dealId === undefined || !keeper) continue;
        let cid = dealCids.get(dealId);
        if (!cid) {
          const deal = await client.readContract({
            address: escrow!,
            abi: storageEscrowAbi,
            functionName: "deal",
            args: [dealId],
          });
          cid = CID.decode(hexToBytes(deal.cid)).toString();
          dealCids.set(dealId, cid);
        }
        const keyId = keyOfCid.get(cid);
        if (!keyId) continue;
        const held = holders.get(keeper.toLowerCase()) ?? new Set<string>();
        held.add(keyId);
        holders.set(keeper.toLowerCase(), held);
      }
      fromBlock = latest + 1n;
    }
    const cidOfKey = new Map(published.map((p) => [p.keyId, p.manifestCid]));
    for (const [keeper, keyIds] of holders) {
      const publicKey = publicKeys.get(keeper);
      if (!publicKey) continue;
      for (const keyId of keyIds) {
        if (stored.has(`${keeper}:${keyId}`)) continue;
        const key = await keys.get(keyId);
        const manifestCid = cidOfKey.get(keyId);
        if (!key || !manifestCid) continue;
        const message = { type: "sealed", keeper, keyId, manifestCid, sealed: sealKey(key, publicKey) };
        await kubo.pubsub.publish(topic, new TextEncoder().encode(JSON.stringify(message)), {
          signal: AbortSignal.timeout(10_000),
        });
      }
    }
  }

  let running = true;
  const loop = (async () => {
    while (running) {
      await poll().catch((error: unknown) => config.log("warn", "key escrow poll failed", { error: String(error) }));
      // Woken at once by stop(): a worker's stop must not wait out the interval.
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          abort.signal.removeEventListener("abort", wake);
          resolve();
        }, intervalMs);
        abort.signal.addEventListener("abort", wake, { once: true });
      });
    }
  })();
  return {
    async stop() {
      running = false;
      abort.abort();
      await kubo.pubsub.unsubscribe(topic).catch(() => {});
      await loop;
    },
  };
}
