/**
 * `pubsub/sub`, `pubsub/pub`, `pubsub/ls`, `pubsub/peers` with Kubo's wire
 * format: topics in URL arguments and every binary field in responses are
 * multibase-encoded (base64url, prefix `u`); message data is sent as a
 * multipart body.
 */
import { base64url } from "multiformats/bases/base64";
import { multibaseDecode } from "../ipfs-path.ts";
import { sendJson, sendText, startStream, type Command } from "./context.ts";
import { collect, multipartParts } from "./multipart.ts";
import { args, BadRequestError, firstArg } from "./params.ts";
import type { Message } from "@libp2p/gossipsub";

/** gossipsub's default maximum message size */
const MAX_MESSAGE_SIZE = 1_048_576;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

function decodeTopic(arg: string): string {
  try {
    return textDecoder.decode(multibaseDecode(arg));
  } catch (err) {
    throw new BadRequestError(`URL arg must be multibase encoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function encodeTopic(topic: string): string {
  return base64url.encode(textEncoder.encode(topic));
}

function seqnoBytes(seqno: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, seqno));
  return bytes;
}

/** One message as Kubo streams it from `pubsub/sub`. */
function encodeMessage(msg: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {
    data: base64url.encode(msg.data),
    topicIDs: [encodeTopic(msg.topic)],
  };
  if (msg.type === "signed") {
    out.from = msg.from.toString();
    out.seqno = base64url.encode(seqnoBytes(msg.sequenceNumber));
    out.signature = base64url.encode(msg.signature);
  }
  return out;
}

export const pubsubSub: Command = async (deps, call) => {
  const topic = decodeTopic(firstArg(call.query, "topic"));
  const res = call.res;
  // subscribe first, then answer: the client's subscribe() resolves on the response headers
  const unsubscribe = deps.pubsub.subscribe(topic, (msg) => {
    if (!res.destroyed && !res.writableEnded) res.write(`${JSON.stringify(encodeMessage(msg))}\n`);
  });
  try {
    startStream(res, "application/json");
    await new Promise<void>((resolve) => {
      if (call.signal.aborted) resolve();
      else
        call.signal.addEventListener(
          "abort",
          () => {
            resolve();
          },
          { once: true },
        );
    });
  } finally {
    unsubscribe();
    if (!res.writableEnded && !res.destroyed) res.end();
  }
};

export const pubsubPub: Command = async (deps, call) => {
  const topic = decodeTopic(firstArg(call.query, "topic"));
  let data: Uint8Array | undefined;
  for await (const part of multipartParts(call.req)) {
    const bytes = await collect(part.content, MAX_MESSAGE_SIZE);
    data = data === undefined ? bytes : Buffer.concat([data, bytes]);
  }
  if (data === undefined) throw new BadRequestError('argument "data" is required');
  await deps.pubsub.publish(topic, data);
  sendText(call.res, 200, "");
};

export const pubsubLs: Command = async (deps, call) => {
  sendJson(call.res, { Strings: deps.pubsub.topics().map(encodeTopic) });
};

export const pubsubPeers: Command = async (deps, call) => {
  const [arg] = args(call.query, "topic", false);
  sendJson(call.res, { Strings: deps.pubsub.peers(arg === undefined ? undefined : decodeTopic(arg)) });
};
