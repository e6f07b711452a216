import { callIndexer } from "./indexer";
import { type LiveRelay, liveRelay, type RelayedStream } from "./live-relay";
import { getKuboRpcUrl, getServerConfig } from "./server-config";

/**
 * SERVER ONLY: the glue between the /api/live/[id]/… route handlers and the relay (lib/live-relay.ts). A stream this
 * process relays already is answered from memory (every viewer reloads its playlist each second: no indexer call per
 * request); another is looked up in the indexer (room and stream key, as recorded on chain) and subscribed to.
 */

export type RelayLookup =
  | { ok: true; stream: RelayedStream; relay: LiveRelay }
  | { ok: false; status: number; error: string };

export async function relayedStream(id: string): Promise<RelayLookup> {
  const config = await getServerConfig();
  const relay = liveRelay({ kuboRpcUrl: getKuboRpcUrl(), gatewayUrl: config.gatewayUrl });
  const held = relay.get(id);
  if (held) return { ok: true, stream: held, relay };
  if (!/^\d{1,20}$/.test(id)) return { ok: false, status: 404, error: `"${id}" is not a stream id.` };
  const found = await callIndexer(config.indexerUrl, "getStream", { params: { id } });
  if (!found.ok)
    return found.status === 404 || found.status === 400
      ? { ok: false, status: 404, error: `There is no stream ${id} on chain (or the catalogue hasn't seen it yet).` }
      : { ok: false, status: 502, error: `The catalogue (indexer) didn't answer: ${found.error}` };
  if (!found.data.live)
    return { ok: false, status: 410, error: `Stream ${id} has ended, so there is nothing live to relay.` };
  try {
    const stream = await relay.open({ id, room: found.data.room, streamKey: found.data.streamKey });
    return { ok: true, stream, relay };
  } catch (error) {
    return {
      ok: false,
      status: 502,
      error: `This server's IPFS node couldn't join the stream's room (${error instanceof Error ? error.message : String(error)}). Check that it is running with pubsub enabled, then reload.`,
    };
  }
}

export const noStore = { "cache-control": "no-store" } as const;

export function jsonError(status: number, error: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { ...noStore, ...headers } });
}
