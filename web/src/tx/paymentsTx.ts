"use client";
import { earningsAbi } from "@chorus/deployments";
import { POST_ACCESS, POST_KINDS, TIP_TARGETS } from "@chorus/protocol";
import { type Address, getAddress, parseEventLogs, type TransactionReceipt, zeroAddress } from "viem";
import type { Config } from "wagmi";
import { getConnection, readContract, simulateContract, writeContract } from "wagmi/actions";
import type { PublicConfig } from "@/lib/config";
import { callIndexer } from "@/lib/indexer";
import { ETH_INFO, checkSplit, isEth, type SplitRow, type TokenInfo } from "@/lib/money";
import { sameTerms, type PriceTerms } from "@/lib/price";
import { readToken } from "@/components/earn/use-earnings";
import { approveIfShort, deployedAt } from "./contract";
import { UserFacingError, type TxPlan } from "./useContractTx";

/**
 * The Earnings transactions and reads the pages make (contracts/interfaces/IEarnings.sol): tips, a post's split, its
 * price and purchase, memberships (a creator's, and a community channel's voted plan). Plans for useContractTx, simulated first (contract.ts).
 *
 * "Indexed": a tip once the indexer's `/status` has reached its block (so the stream's tips, the chat's gifts, and the
 * earnings page contain it), a split once `/posts/{kind}/{id}/money` shows it. A purchase, a membership and a plan
 * count once the chain's own views show them (`hasAccess`, `memberUntil`, `membershipPlan`): that is what unlocks
 * playback, and the indexer has no route for plans. What a post costs and who gets its money is read from the chain
 * (`readPostMoney`: the creator's plan and the token's decimals come with it); the chat's gifts from the indexer
 * (`readStreamTips`).
 */

const earnings = (config: PublicConfig) => deployedAt("Earnings", config.chainId, "payments can't be made here");

const events = (receipt: TransactionReceipt) => parseEventLogs({ abi: earningsAbi, logs: receipt.logs });

/** IEarnings.TipTarget and IComments.PostKind as the contract numbers them. */
const TARGET = (kind: TipTarget["kind"]) => TIP_TARGETS.indexOf(kind);
const KIND = (kind: MoneyPost["kind"]) => POST_KINDS.indexOf(kind);

/** What a tip is for: a video, a channel release (by its proposal id), a live stream, a channel, a creator. */
export type TipTarget =
  | { kind: "video"; id: string }
  | { kind: "release"; id: string; channelId?: string }
  | { kind: "stream"; id: string }
  | { kind: "channel"; id: string }
  | { kind: "creator"; address: Address };

/** A post, as Earnings names it (IComments.PostKind and id); a release carries its channel for links. */
export type MoneyPost = { kind: "video"; id: string } | { kind: "release"; id: string; channelId: string };
export type SplitPost = MoneyPost;

const targetId = (target: TipTarget) => (target.kind === "creator" ? BigInt(target.address) : BigInt(target.id));

export interface Tipped {
  amount: bigint;
  token: TokenInfo;
}

/** Whether the indexer has reached a block (its `/status`), so what the block did shows in its answers. */
async function blockIndexed(config: PublicConfig, blockNumber: bigint, signal: AbortSignal): Promise<boolean> {
  const status = await callIndexer(config.indexerUrl, "status", {}, signal);
  return status.ok && Object.values(status.data).some((chain) => BigInt(chain.block.number) >= blockNumber);
}

/** For an ERC-20, let Earnings take the amount (contract.ts: approveIfShort). */
const approveIfNeeded = (wagmiConfig: Config, config: PublicConfig, owner: Address, token: Address, amount: bigint) =>
  approveIfShort(wagmiConfig, config, { token, owner, spender: earnings(config), amount, outcome: "nothing was paid" });

function account(wagmiConfig: Config): Address {
  const address = getConnection(wagmiConfig).address;
  if (!address) throw new UserFacingError("No wallet is connected. Connect one and try again.");
  return address;
}

