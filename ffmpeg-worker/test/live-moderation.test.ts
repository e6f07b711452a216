import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ChatVerifier, liveSessionResponseSchema } from "@chorus/protocol";
import { silentLogger } from "@chorus/protocol/log";
import { type RunningWorker, startWorker } from "../src/worker.ts";
import { tempDir } from "./helpers.ts";

/** `POST /live/:id/moderation`: the worker signs the streamer's pins and mutes with the stream key it holds. */
describe("live chat moderation (worker signs with the stream key)", () => {
  let worker: RunningWorker;

  before(async () => {
    const dir = await tempDir("live-moderation");
    // No IPFS is needed: signing reaches no node (the URL is never called).
    worker = await startWorker(
      { port: 0, dataDir: path.join(dir, "worker"), kuboRpcUrl: "http://127.0.0.1:9", log: silentLogger },
      { rtmpPort: 0 },
    );
  });
  after(() => worker?.stop());

  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${worker.url}${route}`, { method: "POST", body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { message?: string; error?: { message: string } } };
  };

  it("signs a mute and a pin that a chat verifier accepts as the stream key's; refuses bad requests with a sentence", async () => {
    const created = await fetch(`${worker.url}/live`, { method: "POST" });
    const session = liveSessionResponseSchema.parse(await created.json()).session;
    const verifier = new ChatVerifier({ room: session.room, streamKey: session.streamKey });
    const target = "0x00000000000000000000000000000000000000aa";
    const until = Date.now() + 600_000;

    const mute = await post(`/live/${session.id}/moderation`, { kind: "mute", target, until });
    assert.equal(mute.status, 200);
    const muted = await verifier.push(mute.body.message ?? "");
    assert.equal(muted.type, "mute");
    assert.equal(verifier.isMuted(target), true);

    const pin = await post(`/live/${session.id}/moderation`, { kind: "pin", target: "bafkreiexample" });
    assert.equal((await verifier.push(pin.body.message ?? "")).type, "pin");
    assert.equal(verifier.pinned, "bafkreiexample");

    const bad = await post(`/live/${session.id}/moderation`, { kind: "ban", target });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error?.message ?? "", /Send \{ "kind": "pin"/);
    const unknown = await post("/live/0123456789abcdef/moderation", { kind: "pin", target: null });
    assert.equal(unknown.status, 404);
    assert.equal((await fetch(`${worker.url}/live/${session.id}/moderation`)).status, 405);
  });
});
