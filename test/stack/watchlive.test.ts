// Watching a live stream (issue 11, viewer side), against the whole real stack in headless Chromium: ffmpeg plays OBS
// and publishes over RTMP to the stack's worker; the test starts the stream on chain with the worker's stream key (its
// key proof signed with the session key the worker keeps in <dataDir>/worker/live/<id>/session.json); a viewer without
// a wallet opens /live/<id>: the web server's relay verifies the announcements from the stack's IPFS node and serves
// the playlists, hls.js (not native HLS) plays, the LIVE badge shows and turns into "jump to live" when paused; after
// the end the page says so. Unknown streams answer 404; the page fits 360 px.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, streamsAbi } from "@chorus/deployments";
import { resolveMediaTools } from "@chorus/ffmpeg-worker";
import { liveSessionResponseSchema, type LiveSession } from "@chorus/protocol";
import type { Page } from "playwright-core";
import { createPublicClient, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser, TEST_HOOKS_ENV } from "../lib/browser.ts";
import { addressOf, CREATOR_KEY, send } from "../lib/chain.ts";

const STREAMS = deployments[31337].Streams.address;

/** ffmpeg as OBS: a generated 640×360 picture and tone in real time over RTMP, for up to `seconds`. */
function publishRtmp(
  ffmpeg: string,
  url: string,
  seconds: number,
): { child: ChildProcess; done: Promise<number | null> } {
  // biome-ignore format: one ffmpeg flag and its value per line would be unreadable here
  const child = spawn(ffmpeg, [
    "-hide_banner", "-loglevel", "error", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=640x360:rate=30:duration=${seconds}`,
    "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-shortest", "-f", "flv", url,
  ], { stdio: "ignore" });
  return { child, done: new Promise((resolve) => child.once("close", resolve)) };
}

async function until<T>(check: () => Promise<T | false | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const playerState = (page: Page) =>
  page.evaluate(() => {
    const player = (
      window as { __chorusPlayer?: { engine: string; hls: { latency: number; targetLatency: number | null } | null } }
    ).__chorusPlayer;
    const video = document.querySelector<HTMLVideoElement>('[data-testid="live-player"]');
    return {
      engine: player?.engine ?? null,
      nativeSrc: video?.getAttribute("src") ?? null,
      currentTime: video?.currentTime ?? 0,
      paused: video?.paused ?? true,
      latency: player?.hls?.latency ?? null,
      targetLatency: player?.hls?.targetLatency ?? null,
      badge: document.querySelector('[data-testid="live-badge"]')?.textContent ?? null,
    };
  });

describe("watching a live stream", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let session: LiveSession;
  let publisher: ReturnType<typeof publishRtmp> | undefined;
  let streamId = "";

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-watchlive-"));
    const dataDir = path.join(tmp, "data");
    stack = await startStack({
      dataDir,
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    const created = await fetch(`${stack.urls.worker}/live`, { method: "POST" });
    session = liveSessionResponseSchema.parse(await created.json()).session;

    // On chain, as the golive page will: the creator's wallet starts the stream with the worker's key and its proof.
    const saved = JSON.parse(await readFile(path.join(dataDir, "worker", "live", session.id, "session.json"), "utf8"));
    const streamKey = privateKeyToAccount(saved.privateKey);
    assert.equal(streamKey.address, session.streamKey);
    const chain = createPublicClient({ transport: http(stack.urls.chain) });
    const hash = await chain.readContract({
      address: STREAMS,
      abi: streamsAbi,
      functionName: "keyProofHash",
      args: [addressOf(CREATOR_KEY)],
    });
    const keyProof = await streamKey.signMessage({ message: { raw: hash } });
    const receipt = await send(stack.urls.chain, CREATOR_KEY, {
      address: STREAMS,
      abi: streamsAbi,
      functionName: "start",
      args: [0n, "Harbour cam, live", session.room, session.streamKey, keyProof],
    });
    const [started] = parseEventLogs({ abi: streamsAbi, logs: receipt.logs, eventName: "StreamStarted" });
    streamId = String(started?.args.streamId);
    await until(async () => (await fetch(`${stack!.urls.indexer}/streams/${streamId}`)).ok, "the indexer's stream");

    publisher = publishRtmp((await resolveMediaTools()).ffmpeg.path, `${session.rtmpUrl}/${session.obsStreamKey}`, 120);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    publisher?.child.kill("SIGKILL");
    await browser?.close();
    await stack?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("answers 404 for a stream that isn't on chain", async () => {
    const response = await page.goto(`${stack!.urls.web}/live/987654`);
    assert.equal(response?.status(), 404);
    assert.match(await page.locator("h1").innerText(), /isn't on chain/);
  });

  it("plays the stream with hls.js at the live edge without a wallet; LIVE turns into jump-to-live when paused; fits 360 px", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${stack!.urls.web}/live/${streamId}`);
    assert.equal(await page.locator("h1").innerText(), "Harbour cam, live");
    assert.equal(await page.locator('section[aria-label="Chat"]').count(), 1, "the chat's place in the layout");

    const first = await until(async () => {
      const s = await playerState(page);
      return s.engine === "hls.js" && s.currentTime > 0 && !s.paused && s;
    }, "hls.js to start playing");
    assert.match(first.nativeSrc ?? "", /^blob:/, "hls.js through a MediaSource, not a native HLS src");
    await until(async () => (await playerState(page)).currentTime > first.currentTime + 4, "4 s of playback");
    assert.equal((await playerState(page)).badge, "LIVE");
    assert.match(
      await page.getByText(/nodes? in the room/).innerText(),
      /^(No other node|\d+ other nodes?) in the room$/,
    );
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(fits, "no sideways scroll at 360 px");

    // Measured, not guessed: latency behind the newest segment hls.js knows, over 10 s of play.
    const samples: number[] = [];
    let stalls = 0;
    await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="live-player"]')!;
      (window as { __stalls?: number }).__stalls = 0;
      video.addEventListener("waiting", () => {
        (window as { __stalls?: number }).__stalls! += 1;
      });
    });
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const s = await playerState(page);
      if (s.latency !== null) samples.push(s.latency);
    }
    stalls = await page.evaluate(() => (window as { __stalls?: number }).__stalls ?? 0);
    samples.sort((a, b) => a - b);
    console.log(
      `watchlive: hls.js latency behind the playlist edge p50 ${samples[Math.floor(samples.length / 2)]?.toFixed(2)} s, max ${samples.at(-1)?.toFixed(2)} s, target ${(await playerState(page)).targetLatency}, ${stalls} stalls in 10 s`,
    );

    // Paused by keyboard: the badge offers the way back; Enter on it returns to the edge.
    await page.locator("body").focus();
    await page.keyboard.press("k");
    const jump = page.getByRole("button", { name: "Behind live — jump to live" });
    await jump.waitFor();
    await jump.focus();
    await page.keyboard.press("Enter");
    await until(async () => {
      const s = await playerState(page);
      return !s.paused && s.badge === "LIVE";
    }, "playing at the edge again");
  });

  it("keeps its state across a reload and says when the stream has ended", async () => {
    await page.reload();
    await until(async () => {
      const s = await playerState(page);
      return s.engine === "hls.js" && s.currentTime > 0;
    }, "playing again after a reload");
    await fetch(`${stack!.urls.worker}/live/${session.id}/end`, { method: "POST" });
    await send(stack!.urls.chain, CREATOR_KEY, {
      address: STREAMS,
      abi: streamsAbi,
      functionName: "end",
      args: [BigInt(streamId)],
    });
    await page.getByText("The stream has ended").waitFor({ timeout: 30_000 });
    // A viewer who comes after the end gets the sentence, not a player.
    await page.goto(`${stack!.urls.web}/live/${streamId}`);
    await page.getByText("The stream has ended").waitFor();
    assert.equal(await page.locator('[data-testid="live-player"]').count(), 0);
  });
});
