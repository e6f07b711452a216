// A keeper holds the content keys of the paid videos it keeps and serves them with the same checks as the creator's
// worker (@chorus/protocol/key-service; docs/paid-videos.md), so a paid video stays playable for its buyers when the
// creator's machine is gone. Keys arrive sealed to the keeper's account key over IPFS pubsub from the creator's worker.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  FileKeyStore,
  accountPublicKey,
  checkContentKey,
  createKeyService,
  keyEscrowMessageSchema,
  keyEscrowTopic,
  openSealedKey,
} from "@chorus/protocol/key-service";
import { create } from "kubo-rpc-client";
import { type Hex, createPublicClient, http } from "viem";

/** How often the keeper announces its public key in the escrow topic (a worker that starts later hears it then). */
const ANNOUNCE_MS = 3_000;

export interface KeyHolder {
  /** `http://127.0.0.1:<port>`: `POST /keys/<keyId>`. */
  url: string;
  stop(): Promise<void>;
}

export async function startKeyHolder(options: {
  privateKey: Hex;
  chainRpcUrl: string;
  ipfsRpcUrl: string;
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<KeyHolder> {
  const chainId = await createPublicClient({ transport: http(options.chainRpcUrl) }).getChainId();
  const keys = new FileKeyStore(path.join(options.dataDir, "keys"));
  const { publicKey, address } = accountPublicKey(options.privateKey);
  const kubo = create({ url: options.ipfsRpcUrl });
  const topic = keyEscrowTopic(chainId);
  const abort = new AbortController();
  const publish = (message: object) =>
    kubo.pubsub
      .publish(topic, new TextEncoder().encode(JSON.stringify(message)), { signal: AbortSignal.timeout(10_000) })
      .catch(() => {});

  const receive = async (data: Uint8Array) => {
    let parsed;
    try {
      parsed = keyEscrowMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    } catch {
      return;
    }
    if (!parsed.success || parsed.data.type !== "sealed") return;
    const message = parsed.data;
    if (message.keeper.toLowerCase() !== address.toLowerCase()) return;
    if (!(await keys.get(message.keyId))) {
      const key = openSealedKey(message.sealed as Hex, options.privateKey);
      // A key that does not decrypt the video's first encrypted segment is refused: nobody can plant a wrong key.
      if (!key || !(await checkContentKey(options.ipfsRpcUrl, message.manifestCid, message.keyId, key))) {
        options.log(`key rejected keyId=${message.keyId} manifest=${message.manifestCid}`);
        return;
      }
      await keys.put(message.keyId, key);
      options.log(`key stored keyId=${message.keyId} manifest=${message.manifestCid}`);
    }
    await publish({ type: "stored", keeper: address, keyId: message.keyId });
  };
  // A node without pubsub (a Kubo started without it) still serves the keys it holds; it just receives no new ones.
  await kubo.pubsub
    .subscribe(topic, (message) => void receive(message.data), { signal: abort.signal })
    .catch((error: unknown) =>
      options.log(
        `error keys: cannot subscribe to ${topic} (${error instanceof Error ? error.message : String(error)}); enable pubsub on the IPFS node to receive keys of paid videos`,
      ),
    );
  void publish({ type: "keeper", publicKey });
  const announcing = setInterval(() => void publish({ type: "keeper", publicKey }), ANNOUNCE_MS);

  const service = createKeyService({ chainRpcUrl: options.chainRpcUrl, chainId, kuboRpcUrl: options.ipfsRpcUrl, keys });
  const server = createServer((req, res) => {
    // Any web instance's server or a browser may ask: the signed request is the authorization.
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "Content-Type");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    const parts = new URL(req.url ?? "/", "http://keeper.invalid").pathname.split("/").filter(Boolean);
    if (parts[0] !== "keys" || parts.length !== 2) {
      res.writeHead(404, { "Content-Type": "application/json" });
      return void res.end(
        JSON.stringify({ error: { code: "not-found", message: "This keeper serves POST /keys/<keyId> only." } }),
      );
    }
    void service.handle(req, res, parts[1]!);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async stop() {
      clearInterval(announcing);
      abort.abort();
      await kubo.pubsub.unsubscribe(topic).catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
