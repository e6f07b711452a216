// Importing a YouTube Takeout (issue 13, "Imports"), through the UI in headless Chromium at 360 px against the whole
// real stack: a tiny Takeout folder (two short clips, an unlisted third, and a videos.csv with quoted commas, doubled
// quotes, a multi-line description and a row whose file is missing) is picked as a folder; the page lists the videos
// with their CSV titles and dates, the unlisted one unticked and labelled, the missing file said; the dev wallet
// connects by keyboard; "Import 2 videos" uploads both through the worker, one signature each; both are indexed with
// the CSV's titles, descriptions and original dates in their manifests, and the watch page says "Originally published".
// Then, with the worker's limit set low (WORKER_MAX_UPLOAD_BYTES), the upload studio refuses a bigger file before
// sending a byte, saying the limit; and a PeerTube export (peertube/videos.json as PeerTube 6 writes it, two clips and a
// file over the limit) is imported: the big one is unticked and says why, the page is reloaded after the first video
// is published, offers to resume, and once the folder is chosen again skips the published one and imports the other.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { makeClip } from "../lib/media.ts";

const PHONE = { width: 360, height: 740 };
/** Low enough that a 1.2 MB file is over it; the 2 s clips (~200 KB) are well under. */
const MAX_UPLOAD = 1_000_000;

