"use client";
import { streamsAbi } from "@chorus/deployments";
import {
  type Address,
  BaseError,
  type ContractErrorName,
  ContractFunctionRevertedError,
  type Hex,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { shortAddress } from "@/lib/format";
import { cidToBytes } from "@/lib/contracts";
import { callIndexer } from "@/lib/indexer";
import { deployedAt } from "./contract";
import { type TxPlan, UserFacingError } from "./useContractTx";

/**
 * The Streams transactions of the Go live page (docs/live.md): `start` (one signature marks the stream live, with the
 * room and the key the worker made) and `end`. Simulated first, as every plan (contract.ts); a revert becomes the
 * sentence below for its Streams error.
 */

const contract = (config: PublicConfig) => deployedAt("Streams", config.chainId, "you can't go live here");

type StreamsErrorName = ContractErrorName<typeof streamsAbi>;

/** Every Streams error as what happened and what to do (exhaustive: a new error fails the typecheck until it has one). */
export function streamsSentence(name: StreamsErrorName, args: readonly unknown[]): string {
  switch (name) {
    case "StreamsNotMember":
      return `${typeof args[1] === "string" ? shortAddress(args[1]) : "This wallet"} isn't a member of channel #${String(args[0])}, so it can't go live there. Go live in your own channel, or ask the channel's members to add you.`;
    case "StreamsUnknownChannel":
      return `There is no community channel #${String(args[0])}. Choose another channel, or your own.`;
    case "StreamsBadKeyProof":
      return "The stream key's proof doesn't match this wallet (the worker signed for another wallet or chain). Start again to get a new stream key.";
    case "StreamsStreamKeyUsed":
      return "This stream key already started a stream; a key serves one stream. Start again to get a new stream key.";
    case "StreamsZeroStreamKey":
      return "The worker gave no stream key. Start again.";
    case "StreamsEmptyTitle":
      return "Give the stream a title.";
    case "StreamsTitleTooLong":
      return `The title is too long (${String(args[0])} bytes; at most ${String(args[1])}). Shorten it.`;
    case "StreamsEmptyRoom":
    case "StreamsRoomTooLong":
      return "The worker named the stream's room in a way the contract refuses. Update the worker and start again.";
    case "StreamsNotStarter":
      return "Only the wallet that started this stream can end it. Connect that wallet.";
    case "StreamsAlreadyEnded":
      return "This stream has already ended on chain.";
    case "StreamsUnknownStream":
      return `There is no stream #${String(args[0])} on chain.`;
    case "StreamsNotEnded":
      return "The stream hasn't ended on chain yet: end it first, then record its video.";
    case "StreamsVodAlreadyRecorded":
      return "This stream's video is already recorded on chain; a stream records one, once. Nothing to do.";
    case "StreamsEmptyCid":
    case "StreamsMalformedCid":
    case "StreamsNotADirectory":
      return `The contract refused the recording's CID (${name}): it isn't a video directory. End the stream again in the worker, or publish the recording from the upload page.`;
  }
}

/** Simulates, then sends; a Streams revert becomes its sentence. */
async function send(wagmiConfig: Config, call: Parameters<typeof simulateContract>[1]): Promise<Hex> {
  try {
    const { request } = await simulateContract(wagmiConfig, call);
    return await writeContract(wagmiConfig, request);
  } catch (error) {
    const reverted =
      error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    const data = reverted instanceof ContractFunctionRevertedError ? reverted.data : undefined;
    if (data?.errorName?.startsWith("Streams"))
      throw new UserFacingError(streamsSentence(data.errorName as StreamsErrorName, data.args ?? []));
    throw error;
  }
}

export interface Started {
  streamId: string;
}

export function startStreamPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  input: { channelId: string; title: string; room: string; streamKey: Address; keyProof: Hex },
): TxPlan<Started> {
  return {
    action: "go live",
    outcome: "the stream didn't start",
    send: () =>
      send(wagmiConfig, {
        address: contract(config),
        abi: streamsAbi,
        functionName: "start",
        args: [BigInt(input.channelId), input.title, input.room, input.streamKey, input.keyProof],
        chainId: config.chainId,
      }),
    read: (receipt: TransactionReceipt) => {
      const [started] = parseEventLogs({ abi: streamsAbi, logs: receipt.logs, eventName: "StreamStarted" });
      if (!started) throw new UserFacingError("The transaction was mined but started no stream.");
      return { streamId: started.args.streamId.toString() };
    },
    isIndexed: async ({ streamId }, signal) =>
      (await callIndexer(config.indexerUrl, "getStream", { params: { id: streamId } }, signal)).ok,
  };
}

export function endStreamPlan(wagmiConfig: Config, config: PublicConfig, streamId: string): TxPlan<Started> {
  return {
    action: "end the stream",
    outcome: "the stream is still live on chain",
    send: () =>
      send(wagmiConfig, {
        address: contract(config),
        abi: streamsAbi,
        functionName: "end",
        args: [BigInt(streamId)],
        chainId: config.chainId,
      }),
    read: () => ({ streamId }),
    isIndexed: async (_, signal) => {
      const stream = await callIndexer(config.indexerUrl, "getStream", { params: { id: streamId } }, signal);
      return stream.ok && !stream.data.live;
    },
  };
}

/** `Streams.setVod`: records on the stream which video it became (after `end`, once; docs/live.md "The VOD it became"). */
export function setVodPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  streamId: string,
  manifestCid: string,
): TxPlan<Started> {
  return {
    action: "record the recording on the stream",
    outcome: "the stream doesn't name its video",
    send: () =>
      send(wagmiConfig, {
        address: contract(config),
        abi: streamsAbi,
        functionName: "setVod",
        args: [BigInt(streamId), cidToBytes(manifestCid)],
        chainId: config.chainId,
      }),
    read: () => ({ streamId }),
    isIndexed: async (_, signal) => {
      const stream = await callIndexer(config.indexerUrl, "getStream", { params: { id: streamId } }, signal);
      return stream.ok && stream.data.vod === manifestCid;
    },
  };
}
