import { jsonError, noStore, relayedStream } from "@/lib/live-server";

/**
 * GET /api/live/[id]/status — what this server's relay knows of a live stream: `state` (waiting, live, silent, ended),
 * the sequences held, segments and gaps, the ladder, refused messages by reason, segments the node fetched, and
 * `roomPeers`: how many other IPFS nodes this server's node sees in the stream's room (viewers' nodes and the
 * streamer's; browsers watching through one instance count as its one node).
 */

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const found = await relayedStream(id);
  if (!found.ok) return jsonError(found.status, found.error);
  const roomPeers = await found.stream.roomPeers();
  return Response.json({ ...found.stream.status(), roomPeers }, { headers: noStore });
}