export function tipPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  target: TipTarget,
  input: { token: TokenInfo; amount: bigint; message: string },
): TxPlan<Tipped> {
  let blockNumber = 0n;
  return {
    action: "tip",
    outcome: "nothing was paid",
    send: async () => {
      const from = account(wagmiConfig);
      await approveIfNeeded(wagmiConfig, config, from, input.token.address, input.amount);
      const { request } = await simulateContract(wagmiConfig, {
        address: earnings(config),
        abi: earningsAbi,
        functionName: "tip",
        args: [TARGET(target.kind), targetId(target), input.token.address, input.amount, input.message],
        value: isEth(input.token.address) ? input.amount : 0n,
        chainId: config.chainId,
        account: from,
      });
      return writeContract(wagmiConfig, request);
    },
    read: (receipt) => {
      const tipped = events(receipt).find((e) => e.eventName === "Tipped");
      if (tipped?.eventName !== "Tipped") throw new UserFacingError("The transaction was mined but recorded no tip.");
      blockNumber = receipt.blockNumber;
      return { amount: tipped.args.amount, token: input.token };
    },
    isIndexed: (_result, signal) => blockIndexed(config, blockNumber, signal),
  };
}

/** The split table, resolved and in the contract's terms: handles looked up (a live handle's holder), the channel's row as `channelBps`. */
async function resolveSplit(config: PublicConfig, rows: SplitRow[], isRelease: boolean) {
  const checked = checkSplit(rows, isRelease);
  if (checked.error) throw new UserFacingError(`${checked.error} Fix the rights holders and try again.`);
  const holders: Address[] = [];
  const bps: number[] = [];
  let channelBps = 0;
  for (const row of checked.rows) {
    const holder = row.holder!;
    if (holder.kind === "channel") channelBps = row.bps!;
    else if (holder.kind === "address") {
      holders.push(holder.address);
      bps.push(row.bps!);
    } else {
      const found = await callIndexer(config.indexerUrl, "getHandle", { params: { handle: holder.handle } });
      if (!found.ok || found.data.status !== "live")
        throw new UserFacingError(
          `Nobody holds the handle @${holder.handle} now, so the shares weren't set. Use their address instead, or check the spelling.`,
        );
      holders.push(getAddress(found.data.holder.address));
      bps.push(row.bps!);
    }
  }
  return { holders, bps, channelBps };
}

export function splitPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  post: SplitPost,
  rows: SplitRow[],
): TxPlan<{ holders: number }> {
  return {
    action: "set the rights holders' shares",
    outcome: "the shares weren't set (everything paid to the video goes to you until they are)",
    send: async () => {
      const split = await resolveSplit(config, rows, post.kind === "release");
      const { request } = await simulateContract(wagmiConfig, {
        address: earnings(config),
        abi: earningsAbi,
        functionName: "setSplit",
        args: [KIND(post.kind), BigInt(post.id), split.holders, split.bps, split.channelBps],
        chainId: config.chainId,
        account: account(wagmiConfig),
      });
      return writeContract(wagmiConfig, request);
    },
    read: (receipt) => {
      const set = events(receipt).find((e) => e.eventName === "SplitSet");
      if (set?.eventName !== "SplitSet") throw new UserFacingError("The transaction was mined but set no shares.");
      return { holders: set.args.holders.length + (set.args.channelBps > 0 ? 1 : 0) };
    },
    isIndexed: async (_result, signal) => {
      const money = await callIndexer(
        config.indexerUrl,
        "getPostMoney",
        { params: { kind: post.kind, id: post.id } },
        signal,
      );
      return money.ok && money.data.split !== null;
    },
  };
}

/**
 * `Earnings.setPrice`: withheld (nobody but the creator and its rights holders), free, paid (token and price) or
 * members-only. Indexed once the indexer's
 * `/posts/{kind}/{id}/money` shows these terms (the watch page's *Price and access* reads them there).
 */
