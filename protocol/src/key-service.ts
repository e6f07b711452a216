// The key service of paid and members-only videos (docs/paid-videos.md), one module for every node that holds content
// keys: the creator's worker and the keepers. It answers `POST /keys/<keyId>` with the 16-byte key after checking, in
// order: the request's shape, its expiry, the EIP-712 signature, the nonce, that the post's manifest on chain is the
// one carrying this key, and `Earnings.hasAccess` on chain. Node only (files, node:http); browsers use ./paid.ts.
import { createCipheriv, createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { channelsAbi, deployments, earningsAbi, videosAbi } from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { type Address, type Hex, createPublicClient, http, keccak256, toHex, verifyTypedData } from "viem";
import { publicKeyToAddress } from "viem/accounts";
import { z } from "zod";
import { POST_ACCESS } from "./contracts.ts";
import { videoManifestSchema, MANIFEST_FILE } from "./manifest.ts";
import {
  KEY_REQUEST_MAX_SECONDS,
  keyIdSchema,
  keyRequestDomain,
  keyRequestMessage,
  keyRequestSchema,
  keyRequestTypes,
  POST_KIND,
  type KeyRequest,
} from "./paid.ts";

/** Content keys on disk, one file per key (mode 0600), never sent to IPFS. */
export class FileKeyStore {
  readonly #dir: string;
  constructor(dir: string) {
    this.#dir = dir;
  }
  async put(keyId: string, key: Uint8Array): Promise<void> {
    keyIdSchema.parse(keyId);
    if (key.length !== 16) throw new RangeError("A content key is 16 bytes");
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.#dir, `${keyId}.key`);
    await writeFile(`${file}.tmp`, key, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }
  /** Records the manifest a key belongs to once published (what the worker seals to that video's keepers). */
  async setManifest(keyId: string, manifestCid: string): Promise<void> {
    keyIdSchema.parse(keyId);
    await writeFile(path.join(this.#dir, `${keyId}.cid`), manifestCid);
  }
  /** Every key whose video is published: `{ keyId, manifestCid }`. */
  async published(): Promise<{ keyId: string; manifestCid: string }[]> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    const out: { keyId: string; manifestCid: string }[] = [];
    for (const name of names.filter((n) => n.endsWith(".cid"))) {
      const manifestCid = (await readFile(path.join(this.#dir, name), "utf8").catch(() => "")).trim();
      if (manifestCid) out.push({ keyId: name.slice(0, -4), manifestCid });
    }
    return out;
  }
  async get(keyId: string): Promise<Uint8Array | undefined> {
    if (!keyIdSchema.safeParse(keyId).success) return undefined;
    const bytes = await readFile(path.join(this.#dir, `${keyId}.key`)).catch(() => undefined);
    return bytes?.length === 16 ? new Uint8Array(bytes) : undefined;
  }
}

export class KeyServiceError extends Error {
  override readonly name = "KeyServiceError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface KeyServiceOptions {
  chainRpcUrl: string;
  chainId: number;
  /** Where the post's manifest.json is read (Kubo RPC API). */
  kuboRpcUrl: string;
  keys: { get(keyId: string): Promise<Uint8Array | undefined> };
  /** Contracts for chains not in @chorus/deployments. */
  addresses?: { videos: Address; channels: Address; earnings: Address };
  /** Unix seconds; the chain's clock is not needed: expiry only bounds how long a signature is a bearer token. */
  now?: () => number;
}

export interface KeyService {
  /** The key, or a KeyServiceError saying what is wrong and what to do. */
  requestKey(keyId: string, body: unknown): Promise<Uint8Array>;
  /** `POST /keys/<keyId>` on a node:http server (CORS is the host server's). */
  handle(req: IncomingMessage, res: ServerResponse, keyId: string): Promise<void>;
}

function addressesOf(chainId: number) {
  const d = (deployments as Record<number, Record<string, { address: Address } | undefined> | undefined>)[chainId];
  if (!d?.Videos || !d.Channels || !d.Earnings) return undefined;
  return { videos: d.Videos.address, channels: d.Channels.address, earnings: d.Earnings.address };
}

export function createKeyService(options: KeyServiceOptions): KeyService {
  const addresses = options.addresses ?? addressesOf(options.chainId);
  const client = createPublicClient({ transport: http(options.chainRpcUrl, { retryCount: 1, timeout: 15_000 }) });
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  /** Nonces seen, with their expiry: a nonce only needs remembering until its request would be refused as expired. */
  const seen = new Map<string, number>();

  async function manifestKeyId(cid: string): Promise<string | undefined> {
    const response = await fetch(
      `${options.kuboRpcUrl}/api/v0/cat?arg=${encodeURIComponent(`${cid}/${MANIFEST_FILE}`)}`,
      { method: "POST", signal: AbortSignal.timeout(30_000) },
    ).catch(() => undefined);
    if (!response?.ok) return undefined;
    const text = await response.text();
    if (text.length > 1_000_000) return undefined;
    const parsed = videoManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.access?.keyId : undefined;
  }

  async function postManifestMatches(request: KeyRequest, cidBytes: Uint8Array): Promise<boolean> {
    const id = BigInt(request.postId);
    if (request.kind === POST_KIND.video) {
      const hash = await client
        .readContract({ address: addresses!.videos, abi: videosAbi, functionName: "manifestHashOf", args: [id] })
        .catch(() => undefined);
      return hash === keccak256(cidBytes);
    }
    const proposal = await client
      .readContract({ address: addresses!.channels, abi: channelsAbi, functionName: "proposal", args: [id] })
      .catch(() => undefined);
    // A release is a video proposal (kind 0); its cid is the manifest's.
    return proposal !== undefined && proposal.kind === 0 && proposal.cid === toHex(cidBytes);
  }

  async function requestKey(keyId: string, body: unknown): Promise<Uint8Array> {
    if (!keyIdSchema.safeParse(keyId).success)
      throw new KeyServiceError(
        400,
        "bad-key-id",
        "The key id must be 32 lowercase hex digits (from the playlist's chorus-key: URI).",
      );
    const parsed = keyRequestSchema.safeParse(body);
    if (!parsed.success)
      throw new KeyServiceError(
        400,
        "bad-request",
        `The key request is malformed (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}).`,
      );
    const request = parsed.data;
    const key = await options.keys.get(keyId);
    if (!key)
      throw new KeyServiceError(
        404,
        "unknown-key",
        "This node does not hold that key; ask another key service (the creator's worker or a keeper of the video).",
      );
    if (!addresses)
      throw new KeyServiceError(
        503,
        "no-contracts",
        `No Videos/Channels/Earnings deployment is known for chain ${options.chainId}.`,
      );
    const t = now();
    if (request.expiry <= t)
      throw new KeyServiceError(403, "expired", "The signed key request has expired; sign a new one.");
    if (request.expiry > t + KEY_REQUEST_MAX_SECONDS)
      throw new KeyServiceError(
        403,
        "expiry-too-far",
        `A key request may be valid for at most ${KEY_REQUEST_MAX_SECONDS} s; sign one that expires sooner.`,
      );
    const valid = await verifyTypedData({
      address: request.account,
      domain: keyRequestDomain(options.chainId),
      types: keyRequestTypes,
      primaryType: "KeyRequest",
      message: keyRequestMessage(keyId, request),
      signature: request.signature,
    }).catch(() => false);
    if (!valid)
      throw new KeyServiceError(
        403,
        "bad-signature",
        "The signature is not the account's over this key request; sign it again with that wallet.",
      );
    for (const [nonce, expiry] of seen) if (expiry <= t) seen.delete(nonce);
    const nonceKey = `${request.account.toLowerCase()}:${request.nonce}`;
    if (seen.has(nonceKey))
      throw new KeyServiceError(
        403,
        "replayed",
        "This key request was already used (its nonce is spent); sign a new one.",
      );
    seen.set(nonceKey, request.expiry);

    let cidBytes: Uint8Array;
    try {
      cidBytes = CID.parse(request.manifestCid).bytes;
    } catch {
      throw new KeyServiceError(400, "bad-cid", "manifestCid is not a CID.");
    }
    if (!(await postManifestMatches(request, cidBytes)))
      throw new KeyServiceError(
        403,
        "wrong-post",
        `Post ${request.postId} (${request.kind === POST_KIND.video ? "video" : "release"}) on chain is not the manifest ${request.manifestCid}.`,
      );
    if ((await manifestKeyId(request.manifestCid)) !== keyId)
      throw new KeyServiceError(403, "wrong-key", "That post's manifest does not use this key.");
    const access = await client.readContract({
      address: addresses.earnings,
      abi: earningsAbi,
      functionName: "hasAccess",
      args: [request.kind, BigInt(request.postId), request.account],
    });
    if (!access) {
      // Say why: a post its creator has not opened yet (withheld, the default) has nothing to buy or join.
      const terms = await client
        .readContract({
          address: addresses.earnings,
          abi: earningsAbi,
          functionName: "priceOf",
          args: [request.kind, BigInt(request.postId)],
        })
        .catch(() => undefined);
      if (terms !== undefined && POST_ACCESS[terms.access] === "withheld")
        throw new KeyServiceError(
          403,
          "withheld",
          "Its creator hasn't opened this video yet: until they choose who may watch, only they and its rights holders get the key. Come back later.",
        );
      throw new KeyServiceError(
        403,
        "no-access",
        `${request.account} has not bought this post and is not a member: buy it or join, then ask again.`,
      );
    }
    return key;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, keyId: string): Promise<void> {
    const send = (status: number, code: string, message: string) => {
      res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify({ error: { code, message } }));
    };
    if (req.method !== "POST") return send(405, "method-not-allowed", "Ask for a key with POST and a signed request.");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 4096) return send(413, "too-large", "A key request is under 4 KiB.");
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(400, "bad-json", "The key request must be JSON.");
    }
    try {
      const key = await requestKey(keyId, body);
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Cache-Control": "no-store" });
      res.end(Buffer.from(key));
    } catch (error) {
      if (error instanceof KeyServiceError) return send(error.status, error.code, error.message);
      send(502, "chain-unreachable", `Could not check access on chain: ${(error as Error).message}`);
    }
  }

  return { requestKey, handle };
}

// ─── Keepers hold the keys too ──────────────────────────────────────────────────────────────────────────────────────
// The key must outlive the creator's machine. The creator's worker seals each content key to every keeper that joined
// a storage deal on the video (ECIES: an ephemeral secp256k1 key, ECDH with the keeper's account key, HKDF-SHA256,
// AES-256-GCM), and sends it over IPFS pubsub, where keepers (connected to the creator's node to fetch the content)
// listen. Keepers announce their public key there; it is self-authenticating (its address is the keeper's account).
// A keeper stores a key only after checking it decrypts the video's first encrypted segment into MPEG-TS.

/** The pubsub topic of key escrow on a chain. */
export function keyEscrowTopic(chainId: number): string {
  return `chorus/keys/${chainId}`;
}

export const keyEscrowMessageSchema = z.discriminatedUnion("type", [
  /** A keeper's uncompressed public key (0x04…, 65 bytes). */
  z.object({ type: z.literal("keeper"), publicKey: z.string().regex(/^0x04[0-9a-f]{128}$/) }),
  /** A content key sealed to `keeper`. */
  z.object({
    type: z.literal("sealed"),
    keeper: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    keyId: keyIdSchema,
    manifestCid: z.string().max(200),
    sealed: z.string().regex(/^0x[0-9a-f]+$/),
  }),
  /** The keeper stored it: the worker stops sending. */
  z.object({ type: z.literal("stored"), keeper: z.string().regex(/^0x[0-9a-fA-F]{40}$/), keyId: keyIdSchema }),
]);

/** The uncompressed public key and address of an account's private key. */
export function accountPublicKey(privateKey: Hex): { publicKey: Hex; address: Address } {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(Buffer.from(privateKey.slice(2), "hex"));
  const publicKey = toHex(ecdh.getPublicKey());
  return { publicKey, address: publicKeyToAddress(publicKey) };
}

function sealingKey(shared: Buffer, ephemeral: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", shared, ephemeral, "chorus content key", 32));
}

/** ephemeral public key (65) ‖ IV (12) ‖ ciphertext (16) ‖ tag (16). */
export function sealKey(key: Uint8Array, publicKey: Hex): Hex {
  const ecdh = createECDH("secp256k1");
  const ephemeral = ecdh.generateKeys();
  const shared = ecdh.computeSecret(Buffer.from(publicKey.slice(2), "hex"));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(shared, ephemeral), iv);
  const sealed = Buffer.concat([ephemeral, iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  return toHex(sealed);
}

/** The key, or undefined when it was not sealed to this private key (or was tampered with). */
export function openSealedKey(sealed: Hex, privateKey: Hex): Uint8Array | undefined {
  const bytes = Buffer.from(sealed.slice(2), "hex");
  if (bytes.length !== 65 + 12 + 16 + 16) return undefined;
  try {
    const ephemeral = bytes.subarray(0, 65);
    const ecdh = createECDH("secp256k1");
    ecdh.setPrivateKey(Buffer.from(privateKey.slice(2), "hex"));
    const decipher = createDecipheriv(
      "aes-256-gcm",
      sealingKey(ecdh.computeSecret(ephemeral), ephemeral),
      bytes.subarray(65, 77),
    );
    decipher.setAuthTag(bytes.subarray(93));
    return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(77, 93)), decipher.final()]));
  } catch {
    return undefined;
  }
}

async function catBytes(kuboRpcUrl: string, arg: string, limit: number): Promise<Buffer | undefined> {
  const response = await fetch(`${kuboRpcUrl}/api/v0/cat?arg=${encodeURIComponent(arg)}`, {
    method: "POST",
    signal: AbortSignal.timeout(30_000),
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const bytes = Buffer.from(await response.arrayBuffer());
  return bytes.length > limit ? undefined : bytes;
}

/**
 * Whether `key` is the content key of the video at `manifestCid` with id `keyId`: the manifest names the key id, and
 * the first encrypted segment of its first rendition decrypts (with the playlist's IV) to MPEG-TS.
 */
export async function checkContentKey(
  kuboRpcUrl: string,
  manifestCid: string,
  keyId: string,
  key: Uint8Array,
): Promise<boolean> {
  const manifestBytes = await catBytes(kuboRpcUrl, `${manifestCid}/${MANIFEST_FILE}`, 1_000_000);
  if (!manifestBytes) return false;
  const manifest = videoManifestSchema.safeParse(JSON.parse(manifestBytes.toString("utf8")));
  const rendition = manifest.success ? manifest.data.renditions[0] : undefined;
  if (!manifest.success || manifest.data.access?.keyId !== keyId || !rendition) return false;
  const playlist = (await catBytes(kuboRpcUrl, `${manifestCid}/${rendition.playlist}`, 1_000_000))?.toString("utf8");
  const lines = playlist?.split("\n") ?? [];
  const keyLine = lines.findIndex((l) => l.startsWith("#EXT-X-KEY"));
  const iv = lines[keyLine]?.match(/IV=0x([0-9a-fA-F]{32})/)?.[1];
  const segment = lines.slice(keyLine + 1).find((l) => l && !l.startsWith("#"));
  if (keyLine < 0 || !iv || !segment) return false;
  const dir = rendition.playlist.split("/").slice(0, -1).join("/");
  const bytes = await catBytes(kuboRpcUrl, `${manifestCid}/${dir ? `${dir}/` : ""}${segment}`, 64 * 1024 * 1024);
  if (!bytes) return false;
  try {
    const decipher = createDecipheriv("aes-128-cbc", key, Buffer.from(iv, "hex"));
    const clear = Buffer.concat([decipher.update(bytes), decipher.final()]);
    return clear[0] === 0x47 && (clear.length < 189 || clear[188] === 0x47);
  } catch {
    return false;
  }
}
