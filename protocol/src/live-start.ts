import { deployments } from "@chorus/deployments";
import { type Address, type Hex, encodeAbiParameters, getAddress, isAddress, keccak256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";

/**
 * What `Streams.start(channelId, title, room, streamKey, keyProof)` needs beside the title and channel: the room the
 * stream is announced in and the stream key's proof that it signed for this creator (docs/live.md, "Starting").
 */

/** The stream's pubsub room, as docs/live.md derives it: unique per stream because the key is. */
export function liveRoom(chainId: number, streamKey: Address): string {
  return `chorus/live/${chainId}/${getAddress(streamKey)}`;
}

/** The `Streams` contract of a chain from @chorus/deployments; undefined on a chain without one. */
export function streamsAddressOf(chainId: number): Address | undefined {
  return (deployments as Record<number, { Streams?: { address: Address } } | undefined>)[chainId]?.Streams?.address;
}

/**
 * `Streams.keyProofHash(creator)`: keccak256(abi.encode("chorus stream key", chainId, streams, creator)). The chain id
 * and contract address bind the proof to one deployment; the creator to one wallet.
 */
export function keyProofHash(chainId: number, streams: Address, creator: Address): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "string" }, { type: "uint256" }, { type: "address" }, { type: "address" }],
      ["chorus stream key", BigInt(chainId), streams, creator],
    ),
  );
}

/** The stream key's EIP-191 signature over `keyProofHash` (the 32 bytes, raw), as `Streams.start` recovers it. */
export function signKeyProof(privateKey: Hex, chainId: number, streams: Address, creator: Address): Promise<Hex> {
  return privateKeyToAccount(privateKey).signMessage({ message: { raw: keyProofHash(chainId, streams, creator) } });
}

/** `POST /live/:id/key-proof` on the worker: the body. */
export const liveKeyProofRequestSchema = z.object({
  creator: z.string().refine((value) => isAddress(value, { strict: false }), {
    message: "must be the creator's wallet address (0x and 40 hex digits)",
  }),
});
/** …and its answer: the proof for `Streams.start`, and the deployment it is bound to. */
export const liveKeyProofResponseSchema = z.object({
  keyProof: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
  creator: z.string(),
  streamKey: z.string(),
  chainId: z.number().int().positive(),
  streams: z.string(),
});
export type LiveKeyProof = z.output<typeof liveKeyProofResponseSchema>;
