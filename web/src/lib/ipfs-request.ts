import {
  CROWDFUND_DESCRIPTION_MAX,
  CROWDFUND_METADATA_SCHEMA,
  CROWDFUND_TITLE_MAX,
  type CrowdfundMetadata,
  CHANNEL_DESCRIPTION_MAX,
  CHANNEL_METADATA_SCHEMA,
  CHANNEL_NAME_MAX,
  CHANNEL_PLAYLISTS_SCHEMA,
  type ChannelMetadata,
  type ChannelPlaylistsDocument,
  channelPlaylistsDocumentSchema,
  PLAYLIST_DOCUMENT_MAX_BYTES,
  PLAYLIST_DOCUMENT_SCHEMA,
  type PlaylistDocument,
  playlistDocumentSchema,
} from "@chorus/protocol";
import { POLICY_MAX_BYTES } from "./policy";

/**
 * What POST /api/ipfs accepts (app/api/ipfs/route.ts), as pure functions (tested in test/ipfs-request.test.ts):
 *
 * - `{ kind: "policy", markdown }` — a channel's editorial policy, 1 byte to 256 KiB of UTF-8 → stored as is;
 * - `{ kind: "channel-metadata", name, description }` — name 1..100 characters, description up to 5 000 → stored as
 *   `{ schema: "chorus.channel/1", name, description, avatar: null }` (channelMetadataSchema in @chorus/protocol);
 * - `{ kind: "crowdfund-metadata", title, description }` — a crowdfunding campaign's title 1..120 characters and
 *   description up to 5 000 → `{ schema: "chorus.crowdfund/1", title, description, picture: null }`;
 * - `{ kind: "playlist", title, description, entries }` — a published playlist's document: title 1..100 characters,
 *   its videos in order (each once; at most 256 KiB in all) → `{ schema: "chorus.playlist/1", title, description, entries }`
 *   (playlistDocumentSchema in @chorus/protocol);
 * - `{ kind: "channel-playlists", playlists }` — a community channel's playlists as its members would vote them: each
 *   a playlist's title, description and videos, in order (at most 256 KiB in all) →
 *   `{ schema: "chorus.channel-playlists/1", playlists }` (channelPlaylistsDocumentSchema in @chorus/protocol).
 *
 * Nothing else: the route never stores arbitrary bytes for whoever asks.
 */

export { CHANNEL_DESCRIPTION_MAX, CHANNEL_NAME_MAX };
/** The largest request body read: a 256 KiB policy can grow when JSON-escaped (quotes, newlines, control characters). */
export const IPFS_REQUEST_MAX_BYTES = 2 * 1024 * 1024;

type IpfsDocument =
  | { kind: "policy"; bytes: Uint8Array; contentType: "text/markdown" }
  | { kind: "channel-metadata"; bytes: Uint8Array; contentType: "application/json"; metadata: ChannelMetadata }
  | { kind: "crowdfund-metadata"; bytes: Uint8Array; contentType: "application/json"; metadata: CrowdfundMetadata }
  | { kind: "playlist"; bytes: Uint8Array; contentType: "application/json"; playlist: PlaylistDocument }
  | {
      kind: "channel-playlists";
      bytes: Uint8Array;
      contentType: "application/json";
      channelPlaylists: ChannelPlaylistsDocument;
    };

export type Validated = { ok: true; document: IpfsDocument } | { ok: false; reason: string };

const chars = (text: string) => [...text].length;

