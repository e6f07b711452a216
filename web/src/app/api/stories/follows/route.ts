import { NextResponse, type NextRequest } from "next/server";
import { isAddress } from "viem";
import { isSameOriginRequest } from "@/lib/ipfs-request";
import { getKuboRpcUrl } from "@/lib/server-config";

/**
 * POST /api/stories/follows `{ creator, follow }` — this app's IPFS node (the viewer's own, KUBO_RPC_URL) follows a
 * creator's stories: it pins each while it lives and unpins it after (`chorus/stories/follow` / `unfollow`, ipfs-node
 * src/stories.ts). Called by *Follow* on a creator's page beside the browser's own follow list; like /api/follows,
 * same-origin only. Answers `{ following: true | false }` or `{ error }` with a sentence.
 */

export const dynamic = "force-dynamic";

const json = (body: unknown, status: number) =>
  NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });

export async function POST(request: NextRequest) {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (
    !isSameOriginRequest({
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      host,
    })
  )
    return json({ error: "Only this app's own pages may change what your node keeps." }, 403);
  const body = (await request.json().catch(() => null)) as { creator?: unknown; follow?: unknown } | null;
  const creator = typeof body?.creator === "string" && isAddress(body.creator, { strict: false }) ? body.creator : null;
  if (!creator || typeof body?.follow !== "boolean")
    return json({ error: 'Send { creator: "0x…", follow: true | false }.' }, 400);

  const url = new URL(`/api/v0/chorus/stories/${body.follow ? "follow" : "unfollow"}`, getKuboRpcUrl());
  url.searchParams.set("arg", creator);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(60_000) });
  } catch {
    return json(
      { error: "Your IPFS node can't be reached, so it won't keep their stories. Check that it is running." },
      502,
    );
  }
  if (response.ok) return json({ following: body.follow }, 200);
  const answer = (await response.json().catch(() => null)) as { Message?: string } | null;
  // Unfollowing a creator the node didn't follow (followed in another browser, or before the node had stories): done.
  if (!body.follow && /is not followed/.test(answer?.Message ?? "")) return json({ following: false }, 200);
  return json({ error: `Your IPFS node refused: ${answer?.Message ?? `it answered ${response.status}`}.` }, 502);
}
