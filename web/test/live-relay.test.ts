import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningWorker, resolveMediaTools, startWorker } from "@chorus/ffmpeg-worker";
import { type IpfsNode, startIpfsNode } from "@chorus/ipfs-node";
import {
  announcementId,
  canonicalJson,
  encodeAnnouncement,
  type LiveAnnouncement,
  type LiveSession,
  liveSessionResponseSchema,
  signAnnouncement,
} from "@chorus/protocol";
import { silentLogger } from "@chorus/protocol/log";
import { create } from "kubo-rpc-client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { type Entry, LiveRelay, renderMediaPlaylist } from "../src/lib/live-relay.ts";

async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** ffmpeg playing OBS: `seconds` of a generated 640×360 picture and a tone, in real time, over RTMP. */
async function publishRtmp(url: string, seconds: number): Promise<number | null> {
  const { ffmpeg } = await resolveMediaTools();
  // biome-ignore format: one ffmpeg flag and its value per line would be unreadable here
  const child = spawn(ffmpeg.path, [
    "-hide_banner", "-loglevel", "error", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=640x360:rate=30:duration=${seconds}`,
    "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-shortest", "-f", "flv", url,
  ], { stdio: "ignore" });
  return new Promise((resolve) => child.once("close", resolve));
}

/** The segment URIs of a media playlist. */
const segmentUris = (playlist: string) => playlist.split("\n").filter((line) => line.startsWith("http"));

describe("live relay (RTMP → worker → streamer's node → pubsub → the relay on a viewer's node → a third node)", () => {
  let dir: string;
  let streamer: IpfsNode;
  let viewer: IpfsNode;
  let third: IpfsNode;
  let worker: RunningWorker;
  let relay: LiveRelay;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "chorus-live-relay-"));
    const node = (name: string) => startIpfsNode({ dataDir: path.join(dir, name), rpcPort: 0, gatewayPort: 0 });
    [streamer, viewer, third] = await Promise.all([node("streamer"), node("viewer"), node("third")]);
    await create({ url: viewer.rpcUrl }).swarm.connect(streamer.multiaddrs[0] as never);
    worker = await startWorker(
      { port: 0, dataDir: path.join(dir, "worker"), kuboRpcUrl: streamer.rpcUrl, log: silentLogger },
      { rtmpPort: 0 },
    );
    relay = new LiveRelay({
      kuboRpcUrl: viewer.rpcUrl,
      gatewayUrl: viewer.gatewayUrl,
      announcementTimeoutMs: 1500,
      flushAfterMs: 1500,
    });
  });
  after(async () => {
    await relay?.close();
    await worker?.stop();
    await Promise.all([streamer?.stop(), viewer?.stop(), third?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves a verified live playlist whose segments resolve, without the spoof; a third node fetches them from the viewer's node alone", async () => {
    const created = await fetch(`${worker.url}/live`, { method: "POST" });
    const live: LiveSession = liveSessionResponseSchema.parse(await created.json()).session;
    const stream = await relay.open({ id: "1", room: live.room, streamKey: live.streamKey });
    assert.equal(stream.status().state, "waiting");
    assert.equal(stream.masterPlaylist(), null, "no ladder before the first segment");
    await waitFor(
      async () => (await create({ url: streamer.rpcUrl }).pubsub.peers(live.room)).map(String).includes(viewer.peerId),
      "the viewer's node in the room",
    );

    const publishing = publishRtmp(`${live.rtmpUrl}/${live.obsStreamKey}`, 5);
    await waitFor(() => stream.status().segments >= 2, "two segments relayed");
    assert.equal(stream.status().state, "live");
    const livePlaylist = stream.mediaPlaylist("240p") ?? "";
    assert.doesNotMatch(livePlaylist, /#EXT-X-ENDLIST/, "no end while live");
    assert.match(livePlaylist, /#EXT-X-TARGETDURATION:1\n/);

    // A spoof in the room: another key claims a segment of this stream.
    const spoofCid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    const spoofBody = {
      schema: "chorus.live/1" as const,
      stream: live.streamKey as `0x${string}`,
      seq: (stream.status().last ?? 0) + 1,
      prev: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      time: Date.now(),
      renditions: [{ name: "240p", width: 426, height: 240, bandwidth: 400_000, cid: spoofCid, duration: 1 }],
    };
    const sig = await privateKeyToAccount(generatePrivateKey()).signMessage({ message: canonicalJson(spoofBody) });
    await create({ url: streamer.rpcUrl }).pubsub.publish(live.room, encodeAnnouncement({ ...spoofBody, sig }));

    assert.equal(await publishing, 0);
    await fetch(`${worker.url}/live/${live.id}/end`, { method: "POST" });
    await waitFor(() => stream.status().state === "ended", "the end announcement");
    const status = stream.status();
    assert.deepEqual(status.rejected, { "bad-signature": 1 }, "only the spoof is refused");
    assert.equal(status.gaps, 0);
    assert.deepEqual(
      status.renditions.map((r) => r.name),
      ["240p", "360p"],
    );

    const master = stream.masterPlaylist() ?? "";
    assert.match(master, /#EXT-X-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=426x240[^\n]*\n240p\.m3u8/);
    assert.match(master, /RESOLUTION=640x360[^\n]*\n360p\.m3u8/);
    assert.equal(stream.mediaPlaylist("1080p"), null);

    const uris: string[] = [];
    for (const name of ["240p", "360p"]) {
      const playlist = stream.mediaPlaylist(name) ?? "";
      assert.match(playlist, /#EXT-X-ENDLIST\n$/);
      assert.match(playlist, new RegExp(`#EXT-X-MEDIA-SEQUENCE:${status.first}\n`));
      assert.doesNotMatch(playlist, new RegExp(spoofCid));
      assert.doesNotMatch(playlist, /#EXT-X-GAP/);
      const segments = segmentUris(playlist);
      assert.equal(segments.length, status.segments, `every segment of ${name}`);
      for (const uri of segments) assert.ok(uri.startsWith(`${viewer.gatewayUrl}/ipfs/bafk`), uri);
      uris.push(...segments);
    }
    // Every segment resolves on the viewer's gateway, as MPEG-TS.
    for (const uri of uris) {
      const response = await fetch(uri);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.equal(response.status, 200, uri);
      assert.ok(bytes.length > 1000 && bytes[0] === 0x47 && bytes.length % 188 === 0, `${uri} is MPEG-TS`);
    }
    await waitFor(() => stream.status().fetched >= uris.length, "the node to have fetched every segment");

    // The streamer goes away; a third node that only knows the viewer's node gets every segment from it.
    await worker.stop();
    await streamer.stop();
    await create({ url: third.rpcUrl }).swarm.connect(viewer.multiaddrs[0] as never);
    for (const uri of uris) {
      const cid = uri.slice(uri.lastIndexOf("/") + 1);
      const chunks: Uint8Array[] = [];
      for await (const chunk of create({ url: third.rpcUrl }).cat(cid, { timeout: 15_000 })) chunks.push(chunk);
      assert.equal(Buffer.concat(chunks)[0], 0x47, `${cid} from the viewer's node`);
    }
  });

  it("shows a gap it cannot fill as a gap and fills one whose announcement the node can fetch", async () => {
    const key = generatePrivateKey();
    const streamKey = privateKeyToAccount(key).address;
    const room = `chorus/live/test-gap-${streamKey.toLowerCase()}`;
    const publisher = create({ url: third.rpcUrl });
    const stream = await relay.open({ id: "2", room, streamKey });
    await waitFor(
      async () => (await publisher.pubsub.peers(room)).map(String).includes(viewer.peerId),
      "the viewer's node in the room",
    );

    // Eight hand-made announcements of one rung; 2 is never published nor stored (lost), 5 is not published but stored
    // as a block (the relay can fetch it by the id that 6 names).
    const bytes: Uint8Array[] = [];
    let prev: string | null = null;
    for (let seq = 0; seq < 8; seq++) {
      const { cid } = await publisher.add(new Uint8Array(2000).fill(seq), { cidVersion: 1, rawLeaves: true });
      const announcement: LiveAnnouncement = await signAnnouncement(key, {
        schema: "chorus.live/1",
        stream: streamKey,
        seq,
        prev,
        time: Date.now(),
        renditions: [{ name: "240p", width: 426, height: 240, bandwidth: 400_000, cid: cid.toString(), duration: 1 }],
        ...(seq === 7 ? { end: true } : {}),
      });
      const encoded = encodeAnnouncement(announcement);
      bytes.push(encoded);
      prev = announcementId(encoded);
    }
    const stored = await publisher.block.put(bytes[5] as Uint8Array, { format: "raw", mhtype: "sha2-256" });
    assert.equal(stored.toString(), announcementId(bytes[5] as Uint8Array));
    for (const [seq, data] of bytes.entries()) if (seq !== 2 && seq !== 5) await publisher.pubsub.publish(room, data);
    // A replay of 0 is refused, not shown twice.
    await publisher.pubsub.publish(room, bytes[0] as Uint8Array);

    await waitFor(() => stream.status().state === "ended", "the end announcement");
    await waitFor(() => stream.status().segments === 7, "announcement 5 to be fetched and accepted late");
    const playlist = stream.mediaPlaylist("240p") ?? "";
    const lines = playlist.split("\n");
    // The one still missing is an EXT-X-GAP entry in its place, between 1 and 3.
    assert.equal(lines.filter((l) => l === "#EXT-X-GAP").length, 1, playlist);
    const gapAt = lines.indexOf("#EXT-X-GAP");
    assert.equal(lines[gapAt + 2], "gap-2.ts");
    assert.equal(segmentUris(playlist).length, 7);
    assert.match(playlist, /#EXT-X-MEDIA-SEQUENCE:0\n/);
    assert.deepEqual(stream.status().rejected, { replay: 1 });
    assert.equal(stream.status().gaps, 1);
  });
});

