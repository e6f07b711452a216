import {
  KEY_REQUEST_MAX_SECONDS,
  type KeyRequest,
  keyRequestDomain,
  keyRequestMessage,
  keyRequestTypes,
} from "@chorus/protocol";
import type { Address, Hex } from "viem";

/** What the player needs to ask for a paid video's key. */
export interface PaidPost {
  kind: 0 | 1;
  postId: string;
  manifestCid: string;
}

export type SignKeyRequest = (typed: {
  domain: ReturnType<typeof keyRequestDomain>;
  types: typeof keyRequestTypes;
  primaryType: "KeyRequest";
  message: ReturnType<typeof keyRequestMessage>;
}) => Promise<Hex>;

/** A refusal from the key service: `code` (e.g. "no-access") and a sentence for people. */
class KeyRequestError extends Error {
  override readonly name = "KeyRequestError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Signs one key request with the wallet (one prompt) and asks this instance's relay, `/api/keys/<keyId>`, which asks
 * the key services it knows (the creator's worker, keepers). Resolves to the 16-byte key.
 */
export async function fetchContentKey(
  keyId: string,
  post: PaidPost,
  account: Address,
  chainId: number,
  sign: SignKeyRequest,
): Promise<ArrayBuffer> {
  const nonceBytes = crypto.getRandomValues(new Uint8Array(32));
  const nonce = `0x${Array.from(nonceBytes, (b) => b.toString(16).padStart(2, "0")).join("")}` as Hex;
  // A little under the service's limit: clocks differ.
  const expiry = Math.floor(Date.now() / 1000) + KEY_REQUEST_MAX_SECONDS - 60;
  const unsigned = { ...post, account, expiry, nonce };
  const signature = await sign({
    domain: keyRequestDomain(chainId),
    types: keyRequestTypes,
    primaryType: "KeyRequest",
    message: keyRequestMessage(keyId, unsigned),
  });
  const body: KeyRequest = { ...unsigned, signature };
  const response = await fetch(`/api/keys/${keyId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.ok) return response.arrayBuffer();
  const answer = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  throw new KeyRequestError(
    answer?.error?.code ?? "unavailable",
    answer?.error?.message ?? `The key service answered ${response.status}. Try again in a minute.`,
  );
}
