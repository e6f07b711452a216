import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type IpfsNode, startIpfsNode } from "@chorus/ipfs-node";
import { type LiveSession, liveSessionResponseSchema } from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import { type RunningWorker, startWorker } from "../src/worker.ts";
import { publishRtmp, tempDir, waitFor } from "./helpers.ts";

/** A short retention, so the sweep comes within the test; the default is a week (LIVE_RETENTION_MS). */
const RETENTION_MS = 4000;

/**
 * With real parts: a stream's recording that nobody keeps is unpinned and its files deleted once the retention period
 * after its end is over; one the creator kept stays, across a worker restart.
 */
describe("live recordings: retention (RTMP → worker → IPFS, then the sweep)", () => {
  let node: IpfsNode;
  let worker: RunningWorker;
  let workerDir: string;
  const start = () =>
    startWorker(
      { port: 0, dataDir: workerDir, kuboRpcUrl: node.rpcUrl, log: () => {} },
      { rtmpPort: 0, reconnectGraceMs: 1000, retentionMs: RETENTION_MS },
    );

  before(async () => {
    const dir = await tempDir("live-retention");
    workerDir = path.join(dir, "worker");
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
    worker = await start();
  });
  after(async () => {
    await worker?.stop();
    await node?.stop();
  });

  async function post(route: string): Promise<Response> {
    return fetch(`${worker.url}${route}`, { method: "POST" });
  }
  async function session(id: string): Promise<LiveSession> {
    const res = await fetch(`${worker.url}/live/${id}`);
    return liveSessionResponseSchema.parse(await res.json()).session;
  }
  async function pinned(cid: string): Promise<boolean> {
    try {
      for await (const _ of create({ url: node.rpcUrl }).pin.ls({ paths: [cid as never] })) return true;
      return false;
    } catch (error) {
      if (/not pinned/i.test(String(error))) return false;
      throw error;
    }
  }

  it("keeps what the creator kept, discards the rest after the retention period, and remembers both after a restart", async () => {
    // Kept: a session the creator keeps before it ends (it never streamed, so it has no VOD, only its record).
    const kept = liveSessionResponseSchema.parse(await (await post("/live")).json()).session;
    const keep = await post(`/live/${kept.id}/keep`);
    assert.equal(keep.status, 200);
    assert.ok(liveSessionResponseSchema.parse(await keep.json()).session.keptAt);
    assert.equal((await post(`/live/${kept.id}/end`)).status, 200);

    // Not kept: a real stream, which ends into a pinned VOD.
    const live = liveSessionResponseSchema.parse(await (await post("/live")).json()).session;
    const encoder = await publishRtmp(`${live.rtmpUrl}/${live.obsStreamKey}`, 2);
    assert.equal((await encoder.done).code, 0);
    await waitFor(async () => (await session(live.id)).announced > 1, { what: "segments announced" });
    assert.equal((await post(`/live/${live.id}/end`)).status, 200);
    const ended = await session(live.id);
    assert.ok(ended.endedAt && ended.expiresAt, "an ended, unkept recording says when it goes");
    assert.equal(Date.parse(ended.expiresAt) - Date.parse(ended.endedAt), RETENTION_MS);
    assert.equal((await session(kept.id)).expiresAt, undefined, "a kept recording has no expiry");

    const discarded = await waitFor(
      async () => {
        const s = await session(live.id);
        return s.discardedAt ? s : undefined;
      },
      { what: "the unkept recording to be discarded", timeoutMs: 60_000 },
    );
    assert.ok(discarded.vod, "it had become a VOD before it was discarded");
    assert.ok(Date.parse(discarded.discardedAt!) >= Date.parse(ended.expiresAt), "not before its expiry");
    assert.equal(discarded.expiresAt, undefined);
    assert.equal(await pinned(discarded.vod.manifestCid), false, "the VOD directory is unpinned");
    assert.deepEqual(
      (await readdir(path.join(workerDir, "live", live.id))).sort(),
      ["segments.ndjson", "session.json"],
      "the media files are gone; the record of what was announced stays",
    );
    // Too late to keep it now, and the answer says why.
    const late = await post(`/live/${live.id}/keep`);
    assert.equal(late.status, 410);
    assert.match(((await late.json()) as { error: { message: string } }).error.message, /discarded/);

    // The kept one went through the same sweeps untouched; both facts survive a restart.
    assert.equal((await session(kept.id)).discardedAt, undefined);
    await worker.stop();
    worker = await start();
    const keptAfter = await session(kept.id);
    assert.ok(keptAfter.keptAt);
    assert.equal(keptAfter.discardedAt, undefined);
    assert.ok((await session(live.id)).discardedAt);
  });
});
