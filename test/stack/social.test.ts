// Names and comments through the web (issue 10, web part 1), in headless Chromium at 360 px against the whole real
// stack: the creator (dev test account 1) makes one of two videos verified-only from its watch page; an anonymous
// viewer (test account 2, no handle) sets a nickname on /account, comments on the open video and sees it indexed with
// the nickname and the address fingerprint, replies, edits ("edited"), deletes ("deleted"); the verified-only video offers that viewer no
// form, only the reason and a link to get a handle; test account 3 claims a handle on /account (live validity check)
// and then comments there, shown as @handle ✓; the upload studio's "who may comment" is a second signature after
// publishing.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { addDirectory } from "../../indexer/test/support.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser } from "../lib/browser.ts";
import { publishVideo } from "../lib/chain.ts";
import { makeClip } from "../lib/media.ts";

const ACCOUNTS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
] as const;
const PHONE = { width: 360, height: 740 };

/** Waits until `url` answers 2xx (the indexer has caught up), for at most 30 s. */
async function untilOk(url: string) {
  const deadline = Date.now() + 30_000;
  while (!(await fetch(url)).ok) {
    if (Date.now() > deadline) throw new Error(`${url} still not found after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Connects dev test account `n` from the top bar, disconnecting whoever is connected first. */
async function connectAs(page: Page, n: 1 | 2 | 3) {
  const account = page.locator(".topbar [data-testid=account]");
  await page.locator(".topbar [data-testid=connect], .topbar [data-testid=account]").first().waitFor();
  if (await account.isVisible()) {
    await account.click();
    await page.getByTestId("disconnect").click();
  }
  await page.locator(".topbar [data-testid=connect]").click();
  await page.getByTestId(n === 1 ? "connect-dev" : `connect-dev-${n}`).click();
  await account.waitFor();
  assert.equal(await account.getAttribute("title"), ACCOUNTS[n - 1]);
}

/** The page has no sideways scroll at phone width. */
async function assertNoSideScroll(page: Page, label: string) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // What sticks out, innermost last, so that a failure names the culprit.
    over: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(" ").join(".")}`)
      .slice(-4),
  }));
  assert.ok(
    m.scrollWidth <= m.innerWidth,
    `${label}: ${m.scrollWidth} px wide in a ${m.innerWidth} px window: ${m.over.join(", ")}`,
  );
}

const stepOf = (status: Locator) => status.getAttribute("data-step");
async function untilIndexed(status: Locator) {
  await status.and(status.page().locator("[data-step=indexed], [data-step=failed]")).waitFor({ timeout: 30_000 });
  assert.equal(await stepOf(status), "indexed", (await status.textContent()) ?? "");
}

