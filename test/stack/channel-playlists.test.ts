// A community channel's playlists, set by its members' vote (issue 13), through the UI in headless Chromium at 360 px
// against the whole real stack. A channel of two founders (dev wallet accounts 1 and 2, two votes pass) has released a
// real transcoded clip. Account 1 builds the list on the channel's proposals by keyboard — a playlist of the channel's
// video, one copied from a playlist of this browser's, one added and removed again, a reorder — and proposes it (the
// document stored on IPFS, Channels.proposeSetting signed; signing → pending → confirmed → indexed); the card lists
// what the vote would set. Account 2, in another browser, votes yes and the vote passes it. A viewer with no wallet sees
// the channel's Playlists, opens the first (its address is its stable id) and plays it through watch?list=; an old
// link by position lands on the id's address. Then account 1 edits "Channel picks" in place by keyboard — renamed, a
// video found by searching the channel's releases added and moved first — and moves the other playlist up; the card says
// what changes ("Edits …: +1 video, renamed from …", "Reorders the playlists"), account 2 passes it, and the links made
// before the vote (by id, in a page and in watch?list=) still land on the same, edited playlist. Then a vote from the
// chain sets a value that is no CID: the channel page shows no playlists, and the old playlist's address says it was
// removed, with a way to the channel's playlists — no error page.
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
  const tideTitle = `Tide pools ${stamp}`;
  let tideId = "";
  /** The stable ids the first vote gave the playlists (from their addresses). */
  let picksRef = "";
  let coastRef = "";

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
  /** The second member's yes (in a browser of their own) passes the open playlists proposal whose card shows `text`. */
  async function secondMemberPasses(text: string) {
    const second = await newPage("second member");
    await connect(second, 2);
    await open(second, `${web}/channels/${channelId}?tab=proposals`);
    const card = second.locator("[data-testid=proposal][data-kind=setting][data-status=open]");
    await card.getByTestId("playlists-change").getByText(text).first().waitFor();
    const steps = await stepsUntilIndexed(second, "vote-status", () => press(second, card.getByTestId("vote-yes")));
    assert.deepEqual(
      steps.filter((s) => s !== "idle"),
      ["signing", "pending", "confirmed", "indexed"],
    );
    assert.match(await second.getByTestId("vote-status").first().innerText(), /passed and took effect/);
  }
  /** The manifest of a video that is only a manifest (nothing here plays it), on IPFS: its directory's CID. */
  async function manifestOnly(title: string): Promise<string> {
    const manifest = {
      schema: "chorus.video/1",
      title,
      description: "",
      durationSeconds: 4,
      width: 640,
      height: 360,
      master: "master.m3u8",
    };
    return addDirectory(stack!.urls.ipfsRpc, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
  }
  /** Publishes a video that is only a manifest; returns its id. */
  async function publishTitled(title: string): Promise<string> {
    return (await publishVideo(stack!.urls.chain, await manifestOnly(title), TEST_KEYS[2])).videoId.toString();
  }
  /** Submits `manifestCid` to the channel and passes it (two founders' votes); returns the release's video id. */
  async function release(manifestCid: string): Promise<string> {
    const rpc = stack!.urls.chain;
    const submitted = await channelsTx(rpc, CREATOR_KEY, "submitVideo", [channelId, cidBytes(manifestCid)]);
    const proposalId = (submitted.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint })
      .proposalId;
    await channelsTx(rpc, TEST_KEYS[1], "vote", [proposalId, true]);
    return `ch${channelId}-${proposalId}`;
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
    releaseId = await release(manifestCid);
    // A second release, to be found by searching the channel's videos when a playlist is edited.
    tideId = await release(await manifestOnly(tideTitle));
    for (const title of otherTitles) otherIds.push(await publishTitled(title));
    await until("the indexer to serve the releases with their manifests", async () => {
      for (const id of [releaseId, tideId]) {
        const response = await fetch(`${stack!.urls.indexer}/videos/${id}`);
        const body = response.ok ? ((await response.json()) as { manifest?: unknown }) : undefined;
        if (!body?.manifest) return undefined;
      }
      return true;
    });
    await until("search to find the second release by title", async () => {
      const response = await fetch(`${stack!.urls.indexer}/search?q=Tide&channel=${channelId}`);
      const body = (await response.json()) as { items: { kind: string; video?: { id: string } }[] };
      return body.items.some((hit) => hit.video?.id === tideId) ? true : undefined;
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
    const choice = form.locator("label", { hasText: clipTitle }).getByTestId("channel-video-choice");
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
    assert.deepEqual(await form.getByTestId("draft-changes").locator("li").allInnerTexts(), [
      "Adds “Channel picks” (1 video)",
      "Adds “Coast walks” (2 videos)",
    ]);
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
    assert.deepEqual(await change.getByTestId("playlists-changes").locator("li").allInnerTexts(), [
      "Adds “Channel picks” (1 video)",
      "Adds “Coast walks” (2 videos)",
    ]);
    assert.deepEqual(await change.locator("ol li").allInnerTexts(), [
      "Channel picks — 1 video",
      "Coast walks — 2 videos",
    ]);
    await assertFitsWidth(member, "channel proposals with a playlists proposal");
  });

  it("the second member's yes passes it", async () => {
    await secondMemberPasses("Channel picks");
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
    await viewer.waitForURL(new RegExp(`/channels/${channelId}/playlists/[a-z][a-z0-9-]{2,31}$`));
    picksRef = new URL(viewer.url()).pathname.split("/").pop()!;
    await viewer.getByTestId("channel-playlist-page").waitFor();
    assert.equal(await viewer.getByTestId("playlist-name").innerText(), "Channel picks");
    assert.deepEqual(await viewer.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts(), [
      clipTitle,
    ]);
    await assertFitsWidth(viewer, "a channel's playlist page");
    await press(viewer, viewer.getByTestId("play-all"));
    await viewer.waitForURL(`${web}/watch/${releaseId}?list=c-${channelId}-${picksRef}`);
    await viewer.getByTestId("playlist-position").getByText("1 / 1").waitFor();
    await waitForHlsPlayback(viewer);
    await assertFitsWidth(viewer, "/watch?list=c-<channel>-<id>");

    // A link by position (as made before ids) lands on the second playlist's own address; it holds the browser
    // playlist's videos in their order.
    await open(viewer, `${web}/channels/${channelId}/playlists/2`);
    await viewer.waitForURL(new RegExp(`/channels/${channelId}/playlists/[a-z][a-z0-9-]{2,31}$`));
    coastRef = new URL(viewer.url()).pathname.split("/").pop()!;
    assert.notEqual(coastRef, picksRef);
    assert.equal(await viewer.getByTestId("playlist-name").innerText(), "Coast walks");
    assert.deepEqual(
      await viewer.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts(),
      otherTitles,
    );
  });

  it("a member edits a playlist in place by keyboard and moves the other up; the card says what changes", async () => {
    const member = await newPage("member editing");
    await connect(member, 1);
    await open(member, `${web}/channels/${channelId}?tab=proposals&new=playlists`);
    const form = member.getByRole("form", { name: "Set the channel's playlists" });
    await form.getByTestId("playlists-now").getByText("“Channel picks” (1 video)").waitFor();
    await press(member, member.getByRole("button", { name: "Edit “Channel picks”" }));
    const editor = form.getByTestId("playlist-editor");
    const title = editor.getByTestId("edit-title");
    assert.equal(await title.evaluate((el) => el === document.activeElement), true, "the title takes the focus");
    await member.keyboard.press("Control+A");
    await member.keyboard.type("Channel favourites");
    await press(member, editor.getByTestId("edit-add-videos"));
    await editor.getByTestId("channel-video-search").focus();
    await member.keyboard.type("Tide");
    await editor.getByText("Its videos matching “Tide”", { exact: false }).waitFor();
    await until(
      "the search to list only the matching release",
      async () => ((await editor.getByTestId("channel-video-choice").count()) === 1 ? true : undefined),
      30_000,
    );
    await editor.getByTestId("channel-video-choice").focus();
    await member.keyboard.press("Space");
    await editor.getByTestId("edit-video").nth(1).waitFor();
    await press(member, member.getByRole("button", { name: `Move video “${tideTitle}” up` }));
    assert.deepEqual(
      await editor.getByTestId("edit-video").evaluateAll((els) => els.map((e) => e.firstElementChild?.textContent)),
      [tideTitle, clipTitle],
    );
    await assertFitsWidth(member, "a playlist open for editing");
    await press(member, editor.getByTestId("edit-done"));
    await editor.waitFor({ state: "detached" });
    await member.waitForFunction(
      () => document.activeElement?.getAttribute("aria-label") === "Edit “Channel favourites”",
      undefined,
      { timeout: 5_000 },
    );
    await press(member, member.getByRole("button", { name: "Move “Coast walks” up" }));
    const drafted = form.getByTestId("draft-playlist").locator("strong");
    assert.deepEqual(await drafted.allInnerTexts(), ["Coast walks", "Channel favourites"]);
    const expected = ["Edits “Channel favourites”: +1 video, renamed from “Channel picks”", "Reorders the playlists"];
    assert.deepEqual(await form.getByTestId("draft-changes").locator("li").allInnerTexts(), expected);

    const steps = await stepsUntilIndexed(member, "propose-status", () =>
      press(member, form.getByTestId("propose-submit")),
    );
    assert.deepEqual(
      steps.filter((s) => s !== "idle"),
      ["storing", "signing", "pending", "confirmed", "indexed"],
    );
    const card = member.locator("[data-testid=proposal][data-kind=setting][data-status=open]");
    await card.getByTestId("playlists-changes").waitFor();
    assert.deepEqual(await card.getByTestId("playlists-changes").locator("li").allInnerTexts(), expected);
    await assertFitsWidth(member, "a proposal that edits a playlist");
  });

  it("once passed, the links made before the vote land on the same, edited playlist", async () => {
    await secondMemberPasses("Channel favourites");
    const viewer = await newPage("viewer with old links");
    await open(viewer, `${web}/channels/${channelId}/playlists/${picksRef}`);
    assert.equal(await viewer.getByTestId("playlist-name").innerText(), "Channel favourites");
    assert.deepEqual(await viewer.getByTestId("playlist-item").locator("a:not([aria-hidden])").allInnerTexts(), [
      tideTitle,
      clipTitle,
    ]);
    await assertFitsWidth(viewer, "an edited playlist by its old link");
    await open(viewer, `${web}/watch/${releaseId}?list=c-${channelId}-${picksRef}`);
    await viewer.getByTestId("playlist-position").getByText("2 / 2").waitFor();
    assert.equal(
      await viewer.getByTestId("playlist-panel").locator("h2").innerText(),
      "Channel favourites",
      "watch?list= by id, after the reorder",
    );
    // A link by position means the place, not the playlist: the first is now Coast walks.
    await open(viewer, `${web}/channels/${channelId}/playlists/1`);
    await viewer.waitForURL(`${web}/channels/${channelId}/playlists/${coastRef}`);
    assert.equal(await viewer.getByTestId("playlist-name").innerText(), "Coast walks");
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
    // A link by id to a playlist the vote removed says so, and leads to the channel's playlists.
    const removed = await viewer.goto(`${web}/channels/${channelId}/playlists/${picksRef}`);
    assert.equal(removed?.status(), 200);
    await waitForHydration(viewer);
    const missing = viewer.locator("[data-testid=channel-playlist-missing][data-state=removed]");
    await missing.getByText("“Channel favourites” was removed").waitFor();
    await assertFitsWidth(viewer, "a removed playlist's address");
    await press(viewer, missing.getByRole("link", { name: "See the channel's playlists" }));
    await viewer.waitForURL(`${web}/channels/${channelId}#playlists`);
    await viewer.getByTestId("channel-playlists").waitFor();

    await open(viewer, `${web}/channels/${channelId}?tab=proposals`);
    const card = viewer.locator(`[data-testid=proposal][data-proposal-id="${proposalId}"]`);
    assert.match(
      await card.getByTestId("playlists-change").innerText(),
      /A value that names no list of playlists: if it passes, the channel has no playlists/,
    );
  });
});
