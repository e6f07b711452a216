// Going live from the web app (issue 11, the creator's side), in headless Chromium with a fake camera and microphone
// against the whole real stack: the creator goes live with the browser camera (worker session, key proof, one
// Streams.start), the worker announces segments, the home page's Live now row shows the stream to a viewer without a
// wallet, End stream ends it on chain and the row empties; then OBS's path, with ffmpeg publishing RTMP to the server
// URL and stream key the page shows.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type LiveSession, liveSessionListResponseSchema, streamSchema } from "@chorus/protocol";
import type { Page } from "playwright-core";
import { publishRtmp } from "../../ffmpeg-worker/test/helpers.ts";
import { freePorts, type Stack, startStack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser } from "../lib/browser.ts";

const CREATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const PHONE = { width: 360, height: 740 };

/** Polls `check` every 250 ms until it returns something, for at most `ms`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("going live from the web app", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let creator: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let viewer: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let watcher: Page;
  let encoder: ChildProcess | undefined;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-golive-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      // A free RTMP port: the default 1935 may belong to someone else's stack.
      env: { WORKER_RTMP_PORT: "0" },
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    [creator, viewer] = await Promise.all([
      launchBrowser({ args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] }),
      launchBrowser(),
    ]);
    page = await creator.context.newPage();
    page.setDefaultTimeout(30_000);
    watcher = await viewer.context.newPage();
    watcher.setDefaultTimeout(30_000);
  });

  after(async () => {
    encoder?.kill("SIGKILL");
    await Promise.all([creator?.close(), viewer?.close()]);
    await stack?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const worker = () => stack!.urls.worker;
  async function newestSession(): Promise<LiveSession> {
    const body = await (await fetch(`${worker()}/live`)).json();
    const session = liveSessionListResponseSchema.parse(body).sessions[0];
    assert.ok(session, "the worker has a live session");
    return session;
  }
  async function indexedStream(id: string) {
    const res = await fetch(`${stack!.urls.indexer}/streams/${id}`);
    return res.ok ? streamSchema.parse(await res.json()) : undefined;
  }
  async function startStream(title: string): Promise<string> {
    await page.getByTestId("golive-title").fill(title);
    await page.getByTestId("golive-own").check();
    await page.getByTestId("golive-start").click();
    await page.locator('[data-testid="golive-tx"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    const link = await page.getByTestId("golive-stream-link").locator("a").getAttribute("href");
    const id = /^\/live\/(\d+)$/.exec(link ?? "")?.[1];
    assert.ok(id, `the page links to the stream's live page (${link})`);
    return id;
  }
  async function endStream() {
    await page.getByTestId("golive-end").click();
    await page.locator('[data-testid="golive-end-tx"][data-step="indexed"]').waitFor({ timeout: 60_000 });
  }

  it("goes live with the browser camera: start on chain, segments announced, Live now for a viewer, End stream empties it", async () => {
    const title = `Morning camera ${Date.now()}`;
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/`);
    // No wallet, no Go live link: viewers never see a creator's tool.
    await page.locator(".topbar [data-testid=connect]").waitFor();
    assert.equal(await page.getByTestId("golive-link").count(), 0);
    await page.locator(".topbar [data-testid=connect]").click();
    await page.getByTestId("connect-dev").click();
    await page.locator(".topbar [data-testid=account]").waitFor();
    await assertFitsWidth(page, "home, connected, with Go live in the top bar");
    await page.getByTestId("golive-link").click();
    await page.waitForURL(/\/go-live$/);
    await assertFitsWidth(page, "/go-live");

    const streamId = await startStream(title);
    const session = await newestSession();
    const onChain = await indexedStream(streamId);
    assert.ok(onChain?.live);
    assert.equal(onChain.title, title);
    assert.equal(onChain.creator, CREATOR);
    assert.equal(onChain.room, session.room, "the room the worker announces in is the one on chain");
    assert.equal(onChain.streamKey.toLowerCase(), session.streamKey.toLowerCase(), "and so is the signing key");
    assert.equal(onChain.channelId, "0");

    await page.getByTestId("golive-tab-camera").click();
    await page.getByTestId("camera-open").click();
    const start = page.getByTestId("camera-start");
    await until("the camera preview", async () => ((await start.isEnabled()) ? true : undefined));
    await start.click();
    const announced = await until(
      "segments from the browser camera",
      async () => {
        const res = await fetch(`${worker()}/live/${session.id}`);
        const { session: s } = (await res.json()) as { session: LiveSession };
        return s.announced >= 2 ? s : undefined;
      },
      90_000,
    );
    assert.equal(announced.status, "live");
    assert.ok(announced.renditions.length >= 1, "a live ladder from the camera's picture");
    await page.locator('[data-testid="golive-status"]', { hasText: "Live" }).waitFor();
    await assertFitsWidth(page, "/go-live streaming from the camera");

    // A viewer without a wallet sees it in Live now on the home page and on the creator's page.
    await watcher.setViewportSize(PHONE);
    await watcher.goto(`${stack!.urls.web}/`);
    const card = watcher.getByTestId(`live-now-${streamId}`);
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`LIVE[\\s\\S]*${title}[\\s\\S]*started`));
    assert.equal(await card.locator(`a[href="/live/${streamId}"]`).count(), 1);
    await assertFitsWidth(watcher, "home with Live now");
    await watcher.goto(`${stack!.urls.web}/creator/${CREATOR}`);
    await watcher.getByTestId(`live-now-${streamId}`).waitFor();

    await endStream();
    const ended = await indexedStream(streamId);
    assert.equal(ended?.live, false);
    assert.ok(ended?.endedAt);
    const after = (await (await fetch(`${worker()}/live/${session.id}`)).json()) as { session: LiveSession };
    assert.equal(after.session.status, "ended");

    // The recording: the worker assembles the VOD, the page offers it and says until when this node keeps it unless
    // it is kept; publish (Videos) keeps it, then setVod (Streams).
    const expiry = page.getByTestId("golive-recording-expiry");
    await expiry.waitFor({ timeout: 60_000 });
    assert.match(await expiry.innerText(), /keeps the recording until .*UTC/);
    await page.getByTestId("golive-publish-recording").click();
    await page.locator('[data-testid="golive-publish-tx"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    await page.getByTestId("golive-recording-kept").waitFor();
    const kept = ((await (await fetch(`${worker()}/live/${session.id}`)).json()) as { session: LiveSession }).session;
    assert.ok(kept.keptAt && !kept.expiresAt, "publishing kept the recording on the worker's node");
    await page.getByTestId("golive-set-vod").click();
    await page.locator('[data-testid="golive-set-vod-tx"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    const vod = ((await (await fetch(`${worker()}/live/${session.id}`)).json()) as { session: LiveSession }).session
      .vod;
    assert.ok(vod, "the worker reports the VOD");
    assert.equal((await indexedStream(streamId))?.vod, vod.manifestCid, "the stream names its video on chain");
    const watch = await page.getByTestId("golive-recording-links").locator("a.btn-primary").getAttribute("href");
    assert.match(watch ?? "", /^\/watch\/\d+$/);
    await assertFitsWidth(page, "/go-live with the recording published");
    await watcher.goto(`${stack!.urls.web}/`);
    await watcher.locator("h1").waitFor();
    assert.equal(await watcher.getByTestId(`live-now-${streamId}`).count(), 0, "the row no longer lists it");
    await page.getByTestId("golive-again").click();
    await page.getByTestId("golive-setup").waitFor();
  });

  it("comes back to the stream after a reload, and shows OBS the server URL and a hidden stream key that an RTMP encoder streams with", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${stack!.urls.web}/go-live`);
    const streamId = await startStream(`OBS evening ${Date.now()}`);
    // A reload comes back to the started stream (its status and End button), not to a new form.
    await page.reload();
    await page.getByTestId("golive-status").waitFor();
    assert.equal(await page.getByTestId("golive-stream-link").locator("a").getAttribute("href"), `/live/${streamId}`);
    await page.getByTestId("golive-tab-obs").click();
    const key = page.getByTestId("obs-key");
    assert.equal(await key.getAttribute("type"), "password", "the key is hidden until revealed");
    await page.getByTestId("obs-reveal").click();
    assert.equal(await key.getAttribute("type"), "text");
    const server = await page.getByTestId("obs-server").inputValue();
    const obsKey = await key.inputValue();
    assert.match(server, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    assert.match(obsKey, /^live_/);

    const published = await publishRtmp(`${server}/${obsKey}`, 8);
    encoder = published.process;
    await until("segments from the RTMP encoder", async () => {
      const text = await page.getByTestId("golive-status").innerText();
      const n = Number(/(\d+) segments? announced/.exec(text)?.[1] ?? 0);
      return n >= 2 && /Live/.test(text) ? n : undefined;
    });
    await endStream();
    assert.equal((await indexedStream(streamId))?.live, false);
    encoder.kill("SIGKILL");
    await published.done;
  });
});