describe("importing a YouTube Takeout", () => {
  let tmp: string;
  let takeout: string;
  let peertube: string;
  let bigFile: string;
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
  const ptFirst = {
    uuid: "6b1d2f0e-0000-4000-8000-000000000001",
    name: `Bastille day walk ${stamp}`,
    description: "Filmed on PeerTube first.",
    tags: ["Walks", "summer"],
  };
  const ptSecond = { uuid: "6b1d2f0e-0000-4000-8000-000000000002", name: `Fireworks ${stamp}` };
  const ptBig = { uuid: "6b1d2f0e-0000-4000-8000-000000000003", name: `The long cut ${stamp}` };
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

    // A PeerTube user export, unzipped: peertube/videos.json names each video's file relative to itself.
    peertube = path.join(tmp, "peertube-export");
    const files = path.join(peertube, "files", "videos", "video-files");
    await mkdir(path.join(peertube, "peertube"), { recursive: true });
    await mkdir(files, { recursive: true });
    for (const v of [ptFirst, ptSecond])
      await makeClip(path.join(files, `${v.uuid}.mp4`), { seconds: 2, width: 320, height: 180 });
    bigFile = path.join(files, `${ptBig.uuid}.mp4`);
    await writeFile(bigFile, randomBytes(1_200_000));
    const entry = (v: { uuid: string; name: string; description?: string; tags?: string[] }) => ({
      uuid: v.uuid,
      createdAt: "2024-02-01T10:00:00.000Z",
      updatedAt: "2024-02-01T10:00:00.000Z",
      publishedAt: "2024-02-01T10:00:00.000Z",
      originallyPublishedAt: "2018-07-14T12:00:00.000Z",
      name: v.name,
      tags: v.tags ?? [],
      privacy: 1,
      duration: 2,
      description: v.description ?? null,
      isLive: false,
      channel: { name: "main_channel" },
      archiveFiles: { videoFile: `../files/videos/video-files/${v.uuid}.mp4`, thumbnail: null, captions: {} },
    });
    await writeFile(
      path.join(peertube, "peertube", "videos.json"),
      JSON.stringify({ videos: [ptFirst, ptSecond, ptBig].map(entry) }, null, 2),
    );

    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: { WORKER_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) },
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
    await page.getByRole("link", { name: /Import your videos from a Takeout or PeerTube export/ }).click();
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

  const jobCount = async () =>
    ((await (await fetch(`${stack!.urls.worker}/jobs`)).json()) as { jobs: unknown[] }).jobs.length;

  it("the upload studio refuses a file over the worker's limit before sending it, saying the limit", async () => {
    const before = await jobCount();
    await page.goto(`${stack!.urls.web}/upload`);
    await waitForHydration(page);
    await page.getByTestId("upload-file").setInputFiles(bigFile);
    const error = page.getByRole("alert").filter({ hasText: "this node accepts files up to" });
    assert.match(
      await error.innerText(),
      /is 1\.2 MB; this node accepts files up to 1\.0 MB\. Trim it or re-encode it smaller .* raise WORKER_MAX_UPLOAD_BYTES\./,
    );
    assert.equal(await jobCount(), before, "no job: nothing was sent to the worker");
  });

  it("imports a PeerTube export, and after a reload resumes it without publishing a video twice", async () => {
    await page.goto(`${stack!.urls.web}/upload/import`);
    await waitForHydration(page);
    await page.getByTestId("import-folder").setInputFiles(peertube);
    await page.getByRole("heading", { name: "3 videos found" }).waitFor();
    const items = page.getByTestId("import-item");
    const firstItem = items.filter({ hasText: ptFirst.name });
    assert.match(await firstItem.innerText(), /Originally published 14 Jul 2018/);
    assert.match(await firstItem.innerText(), /Filmed on PeerTube first\./);
    assert.match(await firstItem.innerText(), /#walks #summer/);
    const bigItem = items.filter({ hasText: ptBig.name });
    assert.equal(await bigItem.getAttribute("data-selected"), "false", "over the limit: unticked");
    assert.match(await bigItem.getByTestId("import-too-big-why").innerText(), /this node accepts files up to 1\.0 MB/);
    await assertFitsWidth(page, "import, PeerTube review");

    const start = page.getByTestId("import-start");
    assert.equal(await start.innerText(), "Import 2 videos");
    await page.waitForFunction(
      () => !document.querySelector<HTMLButtonElement>("[data-testid=import-start]")?.disabled,
    );
    await start.focus();
    await page.keyboard.press("Enter");
    await firstItem.and(page.locator("[data-step=done]")).waitFor({ timeout: 120_000 });

    // Reload while the second is under way: the leave guard asks, and leaving is confirmed.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.reload();
    await waitForHydration(page);
    const offer = page.getByTestId("import-resume");
    assert.match(await offer.innerText(), /Resume: 1 of 2 published/);
    await assertFitsWidth(page, "import, resume offer");

    await page.getByTestId("import-folder").setInputFiles(peertube);
    await page.getByTestId("import-resumed").getByText("1 video already published is skipped").waitFor();
    assert.equal(await firstItem.getAttribute("data-step"), "done", "the published one is not imported again");
    const proceed = page.getByTestId("import-continue");
    assert.equal(await proceed.innerText(), "Continue: import 1 more video");
    await page.waitForFunction(
      () => !document.querySelector<HTMLButtonElement>("[data-testid=import-continue]")?.disabled,
    );
    await proceed.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("import-summary").filter({ hasText: "2 of 2 imported" }).waitFor({ timeout: 180_000 });
    assert.equal(await bigItem.getAttribute("data-step"), "waiting");
    assert.equal(
      await page.evaluate(() => localStorage.getItem("chorus.import")),
      null,
      "a finished batch is forgotten",
    );

    const { items: videos } = (await (await fetch(`${stack!.urls.indexer}/videos?limit=50`)).json()) as {
      items: {
        manifest: { title: string; description: string; tags?: string[]; originallyPublishedAt?: string } | null;
      }[];
    };
    const titled = (title: string) => videos.filter((v) => v.manifest?.title === title);
    assert.equal(titled(ptFirst.name).length, 1, "published once, not again after the reload");
    assert.equal(titled(ptSecond.name).length, 1);
    assert.equal(titled(ptBig.name).length, 0);
    const first = titled(ptFirst.name)[0]!.manifest!;
    assert.equal(first.description, ptFirst.description);
    assert.deepEqual(first.tags, ["walks", "summer"]);
    assert.equal(first.originallyPublishedAt, "2018-07-14T12:00:00.000Z");
  });
});
