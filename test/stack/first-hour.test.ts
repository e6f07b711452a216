// What a new user hit in their first hour (issue 9), checked in headless Chromium against the whole real stack: every
// page fits a 360 px phone with the wallet button in view and works by keyboard; unknown videos, channels, creators and
// deals answer 404 from the real `next` server; the upload page warns before an in-app link leaves unpublished work,
// keeps the typed details, keeps one job per account, says an over-long title is too long, and publishes without a
// single 404 in the console; channel pages guide each role (member, outsider of an open or a members-only channel)
// and "Submit a video" preselects the channel; the dev wallet's connection survives a browser restart.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser, playMutedUntil, waitForHydration } from "../lib/browser.ts";
import { addressOf, channelsTx, cidBytes, CREATOR_KEY } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const ACCOUNTS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
] as const;
const PHONE = { width: 360, height: 740 };

/** The page has no sideways scroll and the top bar's wallet button (connect or account) is wholly inside the window. */
async function assertFits(page: Page, label: string) {
  await waitForHydration(page);
  const m = await page.evaluate(() => {
    const box = document
      .querySelector(".topbar [data-testid=connect], .topbar [data-testid=account]")!
      .getBoundingClientRect();
    // What sticks out, innermost last, so that a failure names the culprit.
    const over = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(" ").join(".")}` : ""}`);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      over: over.slice(-4),
      left: box.left,
      right: box.right,
      top: box.top,
    };
  });
  assert.ok(
    m.scrollWidth <= m.innerWidth,
    `${label}: the page is ${m.scrollWidth} px wide in a ${m.innerWidth} px window (it scrolls sideways): ${m.over.join(", ")}`,
  );
  assert.ok(
    m.left >= 0 && m.right <= m.innerWidth && m.top >= 0,
    `${label}: the wallet button is clipped (${JSON.stringify(m)})`,
  );
}

