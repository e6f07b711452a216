import { create } from "kubo-rpc-client";
import { NextResponse, type NextRequest } from "next/server";
import { IPFS_REQUEST_MAX_BYTES, isSameOriginRequest, validateIpfsRequest } from "@/lib/ipfs-request";
import { getKuboRpcUrl } from "@/lib/server-config";

/**
 * POST /api/ipfs — adds a channel's policy (markdown) or metadata (JSON), a crowdfund's metadata, a published
 * playlist's document or a channel's playlists document to IPFS for the app's own pages, and answers `{ cid }`. The IPFS RPC API itself is never exposed
 * to browsers (it can add, pin and remove anything); this route accepts only the small document kinds that the pages
 * write (lib/ipfs-request.ts), and only from this app's
 * own pages: a same-origin check (Origin / Sec-Fetch-Site) keeps other websites from making their visitors' browsers
 * pin things on our node — a cross-site form or `text/plain` POST needs no CORS preflight, so CORS alone wouldn't stop
 * the request from being sent. It is not authentication: anyone may still create a channel through our pages.
 */

// The same options as `KUBO_ADD_OPTIONS` in @chorus/ipfs-node/cid-options (Kubo's `ipfs add --cid-version=1`), written
// out here: importing that module would pull the node's importer packages into this app's server bundle, and the web
// app doesn't depend on @chorus/ipfs-node. Keep in step with ipfs-node/src/cid-options.ts.
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
  ) {
    return json({ error: "Only this app's own pages may add documents to IPFS here." }, 403);
  }
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    return json({ error: "Send JSON (Content-Type: application/json)." }, 415);
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > IPFS_REQUEST_MAX_BYTES)
    return json({ error: "The request is too large." }, 413);

  let text: string;
  try {
    text = await readCapped(request, IPFS_REQUEST_MAX_BYTES);
  } catch {
    return json({ error: "The request is too large." }, 413);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json({ error: "The request body isn't valid JSON." }, 400);
  }
  const validated = validateIpfsRequest(body);
  if (!validated.ok) return json({ error: validated.reason }, 400);

  try {
    const ipfs = create({ url: getKuboRpcUrl() });
    const { cid } = await ipfs.add(validated.document.bytes, {
      ...KUBO_ADD_OPTIONS,
      pin: true,
      signal: AbortSignal.timeout(15_000),
    });
    return json({ cid: cid.toString() }, 200);
  } catch (error) {
    console.error("/api/ipfs: adding to IPFS failed:", error instanceof Error ? error.message : error);
    return json({ error: "IPFS node unreachable — the document couldn't be stored. Try again in a minute." }, 502);
  }
}

/** The body as text, refusing (throwing) once it exceeds `max` bytes rather than buffering whatever is sent. */
async function readCapped(request: NextRequest, max: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error("too large");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
