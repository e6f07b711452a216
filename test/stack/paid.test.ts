// Paid videos in the browser (docs/paid-videos.md), the whole stack: a video uploaded encrypted with a 2 s free
// preview, published and put on sale on chain; a buyer (dev wallet account 2) plays past the preview, hls.js decrypting
// with the key its one signature fetched; a viewer without a wallet plays the preview and sees the buy panel. The same
// bytes published again as a members-only video: the creator opens memberships on /account, a fan (account 3) joins
// for three periods from the video's panel, is told until when they are a member where the panel was, and plays it;
// the creator's /account lists them as an active member.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, earningsAbi, enums } from "@chorus/deployments";
import type { Page } from "playwright-core";
import { createPublicClient, http, parseEther, zeroAddress } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, TEST_HOOKS_ENV, waitForHydration } from "../lib/browser.ts";
import { addressOf, CREATOR_KEY, publishVideo, send, TEST_KEYS } from "../lib/chain.ts";
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
  let membersVideoId = "";

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
    // The same encrypted bytes as a second video, for members only (its price and token must be zero).
    const members = await publishVideo(stack.urls.chain, manifestCid);
    membersVideoId = members.videoId.toString();
    await send(stack.urls.chain, CREATOR_KEY, {
      address: earnings,
      abi: earningsAbi,
      functionName: "setPrice",
      args: [0, members.videoId, enums.Access.indexOf("MembersOnly"), zeroAddress, 0n],
    });
    for (const id of [videoId, membersVideoId])
      await until(`the indexer to serve video ${id} with its manifest`, async () => {
        const response = await fetch(`${stack!.urls.indexer}/videos/${id}`);
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

  it("a creator opens memberships; a fan joins a members-only video for three periods and plays it; the creator sees them", async () => {
    const creator = await browser!.context.newPage();
    creator.setDefaultTimeout(30_000);
    await creator.setViewportSize({ width: 360, height: 740 });
    await creator.goto(`${stack!.urls.web}/account`);
    await waitForHydration(creator);
    // The buyer of the test before is still connected in this browser: switch to the creator (account 1).
    await creator.locator(".topbar [data-testid=account]").click();
    await creator.getByTestId("disconnect").click();
    await creator.locator(".topbar [data-testid=connect]").click();
    await creator.getByTestId("connect-dev").click();
    await creator.getByTestId("members-count").filter({ hasText: "No members yet" }).waitFor();
    await creator.getByTestId("membership-price").fill("0.001");
    await creator.getByTestId("membership-days").fill("30");
    await creator.getByTestId("membership-save").click();
    const saved = creator.getByTestId("membership-status");
    await saved.and(creator.locator("[data-step=indexed], [data-step=failed]")).waitFor();
    assert.equal(await saved.getAttribute("data-step"), "indexed", (await saved.textContent()) ?? "");
    await assertFitsWidth(creator, "/account with memberships");

    // The fan: another browser (the dev wallet's connection is per browser).
    const fanBrowser = await launchBrowser();
    try {
      const fan = await fanBrowser.context.newPage();
      fan.setDefaultTimeout(30_000);
      await fan.goto(`${stack!.urls.web}/`);
      await fan.locator(".topbar [data-testid=connect]").click();
      await fan.getByTestId("connect-dev-3").click();
      await fan.locator(".topbar [data-testid=account]").waitFor();
      await fan.goto(`${stack!.urls.web}/watch/${membersVideoId}`);
      await fan.getByTestId("join-periods").selectOption("3");
      const join = fan.getByTestId("join");
      assert.match((await join.textContent()) ?? "", /Join for 0\.003 ETH/);
      await join.click();
      // Once the membership counts on chain, the player unlocks and takes the panel (and its status) away.
      const failed = fan.getByTestId("join-status").and(fan.locator("[data-step=failed]"));
      const outcome = await Promise.race(
        [
          fan
            .getByTestId("join")
            .waitFor({ state: "detached", timeout: 60_000 })
            .then(() => "unlocked"),
          failed.waitFor({ timeout: 60_000 }).then(async () => `failed: ${await failed.textContent()}`),
        ].map((p) => p.catch(() => "nothing within 60 s")),
      );
      assert.equal(outcome, "unlocked");
      // Where the panel was, a line says what the join did.
      assert.match(
        await fan.getByTestId("unlocked-note").innerText(),
        /^You're a member until .+ — playing the full video\.$/,
      );
      await assertFitsWidth(fan, "members-only watch page once joined");
      const chain = createPublicClient({ transport: http(stack!.urls.chain) });
      const [until_, now] = await Promise.all([
        chain.readContract({
          address: deployments[31337].Earnings.address,
          abi: earningsAbi,
          functionName: "memberUntil",
          args: [addressOf(CREATOR_KEY), addressOf(TEST_KEYS[2]!)],
        }),
        chain.getBlock().then((b) => b.timestamp),
      ]);
      const days = (Number(until_) - Number(now)) / 86_400;
      assert.ok(days > 89 && days <= 90, `a member for three 30-day periods: ${days} days left`);
      await playPast(fan, PREVIEW_SECONDS + 2);
    } finally {
      await fanBrowser.close();
    }

    await creator.reload();
    await creator.getByTestId("members-count").filter({ hasText: "1 active member" }).waitFor();
    const member = creator.getByTestId("member");
    assert.equal(await member.count(), 1);
    assert.equal(await member.getAttribute("data-active"), "true");
    assert.match((await member.textContent()) ?? "", /member until/);
    await creator.close();
  });
});
