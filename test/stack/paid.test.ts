// Paid videos in the browser (docs/paid-videos.md), the whole stack: a video uploaded encrypted with a 2 s free
// preview, published and put on sale on chain; a buyer (dev wallet account 2) plays past the preview, hls.js decrypting
// with the key its one signature fetched; a viewer without a wallet plays the preview and sees the buy panel.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, earningsAbi, enums } from "@chorus/deployments";
import type { Page } from "playwright-core";
import { parseEther, zeroAddress } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, TEST_HOOKS_ENV } from "../lib/browser.ts";
import { CREATOR_KEY, publishVideo, send, TEST_KEYS } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const PRICE = parseEther("0.01");
const PREVIEW_SECONDS = 2;

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Keeps the video playing (muted) and resolves once its currentTime passes `seconds`. */
async function playPast(page: Page, seconds: number, timeout = 60_000) {
  await page.waitForFunction(
    (limit) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
      if (video?.paused) {
        video.muted = true;
        void video.play().catch(() => {});
      }
      return !!video && video.currentTime > limit;
    },
    seconds,
    { timeout, polling: 200 },
  );
}

describe("paid videos in the browser", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let videoId = "";

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-paid-"));
    const clip = await makeClip(path.join(tmp, "paid.mp4"), { seconds: 8, width: 320, height: 180 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    const worker = stack.urls.worker;
    const upload = await fetch(`${worker}/jobs?filename=paid.mp4&access=encrypted&previewSeconds=${PREVIEW_SECONDS}`, {
      method: "POST",
      body: await readFile(clip),
    });
    assert.equal(upload.status, 201);
    const { job } = (await upload.json()) as { job: { id: string } };
    await fetch(`${worker}/jobs/${job.id}/details`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "A paid film" }),
    });
    const manifestCid = await until("the paid upload to publish", async () => {
      const { job: j } = (await (await fetch(`${worker}/jobs/${job.id}`)).json()) as {
        job: { status: string; manifestCid?: string };
      };
      return j.status === "published" ? j.manifestCid : undefined;
    });
    const published = await publishVideo(stack.urls.chain, manifestCid); // by dev wallet account 1
    videoId = published.videoId.toString();
    const earnings = deployments[31337].Earnings.address;
    await send(stack.urls.chain, CREATOR_KEY, {
      address: earnings,
      abi: earningsAbi,
      functionName: "setPrice",
      args: [0, published.videoId, enums.Access.indexOf("Paid"), zeroAddress, PRICE],
    });
    // Dev wallet account 2 buys it.
    await send(stack.urls.chain, TEST_KEYS[1], {
      address: earnings,
      abi: earningsAbi,
      functionName: "buy",
      args: [0, published.videoId, zeroAddress, PRICE],
      value: PRICE,
    });
    await until("the indexer to serve the video with its manifest", async () => {
      const response = await fetch(`${stack!.urls.indexer}/videos/${videoId}`);
      const body = response.ok ? ((await response.json()) as { manifest?: { access?: unknown } | null }) : undefined;
      return body?.manifest?.access ? true : undefined;
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a viewer without a wallet plays the free preview, then sees the buy/join panel", async () => {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${stack!.urls.web}/watch/${videoId}`);
    await playPast(page, 1);
    const panel = page.getByTestId("buy-panel");
    await panel.waitFor();
    const text = await panel.innerText();
    assert.match(text, /Buy to watch/);
    assert.match(text, /first 2 s are a free preview/);
    assert.match(text, /Connect a wallet/);
    // Nothing past the preview decrypts: the video never gets beyond its clear segment.
    const end = await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="player"]')!;
      return video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0;
    });
    assert.ok(end <= PREVIEW_SECONDS + 0.5, `only the preview is buffered (${end} s)`);
    await assertFitsWidth(page, "paid watch page");
    await page.close();
  });

  it("a buyer connects, signs once and plays past the preview (hls.js decrypting)", async () => {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${stack!.urls.web}/`);
    await page.locator(".topbar [data-testid=connect]").click();
    await page.getByTestId("connect-dev-2").click();
    await page.locator(".topbar [data-testid=account]").waitFor();
    await page.goto(`${stack!.urls.web}/watch/${videoId}`);
    await playPast(page, PREVIEW_SECONDS + 2);
    assert.equal(await page.getByTestId("buy-panel").count(), 0, "no buy panel for a buyer");
    await page.close();
  });
});
