// Instance settings (issue 13, "WordPress for video"): two web servers from one build on one chain, indexer and IPFS
// node, in headless Chromium at 360 px. Instance A runs with the defaults: Chorus's name, every video, no switch.
// Instance B is named "Owl Watch", has an accent colour and is scoped to one creator and one tag: its front page and
// search show only that scope, with a keyboard-reachable "This instance · All of Chorus" switch that says what the
// scope is, All of Chorus shows every video, and a video outside the scope still opens by its URL.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, videosAbi } from "@chorus/deployments";
import { create } from "kubo-rpc-client";
import type { Page } from "playwright-core";
import { parseEventLogs } from "viem";
import { freePort, type Service, waitFor } from "../../scripts/lib/process.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { addressOf, cidBytes, send, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const SCOPED_KEY = TEST_KEYS[2];
const TAGGER_KEY = TEST_KEYS[3];
const STRANGER_KEY = TEST_KEYS[1];
const ACCENT = "#e0462f";

describe("instance settings: two differently configured instances on one chain", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let webB: Service | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let webA = "";
  let webBUrl = "";
  const ids: Record<string, string> = {};
  const stamp = Date.now();
  const titles = {
    scoped: `Heron at the weir ${stamp}`,
    tagged: `Barn owl hunting ${stamp}`,
    other: `Traffic timelapse ${stamp}`,
  };

  async function manifestCid(title: string, tags: string[]): Promise<string> {
    const manifest = {
      schema: "chorus.video/1",
      title,
      description: "",
      tags,
      durationSeconds: 4,
      width: 640,
      height: 360,
      master: "master.m3u8",
    };
    for await (const entry of create({ url: stack!.urls.ipfsRpc }).addAll(
      [{ path: "manifest.json", content: JSON.stringify(manifest) }],
      { cidVersion: 1, rawLeaves: true, wrapWithDirectory: true },
    ))
      if (entry.path === "") return entry.cid.toString();
    throw new Error("no root CID");
  }
  async function publish(key: `0x${string}`, title: string, tags: string[] = []): Promise<string> {
    const receipt = await send(stack!.urls.chain, key, {
      address: deployments[31337].Videos.address,
      abi: videosAbi,
      functionName: "publish",
      args: [cidBytes(await manifestCid(title, tags))],
    });
    return parseEventLogs({
      abi: videosAbi,
      logs: receipt.logs,
      eventName: "VideoPublished",
    })[0]!.args.videoId.toString();
  }
  async function open(url: string) {
    await page.goto(url);
    await waitForHydration(page);
  }
  const card = (title: string) => page.locator("article.card", { hasText: title });
  const shown = async () => {
    const shownTitles: string[] = [];
    for (const title of Object.values(titles)) if ((await card(title).count()) > 0) shownTitles.push(title);
    return shownTitles;
  };

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-instance-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    webA = stack.urls.web!;
    ids.scoped = await publish(SCOPED_KEY, titles.scoped);
    ids.tagged = await publish(TAGGER_KEY, titles.tagged, ["Night Owls"]);
    ids.other = await publish(STRANGER_KEY, titles.other, ["traffic"]);
    // The pages render on the server: wait until the catalogue has the videos and the search table their tags.
    await waitFor(
      async () => {
        const tagged = await fetch(`${stack!.urls.indexer}/search?tag=night-owls`).then((r) => r.json());
        const all = await fetch(`${stack!.urls.indexer}/videos`).then((r) => r.json());
        return tagged.items?.length === 1 && all.items?.length === 3;
      },
      { timeoutMs: 60_000, what: "the indexer to list the three videos and the tag" },
    );

    const port = await freePort();
    webBUrl = `http://127.0.0.1:${port}`;
    webB = await stack.startWeb(port, {
      INSTANCE_NAME: "Owl Watch",
      INSTANCE_ACCENT: ACCENT,
      INSTANCE_SCOPE_CREATORS: addressOf(SCOPED_KEY),
      INSTANCE_SCOPE_TAGS: "#Night Owls",
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
    await webB?.stop();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("B shows its name and accent, and its front page lists only its scope, saying what it is", async () => {
    await open(`${webBUrl}/`);
    assert.equal(await page.title(), "Owl Watch");
    assert.equal(await page.getByTestId("instance-home").getAttribute("aria-label"), "Owl Watch — home");
    assert.equal(await page.getByTestId("instance-name").textContent(), "Owl Watch");
    const colours = await page.evaluate(() => {
      const root = getComputedStyle(document.documentElement);
      const current = document.querySelector("[data-testid=scope-instance]")!;
      return {
        accent: root.getPropertyValue("--accent").trim(),
        strong: root.getPropertyValue("--accent-strong").trim(),
        switchBackground: getComputedStyle(current).backgroundColor,
      };
    });
    assert.equal(colours.accent, ACCENT);
    assert.notEqual(colours.strong, "#6650f0", "the buttons' colour is the instance's, not Chorus's");
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colours.strong.slice(i, i + 2), 16));
    assert.equal(colours.switchBackground, `rgb(${r}, ${g}, ${b})`, "the switch's current choice wears the accent");

    await card(titles.scoped).waitFor();
    assert.deepEqual(await shown(), [titles.scoped, titles.tagged], "the scoped creator's and the tagged video only");
    assert.equal(await page.getByTestId("scope-instance").getAttribute("aria-current"), "page");
    assert.equal(await page.getByTestId("scope-all").getAttribute("aria-current"), null);
    assert.match(
      (await page.getByTestId("scope-description").textContent()) ?? "",
      /Showing videos from 1 creator and the tag #night-owls, chosen by this instance/,
    );
    await assertFitsWidth(page, "B's front page at 360 px");
  });

  it("B's switch to All of Chorus (by keyboard) shows every video, and back", async () => {
    await open(`${webBUrl}/`);
    await page.getByTestId("scope-all").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?all=1$/);
    await card(titles.other).waitFor();
    assert.deepEqual((await shown()).sort(), Object.values(titles).sort());
    assert.equal(await page.getByTestId("scope-all").getAttribute("aria-current"), "page");
    assert.match((await page.getByTestId("scope-description").textContent()) ?? "", /every video on Chorus/);
    await page.getByTestId("scope-instance").click();
    await page.waitForURL((url) => url.search === "");
    await card(titles.scoped).waitFor();
    assert.equal(await card(titles.other).count(), 0);
  });

  it("B's search defaults to its scope, with the same switch", async () => {
    await open(`${webBUrl}/search`);
    await page.getByTestId("search-results").waitFor();
    assert.deepEqual(await shown(), [titles.scoped, titles.tagged]);
    await assertFitsWidth(page, "B's search at 360 px");
    await open(`${webBUrl}/search?q=${encodeURIComponent("traffic")}`);
    assert.equal(await card(titles.other).count(), 0, "outside the scope");
    await page.getByTestId("scope-all").click();
    await page.waitForURL(/all=1/);
    await card(titles.other).waitFor();
    // A new search from the form stays in all of Chorus.
    await page.getByTestId("search-page-input").fill("timelapse");
    await page.getByTestId("search-submit").click();
    await page.waitForURL(/q=timelapse/);
    assert.match(page.url(), /all=1/);
    await card(titles.other).waitFor();
  });

  it("B opens a video and its creator's page outside its scope by URL", async () => {
    await open(`${webBUrl}/watch/${ids.other}`);
    assert.equal(await page.locator("h1.watch-title").textContent(), titles.other);
    await assertFitsWidth(page, "B's watch page at 360 px");
    await open(`${webBUrl}/creator/${addressOf(STRANGER_KEY)}`);
    await card(titles.other).waitFor();
  });

  it("A, with the defaults, is Chorus: every video and no switch", async () => {
    await open(`${webA}/`);
    assert.equal(await page.title(), "Chorus");
    assert.equal(await page.getByTestId("instance-name").textContent(), "Chorus");
    await card(titles.other).waitFor();
    assert.deepEqual((await shown()).sort(), Object.values(titles).sort());
    assert.equal(await page.getByTestId("scope-switch").count(), 0);
    const accent = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue("--accent-strong").trim(),
    );
    assert.equal(accent, "#6650f0");
    await open(`${webA}/search`);
    await card(titles.other).waitFor();
    assert.equal(await page.getByTestId("scope-switch").count(), 0);
    await assertFitsWidth(page, "A's front page at 360 px");
  });
});
