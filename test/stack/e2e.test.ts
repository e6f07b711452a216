// The walking skeleton end to end, through the UI in headless Chromium, against the whole real stack: connect the dev
// wallet, upload, publish, see it listed, open it, and watch hls.js play it from the IPFS gateway. Then restart the
// stack on the same data directory and find everything still there.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { freePorts, startStack, type Stack, type StackPorts } from "../../scripts/lib/stack.ts";
import { launchBrowser } from "../lib/browser.ts";
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
    await page.waitForFunction(() => (window as any).__chorusPlayer?.engine === "hls.js", null, { timeout: 30_000 });
    await page.waitForFunction(
      () => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
        if (video && video.paused) {
          video.muted = true;
          void video.play().catch(() => {});
        }
        return !!video && video.currentTime > 1;
      },
      null,
      { timeout: 30_000, polling: 200 },
    );
    const levels = await page.evaluate(() => (window as any).__chorusPlayer.hls.levels.length as number);
    assert.ok(levels >= 2, `a 360p source gives at least two rungs (got ${levels})`);
    assert.ok(await page.getByText(title).first().isVisible());
    await page.close();
  });

  it("starting the stack again keeps the chain, the IPFS content and the catalogue", async () => {
    await stack!.stop();
    stack = await start();
    const response = await fetch(`${stack.urls.indexer}/videos`);
    const { videos } = (await response.json()) as { videos: { id: string; manifest: { title: string; master: string } | null; manifestCid: string }[] };
    assert.equal(videos.length, 1);
    assert.equal(videos[0]!.manifest?.title, title);
    const master = await fetch(`${stack.urls.gateway}/ipfs/${videos[0]!.manifestCid}/${videos[0]!.manifest!.master}`);
    assert.equal(master.status, 200);
    assert.match(await master.text(), /#EXT-X-STREAM-INF/);
  });
});
