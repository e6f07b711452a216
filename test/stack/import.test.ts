// Importing a YouTube Takeout (issue 13, "Imports"), through the UI in headless Chromium at 360 px against the whole
// real stack: a tiny Takeout folder (two short clips, an unlisted third, and a videos.csv with quoted commas, doubled
// quotes, a multi-line description and a row whose file is missing) is picked as a folder; the page lists the videos
// with their CSV titles and dates, the unlisted one unticked and labelled, the missing file said; the dev wallet
// connects by keyboard; "Import 2 videos" uploads both through the worker, one signature each; both are indexed with
// the CSV's titles, descriptions and original dates in their manifests, and the watch page says "Originally published".
import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { makeClip } from "../lib/media.ts";

const PHONE = { width: 360, height: 740 };

describe("importing a YouTube Takeout", () => {
  let tmp: string;
  let takeout: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  const stamp = Date.now();
  const first = {
    title: `Noodles, the "right" way ${stamp}`,
    file: `Noodles, the right way ${stamp}.mp4`,
    description: 'Step one, boil.\nStep two: "wait".\n\nhttps://example.org/recipe',
    published: "2019-05-17T09:30:00+00:00",
  };
  const second = {
    title: `What? A test pattern ${stamp}`,
    file: `What A test pattern ${stamp}.mp4`,
    description: "A short one.",
    published: "2021-11-02T20:00:00+00:00",
  };
  const unlisted = { title: `Draft cut ${stamp}`, file: `Draft cut ${stamp}.mp4` };
  const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-import-"));
    takeout = path.join(tmp, "Takeout");
    const youtube = path.join(takeout, "YouTube and YouTube Music");
    await mkdir(path.join(youtube, "videos"), { recursive: true });
    await mkdir(path.join(youtube, "video metadata"), { recursive: true });
    await makeClip(path.join(youtube, "videos", first.file), { seconds: 2, width: 320, height: 180 });
    await makeClip(path.join(youtube, "videos", second.file), { seconds: 2, width: 320, height: 180 });
    await copyFile(path.join(youtube, "videos", second.file), path.join(youtube, "videos", unlisted.file));
    const header =
      "Video ID,Approx Duration (ms),Video Audio Language,Video Category,Video Description (Original),Channel ID,Video Title (Original),Privacy,Video State,Video Create Timestamp,Video Publish Timestamp";
    const row = (id: string, v: { title: string; description?: string; published?: string }, privacy: string) =>
      [
        id,
        "2000",
        "en",
        "Education",
        csvCell(v.description ?? ""),
        "UCtest",
        csvCell(v.title),
        privacy,
        "Processed",
        v.published ?? "",
        v.published ?? "",
      ].join(",");
    await writeFile(
      path.join(youtube, "video metadata", "videos.csv"),
      [
        header,
        row("vid00000001", first, "Public"),
        row("vid00000002", second, "Public"),
        row("vid00000003", unlisted, "Unlisted"),
        row("vid00000004", { title: `Lost in the export ${stamp}` }, "Public"),
        "",
      ].join("\r\n"),
    );

    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
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

  it("lists the folder's videos with the CSV's details, imports the ticked ones with one signature each", async () => {
    await page.goto(`${stack!.urls.web}/upload`);
    await waitForHydration(page);
    await page.getByRole("link", { name: /Import your videos from a Takeout export/ }).click();
    await page.waitForURL("**/upload/import");
    await waitForHydration(page);
    await assertFitsWidth(page, "import, picking");

    await page.getByTestId("import-folder").setInputFiles(takeout);
    const items = page.getByTestId("import-item");
    await page.getByRole("heading", { name: "3 videos found" }).waitFor();
    const missing = page.getByTestId("import-missing-files");
    assert.match(await missing.innerText(), /1 video in videos\.csv has no\s+file/);

    const firstItem = items.filter({ hasText: first.title });
    assert.match(await firstItem.innerText(), /Originally published 17 May 2019/);
    assert.match(await firstItem.innerText(), /Step one, boil\./);
    const unlistedItem = items.filter({ hasText: unlisted.title });
    assert.equal(await unlistedItem.getAttribute("data-selected"), "false", "unlisted: unticked by default");
    assert.match(await unlistedItem.getByTestId("import-privacy").innerText(), /Unlisted on YouTube/);
    assert.equal(await unlistedItem.getByRole("checkbox").isChecked(), false);
    await assertFitsWidth(page, "import, review");

    // Keyboard: the dev wallet from the page's own prompt, then the import button.
    const devWallet = page.getByRole("button", { name: "Use the dev wallet (test account 1)" });
    await devWallet.focus();
    await page.keyboard.press("Enter");
    const start = page.getByTestId("import-start");
    assert.equal(await start.innerText(), "Import 2 videos");
    await page.waitForFunction(
      () => !document.querySelector<HTMLButtonElement>("[data-testid=import-start]")?.disabled,
    );
    await start.focus();
    await page.keyboard.press("Enter");

    await page.getByTestId("import-summary").filter({ hasText: "2 of 2 imported" }).waitFor({ timeout: 240_000 });
    assert.equal(await items.filter({ hasText: first.title }).getAttribute("data-step"), "done");
    assert.equal(await items.filter({ hasText: second.title }).getAttribute("data-step"), "done");
    assert.equal(await unlistedItem.getAttribute("data-step"), "waiting", "the unticked video is not imported");
    const txStates = await page.getByTestId("import-tx").allInnerTexts();
    assert.equal(txStates.length, 2);
    for (const text of txStates) assert.match(text, /^Indexed/);
    await assertFitsWidth(page, "import, done");
  });

  it("both videos are in the catalogue with the CSV's titles, descriptions and original dates", async () => {
    const response = await fetch(`${stack!.urls.indexer}/videos?limit=50`);
    const { items } = (await response.json()) as {
      items: {
        id: string;
        manifest: { title: string; description: string; originallyPublishedAt?: string } | null;
      }[];
    };
    const byTitle = new Map(items.map((v) => [v.manifest?.title, v]));
    const a = byTitle.get(first.title);
    const b = byTitle.get(second.title);
    assert.ok(a && b, `both imported videos are indexed (found: ${[...byTitle.keys()].join(" | ")})`);
    assert.equal(a.manifest!.description, first.description);
    assert.equal(a.manifest!.originallyPublishedAt, "2019-05-17T09:30:00.000Z");
    assert.equal(b.manifest!.description, second.description);
    assert.equal(b.manifest!.originallyPublishedAt, "2021-11-02T20:00:00.000Z");
    assert.ok(!byTitle.has(unlisted.title), "the unticked video was not published");

    await page.goto(`${stack!.urls.web}/watch/${a.id}`);
    await waitForHydration(page);
    assert.equal(await page.getByTestId("originally-published").innerText(), "Originally published 17 May 2019");
  });
});
