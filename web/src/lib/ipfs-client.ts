import type { ChannelPlaylist, PlaylistEntry } from "@chorus/protocol";

/**
 * The browser side of POST /api/ipfs (app/api/ipfs/route.ts): stores a channel's policy or metadata document on IPFS
 * through our own server (the IPFS RPC API is never exposed to browsers) and returns its CID.
 */

export type IpfsAddBody =
  | { kind: "policy"; markdown: string }
  | { kind: "channel-metadata"; name: string; description: string }
  | { kind: "crowdfund-metadata"; title: string; description: string }
  | { kind: "playlist"; title: string; description: string; entries: PlaylistEntry[] }
  | { kind: "channel-playlists"; playlists: ChannelPlaylist[] };

class IpfsAddError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "IpfsAddError";
  }
}

export async function addToIpfs(body: IpfsAddBody, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch("/api/ipfs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new IpfsAddError(
      "Couldn't reach this web app's server to store the document. Check your connection and try again.",
      null,
    );
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.ok && typeof answer === "object" && answer !== null && "cid" in answer && typeof answer.cid === "string")
    return answer.cid;
  const reason =
    typeof answer === "object" && answer !== null && "error" in answer && typeof answer.error === "string"
      ? answer.error
      : `The server answered ${response.status}.`;
  throw new IpfsAddError(
    response.status === 502 ? `${reason}` : `The document wasn't stored: ${reason}`,
    response.status,
  );
}
