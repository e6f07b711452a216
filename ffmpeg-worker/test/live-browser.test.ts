import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, streamsAbi } from "@chorus/deployments";
import { type IpfsNode, startIpfsNode } from "@chorus/ipfs-node";
import {
  type LiveSession,
  keyProofHash,
  liveKeyProofResponseSchema,
  liveSessionResponseSchema,
} from "@chorus/protocol";
import { silentLogger } from "@chorus/protocol/log";
import { createPublicClient, getAddress, http, recoverMessageAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePort } from "../../scripts/lib/process.ts";
import { CREATOR_KEY, TEST_KEYS, startChainWithContracts } from "../../test/lib/chain.ts";
import { runTool } from "../src/process.ts";
import { type RunningWorker, startWorker } from "../src/worker.ts";
import { mediaTools, tempDir, waitFor } from "./helpers.ts";

const creator = privateKeyToAccount(CREATOR_KEY).address;
const other = privateKeyToAccount(TEST_KEYS[1]).address;

/**
 * The creator side of going live, against real parts: the key proof the worker signs for `Streams.start` (checked
 * against the deployed contract on a local chain), and the browser camera ingest (`POST /live/:id/ingest`: WebM parts,
 * as the web app's MediaRecorder sends them, made here by ffmpeg) feeding the same live ladder as RTMP.
 */
