import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type IpfsNode, startIpfsNode } from "@chorus/ipfs-node";
import { type LiveSession, liveSessionResponseSchema, videoManifestSchema } from "@chorus/protocol";
import type { Logger } from "@chorus/protocol/log";
import { create } from "kubo-rpc-client";
import { buildVodMediaPlaylist, type RecordedSegment } from "../src/live/vod.ts";
import { parseMasterPlaylist } from "../src/master-playlist.ts";
import { parseMediaPlaylist } from "../src/media-playlist.ts";
import { type RunningWorker, startWorker } from "../src/worker.ts";
import { ffprobeJson, publishRtmp, tempDir, waitFor } from "./helpers.ts";

describe("live VOD playlist", () => {
  it("lists every segment, ends, and marks a discontinuity before the segment whose media jumps", () => {
    const text = buildVodMediaPlaylist([
      { uri: "seg_00000.ts", duration: 1, discontinuity: false },
      { uri: "seg_00001.ts", duration: 1.2, discontinuity: false },
      { uri: "seg_00002.ts", duration: 0.5, discontinuity: true },
    ]);
    const lines = text.trim().split("\n");
    assert.ok(lines.includes("#EXT-X-PLAYLIST-TYPE:VOD"));
    assert.ok(lines.includes("#EXT-X-TARGETDURATION:2"));
    assert.equal(lines.at(-1), "#EXT-X-ENDLIST");
    assert.equal(lines[lines.indexOf("seg_00002.ts") - 2], "#EXT-X-DISCONTINUITY");
    assert.equal(lines.filter((l) => l === "#EXT-X-DISCONTINUITY").length, 1);
    const parsed = parseMediaPlaylist(text);
    assert.ok(parsed.ended);
    assert.deepEqual(
      parsed.segments.map((s) => s.uri),
      ["seg_00000.ts", "seg_00001.ts", "seg_00002.ts"],
    );
  });
});

/**
 * With real parts: ffmpeg plays OBS over RTMP, drops and reconnects, the stream ends; the worker assembles the VOD
 * from the live segments already in IPFS, and it resolves through the node and its gateway like an uploaded video.
 */
