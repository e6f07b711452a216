// A community channel's membership plan, decided by vote, in the browser (the whole stack): a channel of two founders
// (dev wallet accounts 1 and 2, two votes pass) releases an encrypted video and makes it members-only. Account 1
// proposes a plan on the channel page at 360 px, by keyboard; account 2 passes it with the proposal card's Yes, by
// keyboard (signing → pending → confirmed → indexed); the channel page shows the plan. A second submission, still open,
// says on its card what its release would cost viewers and whom it would pay. A fan (account 3) opens the
// release, whose Join panel now joins the channel, joins, and plays past the preview; the money went into the
// channel's pot, and the channel's Members tab lists the fan as a paying member with what they paid.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, earningsAbi, enums } from "@chorus/deployments";
import type { Page } from "playwright-core";
import { createPublicClient, http, parseEther, zeroAddress } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, TEST_HOOKS_ENV, waitForHydration } from "../lib/browser.ts";
import { addressOf, channelsTx, cidBytes, CREATOR_KEY, send, TEST_KEYS } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const PREVIEW_SECONDS = 2;
const DAY = 86_400;

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Keeps the video playing (muted) and resolves once its currentTime passes `seconds`. */
async function playPast(page: Page, seconds: number, timeout = 60_000) {
  await page.waitForFunction(
    (limit) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
      if (video?.paused) {
        video.muted = true;
        void video.play().catch(() => {});
      }
      return !!video && video.currentTime > limit;
    },
    seconds,
    { timeout, polling: 200 },
  );
}

/** Records every data-step a transaction status shows, until it reaches `last`. */
async function stepsUntil(page: Page, testId: string, act: () => Promise<void>, last = "indexed") {
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
  const status = page.locator(`[data-testid="${testId}"]`);
  await status.and(page.locator(`[data-step="${last}"], [data-step="failed"]`)).waitFor({ timeout: 120_000 });
  assert.equal(await status.getAttribute("data-step"), last, (await status.textContent()) ?? "");
  return page.evaluate(() => (window as { __steps?: string[] }).__steps ?? []);
}

async function connect(page: Page, web: string, n: 1 | 2 | 3) {
  await page.goto(`${web}/`);
  await page.locator(".topbar [data-testid=connect]").click();
  await page.getByTestId(n === 1 ? "connect-dev" : `connect-dev-${n}`).click();
  await page.locator(".topbar [data-testid=account]").waitFor();
}