export function pricePlan(
  wagmiConfig: Config,
  config: PublicConfig,
  post: MoneyPost,
  terms: PriceTerms,
): TxPlan<PriceTerms> {
  return {
    action: "set the price and access",
    outcome: "the price and access didn't change",
    send: async () => {
      const { request } = await simulateContract(wagmiConfig, {
        address: earnings(config),
        abi: earningsAbi,
        functionName: "setPrice",
        args: [KIND(post.kind), BigInt(post.id), POST_ACCESS.indexOf(terms.access), terms.token, terms.price],
        chainId: config.chainId,
        account: account(wagmiConfig),
      });
      return writeContract(wagmiConfig, request);
    },
    read: (receipt) => {
      if (!events(receipt).some((e) => e.eventName === "PriceSet"))
        throw new UserFacingError("The transaction was mined but set no price.");
      return terms;
    },
    isIndexed: async (_result, signal) => {
      const money = await callIndexer(
        config.indexerUrl,
        "getPostMoney",
        { params: { kind: post.kind, id: post.id } },
        signal,
      );
      return money.ok && sameTerms(money.data, terms);
    },
  };
}

export interface PostMoney {
  creator: Address;
  /** Null: no split, everything to the creator. */
  split:
    | { holder: { kind: "address"; address: Address } | { kind: "channel"; channelId: string }; bps: number }[]
    | null;
  /** Set for a paid post. */
  price: { token: TokenInfo; amount: bigint } | null;
  membersOnly: boolean;
  /**
   * Its creator hasn't chosen who may watch (`Access.Withheld`, the default): nothing to buy or join, and only the
   * creator and its rights holders get its key. Meaningful for an encrypted video only: an ordinary one is public.
   */
  withheld: boolean;
  /** The creator's membership plan (for a members-only post). */
  plan: MembershipTerms | null;
  /**
   * For a members-only release, the releasing channel's plan as its members voted it: when set, *Join* buys the
   * channel's membership (every members-only release of the channel) rather than the submitter's.
   */
  channelPlan: (MembershipTerms & { channelId: string }) | null;
}

interface MembershipTerms {
  token: TokenInfo;
  price: bigint;
  periodSeconds: number;
}

/** What a post costs and who gets its money, from the chain (the seam for `/posts/{kind}/{id}/money`). */
export async function readPostMoney(wagmiConfig: Config, config: PublicConfig, post: MoneyPost): Promise<PostMoney> {
  const address = earnings(config);
  const base = { address, abi: earningsAbi, chainId: config.chainId } as const;
  const args = [KIND(post.kind), BigInt(post.id)] as const;
  const [split, price] = await Promise.all([
    readContract(wagmiConfig, { ...base, functionName: "splitOf", args }),
    readContract(wagmiConfig, { ...base, functionName: "priceOf", args }),
  ]);
  const creator = await creatorOf(config, post);
  const access = POST_ACCESS[price.access] ?? "withheld";
  const [plan, channelPlan] =
    access === "members"
      ? await Promise.all([
          readMembershipPlan(wagmiConfig, config, creator),
          post.kind === "release" ? readChannelPlan(wagmiConfig, config, post.channelId) : null,
        ])
      : [null, null];
  return {
    creator,
    split: split.set
      ? [
          ...split.holders.map((holder, i) => ({
            holder: { kind: "address" as const, address: holder },
            bps: split.bps[i] ?? 0,
          })),
          ...(split.channelBps > 0 && post.kind === "release"
            ? [{ holder: { kind: "channel" as const, channelId: post.channelId }, bps: split.channelBps }]
            : []),
        ]
      : null,
    price:
      access === "paid"
        ? { token: await readToken(wagmiConfig, config.chainId, price.token), amount: price.price }
        : null,
    membersOnly: access === "members",
    withheld: access === "withheld",
    plan,
    channelPlan,
  };
}

async function creatorOf(config: PublicConfig, post: MoneyPost): Promise<Address> {
  if (post.kind === "video") {
    const video = await callIndexer(config.indexerUrl, "getVideo", { params: { id: post.id } });
    if (video.ok) return getAddress(video.data.creator);
  } else {
    const proposal = await callIndexer(config.indexerUrl, "getProposal", { params: { id: post.id } });
    if (proposal.ok) return getAddress(proposal.data.proposer);
  }
  throw new Error("the catalogue doesn't know this video yet.");
}

