import { jobResponseSchema } from "@chorus/protocol";
import { NextResponse, type NextRequest } from "next/server";
import { isAddress } from "viem";
import { isSameOriginRequest } from "@/lib/ipfs-request";
import { getKuboRpcUrl, getServerConfig } from "@/lib/server-config";
import { videoProblem } from "@/lib/stories";

/**
 * POST /api/stories/video `{ jobId, creator }` — a short video the worker has published becomes a story's: the server
 * asks the worker for the job itself (never trusting a CID from the browser), checks it is published and at most
 * MAX_VIDEO_SECONDS long, and has the node keep its directory for the story (`chorus/stories/keep` with `adopt`: the
 * worker pinned it as it published it, for this story alone, so the story's end unpins it). Answers `{ cid }`, or
 * `{ error }` with a sentence. Same-origin only, like /api/ipfs.
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
    return json({ error: "Only this app's own pages may make a story of a video here." }, 403);
  const body = (await request.json().catch(() => null)) as { jobId?: unknown; creator?: unknown } | null;
  const jobId = typeof body?.jobId === "string" && /^[\w-]{1,100}$/.test(body.jobId) ? body.jobId : null;
  const creator = typeof body?.creator === "string" && isAddress(body.creator, { strict: false }) ? body.creator : null;
  if (!jobId || !creator) return json({ error: 'Send { jobId: "<the worker\'s job>", creator: "0x…" }.' }, 400);

  const { workerUrl } = await getServerConfig();
  let job;
  try {
    const response = await fetch(`${workerUrl}/jobs/${encodeURIComponent(jobId)}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404) return json({ error: "The worker doesn't have that video. Upload it again." }, 400);
    const parsed = jobResponseSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) throw new Error(`it answered ${response.status}`);
    job = parsed.data.job;
  } catch {
    return json({ error: "The worker can't be reached to check the video. Try again in a minute." }, 502);
  }
  if (job.status !== "published" || !job.manifestCid)
    return json({ error: "The video isn't published by the worker yet. Wait until it is, then post." }, 409);
  const tooLong = videoProblem(job.media?.durationSeconds ?? Number.POSITIVE_INFINITY);
  if (tooLong) return json({ error: tooLong }, 400);

  const url = new URL("/api/v0/chorus/stories/keep", getKuboRpcUrl());
  url.searchParams.set("arg", job.manifestCid);
  url.searchParams.set("creator", creator);
  url.searchParams.set("adopt", "true");
  try {
    const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(30_000) });
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { Message?: string } | null;
      // A node without story keeping (plain Kubo) keeps the worker's pin as it is: the video stays after expiry.
      if (response.status !== 404 && !/keeps no stories/.test(answer?.Message ?? ""))
        return json({ error: `Your IPFS node refused to keep the video: ${answer?.Message ?? response.status}.` }, 502);
      console.warn(`/api/stories/video: the IPFS node keeps no stories; ${job.manifestCid} stays pinned after expiry`);
    }
  } catch {
    return json(
      { error: "IPFS node unreachable — the video couldn't be kept for the story. Try again in a minute." },
      502,
    );
  }
  return json({ cid: job.manifestCid }, 200);
}
