// Viewer-side filters and shared filter lists (issue 10), through the UI in headless Chromium at 360 px against the
// whole real stack: a viewer without a wallet mutes an author from a card's menu (by keyboard), sees their videos as
// "hidden: you muted this author" with the page's count, and reveals one with Show anyway; a maintainer (dev test
// account 1) creates a list and adds a video with a reason; the viewer subscribes and the video is "hidden by your list
// … (reason: …)", counted; the viewer's filters exported to a file and imported into a fresh browser restore the
// subscription; test account 2 reports a video to the list, the report shows on the list's page, and the maintainer
// accepts it, which lists the video; account 2 reports a comment from under a video, and the list shows that report.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { commentsAbi, deployments, videosAbi } from "@chorus/deployments";
import { create } from "kubo-rpc-client";
import type { Page } from "playwright-core";
import { parseEventLogs } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { cidBytes, send, TEST_KEYS } from "../lib/chain.ts";

const ACCOUNTS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
] as const;
const PHONE = { width: 360, height: 740 };
/** The muted author: anvil account #5 (not a dev wallet). */
const MUTED_KEY = TEST_KEYS[3];
/** The author of the video the list hides: anvil account #3. */
const OTHER_KEY = TEST_KEYS[2];

/** Connects dev test account `n` (1..3) from the top bar, disconnecting whoever is connected first. */
async function connectAs(page: Page, n: 1 | 2 | 3) {
  if (await page.getByTestId("account").isVisible()) {
    await page.getByTestId("account").click();
    await page.getByTestId("disconnect").click();
  }
  await page.getByTestId("connect").click();
  await page.getByTestId(n === 1 ? "connect-dev" : `connect-dev-${n}`).click();
  await page.getByTestId("account").waitFor();
  assert.equal(await page.getByTestId("account").getAttribute("title"), ACCOUNTS[n - 1]);
}

/** Loads a page and waits for it to be hydrated. */
async function open(page: Page, url: string) {
  await page.goto(url);
  await waitForHydration(page);
}

/** The card (or its placeholder) of a video on the page. */
const card = (page: Page, title: string) => page.locator("article.card", { hasText: title });
const placeholder = (page: Page, videoId: string) =>
  page.locator(`[data-testid=filtered-placeholder][data-item="video:${videoId}"]`);

