// Playlists kept in the browser (issue 13), through the UI in headless Chromium at 360 px against the whole real stack,
// for a viewer without a wallet: Save two videos to a new playlist from their watch pages (the dialog by keyboard),
// reorder them on the playlist's page, Export it (the downloaded file is read), clear localStorage, Import the file
// back, then play the list: the watch page shows it with the current video marked, Next goes to the second video, and
// the end of a video goes to the next one. A malformed import says what was wrong and changes nothing.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { addDirectory } from "../../indexer/test/support.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { publishVideo, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const CREATOR_KEY = TEST_KEYS[2];

describe("playlists kept in the browser", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let web = "";
  const stamp = Date.now();
  const titles = { first: `Heron at dawn ${stamp}`, second: `Tide pools ${stamp}` };
  const ids = { first: "", second: "" };
  let playlistId = "";
  let exported = "";

  /** Publishes a video that is only a manifest (nothing in these tests plays it); returns its id. */
  async function publish(title: string): Promise<string> {
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
    return (await publishVideo(stack!.urls.chain, cid, CREATOR_KEY)).videoId.toString();
  }
  async function open(url: string) {
    await page.goto(url);
    await waitForHydration(page);
  }
  const itemTitles = () => page.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts();

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-playlists-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    ids.first = await publish(titles.first);
    ids.second = await publish(titles.second);
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

  it("saves two videos to a new playlist from their watch pages, by keyboard, without a wallet", async () => {
    // The watch page needs the indexer to have the video: wait for it like a viewer would, by reloading.
    for (let i = 0; ; i++) {
      await open(`${web}/watch/${ids.second}`);
      if ((await page.getByTestId("save-to-playlist").count()) > 0) break;
      if (i > 30) assert.fail("the second video never appeared on its watch page");
      await page.waitForTimeout(1000);
    }
    await open(`${web}/watch/${ids.first}`);
    await page.getByTestId("save-to-playlist").focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("save-dialog");
    await dialog.waitFor();
    await dialog.getByText("You have no playlists yet").waitFor();
    // An empty name is refused with the reason; a name creates the playlist with the video in it.
    await page.getByTestId("create-playlist").click();
    await dialog.getByText("Give the playlist a name.").waitFor();
    await page.getByTestId("new-playlist-name").fill("Evening walks");
    await page.getByTestId("new-playlist-name").press("Enter");
    await page.getByTestId("save-status").getByText("Saved to the new playlist “Evening walks”.").waitFor();
    assert.equal(await page.getByTestId("playlist-choice").isChecked(), true);
    await assertFitsWidth(page, "save dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "save-to-playlist",
      "closing gives the focus back to Save",
    );

    await open(`${web}/watch/${ids.second}`);
    await page.getByTestId("save-to-playlist").click();
    await page.getByTestId("playlist-choice").focus();
    await page.keyboard.press("Space");
    await page.getByTestId("save-status").getByText("Saved to “Evening walks”.").waitFor();
    await page.keyboard.press("Escape");
  });

  it("lists the playlist and reorders it with Up and Down", async () => {
    await open(web);
    await page.getByTestId("playlists-link").click();
    await page.waitForURL(`${web}/playlists`);
    const card = page.getByTestId("playlist-card");
    await card.waitFor();
    assert.match(await card.innerText(), /Evening walks[\s\S]*2 videos/);
    await assertFitsWidth(page, "/playlists");
    await card.getByRole("link", { name: "Evening walks" }).click();
    await page.waitForURL(/\/playlists\/[a-z0-9]+$/);
    playlistId = page.url().split("/").pop()!;
    await page.getByTestId("playlist-item").nth(1).waitFor();
    assert.deepEqual(await itemTitles(), [titles.first, titles.second]);
    // The first's Up is disabled; the second's Up, by keyboard, swaps them.
    assert.equal(await page.getByRole("button", { name: `Move “${titles.first}” up` }).isDisabled(), true);
    await page.getByRole("button", { name: `Move “${titles.second}” up` }).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("playlist-status").getByText(`Moved “${titles.second}” to position 1.`).waitFor();
    assert.deepEqual(await itemTitles(), [titles.second, titles.first]);
    await assertFitsWidth(page, "/playlists/<id>");
  });

  it("exports the playlists, and after localStorage is cleared imports them back; a malformed file changes nothing", async () => {
    await open(`${web}/playlists`);
    await page.getByTestId("playlist-card").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-playlists").click()]);
    exported = path.join(tmp, "chorus-playlists.json");
    await download.saveAs(exported);
    const file = JSON.parse(await readFile(exported, "utf8")) as {
      schema: string;
      playlists: { id: string; name: string; items: { videoId: string; title: string }[] }[];
    };
    assert.equal(file.schema, "chorus.playlists/1");
    assert.equal(file.playlists.length, 1);
    assert.equal(file.playlists[0]!.id, playlistId);
    assert.equal(file.playlists[0]!.name, "Evening walks");
    assert.deepEqual(
      file.playlists[0]!.items.map((i) => i.videoId),
      [ids.second, ids.first],
    );

    await page.evaluate(() => localStorage.clear());
    await open(`${web}/playlists`);
    await page.getByText("No playlists yet").waitFor();

    // Malformed files first: each says what was wrong, and the browser still has no playlists.
    await page.getByTestId("import-playlists").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from("{ this is not json"),
    });
    await page.getByTestId("playlists-import-result").filter({ hasText: "broken.json" }).waitFor();
    assert.match(
      await page.getByTestId("playlists-import-result").innerText(),
      /^Nothing was imported — broken\.json can't be read: it isn't JSON\./,
    );
    await page.getByTestId("import-playlists").setInputFiles({
      name: "filters.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ schema: "chorus.filters/1", mutedWords: [] })),
    });
    // The file is read asynchronously: wait for its message to replace the previous file's.
    await page.getByTestId("playlists-import-result").filter({ hasText: "filters.json" }).waitFor();
    assert.match(
      await page.getByTestId("playlists-import-result").innerText(),
      /Nothing was imported — filters\.json can't be read: it doesn't say schema "chorus\.playlists\/1"/,
    );
    assert.equal(await page.getByTestId("playlist-card").count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem("chorus.playlists")), null);

    await page.getByTestId("import-playlists").setInputFiles(exported);
    // Read asynchronously too: wait for this file's message before reading it.
    await page.getByTestId("playlists-import-result").filter({ hasText: "chorus-playlists.json" }).waitFor();
    assert.match(
      await page.getByTestId("playlists-import-result").innerText(),
      /^Imported chorus-playlists\.json: 1 playlist added/,
    );
    await page.getByTestId("playlist-card").waitFor();
    // Importing the same file again changes nothing (merging, not duplicating).
    await page.getByTestId("import-playlists").setInputFiles(exported);
    await page.getByTestId("playlists-import-result").getByText("you already had everything in it").waitFor();
    assert.equal(await page.getByTestId("playlist-card").count(), 1);
  });

  it("plays the list: the current video is marked, Next reaches the second, and a video's end plays the next", async () => {
    await open(`${web}/playlists/${playlistId}`);
    await page.getByTestId("play-all").click();
    await page.waitForURL(`${web}/watch/${ids.second}?list=${playlistId}`);
    const panel = page.getByTestId("playlist-panel");
    await panel.waitFor();
    assert.equal(await page.getByTestId("playlist-position").innerText(), "1 / 2");
    assert.equal(await panel.locator("a[aria-current=true]").innerText(), `1. ${titles.second}`);
    await assertFitsWidth(page, "/watch?list=");

    await page.getByTestId("playlist-next").click();
    await page.waitForURL(`${web}/watch/${ids.first}?list=${playlistId}`);
    await page.getByTestId("playlist-position").getByText("2 / 2").waitFor();
    assert.equal(await panel.locator("a[aria-current=true]").innerText(), `2. ${titles.first}`);
    await page.getByTestId("playlist-end").waitFor();

    // The player's end (its `ended` event, as the element fires it) moves on to the next video.
    await open(`${web}/watch/${ids.second}?list=${playlistId}`);
    await page.getByTestId("playlist-next").waitFor();
    await page.evaluate(() => document.querySelector("video[data-testid=player]")?.dispatchEvent(new Event("ended")));
    await page.waitForURL(`${web}/watch/${ids.first}?list=${playlistId}`);
  });
});
