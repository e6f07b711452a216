// The creator's earnings page (issue 12), in headless Chromium at 360 px against the whole real stack: a fan (test
// account 2) tips a video of the creator's (test account 1) and buys another, by contract calls; the creator's
// /earnings shows the income in the chart's table and the balance; Withdraw (signing → pending → confirmed → indexed)
// moves it to the creator's wallet and the page shows zero. Anyone's /earnings/<address> reads without a wallet. The
// creator's own crowdfund, reached and claimed, is a source of its own (Crowdfunds): earned, and already in the wallet.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { crowdfundAbi, deployments, earningsAbi, enums } from "@chorus/deployments";
import type { Page } from "playwright-core";
import { createPublicClient, http, parseEther, zeroAddress } from "viem";
import { addDirectory } from "../../indexer/test/support.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser } from "../lib/browser.ts";
import { addressOf, cidBytes, publishVideo, send, TEST_KEYS } from "../lib/chain.ts";

const [creatorKey, fanKey] = TEST_KEYS;
const creator = addressOf(creatorKey);
const PHONE = { width: 360, height: 740 };
const ETH_BALANCE = `earnings-balance-${zeroAddress}`;

async function untilOk(url: string) {
  const deadline = Date.now() + 30_000;
  while (!(await fetch(url)).ok) {
    if (Date.now() > deadline) throw new Error(`${url} still not found after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the earnings page in the browser", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let web = "";

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-earnings-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    const ids: bigint[] = [];
    const cids: string[] = [];
    // The second title is long: the chart's Video select grows to its longest option and must still fit 360 px.
    for (const title of [
      "Free to watch, tips welcome",
      "Paid cut: the director's version, with the scenes nobody saw",
    ]) {
      const manifest = {
        schema: "chorus.video/1",
        title,
        description: "",
        durationSeconds: 3,
        width: 426,
        height: 240,
        master: "master.m3u8",
        thumbnail: "thumbnail.jpg",
        segmentSeconds: 2,
        renditions: [],
        createdAt: new Date().toISOString(),
      };
      const cid = await addDirectory(stack.urls.ipfsRpc, [
        { path: "manifest.json", content: JSON.stringify(manifest) },
      ]);
      cids.push(cid);
      ids.push((await publishVideo(stack.urls.chain, cid)).videoId); // by test account 1
    }
    const [tipped, paid] = ids as [bigint, bigint];
    const earnings = { address: deployments[31337].Earnings.address, abi: earningsAbi };
    const video = enums.PostKind.indexOf("Video");
    await send(stack.urls.chain, creatorKey, {
      ...earnings,
      functionName: "setPrice",
      args: [video, paid, enums.Access.indexOf("Paid"), zeroAddress, parseEther("0.02")],
    });
    await send(stack.urls.chain, fanKey, {
      ...earnings,
      functionName: "tip",
      args: [enums.TipTarget.indexOf("Video"), tipped, zeroAddress, parseEther("0.01"), "Great film!"],
      value: parseEther("0.01"),
    });
    await send(stack.urls.chain, fanKey, {
      ...earnings,
      functionName: "buy",
      args: [video, paid, zeroAddress, parseEther("0.02")],
      value: parseEther("0.02"),
    });
    // The creator's own crowdfund: 0.05 ETH pledged, the deadline passed (the chain's clock moved on), claimed.
    const rpc = createPublicClient({ transport: http(stack.urls.chain) });
    const crowdfund = { address: deployments[31337].Crowdfund.address, abi: crowdfundAbi };
    const now = Number((await rpc.getBlock()).timestamp);
    await send(stack.urls.chain, creatorKey, {
      ...crowdfund,
      functionName: "create",
      args: [0n, zeroAddress, parseEther("0.05"), now + 120, cidBytes(cids[0]!)],
    });
    await send(stack.urls.chain, fanKey, {
      ...crowdfund,
      functionName: "pledge",
      args: [1n, parseEther("0.05")],
      value: parseEther("0.05"),
    });
    await rpc.request({ method: "evm_increaseTime", params: [180] } as never);
    await rpc.request({ method: "evm_mine" } as never);
    await send(stack.urls.chain, creatorKey, { ...crowdfund, functionName: "claim", args: [1n] });
    await untilOk(`${stack.urls.indexer}/videos/${paid}`);
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

  it("anyone reads a creator's earnings without a wallet; a bad address says what is wrong", async () => {
    await page.goto(`${web}/earnings/${creator}`);
    const balance = page.getByTestId(ETH_BALANCE);
    await balance.filter({ hasText: "0.03 ETH to withdraw" }).waitFor();
    assert.equal(await page.getByTestId("earnings-withdraw").count(), 0, "no Withdraw on someone else's page");
    await page.goto(`${web}/earnings/not-an-address`);
    await page.getByTestId("earnings-bad-address").filter({ hasText: "isn't an account address" }).waitFor();
  });

  it("shows the creator the income in the chart's table and the balance; Withdraw moves it to the wallet", async () => {
    await page.goto(`${web}/earnings`);
    await page.locator(".topbar [data-testid=connect]").click();
    await page.getByTestId("connect-dev").click();
    await page.locator(".topbar [data-testid=account]").waitFor();

    const balance = page.getByTestId(ETH_BALANCE);
    // The crowdfund went straight to the wallet: earned, and withdrawn at once; the balance is the tip and the sale.
    await balance.filter({ hasText: "0.03 ETH to withdraw (earned 0.08 ETH, withdrawn 0.05 ETH)" }).waitFor();
    const table = page.getByTestId("earnings-series-table");
    await table.filter({ hasText: "0.08 ETH" }).waitFor();
    const today = (await table.locator("tbody tr").allTextContents()).map((row) => row.replace(/\s+/g, " "));
    assert.equal(today.length, 1, "one day of income");
    assert.match(
      today[0]!,
      /0\.01 ETH.*0\.02 ETH.*0\.05 ETH.*0\.08 ETH/,
      "tips 0.01, sales 0.02, crowdfunds 0.05, total 0.08",
    );
    assert.match((await table.locator("thead").textContent()) ?? "", /Crowdfunds/);
    await page.getByTestId("earnings-chart").waitFor();
    await page.locator("figure figcaption").filter({ hasText: "Crowdfunds" }).waitFor();
    const recent = await page.getByTestId("earnings-recent").textContent();
    assert.match(recent ?? "", /Great film!/);
    assert.match(recent ?? "", /Sales/);
    assert.match(recent ?? "", /Crowdfunds.*crowdfund #1/);
    // One source: only the sale. (Wait for the table without the all-sources total, 0.08 ETH: until the filtered
    // series arrives the table still shows every source.)
    await page.getByTestId("earnings-source").selectOption("sale");
    await table.filter({ hasNotText: "0.08 ETH" }).filter({ hasText: "0.02 ETH" }).waitFor();
    assert.doesNotMatch((await table.textContent()) ?? "", /0\.01 ETH/, "the tip is left out");
    await assertFitsWidth(page, "/earnings at 360 px");

    const chain = createPublicClient({ transport: http(stack!.urls.chain) });
    const before = await chain.getBalance({ address: creator });
    await page.getByTestId("earnings-withdraw").click();
    const status = page.getByTestId("earnings-withdraw-status");
    await status.and(page.locator("[data-step=indexed], [data-step=failed]")).waitFor();
    assert.equal(await status.getAttribute("data-step"), "indexed", (await status.textContent()) ?? "");
    assert.match((await status.textContent()) ?? "", /withdrew 0\.03 ETH/);
    await balance.filter({ hasText: "0 ETH to withdraw" }).waitFor();
    assert.equal(await page.getByTestId("earnings-withdraw").count(), 0, "nothing left to withdraw");
    const gained = (await chain.getBalance({ address: creator })) - before;
    assert.ok(
      gained > parseEther("0.029") && gained < parseEther("0.03"),
      `the wallet gained ${gained} wei (less gas)`,
    );
  });
});
