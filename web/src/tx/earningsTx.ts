"use client";
import { earningsAbi } from "@chorus/deployments";
import { POST_KINDS, type EarningsBalance } from "@chorus/protocol";
import { parseEventLogs, type Address } from "viem";
import type { Config } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { callIndexer } from "@/lib/indexer";
import { deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * Withdraws the connected account's whole balance of one token from Earnings to itself, claiming on the way its
 * unclaimed shares of split posts and channel pots (the lists the indexer keeps, `claim`). Indexed once the indexer's
 * balance for the token has fallen to what was left unclaimed (nothing, when the lists were complete).
 */
export function withdrawEarningsPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  account: Address,
  balance: EarningsBalance,
): TxPlan<{ amount: bigint }> {
  return {
    action: "withdraw",
    outcome: "nothing was withdrawn",
    send: () =>
      simulateContract(wagmiConfig, {
        address: deployedAt("Earnings", config.chainId, "nothing can be withdrawn"),
        abi: earningsAbi,
        functionName: "withdraw",
        args: [
          balance.token as Address,
          account,
          balance.claim.posts.map((p) => ({ kind: POST_KINDS.indexOf(p.kind), postId: BigInt(p.id) })),
          balance.claim.pots.map((p) => ({ channelId: BigInt(p.channelId), epoch: p.epoch })),
        ],
        account,
        chainId: config.chainId,
      }).then(({ request }) => writeContract(wagmiConfig, request)),
    read: (receipt) => {
      const withdrawn = parseEventLogs({ abi: earningsAbi, logs: receipt.logs, eventName: "Withdrawn" })[0];
      if (!withdrawn) throw new UserFacingError("The transaction was mined but withdrew nothing.");
      return { amount: withdrawn.args.amount };
    },
    isIndexed: async (_, signal) => {
      const earnings = await callIndexer(config.indexerUrl, "getEarnings", { params: { address: account } }, signal);
      if (!earnings.ok) return false;
      const now = earnings.data.balances.find((b) => b.token.toLowerCase() === balance.token.toLowerCase());
      return now !== undefined && BigInt(now.withdrawn) > BigInt(balance.withdrawn);
    },
  };
}
