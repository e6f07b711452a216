import { jsonError, noStore, relayedStream } from "@/lib/live-server";

/**
 * GET /api/live/[id]/master.m3u8 and /api/live/[id]/<rendition>.m3u8 — a live stream's HLS playlists, made by this
 * server's relay from the verified announcements (lib/live-relay.ts). Segment URIs point at the IPFS gateway.
 */

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const playlist = (body: string) =>
  new Response(body, { headers: { ...noStore, "content-type": "application/vnd.apple.mpegurl" } });

/** How long a master request waits for the stream's first segment (the ladder) before answering 503. */
const FIRST_SEGMENT_WAIT_MS = 8000;

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const { id, file } = await params;
  const match = /^(.+)\.m3u8$/.exec(file);
  if (!match?.[1]) return jsonError(404, `No such file: ${file}. Ask for master.m3u8 or <rendition>.m3u8.`);
  let name: string;
  try {
    name = decodeURIComponent(match[1]);
  } catch {
    return jsonError(400, `"${file}" is not a valid playlist name.`);
  }
  const found = await relayedStream(id);
  if (!found.ok) return jsonError(found.status, found.error);
  const { stream } = found;

  if (name === "master") {
    const deadline = Date.now() + FIRST_SEGMENT_WAIT_MS;
    let master = stream.masterPlaylist();
    while (!master && Date.now() < deadline && !stream.broken) {
      await stream.changed(deadline - Date.now());
      master = stream.masterPlaylist();
    }
    return master
      ? playlist(master)
      : jsonError(503, "No segment of this stream has been announced yet. Try again in a few seconds.", {
          "retry-after": "2",
        });
  }
  const media = stream.mediaPlaylist(name);
  return media
    ? playlist(media)
    : jsonError(
        404,
        `Stream ${id} has no rendition "${name}" (it has ${stream.renditions.map((r) => r.name).join(", ") || "none yet"}).`,
      );
}