export async function readAccess(
  wagmiConfig: Config,
  config: PublicConfig,
  post: MoneyPost,
  who: Address,
): Promise<boolean> {
  return readContract(wagmiConfig, {
    address: earnings(config),
    abi: earningsAbi,
    functionName: "hasAccess",
    args: [KIND(post.kind), BigInt(post.id), who],
    chainId: config.chainId,
  });
}

export function buyPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  post: MoneyPost,
  price: { token: TokenInfo; amount: bigint },
): TxPlan<{ post: MoneyPost }> {
  return {
    action: "buy the video",
    outcome: "nothing was paid",
    send: async () => {
      const from = account(wagmiConfig);
      await approveIfNeeded(wagmiConfig, config, from, price.token.address, price.amount);
      const { request } = await simulateContract(wagmiConfig, {
        address: earnings(config),
        abi: earningsAbi,
        functionName: "buy",
        args: [KIND(post.kind), BigInt(post.id), price.token.address, price.amount],
        value: isEth(price.token.address) ? price.amount : 0n,
        chainId: config.chainId,
        account: from,
      });
      return writeContract(wagmiConfig, request);
    },
    read: (receipt) => {
      if (!events(receipt).some((e) => e.eventName === "Purchased"))
        throw new UserFacingError("The transaction was mined but recorded no purchase.");
      return { post };
    },
    isIndexed: async () => readAccess(wagmiConfig, config, post, account(wagmiConfig)),
  };
}

export async function readMembershipPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  creator: Address,
): Promise<{ token: TokenInfo; price: bigint; periodSeconds: number } | null> {
  const plan = await readContract(wagmiConfig, {
    address: earnings(config),
    abi: earningsAbi,
    functionName: "membershipPlan",
    args: [creator],
    chainId: config.chainId,
  });
  if (plan.period === 0) return null;
  return {
    token: await readToken(wagmiConfig, config.chainId, plan.token),
    price: plan.pricePerPeriod,
    periodSeconds: plan.period,
  };
}

/** A community channel's membership plan (`Earnings.channelMembershipPlan`: its voted setting), or null for none. */
async function readChannelPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  channelId: string,
): Promise<(MembershipTerms & { channelId: string }) | null> {
  const plan = await readContract(wagmiConfig, {
    address: earnings(config),
    abi: earningsAbi,
    functionName: "channelMembershipPlan",
    args: [BigInt(channelId)],
    chainId: config.chainId,
  });
  if (plan.period === 0) return null;
  return {
    channelId,
    token: await readToken(wagmiConfig, config.chainId, plan.token),
    price: plan.pricePerPeriod,
    periodSeconds: plan.period,
  };
}

/**
 * A membership: `periods` periods of a creator's plan (`Earnings.join`, the money to the creator) or of a community
 * channel's plan its members voted (`Earnings.joinChannel`, the money into the channel's pot). The price of one period
 * goes with it, so a plan changed since the page was read reverts. Counts once the chain's `memberUntil` /
 * `channelMemberUntil` shows the new end (what unlocks playback).
 */
export function joinPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  of: { creator: Address } | { channelId: string },
  plan: { token: TokenInfo; price: bigint },
  periods = 1,
): TxPlan<{ until: number }> {
  const total = plan.price * BigInt(periods);
  const creator = "creator" in of ? of.creator : null;
  const channel = "channelId" in of ? BigInt(of.channelId) : 0n;
  return {
    action: creator !== null ? "join" : "join the channel",
    outcome: "nothing was paid",
    send: async () => {
      const from = account(wagmiConfig);
      await approveIfNeeded(wagmiConfig, config, from, plan.token.address, total);
      const value = isEth(plan.token.address) ? total : 0n;
      const base = { address: earnings(config), abi: earningsAbi, value, chainId: config.chainId, account: from };
      return creator !== null
        ? simulateContract(wagmiConfig, {
            ...base,
            functionName: "join",
            args: [creator, periods, plan.token.address, plan.price],
          }).then(({ request }) => writeContract(wagmiConfig, request))
        : simulateContract(wagmiConfig, {
            ...base,
            functionName: "joinChannel",
            args: [channel, periods, plan.token.address, plan.price],
          }).then(({ request }) => writeContract(wagmiConfig, request));
    },
    read: (receipt) => {
      const joined = events(receipt).find((e) => e.eventName === "Joined" || e.eventName === "ChannelJoined");
      if (joined?.eventName !== "Joined" && joined?.eventName !== "ChannelJoined")
        throw new UserFacingError("The transaction was mined but recorded no membership.");
      return { until: Number(joined.args.memberUntil) };
    },
    isIndexed: async ({ until }) => {
      const base = { address: earnings(config), abi: earningsAbi, chainId: config.chainId };
      const member = account(wagmiConfig);
      const end =
        creator !== null
          ? await readContract(wagmiConfig, {
              ...base,
              functionName: "memberUntil",
              args: [creator, member],
            })
          : await readContract(wagmiConfig, { ...base, functionName: "channelMemberUntil", args: [channel, member] });
      return Number(end) >= until;
    },
  };
}

