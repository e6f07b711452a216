// The walking skeleton end to end, through the UI in headless Chromium, against the whole real stack: connect the dev
// wallet, upload, publish, see it listed, open it, and watch hls.js play it from the IPFS gateway; a fan opens a storage
// deal from the video page and the stack's two keepers take it up and prove it. Then restart the stack on the same data
// directory and find everything still there.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { freePorts, startStack, type Stack, type StackPorts } from "../../scripts/lib/stack.ts";
import { launchBrowser, TEST_HOOKS_ENV, waitForHlsPlayback } from "../lib/browser.ts";
import { makeClip } from "../lib/media.ts";

describe("Chorus end to end", () => {
  let tmp: string;
  let ports: StackPorts;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let clip: string;
  let watchPath = "";
  const title = `Sunrise over the test pattern ${Date.now()}`;

  const start = () =>
    startStack({
      dataDir: path.join(tmp, "data"),
      ports,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-e2e-"));
    ports = await freePorts();
    clip = await makeClip(path.join(tmp, "sunrise.mp4"), { seconds: 6 });
    stack = await start();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a creator connects the dev wallet, uploads, publishes and gets a link to the indexed video", async () => {
    const page = await browser!.context.newPage();
    await page.goto(`${stack!.urls.web}/upload`);
    await page.getByTestId("connect").click();
    await page.getByTestId("connect-dev").click();
    await page.getByTestId("account").waitFor();

    await page.getByTestId("upload-file").setInputFiles(clip);
    assert.match(await page.getByTestId("title").inputValue(), /sunrise/i, "the file name pre-fills the title");
    await page.getByTestId("title").fill(title);
    await page.getByTestId("description").fill("A test pattern, a tone, and https://example.org/notes");
    await page.getByTestId("publish").click();

    const watchLink = page.getByTestId("watch-link");
    await watchLink.waitFor({ timeout: 180_000 });
    assert.match(await page.getByTestId("tx-status").innerText(), /indexed/i);
    watchPath = (await watchLink.getAttribute("href"))!;
    assert.match(watchPath, /^\/watch\/\d+$/);
    await page.close();
  });

  it("a fan without a wallet finds it on the home page and hls.js plays it from the gateway", async () => {
    const page = await browser!.context.newPage();
    await page.goto(stack!.urls.web!);
    await page.getByText(title).first().click();
    await page.waitForURL(`**${watchPath}`);
    await waitForHlsPlayback(page);
    const levels = await page.evaluate(() => (window as any).__chorusPlayer.hls.levels.length as number);
    assert.ok(levels >= 2, `a 360p source gives at least two rungs (got ${levels})`);
    assert.ok(await page.getByText(title).first().isVisible());

    // Seek previews: hovering the timeline shows that moment's tile of the worker's sprite sheet, inside the player.
    const bar = page.locator(".seek");
    const box = (await bar.boundingBox())!;
    await bar.hover({ position: { x: box.width - 4, y: box.height / 2 } });
    const tile = page.getByTestId("seek-preview-image");
    await tile.waitFor({ timeout: 15_000 });
    const sheet = await tile.evaluate(async (el) => {
      const url = /url\("(.+)"\)/.exec(getComputedStyle(el).backgroundImage)?.[1] ?? "";
      const response = await fetch(url);
      return { url, status: response.status, type: response.headers.get("content-type") };
    });
    assert.match(sheet.url, /\/ipfs\/\w+\/previews\.jpg$/);
    assert.deepEqual([sheet.status, sheet.type], [200, "image/jpeg"]);
    const preview = (await page.getByTestId("seek-preview").boundingBox())!;
    const player = (await page.locator(".player").boundingBox())!;
    assert.ok(
      preview.x >= player.x && preview.x + preview.width <= player.x + player.width && preview.y >= player.y,
      "the preview stays inside the player",
    );
    assert.match(
      (await page.getByTestId("seek-preview").innerText()).trim(),
      /^0:0[56]$/,
      "the time under the pointer, near the end of the 6 s clip",
    );
    await page.close();
  });

  it("a fan opens a storage deal from the video page; the badge goes from 0 of 2 to 2 of 2 · proven", async () => {
    assert.equal(stack!.keepers.length, 2, "the stack runs two keepers");
    // A fan of their own: a fresh browser profile, no wallet connected yet.
    const fan = await launchBrowser();
    try {
      const page = await fan.context.newPage();
      await page.goto(`${stack!.urls.web}${watchPath}`);
      const badge = page.getByTestId("storage-badge");
      assert.equal(await badge.innerText(), "No storage deal");
      // Every text the badge shows, in order, however briefly.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as any).__badgeTexts = seen;
        const element = document.querySelector('[data-testid="storage-badge"]')!;
        new MutationObserver(() => seen.push(element.textContent ?? "")).observe(element, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });

      await page.getByTestId("keep-copies").click();
      await page.getByTestId("connect").first().click();
      await page.getByTestId("connect-dev-2").first().click();
      await page.getByTestId("account").waitFor();
      await page.getByTestId("deal-period").selectOption("60");
      await page.getByTestId("deal-duration").selectOption("3600");
      assert.match(
        await page.getByTestId("deal-cost").innerText(),
        /You pay 0\.012 ETH now: 2 copies × 60 proofs × 0\.0001 ETH = 0\.012 ETH, for 1 hour/,
      );
      await page.getByTestId("deal-submit").click();
      await page.locator('[data-testid="deal-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
      const dealHref = await page.getByTestId("deal-link").getAttribute("href");
      assert.match(dealHref ?? "", /^\/storage\/deals\/\d+$/);

      // Keepers see the deal, fetch the video, check its root, join before the first period and prove in it.
      await page.waitForFunction(
        () =>
          /^2 of 2 replicas · proven/.test(document.querySelector('[data-testid="storage-badge"]')?.textContent ?? ""),
        null,
        {
          timeout: 120_000,
          polling: 250,
        },
      );
      const texts = (await page.evaluate(() => (window as any).__badgeTexts)) as string[];
      assert.ok(
        texts.some((t) => /^0 of 2 replicas/.test(t)),
        `the badge showed 0 of 2 first: ${JSON.stringify(texts)}`,
      );

      // The deal page lists both keepers as holding a copy, each with a proof.
      await page.getByTestId("storage-badge-link").click();
      await page.waitForURL(`**${dealHref}`);
      const keepers = await page.getByTestId("deal-keepers").innerText();
      assert.equal(keepers.match(/holding a copy/g)?.length, 2, keepers);
      const fitsPhone = async () => {
        await page.setViewportSize({ width: 360, height: 740 });
        const [scrollWidth, innerWidth] = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          window.innerWidth,
        ]);
        await page.setViewportSize({ width: 1280, height: 720 });
        return scrollWidth! <= innerWidth!;
      };
      assert.ok(await fitsPhone(), "the deal page (terms, keepers, history) fits a 360 px phone");

      // The storage page: the fan's funded deal, and a keeper operator's deals, proofs and earnings.
      await page.goto(`${stack!.urls.web}/storage`);
      await page
        .getByTestId("funded-deals")
        .getByText(`#${dealHref!.split("/").at(-1)}`)
        .waitFor();
      const funded = await page.getByTestId("funded-deals").innerText();
      assert.match(funded, /2 of 2/);
      // The one-hour deal ends in about an hour, not "just now" (a time ahead reads as one).
      assert.match(funded, /in (\d+ minutes|1 hour)/);
      assert.doesNotMatch(funded, /just now/);
      assert.ok(await fitsPhone(), "the storage page with its deals table fits a 360 px phone");
      await page.goto(`${stack!.urls.web}/storage?address=${stack!.keepers[0]!.address}`);
      await page.getByTestId("keeper-proofs").getByText("Proved").first().waitFor();
      assert.match(await page.getByTestId("keeper-totals").innerText(), /Earned 0\.0001 ETH|Earned 0\.000\d+ ETH/);
    } finally {
      await fan.close();
    }
  });

  it("starting the stack again keeps the chain, the IPFS content and the catalogue", async () => {
    await stack!.stop();
    stack = await start();
    const response = await fetch(`${stack.urls.indexer}/videos`);
    const { items: videos } = (await response.json()) as {
      items: {
        id: string;
        manifest: { title: string; master: string } | null;
        manifestCid: string;
        storage: { keepers: number; replicas: number };
      }[];
    };
    assert.equal(videos.length, 1);
    assert.deepEqual(
      [videos[0]!.storage.keepers, videos[0]!.storage.replicas],
      [2, 2],
      "the keepers still hold their slots",
    );
    assert.equal(videos[0]!.manifest?.title, title);
    const master = await fetch(`${stack.urls.gateway}/ipfs/${videos[0]!.manifestCid}/${videos[0]!.manifest!.master}`);
    assert.equal(master.status, 200);
    assert.match(await master.text(), /#EXT-X-STREAM-INF/);
  });
});