describe("live stream → VOD (RTMP → worker → IPFS directory)", () => {
  let node: IpfsNode;
  let worker: RunningWorker;
  let workerDir: string;
  const warnings: string[] = [];
  const times = new Map<string, number>();
  const log: Logger = (level, message) => {
    if (level !== "info") warnings.push(message);
    times.set(message, performance.now());
  };
  const kubo = () => create({ url: node.rpcUrl });

  before(async () => {
    const dir = await tempDir("live-vod");
    workerDir = path.join(dir, "worker");
    node = await startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 });
    worker = await startWorker(
      { port: 0, dataDir: workerDir, kuboRpcUrl: node.rpcUrl, log },
      { rtmpPort: 0, reconnectGraceMs: 20_000 },
    );
  });
  after(async () => {
    await worker?.stop();
    await node?.stop();
  });

  async function session(id: string): Promise<LiveSession> {
    const res = await fetch(`${worker.url}/live/${id}`);
    return liveSessionResponseSchema.parse(await res.json()).session;
  }
  async function cat(cidPath: string): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of kubo().cat(cidPath)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  it("refuses a title it cannot use, with the shape to send", async () => {
    const res = await fetch(`${worker.url}/live`, { method: "POST", body: JSON.stringify({ title: "" }) });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "invalid-title");
    assert.match(body.error.message, /"title"/);
    const unreadable = await fetch(`${worker.url}/live`, { method: "POST", body: "{not json" });
    assert.equal(unreadable.status, 400);
  });

  it("ends into a pinned video directory that references the live segments, with a discontinuity at the reconnect", async () => {
    const created = await fetch(`${worker.url}/live`, {
      method: "POST",
      body: JSON.stringify({ title: "Friday night stream" }),
    });
    assert.equal(created.status, 201);
    const live = liveSessionResponseSchema.parse(await created.json()).session;
    assert.equal(live.vod, undefined);

    const first = await publishRtmp(`${live.rtmpUrl}/${live.obsStreamKey}`, 3);
    assert.equal((await first.done).code, 0);
    await waitFor(async () => (await session(live.id)).status === "reconnecting", {
      what: "the first connection to end",
      timeoutMs: 30_000,
    });
    const announcedBeforeReconnect = (await session(live.id)).announced;
    const second = await publishRtmp(`${live.rtmpUrl}/${live.obsStreamKey}`, 2);
    assert.equal((await second.done).code, 0);
    await waitFor(async () => (await session(live.id)).status === "reconnecting", {
      what: "the second connection to end",
      timeoutMs: 30_000,
    });
    const ended = await fetch(`${worker.url}/live/${live.id}/end`, { method: "POST" });
    assert.equal(ended.status, 200);

    const final = await waitFor(
      async () => {
        const s = await session(live.id);
        assert.equal(s.vodError, undefined);
        return s.vod && s;
      },
      { what: "the VOD to be assembled", timeoutMs: 60_000 },
    );
    const vod = final.vod!;
    // What the session recorded as announced: the VOD must be made of exactly these segments, by CID.
    const recorded = (await readFile(path.join(workerDir, "live", live.id, "segments.ndjson"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RecordedSegment);
    assert.equal(recorded.length, final.announced - 1, "every announcement but the end is a segment");
    const total = recorded.reduce((sum, s) => sum + s.renditions[0]!.duration, 0);
    assert.ok(Math.abs(vod.duration - total) < 0.01, `duration ${vod.duration} is the segments' ${total}`);
    assert.ok(vod.duration > 3.5 && vod.duration < 7, `about 5 s streamed, VOD says ${vod.duration}`);

    // Pinned, and the manifest is one the indexer and the web app accept.
    const pins = [];
    for await (const pin of kubo().pin.ls({ paths: [vod.manifestCid as never] })) pins.push(pin);
    assert.equal(pins.length, 1);
    const manifest = videoManifestSchema.parse(JSON.parse((await cat(`${vod.manifestCid}/manifest.json`)).toString()));
    assert.equal(manifest.title, "Friday night stream");
    assert.equal(manifest.durationSeconds, vod.duration);
    assert.deepEqual(
      manifest.renditions.map((r) => [r.name, r.playlist]),
      [
        ["240p", "240p/index.m3u8"],
        ["360p", "360p/index.m3u8"],
      ],
    );
    assert.equal(manifest.width, 640);
    assert.match(manifest.renditions[0]!.codecs ?? "", /^avc1\.\w{6},mp4a\.40\.2$/);
    assert.equal(manifest.thumbnail, "thumbnail.jpg");
    const thumbnail = await cat(`${vod.manifestCid}/thumbnail.jpg`);
    assert.deepEqual([...thumbnail.subarray(0, 2)], [0xff, 0xd8], "a JPEG");

    const master = parseMasterPlaylist((await cat(`${vod.manifestCid}/master.m3u8`)).toString());
    assert.deepEqual(
      master.map((v) => v.uri),
      ["240p/index.m3u8", "360p/index.m3u8"],
    );
    for (const [i, rendition] of manifest.renditions.entries()) {
      const text = (await cat(`${vod.manifestCid}/${rendition.playlist}`)).toString();
      assert.match(text, /^#EXT-X-PLAYLIST-TYPE:VOD$/m);
      const playlist = parseMediaPlaylist(text);
      assert.ok(playlist.ended, "#EXT-X-ENDLIST");
      assert.equal(playlist.segments.length, recorded.length);
      // The reconnect's first segment follows a discontinuity; nothing else does.
      const lines = text.split("\n");
      const marked = lines.flatMap((line, n) => (line === "#EXT-X-DISCONTINUITY" ? [lines[n + 2]] : []));
      assert.deepEqual(marked, [`seg_${String(announcedBeforeReconnect).padStart(5, "0")}.ts`]);
      // Every segment listed is in the directory, and is the very block announced live (linked, not re-encoded).
      const listing = new Map<string, string>();
      for await (const entry of kubo().ls(`${vod.manifestCid}/${rendition.name}`))
        listing.set(entry.name, entry.cid.toString());
      for (const [n, segment] of playlist.segments.entries())
        assert.equal(listing.get(segment.uri), recorded[n]!.renditions[i]!.cid, `${rendition.name}/${segment.uri}`);
    }

    // Linked by CID: no segment was sent again (publish.ts's fallback warns), and a thumbnail came out.
    assert.deepEqual(
      warnings.filter((w) => w.startsWith("live VOD")),
      [],
    );

    // The figure ffmpeg-worker/README.md quotes: from the end announced to the VOD pinned.
    const took = times.get("live VOD assembled")! - times.get("live stream ended")!;
    assert.ok(took > 0 && took < 20_000, `VOD assembled in ${Math.round(took)} ms`);

    // A player reads it through the gateway as it reads an uploaded video.
    const probe = await ffprobeJson<{ format: { duration: string }; streams: { codec_type: string }[] }>([
      "-show_entries",
      "format=duration:stream=codec_type",
      `${node.gatewayUrl}/ipfs/${vod.manifestCid}/master.m3u8`,
    ]);
    assert.ok(probe.streams.some((s) => s.codec_type === "video"));
    assert.ok(probe.streams.some((s) => s.codec_type === "audio"));
    assert.ok(Math.abs(Number(probe.format.duration) - vod.duration) < 1.5, `ffprobe: ${probe.format.duration} s`);
  });
});
