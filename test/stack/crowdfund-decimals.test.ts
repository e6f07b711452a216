// A crowdfund in a 6-decimal ERC-20 (a USDC-like test token deployed here) through the UI against the whole real
// stack, at 360 px: the start form reads the token's symbol and decimals, so a goal typed "100" becomes 100 000 000
// units on chain (not 100e18); the campaign's page shows "… USDC"; a backer's pledge typed "2.5" is 2 500 000 units;
// an address that isn't an ERC-20 is refused with a sentence before anything is signed.
import assert from "node:assert/strict";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments } from "@chorus/deployments";
import { createPublicClient, createWalletClient, getAddress, http, type Abi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { assertFitsWidth, launchBrowser } from "../lib/browser.ts";
import { addressOf, CREATOR_KEY, send, TEST_KEYS } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const ARTIFACT = path.resolve(
  import.meta.dirname,
  "../../artifacts/contracts/test/DecimalsTestToken.sol/DecimalsTestToken.json",
);

describe("crowdfunding in a 6-decimal token", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let creatorBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let backerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let usdc: `0x${string}`;
  let abi: Abi;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-crowdfund-decimals-"));
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
    creatorBrowser = await launchBrowser();
    backerBrowser = await launchBrowser();
  });

  after(async () => {
    await creatorBrowser?.close();
    await backerBrowser?.close();
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
});
