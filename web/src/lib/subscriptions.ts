import type { Stream, Video } from "@chorus/protocol";

/**
 * Subscriptions without a wallet: the creators this browser follows (the stories' list, `chorus.follows.creators`)
 * and the community channels it subscribes to (`chorus.follows.channels`), both in localStorage. The feed and the
 * bell ask the indexer for the videos of all of them at once (`/videos?creators=…&channels=…`).
 */

export const CHANNEL_FOLLOWS_KEY = "chorus.follows.channels";
/** When the viewer last opened the bell: what is newer is unread (`{ "seenAt": <unix seconds> }`). */
export const NOTIFICATIONS_SEEN_KEY = "chorus.notifications.seen";

/** The subscribed channel ids from the stored text; anything that isn't a list of channel ids is ignored. */
export function parseChannelFollows(text: string | null): string[] {
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : [];
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((v): v is string => typeof v === "string" && /^[1-9]\d{0,30}$/.test(v)))];
}

export function toggleChannelFollow(channels: readonly string[], channelId: string): string[] {
  return channels.includes(channelId) ? channels.filter((c) => c !== channelId) : [...channels, channelId];
}

export interface Notice {
  /** The video's id, or `live-<streamId>`. */
  id: string;
  kind: "video" | "live";
  title: string;
  /** Unix seconds: published, or started. */
  at: number;
  href: string;
  /** Creator address (for the name) and, for a channel release, the channel's name. */
  creator: string;
  channelName?: string;
}

/** A feed video as a notification: "new video" in a followed channel or by a followed creator. */
export function videoNotice(video: Video, title: string): Notice {
  return {
    id: video.id,
    kind: "video",
    title,
    at: video.timestamp,
    href: `/watch/${video.id}`,
    creator: video.creator,
    ...(video.release ? { channelName: video.release.channelName ?? `channel #${video.release.channelId}` } : {}),
  };
}

/** A live stream of a followed creator or in a subscribed channel: "live now". */
export function streamNotice(stream: Stream): Notice {
  return {
    id: `live-${stream.id}`,
    kind: "live",
    title: stream.title,
    at: stream.startedAt,
    href: `/live/${stream.id}`,
    creator: stream.creator,
  };
}

/** Whether a live stream is one of the viewer's subscriptions (by its creator, or its community channel). */
export function isSubscribedStream(stream: Stream, creators: readonly string[], channels: readonly string[]): boolean {
  return creators.includes(stream.creator) || (stream.channelId !== "0" && channels.includes(stream.channelId));
}

/** Unread: newer than the last time the bell was opened (nothing is unread before it was ever opened but the newest). */
export function unreadCount(notices: readonly Notice[], seenAt: number | null): number {
  if (seenAt === null) return 0;
  return notices.filter((n) => n.at > seenAt).length;
}

export function parseSeenAt(text: string | null): number | null {
  try {
    const value = text ? (JSON.parse(text) as { seenAt?: unknown }).seenAt : undefined;
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
