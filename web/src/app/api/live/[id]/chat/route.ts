import { MAX_CHAT_MESSAGE_BYTES } from "@chorus/protocol";
import { NextResponse, type NextRequest } from "next/server";
import { type ChatRelay, chatRelay } from "@/lib/chat-relay";
import { callIndexer } from "@/lib/indexer";
import { isSameOriginRequest } from "@/lib/ipfs-request";
import { getKuboRpcUrl, getServerConfig } from "@/lib/server-config";

/**
 * A stream's live chat, bridged by this instance's server (browsers never talk to the IPFS RPC API; lib/chat-relay.ts):
 * - `GET /api/live/{id}/chat` — server-sent events: first `{ type: "state" }` (the last lines, the pin, the mutes, drop
 *   counts), then each verified event (lib/chat-feed.ts).
 * - `POST /api/live/{id}/chat` — the body is one `chorus.chat/1` message the browser signed, as its exact bytes; it is
 *   verified here and published in the stream's chat topic: `{ id }`, or `{ error, reason }` with a sentence (400
 *   malformed, 403 spoofed, 409 replayed, 413 oversize, 429 rate-limited, 502 node unreachable).
 * The stream's room and key come from the chain, through the indexer (`/streams/{id}`), never from the browser.
 */

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const json = (body: unknown, status: number) =>
  NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });

async function relayOf(id: string): Promise<{ relay: ChatRelay } | { response: NextResponse }> {
  if (!/^[1-9]\d{0,19}$/.test(id))
    return { response: json({ error: `"${id}" is not a stream id. Open the stream from its page.` }, 400) };
  const config = await getServerConfig();
  const stream = await callIndexer(config.indexerUrl, "getStream", { params: { id } });
  if (!stream.ok)
    return {
      response:
        stream.status === 404
          ? json({ error: `There is no stream ${id}. Check the link, or find the stream under Live now.` }, 404)
          : json(
              {
                error: `The catalogue could not be reached (${stream.error}), so the chat cannot open. Try again in a moment.`,
              },
              502,
            ),
    };
  try {
    return { relay: await chatRelay(getKuboRpcUrl(), { room: stream.data.room, streamKey: stream.data.streamKey }) };
  } catch {
    return {
      response: json(
        {
          error:
            "This server's IPFS node can't be reached, so the chat cannot open. Check that it is running, then reload.",
        },
        502,
      ),
    };
  }
}

export async function GET(request: NextRequest, context: Context) {
  const found = await relayOf((await context.params).id);
  if ("response" in found) return found.response;
  return found.relay.sse(request.signal);
}

export async function POST(request: NextRequest, context: Context) {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (
    !isSameOriginRequest({
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      host,
    })
  )
    return json({ error: "Only this app's own pages may send chat through this server." }, 403);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_CHAT_MESSAGE_BYTES * 2)
    return json({ error: "Your message is too long. Shorten it and send again.", reason: "oversize" }, 413);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length === 0) return json({ error: "Send one signed chat message as the request body." }, 400);
  if (bytes.length > MAX_CHAT_MESSAGE_BYTES * 2)
    return json({ error: "Your message is too long. Shorten it and send again.", reason: "oversize" }, 413);
  const found = await relayOf((await context.params).id);
  if ("response" in found) return found.response;
  const answer = await found.relay.post(bytes);
  return json(answer.body, answer.status);
}
