import { create } from "kubo-rpc-client";
import { NextResponse, type NextRequest } from "next/server";
import { isAddress } from "viem";
import { isSameOriginRequest } from "@/lib/ipfs-request";
import { getKuboRpcUrl } from "@/lib/server-config";
import { imageProblem, MAX_IMAGE_BYTES, sniffImage } from "@/lib/stories";

/**
 * POST /api/stories/media — adds a story's picture to IPFS for the app's own pages and answers `{ cid }`. The body is
 * the image's raw bytes (PNG, JPEG, WebP or GIF, told by its first bytes, at most MAX_IMAGE_BYTES); the
 * `X-Story-Creator` header names the address that will post it. Like /api/ipfs: same-origin only, and the IPFS RPC
 * API is never exposed to browsers.
 *
 * The picture is added unpinned and then handed to the node's story keeping (`chorus/stories/keep`, ipfs-node
 * src/stories.ts), which pins it while the story lives and unpins it once the story has expired or been deleted — or
 * after an hour if it is never posted. A node without that command (a plain Kubo) pins it for good, and the log says
 * so: it then keeps it as any other pin.
 */

// Keep in step with ipfs-node/src/cid-options.ts (why written out: app/api/ipfs/route.ts).
const KUBO_ADD_OPTIONS = { cidVersion: 1, rawLeaves: true, chunker: "size-262144" } as const;

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
    return json({ error: "Only this app's own pages may add stories' pictures to IPFS here." }, 403);
  const creator = request.headers.get("x-story-creator") ?? "";
  if (!isAddress(creator, { strict: false }))
    return json({ error: "Say who will post the story: an X-Story-Creator header with the wallet's address." }, 400);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_IMAGE_BYTES)
    return json({ error: imageProblem({ size: declared }, "image/png") }, 413);

  const bytes = await readCapped(request, MAX_IMAGE_BYTES);
  if (bytes === null) return json({ error: imageProblem({ size: MAX_IMAGE_BYTES + 1 }, "image/png") }, 413);
  const problem = imageProblem({ size: bytes.length }, sniffImage(bytes));
  if (problem) return json({ error: problem }, 400);

  const ipfs = create({ url: getKuboRpcUrl() });
  let added: Awaited<ReturnType<typeof ipfs.add>>;
  try {
    added = await ipfs.add(bytes, { ...KUBO_ADD_OPTIONS, pin: false, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    console.error("/api/stories/media: adding to IPFS failed:", error instanceof Error ? error.message : error);
    return json({ error: "IPFS node unreachable — the picture couldn't be stored. Try again in a minute." }, 502);
  }
  const cid = added.cid.toString();
  const kept = await keepForStory(cid, creator);
  if (kept === "unsupported") {
    console.warn(`/api/stories/media: the IPFS node has no chorus/stories/keep; ${cid} is pinned with no expiry`);
    try {
      await ipfs.pin.add(added.cid, { signal: AbortSignal.timeout(30_000) });
    } catch {
      return json({ error: "IPFS node refused to keep the picture. Try again in a minute." }, 502);
    }
  } else if (kept !== "ok") return json({ error: kept }, 502);
  return json({ cid }, 200);
}

/** Asks the node to pin `cid` for the story `creator` is about to post (ipfs-node src/rpc/stories.ts). */
async function keepForStory(cid: string, creator: string): Promise<"ok" | "unsupported" | string> {
  const url = new URL("/api/v0/chorus/stories/keep", getKuboRpcUrl());
  url.searchParams.set("arg", cid);
  url.searchParams.set("creator", creator);
  try {
    const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(30_000) });
    if (response.ok) return "ok";
    const body = (await response.json().catch(() => null)) as { Message?: string } | null;
    // Kubo answers 404 for a command it doesn't have; ours, without an indexer, says it keeps no stories.
    if (response.status === 404 || /keeps no stories/.test(body?.Message ?? "")) return "unsupported";
    return `Your IPFS node refused to keep the picture: ${body?.Message ?? `it answered ${response.status}`}.`;
  } catch {
    return "IPFS node unreachable — the picture couldn't be kept. Try again in a minute.";
  }
}

/** The body's bytes, or null once it exceeds `max` (without buffering whatever is sent). */
async function readCapped(request: NextRequest, max: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
