// Stories through the UI against the whole real stack, at 360 px: a creator posts a picture story (a PNG made here);
// a viewer without a wallet sees it in the home page's stories bar ("everyone" while nobody is followed, then
// "following" after Follow on the creator's page), opens it, and reads the caption and the honest note about expiry;
// the chain's time is moved past the story's expiry (evm_increaseTime + mine) and the story leaves the bar without a
// reload, while the IPFS node that held it for the story unpins it.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deflateSync } from "node:zlib";
import type { Page } from "playwright-core";
import { deployments, storiesAbi } from "@chorus/deployments";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { createPublicClient, http } from "viem";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser } from "../lib/browser.ts";
import { makeClip } from "../lib/media.ts";
import { cidBytes, CREATOR_KEY, send } from "../lib/chain.ts";

const PHONE = { width: 360, height: 740 };
const CREATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // the dev wallet's test account 1

/** A PNG of `size`×`size` pixels, a colour gradient (so that it decodes to something visible). */
function makePng(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) rows.set([x * 4, y * 4, 160], y * (1 + size * 3) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The page does not scroll sideways. */
async function assertFits(page: Page, label: string) {
  const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(m.scroll <= m.inner, `${label}: the page is ${m.scroll} px wide in a ${m.inner} px window`);
}

/** The IPFS node's RPC (POST, as Kubo's). */
async function rpc(stack: Stack, command: string, query = "") {
  const response = await fetch(`${stack.urls.ipfsRpc}/api/v0/${command}${query}`, { method: "POST" });
  assert.ok(response.ok, `${command} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

describe("stories", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let creatorBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let viewerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let png: string;
  let storyId = "";
  let storyCid = "";
  let deletedId = "";
  let videoId = "";
  let videoCid = "";
  const caption = `Low tide at the harbour ${Date.now()} <script>window.__pwned = 1</script>`;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-stories-"));
    png = path.join(tmp, "harbour.png");
    await writeFile(png, makePng(64));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      // The node syncs its held stories every second here (60 s by default), so the unpinning is seen at once.
      env: { IPFS_FOLLOW_SYNC_MS: "1000" },
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    creatorBrowser = await launchBrowser();
    viewerBrowser = await launchBrowser();
  });

  after(async () => {
    await creatorBrowser?.close();
    await viewerBrowser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("a creator posts a picture story: caption counted in bytes, 24 h by default, signing → indexed", async () => {
    const page = await creatorBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/`);
    await page.getByTestId("post-story-link").click();
    await page.waitForURL(/\/stories\/new$/);

    // A file that isn't a picture is refused, by its bytes, with what to do.
    const notPicture = path.join(tmp, "notes.png");
    await writeFile(notPicture, "<svg onload=alert(1)>");
    await page.getByTestId("story-file").setInputFiles(notPicture);
    assert.match(await page.getByTestId("story-file-error").innerText(), /isn't a PNG, JPEG, WebP or GIF/);

    // The server checks again, whatever the page did: bytes that aren't a picture, and other sites, are refused.
    const media = (headers: Record<string, string>, body: BodyInit) =>
      fetch(`${stack!.urls.web}/api/stories/media`, { method: "POST", headers, body });
    const ours = { origin: stack!.urls.web!, "x-story-creator": CREATOR };
    const svg = await media({ ...ours, "content-type": "image/png" }, "<svg onload=alert(1)>");
    assert.equal(svg.status, 400);
    assert.match(((await svg.json()) as { error: string }).error, /isn't a PNG, JPEG, WebP or GIF/);
    const foreign = await media({ ...ours, origin: "https://elsewhere.example" }, new Uint8Array(makePng(8)));
    assert.equal(foreign.status, 403);
    const anonymous = await media({ origin: stack!.urls.web! }, new Uint8Array(makePng(8)));
    assert.equal(anonymous.status, 400, "no X-Story-Creator");

    await page.getByTestId("story-file").setInputFiles(png);
    await page.getByTestId("story-caption-input").fill(caption);
    assert.equal(await page.getByTestId("story-caption-count").innerText(), `${Buffer.byteLength(caption)}/280 bytes`);
    assert.equal(await page.getByTestId("story-lifetime").inputValue(), "86400");
    await assertFits(page, "/stories/new");

    await page.getByText("Use the dev wallet (test account 1)").click();
    await page.getByTestId("post-story").click();
    await page.locator('[data-testid="story-tx-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId("story-tx-status").innerText(), /Indexed — your story is up/);

    const indexed = (await (await fetch(`${stack!.urls.indexer}/stories?creator=${CREATOR}&live=1`)).json()) as {
      items: { id: string; cid: string; caption: string; expiresAt: number; postedAt: number }[];
    };
    assert.equal(indexed.items.length, 1);
    const [story] = indexed.items;
    assert.equal(story!.caption, caption);
    assert.equal(story!.expiresAt - story!.postedAt, 86_400);
    storyId = story!.id;
    storyCid = story!.cid;
    assert.match(storyCid, /^bafkrei/, "a small picture is one raw block");

    // The creator's node holds it for the story.
    const held = (await rpc(stack!, "chorus/stories/ls")).Held as { Cid: string; Reason: string }[];
    assert.deepEqual(
      held.map((h) => [h.Cid, h.Reason]),
      [[storyCid, "kept"]],
    );
    const pins = (await rpc(stack!, "pin/ls", "?type=recursive")).Keys as Record<string, unknown>;
    assert.ok(storyCid in pins, "the picture is pinned");

    // A second story, posted straight to the contract, deleted by the creator from their page's viewer.
    const other = CID.create(1, 0x55, await sha256.digest(makePng(8))).toString();
    await send(stack!.urls.chain, CREATOR_KEY, {
      address: deployments[31337].Stories.address,
      abi: storiesAbi,
      functionName: "post",
      args: [cidBytes(other), "to be deleted", 3600n],
    });
    await page.goto(`${stack!.urls.web}/creator/${CREATOR}`);
    const newest = page.locator('[data-testid="creator-stories"] [data-testid="story-item"]').first();
    await page.locator('[data-testid="creator-stories"] [data-testid="story-item"]').nth(1).waitFor();
    const otherId = await newest.getAttribute("data-story-id");
    assert.notEqual(otherId, storyId);
    deletedId = otherId ?? "";
    await newest.click();
    assert.equal(await page.getByTestId("story-caption").innerText(), "to be deleted");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("delete-story").click();
    await page.locator('[data-testid="delete-story-status"][data-step="indexed"]').waitFor({ timeout: 60_000 });
    const listed = (await (await fetch(`${stack!.urls.indexer}/stories?creator=${CREATOR}`)).json()) as {
      items: { id: string; status: string }[];
    };
    assert.deepEqual(
      listed.items.map((s) => [s.id, s.status]),
      [
        [otherId, "deleted"],
        [storyId, "live"],
      ],
    );

    // A short video story: through the worker like an upload; one longer than 60 s is refused once probed.
    await page.goto(`${stack!.urls.web}/stories/new`);
    await page.getByTestId("story-kind-video").check();
    await page
      .getByTestId("story-file")
      .setInputFiles(await makeClip(path.join(tmp, "long.mp4"), { seconds: 61, width: 64, height: 36 }));
    await page.getByTestId("post-story").click();
    await page.waitForFunction(
      () =>
        /61 s long; a story's video can be at most 60 s/.test(
          document.querySelector('[data-testid="story-storing"]')?.textContent ?? "",
        ),
      undefined,
      { timeout: 60_000 },
    );
    await page
      .getByTestId("story-file")
      .setInputFiles(await makeClip(path.join(tmp, "waves.mp4"), { seconds: 2, width: 320, height: 180 }));
    await page.getByTestId("story-caption-input").fill("Waves");
    await page.getByTestId("post-story").click();
    await page.locator('[data-testid="story-tx-status"][data-step="indexed"]').waitFor({ timeout: 120_000 });
    const withVideo = (await (await fetch(`${stack!.urls.indexer}/stories?creator=${CREATOR}&live=1`)).json()) as {
      items: { id: string; cid: string; caption: string }[];
    };
    assert.deepEqual(
      withVideo.items.map((s) => s.caption),
      ["Waves", caption],
    );
    videoId = withVideo.items[0]!.id;
    videoCid = withVideo.items[0]!.cid;
    assert.match(videoCid, /^bafybei/, "a video story is the worker's directory");
    const heldNow = (await rpc(stack!, "chorus/stories/ls")).Held as { Cid: string; Reason: string }[];
    assert.deepEqual(
      heldNow.map((h) => h.Cid).sort(),
      [storyCid, videoCid].sort(),
      "the node keeps the video for the story",
    );
    await page.close();
  });

  it("a viewer without a wallet sees it in the bar, opens it, follows the creator; after expiry it is gone", async () => {
    const page = await viewerBrowser!.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setViewportSize(PHONE);
    await page.goto(`${stack!.urls.web}/`);
    assert.equal(await page.getByTestId("connect").first().isVisible(), true, "no wallet is connected");

    const item = page.locator(`[data-testid="story-item"][data-story-id="${storyId}"]`);
    await item.waitFor();
    assert.equal(await page.getByTestId("stories-bar").getAttribute("data-scope"), "everyone");
    assert.match(await page.getByTestId("stories-scope").innerText(), /Recent stories from everyone/);
    assert.match((await item.getAttribute("aria-label")) ?? "", /23 h left|24 h left/);
    await assertFits(page, "home with the stories bar");

    // Opened by keyboard: the picture, the caption as inert text, the time left and the note about expiry.
    await item.focus();
    await page.keyboard.press("Enter");
    const viewer = page.getByTestId("story-viewer");
    await viewer.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="story-image"]');
      return img?.complete && img.naturalWidth === 64;
    });
    assert.equal(await page.getByTestId("story-caption").innerText(), caption);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    assert.match(await page.getByTestId("story-time-left").innerText(), /h left/);
    assert.match(await viewer.innerText(), /An expired story may still exist on nodes that chose to keep it\./);
    assert.equal(await page.getByTestId("story-next").isDisabled(), true, "the oldest story: nothing next");
    // The previous (newer) one is the video story, played by the player from its directory.
    await page.keyboard.press("ArrowLeft");
    await page.locator(`[data-testid="story-viewer"][data-story-id="${videoId}"]`).waitFor();
    await page.getByTestId("story-video").waitFor();
    await page.locator('[data-testid="story-video"] video').waitFor();
    assert.equal(await page.getByTestId("story-caption").innerText(), "Waves");
    await page.keyboard.press("ArrowRight");
    await page.locator(`[data-testid="story-viewer"][data-story-id="${storyId}"]`).waitFor();
    await assertFits(page, "the story viewer");
    await page.keyboard.press("Escape");
    await viewer.waitFor({ state: "detached" });

    // Follow on the creator's page (this browser only): the bar now says it shows the followed creator's stories.
    await page.goto(`${stack!.urls.web}/creator/${CREATOR}`);
    const follow = page.getByTestId("follow-creator");
    await page.waitForFunction(
      () => !document.querySelector<HTMLButtonElement>('[data-testid="follow-creator"]')?.disabled,
    );
    await follow.click();
    assert.equal(await follow.getAttribute("aria-pressed"), "true");
    // …and the node behind this app follows the creator's stories too (it pins each while it lives).
    await page.waitForFunction(() =>
      /your node keeps each while it lives/.test(
        document.querySelector('[data-testid="follow-status"]')?.textContent ?? "",
      ),
    );
    assert.deepEqual((await rpc(stack!, "chorus/stories/ls")).Creators, [CREATOR.toLowerCase()]);
    await assertFits(page, "creator page");
    await page.goto(`${stack!.urls.web}/`);
    await item.waitFor();
    await page.locator('[data-testid="stories-bar"][data-scope="following"]').waitFor();

    // A day and a minute later by the chain's clock: gone from the bar without a reload (the page reads the chain's
    // time, not only its own clock), and unpinned by the node that held it.
    const chain = createPublicClient({ transport: http(stack!.urls.chain) });
    await chain.request({ method: "evm_increaseTime", params: [86_400 + 60] } as never);
    await chain.request({ method: "evm_mine" } as never);
    await item.waitFor({ state: "detached", timeout: 20_000 });
    assert.match(await page.getByTestId("stories-empty").innerText(), /No live stories from the creators you follow/);
    const after = (await (await fetch(`${stack!.urls.indexer}/stories?creator=${CREATOR}`)).json()) as {
      items: { id: string; status: string }[];
    };
    assert.deepEqual(
      after.items.map((s) => [s.id, s.status]),
      [
        [videoId, "expired"],
        [deletedId, "deleted"],
        [storyId, "expired"],
      ],
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const held = (await rpc(stack!, "chorus/stories/ls")).Held as unknown[];
      const pins = (await rpc(stack!, "pin/ls", "?type=recursive")).Keys as Record<string, unknown>;
      if (held.length === 0 && !(storyCid in pins) && !(videoCid in pins)) break;
      assert.ok(Date.now() < deadline, `the node still holds ${storyCid} 20 s after expiry`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await page.close();
  });
});
