// Community channels end to end, through the UI in headless Chromium, against the whole real stack: dev test account
// 1 creates a channel with accounts 1, 2 and 3 (2 of 3 must vote yes) and a policy written in the editor, uploads a
// clip and submits it to the channel (its own yes is 1 of 2, so it stays open); account 2 finds it in the review queue
// and votes yes, which releases it; it shows on the channel's Videos and hls.js plays it. Account 2 then proposes a
// policy amendment, account 3 votes yes, and the Policy tab shows version 2 with its diff against version 1.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser, TEST_HOOKS_ENV, waitForHlsPlayback } from "../lib/browser.ts";
import { makeClip } from "../lib/media.ts";

const ACCOUNTS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
] as const;

const POLICY_V1 = `# Night Owls editorial policy

We publish short films shot after dark.

- No advertising.
- Credit every collaborator.
`;

const POLICY_V2 = `# Night Owls editorial policy

We publish short films shot after dark.

- No advertising or sponsored segments.
- Credit every collaborator.
- Keep it under ten minutes.
`;

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

describe("community channels end to end", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let clip: string;
  let channelPath = "";
  const name = `Night Owls ${Date.now()}`;
  const title = `Moths under the streetlight ${Date.now()}`;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-channels-"));
    clip = await makeClip(path.join(tmp, "moths.mp4"), { seconds: 6 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("account 1 creates a channel with accounts 1, 2 and 3, 2 of 3 votes, and a written policy", async () => {
    await page.goto(`${stack!.urls.web}/channels`);
    await page.getByTestId("create-channel").click();
    await page.waitForURL("**/channels/new");
    await connectAs(page, 1);

    await page.getByTestId("channel-name-input").fill(name);
    await page.getByTestId("channel-description-input").fill("Short films shot after dark, chosen together.");
    await page.getByTestId("policy-editor").fill(POLICY_V1);
    assert.equal(await page.getByTestId("founder-0").inputValue(), ACCOUNTS[0], "the creator is pre-filled");
    await page.getByTestId("add-founder").click();
    await page.getByTestId("founder-1").fill(ACCOUNTS[1]);
    await page.getByTestId("add-founder").click();
    await page.getByTestId("founder-2").fill(ACCOUNTS[2]);
    await page.getByTestId("rules-threshold").fill("2");
    await page.getByTestId("rules-period").fill("3");
    assert.match(await page.getByTestId("rules-summary").innerText(), /2 of 3 members vote yes within 3 days/);

    await page.getByTestId("create-submit").click();
    await page.getByTestId("channel-link").waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId("tx-status").getAttribute("data-step"), "indexed");
    await page.getByTestId("channel-link").click();
    await page.waitForURL(/\/channels\/\d+$/);
    channelPath = new URL(page.url()).pathname;
    assert.equal(await page.getByTestId("channel-name").innerText(), name);
    assert.equal(await page.getByTestId("member-count").innerText(), "3 members");
  });

  it("account 1 uploads a clip and submits it to the channel: its own yes is 1 of 2, so it stays open", async () => {
    const channelId = channelPath.split("/").at(-1)!;
    await page.goto(`${stack!.urls.web}/upload`);
    await page.getByTestId("upload-file").setInputFiles(clip);
    await page.getByTestId("title").fill(title);
    await page.getByTestId(`post-to-channel-${channelId}`).check();
    assert.match(await page.getByTestId("post-to-explain").innerText(), /counts as your yes vote; it needs 1 more/);
    await page.getByTestId("publish").click();

    await page.getByTestId("proposal-link").waitFor({ timeout: 180_000 });
    const status = page.getByTestId("tx-status");
    assert.equal(await status.getAttribute("data-step"), "indexed");
    assert.match(await status.innerText(), /needs 1 more yes vote/);
  });

  it("account 2 finds it in the review queue, watches it and votes yes: it is released", async () => {
    await connectAs(page, 2);
    await page.getByTestId("review-badge").click();
    await page.waitForURL("**/channels/review");
    assert.equal(await page.getByTestId("review-badge").getAttribute("data-count"), "1");

    const card = page.locator('[data-testid="proposal"][data-kind="video"]');
    assert.equal(await card.getByTestId("submission-title").innerText(), title);
    assert.equal(await card.getByTestId("votes-needed").innerText(), "Needs 1 more yes vote");
    await card.getByTestId("vote-yes").click();
    await card.getByTestId("vote-status").and(page.locator('[data-step="indexed"]')).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="proposal"][data-kind="video"][data-status="released"]').waitFor();
    assert.match(await card.getByTestId("vote-status").innerText(), /released/);
  });

  it("the released video is on the channel's Videos and plays with hls.js", async () => {
    await page.goto(`${stack!.urls.web}${channelPath}?tab=videos`);
    await page.getByTestId("channel-videos").getByText(title).click();
    await page.waitForURL(/\/watch\/ch\d+-\d+$/);
    assert.match(await page.getByTestId("release-note").innerText(), new RegExp(`Released by ${name} under policy v1`));
    await waitForHlsPlayback(page);
  });

  it("a viewer keeps the channel on their own node: its released video is pinned there, and unpinned on stop", async () => {
    await page.goto(`${stack!.urls.web}${channelPath}`);
    const status = page.getByTestId("keep-on-node-status");
    await status.getByText("Your node can keep every video").waitFor();
    await page.getByTestId("keep-on-node-button").click();
    await page.locator('[data-testid="keep-on-node"][data-state="following"]').waitFor();
    assert.equal(
      await status.innerText(),
      "Your node keeps 1 video of 1 and re-serves them; new ones are kept as they are released.",
    );
    const channelId = channelPath.split("/").at(-1)!;
    const { items: videos } = (await (await fetch(`${stack!.urls.indexer}/videos?channel=${channelId}`)).json()) as {
      items: { manifestCid: string }[];
    };
    const pins = async () => {
      const response = await fetch(`${stack!.urls.ipfsRpc}/api/v0/pin/ls?type=recursive`, { method: "POST" });
      return Object.keys(((await response.json()) as { Keys: Record<string, unknown> }).Keys);
    };
    assert.ok((await pins()).includes(videos[0]!.manifestCid), "the node pinned the released video");
    // The worker pinned it too when it published (it is the creator's node): stopping the follow leaves that pin.
    await page.reload();
    await page.locator('[data-testid="keep-on-node"][data-state="following"]').waitFor();
    await page.getByTestId("keep-on-node-button").click();
    await page.locator('[data-testid="keep-on-node"][data-state="not-following"]').waitFor();
  });

  it("account 2 proposes a policy amendment, reviewing the diff before signing", async () => {
    await page.goto(`${stack!.urls.web}${channelPath}?tab=proposals&new=policy`);
    const editor = page.getByTestId("policy-editor");
    assert.equal(await editor.inputValue(), POLICY_V1, "the editor starts from the current policy");
    await editor.fill(POLICY_V2);
    await page.getByTestId("preview-amendment").click();
    const preview = page.getByTestId("policy-diff-preview");
    assert.match(await preview.locator('[data-kind="removed"]').first().innerText(), /No advertising\./);
    assert.match(
      await preview.locator('[data-kind="added"]').first().innerText(),
      /No advertising or sponsored segments\./,
    );
    await page.getByTestId("propose-submit").click();
    await page.getByTestId("propose-status").and(page.locator('[data-step="indexed"]')).waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId("propose-status").innerText(), /needs 1 more yes vote/);
  });

  it("account 3 votes yes on it, and the Policy tab shows version 2 and its diff against version 1", async () => {
    await connectAs(page, 3);
    await page.goto(`${stack!.urls.web}${channelPath}?tab=proposals`);
    const open = page.locator('[data-testid="proposal"][data-kind="policy"][data-status="open"]');
    await open.getByTestId("proposal-policy-diff").waitFor();
    const card = page.locator(
      `[data-testid="proposal"][data-proposal-id="${await open.getAttribute("data-proposal-id")}"]`,
    );
    await card.getByTestId("vote-yes").click();
    await card.getByTestId("vote-status").and(page.locator('[data-step="indexed"]')).waitFor({ timeout: 60_000 });
    await card.and(page.locator('[data-status="executed"]')).waitFor();

    await page.getByTestId("tab-policy").click();
    await page.locator('[data-testid="policy-version-heading"][data-version="2"]').waitFor();
    const diff = page.getByTestId("policy-diff");
    const removed = await diff.locator('[data-kind="removed"]').allInnerTexts();
    const added = await diff.locator('[data-kind="added"]').allInnerTexts();
    assert.ok(
      removed.some((line) => /Removed:\s*- No advertising\.$/m.test(line)),
      `removed lines: ${removed.join(" | ")}`,
    );
    assert.ok(
      added.some((line) => /Added:\s*- Keep it under ten minutes\./.test(line)),
      `added lines: ${added.join(" | ")}`,
    );
    assert.match(await page.getByTestId("policy-text").innerText(), /Keep it under ten minutes/);
    await page.getByTestId("policy-version-1").waitFor();
  });
});
