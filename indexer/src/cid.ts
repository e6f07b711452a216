import { CID } from "multiformats/cid";
import type { Hex } from "viem";

/** A binary CID from an event, as the base32 string clients use. The contracts admit only valid binary CIDv1. */
export const cidToString = (bytes: Hex) => CID.decode(Buffer.from(bytes.slice(2), "hex")).toString();