describe("renderMediaPlaylist", () => {
  type SegmentEntry = Extract<Entry, { kind: "segment" }>;
  const segment = (seq: number, discontinuity = false): SegmentEntry => ({
    seq,
    kind: "segment",
    discontinuity,
    time: 1_765_000_000_000 + seq * 1000,
    segments: new Map([["240p", { cid: `bafk${seq}`, duration: 1 }]]),
  });

  it("slides its window, counts discontinuities that slid out and marks the ones shown", () => {
    const entries = [segment(0), segment(1, true), segment(2), segment(3, true), segment(4)];
    const playlist = renderMediaPlaylist(entries, "240p", { window: 3, ended: false, gatewayUrl: "http://gw" });
    assert.match(playlist, /#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    assert.equal(playlist.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 1);
    assert.deepEqual(segmentUris(playlist), ["http://gw/ipfs/bafk2", "http://gw/ipfs/bafk3", "http://gw/ipfs/bafk4"]);
    assert.doesNotMatch(playlist, /ENDLIST/);
  });

  it("shows holes, a missing rendition and the end; the target duration covers a long last segment", () => {
    const long: SegmentEntry = { ...segment(5), segments: new Map([["240p", { cid: "bafk5", duration: 1.6 }]]) };
    const other: SegmentEntry = { ...segment(6), segments: new Map([["360p", { cid: "x", duration: 1 }]]) };
    const playlist = renderMediaPlaylist([segment(2), long, other], "240p", {
      window: 10,
      ended: true,
      gatewayUrl: "http://gw",
    });
    assert.match(playlist, /#EXT-X-TARGETDURATION:2\n/);
    assert.deepEqual(
      playlist.split("\n").filter((l) => l.startsWith("gap-")),
      ["gap-3.ts", "gap-4.ts", "gap-6.ts"],
    );
    assert.match(playlist, /#EXT-X-ENDLIST\n$/);
  });
});
