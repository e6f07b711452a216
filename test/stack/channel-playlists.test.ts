// A community channel's playlists, set by its members' vote (issue 13), through the UI in headless Chromium at 360 px
// against the whole real stack. A channel of two founders (dev wallet accounts 1 and 2, two votes pass) has released a
// real transcoded clip. Account 1 builds the list on the channel's proposals by keyboard — a playlist of the channel's
// video, one copied from a playlist of this browser's, one added and removed again, a reorder — and proposes it (the
// document stored on IPFS, Channels.proposeSetting signed; signing → pending → confirmed → indexed); the card lists
// what the vote would set. Account 2, in another browser, votes yes and the vote passes it. A viewer with no wallet sees
// the channel's Playlists, opens the first and plays it through watch?list=. Then a vote from the chain sets a value
// that is no CID: the channel page shows no playlists, and the old playlist's address says so — no error page.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CHANNEL_PLAYLISTS_KEY } from "@chorus/protocol";
import type { Locator, Page } from "playwright-core";
import { addDirectory } from "../../indexer/test/support.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import {
  assertFitsWidth,
  launchBrowser,
  TEST_HOOKS_ENV,
  waitForHlsPlayback,
  waitForHydration,
} from "../lib/browser.ts";
import { addressOf, channelsTx, cidBytes, CREATOR_KEY, publishVideo, TEST_KEYS } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const PHONE = { width: 360, height: 740 };
const DAY = 86_400;
const LOCAL_ID = "coastwalks1";
const SPARE_ID = "spare1";

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a community channel's playlists, voted and played", () => {
  let tmp: string;
  let stack: Stack | undefined;
  const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];
  let web = "";
  let channelId = 0n;
  let releaseId = "";
  const stamp = Date.now();
  const clipTitle = `Cliff path ${stamp}`;
  const otherTitles = [`Harbour ${stamp}`, `Lighthouse ${stamp}`];
  const otherIds: string[] = [];

  async function open(page: Page, url: string) {
    await page.goto(url);
    await waitForHydration(page);
  }
  /** A page in a browser of its own (each test is one person); the previous test's browser is closed first. */
  async function newPage(name: string) {
    for (const previous of browsers.splice(0)) await previous.close();
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => console.log(`${name} pageerror: ${error.message}`));
    return page;
  }
  async function connect(page: Page, n: 1 | 2) {
    await open(page, `${web}/`);
    await page.locator(".topbar [data-testid=connect]").click();
    await page.getByTestId(n === 1 ? "connect-dev" : `connect-dev-${n}`).click();
    await page.locator(".topbar [data-testid=account]").waitFor();
  }
  /** Presses Enter on a control reached by keyboard focus. */
  async function press(page: Page, target: Locator) {
    await target.focus();
    await page.keyboard.press("Enter");
  }
  /** Records every data-step a transaction status shows, until it reaches indexed (or failed). */
  async function stepsUntilIndexed(page: Page, testId: string, act: () => Promise<void>) {
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
    const status = page.getByTestId(testId).first();
    await status.and(page.locator("[data-step=indexed], [data-step=failed]")).waitFor({ timeout: 60_000 });
    assert.equal(await status.getAttribute("data-step"), "indexed", (await status.textContent()) ?? "");
    return page.evaluate(() => (window as { __steps?: string[] }).__steps ?? []);
  }
  /** Publishes a video that is only a manifest (nothing here plays it); returns its id. */
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
    return (await publishVideo(stack!.urls.chain, cid, TEST_KEYS[2])).videoId.toString();
  }

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-channel-playlists-"));
    const clip = await makeClip(path.join(tmp, "clip.mp4"), { seconds: 6, width: 320, height: 180 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    const worker = stack.urls.worker;
    const upload = await fetch(`${worker}/jobs?filename=clip.mp4`, { method: "POST", body: await readFile(clip) });
    assert.equal(upload.status, 201);
    const { job } = (await upload.json()) as { job: { id: string } };
    await fetch(`${worker}/jobs/${job.id}/details`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: clipTitle }),
    });
    const manifestCid = await until("the upload to publish", async () => {
      const { job: j } = (await (await fetch(`${worker}/jobs/${job.id}`)).json()) as {
        job: { status: string; manifestCid?: string };
      };
      return j.status === "published" ? j.manifestCid : undefined;
    });
    const rpc = stack.urls.chain;
    const created = await channelsTx(rpc, CREATOR_KEY, "createChannel", [
      cidBytes(manifestCid),
      cidBytes(manifestCid),
      [addressOf(CREATOR_KEY), addressOf(TEST_KEYS[1])],
      { submitters: 0, thresholdKind: 0, threshold: 2, votingPeriod: DAY },
    ]);
    channelId = (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId;
    const submitted = await channelsTx(rpc, CREATOR_KEY, "submitVideo", [channelId, cidBytes(manifestCid)]);
    const proposalId = (submitted.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    await channelsTx(rpc, TEST_KEYS[1], "vote", [proposalId, true]);
    releaseId = `ch${channelId}-${proposalId}`;
    for (const title of otherTitles) otherIds.push(await publishTitled(title));
    await until("the indexer to serve the release with its manifest", async () => {
      const response = await fetch(`${stack!.urls.indexer}/videos/${releaseId}`);
      const body = response.ok ? ((await response.json()) as { manifest?: unknown }) : undefined;
      return body?.manifest ? true : undefined;
    });
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a member builds the list by keyboard at 360 px and proposes it; the card lists what the vote would set", async () => {
    const member = await newPage("member");
    await connect(member, 1);
    // Two playlists of this browser's, as Save would have made them.
    await member.evaluate(
      ({ local, spare, items }) =>
        localStorage.setItem(
          "chorus.playlists",
          JSON.stringify({
            schema: "chorus.playlists/1",
            playlists: [
              { id: local, name: "Coast walks", createdAt: Date.now(), items },
              { id: spare, name: "Spare", createdAt: Date.now(), items: items.slice(0, 1) },
            ],
          }),
        ),
      { local: LOCAL_ID, spare: SPARE_ID, items: otherIds.map((videoId, i) => ({ videoId, title: otherTitles[i] })) },
    );
    await open(member, `${web}/channels/${channelId}`);
    const section = member.getByTestId("channel-playlists");
    assert.equal(await section.getAttribute("data-state"), "none");
    await press(member, section.getByTestId("propose-playlists"));
    await member.waitForURL(/tab=proposals&new=playlists/);
    await waitForHydration(member);
    const form = member.getByRole("form", { name: "Set the channel's playlists" });
    await form.getByTestId("playlists-now").getByText("Now: no playlists.").waitFor();
    await assertFitsWidth(member, "the playlists proposal form");

    // From this browser's playlists: Coast walks, then Spare.
    for (const id of [LOCAL_ID, SPARE_ID]) {
      await form.getByTestId("add-from-mine").selectOption(id);
      await press(member, form.getByTestId("add-playlist-submit"));
    }
    // From the channel's videos: a title, the clip ticked by keyboard.
    await press(member, form.getByTestId("add-source-channel"));
    await form.getByTestId("new-playlist-title").focus();
    await member.keyboard.type("Channel picks");
    const choice = form.getByTestId("channel-video-choice").first();
    await choice.focus();
    await member.keyboard.press("Space");
    assert.equal(await choice.isChecked(), true);
    await press(member, form.getByTestId("add-playlist-submit"));
    const drafted = () => form.getByTestId("draft-playlist").locator("strong").allInnerTexts();
    await form.getByTestId("draft-playlist").nth(2).waitFor();
    assert.deepEqual(await drafted(), ["Coast walks", "Spare", "Channel picks"]);
    // Spare out, Channel picks to the top.
    await member.getByRole("button", { name: "Remove “Spare”" }).focus();
    await member.keyboard.press("Enter");
    await member.getByRole("button", { name: "Move “Channel picks” up" }).focus();
    await member.keyboard.press("Enter");
    assert.deepEqual(await drafted(), ["Channel picks", "Coast walks"]);
    await assertFitsWidth(member, "the playlists proposal form with a draft");

    const steps = await stepsUntilIndexed(member, "propose-status", () =>
      press(member, form.getByTestId("propose-submit")),
    );
    assert.deepEqual(
      steps.filter((s) => s !== "idle"),
      ["storing", "signing", "pending", "confirmed", "indexed"],
      "every state shows",
    );
    assert.match((await member.getByTestId("propose-status").textContent()) ?? "", /needs 1 more yes vote/);
    const change = member.getByTestId("playlists-change").first();
    await change.and(member.locator("[data-state=list]")).waitFor();
    assert.deepEqual(await change.locator("li").allInnerTexts(), ["Channel picks — 1 video", "Coast walks — 2 videos"]);
    await assertFitsWidth(member, "channel proposals with a playlists proposal");
  });

  it("the second member's yes passes it", async () => {
    const second = await newPage("second member");
    await connect(second, 2);
    await open(second, `${web}/channels/${channelId}?tab=proposals`);
    const card = second.locator("[data-testid=proposal][data-kind=setting][data-status=open]");
    await card.getByTestId("playlists-change").getByText("Channel picks").waitFor();
    const steps = await stepsUntilIndexed(second, "vote-status", () => press(second, card.getByTestId("vote-yes")));
    assert.deepEqual(
      steps.filter((s) => s !== "idle"),
      ["signing", "pending", "confirmed", "indexed"],
    );
    assert.match(await second.getByTestId("vote-status").first().innerText(), /passed and took effect/);
  });

  it("a viewer with no wallet sees the channel's playlists and plays the first", async () => {
    const viewer = await newPage("viewer");
    await open(viewer, `${web}/channels/${channelId}`);
    await viewer.locator(".topbar [data-testid=connect]").waitFor();
    const section = viewer.getByTestId("channel-playlists");
    assert.equal(await section.getAttribute("data-state"), "list");
    const cards = section.getByTestId("channel-playlist");
    assert.deepEqual(
      await cards.evaluateAll((els) => els.map((e) => e.querySelector("a:not([aria-hidden])")?.textContent)),
      ["Channel picks", "Coast walks"],
    );
    await assertFitsWidth(viewer, "channel page with playlists");

    await press(viewer, cards.first().locator("a:not([aria-hidden])").first());
    await viewer.waitForURL(`${web}/channels/${channelId}/playlists/1`);
    await viewer.getByTestId("channel-playlist-page").waitFor();
    assert.equal(await viewer.getByTestId("playlist-name").innerText(), "Channel picks");
    assert.deepEqual(await viewer.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts(), [
      clipTitle,
    ]);
    await assertFitsWidth(viewer, "a channel's playlist page");
    await press(viewer, viewer.getByTestId("play-all"));
    await viewer.waitForURL(`${web}/watch/${releaseId}?list=c-${channelId}-1`);
    await viewer.getByTestId("playlist-position").getByText("1 / 1").waitFor();
    await waitForHlsPlayback(viewer);
    await assertFitsWidth(viewer, "/watch?list=c-<channel>-1");

    // The second playlist, from the browser playlist, holds its videos in its order.
    await open(viewer, `${web}/channels/${channelId}/playlists/2`);
    assert.deepEqual(
      await viewer.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts(),
      otherTitles,
    );
  });

  it("a value that is no CID, voted from the chain, shows no playlists and no error page", async () => {
    const rpc = stack!.urls.chain;
    const proposed = await channelsTx(rpc, CREATOR_KEY, "proposeSetting", [
      channelId,
      CHANNEL_PLAYLISTS_KEY,
      "0x010203",
    ]);
    const proposalId = (proposed.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    await channelsTx(rpc, TEST_KEYS[1], "vote", [proposalId, true]);
    await until("the indexer to apply the malformed value", async () => {
      const body = (await (await fetch(`${stack!.urls.indexer}/channels/${channelId}/playlists`)).json()) as {
        proposalId: string | null;
      };
      return body.proposalId === proposalId.toString() ? true : undefined;
    });
    const viewer = await newPage("viewer after");
    const response = await viewer.goto(`${web}/channels/${channelId}`);
    assert.equal(response?.status(), 200);
    await waitForHydration(viewer);
    assert.equal(await viewer.getByTestId("channel-playlists").getAttribute("data-state"), "none");
    assert.equal(await viewer.getByTestId("channel-name").count(), 1, "the channel page, not an error page");
    await assertFitsWidth(viewer, "channel page after a malformed playlists value");

    const gone = await viewer.goto(`${web}/channels/${channelId}/playlists/1`);
    assert.equal(gone?.status(), 200);
    await viewer.getByTestId("channel-playlist-missing").getByText("It has no playlists now.").waitFor();

    await open(viewer, `${web}/channels/${channelId}?tab=proposals`);
    const card = viewer.locator(`[data-testid=proposal][data-proposal-id="${proposalId}"]`);
    assert.match(
      await card.getByTestId("playlists-change").innerText(),
      /A value that names no list of playlists: if it passes, the channel has no playlists/,
    );
  });
});