describe("a channel's membership plan, voted, joined and watched", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let channelId = 0n;
  let releaseId = 0n;
  let pendingId = 0n;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-channel-plan-"));
    const clip = await makeClip(path.join(tmp, "plan.mp4"), { seconds: 8, width: 320, height: 180 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    const worker = stack.urls.worker;
    const upload = await fetch(`${worker}/jobs?filename=plan.mp4&access=encrypted&previewSeconds=${PREVIEW_SECONDS}`, {
      method: "POST",
      body: await readFile(clip),
    });
    assert.equal(upload.status, 201);
    const { job } = (await upload.json()) as { job: { id: string } };
    await fetch(`${worker}/jobs/${job.id}/details`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "For the channel's members" }),
    });
    const manifestCid = await until("the upload to publish", async () => {
      const { job: j } = (await (await fetch(`${worker}/jobs/${job.id}`)).json()) as {
        job: { status: string; manifestCid?: string };
      };
      return j.status === "published" ? j.manifestCid : undefined;
    });
    const rpc = stack.urls.chain;
    const founders = [addressOf(CREATOR_KEY), addressOf(TEST_KEYS[1])];
    const created = await channelsTx(rpc, CREATOR_KEY, "createChannel", [
      cidBytes(manifestCid),
      cidBytes(manifestCid),
      founders,
      { submitters: 0, thresholdKind: 0, threshold: 2, votingPeriod: DAY },
    ]);
    channelId = (created.find((e) => e.eventName === "ChannelCreated")!.args as { channelId: bigint }).channelId;
    const submitted = await channelsTx(rpc, CREATOR_KEY, "submitVideo", [channelId, cidBytes(manifestCid)]);
    releaseId = (submitted.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint }).proposalId;
    await channelsTx(rpc, TEST_KEYS[1], "vote", [releaseId, true]);
    await send(rpc, CREATOR_KEY, {
      address: deployments[31337].Earnings.address,
      abi: earningsAbi,
      functionName: "setPrice",
      args: [enums.PostKind.indexOf("Release"), releaseId, enums.Access.indexOf("MembersOnly"), zeroAddress, 0n],
    });
    // A second submission, left open: its split (a tenth to the channel's pot) and price set before the vote.
    const pending = await channelsTx(rpc, CREATOR_KEY, "submitVideo", [channelId, cidBytes(manifestCid)]);
    pendingId = (pending.find((e) => e.eventName === "ProposalCreated")!.args as { proposalId: bigint }).proposalId;
    const release = enums.PostKind.indexOf("Release");
    await send(rpc, CREATOR_KEY, {
      address: deployments[31337].Earnings.address,
      abi: earningsAbi,
      functionName: "setSplit",
      args: [release, pendingId, [founders[0]], [9000], 1000],
    });
    await send(rpc, CREATOR_KEY, {
      address: deployments[31337].Earnings.address,
      abi: earningsAbi,
      functionName: "setPrice",
      args: [release, pendingId, enums.Access.indexOf("Paid"), zeroAddress, parseEther("0.001")],
    });
    await until("the indexer to serve the open submission's price", async () => {
      const response = await fetch(`${stack!.urls.indexer}/proposals/${pendingId}`);
      const body = response.ok ? ((await response.json()) as { releaseMoney?: { price: unknown } | null }) : undefined;
      return body?.releaseMoney?.price ? true : undefined;
    });
    await until("the indexer to serve the release with its manifest", async () => {
      const response = await fetch(`${stack!.urls.indexer}/videos/ch${channelId}-${releaseId}`);
      const body = response.ok ? ((await response.json()) as { manifest?: { access?: unknown } | null }) : undefined;
      return body?.manifest?.access ? true : undefined;
    });
  });

  after(async () => {
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a member proposes a plan by keyboard at 360 px, the vote passes it, a fan joins the channel and watches", async () => {
    const web = stack!.urls.web!;
    const browser = await launchBrowser();
    try {
      const member = await browser.context.newPage();
      member.setDefaultTimeout(30_000);
      await member.setViewportSize({ width: 360, height: 740 });
      await connect(member, web, 1);
      await member.goto(`${web}/channels/${channelId}?tab=proposals&new=membership-plan`);
      await waitForHydration(member);
      assert.equal(await member.getByTestId("channel-plan").getAttribute("data-state"), "none");
      // The top bar hydrates before the page under it (the channel page streams behind its loading.tsx), and the
      // form's fields stay disabled until the form has hydrated: keys sent before that are lost and nothing is
      // proposed. So wait for the field itself to be enabled, and check what was typed before submitting.
      const price = member.locator("[data-testid=plan-price]:enabled");
      await price.waitFor();
      await price.focus();
      await member.keyboard.type("0.002");
      await member.keyboard.press("Tab");
      await member.keyboard.press("ControlOrMeta+a");
      await member.keyboard.type("30");
      assert.deepEqual(
        [await member.getByTestId("plan-price").inputValue(), await member.getByTestId("plan-days").inputValue()],
        ["0.002", "30"],
        "the plan as typed",
      );
      await member.keyboard.press("Enter");
      const status = member.getByTestId("propose-status");
      // Proposed → signed → mined → indexed: the indexer's lag grows on a loaded machine, so as long as `until`'s.
      await status
        .and(member.locator("[data-step=indexed], [data-step=failed]"))
        .waitFor({ timeout: 120_000 })
        .catch(async (error: Error) => {
          // Say where it stopped: not submitted (the form's error), or which state it waits in.
          const form = await member.getByRole("form", { name: "Set the membership plan" }).innerText();
          const step = (await status.count()) ? await status.getAttribute("data-step") : "no status";
          throw new Error(`${error.message}
The proposal stopped at: ${step}. The form says:
${form}`);
        });
      assert.equal(await status.getAttribute("data-step"), "indexed", (await status.textContent()) ?? "");
      assert.match((await status.textContent()) ?? "", /needs 1 more yes vote/);
      const change = member.getByTestId("plan-change").first();
      await change.waitFor();
      assert.match(await change.innerText(), /fans pay 0\.002 ETH per 30 days/);
      await assertFitsWidth(member, "channel proposals with a plan proposal");

      await member.close();
    } finally {
      await browser.close();
    }

    // The other founder (another browser: the dev wallet's connection is per browser) passes it with the proposal
    // card's Yes, by keyboard; its status shows every state, signing to indexed.
    const voterBrowser = await launchBrowser();
    try {
      const voter = await voterBrowser.context.newPage();
      voter.setDefaultTimeout(30_000);
      await voter.setViewportSize({ width: 360, height: 740 });
      await connect(voter, web, 2);
      await voter.goto(`${web}/channels/${channelId}?tab=proposals`);
      await waitForHydration(voter);
      // The open submission's card: what its release would cost viewers, and whom it would pay.
      const submission = voter.locator(`[data-testid="proposal"][data-proposal-id="${pendingId}"]`);
      assert.equal(
        await submission.getByTestId("release-access").innerText(),
        "If released: viewers pay 0.001 ETH to watch past the preview.",
      );
      assert.match(
        await submission.getByTestId("release-split").innerText(),
        /^Tips and sales would be split: .+ 90 %, the channel's pot 10 %\.$/,
      );
      await assertFitsWidth(voter, "channel proposals with a priced submission");
      const card = voter.locator('[data-testid="proposal"][data-kind="setting"]');
      // Enabled only once the card has hydrated (a key pressed on it before is lost, as on the form above).
      const yes = card.locator("[data-testid=vote-yes]:enabled");
      await yes.waitFor();
      const steps = await stepsUntil(voter, "vote-status", async () => {
        await yes.focus();
        await voter.keyboard.press("Enter");
      });
      assert.deepEqual(
        steps.filter((s) => s !== "idle"),
        ["signing", "pending", "confirmed", "indexed"],
        "every state of the vote shows",
      );
      await card.and(voter.locator('[data-status="executed"]')).waitFor();
      assert.match(await card.getByTestId("vote-status").innerText(), /passed and took effect/);
      await until("the channel page to show the plan", async () => {
        await voter.goto(`${web}/channels/${channelId}`);
        return (await voter.getByTestId("channel-plan").getAttribute("data-state")) === "plan" ? true : undefined;
      });
      assert.match(await voter.getByTestId("channel-plan").innerText(), /0\.002 ETH per 30 days/);
      assert.match(await voter.getByTestId("channel-plan-paying").innerText(), /^0 paying members now$/);
      await assertFitsWidth(voter, "channel page with a plan");
    } finally {
      await voterBrowser.close();
    }

    // The fan: another browser (the dev wallet's connection is per browser).
    const fanBrowser = await launchBrowser();
    try {
      const fan = await fanBrowser.context.newPage();
      fan.setDefaultTimeout(30_000);
      await fan.setViewportSize({ width: 360, height: 740 });
      await connect(fan, web, 3);
      await fan.goto(`${web}/watch/ch${channelId}-${releaseId}`);
      await fan.getByTestId("join-channel").waitFor();
      const join = fan.getByTestId("join");
      assert.match((await join.textContent()) ?? "", /Join for 0\.002 ETH/);
      await join.focus();
      await fan.keyboard.press("Enter");
      const failed = fan.getByTestId("join-status").and(fan.locator("[data-step=failed]"));
      const outcome = await Promise.race(
        [
          fan
            .getByTestId("join")
            .waitFor({ state: "detached", timeout: 60_000 })
            .then(() => "unlocked"),
          failed.waitFor({ timeout: 60_000 }).then(async () => `failed: ${await failed.textContent()}`),
        ].map((p) => p.catch(() => "nothing within 60 s")),
      );
      assert.equal(outcome, "unlocked");
      assert.match(await fan.getByTestId("unlocked-note").innerText(), /^You're a member until .+/);
      await assertFitsWidth(fan, "members-only release once the channel is joined");
      await playPast(fan, PREVIEW_SECONDS + 2);

      const chain = createPublicClient({ transport: http(stack!.urls.chain) });
      const earnings = { address: deployments[31337].Earnings.address, abi: earningsAbi } as const;
      const [memberUntil, now, pot] = await Promise.all([
        chain.readContract({
          ...earnings,
          functionName: "channelMemberUntil",
          args: [channelId, addressOf(TEST_KEYS[2])],
        }),
        chain.getBlock().then((b) => b.timestamp),
        chain.readContract({ ...earnings, functionName: "potOf", args: [channelId, 0, zeroAddress] }),
      ]);
      const days = (Number(memberUntil) - Number(now)) / DAY;
      assert.ok(days > 29 && days <= 30, `a paying member for one 30-day period: ${days} days left`);
      assert.equal(pot[0], parseEther("0.002"), "the money is in the channel's pot");

      // The channel's Members tab lists the fan among its paying members, with what they paid.
      const paying = fan.getByTestId("paying-member");
      await until("the channel page to list the paying member", async () => {
        await fan.goto(`${web}/channels/${channelId}?tab=members`);
        await waitForHydration(fan);
        await fan.getByTestId("paying-member").or(fan.getByTestId("paying-members-count")).first().waitFor();
        // The paid sums are another table, which the indexer may write a moment after the membership.
        await fan.getByTestId("paying-member-paid").filter({ hasText: "0.002 ETH" }).waitFor({ timeout: 5_000 });
        return (await paying.count()) === 1 ? true : undefined;
      });
      assert.match(await fan.getByTestId("paying-members-count").innerText(), /^1 paying member now\./);
      assert.match(await paying.innerText(), /member until .+ · paid 0\.002 ETH$/);
      assert.equal(await paying.getAttribute("data-active"), "true");
      await assertFitsWidth(fan, "channel members with a paying member");
    } finally {
      await fanBrowser.close();
    }
  });
});
