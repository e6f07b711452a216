import type { ChatDropReason, ChatLine } from "@chorus/protocol";

/**
 * What `GET /api/live/[id]/chat` streams to the browser, one JSON object per server-sent event (`data:` line). The
 * first is always `state` (the scroll-back and moderation so far); then events as they are accepted. Shared by the
 * relay (server) and the chat panel (browser).
 */
export type ChatFeedEvent =
  | {
      type: "state";
      lines: ChatLine[];
      /** The pinned message's id, and the line itself if this server saw it. */
      pinned: ChatPin | null;
      mutes: ChatMute[];
      drops: Record<ChatDropReason, number>;
    }
  | { type: "message"; line: ChatLine }
  | { type: "pin"; pinned: ChatPin | null }
  | { type: "mute"; target: string; until: number }
  | { type: "drops"; drops: Record<ChatDropReason, number> };

export interface ChatPin {
  id: string;
  line: ChatLine | null;
}

interface ChatMute {
  target: string;
  until: number;
}
