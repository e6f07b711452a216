import { z } from "zod";
import type { ChannelPlaylist } from "./channel-playlists.ts";

// What a vote on a channel's playlists changes (issue 13): the list before it against the list it sets, playlist by
// playlist. The indexer sends it with a setting proposal (proposedSetting.channelPlaylists.changes) and the web app's
// proposal form previews it from the draft, so the card on the vote and the form say the same thing.

export const channelPlaylistChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("added"), title: z.string(), videoCount: z.number().int() }),
  z.object({ kind: z.literal("removed"), title: z.string() }),
  z.object({
    kind: z.literal("edited"),
    title: z.string().describe("Its title after the vote."),
    renamedFrom: z.string().nullable().describe("Its title before, when the vote renames it; else null."),
    descriptionChanged: z.boolean(),
    videosAdded: z.number().int(),
    videosRemoved: z.number().int(),
    videosReordered: z.boolean().describe("Whether videos it keeps play in another order."),
  }),
]);
export type ChannelPlaylistChange = z.output<typeof channelPlaylistChangeSchema>;

export const channelPlaylistsDiffSchema = z.object({
  changes: z
    .array(channelPlaylistChangeSchema)
    .describe("The playlists removed (in their old order), then those added or edited (in their new order)."),
  reordered: z.boolean().describe("Whether playlists it keeps are listed in another order."),
});
export type ChannelPlaylistsDiff = z.output<typeof channelPlaylistsDiffSchema>;

type Comparable = Pick<ChannelPlaylist, "id" | "title" | "description" | "entries">;

/** Whether the items both lists hold come in another order in `after`. */
function orderChanged<T>(before: readonly T[], after: readonly T[]) {
  const kept = new Set(after);
  const inBefore = before.filter((x) => kept.has(x));
  const was = new Set(inBefore);
  const inAfter = after.filter((x) => was.has(x));
  return inBefore.some((x, i) => x !== inAfter[i]);
}

/**
 * The changes from `before` to `after`. A playlist is the same one in both when both carry the same id; one without
 * an id (a document written before ids existed) is matched by its title to one that has none or isn't matched yet.
 */
export function diffChannelPlaylists(
  before: readonly Comparable[],
  after: readonly Comparable[],
): ChannelPlaylistsDiff {
  const unmatched = new Set(before.map((_, i) => i));
  const matchOf = after.map((p) => {
    let at = p.id === undefined ? -1 : before.findIndex((b, i) => unmatched.has(i) && b.id === p.id);
    if (at < 0)
      at = before.findIndex(
        (b, i) => unmatched.has(i) && b.title === p.title && (b.id === undefined || p.id === undefined),
      );
    if (at >= 0) unmatched.delete(at);
    return at;
  });
  const changes: ChannelPlaylistChange[] = [...unmatched].map((i) => ({ kind: "removed", title: before[i]!.title }));
  after.forEach((p, i) => {
    const at = matchOf[i]!;
    if (at < 0) {
      changes.push({ kind: "added", title: p.title, videoCount: p.entries.length });
      return;
    }
    const old = before[at]!;
    const oldIds = old.entries.map((e) => e.videoId);
    const newIds = p.entries.map((e) => e.videoId);
    const had = new Set(oldIds);
    const has = new Set(newIds);
    const edit = {
      kind: "edited" as const,
      title: p.title,
      renamedFrom: old.title === p.title ? null : old.title,
      descriptionChanged: old.description !== p.description,
      videosAdded: newIds.filter((id) => !had.has(id)).length,
      videosRemoved: oldIds.filter((id) => !has.has(id)).length,
      videosReordered: orderChanged(oldIds, newIds),
    };
    const changed =
      edit.renamedFrom !== null ||
      edit.descriptionChanged ||
      edit.videosAdded > 0 ||
      edit.videosRemoved > 0 ||
      edit.videosReordered;
    if (changed) changes.push(edit);
  });
  const kept = matchOf.filter((at) => at >= 0);
  return { changes, reordered: kept.some((at, i) => i > 0 && at < kept[i - 1]!) };
}
