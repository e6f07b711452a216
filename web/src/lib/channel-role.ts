/**
 * Who is looking at a channel, for the guidance its pages give: someone without a wallet, a member, or an outsider of
 * a channel open to anyone / of a members-only channel. Only members vote; outsiders of an open channel may submit
 * (their submission is not a vote); outsiders of a members-only channel can do neither.
 */
export type ChannelRole = "visitor" | "member" | "outsider-open" | "outsider-closed";

export function channelRole(
  address: string | null | undefined,
  members: readonly string[],
  openToAnyone: boolean,
): ChannelRole {
  if (!address) return "visitor";
  if (members.some((m) => m.toLowerCase() === address.toLowerCase())) return "member";
  return openToAnyone ? "outsider-open" : "outsider-closed";
}

/** May this role submit a video (or make a proposal) in the channel? A visitor may once they connect, if the channel lets them. */
export function maySubmit(role: ChannelRole): boolean {
  return role === "member" || role === "outsider-open";
}

/** The upload page with this channel already chosen under "Post to". */
export function submitHref(channelId: string): string {
  return `/upload?channel=${encodeURIComponent(channelId)}`;
}

/** The `?channel=` of /upload: a channel id (a positive integer), or null when absent or not one. */
export function parseChannelParam(value: string | null | undefined): string | null {
  return value && /^[1-9]\d{0,30}$/.test(value) ? value : null;
}
