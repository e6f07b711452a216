// Search through the UI against the whole real stack: videos with tags are published (manifests added to the stack's
// IPFS node, Videos.publish signed by the creator's key); a viewer without a wallet types in the top bar's search box,
// moves through the suggestions with the arrow keys and opens one, follows a tag on the watch page to its tag page,
// searches and filters the results by length, meets the no-result state, and uses it all at 360 px.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser } from "../lib/browser.ts";
import { publishVideo } from "../lib/chain.ts";
import { waitFor } from "../../scripts/lib/process.ts";

const PHONE = { width: 360, height: 740 };
const VIDEOS = [
  {
    title: "Cooking pasta at home",
    description: "A simple tomato sauce.",
    tags: ["cooking", "italian"],
    durationSeconds: 120,
  },
  {
    title: "Pasta history",
    description: "How noodles travelled.",
    tags: ["history", "cooking"],
    durationSeconds: 1500,
  },
  { title: "Mountain bike trails", description: "Downhill all day.", tags: ["bikes"], durationSeconds: 600 },
];

describe("search", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const ids: Record<string, string> = {};

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-search-stack-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    const ipfs = create({ url: stack.urls.ipfsRpc });
    for (const video of VIDEOS) {
      const manifest = {
        schema: "chorus.video/1",
        width: 426,
        height: 240,
        master: "master.m3u8",
        renditions: [],
        ...video,
      };
      let root = "";
      for await (const entry of ipfs.addAll([{ path: "manifest.json", content: JSON.stringify(manifest) }], {
        ...KUBO_ADD_OPTIONS,
        wrapWithDirectory: true,
      }))
        if (entry.path === "") root = entry.cid.toString();
      ids[video.title] = (await publishVideo(stack.urls.chain, root)).videoId.toString();
    }
    // Searchable once the indexer has the videos and their text from IPFS.
    await waitFor(
      async () => {
        const body = (await (await fetch(`${stack!.urls.indexer}/search?q=trails`)).json()) as { items: unknown[] };
        return body.items.length === 1;
      },
      { timeoutMs: 30_000, what: "the videos in search" },
    );
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("suggests as you type, by keyboard; a tag on the watch page leads to its tag page", async () => {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${stack!.urls.web}/`);
    const box = page.getByRole("combobox", { name: "Search videos, channels and creators" });
    await box.fill("pasta hist");
    const options = page.getByRole("option");
    await options.filter({ hasText: "Pasta history" }).waitFor();
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    await box.press("ArrowDown");
    const chosen = page.getByRole("option", { selected: true });
    assert.match(await chosen.innerText(), /Pasta history/);
    assert.equal(await box.getAttribute("aria-activedescendant"), await chosen.getAttribute("id"));
    await box.press("Enter");
    await page.waitForURL(new RegExp(`/watch/${ids["Pasta history"]}$`));

    const tags = page.getByTestId("video-tags");
    await tags.getByRole("link", { name: "#cooking" }).waitFor();
    assert.deepEqual(await tags.getByRole("link").allInnerTexts(), ["#history", "#cooking"]);
    await tags.getByRole("link", { name: "#cooking" }).click();
    await page.waitForURL(/\/tags\/cooking$/);
    await page.getByRole("heading", { level: 1, name: "#cooking" }).waitFor();
    const results = page.getByTestId("search-results");
    await results.getByText("Pasta history").waitFor();
    assert.ok(await results.getByText("Cooking pasta at home").isVisible());
    assert.equal(await results.getByText("Mountain bike trails").count(), 0);

    // Escape closes the suggestions, and a second Escape clears the box.
    await box.fill("bik");
    await options.filter({ hasText: "Mountain bike trails" }).waitFor();
    await box.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    await box.press("Escape");
    assert.equal(await box.inputValue(), "");
    await page.close();
  });

  it("searches with Enter, filters the results, and says what to do when nothing matches", async () => {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${stack!.urls.web}/`);
    const box = page.getByRole("combobox", { name: "Search videos, channels and creators" });
    await box.fill("pasta");
    await box.press("Enter");
    await page.waitForURL(/\/search\?q=pasta$/);
    const results = page.getByTestId("search-results");
    await results.getByText("Cooking pasta at home").waitFor();
    assert.ok(await results.getByText("Pasta history").isVisible());

    await page.getByLabel("Length (videos)").selectOption("long");
    await page.getByTestId("search-submit").click();
    await page.waitForURL(/duration=long/);
    await results.getByText("Pasta history").waitFor();
    assert.equal(await results.getByText("Cooking pasta at home").count(), 0);

    await page.getByTestId("search-page-input").fill("zzyzx");
    await page.getByTestId("search-submit").click();
    await page.getByRole("heading", { name: "Nothing matches “zzyzx”" }).waitFor();
    await page.getByRole("link", { name: "Remove the filters" }).click();
    await page.waitForURL(/\/search\?q=zzyzx$/);
    assert.equal(await page.getByTestId("search-did-you-mean").count(), 0, "nothing close to zzyzx: no suggestion");
    await page.close();
  });

  it("offers the corrected words when a misspelt search finds nothing, keeping the filters, by keyboard", async () => {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${stack!.urls.web}/search?q=${encodeURIComponent("mountian trials")}&duration=medium`);
    await page.getByRole("heading", { name: "Nothing matches “mountian trials”" }).waitFor();
    const link = page.getByTestId("search-did-you-mean-link");
    assert.equal(await page.getByTestId("search-did-you-mean").innerText(), "Did you mean mountain trails?");
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=mountain\+trails&duration=medium$/);
    await page.getByTestId("search-results").getByText("Mountain bike trails").waitFor();
    await page.close();
  });

  it("fits a 360 px phone: the box becomes a search icon, the results page and its filters fit", async () => {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/`);
    await assertFitsWidth(page, "home with search");
    await page.getByRole("link", { name: "Search", exact: true }).click();
    await page.waitForURL(/\/search$/);
    await page.getByTestId("search-page-input").fill("noodles");
    await page.getByTestId("search-page-input").press("Enter");
    await page.getByTestId("search-results").getByText("Pasta history").waitFor();
    await assertFitsWidth(page, "/search at 360 px");

    // Connected, the top bar holds the most (Go live, the account button): it still fits with the search icon.
    await page.locator(".topbar [data-testid=connect]").click();
    await page.getByTestId("connect-dev").click();
    await page.locator(".topbar [data-testid=account]").waitFor();
    for (const route of ["/", `/watch/${ids["Pasta history"]}`, "/search?q=pasta"]) {
      await page.goto(`${stack!.urls.web}${route}`);
      await page.locator(".topbar [data-testid=account]").waitFor();
      await assertFitsWidth(page, `${route} at 360 px, connected`);
      const box = await page.locator(".topbar [data-testid=account]").boundingBox();
      assert.ok(box && box.x + box.width <= PHONE.width, `${route}: the account button is inside the window`);
    }
    await page.close();
  });
});
