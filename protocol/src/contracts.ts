import { constants, enums } from "@chorus/deployments";

/**
 * The contracts' enums and integer constants, generated from the compiler's output by `npm run generate` into
 * @chorus/deployments and re-exported here with the names the off-chain parts give them. Never re-declare one by hand.
 */
export { constants, enums };

export type EnumName = keyof typeof enums;
export type EnumMember<E extends EnumName> = (typeof enums)[E][number];

/** `{ None: 0, Active: 1, … }`: an enum's on-chain values by member name, to compare with what the chain returns. */
export function enumValues<E extends EnumName>(name: E): { readonly [M in EnumMember<E>]: number } {
  return Object.fromEntries(enums[name].map((member, index) => [member, index])) as {
    readonly [M in EnumMember<E>]: number;
  };
}

/**
 * The names the indexer's REST API and the web app use for an enum's members, indexed by on-chain value. The record
 * must name every member, so a member added to the contract fails `npm run typecheck` here until it has a name.
 */
function catalogueNames<E extends EnumName, const R extends { readonly [M in EnumMember<E>]: string }>(
  name: E,
  names: R,
): readonly [R[EnumMember<E>], ...R[EnumMember<E>][]] {
  return enums[name].map((member) => names[member as EnumMember<E>]) as unknown as readonly [
    R[EnumMember<E>],
    ...R[EnumMember<E>][],
  ];
}

export const SUBMITTERS = catalogueNames("Submitters", { MembersOnly: "members", Anyone: "anyone" });
export const THRESHOLD_KINDS = catalogueNames("ThresholdKind", { Absolute: "absolute", Percentage: "percentage" });
export const PROPOSAL_KINDS = catalogueNames("ProposalKind", {
  Video: "video",
  Policy: "policy",
  Metadata: "metadata",
  AddMember: "add-member",
  RemoveMember: "remove-member",
  Rules: "rules",
  Setting: "setting",
});
export const EFFECTS = catalogueNames("Effect", { Applied: "applied", Stale: "stale", LastMember: "last-member" });
/**
 * `IEarnings.Access`: who may watch a post past its preview (`Earnings.setPrice`, `/posts/{kind}/{id}/money`).
 * `withheld`, the default, hands the key to nobody but the creator and the split holders; it matters only for an
 * encrypted post (an unencrypted one is public whatever its access).
 */
export const POST_ACCESS = catalogueNames("Access", {
  Withheld: "withheld",
  Free: "free",
  Paid: "paid",
  MembersOnly: "members",
});
export type PostAccess = (typeof POST_ACCESS)[number];
/** `IEarnings.TipTarget`: what a tip is for. */
export const TIP_TARGETS = catalogueNames("TipTarget", {
  Video: "video",
  Release: "release",
  Stream: "stream",
  Channel: "channel",
  Creator: "creator",
});
/** `IEarnings.PotSource`: what paid into a community channel's pot. */
export const POT_SOURCES = catalogueNames("PotSource", {
  Tip: "tip",
  Release: "release",
  Payment: "payment",
  Remainder: "remainder",
  Membership: "membership",
});
export const KEEPER_STATUS_NAMES = catalogueNames("KeeperStatus", {
  None: "none",
  Active: "active",
  Left: "left",
  Evicted: "evicted",
  Released: "released",
});

export const FILTER_TARGET_KINDS = catalogueNames("FilterTargetKind", {
  Video: "video",
  Release: "release",
  Comment: "comment",
  Author: "author",
  Channel: "channel",
  Word: "word",
});
export const REPORT_STATUSES = catalogueNames("ReportStatus", {
  Open: "open",
  Accepted: "accepted",
  Dismissed: "dismissed",
});

export type Submitters = (typeof SUBMITTERS)[number];
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export type FilterTargetKind = (typeof FILTER_TARGET_KINDS)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const KeeperStatus = enumValues("KeeperStatus");
export const PeriodStatus = enumValues("PeriodStatus");