describe("names and comments in the browser", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let web = "";
  let openVideo = "";
  let verifiedVideo = "";
  let clip = "";
  const handle = `river-${Date.now() % 100_000}`;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-social-"));
    clip = await makeClip(path.join(tmp, "quiet_pond.mp4"), { seconds: 2, width: 320, height: 180 });
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    web = stack.urls.web!;
    const ids: string[] = [];
    for (const title of ["An open conversation", "Verified voices only"]) {
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
      ids.push((await publishVideo(stack.urls.chain, cid)).videoId.toString()); // by test account 1
    }
    [openVideo, verifiedVideo] = ids as [string, string];
    await untilOk(`${stack.urls.indexer}/videos/${verifiedVideo}`);
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

  it("lets the creator make a video verified-only from its watch page (one signature)", async () => {
    await page.goto(`${web}/watch/${verifiedVideo}`);
    await connectAs(page, 1);
    // Nobody but the creator sees the control.
    await page.getByTestId("policy-select").selectOption("verified-only");
    await page.getByTestId("policy-save").click();
    await untilIndexed(page.getByTestId("policy-status"));
    await page.getByTestId("comment-policy").and(page.locator("[data-policy=verified-only]")).waitFor();
    const post = await (await fetch(`${stack!.urls.indexer}/posts/video/${verifiedVideo}`)).json();
    assert.equal(post.policy, "verified-only");
  });

  it("a viewer without a wallet reads comments and is told how to join", async () => {
    await page.context().clearCookies();
    await page.goto(`${web}/watch/${openVideo}`);
    await page.getByTestId("comments").waitFor();
    const gate = page.getByTestId("comment-gate");
    await gate.waitFor();
    assert.equal(await gate.getAttribute("data-reason"), "connect");
    assert.equal(await page.getByTestId("comment-input").count(), 0);
    assert.match((await page.getByTestId("comments-empty").textContent()) ?? "", /No comments yet/);
    await page.goto(`${web}/watch/${verifiedVideo}`);
    assert.match(
      (await page.getByTestId("comment-gate").textContent()) ?? "",
      /Only verified handles can comment here/,
    );
  });

  it("an anonymous viewer sets a nickname, comments, replies and edits; each shows once indexed", async () => {
    await page.goto(`${web}/account`);
    await connectAs(page, 2);
    await page.getByTestId("nickname-input").fill("river");
    assert.equal(await page.getByTestId("nickname-count").textContent(), "5/64 bytes");
    await page.getByTestId("nickname-save").click();
    await untilIndexed(page.getByTestId("nickname-status"));
    await assertNoSideScroll(page, "/account");

    await page.goto(`${web}/watch/${openVideo}`);
    const input = page.getByTestId("comment-input").first();
    await input.fill("Lovely light in the first shot.");
    assert.match((await page.getByTestId("comment-count").first().textContent()) ?? "", /^31\/2,000 bytes/);
    await page.getByTestId("comment-submit").first().click();
    await untilIndexed(page.getByTestId("comment-status"));
    const first = page.getByTestId("comment").filter({ hasText: "Lovely light in the first shot." });
    await first.waitFor();
    const name = first.getByTestId("account-name").first();
    assert.equal(await name.getAttribute("data-kind"), "nickname");
    assert.match((await name.textContent()) ?? "", /river.*0x3C44…93BC/);
    const firstId = await first.getAttribute("data-comment-id");

    // A reply, shown under its parent.
    await first.getByTestId("comment-reply").first().click();
    await first.getByTestId("comment-input").fill("And the last one too.");
    await first.getByTestId("comment-submit").click();
    await untilIndexed(first.getByTestId("reply-status"));
    const reply = page.locator(`[data-testid=comment][data-parent-id="${firstId}"]`);
    await reply.filter({ hasText: "And the last one too." }).waitFor();
    assert.equal(await first.locator(`[data-parent-id="${firstId}"]`).count(), 1, "the reply sits inside its thread");

    // An edit: the latest text, marked "edited".
    const top = page.locator(`[data-comment-id="${firstId}"]`);
    await top.getByTestId("comment-edit").first().click();
    await top.getByTestId("comment-input").fill("Lovely light in every shot.");
    await top.getByTestId("comment-submit").click();
    await untilIndexed(top.getByTestId("edit-status"));
    await top.getByTestId("comment-edited").first().waitFor();
    assert.equal(await top.getByTestId("comment-body").first().textContent(), "Lovely light in every shot.");

    // A deletion: "deleted" in its place, its text gone from the page (the chain keeps its history).
    const replyId = await reply.getAttribute("data-comment-id");
    const theReply = page.locator(`[data-comment-id="${replyId}"]`);
    await theReply.getByTestId("comment-delete").click();
    await theReply.getByTestId("comment-delete-confirm").click();
    await untilIndexed(theReply.getByTestId("delete-status"));
    await theReply.getByTestId("comment-deleted").waitFor();
    assert.equal(await theReply.getByTestId("comment-body").count(), 0);
    assert.equal(await theReply.getByTestId("comment-edit").count(), 0, "a deleted comment can't be edited");
    await assertNoSideScroll(page, "watch page with comments");
  });

  it("a verified-only video refuses that viewer in the UI, with the reason and a way to get a handle", async () => {
    await page.goto(`${web}/watch/${verifiedVideo}`);
    const gate = page.getByTestId("comment-gate").and(page.locator("[data-reason=needs-handle]"));
    await gate.waitFor();
    assert.match((await gate.textContent()) ?? "", /Only verified handles can comment here — get a handle/);
    assert.equal(await gate.getByRole("link", { name: "get a handle" }).getAttribute("href"), "/account");
    assert.equal(await page.getByTestId("comment-input").count(), 0, "no form that would fail");
  });

  it("accepts a handle holder who claimed a handle on the account page", async () => {
    await page.goto(`${web}/account`);
    await connectAs(page, 3);
    const input = page.getByTestId("handle-input");
    const verdict = page.getByTestId("handle-verdict");
    await input.fill("Ri ver");
    await verdict.filter({ hasText: "can't be in a handle" }).waitFor();
    assert.ok(await page.getByTestId("handle-claim").isDisabled());
    await input.fill(handle.toUpperCase()); // normalised to lower case, as the contract wants it
    await verdict.filter({ hasText: `@${handle} is available.` }).waitFor();
    await page.getByTestId("handle-claim").click();
    // Once indexed, the claim form gives way to the handle held (or the claim's status says why it failed).
    const held = page.getByTestId("held-handle");
    await held.or(page.locator("[data-testid=handle-status][data-step=failed]")).waitFor();
    assert.equal(await held.textContent(), `@${handle}`);

    await page.goto(`${web}/watch/${verifiedVideo}`);
    await page.getByTestId("comment-input").first().fill("Verified and here.");
    await page.getByTestId("comment-submit").first().click();
    await untilIndexed(page.getByTestId("comment-status"));
    const mine = page.getByTestId("comment").filter({ hasText: "Verified and here." });
    await mine.waitFor();
    const name = mine.getByTestId("account-name").first();
    assert.equal(await name.getAttribute("data-kind"), "handle");
    assert.match((await name.textContent()) ?? "", new RegExp(`@${handle}✓`));
    await assertNoSideScroll(page, "verified-only watch page");
  });

  it("the upload studio sets the chosen policy with one more signature right after publishing", async () => {
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${web}/upload`);
    await connectAs(page, 1);
    await page.getByTestId("upload-file").setInputFiles(clip);
    const picker = page.getByTestId("publish-comment-policy");
    assert.deepEqual(
      await picker.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
      ["open", "verified-only", "off"],
      "members only is for channel submissions",
    );
    await picker.selectOption("off");
    assert.match(
      (await page.locator(`[id="${await picker.getAttribute("aria-describedby")}"]`).textContent()) ?? "",
      /One more signature to set who may comment/,
    );
    await page.getByTestId("publish").click();
    const watchLink = page.getByTestId("watch-link");
    await watchLink.waitFor({ timeout: 180_000 });
    await untilIndexed(page.getByTestId("publish-policy-status"));
    const videoId = (await watchLink.getAttribute("href"))!.split("/").pop()!;
    const post = await (await fetch(`${stack!.urls.indexer}/posts/video/${videoId}`)).json();
    assert.equal(post.policy, "off");

    await page.goto(`${web}/watch/${videoId}`);
    await page.getByTestId("comment-policy").and(page.locator("[data-policy=off]")).waitFor();
    assert.equal(await page.getByTestId("comment-input").count(), 0, "comments off: no form");
  });
});
