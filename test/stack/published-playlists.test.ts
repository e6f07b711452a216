// Published playlists (issue 13), through the UI in headless Chromium at 360 px against the whole real stack: a creator
// publishes a browser playlist by keyboard (its document on IPFS, Playlists.create signed by the dev wallet; the status
// goes signing → pending → confirmed → indexed); a second browser with no wallet opens the published playlist's URL
// and plays it through watch?list=; the creator reorders the browser copy and updates; the viewer sees the new order,
// saves a copy; the creator's page and the creator's /playlists (Published) list the playlist; the creator removes it and its page says so.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { addDirectory } from "../../indexer/test/support.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { publishVideo, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const VIDEO_KEY = TEST_KEYS[2];
const CREATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // the dev wallet's test account 1
const LOCAL_ID = "coastwalks1";

describe("published playlists", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let creatorBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let viewerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let creator: Page;
  let viewer: Page;
  let web = "";
  let publishedUrl = "";
  let publishedId = "";
  const stamp = Date.now();
  const titles = [`Cliffs ${stamp}`, `Harbour ${stamp}`, `Lighthouse ${stamp}`];
  const ids: string[] = [];

  /** Publishes a video that is only a manifest (nothing in these tests plays it); returns its id. */
  async function publishTitled(title: string): Promise<string> {
    const manifest = {
      schema: "chorus.video/1",
      title,
      description: "",
      durationSeconds: 4,
      width: 640,
      height: 360,
      master: "master.m3u8",
    };
    const cid = await addDirectory(stack!.urls.ipfsRpc, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
    return (await publishVideo(stack!.urls.chain, cid, VIDEO_KEY)).videoId.toString();
  }
  async function open(page: Page, url: string) {
    await page.goto(url);
    await waitForHydration(page);
  }
  async function newPage(browser: Awaited<ReturnType<typeof launchBrowser>>, name: string) {
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => console.log(`${name} pageerror: ${error.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") console.log(`${name} console error: ${m.text()}`);
    });
    return page;
  }
  const itemTitles = (page: Page) => page.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts();
  /** Presses Enter on a control reached by keyboard focus. */
  async function press(page: Page, testId: string) {
    await page.getByTestId(testId).focus();
    await page.keyboard.press("Enter");
  }
  /** Records every data-step a transaction status shows, until it reaches `last`. */
  async function stepsUntil(page: Page, testId: string, act: () => Promise<void>, last = "indexed") {
    // A string, not a function: tsx would wrap a function's inner arrow functions in a helper the page lacks.
    await page.evaluate(`(() => {
      const seen = [];
      window.__steps = seen;
      new MutationObserver(() => {
        const step = document.querySelector('[data-testid="${testId}"]')?.getAttribute("data-step");
        if (step && seen[seen.length - 1] !== step) seen.push(step);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    })()`);
    await act();
    await page.locator(`[data-testid="${testId}"][data-step="${last}"]`).waitFor({ timeout: 60_000 });
    return page.evaluate(() => (window as { __steps?: string[] }).__steps ?? []);
  }

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-published-playlists-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    for (const title of titles) ids.push(await publishTitled(title));
    creatorBrowser = await launchBrowser();
    viewerBrowser = await launchBrowser();
    creator = await newPage(creatorBrowser, "creator");
    viewer = await newPage(viewerBrowser, "viewer");
  });

  after(async () => {
    await creatorBrowser?.close();
    await viewerBrowser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a creator publishes a browser playlist by keyboard, and its status goes signing → pending → confirmed → indexed", async () => {
    // The browser playlist, as Save would have made it (tests/stack/playlists.test.ts covers making one by hand).
    await open(creator, `${web}/playlists`);
    await creator.evaluate(
      ({ id, items }) =>
        localStorage.setItem(
          "chorus.playlists",
          JSON.stringify({
            schema: "chorus.playlists/1",
            playlists: [{ id, name: "Coast walks", createdAt: Date.now(), items }],
          }),
        ),
      { id: LOCAL_ID, items: ids.map((videoId, i) => ({ videoId, title: titles[i] })) },
    );
    await open(creator, `${web}/playlists/${LOCAL_ID}`);
    await creator.getByTestId("playlist-item").nth(2).waitFor();
    // No wallet yet: the section says what to do.
    await creator.getByTestId("publish-playlist").getByTestId("wallet-gate").waitFor();
    // The section's own Connect, by keyboard: the dev wallet (test account 1).
    await creator.getByRole("button", { name: "Use the dev wallet (test account 1)" }).focus();
    await creator.keyboard.press("Enter");
    await creator.locator(".topbar [data-testid=account]").waitFor();
    await assertFitsWidth(creator, "/playlists/<id> with Publish");

    const steps = await stepsUntil(creator, "publish-status", () => press(creator, "publish-button"));
    assert.deepEqual(
      steps.filter((s) => s !== "idle"),
      ["signing", "pending", "confirmed", "indexed"],
      "every state shows",
    );
    const link = creator.getByTestId("published-indexed-link");
    publishedUrl = new URL((await link.getAttribute("href"))!, web).toString();
    publishedId = publishedUrl.split("/").pop()!;
    assert.match(publishedUrl, /\/playlists\/p\/\d+$/);
    await creator.getByTestId("published-state").getByText("up to date").waitFor();
    assert.equal(await creator.getByTestId("update-published").isDisabled(), true, "nothing to update yet");
    await assertFitsWidth(creator, "/playlists/<id> published");

    // /playlists lists what the connected wallet published, from the indexer, beside the browser's own.
    await open(creator, `${web}/playlists`);
    const card = creator.getByTestId("my-published-playlist");
    await card.getByText("Coast walks").waitFor();
    assert.equal(await card.count(), 1);
    assert.equal(
      new URL((await card.locator("a:not([aria-hidden])").first().getAttribute("href"))!, web).toString(),
      publishedUrl,
    );
    assert.match(await card.getByTestId("my-published-meta").innerText(), /^3 videos · updated (just now|.+ ago)$/);
    assert.equal(await card.getByText("Edit your copy in this browser").getAttribute("href"), `/playlists/${LOCAL_ID}`);
    await creator.getByTestId("playlist-card").getByText("3 videos · published").waitFor();
    await assertFitsWidth(creator, "/playlists with Published");
  });

  it("a viewer with no wallet opens the published playlist and plays it in order through watch?list=", async () => {
    // No wallet, no Published section on /playlists: only this browser's (none yet).
    await open(viewer, `${web}/playlists`);
    await viewer.getByTestId("playlists-page").getByText("No playlists yet").waitFor();
    assert.equal(await viewer.getByTestId("my-published-playlists").count(), 0);
    await open(viewer, publishedUrl);
    await viewer.locator(".topbar [data-testid=connect]").waitFor();
    assert.equal(await viewer.getByTestId("playlist-name").innerText(), "Coast walks");
    assert.deepEqual(await itemTitles(viewer), titles);
    await assertFitsWidth(viewer, "/playlists/p/<id>");

    await press(viewer, "play-all");
    await viewer.waitForURL(`${web}/watch/${ids[0]}?list=p-${publishedId}`);
    const panel = viewer.getByTestId("playlist-panel");
    await viewer.getByTestId("playlist-position").getByText("1 / 3").waitFor();
    assert.equal(await panel.locator("a[aria-current=true]").innerText(), `1. ${titles[0]}`);
    await assertFitsWidth(viewer, "/watch?list=p-<id>");
    await press(viewer, "playlist-next");
    await viewer.waitForURL(`${web}/watch/${ids[1]}?list=p-${publishedId}`);
    await viewer.getByTestId("playlist-position").getByText("2 / 3").waitFor();
    // The end of a video plays the next one.
    await viewer.evaluate(() => document.querySelector("video[data-testid=player]")?.dispatchEvent(new Event("ended")));
    await viewer.waitForURL(`${web}/watch/${ids[2]}?list=p-${publishedId}`);
    await viewer.getByTestId("playlist-end").waitFor();
  });

  it("the creator reorders the browser copy and updates; the viewer sees the new order and saves a copy", async () => {
    await open(creator, `${web}/playlists/${LOCAL_ID}`);
    await creator.getByTestId("playlist-item").nth(2).waitFor();
    // The Lighthouse to the top: two presses of its Up.
    for (let i = 0; i < 2; i++) {
      await creator.getByRole("button", { name: `Move “${titles[2]}” up` }).focus();
      await creator.keyboard.press("Enter");
      await creator
        .getByTestId("playlist-status")
        .getByText(`to position ${2 - i}.`)
        .waitFor();
    }
    await creator.getByTestId("published-state").getByText("has changed since you published it").waitFor();
    const steps = await stepsUntil(creator, "publish-status", () => press(creator, "update-published"));
    assert.deepEqual(steps.filter((s) => s !== "idle").slice(-2), ["confirmed", "indexed"]);
    await creator.getByTestId("published-state").getByText("up to date").waitFor();

    const newOrder = [titles[2], titles[0], titles[1]];
    await open(viewer, publishedUrl);
    assert.deepEqual(await itemTitles(viewer), newOrder, "the viewer sees the update");
    await press(viewer, "play-all");
    await viewer.waitForURL(`${web}/watch/${ids[2]}?list=p-${publishedId}`);
    await viewer.getByTestId("playlist-position").getByText("1 / 3").waitFor();

    await open(viewer, publishedUrl);
    await press(viewer, "save-copy");
    await viewer.getByTestId("save-copy-status").getByText("Saved as “Coast walks”").waitFor();
    const saved = await viewer.evaluate(() => JSON.parse(localStorage.getItem("chorus.playlists") ?? "{}"));
    assert.deepEqual(
      saved.playlists.map((p: { name: string; items: { title: string }[] }) => [p.name, p.items.map((i) => i.title)]),
      [["Coast walks", newOrder]],
    );
  });

  it("the creator's page lists it; once removed, its page says so", async () => {
    await open(viewer, `${web}/creator/${CREATOR}`);
    await viewer.getByTestId("creator-playlist").getByText("Coast walks").waitFor();
    await assertFitsWidth(viewer, "/creator/<address> with playlists");

    await open(creator, `${web}/playlists/${LOCAL_ID}`);
    await press(creator, "remove-published");
    await press(creator, "confirm-remove");
    await creator.locator('[data-testid="remove-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    await creator.getByTestId("publish-button").waitFor();
    await open(viewer, publishedUrl);
    await viewer.getByTestId("published-removed").waitFor();
    assert.equal(await viewer.getByTestId("play-all").count(), 0);
    // Removed, it leaves the creator's Published section, which then says how to publish one.
    await open(creator, `${web}/playlists`);
    await creator.getByTestId("my-published-empty").waitFor();
    assert.equal(await creator.getByTestId("my-published-playlist").count(), 0);
  });
});