export function membershipPlanPlan(
  wagmiConfig: Config,
  config: PublicConfig,
  creator: Address,
  input: { token: Address; price: bigint; periodSeconds: number },
): TxPlan<{ price: bigint }> {
  return {
    action: "set your membership plan",
    outcome: "your plan didn't change",
    send: async () => {
      const { request } = await simulateContract(wagmiConfig, {
        address: earnings(config),
        abi: earningsAbi,
        functionName: "setMembershipPlan",
        args: [input.token, input.price, input.periodSeconds],
        chainId: config.chainId,
        account: creator,
      });
      return writeContract(wagmiConfig, request);
    },
    read: (receipt) => {
      if (!events(receipt).some((e) => e.eventName === "MembershipPlanSet"))
        throw new UserFacingError("The transaction was mined but set no plan.");
      return { price: input.price };
    },
    isIndexed: async () => {
      const plan = await readMembershipPlan(wagmiConfig, config, creator);
      return plan !== null && plan.price === input.price && plan.periodSeconds === input.periodSeconds;
    },
  };
}

/** The contract's limits the forms check as one types. */
export async function readEarningsLimits(wagmiConfig: Config, config: PublicConfig) {
  const max = await readContract(wagmiConfig, {
    address: earnings(config),
    abi: earningsAbi,
    functionName: "MAX_MESSAGE_BYTES",
    chainId: config.chainId,
  });
  return { maxMessageBytes: Number(max) };
}

export interface StreamTip {
  /** Unique: tx hash and log index. */
  id: string;
  tipper: Address;
  token: TokenInfo;
  amount: bigint;
  message: string;
  /** Milliseconds (the block's time), to sort with the chat's lines. */
  time: number;
}

/**
 * The newest tips to a live stream (up to 100), oldest first, from the indexer's `/streams/{id}/tips` (the chat's
 * gifts); the tipper's name comes with each (the account is seeded into AccountName's cache by the caller).
 */
export async function readStreamTips(
  wagmiConfig: Config,
  config: PublicConfig,
  streamId: string,
  signal?: AbortSignal,
): Promise<StreamTip[]> {
  const page = await callIndexer(
    config.indexerUrl,
    "listStreamTips",
    { params: { id: streamId }, query: { limit: 100 } },
    signal,
  );
  if (!page.ok) throw new Error(page.error);
  const tokens = new Map<string, TokenInfo>([[zeroAddress, ETH_INFO]]);
  const out: StreamTip[] = [];
  for (const [i, tip] of page.data.items.entries()) {
    const token = getAddress(tip.token);
    if (!tokens.has(token.toLowerCase()))
      tokens.set(token.toLowerCase(), await readToken(wagmiConfig, config.chainId, token));
    out.push({
      id: `${tip.txHash}:${tip.from.address}:${tip.amount}:${i}`,
      tipper: getAddress(tip.from.address),
      token: tokens.get(token.toLowerCase())!,
      amount: BigInt(tip.amount),
      message: tip.message,
      time: tip.timestamp * 1000,
    });
  }
  return out.reverse();
}
