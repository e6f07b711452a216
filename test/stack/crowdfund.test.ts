// Crowdfunding through the UI against the whole real stack, at 360 px: a creator starts a crowdfund from the form
// (title and description on IPFS, goal, days by the chain's clock); a viewer without a wallet sees its progress; a
// backer pledges from the campaign's page (signing → indexed) and the bar moves; the chain's time is moved past the
// deadline (evm_increaseTime + mine); the creator claims the reached campaign, and a backer of a missed one gets
// their pledge back.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { crowdfundAbi, deployments } from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { createPublicClient, http, parseEther, parseEventLogs, zeroAddress } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser } from "../lib/browser.ts";
import { cidBytes, CREATOR_KEY, send, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const CREATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // the dev wallet's test account 1
const DAY = 86_400;

describe("crowdfunding", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let creatorBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let backerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let campaignId = "";
  let missedId = "";
  const title = `Our next film ${Date.now()} <script>window.__pwned = 1</script>`;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-crowdfund-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    creatorBrowser = await launchBrowser();
    backerBrowser = await launchBrowser();
  });

  after(async () => {
    await creatorBrowser?.close();
    await backerBrowser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a creator starts a crowdfund, a backer pledges, the page shows the progress", async () => {
    const page = await creatorBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/crowdfunds/new`);
    // Checked before anything is stored or signed, with what to do.
    await page.getByText("Use the dev wallet (test account 1)").click();
    await page.getByTestId("crowdfund-start").click();
    assert.match(
      await page.getByRole("form", { name: "Start a crowdfund" }).innerText(),
      /Give the crowdfund a title\./,
    );
    assert.match(
      await page.getByRole("form", { name: "Start a crowdfund" }).innerText(),
      /Enter the goal as a positive amount/,
    );
    await page.getByTestId("crowdfund-title").fill(title);
    await page.getByTestId("crowdfund-description").fill("A road movie, shot on the coast.");
    await page.getByTestId("crowdfund-goal").fill("1");
    await page.getByTestId("crowdfund-days").fill("3");
    await assertFitsWidth(page, "/crowdfunds/new");
    await page.getByTestId("crowdfund-start").click();
    await page.waitForURL(/\/crowdfunds\/\d+$/, { timeout: 60_000 });
    campaignId = page.url().split("/").pop()!;
    assert.equal(await page.getByTestId("crowdfund-title").innerText(), title, "the title renders as text");
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    assert.match(await page.getByTestId("crowdfund-raised").innerText(), /^0 ETH$/);
    assert.match(await page.getByTestId("crowdfund-countdown").innerText(), /^(2 days 23 hours|3 days) left$/);

    // A backer: first as a viewer without a wallet (no wallet needed to read), then pledges 1.5 ETH.
    const backer = await backerBrowser!.context.newPage();
    backer.setDefaultTimeout(30_000);
    await backer.setViewportSize(PHONE);
    await backer.goto(`${stack!.urls.web}/crowdfunds/${campaignId}`);
    await assertFitsWidth(backer, `/crowdfunds/${campaignId}`);
    assert.match(await backer.getByTestId("crowdfund-status").innerText(), /Running/);
    await backer.getByTestId("pledge-amount").fill("1.5");
    // Test account 2, from the top bar's wallet menu.
    await backer.locator(".topbar [data-testid=connect]").click();
    await backer.getByTestId("connect-dev-2").click();
    await backer.locator(".topbar [data-testid=account]").waitFor();
    await backer.getByTestId("pledge-submit").click();
    await backer.locator('[data-testid="pledge-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    await backer.waitForFunction(
      () => document.querySelector('[data-testid="crowdfund-raised"]')?.textContent === "1.5 ETH",
    );
    assert.match(await backer.getByTestId("crowdfund-progress").innerText(), /of 1 ETH · 100% · 1 backer/);
    assert.match(await backer.getByTestId("crowdfund-pledges").innerText(), /1\.5 ETH/);

    // The creator's page lists it.
    await page.goto(`${stack!.urls.web}/creator/${CREATOR}`);
    await page.getByTestId(`crowdfund-${campaignId}`).waitFor();
  });

  it("past the deadline by the chain's clock: the creator claims, a backer of a missed campaign is refunded", async () => {
    // A second campaign, by the creator, that misses its goal; the backer (test account 2: TEST_KEYS[1]) pledges 0.25 ETH.
    const chain = createPublicClient({ transport: http(stack!.urls.chain) });
    const now = Number((await chain.getBlock()).timestamp);
    const { Crowdfund } = deployments[31337];
    const created = await send(stack!.urls.chain, CREATOR_KEY, {
      address: Crowdfund.address,
      abi: crowdfundAbi,
      functionName: "create",
      // Metadata that no node holds: the page says its description can't be fetched, and works all the same.
      args: [
        0n,
        zeroAddress,
        parseEther("10"),
        now + DAY,
        cidBytes(CID.create(1, 0x55, await sha256.digest(new Uint8Array([1]))).toString()),
      ],
    });
    missedId = parseEventLogs({
      abi: crowdfundAbi,
      logs: created.logs,
      eventName: "CampaignCreated",
    })[0]!.args.campaignId.toString();
    await send(stack!.urls.chain, TEST_KEYS[1]!, {
      address: Crowdfund.address,
      abi: crowdfundAbi,
      functionName: "pledge",
      args: [BigInt(missedId), parseEther("0.25")],
      value: parseEther("0.25"),
    });

    await chain.request({ method: "evm_increaseTime", params: [3 * DAY + 60] } as never);
    await chain.request({ method: "evm_mine" } as never);
    // The indexer judges status by the chain's latest block: wait until it has seen the jump.
    for (const id of [campaignId, missedId]) {
      for (let status = "running"; status === "running"; ) {
        const answer = (await (await fetch(`${stack!.urls.indexer}/crowdfunds/${id}`)).json()) as { status: string };
        status = answer.status;
        if (status === "running") await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    const page = await creatorBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/crowdfunds/${campaignId}`);
    await page.getByTestId("crowdfund-countdown").waitFor();
    assert.equal(await page.getByTestId("crowdfund-countdown").innerText(), "The deadline has passed.");
    assert.equal(await page.getByTestId("crowdfund-status").getAttribute("data-status"), "reached");
    const before = await chain.getBalance({ address: CREATOR });
    await page.getByTestId("crowdfund-claim").click();
    await page.locator('[data-testid="claim-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="crowdfund-status"]')?.getAttribute("data-status") === "claimed",
    );
    const gained = (await chain.getBalance({ address: CREATOR })) - before;
    assert.ok(
      gained > parseEther("1.49") && gained < parseEther("1.5"),
      `the creator got 1.5 ETH less gas (${gained})`,
    );

    const backer = await backerBrowser!.context.newPage();
    backer.setDefaultTimeout(30_000);
    await backer.setViewportSize(PHONE);
    await backer.goto(`${stack!.urls.web}/crowdfunds/${missedId}`);
    assert.equal(await backer.getByTestId("crowdfund-status").getAttribute("data-status"), "missed");
    await backer.getByTestId("crowdfund-refund").click();
    await backer.locator('[data-testid="refund-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    const answer = (await (await fetch(`${stack!.urls.indexer}/crowdfunds/${missedId}`)).json()) as {
      pledged: string;
      raised: string;
      pledges: { amount: string; refunded: string }[];
    };
    assert.deepEqual(
      [answer.pledged, answer.raised, answer.pledges.map((p) => [p.amount, p.refunded])],
      ["0", parseEther("0.25").toString(), [["0", parseEther("0.25").toString()]]],
    );
  });
});
