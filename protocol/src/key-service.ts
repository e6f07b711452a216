// The key service of paid and members-only videos (docs/paid-videos.md), one module for every node that holds content
// keys: the creator's worker and the keepers. It answers `POST /keys/<keyId>` with the 16-byte key after checking, in
// order: the request's shape, its expiry, the EIP-712 signature, the nonce, that the post's manifest on chain is the
// one carrying this key, and `Earnings.hasAccess` on chain. Node only (files, node:http); browsers use ./paid.ts.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import * as generated from "@chorus/deployments";
import { channelsAbi, deployments, videosAbi } from "@chorus/deployments";
// TEMP until the earnings merge
const earningsAbi = (generated as unknown as { earningsAbi: typeof videosAbi }).earningsAbi;
import { CID } from "multiformats/cid";
import { type Address, createPublicClient, http, keccak256, toHex, verifyTypedData } from "viem";
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
      functionName: "hasAccess" as never,
      args: [request.kind, BigInt(request.postId), request.account] as never,
    });
    if (!access)
      throw new KeyServiceError(
        403,
        "no-access",
        `${request.account} has not bought this post and is not a member: buy it or join, then ask again.`,
      );
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
