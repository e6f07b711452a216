import assert from "node:assert/strict";
import path from "node:path";
import { type IpfsNode, startIpfsNode } from "@chorus/ipfs-node";
import {
  AnnouncementVerifier,
  type LiveAnnouncement,
  type LiveSession,
  type VerifierEvent,
  canonicalJson,
  encodeAnnouncement,
  liveSessionResponseSchema,
  streamKeyAddress,
} from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import { after, before, describe, it } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { silentLogger } from "@chorus/protocol/log";
import { type RunningWorker, startWorker } from "../src/worker.ts";
import { publishRtmp as publish, tempDir, waitFor } from "./helpers.ts";

/**
 * Live, with real parts only: ffmpeg plays OBS (a generated picture and tone published over RTMP) → the worker's RTMP
 * ingest → the live ladder → segments added to the streamer's embedded IPFS node → signed announcements in the room
 * → a second embedded IPFS node (the viewer's), connected to the first, verifies them and fetches every segment.
 */
describe("live streaming (RTMP → worker → IPFS → pubsub → a viewer node)", () => {
  let streamer: IpfsNode;
  let viewer: IpfsNode;
  let worker: RunningWorker;
  const viewerKubo = () => create({ url: viewer.rpcUrl });
  const streamerKubo = () => create({ url: streamer.rpcUrl });

  before(async () => {
    const dir = await tempDir("live");
    [streamer, viewer] = await Promise.all([
      startIpfsNode({ dataDir: path.join(dir, "ipfs-streamer"), rpcPort: 0, gatewayPort: 0 }),
      startIpfsNode({ dataDir: path.join(dir, "ipfs-viewer"), rpcPort: 0, gatewayPort: 0 }),
    ]);
    // A string works: the client sends it as is (as keeper/src/peers.ts does).
    await viewerKubo().swarm.connect(streamer.multiaddrs[0] as never);
    worker = await startWorker(
      { port: 0, dataDir: path.join(dir, "worker"), kuboRpcUrl: streamer.rpcUrl, log: silentLogger },
      { rtmpPort: 0, reconnectGraceMs: 20_000 },
    );
  });
  after(async () => {
    await worker?.stop();
    await Promise.all([streamer?.stop(), viewer?.stop()]);
  });

  async function api(method: string, route: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${worker.url}${route}`, { method });
    return { status: res.status, body: await res.json() };
  }
  async function session(id: string): Promise<LiveSession> {
    return liveSessionResponseSchema.parse((await api("GET", `/live/${id}`)).body).session;
  }

  it("announces a stream that a second node verifies and fetches; a second publisher is refused; a reconnect continues the sequence", async () => {
    const created = await api("POST", "/live");
    assert.equal(created.status, 201);
    const live = liveSessionResponseSchema.parse(created.body).session;
    assert.equal(live.status, "waiting");
    assert.match(live.rtmpUrl, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    assert.match(live.obsStreamKey, /^live_[\w-]{32}$/);
    assert.match(live.streamKey, /^0x[0-9a-fA-F]{40}$/);
    assert.equal(live.room, `chorus/live/31337/${live.streamKey}`);
    assert.equal(live.segmentSeconds, 1);

    // The viewer's node listens in the room, as the web's server will for a stream it finds on chain.
    const received: Uint8Array[] = [];
    await viewerKubo().pubsub.subscribe(live.room, (message) => {
      received.push(message.data);
    });
    await waitFor(async () => (await streamerKubo().pubsub.peers(live.room)).map(String).includes(viewer.peerId), {
      what: "the viewer to be known in the room",
    });

    // A spoof: another key claims this stream in its room.
    const spoofKey = generatePrivateKey();
    const spoofBody = {
      schema: "chorus.live/1" as const,
      stream: live.streamKey as `0x${string}`,
      seq: 0,
      prev: null,
      time: Date.now(),
      renditions: [
        {
          name: "360p",
          width: 640,
          height: 360,
          bandwidth: 1_000_000,
          cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
          duration: 1,
        },
      ],
    };
    const spoofSig = await privateKeyToAccount(spoofKey).signMessage({ message: canonicalJson(spoofBody) });
    await streamerKubo().pubsub.publish(live.room, encodeAnnouncement({ ...spoofBody, sig: spoofSig }));
    assert.notEqual(streamKeyAddress(spoofKey), live.streamKey);

    // A wrong key is refused before anything is transcoded.
    const wrong = await publish(`${live.rtmpUrl}/live_not-the-key`, 2);
    const wrongResult = await wrong.done;
    assert.notEqual(wrongResult.code, 0);
    assert.match(wrongResult.stderr, /Unknown stream key/);

    const first = await publish(`${live.rtmpUrl}/${live.obsStreamKey}`, 4);
    await waitFor(async () => (await session(live.id)).announced >= 1, {
      what: "the first announcement",
      timeoutMs: 30_000,
    });
    assert.equal((await session(live.id)).status, "live");
    // A second encoder with the same key while the first streams.
    const second = await publish(`${live.rtmpUrl}/${live.obsStreamKey}`, 2);
    const secondResult = await second.done;
    assert.notEqual(secondResult.code, 0);
    assert.match(secondResult.stderr, /Another encoder is already streaming/);
    assert.equal((await first.done).code, 0);

    // The encoder dropped: the session waits for it, then the same sequence goes on.
    const beforeReconnect = await waitFor(
      async () => {
        const s = await session(live.id);
        return s.status === "reconnecting" && s;
      },
      { what: "the session to wait for a reconnect", timeoutMs: 30_000 },
    );
    const third = await publish(`${live.rtmpUrl}/${live.obsStreamKey}`, 3);
    assert.equal((await third.done).code, 0);
    await waitFor(async () => (await session(live.id)).status === "reconnecting", {
      what: "the second connection to end",
      timeoutMs: 30_000,
    });
    const ended = await api("POST", `/live/${live.id}/end`);
    assert.equal(ended.status, 200);
    const final = liveSessionResponseSchema.parse(ended.body).session;
    assert.equal(final.status, "ended");
    assert.equal(final.connections, 2);
    assert.deepEqual(
      final.renditions.map((r) => r.name),
      ["240p", "360p"],
      "the ladder of a 640x360 source, never above it",
    );

    // Everything published has reached the viewer.
    await waitFor(() => received.length >= final.announced + 1, {
      what: `${final.announced} announcements and the spoof at the viewer`,
      timeoutMs: 20_000,
    });
    const verifier = new AnnouncementVerifier({ streamKey: live.streamKey, startAt: 0 });
    const events: VerifierEvent[] = [];
    for (const data of received) events.push(...(await verifier.push(data)));
    const rejected = events.filter((e) => e.type === "rejected");
    assert.deepEqual(
      rejected.map((e) => e.type === "rejected" && e.reason),
      ["bad-signature"],
      "only the spoof is rejected",
    );
    assert.match(
      rejected[0]?.type === "rejected" ? rejected[0].message : "",
      new RegExp(`signed by ${streamKeyAddress(spoofKey)}`),
    );
    assert.deepEqual(
      events.filter((e) => e.type === "gap"),
      [],
    );
    const accepted = events.flatMap((e) => (e.type === "accepted" ? [e.announcement] : []));
    assert.deepEqual(
      accepted.map((a) => a.seq),
      [...Array(final.announced).keys()],
      "every sequence, in order",
    );
    assert.ok(verifier.ended, "the last announcement ends the stream");
    assert.ok(accepted.length >= 6, `about 7 s of 1 s segments, got ${accepted.length - 1}`);
    const discontinuities = accepted.filter((a) => a.discontinuity).map((a) => a.seq);
    assert.deepEqual(discontinuities, [beforeReconnect.announced], "the first segment after the reconnect is marked");

    // Every segment of every rendition comes to the viewer's node over IPFS, as MPEG-TS of about a second.
    // Segments of 1 s, but the last of each connection may be a few frames; together the 7 s the encoder sent.
    const lowest = accepted.flatMap((a) => a.renditions.slice(0, 1).map((r) => r.duration));
    const total = lowest.reduce((sum, d) => sum + d, 0);
    assert.ok(Math.abs(total - 7) < 0.5, `segments add up to ${total} s: ${lowest.join(", ")}`);
    assert.ok(
      lowest.every((d) => d <= 1.6),
      `segments of ${lowest.join(", ")} s`,
    );
    assert.ok(lowest.filter((d) => Math.abs(d - 1) < 0.05).length >= 5, `most segments last 1 s: ${lowest.join(", ")}`);
    const segments = accepted.flatMap((a) => a.renditions);
    for (const segment of segments) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of viewerKubo().cat(segment.cid, { timeout: 20_000 })) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      assert.ok(
        bytes.length > 1000 && bytes[0] === 0x47 && bytes.length % 188 === 0,
        `${segment.name} ${segment.cid} is MPEG-TS`,
      );
    }

    // A lost announcement: the viewer reports the gap, fetches the missing one by the id the next one names, and
    // accepts it late.
    const lossy = new AnnouncementVerifier({ streamKey: live.streamKey, startAt: 0, window: 2 });
    const real = received.filter((data) => {
      const parsed = JSON.parse(Buffer.from(data).toString()) as LiveAnnouncement;
      return parsed.sig !== spoofSig;
    });
    const dropped = 2;
    const lossyEvents: VerifierEvent[] = [];
    for (const [i, data] of real.entries()) if (i !== dropped) lossyEvents.push(...(await lossy.push(data)));
    const gap = lossyEvents.find((e) => e.type === "gap");
    assert.ok(gap?.type === "gap");
    assert.deepEqual([gap.from, gap.to], [dropped, dropped]);
    const fetched = await viewerKubo().block.get(gap.lastId as never, { timeout: 10_000 });
    const late = await lossy.push(fetched);
    assert.equal(late[0]?.type === "accepted" && late[0].late && late[0].announcement.seq, dropped);
    assert.deepEqual(lossy.missing, []);

    // Ended for good: the key no longer publishes.
    const afterEnd = await publish(`${live.rtmpUrl}/${live.obsStreamKey}`, 1);
    assert.match((await afterEnd.done).stderr, /This stream has ended/);
  });

  it("answers 404 for an unknown session and 405 for a wrong method", async () => {
    const missing = await api("GET", "/live/0123456789abcdef");
    assert.equal(missing.status, 404);
    assert.match(JSON.stringify(missing.body), /no live session with id/);
    assert.equal((await api("DELETE", "/live")).status, 405);
  });
});

describe("live streaming across a worker restart", () => {
  let node: IpfsNode;
  let dataDir: string;
  let worker: RunningWorker | undefined;
  before(async () => {
    const dir = await tempDir("live-restart");
    dataDir = path.join(dir, "worker");
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
  });
  after(async () => {
    await worker?.stop();
    await node?.stop();
  });
  const start = () => startWorker({ port: 0, dataDir, kuboRpcUrl: node.rpcUrl, log: silentLogger }, { rtmpPort: 0 });
  const get = async (url: string) => liveSessionResponseSchema.parse(await (await fetch(url)).json()).session;

  it("resumes the sequence: the restarted worker waits for the encoder and continues the chain", async () => {
    worker = await start();
    const created = await fetch(`${worker.url}/live`, { method: "POST" });
    const live = liveSessionResponseSchema.parse(await created.json()).session;
    const received: Uint8Array[] = [];
    // A local subscriber receives the node's own messages (as with Kubo).
    await create({ url: node.rpcUrl }).pubsub.subscribe(live.room, (message) => {
      received.push(message.data);
    });

    const first = await publish(`${live.rtmpUrl}/${live.obsStreamKey}`, 6);
    await waitFor(async () => (await get(`${worker!.url}/live/${live.id}`)).announced >= 2, {
      what: "two announcements",
      timeoutMs: 30_000,
    });
    await worker.stop();
    await first.done;
    worker = await start();
    const resumed = await get(`${worker.url}/live/${live.id}`);
    assert.equal(resumed.status, "reconnecting");
    assert.ok(resumed.announced >= 2);
    assert.notEqual(resumed.rtmpUrl, live.rtmpUrl, "a new port in this test (port 0), reported in the session");

    const second = await publish(`${resumed.rtmpUrl}/${live.obsStreamKey}`, 2);
    assert.equal((await second.done).code, 0);
    await waitFor(async () => (await get(`${worker!.url}/live/${live.id}`)).status === "reconnecting", {
      what: "the second connection to be announced",
      timeoutMs: 30_000,
    });
    const ended = liveSessionResponseSchema.parse(
      await (await fetch(`${worker.url}/live/${live.id}/end`, { method: "POST" })).json(),
    ).session;
    assert.ok(ended.announced > resumed.announced + 1);

    await waitFor(() => received.length >= ended.announced, { what: "every announcement", timeoutMs: 20_000 });
    const verifier = new AnnouncementVerifier({ streamKey: live.streamKey, startAt: 0 });
    const events: VerifierEvent[] = [];
    for (const data of received) events.push(...(await verifier.push(data)));
    assert.deepEqual(
      events.map((e) => e.type),
      Array(ended.announced).fill("accepted"),
      "one unbroken chain across the restart",
    );
    const accepted = events.flatMap((e) => (e.type === "accepted" ? [e.announcement] : []));
    assert.deepEqual(
      accepted.filter((a) => a.discontinuity).map((a) => a.seq),
      [resumed.announced],
    );
    assert.ok(verifier.ended);
  });

  it("ends the stream when the encoder does not come back within the grace period", async () => {
    const quick = await startWorker(
      { port: 0, dataDir: `${dataDir}-grace`, kuboRpcUrl: node.rpcUrl, log: silentLogger },
      { rtmpPort: 0, reconnectGraceMs: 1000 },
    );
    try {
      const live = liveSessionResponseSchema.parse(
        await (await fetch(`${quick.url}/live`, { method: "POST" })).json(),
      ).session;
      const received: Uint8Array[] = [];
      await create({ url: node.rpcUrl }).pubsub.subscribe(live.room, (message) => {
        received.push(message.data);
      });
      assert.equal((await (await publish(`${live.rtmpUrl}/${live.obsStreamKey}`, 2)).done).code, 0);
      const ended = await waitFor(
        async () => {
          const s = await get(`${quick.url}/live/${live.id}`);
          return s.status === "ended" && s;
        },
        { what: "the stream to end after the grace period", timeoutMs: 30_000 },
      );
      assert.match(ended.error ?? "", /did not reconnect within 1 s, so the stream ended/);
      await waitFor(() => received.length >= ended.announced, { what: "every announcement", timeoutMs: 20_000 });
      const last = JSON.parse(Buffer.from(received.at(-1) ?? []).toString()) as { end?: boolean; seq: number };
      assert.deepEqual([last.seq, last.end], [ended.announced - 1, true]);
    } finally {
      await quick.stop();
    }
  });
});
