import { NextResponse, type NextRequest } from "next/server";
import { isSameOriginRequest } from "@/lib/ipfs-request";
import { getKuboRpcUrl } from "@/lib/server-config";

/**
 * GET /api/follows — the channels this app's IPFS node keeps in full; POST /api/follows `{ channelId, follow }` —
 * follow (pin every video the channel releases, within the node's quota) or unfollow. The node is the viewer's own
 * (KUBO_RPC_URL, never exposed to browsers); like /api/ipfs, only this app's own pages may change it. Answers
 * `{ follows: [{ channelId, kept, videos, lastSyncAt, error }] }` or `{ follow }`, or `{ error }` with a sentence.
 */

export const dynamic = "force-dynamic";

interface NodeFollow {
  ChannelId: string;
  Pinned: string[];
  Videos: number;
  Kept: number;
  LastSyncAt: string | null;
  Error: string | null;
}

const json = (body: unknown, status: number) =>
  NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
const present = (f: NodeFollow) => ({
  channelId: f.ChannelId,
  kept: f.Kept,
  videos: f.Videos,
  lastSyncAt: f.LastSyncAt,
  error: f.Error,
});

async function node(
  command: string,
  channelId?: string,
): Promise<{ ok: true; body: unknown } | { ok: false; message: string; status: number }> {
  const url = new URL(`/api/v0/chorus/follows/${command}`, getKuboRpcUrl());
  if (channelId !== undefined) url.searchParams.set("arg", channelId);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(command === "add" ? 120_000 : 10_000) });
  } catch {
    return {
      ok: false,
      status: 502,
      message: "Your IPFS node can't be reached, so nothing changed. Check that it is running, then try again.",
    };
  }
  const body = (await response.json().catch(() => null)) as { Message?: string } | null;
  if (!response.ok)
    return {
      ok: false,
      status: response.status === 400 ? 400 : 502,
      message: `Your IPFS node refused: ${body?.Message ?? `it answered ${response.status}`}.`,
    };
  return { ok: true, body };
}

export async function GET() {
  const result = await node("ls");
  if (!result.ok) return json({ error: result.message }, result.status);
  return json({ follows: ((result.body as { Follows?: NodeFollow[] }).Follows ?? []).map(present) }, 200);
}

export async function POST(request: NextRequest) {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (
    !isSameOriginRequest({
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      host,
    })
  ) {
    return json({ error: "Only this app's own pages may change what your node keeps." }, 403);
  }
  const body = (await request.json().catch(() => null)) as { channelId?: unknown; follow?: unknown } | null;
  const channelId =
    typeof body?.channelId === "string" && /^[1-9]\d{0,19}$/.test(body.channelId) ? body.channelId : null;
  if (!channelId || typeof body?.follow !== "boolean")
    return json({ error: 'Send { channelId: "12", follow: true | false }.' }, 400);
  const result = await node(body.follow ? "add" : "rm", channelId);
  if (!result.ok) return json({ error: result.message }, result.status);
  if (body.follow) return json({ follow: present((result.body as { Follow: NodeFollow }).Follow) }, 200);
  return json({ follows: ((result.body as { Follows?: NodeFollow[] }).Follows ?? []).map(present) }, 200);
}
