// A creator sets the price of their paid upload from the web app, the whole stack, in headless Chromium at 360 px: a
// video uploaded encrypted (the worker's real pipeline) and published by dev account 1 starts withheld (a viewer plays
// the preview and is told its creator hasn't opened it, with nothing to buy; the creator is told nobody can watch it
// yet); its creator connects the dev wallet, opens *Price and access* under the video, makes it paid at 0.02 ETH and sees the
// transaction through to "Indexed" (the indexer's /posts/video/{id}/money shows the terms); a second viewer (dev account
// 2) plays the free preview and is offered *Buy* at that price. An unencrypted video of the same creator refuses
// paid, saying its bytes are public on IPFS.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { create } from "kubo-rpc-client";
import type { Page } from "playwright-core";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, TEST_HOOKS_ENV } from "../lib/browser.ts";
import { publishVideo } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const PHONE = { width: 360, height: 740 };
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

describe("a creator sets the price of their video in the web app", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let web = "";
  let paidId = "";
  let publicId = "";

  /** Loads a page; the waits that follow are for what only the hydrated client renders (a chain or indexer read). */
  async function open(url: string) {
    await page.goto(url);
    await page.waitForFunction(() => document.readyState === "complete");
  }

  /** Connects dev account `n` from the top bar, disconnecting whoever is connected first. */
  async function connectAs(n: 1 | 2) {
    await open(`${web}/`);
    const account = page.locator(".topbar [data-testid=account]");
    if (await account.isVisible()) {
      // Server-rendered from the wallet cookie, so it may show before hydration: click until its menu opens.
      const disconnect = page.getByTestId("disconnect");
      for (let i = 0; i < 20 && !(await disconnect.isVisible()); i++) {
        await account.click();
        await disconnect.waitFor({ timeout: 1000 }).catch(() => {});
      }
      await disconnect.click();
    }
    // Enabled only once hydrated.
    await page.locator(".topbar [data-testid=connect]:not([disabled])").click();
    await page.getByTestId(n === 1 ? "connect-dev" : `connect-dev-${n}`).click();
    await account.waitFor();
  }

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-price-"));
    const clip = await makeClip(path.join(tmp, "price.mp4"), { seconds: 6, width: 320, height: 180 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    const worker = stack.urls.worker;
    const upload = await fetch(`${worker}/jobs?filename=price.mp4&access=encrypted&previewSeconds=${PREVIEW_SECONDS}`, {
      method: "POST",
      body: await readFile(clip),
    });
    assert.equal(upload.status, 201);
    const { job } = (await upload.json()) as { job: { id: string } };
    await fetch(`${worker}/jobs/${job.id}/details`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "A film to sell" }),
    });
    const manifestCid = await until("the encrypted upload to publish", async () => {
      const { job: j } = (await (await fetch(`${worker}/jobs/${job.id}`)).json()) as {
        job: { status: string; manifestCid?: string };
      };
      return j.status === "published" ? j.manifestCid : undefined;
    });
    paidId = (await publishVideo(stack.urls.chain, manifestCid)).videoId.toString(); // dev account 1

    // An unencrypted video of the same creator: a bare manifest is enough, the form reads only `access`.
    const manifest = {
      schema: "chorus.video/1",
      title: "A public clip",
      description: "",
      durationSeconds: 4,
      width: 640,
      height: 360,
      master: "master.m3u8",
    };
    let publicCid = "";
    for await (const entry of create({ url: stack.urls.ipfsRpc }).addAll(
      [{ path: "manifest.json", content: JSON.stringify(manifest) }],
      { cidVersion: 1, rawLeaves: true, wrapWithDirectory: true },
    ))
      if (entry.path === "") publicCid = entry.cid.toString();
    publicId = (await publishVideo(stack.urls.chain, publicCid)).videoId.toString();

    for (const [id, encrypted] of [
      [paidId, true],
      [publicId, false],
    ] as const)
      await until(`the indexer to serve video ${id} with its manifest`, async () => {
        const response = await fetch(`${stack!.urls.indexer}/videos/${id}`);
        const body = response.ok ? ((await response.json()) as { manifest?: { access?: unknown } | null }) : undefined;
        return body?.manifest && Boolean(body.manifest.access) === encrypted ? true : undefined;
      });

    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => console.log(`pageerror: ${error.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") console.log(`console error: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  /** Plays the video (muted) until `selector` shows: the preview, then the locked panel. */
  async function playUntil(selector: string) {
    await page.waitForFunction(
      (wanted) => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
        if (video?.paused) {
          video.muted = true;
          void video.play().catch(() => {});
        }
        return document.querySelector(wanted) !== null;
      },
      selector,
      { timeout: 60_000, polling: 200 },
    );
  }

  it("before its creator chooses, a viewer plays the preview and is told the video isn't open yet, with nothing to buy", async () => {
    await open(`${web}/watch/${paidId}`);
    await playUntil('[data-testid="buy-panel"][data-state="withheld"]');
    assert.match(
      await page.getByTestId("withheld-note").innerText(),
      /Its creator hasn't opened this video yet\. The first 2 s are a free preview\./,
    );
    assert.equal(await page.getByTestId("buy").count(), 0, "nothing to buy");
    assert.equal(await page.getByTestId("video-price").count(), 0, "no price");
    await assertFitsWidth(page, "watch page of a withheld video");
  });

  it("the creator makes the encrypted video paid at 0.02 ETH, followed to Indexed", async () => {
    await connectAs(1);
    await open(`${web}/watch/${paidId}`);
    const section = page.getByTestId("price-access");
    await section.waitFor();
    await page.getByTestId("price-current").filter({ hasText: "Nobody can watch this yet — choose who may" }).waitFor();
    await assertFitsWidth(page, "watch page of a withheld video, its creator's");

    // A bad price says what to do, and sends nothing.
    await page.getByTestId("price-access-paid").check();
    await page.getByTestId("price-amount").fill("0");
    await page.getByTestId("price-save").click();
    assert.match(await page.getByTestId("price-error").innerText(), /Price: The amount must be more than zero/);
    assert.equal(await page.getByTestId("price-status").count(), 0, "no transaction for a bad price");

    await page.getByTestId("price-amount").fill("0.02");
    await assertFitsWidth(page, "watch page with the price form");
    await page.getByTestId("price-save").click();
    await page.locator('[data-testid=price-status][data-step="indexed"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId("price-status").innerText(), /Indexed — the video is now paid: 0\.02 ETH/);
    await page.getByTestId("price-current").filter({ hasText: "Now: paid — 0.02 ETH" }).waitFor();

    const money = (await (await fetch(`${stack!.urls.indexer}/posts/video/${paidId}/money`)).json()) as {
      access: string;
      price: { token: string; amount: string } | null;
    };
    assert.equal(money.access, "paid");
    assert.equal(money.price?.amount, "20000000000000000");
    assert.equal(money.price?.token, "0x0000000000000000000000000000000000000000");
    await assertFitsWidth(page, "watch page after setting the price");
  });

  it("the creator can't sell a video whose bytes are public, and is told why", async () => {
    await open(`${web}/watch/${publicId}`);
    await page.getByTestId("price-public-note").waitFor();
    await page.getByTestId("price-current").filter({ hasText: "Now: free" }).waitFor();
    await page.getByTestId("price-access-paid").check();
    assert.match(
      await page.getByTestId("price-error").innerText(),
      /uploaded unencrypted: anyone can fetch all of it from IPFS/,
    );
    await page.getByTestId("price-save").click();
    assert.equal(await page.getByTestId("price-status").count(), 0, "nothing sent");
    await assertFitsWidth(page, "unencrypted watch page with the price form");
  });

  it("a second viewer is offered Buy at that price", async () => {
    await connectAs(2);
    await open(`${web}/watch/${paidId}`);
    await page.getByTestId("video-price").filter({ hasText: "0.02 ETH" }).waitFor();
    assert.equal(await page.getByTestId("price-access").count(), 0, "not theirs to price");
    // The preview plays, then the locked panel offers the purchase.
    await playUntil('[data-testid="buy"]');
    assert.equal((await page.getByTestId("buy").innerText()).trim(), "Buy for 0.02 ETH");
    assert.equal((await page.getByTestId("price").innerText()).trim(), "0.02 ETH");
    await assertFitsWidth(page, "buyer's watch page");
  });
});