/** Waits until `url` answers 2xx (the indexer has caught up), for at most 30 s. */
async function untilOk(url: string) {
  const deadline = Date.now() + 30_000;
  while (!(await fetch(url)).ok) {
    if (Date.now() > deadline) throw new Error(`${url} still not found after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Connects dev test account `n` from the top bar by keyboard alone, disconnecting whoever is connected first. */
async function connectAs(page: Page, n: 1 | 2 | 3) {
  // Keys pressed before hydration are lost (the button is disabled until then): a freshly opened tab needs the wait.
  await waitForHydration(page);
  const account = page.locator(".topbar [data-testid=account]");
  if (await account.isVisible()) {
    await account.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("disconnect").focus();
    await page.keyboard.press("Enter");
  }
  const connect = page.locator(".topbar [data-testid=connect]");
  await connect.focus();
  await page.keyboard.press("Enter");
  // The menu opens with focus on its first option (test account 1); arrow-free: Tab moves to the next ones.
  const option = n === 1 ? "connect-dev" : `connect-dev-${n}`;
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "connect-dev");
  for (let i = 1; i < n; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), option);
  await page.keyboard.press("Enter");
  await account.waitFor();
  assert.equal(await account.getAttribute("title"), ACCOUNTS[n - 1]);
}

describe("a new user's first hour", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let clip: string;
  let watchPath = "";
  let openChannel = "";
  let closedChannel = "";
  const title = `Harbour at dawn ${Date.now()}`;
  const description = "Fishing boats leaving before sunrise.";

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-first-hour-"));
    clip = await makeClip(path.join(tmp, "harbour_at_dawn.mp4"), { seconds: 4 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("answers 404 for unknown videos, channels, creators and deals, from the real next server", async () => {
    const web = stack!.urls.web!;
    const status = async (route: string) => (await fetch(`${web}${route}`, { redirect: "manual" })).status;
    for (const route of [
      "/watch/999999",
      "/watch/not-a-video",
      "/channels/999999",
      "/channels/abc",
      "/creator/nonsense",
      "/storage/deals/999999",
      "/no-such-page",
    ]) {
      assert.equal(await status(route), 404, route);
    }
    for (const route of ["/", "/channels", "/upload", "/storage", `/creator/${ACCOUNTS[0]}`])
      assert.equal(await status(route), 200, route);
    const notFound = await (await fetch(`${web}/channels/999999`)).text();
    assert.match(notFound, /Channel not found/);
  });

  it("says /storage?address=nonsense isn't an address instead of showing the connect prompt", async () => {
    await page.goto(`${stack!.urls.web}/storage?address=nonsense`);
    assert.match(await page.getByTestId("storage-bad-address").innerText(), /“nonsense” isn't an account address/);
    await assertFits(page, "/storage?address=nonsense");
  });

  it("uploads at phone width: keyboard connect, a too-long title said, a warning before leaving, the draft kept, one job per account, no 404 in the console", async () => {
    await page.goto(`${stack!.urls.web}/upload`);
    await assertFits(page, "/upload before connecting");
    await connectAs(page, 1);
    await assertFits(page, "/upload connected");

    await page.getByTestId("upload-file").setInputFiles(clip);
    assert.equal(await page.getByTestId("title").inputValue(), "harbour at dawn", "the file name pre-fills the title");
    const long = `${"A very long title ".repeat(6)}`.slice(0, 105);
    await page.getByTestId("title").fill(long);
    assert.equal(
      (await page.getByTestId("title").inputValue()).length,
      105,
      "typing past the limit isn't cut silently",
    );
    assert.match(await page.getByTestId("title-error").innerText(), /105 characters, 5 over the limit of 100/);
    await page.getByTestId("title").fill(title);
    assert.match(await page.getByTestId("title-error").innerText(), /What viewers see first/);
    await page.getByTestId("description").fill(description);
    await page.locator('[data-testid=job-status]:not([data-status="uploading"])').waitFor();

    // An in-app link asks first; staying keeps everything, leaving and coming back restores the details.
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByTestId("storage-link").click();
    assert.match(asked, /isn't published yet/);
    assert.match(page.url(), /\/upload$/);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("storage-link").click();
    await page.waitForURL("**/storage");
    await page.getByTestId("upload-link").click();
    await page.waitForURL("**/upload");
    await page.getByTestId("job-status").waitFor();
    assert.equal(
      await page.getByTestId("title").inputValue(),
      title,
      "the typed title is kept, not reset to the file name",
    );
    assert.equal(await page.getByTestId("description").inputValue(), description);

    // Another account has its own upload page: none of account 1's work.
    page.on("dialog", (dialog) => void dialog.accept());
    await connectAs(page, 2);
    await page.getByTestId("upload-file").waitFor({ state: "attached" });
    assert.equal(await page.getByTestId("job-status").count(), 0, "account 2 doesn't see account 1's upload");
    await connectAs(page, 1);
    await page.getByTestId("job-status").waitFor();
    assert.equal(await page.getByTestId("title").inputValue(), title);

    // Publishing polls the indexer until it has the video, without a 404 (the browser logs each as an error).
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("response", (response) => {
      if (response.url().startsWith(stack!.urls.indexer) && response.status() >= 400)
        problems.push(`${response.status()} ${response.url()}`);
    });
    await page.getByTestId("publish").click();
    const watchLink = page.getByTestId("watch-link");
    await watchLink.waitFor({ timeout: 180_000 });
    watchPath = (await watchLink.getAttribute("href"))!;
    assert.deepEqual(problems, [], "publishing logged no error");
    assert.equal(await page.getByTestId("cancel-upload").count(), 0, "nothing to cancel once published");
  });

  it("guides each role on a channel page, and Submit a video preselects the channel", async () => {
    const web = stack!.urls.web!;
    const add = async (body: object) => {
      const response = await fetch(`${web}/api/ipfs`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: web },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.clone().text());
      return ((await response.json()) as { cid: string }).cid;
    };
    const policy = await add({ kind: "policy", markdown: "# Policy\n\nBoats only.\n" });
    const create = async (name: string, submitters: 0 | 1) => {
      const metadata = await add({ kind: "channel-metadata", name, description: "" });
      const events = await channelsTx(stack!.urls.chain, CREATOR_KEY, "createChannel", [
        cidBytes(metadata),
        cidBytes(policy),
        [addressOf(CREATOR_KEY)],
        { submitters, thresholdKind: 0, threshold: 1, votingPeriod: 86_400 },
      ]);
      const id = String(
        (events.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId,
      );
      await untilOk(`${stack!.urls.indexer}/channels/${id}`);
      return id;
    };
    closedChannel = await create("Harbour crew", 0);
    openChannel = await create("Open harbour", 1);

    // Account 3 is nobody's member.
    await connectAs(page, 3);
    await page.goto(`${web}/channels/${closedChannel}`);
    await page.locator('[data-testid=submit-guidance][data-role="outsider-closed"]').waitFor();
    assert.match(await page.getByTestId("submit-guidance").innerText(), /Only its members can submit/);
    assert.equal(await page.getByTestId("submit-video").count(), 0, "no submit button where this account can't submit");
    await assertFits(page, "a channel page");

    await page.goto(`${web}/channels/${openChannel}?tab=proposals`);
    const explain = await page.getByTestId("proposal-explain").innerText();
    assert.doesNotMatch(explain, /counts as your yes vote/, "an outsider's proposal isn't a vote");
    assert.match(explain, /isn't a vote/);
    await assertFits(page, "a channel's proposals");

    await page.goto(`${web}/channels/${openChannel}`);
    await page.locator('[data-testid=submit-guidance][data-role="outsider-open"]').waitFor();
    await page.getByTestId("submit-video").click();
    await page.waitForURL(`**/upload?channel=${openChannel}`);
    await page.getByTestId("preselected-channel").getByText("Open harbour").waitFor();
    await page.getByTestId("upload-file").setInputFiles(clip);
    assert.ok(
      await page.getByTestId(`post-to-channel-${openChannel}`).isChecked(),
      "the channel is chosen under Post to",
    );
    await page
      .getByTestId("post-to-explain")
      .getByText(/You're not a member/)
      .waitFor();

    // A member reads that their own proposal is their yes vote.
    await connectAs(page, 1);
    await page.goto(`${web}/channels/${closedChannel}?tab=proposals`);
    assert.match(await page.getByTestId("proposal-explain").innerText(), /Your own proposal counts as your yes vote/);
    await page.goto(`${web}/channels/${closedChannel}`);
    await page.locator('[data-testid=submit-guidance][data-role="member"]').waitFor();
    assert.equal(await page.getByTestId("submit-video").getAttribute("href"), `/upload?channel=${closedChannel}`);
  });

  it("fits every main page at 360 px, connected or not", async () => {
    const web = stack!.urls.web!;
    const routes = [
      "/",
      "/channels",
      "/channels/new",
      "/channels/review",
      "/upload",
      "/storage",
      `/storage?address=${ACCOUNTS[0]}`,
      `/creator/${ACCOUNTS[0]}`,
      watchPath,
      `/channels/${closedChannel}`,
      `/channels/${closedChannel}?tab=policy`,
      `/channels/${closedChannel}?tab=members`,
      `/channels/${closedChannel}?tab=proposals`,
      "/no-such-page",
    ];
    for (const connected of [true, false]) {
      if (!connected) {
        await page.goto(`${web}/`);
        await page.locator(".topbar [data-testid=account]").click();
        await page.getByTestId("disconnect").click();
        await page.locator(".topbar [data-testid=connect]").waitFor();
      }
      for (const route of routes) {
        await page.goto(`${web}${route}`);
        await assertFits(page, `${route} (${connected ? "connected" : "no wallet"})`);
      }
      // The player's controls fit inside it (the player clips them, so the page alone wouldn't show it).
      await page.goto(`${web}${watchPath}`);
      // Playing, the quality button names the rung ("Auto (240p)"): its widest label.
      await playMutedUntil(page, "rung-named");
      const clipped = await page.evaluate(() => {
        const row = document.querySelector(".controls")!.getBoundingClientRect();
        return [...document.querySelectorAll(".controls-row button")]
          .filter((b) => getComputedStyle(b).display !== "none" && b.getBoundingClientRect().right > row.right + 0.5)
          .map((b) => b.getAttribute("aria-label"));
      });
      assert.deepEqual(clipped, [], "every player control is inside the player");
    }
    // The connect menu opens inside the window too.
    await page.locator(".topbar [data-testid=connect]").click();
    const menu = await page.locator(".topbar .menu").boundingBox();
    assert.ok(
      menu && menu.x >= 0 && menu.x + menu.width <= PHONE.width,
      `the wallet menu fits: ${JSON.stringify(menu)}`,
    );
  });

  it("remembers the dev wallet's connection after the browser is closed and opened again", async () => {
    const profile = path.join(tmp, "profile");
    const first = await launchBrowser({ profile });
    try {
      const tab = await first.context.newPage();
      await tab.goto(stack!.urls.web!);
      await connectAs(tab, 2);
      const cookie = (await first.context.cookies()).find((c) => c.name === "wagmi.store");
      assert.ok(
        cookie && cookie.expires > Date.now() / 1000 + 30 * 86_400,
        `the wallet cookie outlives the session: ${JSON.stringify(cookie)}`,
      );
    } finally {
      await first.close();
    }
    const again = await launchBrowser({ profile });
    try {
      const tab = await again.context.newPage();
      await tab.goto(stack!.urls.web!);
      const account = tab.locator(".topbar [data-testid=account]");
      await account.waitFor();
      assert.equal(await account.getAttribute("title"), ACCOUNTS[1]);
    } finally {
      await again.close();
    }
  });
});
