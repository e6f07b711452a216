import type { Address, Hex } from "viem";
import { z } from "zod";

/**
 * Paid and members-only videos (docs/paid-videos.md): what the creator asks the worker for, what the manifest records,
 * and the signed request a player sends a key service for a video's content key.
 */

/** The upload's access option (`POST /jobs?access=encrypted&previewSeconds=N`): encrypt all but the first N s. */
export const jobAccessSchema = z.object({
  encrypted: z.literal(true),
  /** The clear preview anyone plays; rounded up to whole segments. 0 = nothing plays without the key. */
  previewSeconds: z.number().int().min(0).max(600),
});
export type JobAccess = z.output<typeof jobAccessSchema>;

/** 16 random bytes, hex, no 0x: names the content key (never derived from it). */
export const keyIdSchema = z.string().regex(/^[0-9a-f]{32}$/, "a key id is 32 lowercase hex digits");

/** The manifest's `access`: segments after the preview are HLS AES-128 under the key `keyId` names. */
export const manifestAccessSchema = z.object({
  encrypted: z.literal(true),
  keyId: keyIdSchema,
  previewSeconds: z.number().nonnegative(),
});
export type ManifestAccess = z.output<typeof manifestAccessSchema>;

/**
 * `#EXT-X-KEY` URIs name no host, so any instance can serve the video: the player rewrites `chorus-key:<keyId>` to a
 * key service it knows (its web server's relay, the creator's worker, a keeper).
 */
export const KEY_URI_SCHEME = "chorus-key:";
export function keyUri(keyId: string): string {
  return `${KEY_URI_SCHEME}${keyId}`;
}
export function keyIdOfUri(uri: string): string | undefined {
  if (!uri.startsWith(KEY_URI_SCHEME)) return undefined;
  const id = uri.slice(KEY_URI_SCHEME.length);
  return keyIdSchema.safeParse(id).success ? id : undefined;
}

/** `IComments.PostKind`, as Earnings.hasAccess takes it. */
export const POST_KIND = { video: 0, release: 1 } as const;

/** The longest a key request may stay valid: a signature is a bearer token until it expires. */
export const KEY_REQUEST_MAX_SECONDS = 300;

/** EIP-712: the wallet signs this once per video; the chain id binds it to one chain. */
export function keyRequestDomain(chainId: number) {
  return { name: "Chorus key request", version: "1", chainId } as const;
}
export const keyRequestTypes = {
  KeyRequest: [
    { name: "keyId", type: "bytes16" },
    { name: "kind", type: "uint8" },
    { name: "postId", type: "uint256" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** `POST /keys/<keyId>` body. `manifestCid` is the post's manifest directory, checked against the chain. */
export const keyRequestSchema = z.object({
  kind: z.union([z.literal(0), z.literal(1)]),
  postId: z.string().regex(/^[1-9][0-9]{0,77}$/, "postId is a decimal id"),
  manifestCid: z.string().min(1).max(200),
  account: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, "account is an address")
    .transform((v) => v as Address),
  /** Unix seconds. */
  expiry: z.number().int().positive(),
  nonce: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "nonce is 32 bytes of hex")
    .transform((v) => v as Hex),
  signature: z
    .string()
    .regex(/^0x[0-9a-fA-F]{130}$/, "signature is 65 bytes of hex")
    .transform((v) => v as Hex),
});
export type KeyRequest = z.output<typeof keyRequestSchema>;

/** The typed-data message of a request (what the wallet signs and the service verifies). */
export function keyRequestMessage(keyId: string, request: Pick<KeyRequest, "kind" | "postId" | "expiry" | "nonce">) {
  return {
    keyId: `0x${keyId}` as Hex,
    kind: request.kind,
    postId: BigInt(request.postId),
    expiry: BigInt(request.expiry),
    nonce: request.nonce,
  };
}
