// Published playlists: who owns each one and the CID of its current document, from the Playlists events. The document
// (title, videos in order) stays on IPFS; the API reads it through the IPFS JSON cache (src/api/playlists.ts).
import { ponder } from "ponder:registry";
import { playlist } from "ponder:schema";
import { cidToString } from "./cid";

ponder.on("Playlists:PlaylistCreated", async ({ event, context }) => {
  const { playlistId, owner, cid, createdAt } = event.args;
  await context.db
    .insert(playlist)
    .values({
      id: playlistId,
      owner,
      documentCid: cidToString(cid),
      createdAt: BigInt(createdAt),
      updatedAt: BigInt(createdAt),
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing();
});

ponder.on("Playlists:PlaylistUpdated", async ({ event, context }) => {
  const { playlistId, cid, updatedAt } = event.args;
  await context.db
    .update(playlist, { id: playlistId })
    .set({ documentCid: cidToString(cid), updatedAt: BigInt(updatedAt), txHash: event.transaction.hash });
});

ponder.on("Playlists:PlaylistRemoved", async ({ event, context }) => {
  const { playlistId, removedAt } = event.args;
  await context.db.update(playlist, { id: playlistId }).set({ removedAt: BigInt(removedAt) });
});
