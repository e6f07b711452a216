import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BaseError,
  ChainMismatchError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  SwitchChainError,
  TransactionExecutionError,
  UserRejectedRequestError,
} from "viem";
import { anvil, mainnet } from "viem/chains";
import { channelsAbi, storageEscrowAbi, videosAbi } from "@chorus/deployments";
import { describeContractError, describeError } from "../src/lib/errors";

const ctx = { chainName: "Local chain (Anvil)", action: "publish" };

/** What viem's writeContract throws when the contract reverts with one of our custom errors. */
function revertWith(
  errorName: "VideosEmptyCid" | "VideosMalformedCid" | "VideosNotADirectory" | "VideosUnknownVideo",
  args: readonly unknown[] = [],
) {
  const data = encodeErrorResult({ abi: videosAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
  const cause = new ContractFunctionRevertedError({ abi: videosAbi, data, functionName: "publish" });
  return new ContractFunctionExecutionError(cause, {
    abi: videosAbi,
    functionName: "publish",
    args: ["0x"],
    contractAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  });
}

describe("describeError", () => {
  it("says plainly that a rejected signature published nothing", () => {
    const error = new TransactionExecutionError(
      new UserRejectedRequestError(new Error("MetaMask Tx Signature: User denied transaction signature.")),
      {
        chain: anvil,
      } as never,
    );
    assert.deepEqual(describeError(error, ctx), {
      kind: "rejected",
      message: "You rejected the signature — nothing was published. Publish again when ready.",
    });
  });

  it("recognises a rejection from a wallet that only sends code 4001", () => {
    const error = Object.assign(new Error("whatever"), { code: 4001 });
    assert.equal(describeError(error, ctx).kind, "rejected");
    assert.equal(describeError({ code: 4001, message: "User rejected the request." }, ctx).kind, "rejected");
  });

  it("words a rejected connection differently from a rejected publish", () => {
    const result = describeError(new UserRejectedRequestError(new Error("no")), { action: "connect" });
    assert.equal(result.kind, "rejected");
    assert.doesNotMatch(result.message, /published/);
  });

  it("decodes our custom errors into sentences", () => {
    const empty = describeError(revertWith("VideosEmptyCid"), ctx);
    assert.equal(empty.kind, "revert");
    assert.match(empty.message, /empty manifest CID/);
    assert.match(empty.message, /nothing was published/);

    const malformed = describeError(revertWith("VideosMalformedCid", ["0x1234"]), ctx);
    assert.equal(malformed.kind, "revert");
    assert.match(malformed.message, /malformed/);

    const file = describeError(
      revertWith("VideosNotADirectory", ["0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"]),
      ctx,
    );
    assert.equal(file.kind, "revert");
    assert.match(file.message, /single file, not a video directory/);
    assert.match(file.message, /nothing was published/);

    const unknown = describeError(revertWith("VideosUnknownVideo", [42n]), ctx);
    assert.equal(unknown.message, "Video 42 doesn't exist on-chain.");
  });

  it("never shows raw revert data", () => {
    const { message } = describeError(revertWith("VideosMalformedCid", ["0xdeadbeef"]), ctx);
    assert.doesNotMatch(message, /0x[0-9a-f]{8}/i);
  });

  it("asks to switch networks on a chain mismatch", () => {
    const error = new ChainMismatchError({ chain: anvil, currentChainId: mainnet.id });
    const result = describeError(error, ctx);
    assert.equal(result.kind, "wrong-chain");
    assert.match(result.message, /Switch to Local chain \(Anvil\)/);
  });

  it("recognises wagmi's connector chain mismatch by name", () => {
    class ConnectorChainMismatchError extends BaseError {
      constructor() {
        super("The current chain of the connector (id: 1) does not match the connection's chain (id: 31337).", {
          name: "ConnectorChainMismatchError",
        });
      }
    }
    assert.equal(describeError(new ConnectorChainMismatchError(), ctx).kind, "wrong-chain");
  });

  it("explains a wallet that can't switch", () => {
    const result = describeError(new SwitchChainError(new Error("Unrecognized chain ID")), ctx);
    assert.equal(result.kind, "wrong-chain");
    assert.match(result.message, /couldn't switch/);
  });

  it("explains missing gas money", () => {
    const result = describeError(
      new InsufficientFundsError({ cause: new BaseError("insufficient funds for gas * price + value") }),
      ctx,
    );
    assert.equal(result.kind, "no-funds");
  });

  it("explains an unreachable chain", () => {
    const result = describeError(
      new HttpRequestError({ url: "http://127.0.0.1:8545", body: { method: "eth_chainId" } }),
      ctx,
    );
    assert.equal(result.kind, "network");
    assert.match(result.message, /Couldn't reach Local chain \(Anvil\)/);
  });

  it("falls back to one short sentence for anything else, never a blob", () => {
    const result = describeError(new Error("boom\n    at stack frame\n    at another"), ctx);
    assert.equal(result.kind, "unknown");
    assert.equal(
      result.message,
      "Something went wrong to publish: boom. Try again; if it keeps failing, reload the page.",
    );
    assert.equal(describeError({ weird: true }).kind, "unknown");
    assert.doesNotMatch(describeError("x".repeat(500)).message, /xxxxxxxxxx/);
  });
});

describe("a sentence for every contract error", () => {
  it("describes every custom error of every deployed ABI in words of its own, never the generic refusal", () => {
    for (const abi of [channelsAbi, storageEscrowAbi, videosAbi]) {
      for (const item of abi) {
        if (item.type !== "error") continue;
        const args = item.inputs.map((input) =>
          input.type === "address" ? "0x0000000000000000000000000000000000000001" : input.type === "bool" ? true : 1n,
        );
        const sentence = describeContractError(item.name, args);
        assert.doesNotMatch(sentence, /^The contract refused the transaction \(/, `${item.name} has no sentence`);
        assert.doesNotMatch(sentence, /NaN|undefined/, `${item.name}: ${sentence}`);
      }
    }
  });
});
