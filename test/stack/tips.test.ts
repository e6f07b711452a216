// Earning through the web (issue 12, web part), in headless Chromium at 360 px against the whole real stack: the
// creator (dev test account 1) publishes from the upload studio with two rights holders (70 % / 30 %), set by a second
// signature, and the watch page shows the split with names; a fan (test account 3) who opens Tip without a wallet is
// told to connect, connects inside the dialog and tips the video with a message, and the dialog shows signing →
// pending → confirmed → indexed; a tip to a live stream (started on chain as test/stack/watchlive.test.ts does) shows
// as a gift line in its chat with the fan's name and amount, the message inert; on a video the creator priced, the
// fan's Buy lands and the page says they have access.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, earningsAbi, enums, streamsAbi } from "@chorus/deployments";
import { liveSessionResponseSchema } from "@chorus/protocol";
import type { Locator, Page } from "playwright-core";
import { createPublicClient, http, parseEther, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { addDirectory } from "../../indexer/test/support.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser } from "../lib/browser.ts";
import { addressOf, CREATOR_KEY, publishVideo, send } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const ACCOUNTS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
] as const;
const PHONE = { width: 360, height: 740 };
const EARNINGS = deployments[31337].Earnings.address;
const STREAMS = deployments[31337].Streams.address;
const PRICE = parseEther("0.002");