describe("live: key proof and browser ingest", () => {
  let ipfs: IpfsNode;
  let worker: RunningWorker;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let webm: Buffer;

  before(async () => {
    const dir = await tempDir("live-browser");
    const { ffmpeg } = await mediaTools();
    const file = path.join(dir, "camera.webm");
    // 4 s of what Chromium's MediaRecorder sends: VP8 + Opus in WebM, 640×360 at 30 fps.
    const made = await runTool(ffmpeg.path, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=640x360:rate=30:duration=4",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=48000:duration=4",
      "-c:v",
      "libvpx",
      "-deadline",
      "realtime",
      "-cpu-used",
      "8",
      "-b:v",
      "800k",
      "-c:a",
      "libopus",
      "-shortest",
      file,
    ]);
    assert.equal(made.exitCode, 0, made.stderrTail);
    webm = await readFile(file);
    [ipfs, chain] = await Promise.all([
      startIpfsNode({ dataDir: path.join(dir, "ipfs"), rpcPort: 0, gatewayPort: 0 }),
      startChainWithContracts(await freePort()),
    ]);
    worker = await startWorker(
      { port: 0, dataDir: path.join(dir, "worker"), kuboRpcUrl: ipfs.rpcUrl, log: silentLogger },
      { rtmpPort: 0, reconnectGraceMs: 20_000 },
    );
  });
  after(async () => {
    await worker?.stop();
    await Promise.all([ipfs?.stop(), chain?.stop()]);
  });

  async function newSession(): Promise<LiveSession> {
    const res = await fetch(`${worker.url}/live`, { method: "POST" });
    assert.equal(res.status, 201);
    return liveSessionResponseSchema.parse(await res.json()).session;
  }
  async function session(id: string): Promise<LiveSession> {
    return liveSessionResponseSchema.parse(await (await fetch(`${worker.url}/live/${id}`)).json()).session;
  }
  async function keyProof(id: string, body: unknown) {
    const res = await fetch(`${worker.url}/live/${id}/key-proof`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  }
  function part(s: LiveSession, query: string, data: Uint8Array, key = s.obsStreamKey) {
    return fetch(`${worker.url}/live/${s.id}/ingest?${query}`, {
      method: "POST",
      headers: { "x-stream-key": key },
      body: data,
    });
  }

  it("signs the contract's keyProofHash for one creator, and Streams.start accepts it", async () => {
    const s = await newSession();
    assert.equal(s.room, `chorus/live/31337/${getAddress(s.streamKey)}`);

    const bad = await keyProof(s.id, { creator: "me" });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error?.message ?? "", /wallet that will start the stream/);

    const answer = await keyProof(s.id, { creator });
    assert.equal(answer.status, 200);
    const proof = liveKeyProofResponseSchema.parse(answer.body);
    const streams = deployments[31337].Streams.address;
    assert.equal(proof.streams, streams);
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const hash = await client.readContract({
      address: streams,
      abi: streamsAbi,
      functionName: "keyProofHash",
      args: [creator],
    });
    assert.equal(keyProofHash(31337, streams, creator), hash, "the worker computes the contract's hash");
    const signer = await recoverMessageAddress({ message: { raw: hash }, signature: proof.keyProof as `0x${string}` });
    assert.equal(signer, getAddress(s.streamKey), "signed by the stream key");
    // The creator's start transaction goes through with it (simulated: the browser test sends it for real).
    const { result } = await client.simulateContract({
      account: creator,
      address: streams,
      abi: streamsAbi,
      functionName: "start",
      args: [0n, "Test stream", s.room, s.streamKey as `0x${string}`, proof.keyProof as `0x${string}`],
    });
    assert.equal(result, 1n);

    // Asking again for the same creator gives the same proof; another wallet is refused: one key, one creator.
    assert.equal((await keyProof(s.id, { creator })).status, 200);
    const refused = await keyProof(s.id, { creator: other });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error?.code, "live-other-creator");
  });

  it("transcodes and announces the browser's WebM parts; refuses a wrong key, a second connection and a skipped part", async () => {
    const s = await newSession();
    const media = "width=640&height=360&frameRate=30&audio=1";
    const wrong = await part(s, `connection=tab-one-1&part=0&${media}`, webm.subarray(0, 10), "live_wrong");
    assert.equal(wrong.status, 403);

    const chunk = Math.ceil(webm.length / 16);
    const parts = Array.from({ length: 16 }, (_, i) => webm.subarray(i * chunk, (i + 1) * chunk));
    const first = await part(s, `connection=tab-one-1&part=0&${media}`, parts[0]!);
    assert.equal(first.status, 200, await first.clone().text());
    assert.deepEqual(await first.json(), { part: 0, result: "accepted" });
    assert.equal((await session(s.id)).status, "live");

    const second = await part(s, `connection=tab-two-2&part=0&${media}`, parts[0]!);
    assert.equal(second.status, 409);
    assert.match(((await second.json()) as { error: { message: string } }).error.message, /already streaming/);
    const skipped = await part(s, "connection=tab-one-1&part=5", parts[5]!);
    assert.equal(skipped.status, 409);
    // A retried part is acknowledged and not fed twice.
    assert.deepEqual(await (await part(s, "connection=tab-one-1&part=0", parts[0]!)).json(), {
      part: 0,
      result: "repeated",
    });

    for (let i = 1; i < parts.length; i++) {
      const res = await part(s, `connection=tab-one-1&part=${i}${i === parts.length - 1 ? "&final=1" : ""}`, parts[i]!);
      assert.equal(res.status, 200, await res.clone().text());
    }
    // The final part ends ffmpeg's input: every segment is announced and the session waits for a reconnect.
    const done = await waitFor(
      async () => {
        const now = await session(s.id);
        return now.status === "reconnecting" && now;
      },
      { timeoutMs: 60_000, what: "the browser connection's segments" },
    );
    assert.ok(done.announced >= 4, `4 s of camera in 1 s segments, announced ${done.announced}`);
    assert.deepEqual(
      done.renditions.map((r) => r.name),
      ["240p", "360p"],
      "the ladder from the size the browser gave, never above it",
    );

    const ended = await fetch(`${worker.url}/live/${s.id}/end`, { method: "POST" });
    assert.equal(liveSessionResponseSchema.parse(await ended.json()).session.status, "ended");
    const late = await part(s, `connection=tab-three&part=0&${media}`, parts[0]!);
    assert.equal(late.status, 409);
    assert.equal((await keyProof(s.id, { creator })).status, 409);
  });
});
