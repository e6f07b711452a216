import type { Stream, Video } from "@chorus/protocol";

/**
 * Subscriptions without a wallet: the creators this browser follows (the stories' list, `chorus.follows.creators`)
 * and the community channels it subscribes to (`chorus.follows.channels`), both in localStorage. The feed and the
 * bell ask the indexer for the videos of all of them at once (`/videos?creators=…&channels=…`).
 */

export const CHANNEL_FOLLOWS_KEY = "chorus.follows.channels";
/** What the bell has already shown or taken as known (`Seen`): everything else it lists is unread. */
export const NOTIFICATIONS_SEEN_KEY = "chorus.notifications.seen";
/** The most notice ids remembered as seen (the bell lists at most ~20 videos plus the live streams). */
const MAX_KNOWN = 500;

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
  channelId?: string;
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
    ...(video.release
      ? {
          channelId: video.release.channelId,
          channelName: video.release.channelName ?? `channel #${video.release.channelId}`,
        }
      : {}),
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
    ...(stream.channelId !== "0" ? { channelId: stream.channelId } : {}),
  };
}

/** Whether a live stream is one of the viewer's subscriptions (by its creator, or its community channel). */
export function isSubscribedStream(stream: Stream, creators: readonly string[], channels: readonly string[]): boolean {
  return creators.includes(stream.creator) || (stream.channelId !== "0" && channels.includes(stream.channelId));
}

/**
 * What the bell knows: the subscriptions it last settled for, and the notice ids already seen (shown in an opened bell,
 * or present when their creator or channel was followed — following someone is not news; what they publish next is).
 */
export interface Seen {
  creators: string[];
  channels: string[];
  known: string[];
}

const lower = (items: readonly string[]) => items.map((i) => i.toLowerCase());

/**
 * The bell's memory after a load of `notices` for these subscriptions: on the very first load everything is known;
 * after that, what comes from a creator or channel followed since the last load is known too; the rest keeps its state.
 */
export function settleSeen(
  seen: Seen | null,
  creators: readonly string[],
  channels: readonly string[],
  notices: readonly Notice[],
): Seen {
  const before = seen ?? { creators: [], channels: [], known: [] };
  const newCreators = lower(creators).filter((c) => !lower(before.creators).includes(c));
  const newChannels = channels.filter((c) => !before.channels.includes(c));
  const fresh =
    seen === null
      ? notices
      : notices.filter(
          (n) =>
            newCreators.includes(n.creator.toLowerCase()) ||
            (n.channelId !== undefined && newChannels.includes(n.channelId)),
        );
  return { creators: [...creators], channels: [...channels], known: remember(before.known, fresh) };
}

/** The bell's memory once it is opened: everything it lists is seen. */
export function markSeen(seen: Seen, notices: readonly Notice[]): Seen {
  return { ...seen, known: remember(seen.known, notices) };
}

function remember(known: readonly string[], notices: readonly Notice[]): string[] {
  const add = notices.map((n) => n.id).filter((id) => !known.includes(id));
  return [...known, ...add].slice(-MAX_KNOWN);
}

/** The notices not seen yet (none before the bell has settled once). */
export function unread(notices: readonly Notice[], seen: Seen | null): Notice[] {
  if (seen === null) return [];
  return notices.filter((n) => !seen.known.includes(n.id));
}

export function parseSeen(text: string | null): Seen | null {
  try {
    const value = text ? (JSON.parse(text) as Partial<Seen>) : null;
    const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string");
    if (!value || !strings(value.creators) || !strings(value.channels) || !strings(value.known)) return null;
    return value as Seen;
  } catch {
    return null;
  }
}
