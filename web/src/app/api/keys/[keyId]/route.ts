import { NextResponse, type NextRequest } from "next/server";
import { getServerConfig } from "@/lib/server-config";

/**
 * POST /api/keys/<keyId> — relays a signed key request of a paid video (docs/paid-videos.md) to the key services this
 * instance knows: the worker (WORKER_URL), then each of KEY_SERVICE_URLS (comma-separated; e.g. keepers' key
 * services). The first key wins; otherwise the most telling refusal (a 403 says why, over a 404 "not held here").
 * Browsers never reach those services directly, and the relay adds no trust: each service checks the signature and
 * the chain itself.
 */
export const dynamic = "force-dynamic";

const json = (body: unknown, status: number) =>
  NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });

function keyServices(workerUrl: string): string[] {
  const extra = (process.env.KEY_SERVICE_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => /^https?:\/\//.test(u));
  return [workerUrl, ...extra];
}

export async function POST(request: NextRequest, { params }: { params: Promise<{ keyId: string }> }) {
  const { keyId } = await params;
  if (!/^[0-9a-f]{32}$/.test(keyId))
    return json({ error: { code: "bad-key-id", message: "The key id must be 32 lowercase hex digits." } }, 400);
  const body = await request.text();
  if (body.length > 4096) return json({ error: { code: "too-large", message: "A key request is under 4 KiB." } }, 413);
  const config = await getServerConfig();
  let best: { status: number; error: { code: string; message: string } } | undefined;
  for (const base of keyServices(config.workerUrl)) {
    let response: Response;
    try {
      response = await fetch(`${base.replace(/\/$/, "")}/keys/${keyId}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        signal: AbortSignal.timeout(20_000),
        cache: "no-store",
      });
    } catch {
      continue;
    }
    if (response.ok) {
      return new NextResponse(await response.arrayBuffer(), {
        headers: { "content-type": "application/octet-stream", "cache-control": "no-store" },
      });
    }
    const answer = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    const error = answer?.error ?? { code: "unavailable", message: `A key service answered ${response.status}.` };
    // A refusal on the merits (403, 400) beats "this node does not hold the key" (404) and outages.
    if (!best || (best.status !== 403 && best.status !== 400)) best = { status: response.status, error };
  }
  return json(
    {
      error: best?.error ?? {
        code: "no-key-service",
        message:
          "No key service holding this video's key answers right now (the creator's node and its keepers). Try again later.",
      },
    },
    best?.status ?? 503,
  );
}