/** Validates a parsed JSON body and turns it into the exact bytes to add. */
export function validateIpfsRequest(body: unknown): Validated {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      ok: false,
      reason:
        'Send a JSON object: { "kind": "policy", "markdown": … } or { "kind": "channel-metadata", "name": …, "description": … }.',
    };
  }
  const { kind } = body as { kind?: unknown };
  if (kind === "policy") {
    const { markdown } = body as { markdown?: unknown };
    if (typeof markdown !== "string") return { ok: false, reason: "markdown must be a string." };
    if (!markdown.trim()) return { ok: false, reason: "The policy is empty. Write what the channel stands for." };
    const bytes = new TextEncoder().encode(markdown);
    if (bytes.byteLength > POLICY_MAX_BYTES) {
      return {
        ok: false,
        reason: `The policy is ${Math.ceil(bytes.byteLength / 1024)} KiB; it can be at most 256 KiB.`,
      };
    }
    return { ok: true, document: { kind: "policy", bytes, contentType: "text/markdown" } };
  }
  if (kind === "channel-metadata") {
    const { name, description } = body as { name?: unknown; description?: unknown };
    if (typeof name !== "string") return { ok: false, reason: "name must be a string." };
    if (description !== undefined && typeof description !== "string")
      return { ok: false, reason: "description must be a string." };
    const trimmedName = name.trim();
    const trimmedDescription = (description ?? "").trim();
    if (!trimmedName) return { ok: false, reason: "The channel needs a name." };
    if (chars(trimmedName) > CHANNEL_NAME_MAX)
      return { ok: false, reason: `The name can be at most ${CHANNEL_NAME_MAX} characters.` };
    if (chars(trimmedDescription) > CHANNEL_DESCRIPTION_MAX) {
      return { ok: false, reason: `The description can be at most ${CHANNEL_DESCRIPTION_MAX} characters.` };
    }
    const metadata: ChannelMetadata = {
      schema: CHANNEL_METADATA_SCHEMA,
      name: trimmedName,
      description: trimmedDescription,
      avatar: null,
    };
    return {
      ok: true,
      document: {
        kind: "channel-metadata",
        bytes: new TextEncoder().encode(JSON.stringify(metadata)),
        contentType: "application/json",
        metadata,
      },
    };
  }
  if (kind === "crowdfund-metadata") {
    const { title, description } = body as { title?: unknown; description?: unknown };
    if (typeof title !== "string") return { ok: false, reason: "title must be a string." };
    if (description !== undefined && typeof description !== "string")
      return { ok: false, reason: "description must be a string." };
    const trimmedTitle = title.trim();
    const trimmedDescription = (description ?? "").trim();
    if (!trimmedTitle) return { ok: false, reason: "The crowdfund needs a title." };
    if (chars(trimmedTitle) > CROWDFUND_TITLE_MAX)
      return { ok: false, reason: `The title can be at most ${CROWDFUND_TITLE_MAX} characters.` };
    if (chars(trimmedDescription) > CROWDFUND_DESCRIPTION_MAX) {
      return { ok: false, reason: `The description can be at most ${CROWDFUND_DESCRIPTION_MAX} characters.` };
    }
    const metadata: CrowdfundMetadata = {
      schema: CROWDFUND_METADATA_SCHEMA,
      title: trimmedTitle,
      description: trimmedDescription,
      picture: null,
    };
    return {
      ok: true,
      document: {
        kind: "crowdfund-metadata",
        bytes: new TextEncoder().encode(JSON.stringify(metadata)),
        contentType: "application/json",
        metadata,
      },
    };
  }
  if (kind === "playlist") {
    const { title, description, entries } = body as { title?: unknown; description?: unknown; entries?: unknown };
    const parsed = playlistDocumentSchema.safeParse({
      schema: PLAYLIST_DOCUMENT_SCHEMA,
      title: typeof title === "string" ? title.trim() : title,
      description: typeof description === "string" ? description.trim() : description,
      entries,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
      return { ok: false, reason: `The playlist isn't one that can be published (${where}${issue.message}).` };
    }
    const bytes = new TextEncoder().encode(JSON.stringify(parsed.data));
    if (bytes.byteLength > PLAYLIST_DOCUMENT_MAX_BYTES)
      return {
        ok: false,
        reason: `The playlist's document would be ${Math.ceil(bytes.byteLength / 1024)} KiB; a published playlist can be at most ${PLAYLIST_DOCUMENT_MAX_BYTES / 1024} KiB (some 1,500 videos). Split it into two.`,
      };
    return {
      ok: true,
      document: {
        kind: "playlist",
        bytes,
        contentType: "application/json",
        playlist: parsed.data,
      },
    };
  }
  if (kind === "channel-playlists") {
    const { playlists } = body as { playlists?: unknown };
    const parsed = channelPlaylistsDocumentSchema.safeParse({ schema: CHANNEL_PLAYLISTS_SCHEMA, playlists });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
      return {
        ok: false,
        reason: `The channel's playlists aren't a list that can be proposed (${where}${issue.message}).`,
      };
    }
    const bytes = new TextEncoder().encode(JSON.stringify(parsed.data));
    if (bytes.byteLength > PLAYLIST_DOCUMENT_MAX_BYTES)
      return {
        ok: false,
        reason: `The channel's playlists would be ${Math.ceil(bytes.byteLength / 1024)} KiB; they can be at most ${PLAYLIST_DOCUMENT_MAX_BYTES / 1024} KiB in all. Remove a playlist or some videos.`,
      };
    return {
      ok: true,
      document: { kind: "channel-playlists", bytes, contentType: "application/json", channelPlaylists: parsed.data },
    };
  }
  return {
    ok: false,
    reason: 'kind must be "policy", "channel-metadata", "crowdfund-metadata", "playlist" or "channel-playlists".',
  };
}

/**
 * Whether a request comes from this app's own pages. Browsers send `Sec-Fetch-Site` (modern ones) and `Origin` (on
 * every POST); a page on another site can't forge either. A request with neither didn't come from a browser page at
 * all and is refused too: the route exists for our pages only.
 *
 * @param host the Host this server was reached at (X-Forwarded-Host behind a proxy, else Host)
 */
export function isSameOriginRequest(headers: {
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
}): boolean {
  const site = headers.secFetchSite?.toLowerCase() ?? null;
  if (site !== null && site !== "same-origin") return false;
  if (headers.origin !== null) {
    if (!headers.host) return false;
    try {
      return new URL(headers.origin).host.toLowerCase() === headers.host.toLowerCase();
    } catch {
      return false;
    }
  }
  return site === "same-origin";
}
