// Money in a 6-decimal ERC-20 (a USDC-like test token deployed here) through the UI against the whole real stack, at
// 360 px. A crowdfund: the start form reads the token's symbol and decimals, so a goal typed "100" becomes 100 000 000
// units on chain (not 100e18); the campaign's page shows "… USDC"; a backer's pledge typed "2.5" is 2 500 000 units; an
// address that isn't an ERC-20 is refused with a sentence before anything is signed. A storage deal: "Keep copies"
// paid in the token — amounts typed in its units, approved then opened — and the deal's page and the funder's storage
// page say USDC, never ETH. Earnings: a fan tips a video in the token from its dialog, and the creator's /earnings shows
// the balance in USDC and withdraws it (the balance goes to zero, the wallet's USDC rises by exactly the tip).
import assert from "node:assert/strict";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments } from "@chorus/deployments";
import type { Page } from "playwright-core";
import { createPublicClient, createWalletClient, getAddress, http, type Abi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser, waitForHydration } from "../lib/browser.ts";
import { addDirectory } from "../../indexer/test/support.ts";
import { addressOf, CREATOR_KEY, publishVideo, send, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const ARTIFACT = path.resolve(
  import.meta.dirname,
  "../../artifacts/contracts/test/DecimalsTestToken.sol/DecimalsTestToken.json",
);

describe("money in a 6-decimal token", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let creatorBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let backerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let funderBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let usdc: `0x${string}`;
  let abi: Abi;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-token-decimals-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    // The stack compiled the contracts: deploy the test token as the creator (the committed addresses don't move).
    const artifact = JSON.parse(await readFile(ARTIFACT, "utf8")) as { abi: Abi; bytecode: Hex };
    abi = artifact.abi;
    const wallet = createWalletClient({ account: privateKeyToAccount(CREATOR_KEY), transport: http(stack.urls.chain) });
    const hash = await wallet.deployContract({
      abi,
      bytecode: artifact.bytecode,
      args: ["USD Coin (test)", "USDC", 6],
      chain: null,
    });
    const receipt = await createPublicClient({ transport: http(stack.urls.chain) }).waitForTransactionReceipt({ hash });
    usdc = getAddress(receipt.contractAddress!);
    // The backer (test account 2) holds 500 USDC.
    await send(stack.urls.chain, CREATOR_KEY, {
      address: usdc,
      abi,
      functionName: "mint",
      args: [addressOf(TEST_KEYS[1]!), 500_000_000n],
    });
    // The storage deal's funder (test account 3) holds 100 USDC.
    await send(stack.urls.chain, CREATOR_KEY, {
      address: usdc,
      abi,
      functionName: "mint",
      args: [addressOf(TEST_KEYS[2]!), 100_000_000n],
    });
    creatorBrowser = await launchBrowser();
    backerBrowser = await launchBrowser();
    funderBrowser = await launchBrowser();
  });

  after(async () => {
    await creatorBrowser?.close();
    await backerBrowser?.close();
    await funderBrowser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a goal typed 100 is 100 USDC (100 000 000 units), and the page says USDC", async () => {
    const page = await creatorBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/crowdfunds/new`);
    await page.getByText("Use the dev wallet (test account 1)").click();
    const form = page.getByRole("form", { name: "Start a crowdfund" });

    // An address with no ERC-20 behind it (the Crowdfund contract itself): said at once, nothing is started.
    await page.getByTestId("crowdfund-token").fill(deployments[31337].Crowdfund.address);
    await form.getByText(/isn't an ERC-20 token this app can read/).waitFor();
    assert.match(await form.innerText(), /Goal \(unreadable token\)/);
    await page.getByTestId("crowdfund-title").fill("Subtitles in six languages");
    await page.getByTestId("crowdfund-goal").fill("100");
    await page.getByTestId("crowdfund-start").click();
    assert.equal(new URL(page.url()).pathname, "/crowdfunds/new", "nothing started with an unreadable token");

    await page.getByTestId("crowdfund-token").fill(usdc.toLowerCase());
    await form.getByText("Goal (USDC)").waitFor();
    assert.doesNotMatch(await form.innerText(), /isn't an ERC-20 token/);
    await page.getByTestId("crowdfund-days").fill("3");
    await assertFitsWidth(page, "/crowdfunds/new (USDC)");
    await page.getByTestId("crowdfund-start").click();
    await page.waitForURL(/\/crowdfunds\/\d+$/, { timeout: 60_000 });
    const campaignId = page.url().split("/").pop()!;

    const indexed = (await (await fetch(`${stack!.urls.indexer}/crowdfunds/${campaignId}`)).json()) as {
      goal: string;
      token: string;
    };
    assert.equal(indexed.goal, "100000000", "100 in a 6-decimal token is 100 000 000 units on chain");
    assert.equal(indexed.token.toLowerCase(), usdc.toLowerCase());
    await page.waitForFunction(
      () => document.querySelector('[data-testid="crowdfund-raised"]')?.textContent === "0 USDC",
    );
    assert.match(await page.getByTestId("crowdfund-progress").innerText(), /of 100 USDC · 0% · 0 backers/);

    // A backer pledges 2.5 USDC from the page (approve, then pledge): 2 500 000 units.
    const backer = await backerBrowser!.context.newPage();
    backer.setDefaultTimeout(30_000);
    await backer.setViewportSize(PHONE);
    await backer.goto(`${stack!.urls.web}/crowdfunds/${campaignId}`);
    await backer.getByText("Pledge (USDC)").waitFor();
    await assertFitsWidth(backer, `/crowdfunds/${campaignId} (USDC)`);
    await backer.getByTestId("pledge-amount").fill("0.0000001");
    await backer.getByText(/At most 6 decimals for this token/).waitFor();
    await backer.getByTestId("pledge-amount").fill("2.5");
    await backer.locator(".topbar [data-testid=connect]").click();
    await backer.getByTestId("connect-dev-2").click();
    await backer.locator(".topbar [data-testid=account]").waitFor();
    await backer.getByTestId("pledge-submit").click();
    await backer.locator('[data-testid="pledge-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    await backer.waitForFunction(
      () => document.querySelector('[data-testid="crowdfund-raised"]')?.textContent === "2.5 USDC",
    );
    assert.match(await backer.getByTestId("crowdfund-progress").innerText(), /of 100 USDC · 2% · 1 backer/);
    assert.match(await backer.getByTestId("crowdfund-pledges").innerText(), /2\.5 USDC/);
    assert.match(await backer.getByTestId("unpledge").innerText(), /Take back my 2\.5 USDC/);
    const after = (await (await fetch(`${stack!.urls.indexer}/crowdfunds/${campaignId}`)).json()) as { raised: string };
    assert.equal(after.raised, "2500000");
    const held = (await createPublicClient({ transport: http(stack!.urls.chain) }).readContract({
      address: usdc,
      abi,
      functionName: "balanceOf",
      args: [deployments[31337].Crowdfund.address],
    })) as bigint;
    assert.equal(held, 2_500_000n, "the contract holds 2.5 USDC in 6-decimal units");
  });

  it("a storage deal paid in USDC: typed in its units, approved, and shown in USDC on the deal's and the funder's pages", async () => {
    const manifest = {
      schema: "chorus.video/1",
      title: `Harbour at dawn ${Date.now()}`,
      description: "",
      durationSeconds: 4,
      width: 640,
      height: 360,
      master: "master.m3u8",
    };
    const cid = await addDirectory(stack!.urls.ipfsRpc, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
    const { videoId } = await publishVideo(stack!.urls.chain, cid);
    const funder = addressOf(TEST_KEYS[2]!);

    const page = await funderBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/watch/${videoId}`);
    await waitForHydration(page);
    await page.getByTestId("keep-copies").click();
    const form = page.getByTestId("keep-copies-form");
    await page.getByTestId("deal-token").fill(usdc.toLowerCase());
    await form.getByText("Price per copy per proof (USDC)").waitFor();
    await page.getByTestId("deal-price").fill("0.0000001");
    await form.getByText("At most 6 decimals in USDC: shorten the price.").waitFor();
    await page.getByTestId("deal-price").fill("0.25");
    await page.getByTestId("deal-period").selectOption("3600");
    await page.getByTestId("deal-duration").selectOption("86400");
    // The default stake and slash (0.01 and 0.001) are below the price: raise them in the keepers' section.
    await form.getByText("Keepers' stake and penalties").click();
    await form.getByLabel("Stake per keeper (USDC)").fill("5");
    await form.getByLabel("Cost of a missed proof (USDC)").fill("0.5");
    assert.match(
      await page.getByTestId("deal-cost").innerText(),
      /You pay 12 USDC now: 2 copies × 24 proofs × 0\.25 USDC = 12 USDC, for 1 day/,
    );
    await assertFitsWidth(page, `/watch/${videoId} (a deal in USDC)`);
    await page.locator(".topbar [data-testid=connect]").click();
    await page.getByTestId("connect-dev-3").click();
    await page.locator(".topbar [data-testid=account]").waitFor();
    await page.getByTestId("deal-submit").click();
    await page.locator('[data-testid="deal-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    const dealHref = (await page.getByTestId("deal-link").getAttribute("href"))!;
    const dealId = dealHref.split("/").pop()!;

    // On chain: the deal is in the token, 12 USDC = 12 000 000 units, held by the escrow.
    const indexed = (await (await fetch(`${stack!.urls.indexer}/deals/${dealId}`)).json()) as {
      token: string;
      deposit: string;
      pricePerPeriod: string;
      stakePerReplica: string;
      events: { items: { kind: string; token: string; amount: string }[] };
    };
    assert.equal(indexed.token.toLowerCase(), usdc.toLowerCase());
    assert.deepEqual(
      [indexed.deposit, indexed.pricePerPeriod, indexed.stakePerReplica],
      ["12000000", "250000", "5000000"],
    );
    assert.deepEqual(
      indexed.events.items.map((e) => [e.kind, e.token.toLowerCase(), e.amount]),
      [["created", usdc.toLowerCase(), "12000000"]],
    );
    const client = createPublicClient({ transport: http(stack!.urls.chain) });
    const balanceOf = (account: `0x${string}`) =>
      client.readContract({ address: usdc, abi, functionName: "balanceOf", args: [account] }) as Promise<bigint>;
    assert.equal(await balanceOf(deployments[31337].StorageEscrow.address), 12_000_000n);
    assert.equal(await balanceOf(funder), 88_000_000n, "the funder paid exactly the deposit");

    // The deal's page and the funder's storage page: every amount in USDC, none in ETH.
    await page.goto(`${stack!.urls.web}${dealHref}`);
    await page.waitForFunction(() =>
      /deposited 12 USDC/.test(document.querySelector('[data-testid="deal-money"]')?.textContent ?? ""),
    );
    const terms = await page.locator("dl.facts").innerText();
    assert.match(terms, /0\.25 USDC per copy per proof/);
    assert.match(terms, /5 USDC · a missed proof costs 0\.5 USDC/);
    assert.doesNotMatch(terms, /ETH/);
    assert.match(await page.getByTestId("deal-events").innerText(), /12 USDC/);
    assert.match(
      await page.getByTestId("topup-periods").locator("xpath=..").innerText(),
      /for 12 USDC \(2 × 24 × 0\.25 USDC\)/,
    );
    await assertFitsWidth(page, `${dealHref} (USDC)`);
    await page.goto(`${stack!.urls.web}/storage?address=${funder}`);
    await page.waitForFunction(() =>
      /12 USDC/.test(document.querySelector('[data-testid="funded-deals"]')?.textContent ?? ""),
    );
    assert.match(await page.getByTestId("funded-deals").innerText(), /0 USDC \/ 12 USDC/);
  });

  it("a fan tips a video 7.5 USDC; the creator's earnings page shows 7.5 USDC and withdraws it to the wallet", async () => {
    const manifest = {
      schema: "chorus.video/1",
      title: `Tide tables ${Date.now()}`,
      description: "",
      durationSeconds: 4,
      width: 640,
      height: 360,
      master: "master.m3u8",
    };
    const cid = await addDirectory(stack!.urls.ipfsRpc, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
    const { videoId } = await publishVideo(stack!.urls.chain, cid); // by the creator, test account 1
    const creator = addressOf(CREATOR_KEY);
    const fan = addressOf(TEST_KEYS[1]!);
    const client = createPublicClient({ transport: http(stack!.urls.chain) });
    const balanceOf = (account: `0x${string}`) =>
      client.readContract({ address: usdc, abi, functionName: "balanceOf", args: [account] }) as Promise<bigint>;
    const fanBefore = await balanceOf(fan);

    // The fan (test account 2, the backer) tips in the token: typed in its units, approved, then tipped.
    const page = await backerBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/watch/${videoId}`);
    await waitForHydration(page);
    await connectIfNeeded(page, "connect-dev-2");
    await page.getByTestId("tip-button").click();
    const dialog = page.getByTestId("tip-dialog");
    await dialog.getByLabel("Tip in an ERC-20 token instead of ETH").check();
    await dialog.getByLabel("Token contract address").fill(usdc.toLowerCase());
    await dialog.getByText("USDC, 6 decimals.", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Other" }).click();
    await dialog.getByTestId("tip-amount").fill("7.5");
    assert.equal(await dialog.getByTestId("tip-send").innerText(), "Tip 7.5 USDC");
    await assertFitsWidth(page, `/watch/${videoId} tipping in USDC`);
    await dialog.getByTestId("tip-send").click();
    const tipStatus = dialog.getByTestId("tip-status");
    await tipStatus.and(page.locator("[data-step=indexed], [data-step=failed]")).waitFor({ timeout: 60_000 });
    assert.equal(await tipStatus.getAttribute("data-step"), "indexed", (await tipStatus.textContent()) ?? "");
    assert.match((await tipStatus.textContent()) ?? "", /your tip of 7\.5 USDC is recorded/);
    assert.equal(fanBefore - (await balanceOf(fan)), 7_500_000n, "the fan paid 7.5 USDC in 6-decimal units");

    // The creator's /earnings: the balance in USDC, then Withdraw USDC moves it to the wallet.
    const creatorPage = await creatorBrowser!.context.newPage();
    creatorPage.setDefaultTimeout(30_000);
    await creatorPage.setViewportSize(PHONE);
    await creatorPage.goto(`${stack!.urls.web}/earnings`);
    await waitForHydration(creatorPage);
    await connectIfNeeded(creatorPage, "connect-dev");
    const balance = creatorPage.getByTestId(`earnings-balance-${usdc.toLowerCase()}`);
    await balance.filter({ hasText: "7.5 USDC to withdraw (earned 7.5 USDC, withdrawn 0 USDC)" }).waitFor();
    assert.match((await creatorPage.getByTestId("earnings-recent").textContent()) ?? "", /7\.5 USDC/);
    await assertFitsWidth(creatorPage, "/earnings with a USDC balance");
    const creatorBefore = await balanceOf(creator);
    await creatorPage.getByRole("button", { name: "Withdraw USDC" }).click();
    const status = creatorPage.getByTestId("earnings-withdraw-status");
    await status.and(creatorPage.locator("[data-step=indexed], [data-step=failed]")).waitFor({ timeout: 60_000 });
    assert.equal(await status.getAttribute("data-step"), "indexed", (await status.textContent()) ?? "");
    assert.match((await status.textContent()) ?? "", /withdrew 7\.5 USDC to your wallet/);
    await balance.filter({ hasText: "0 USDC to withdraw (earned 7.5 USDC, withdrawn 7.5 USDC)" }).waitFor();
    assert.equal(await creatorPage.getByRole("button", { name: "Withdraw USDC" }).count(), 0, "nothing left");
    assert.equal((await balanceOf(creator)) - creatorBefore, 7_500_000n, "the wallet gained exactly 7.5 USDC");
    const earnings = (await (await fetch(`${stack!.urls.indexer}/earnings/${creator}`)).json()) as {
      balances: { token: string; balance: string; withdrawn: string }[];
    };
    const inUsdc = earnings.balances.find((b) => b.token.toLowerCase() === usdc.toLowerCase());
    assert.deepEqual([inUsdc?.balance, inUsdc?.withdrawn], ["0", "7500000"]);
  });
});

/** Connects the browser's dev wallet account (`connect-dev`, `connect-dev-2`…) unless this page already shows one. */
async function connectIfNeeded(page: Page, testId: string) {
  const account = page.locator(".topbar [data-testid=account]");
  // A browser that connected before reconnects on its own, a moment after hydration.
  if (
    await account.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    )
  )
    return;
  await page.locator(".topbar [data-testid=connect]").click();
  await page.getByTestId(testId).click();
  await account.waitFor();
}
