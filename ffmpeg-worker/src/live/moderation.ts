import { readFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { type ChatMessageBody, signChatMessage } from "@chorus/protocol";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/**
 * `POST /live/:id/moderation` — the streamer's chat moderation, signed with the session's stream key (which never
 * leaves the worker): `{ kind: "pin", target: <message id> | null }` or `{ kind: "mute", target: <address>, until:
 * <Unix ms> }` answers `{ message }`, the signed `chorus.chat/1` message as a string. The worker does not publish it:
 * the streamer's browser hands it to its web server's chat route like any other message, so every message reaches the
 * room by one path and is verified there. Like the rest of the worker's API it has no authentication of its own:
 * whoever reaches the worker (loopback by default) can already end the stream.
 *
 * The key is read from the session's file (`<dataDir>/live/<id>/session.json`, mode 0600) rather than through the
 * live manager, so this route stays apart from the streaming code.
 */
type Request = { kind: "pin"; target: string | null } | { kind: "mute"; target: string; until: number };

/** The request, or undefined when it is not one of the two shapes. */
function parseRequest(json: unknown): Request | undefined {
  const r = json as Record<string, unknown> | null;
  if (typeof r !== "object" || r === null) return undefined;
  if (
    r.kind === "pin" &&
    Object.keys(r).length === 2 &&
    (r.target === null || (typeof r.target === "string" && r.target.length > 0 && r.target.length <= 100))
  )
    return { kind: "pin", target: r.target };
  if (
    r.kind === "mute" &&
    Object.keys(r).length === 3 &&
    typeof r.target === "string" &&
    /^0x[0-9a-fA-F]{40}$/.test(r.target) &&
    Number.isSafeInteger(r.until) &&
    (r.until as number) >= 0
  )
    return { kind: "mute", target: r.target, until: r.until as number };
  return undefined;
}

const BODY_LIMIT = 4096;
const ID = /^[0-9a-f]{16}$/;
let counter = 0;

export interface ModerationAnswer {
  status: number;
  body: unknown;
}

const fail = (status: number, code: string, message: string): ModerationAnswer => ({
  status,
  body: { error: { code, message } },
});

/** Whether a request is this route's (`parts`: the URL path split on "/"). */
export function isModerationRoute(parts: string[]): boolean {
  return parts.length === 3 && parts[0] === "live" && parts[2] === "moderation";
}

export async function moderationRoute(
  dataDir: string,
  method: string,
  parts: string[],
  req: IncomingMessage,
): Promise<ModerationAnswer> {
  if (method !== "POST") return fail(405, "method-not-allowed", "Use POST here.");
  const id = parts[1] ?? "";
  let saved: { privateKey: Hex; room: string };
  try {
    if (!ID.test(id)) throw new Error("bad id");
    saved = JSON.parse(await readFile(path.join(dataDir, "live", id, "session.json"), "utf8"));
  } catch {
    return fail(404, "live-not-found", `There is no live session with id "${id}".`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) return fail(413, "body-too-large", "A moderation request is a few bytes of JSON.");
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    json = undefined;
  }
  const request = parseRequest(json);
  if (!request)
    return fail(
      400,
      "invalid-moderation",
      'Send { "kind": "pin", "target": "<message id>" | null } or { "kind": "mute", "target": "0x…", "until": <Unix ms> }.',
    );
  const account = privateKeyToAccount(saved.privateKey);
  const time = Date.now();
  const body = { ...request, room: saved.room, from: account.address, n: time * 1000 + (counter++ % 1000), time };
  const bytes = await signChatMessage(account, body as ChatMessageBody);
  return { status: 200, body: { message: new TextDecoder().decode(bytes) } };
}
