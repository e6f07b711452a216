import { BaseError, ContractFunctionRevertedError } from "viem";

/**
 * Turns whatever a wallet, viem or wagmi threw into one sentence a person can act on: what happened and what to do.
 * Never shows an RPC blob or a stack trace. Tested in test/errors.test.ts.
 */

export type ErrorKind = "rejected" | "revert" | "wrong-chain" | "no-funds" | "not-connected" | "network" | "unknown";

export interface HumanError {
  kind: ErrorKind;
  message: string;
}

export interface ErrorContext {
  /** The chain the app expects, for "switch to …" advice. */
  chainName?: string;
  /** What we were doing, for the generic fallback: "publish", "connect", "switch networks". */
  action?: string;
}

/** Our contract's custom errors, by name, as sentences. */
export function describeContractError(errorName: string, args: readonly unknown[] = []): string {
  switch (errorName) {
    case "VideosEmptyCid":
      return "The contract refused an empty manifest CID, so nothing was published. Wait until the video has finished processing, then publish again.";
    case "VideosMalformedCid":
      return "The contract refused the manifest CID as malformed, so nothing was published. Upload the video again; if it keeps happening, the worker is producing bad CIDs.";
    case "VideosUnknownVideo":
      return args[0] === undefined ? "This video doesn't exist on-chain." : `Video ${String(args[0])} doesn't exist on-chain.`;
    default:
      return `The contract refused the transaction (${errorName}), so nothing was published.`;
  }
}

/** Names of errors (viem's and wagmi's) found anywhere in the cause chain. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 20; depth++) {
    chain.push(current);
    current = typeof current === "object" && current !== null && "cause" in current ? (current as { cause: unknown }).cause : undefined;
  }
  return chain;
}

function nameOf(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error ? String((error as { name: unknown }).name) : "";
}

function codeOf(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return typeof error === "string" ? error : "";
}

export function describeError(error: unknown, context: ErrorContext = {}): HumanError {
  const chainName = context.chainName ?? "the right network";
  const chain = causeChain(error);
  const names = chain.map(nameOf);
  const has = (...candidates: string[]) => names.some((n) => candidates.includes(n));

  // 1. The person said no. Wallets disagree on how they say it: viem's class, EIP-1193 code 4001, or just a message.
  if (
    has("UserRejectedRequestError") ||
    chain.some((e) => codeOf(e) === 4001 || codeOf(e) === "ACTION_REJECTED") ||
    chain.some((e) => /user (rejected|denied|cancelled|canceled)/i.test(messageOf(e)))
  ) {
    return {
      kind: "rejected",
      message:
        context.action === "publish" || context.action === undefined
          ? "You rejected the signature — nothing was published. Publish again when ready."
          : `You cancelled the request in your wallet. Try again when ready.`,
    };
  }

  // 2. The contract reverted with one of our custom errors (or a reason string).
  const reverted = chain.find((e): e is ContractFunctionRevertedError => e instanceof ContractFunctionRevertedError);
  if (reverted) {
    if (reverted.data?.errorName) return { kind: "revert", message: describeContractError(reverted.data.errorName, reverted.data.args ?? []) };
    if (reverted.reason) return { kind: "revert", message: `The contract refused the transaction: ${reverted.reason}. Nothing was published.` };
    return { kind: "revert", message: "The contract refused the transaction, so nothing was published. Check the video and try again." };
  }
  if (has("ContractFunctionRevertedError")) {
    return { kind: "revert", message: "The contract refused the transaction, so nothing was published. Check the video and try again." };
  }

  // 3. Wrong network, or the wallet can't switch to ours.
  if (has("ChainMismatchError", "ConnectorChainMismatchError")) {
    return { kind: "wrong-chain", message: `Your wallet is on a different network. Switch to ${chainName}, then try again.` };
  }
  if (has("SwitchChainError", "ChainNotConfiguredError", "SwitchChainNotSupportedError") || chain.some((e) => codeOf(e) === 4902)) {
    return {
      kind: "wrong-chain",
      message: `Your wallet couldn't switch to ${chainName}. Add or select that network in your wallet, then try again.`,
    };
  }

  // 4. Not enough ETH for gas.
  if (has("InsufficientFundsError") || chain.some((e) => /insufficient funds/i.test(messageOf(e)))) {
    return {
      kind: "no-funds",
      message: `Your account doesn't have enough ETH on ${chainName} to pay for gas. Fund it (or use another account) and try again.`,
    };
  }

  // 5. No wallet, or it went away.
  if (has("ConnectorNotConnectedError", "ConnectorAccountNotFoundError", "ConnectorNotFoundError", "ProviderNotFoundError")) {
    return { kind: "not-connected", message: "No wallet is connected. Connect one with the button at the top right, then try again." };
  }

  // 6. The chain (or the wallet's RPC) can't be reached.
  if (
    has("HttpRequestError", "TimeoutError", "WebSocketRequestError", "SocketClosedError") ||
    chain.some((e) => e instanceof TypeError && /fetch|network/i.test(messageOf(e)))
  ) {
    return {
      kind: "network",
      message: `Couldn't reach ${chainName}. Check that the chain's RPC is running and your connection works, then try again.`,
    };
  }

  // 7. Anything else: viem's short message is readable; a raw object is not.
  const short = messageOf(error).split("\n")[0]?.trim();
  const doing = context.action ? ` to ${context.action}` : "";
  return {
    kind: "unknown",
    message: short && short.length < 200
      ? `Something went wrong${doing}: ${short.replace(/\.$/, "")}. Try again; if it keeps failing, reload the page.`
      : `Something went wrong${doing}. Try again; if it keeps failing, reload the page.`,
  };
}
