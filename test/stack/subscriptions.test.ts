// Subscriptions and notifications (issue 13), through the UI in headless Chromium at 360 px against the whole real
// stack, for a viewer without a wallet: Follow a creator and Subscribe to a community channel; /subscriptions lists
// their videos (and not a stranger's); a new release while the page is open lights the bell with an unread count
// within the refresh; opening the bell (by keyboard) lists it and clears the count; Escape closes it and gives the focus
// back to the bell; Unfollow on /subscriptions empties what that creator brought. Then recommendations without a tracking
// server: the watch page's Up next offers the same creator's other video and says why, the home page's For you shelf
// follows from the history, and Clear history empties it.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, videosAbi } from "@chorus/deployments";
import { create } from "kubo-rpc-client";
import type { Page } from "playwright-core";
import { parseEventLogs } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { addressOf, channelsTx, cidBytes, send, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const CREATOR_KEY = TEST_KEYS[2];
const MEMBER_KEY = TEST_KEYS[3];
const STRANGER_KEY = TEST_KEYS[1];

describe("subscriptions and the notification bell", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let web = "";
  let channelId = "";
  let creatorVideo = "";
  const stamp = Date.now();
  const titles = {
    creator: `Creek walk ${stamp}`,
    stranger: `Stranger's clip ${stamp}`,
    release: `Owl at dusk ${stamp}`,
    later: `Second creek ${stamp}`,
  };

  async function manifestCid(title: string): Promise<string> {
    const manifest = {
      schema: "chorus.video/1",
      title,
      description: "",
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
  async function publish(key: `0x${string}`, title: string): Promise<string> {
    const receipt = await send(stack!.urls.chain, key, {
      address: deployments[31337].Videos.address,
      abi: videosAbi,
      functionName: "publish",
      args: [cidBytes(await manifestCid(title))],
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

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-subscriptions-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    creatorVideo = await publish(CREATOR_KEY, titles.creator);
    await publish(STRANGER_KEY, titles.stranger);
    // A one-member channel with a threshold of one: its member's submission is released in the same transaction.
    const ipfs = create({ url: stack.urls.ipfsRpc });
    const file = async (content: string) =>
      (await ipfs.add(content, { cidVersion: 1, rawLeaves: true })).cid.toString();
    const events = await channelsTx(stack.urls.chain, MEMBER_KEY, "createChannel", [
      cidBytes(await file(JSON.stringify({ schema: "chorus.channel/1", name: `Owls ${stamp}`, description: "" }))),
      cidBytes(await file("# Policy\n\nOwls only.\n")),
      [addressOf(MEMBER_KEY)],
      { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: 24 * 3600 },
    ]);
    channelId = (
      events.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }
    ).channelId.toString();
    await channelsTx(stack.urls.chain, MEMBER_KEY, "submitVideo", [
      BigInt(channelId),
      cidBytes(await manifestCid(titles.release)),
    ]);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    page.setDefaultTimeout(30_000);
    // A page's own errors go to the test's output: a failure here is then explained, not only timed out.
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

  it("follows a creator and a channel without a wallet, and the feed shows exactly their videos", async () => {
    await open(`${web}/subscriptions`);
    await page.getByText("You don't follow anyone yet").waitFor();

    await open(`${web}/creator/${addressOf(CREATOR_KEY)}`);
    await page.getByTestId("follow-creator").click();
    await open(`${web}/channels/${channelId}`);
    await page.getByTestId("subscribe-channel").click();
    assert.equal(await page.getByTestId("subscribe-channel").getAttribute("aria-pressed"), "true");

    await open(`${web}/subscriptions`);
    await card(titles.creator).waitFor({ timeout: 60_000 });
    await card(titles.release).waitFor();
    assert.equal(await card(titles.stranger).count(), 0, "not a stranger's video");
    assert.equal(await page.getByTestId("subscriptions-list").locator("li").count(), 2);
    await assertFitsWidth(page, "/subscriptions");
  });

  it("lights the bell for a new video while the page is open; opening it by keyboard lists it and clears the count", async () => {
    // The bell has seen what exists: nothing is unread yet.
    await page.getByTestId("notifications-bell").waitFor();
    assert.equal(await page.getByTestId("notifications-unread").count(), 0);
    await publish(CREATOR_KEY, titles.later);
    const badge = page.getByTestId("notifications-unread");
    await badge.waitFor({ timeout: 60_000 });
    assert.equal(await badge.innerText(), "1");
    assert.equal(await page.getByTestId("notifications-bell").getAttribute("aria-label"), "Notifications, 1 unread");

    await page.getByTestId("notifications-bell").focus();
    await page.keyboard.press("Enter");
    const panel = page.getByTestId("notifications-panel");
    await panel.waitFor();
    const items = panel.getByTestId("notification");
    assert.match(await items.first().innerText(), new RegExp(titles.later));
    assert.equal(await badge.count(), 0, "opening the bell reads everything");
    await assertFitsWidth(page, "the bell's panel");
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "notifications-bell",
      "the focus goes back to the bell",
    );
  });

  it("Unfollow removes what that creator brought from the feed", async () => {
    await open(`${web}/subscriptions`);
    await card(titles.later).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: `Unfollow creator ${addressOf(CREATOR_KEY)}` }).click();
    await card(titles.creator).waitFor({ state: "detached" });
    assert.equal(await card(titles.later).count(), 0);
    await card(titles.release).waitFor();
  });

  it("recommends in the browser from its own history: Up next says why, For you follows, Clear history forgets", async () => {
    await open(`${web}/watch/${creatorVideo}`);
    const upNext = page.getByTestId("up-next");
    const item = upNext.getByTestId("up-next-item").filter({ hasText: titles.later });
    await item.waitFor({ timeout: 60_000 });
    assert.match(await item.getByTestId("up-next-because").innerText(), /Like this video · same creator/);
    assert.match(await upNext.innerText(), /your watch history \(1 video\)/);
    await assertFitsWidth(page, "/watch with Up next");

    await open(web);
    const forYou = page.getByTestId("for-you");
    await forYou.waitFor({ timeout: 60_000 });
    assert.match(
      await forYou.innerText(),
      new RegExp(`${titles.later}[\\s\\S]*Because you watched “${titles.creator}” · same creator`),
    );

    await open(`${web}/watch/${creatorVideo}`);
    await upNext.getByTestId("clear-history").click();
    assert.equal(await page.evaluate(() => localStorage.getItem("chorus.history")), null);
  });
});