async function until<T>(check: () => Promise<T | false | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Connects dev test account `n` from the top bar, disconnecting whoever is connected first. */
async function connectAs(page: Page, n: 1 | 2 | 3) {
  const account = page.locator(".topbar [data-testid=account]");
  await page.locator(".topbar [data-testid=connect], .topbar [data-testid=account]").first().waitFor();
  if (await account.isVisible()) {
    await account.click();
    await page.getByTestId("disconnect").click();
  }
  await page.locator(".topbar [data-testid=connect]").click();
  await page.getByTestId(n === 1 ? "connect-dev" : `connect-dev-${n}`).click();
  await account.waitFor();
  assert.equal(await account.getAttribute("title"), ACCOUNTS[n - 1]);
}

async function untilIndexed(status: Locator, timeout = 30_000) {
  await status.and(status.page().locator("[data-step=indexed], [data-step=failed]")).waitFor({ timeout });
  assert.equal(await status.getAttribute("data-step"), "indexed", (await status.textContent()) ?? "");
}

/** Records every data-step a transaction status (by test id) shows, from now on, in the page. */
async function recordSteps(page: Page, testId: string) {
  await page.evaluate((id) => {
    const seen: string[] = [];
    (window as { __steps?: string[] }).__steps = seen;
    // No named functions in here: tsx would wrap them in a helper (__name) the page doesn't have.
    new MutationObserver(() => {
      const step = document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-step");
      if (step && seen.at(-1) !== step) seen.push(step);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, testId);
  return () => page.evaluate(() => (window as { __steps?: string[] }).__steps ?? []);
}

describe("earning in the browser: tips, splits, gifts, Buy", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let web = "";
  let clip = "";
  let pricedVideo = "";
  let splitVideo = "";
  let streamId = "";
  let chain: ReturnType<typeof createPublicClient>;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-tips-"));
    clip = await makeClip(path.join(tmp, "harbour_song.mp4"), { seconds: 2, width: 320, height: 180 });
    const dataDir = path.join(tmp, "data");
    stack = await startStack({
      dataDir,
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    chain = createPublicClient({ transport: http(stack.urls.chain) });

    // A video the creator sells for 0.002 ETH (its manifest alone: Buy is about the payment, not playback).
    const manifest = {
      schema: "chorus.video/1",
      title: "Lighthouse keepers, the full film",
      description: "",
      durationSeconds: 3,
      width: 426,
      height: 240,
      master: "master.m3u8",
      thumbnail: "thumbnail.jpg",
      segmentSeconds: 2,
      renditions: [],
      createdAt: new Date().toISOString(),
    };
    const cid = await addDirectory(stack.urls.ipfsRpc, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
    pricedVideo = (await publishVideo(stack.urls.chain, cid)).videoId.toString();
    await send(stack.urls.chain, CREATOR_KEY, {
      address: EARNINGS,
      abi: earningsAbi,
      functionName: "setPrice",
      args: [
        enums.PostKind.indexOf("Video"),
        BigInt(pricedVideo),
        enums.Access.indexOf("Paid"),
        "0x0000000000000000000000000000000000000000",
        PRICE,
      ],
    });

    // A live stream, started on chain with the worker's stream key as the go-live page does (no picture needed).
    const created = await fetch(`${stack.urls.worker}/live`, { method: "POST" });
    const session = liveSessionResponseSchema.parse(await created.json()).session;
    const saved = JSON.parse(await readFile(path.join(dataDir, "worker", "live", session.id, "session.json"), "utf8"));
    const streamKey = privateKeyToAccount(saved.privateKey);
    const hash = await chain.readContract({
      address: STREAMS,
      abi: streamsAbi,
      functionName: "keyProofHash",
      args: [addressOf(CREATOR_KEY)],
    });
    const receipt = await send(stack.urls.chain, CREATOR_KEY, {
      address: STREAMS,
      abi: streamsAbi,
      functionName: "start",
      args: [
        0n,
        "Harbour cam, live",
        session.room,
        session.streamKey,
        await streamKey.signMessage({ message: { raw: hash } }),
      ],
    });
    const [started] = parseEventLogs({ abi: streamsAbi, logs: receipt.logs, eventName: "StreamStarted" });
    streamId = String(started?.args.streamId);
    await until(async () => (await fetch(`${stack!.urls.indexer}/streams/${streamId}`)).ok, "the indexer's stream");
    await until(async () => (await fetch(`${stack!.urls.indexer}/videos/${pricedVideo}`)).ok, "the indexer's video");

    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    page.on("dialog", (dialog) => void dialog.accept());
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("the creator publishes with two rights holders (a second signature); the watch page shows who gets what", async () => {
    await page.goto(`${web}/upload`);
    await connectAs(page, 1);
    await page.getByTestId("upload-file").setInputFiles(clip);
    const editor = page.getByTestId("split-editor");
    assert.equal(await editor.getByTestId("split-who").inputValue(), ACCOUNTS[0], "you, by default");
    assert.equal(await editor.getByTestId("split-share").inputValue(), "100");
    await editor.getByTestId("split-share").fill("70");
    assert.match((await editor.textContent()) ?? "", /add up to 70 %; they must add up to exactly 100 %/);
    assert.equal(await page.getByTestId("publish").isDisabled(), true, "no publish while the shares are wrong");
    await editor.getByTestId("split-add").click();
    await editor.getByTestId("split-who").nth(1).fill(ACCOUNTS[1]);
    await editor.getByTestId("split-share").nth(1).fill("30");
    assert.equal(await editor.getByTestId("split-total").textContent(), "Total 100 %");
    await assertFitsWidth(page, "upload studio with rights holders");

    await page.getByTestId("publish").click();
    const watchLink = page.getByTestId("watch-link");
    await watchLink.waitFor({ timeout: 180_000 });
    await untilIndexed(page.getByTestId("publish-split-status"));
    splitVideo = (await watchLink.getAttribute("href"))!.split("/").pop()!;
    const split = await chain.readContract({
      address: EARNINGS,
      abi: earningsAbi,
      functionName: "splitOf",
      args: [0, BigInt(splitVideo)],
    });
    assert.deepEqual(
      { set: split.set, holders: split.holders, bps: split.bps },
      { set: true, holders: [ACCOUNTS[0], ACCOUNTS[1]], bps: [7000, 3000] },
    );

    await page.goto(`${web}/watch/${splitVideo}`);
    const holders = page.getByTestId("split-holder");
    await holders.first().waitFor();
    assert.equal(await holders.count(), 2);
    assert.equal(await holders.nth(0).getByTestId("split-share").textContent(), "70 %");
    assert.equal(await holders.nth(1).getByTestId("split-share").textContent(), "30 %");
    assert.match((await holders.nth(1).getByTestId("account-name").textContent()) ?? "", /0x3C44/i);
  });

  it("a fan without a wallet is asked to connect; connected, their tip goes signing → pending → confirmed → indexed", async () => {
    await page.context().clearCookies();
    await page.goto(`${web}/watch/${splitVideo}`);
    await page.getByTestId("tip-button").click();
    const dialog = page.getByTestId("tip-dialog");
    await dialog.getByText("Connect a wallet to tip.").waitFor();
    assert.equal(await dialog.getByTestId("tip-send").count(), 0, "no Tip button without a wallet");
    await dialog.getByRole("button", { name: "Test account 3" }).click();
    await dialog.getByTestId("tip-preset-0.01").click();
    await dialog.getByTestId("tip-message").fill("For the harbour song!");
    const steps = await recordSteps(page, "tip-status");
    await dialog.getByTestId("tip-send").click();
    await untilIndexed(dialog.getByTestId("tip-status"));
    assert.deepEqual(await steps(), ["signing", "pending", "confirmed", "indexed"]);
    assert.match((await dialog.getByTestId("tip-status").textContent()) ?? "", /your tip of 0\.01 ETH is recorded/);
    await assertFitsWidth(page, "tip dialog");

    const pool = await chain.readContract({
      address: EARNINGS,
      abi: earningsAbi,
      functionName: "poolOf",
      args: [0, BigInt(splitVideo), "0x0000000000000000000000000000000000000000"],
    });
    assert.equal(pool, parseEther("0.01"), "the tip went to the video's holder pool");
  });

  it("a tip to a live stream shows in its chat as a gift with the fan's name and amount, the message inert", async () => {
    await page.goto(`${web}/live/${streamId}`);
    await page.getByTestId("tip-button").click();
    const dialog = page.getByTestId("tip-dialog");
    await dialog.getByTestId("tip-preset-0.001").click();
    const message = '<img src=x onerror="window.__pwned=1"> great stream';
    await dialog.getByTestId("tip-message").fill(message);
    await dialog.getByTestId("tip-send").click();
    await untilIndexed(dialog.getByTestId("tip-status"));
    await dialog.getByRole("button", { name: "Close" }).click();

    const gift = page.getByTestId("chat-gift");
    await gift.waitFor();
    assert.match((await gift.textContent()) ?? "", /tipped 0\.001 ETH/);
    assert.match((await gift.getByTestId("account-name").textContent()) ?? "", /0x90F7/i);
    assert.equal(await gift.getByTestId("chat-gift-message").textContent(), message);
    assert.equal(await gift.locator("img").count(), 0, "the message is text, not HTML");
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    await assertFitsWidth(page, "live page with a gift");
  });

  it("on a priced video, the fan's Buy lands and the page says they have access", async () => {
    await page.goto(`${web}/watch/${pricedVideo}`);
    const panel = page.getByTestId("buy-or-join");
    assert.equal(await panel.getByTestId("price").textContent(), "0.002 ETH");
    await panel.getByTestId("buy").click();
    await untilIndexed(panel.getByTestId("buy-status"));
    await panel.getByTestId("access-granted").waitFor();
    const bought = await chain.readContract({
      address: EARNINGS,
      abi: earningsAbi,
      functionName: "hasBought",
      args: [0, BigInt(pricedVideo), ACCOUNTS[2]],
    });
    assert.equal(bought, true);
  });
});