describe("viewer-side filters and shared lists", () => {
  let tmp: string;
  let stack: Stack | undefined;
  const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];
  let viewer: Page;
  let maintainer: Page;
  let web = "";
  const stamp = Date.now();
  const titles = { a: `Moth dance ${stamp}`, b: `Moth lamp ${stamp}`, c: `Finale explained ${stamp}` };
  const ids = { a: "", b: "", c: "" };
  const listName = `No spoilers ${stamp}`;
  let listId = "";
  let exported = "";

  const newPage = async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    page.setDefaultTimeout(30_000);
    return page;
  };

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-filters-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    // Three videos with real manifests: two by the author the viewer mutes, one by another.
    const ipfs = create({ url: stack.urls.ipfsRpc });
    const publish = async (key: `0x${string}`, title: string) => {
      const manifest = {
        schema: "chorus.video/1",
        title,
        description: "",
        durationSeconds: 4,
        width: 640,
        height: 360,
        master: "master.m3u8",
      };
      let root = "";
      for await (const entry of ipfs.addAll([{ path: "manifest.json", content: JSON.stringify(manifest) }], {
        cidVersion: 1,
        rawLeaves: true,
        wrapWithDirectory: true,
      }))
        if (entry.path === "") root = entry.cid.toString();
      const receipt = await send(stack!.urls.chain, key, {
        address: deployments[31337].Videos.address,
        abi: videosAbi,
        functionName: "publish",
        args: [cidBytes(root)],
      });
      const [event] = parseEventLogs({ abi: videosAbi, logs: receipt.logs, eventName: "VideoPublished" });
      return event!.args.videoId.toString();
    };
    ids.a = await publish(MUTED_KEY, titles.a);
    ids.b = await publish(MUTED_KEY, titles.b);
    ids.c = await publish(OTHER_KEY, titles.c);
    viewer = await newPage();
    maintainer = await newPage();
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a viewer without a wallet mutes an author by keyboard; their videos say why, are counted, and one is shown anyway", async () => {
    await open(viewer, web);
    await card(viewer, titles.c).waitFor({ timeout: 60_000 });
    await card(viewer, titles.a).waitFor();
    assert.equal(await viewer.getByTestId("account").count(), 0, "no wallet connected");

    // Keyboard: focus the card's ⋮ button, Enter opens the menu with focus on its first item, Enter mutes.
    await card(viewer, titles.a).getByTestId("video-menu").focus();
    await viewer.keyboard.press("Enter");
    await viewer.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "mute-author");
    await viewer.keyboard.press("Enter");

    for (const id of [ids.a, ids.b])
      assert.equal(await placeholder(viewer, id).locator("p").first().innerText(), "hidden: you muted this author");
    assert.equal(await card(viewer, titles.c).count(), 1, "the other author's video still shows");
    assert.equal(await card(viewer, titles.a).count(), 0, "the muted author's videos are not rendered");
    assert.match(
      await viewer.getByTestId("hidden-count").innerText(),
      /^2 hidden \(2 muted author\) — manage filters$/,
    );

    // Show anyway: one click (here: keyboard) reveals that one video; the count follows.
    await placeholder(viewer, ids.a).getByTestId("show-anyway").focus();
    await viewer.keyboard.press("Enter");
    await card(viewer, titles.a).waitFor();
    assert.equal(await placeholder(viewer, ids.b).count(), 1, "the other stays hidden");
    assert.match(await viewer.getByTestId("hidden-count").innerText(), /^1 hidden \(1 muted author\)/);
    await assertFitsWidth(viewer, "home with placeholders");
  });

  it("a maintainer creates a list and adds a video with a reason", async () => {
    await open(maintainer, `${web}/lists`);
    await connectAs(maintainer, 1);
    await maintainer.getByTestId("list-name").fill(listName);
    await maintainer.getByTestId("list-description").fill("Endings, twists and finales.");
    await maintainer.getByTestId("create-list").click();
    await maintainer.getByTestId("new-list-link").waitFor({ timeout: 60_000 });
    assert.equal(await maintainer.getByTestId("tx-status").getAttribute("data-step"), "indexed");
    await maintainer.getByTestId("new-list-link").click();
    await maintainer.waitForURL(/\/lists\/\d+$/);
    listId = new URL(maintainer.url()).pathname.split("/").at(-1)!;
    assert.equal(await maintainer.getByTestId("list-title").innerText(), listName);

    await maintainer.getByTestId("entry-kind").selectOption("video");
    await maintainer.getByTestId("entry-value").fill(ids.c);
    await maintainer.getByTestId("entry-reason").fill("reveals the ending");
    await maintainer.getByTestId("add-entry").click();
    await maintainer.locator("[data-testid=add-entry-status][data-step=indexed]").waitFor({ timeout: 60_000 });
    await maintainer.locator(`[data-testid=entry][data-value="${ids.c}"]`).waitFor();
    await assertFitsWidth(maintainer, "a list's page with the maintainer's tools");
  });

  it("the viewer subscribes: the video is hidden by the list with its reason, and counted", async () => {
    await open(viewer, `${web}/lists`);
    await viewer.locator(`[data-testid=list-row][data-list-id="${listId}"] [data-testid=subscribe]`).click();
    assert.equal(
      await viewer
        .locator(`[data-testid=list-row][data-list-id="${listId}"] [data-testid=subscribe]`)
        .getAttribute("aria-pressed"),
      "true",
    );
    await assertFitsWidth(viewer, "/lists");
    await open(viewer, web);
    await placeholder(viewer, ids.c).waitFor();
    assert.equal(
      await placeholder(viewer, ids.c).locator("p").first().innerText(),
      `hidden by your list “${listName}” (reason: reveals the ending)`,
    );
    const count = await viewer.getByTestId("hidden-count").innerText();
    assert.match(count, /^3 hidden \(/);
    assert.match(count, new RegExp(`1 by “${listName}”`));
    assert.match(count, /2 muted author/);
  });

  it("export, then import into a fresh browser, restores the subscription and the mute", async () => {
    await open(viewer, `${web}/filters`);
    await viewer.locator(`[data-testid=subscription][data-list-id="${listId}"]`).waitFor();
    await assertFitsWidth(viewer, "/filters");
    const [download] = await Promise.all([
      viewer.waitForEvent("download"),
      viewer.getByTestId("export-filters").click(),
    ]);
    exported = path.join(tmp, "chorus-filters.json");
    await download.saveAs(exported);

    const fresh = await newPage();
    await open(fresh, `${web}/filters`);
    await fresh.locator("[data-testid=filters-page][data-ready=true]").waitFor();
    await fresh.getByTestId("no-subscriptions").waitFor();
    await fresh.getByTestId("import-filters").setInputFiles(exported);
    assert.match(
      await fresh.getByTestId("import-result").innerText(),
      /^Imported chorus-filters\.json: 1 lists, 1 authors/,
    );
    await fresh.locator(`[data-testid=subscription][data-list-id="${listId}"]`).waitFor();
    await open(fresh, web);
    await placeholder(fresh, ids.c).waitFor();
    assert.match(await placeholder(fresh, ids.c).innerText(), /reveals the ending/);
    await placeholder(fresh, ids.a).waitFor();

    // A file that isn't a filters export is refused with what was wrong; the filters stay.
    await open(fresh, `${web}/filters`);
    await fresh.getByTestId("import-filters").setInputFiles({
      name: "other.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ hello: "world" })),
    });
    assert.match(
      await fresh.getByTestId("import-result").innerText(),
      /Nothing was imported — other\.json isn't a valid filters file/,
    );
    await fresh.locator(`[data-testid=subscription][data-list-id="${listId}"]`).waitFor();
  });

  it("account 2 reports a video to the list; the maintainer sees the report and accepts it", async () => {
    await connectAs(maintainer, 2);
    await open(maintainer, web);
    await card(maintainer, titles.b).getByTestId("video-menu").click();
    await maintainer.getByTestId("report-video").click();
    const dialog = maintainer.getByTestId("report-dialog");
    await dialog.getByTestId("report-list").locator(`option[value="${listId}"]`).waitFor({ state: "attached" });
    await dialog.getByTestId("report-list").selectOption(listId);
    await dialog.getByTestId("report-reason").fill("the lamp scene spoils the finale");
    await assertFitsWidth(maintainer, "the report dialog");
    await dialog.getByTestId("report-submit").click();
    await dialog.locator("[data-testid=report-status][data-step=indexed]").waitFor({ timeout: 60_000 });
    await dialog.getByTestId("report-list-link").click();
    await maintainer.waitForURL(`**/lists/${listId}`);
    const report = maintainer.locator("[data-testid=report][data-status=open]");
    await report.waitFor();
    assert.match(await report.innerText(), /the lamp scene spoils the finale/);
    assert.match(await report.innerText(), new RegExp(`video #${ids.b}`));
    assert.equal(await report.getByTestId("accept-report").count(), 0, "only the maintainer decides");

    await connectAs(maintainer, 1);
    await maintainer
      .locator("[data-testid=report][data-status=open]")
      .getByTestId("resolve-reason")
      .fill("spoils the finale");
    await maintainer.locator("[data-testid=report][data-status=open]").getByTestId("accept-report").click();
    const accepted = maintainer.locator("[data-testid=report][data-status=accepted]");
    await accepted.waitFor({ timeout: 60_000 });
    assert.match(
      await accepted.getByTestId("report-resolution").innerText(),
      /^Accepted by the maintainer: spoils the finale$/,
    );
    await maintainer.locator(`[data-testid=entry][data-value="${ids.b}"]`).waitFor();
    assert.match(
      await maintainer.locator(`[data-testid=entry][data-value="${ids.b}"]`).innerText(),
      new RegExp(`spoils the finale[\\s\\S]*from report #${await accepted.getAttribute("data-report-id")}`),
    );
  });

  it("account 2 reports someone's comment from under the video; the list's page shows the report", async () => {
    const receipt = await send(stack!.urls.chain, OTHER_KEY, {
      address: deployments[31337].Comments.address,
      abi: commentsAbi,
      functionName: "comment",
      args: [0, BigInt(ids.c), 0n, "the twist is that the lamp was on all along"],
    });
    const [event] = parseEventLogs({ abi: commentsAbi, logs: receipt.logs, eventName: "CommentPosted" });
    const commentId = String(event!.args.commentId);
    await connectAs(maintainer, 2);
    await open(maintainer, `${web}/watch/${ids.c}`);
    const comment = maintainer.locator(`[data-testid=comment][data-comment-id="${commentId}"]`);
    await comment.waitFor({ timeout: 60_000 });
    await comment.getByTestId("comment-report").click();
    const dialog = maintainer.getByTestId("report-dialog");
    await dialog.getByTestId("report-list").locator(`option[value="${listId}"]`).waitFor({ state: "attached" });
    await dialog.getByTestId("report-list").selectOption(listId);
    await dialog.getByTestId("report-reason").fill("spoils the twist in a comment");
    await dialog.getByTestId("report-submit").click();
    await dialog.locator("[data-testid=report-status][data-step=indexed]").waitFor({ timeout: 60_000 });
    await maintainer.goto(`${web}/lists/${listId}`);
    const report = maintainer.locator("[data-testid=report][data-status=open]", { hasText: "spoils the twist" });
    await report.waitFor();
    assert.match(await report.innerText(), new RegExp(`comment #${commentId}`));
  });
});
