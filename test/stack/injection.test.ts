// User text renders inert (issue 10, "Security of user text"), checked in headless Chromium against the whole real
// stack: hostile strings — a <script>, an <img onerror>, a tag-breaking `"><svg onload>`, Markdown links to
// `javascript:` and `data:` URLs, raw HTML in Markdown — are written straight by transactions into every user-written
// field that exists on chain, shown to be stored verbatim (escaping is the page's job), and every page that renders a
// field is visited: nothing ran (`window.__pwned`, no dialog), no element carries an event handler or a
// `javascript:`/`data:` link, the hostile text is there as text, and the browser reported no CSP violation — a page
// that works needs none (the watch page plays its video with hls.js; its title and description went through the
// worker, as from the upload page). One more check proves the Content-Security-Policy itself is active: a script, an
// inline event handler, eval and a request to a foreign origin, put into a page by the test, are refused.
//
// The fields are one table (FIELDS): a new field, or a new page showing one, is one line.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { commentsAbi, deployments, filterListsAbi, handlesAbi, storiesAbi, streamsAbi } from "@chorus/deployments";
import { enumValues } from "@chorus/protocol";
import type { Page } from "playwright-core";
import { createPublicClient, http, pad, parseEventLogs, toHex, type Abi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { waitFor } from "../../scripts/lib/process.ts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser, TEST_HOOKS_ENV, waitForHlsPlayback, waitForHydration } from "../lib/browser.ts";
import { makeClip } from "../lib/media.ts";
import { addressOf, channelsTx, cidBytes, CREATOR_KEY, publishVideo, send, TEST_KEYS } from "../lib/chain.ts";

/** What an attacker writes. Each would set `window.__pwned` or open a dialog if it ever became markup or a link. */
const SCRIPT = "<script>window.__pwned=1</script>";
const IMG = `<img src=x onerror="window.__pwned=1">`;
const SVG = `"><svg onload=alert(1)>`;
const MD_JS = "[a](javascript:window.__pwned=1)";
const MD_DATA = "[b](data:text/html,<script>alert(1)</script>)";
const BARE_JS = "javascript:alert(1)";
/** Everything at once, for the fields long enough to hold it (≥ 200 bytes). */
const ALL = [SCRIPT, IMG, SVG, MD_JS, MD_DATA, BARE_JS].join(" ");

/** A 1×1 PNG: a story's picture. */
const PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const [alice, bob, carol, dave] = TEST_KEYS;
const PostKind = enumValues("PostKind");
const TargetKind = enumValues("FilterTargetKind");
const { Handles, Comments, FilterLists, Stories, Streams } = deployments[31337];

/** What the rows' writers share: the running stack and the ids earlier rows created. */
interface Context {
  stack: Stack;
  tmp: string;
  ids: Record<string, string>;
}

/** One user-written field: how the test writes `text` into it, where it is stored, and which pages show it. */
interface Field {
  field: string;
  text: string;
  /** Writes `text` on chain (and to IPFS where the field lives in a document); records ids in `ctx.ids`. */
  write(ctx: Context, text: string): Promise<void>;
  /** Where the field is served from — an indexer route, or the gateway for a document — verbatim. */
  stored(urls: Stack["urls"], ids: Record<string, string>): string;
  /** The pages that render the field today, from the ids the writers recorded. */
  pages: Where[];
  /** What the page must show as text, when not `text` itself (Markdown drops raw HTML and renders links' labels). */
  visible?: string;
}

/**
 * A page that shows a field: its URL, or its URL and what a viewer does there to bring the field up (open a story).
 */
type Where =
  | ((ids: Record<string, string>) => string)
  | { url: (ids: Record<string, string>) => string; open: (page: Page) => Promise<void> };

/** Sends a transaction to a contract; answers the events of its receipt. */
async function tx(
  ctx: Context,
  contract: { address: `0x${string}`; abi: Abi },
  key: `0x${string}`,
  functionName: string,
  args: readonly unknown[],
) {
  const receipt = await send(ctx.stack.urls.chain, key, { ...contract, functionName, args });
  return parseEventLogs({ abi: contract.abi, logs: receipt.logs }) as unknown as {
    eventName: string;
    args: Record<string, unknown>;
  }[];
}
const idFrom = (events: { eventName: string; args: Record<string, unknown> }[], eventName: string, arg: string) =>
  String(events.find((e) => e.eventName === eventName)!.args[arg]);

/** Adds a document through the web app's own `/api/ipfs` (channel metadata and policies), as its pages do. */
async function addDocument(ctx: Context, body: object) {
  const web = ctx.stack.urls.web!;
  const response = await fetch(`${web}/api/ipfs`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { cid: string }).cid;
}

/**
 * Publishes a short clip with a hostile title and description the way the upload page does — the worker transcodes it
 * and writes the manifest, the creator's transaction records it — so the watch page also has a real video to play.
 */
async function publishHostileVideo(ctx: Context, title: string, description: string) {
  const worker = ctx.stack.urls.worker;
  const clip = await makeClip(path.join(ctx.tmp, "clip.mp4"), { seconds: 2, width: 320, height: 180 });
  const posted = await fetch(`${worker}/jobs?filename=clip.mp4`, { method: "POST", body: await readFile(clip) });
  assert.equal(posted.status, 201, await posted.clone().text());
  const { job } = (await posted.json()) as { job: { id: string } };
  const details = await fetch(`${worker}/jobs/${job.id}/details`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title, description }),
  });
  assert.ok(details.ok, await details.clone().text());
  let last: { status: string; manifestCid?: string; error?: { message: string } } | undefined;
  await waitFor(
    async () => {
      ({ job: last } = (await (await fetch(`${worker}/jobs/${job.id}`)).json()) as { job: NonNullable<typeof last> });
      return last.status === "published" || last.status === "failed";
    },
    { timeoutMs: 120_000, what: "the worker to publish the clip" },
  );
  const manifestCid = last?.manifestCid;
  if (!manifestCid) throw new Error(`the worker did not publish the clip: ${last?.error?.message ?? last?.status}`);
  return String((await publishVideo(ctx.stack.urls.chain, manifestCid)).videoId);
}

const handles = { address: Handles.address, abi: handlesAbi as Abi };
const comments = { address: Comments.address, abi: commentsAbi as Abi };
const lists = { address: FilterLists.address, abi: filterListsAbi as Abi };
const stories = { address: Stories.address, abi: storiesAbi as Abi };
const streams = { address: Streams.address, abi: streamsAbi as Abi };
const creator = addressOf(CREATOR_KEY);
const videoSubject = (id: string) => pad(toHex(BigInt(id)));

/**
 * Every user-written field on chain today. Rows run in order (a comment needs the video the first row published).
 * Fields no page renders yet have `pages: []`: they are still written and checked where they are stored, so a page that
 * starts showing one needs only its URL here.
 */
const FIELDS: Field[] = [
  {
    field: "video title (manifest)",
    text: `Title ${IMG} ${SVG}`,
    async write(ctx, text) {
      ctx.ids.video = await publishHostileVideo(ctx, text, `Description ${ALL}`);
    },
    stored: (urls, ids) => `${urls.indexer}/videos/${ids.video}`,
    pages: [() => "/", (ids) => `/watch/${ids.video}`, () => `/creator/${creator}`],
  },
  {
    field: "video description (manifest)",
    text: `Description ${ALL}`,
    async write() {}, // written with the title, above
    stored: (urls, ids) => `${urls.indexer}/videos/${ids.video}`,
    pages: [(ids) => `/watch/${ids.video}`],
  },
  {
    field: "channel name and description (metadata)",
    text: `Crew ${IMG} ${SVG}`,
    async write(ctx, text) {
      const metadata = await addDocument(ctx, { kind: "channel-metadata", name: text, description: `About ${ALL}` });
      ctx.ids.policy = await addDocument(ctx, {
        kind: "policy",
        markdown: `# Rules ${SCRIPT}\n\nBe kind ${MD_JS} and ${MD_DATA}.\n\n<img src=x onerror="window.__pwned=1">\n\n![pic](javascript:alert(1))\n`,
      });
      const events = await channelsTx(ctx.stack.urls.chain, CREATOR_KEY, "createChannel", [
        cidBytes(metadata),
        cidBytes(ctx.ids.policy),
        [creator],
        { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: 86_400 },
      ]);
      ctx.ids.channel = idFrom(events as never, "ChannelCreated", "channelId");
    },
    stored: (urls, ids) => `${urls.indexer}/channels/${ids.channel}`,
    pages: [() => "/channels", (ids) => `/channels/${ids.channel}`],
  },
  {
    field: "channel policy (markdown)",
    // Raw HTML is dropped and unsafe links lose their URL: what shows is the text around them and the links' labels.
    text: `# Rules ${SCRIPT}`,
    visible: "Be kind a and b.",
    async write() {}, // written with the channel, above
    stored: (urls, ids) => `${urls.gateway}/ipfs/${ids.policy}`,
    pages: [(ids) => `/channels/${ids.channel}?tab=policy`],
  },
  {
    field: "nickname (Handles.setNickname)",
    text: `Nick ${IMG}`,
    async write(ctx, text) {
      await tx(ctx, handles, bob, "setNickname", [text]);
    },
    stored: (urls) => `${urls.indexer}/accounts/${addressOf(bob)}`,
    // Bob's name beside his comment (written by the next row).
    pages: [(ids) => `/watch/${ids.video}`],
  },
  {
    field: "comment body (Comments.comment)",
    text: `Comment ${ALL}`,
    async write(ctx, text) {
      const events = await tx(ctx, comments, bob, "comment", [PostKind.Video, BigInt(ctx.ids.video!), 0n, text]);
      ctx.ids.comment = idFrom(events, "CommentPosted", "commentId");
    },
    stored: (urls, ids) => `${urls.indexer}/posts/video/${ids.video}/comments`,
    pages: [(ids) => `/watch/${ids.video}`],
  },
  {
    field: "filter list name (FilterLists.createList)",
    text: `List ${IMG}`,
    async write(ctx, text) {
      const events = await tx(ctx, lists, carol, "createList", [text, `List description ${ALL}`]);
      ctx.ids.list = idFrom(events, "ListCreated", "listId");
    },
    stored: (urls, ids) => `${urls.indexer}/lists/${ids.list}`,
    pages: [() => "/lists", (ids) => `/lists/${ids.list}`],
  },
  {
    field: "filter list description (FilterLists.createList)",
    text: `List description ${ALL}`,
    async write() {}, // written with the name, above
    stored: (urls, ids) => `${urls.indexer}/lists/${ids.list}`,
    pages: [() => "/lists", (ids) => `/lists/${ids.list}`],
  },
  {
    field: "list entry reason (FilterLists.addEntry)",
    text: `Entry reason ${SVG} ${MD_JS}`,
    async write(ctx, text) {
      await tx(ctx, lists, carol, "addEntry", [
        BigInt(ctx.ids.list!),
        TargetKind.Video,
        videoSubject(ctx.ids.video!),
        text,
      ]);
    },
    stored: (urls, ids) => `${urls.indexer}/lists/${ids.list}/entries`,
    pages: [(ids) => `/lists/${ids.list}`],
  },
  {
    field: "report reason (FilterLists.report)",
    text: `Report reason ${IMG} ${BARE_JS}`,
    async write(ctx, text) {
      await tx(ctx, lists, dave, "report", [
        BigInt(ctx.ids.list!),
        TargetKind.Author,
        pad(creator.toLowerCase() as `0x${string}`),
        text,
      ]);
    },
    stored: (urls, ids) => `${urls.indexer}/lists/${ids.list}/reports`,
    pages: [(ids) => `/lists/${ids.list}`],
  },
  {
    field: "story caption (Stories.post)",
    text: `Caption ${IMG} ${SVG}`,
    async write(ctx, text) {
      const picture = (await create({ url: ctx.stack.urls.ipfsRpc }).add(PIXEL_PNG, KUBO_ADD_OPTIONS)).cid.toString();
      await tx(ctx, stories, alice, "post", [cidBytes(picture), text, 0n]);
    },
    stored: (urls) => `${urls.indexer}/stories`,
    // The creator's page lists their live stories; the caption shows once one is opened.
    pages: [
      {
        url: () => `/creator/${creator}`,
        async open(page) {
          await page.getByTestId("story-item").first().click();
          await page.getByTestId("story-caption").waitFor();
        },
      },
    ],
  },
  {
    field: "stream title (Streams.start)",
    text: `Live ${IMG} ${SVG}`,
    async write(ctx, text) {
      const client = createPublicClient({ transport: http(ctx.stack.urls.chain) });
      const streamKey = privateKeyToAccount(generatePrivateKey());
      const hash = (await client.readContract({
        ...streams,
        functionName: "keyProofHash",
        args: [addressOf(alice)],
      })) as `0x${string}`;
      const proof = await streamKey.signMessage({ message: { raw: hash } });
      const room = `chorus/live/31337/${streamKey.address}`;
      const events = await tx(ctx, streams, alice, "start", [0n, text, room, streamKey.address, proof]);
      ctx.ids.stream = idFrom(events, "StreamStarted", "streamId");
    },
    stored: (urls, ids) => `${urls.indexer}/streams/${ids.stream}`,
    pages: [() => "/", (ids) => `/live/${ids.stream}`],
  },
];

/** What a page did while the test looked at it. */
interface Observed {
  pwned: unknown;
  violations: { directive: string; blocked: string; sample: string }[];
  handlers: string[];
  unsafeLinks: string[];
  text: string;
}

/** Records CSP violations from the first byte of every document (init scripts run outside the page's CSP). */
function recordViolations() {
  const w = window as unknown as { __csp: unknown[] };
  w.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
  });
}

/**
 * Loads `url`, waits until React has hydrated it, the network is quiet and — when given — `expected` is on the page as
 * text, and reports what happened. (Client-rendered text such as a list's name or a nickname arrives from the indexer
 * after hydration; "networkidle" alone can already have been reached before those requests start.)
 */
async function visit(
  page: Page,
  url: string,
  open?: (page: Page) => Promise<void>,
  expected?: string,
): Promise<Observed> {
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, url);
  // The wallet button is enabled only once React hydrated the page: with a broken nonce, Next's scripts never run.
  await waitForHydration(page);
  await open?.(page);
  await page.waitForLoadState("networkidle");
  if (expected !== undefined) {
    // Absent after the wait, the caller's assertion says so with the route and the text.
    await page
      .waitForFunction((text) => document.body.innerText.includes(text), expected, { timeout: 15_000 })
      .catch(() => undefined);
  }
  return page.evaluate(() => ({
    pwned: (window as { __pwned?: unknown }).__pwned,
    violations: (window as unknown as { __csp: Observed["violations"] }).__csp,
    handlers: [...document.querySelectorAll("*")].flatMap((e) =>
      [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${e.tagName.toLowerCase()} ${a.name}>`),
    ),
    unsafeLinks: [...document.querySelectorAll("[href], [src]")]
      .map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? "")
      .filter((u) => /^\s*(javascript|data|vbscript):/i.test(u)),
    text: document.body.innerText,
  }));
}

describe("user text renders inert, and the Content-Security-Policy is active", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  const dialogs: string[] = [];
  const ctx = { ids: {} } as Context;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-injection-"));
    stack = await startStack({
      dataDir: path.join(tmp, "data"),
      ports: await freePorts(),
      keepers: 0,
      env: TEST_HOOKS_ENV,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    ctx.stack = stack;
    ctx.tmp = tmp;
    for (const row of FIELDS) await row.write(ctx, row.text);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.addInitScript(recordViolations);
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("every hostile string is stored and served verbatim (escaping is the page's job, not the store's)", async () => {
    for (const row of FIELDS) {
      const url = row.stored(stack!.urls, ctx.ids);
      let last = "";
      await waitFor(
        async () => {
          last = await (await fetch(url)).text();
          // JSON answers escape quotes; a document from the gateway comes as it was written.
          return last.includes(JSON.stringify(row.text).slice(1, -1)) || last.includes(row.text);
        },
        { timeoutMs: 20_000, what: `${row.field} at ${url}` },
      ).catch((error: Error) => {
        throw new Error(`${error.message} Last answer: ${last.slice(0, 500)}`);
      });
    }
  });

  for (const row of FIELDS.filter((f) => f.pages.length > 0)) {
    it(`${row.field}: shows as text and runs nothing on every page that renders it`, async () => {
      for (const where of row.pages) {
        const route = typeof where === "function" ? where(ctx.ids) : where.url(ctx.ids);
        const seen = await visit(
          page,
          `${stack!.urls.web}${route}`,
          typeof where === "function" ? undefined : where.open,
          row.visible ?? row.text,
        );
        assert.equal(seen.pwned, undefined, `${route}: a hostile string ran`);
        assert.deepEqual(dialogs, [], `${route}: a dialog opened`);
        assert.deepEqual(seen.handlers, [], `${route}: an element carries an event handler`);
        assert.deepEqual(seen.unsafeLinks, [], `${route}: a javascript:/data: URL became a link or source`);
        assert.deepEqual(seen.violations, [], `${route}: the page needed something the CSP refuses`);
        const visible = row.visible ?? row.text;
        assert.ok(seen.text.includes(visible), `${route}: "${visible}" is not on the page as text`);
      }
    });
  }

  it("refuses a script, an inline handler, eval and a foreign request put into a page (the CSP is active)", async () => {
    const web = stack!.urls.web!;
    const first = await fetch(`${web}/`);
    const policy = first.headers.get("content-security-policy") ?? "";
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
    assert.match(scriptSrc, /^script-src 'self' 'nonce-[A-Za-z0-9+/=]+'$/, `script-src is strict: ${policy}`);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.match(policy, /object-src 'none'/);
    const second = (await fetch(`${web}/`)).headers.get("content-security-policy");
    assert.notEqual(second, policy, "each response has its own nonce");

    // The page itself needs nothing the CSP refuses, playing included (hls.js: its blob: worker, MediaSource, the
    // gateway).
    const seen = await visit(page, `${web}/watch/${ctx.ids.video}`);
    await waitForHlsPlayback(page);
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp),
      [],
      "playing needed something the CSP refuses",
    );
    assert.equal(seen.pwned, undefined);
    const result = await page.evaluate(async (foreign) => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = 1";
      document.body.append(script);
      const holder = document.createElement("div");
      holder.innerHTML = `<img src="data:," onerror="window.__injected = 2">`;
      document.body.append(holder);
      // A script with this page's nonce (as Next.js's own carry it) runs — and even it may not eval. Its eval waits for
      // a later task: while the test's own evaluation is on the stack, DevTools lets code be generated from strings.
      const nonce = [...document.scripts].find((s) => s.nonce)?.nonce ?? "";
      const trusted = document.createElement("script");
      trusted.nonce = nonce;
      trusted.textContent =
        "setTimeout(() => { try { eval('1'); window.__evalResult = 'ran'; } catch (e) { window.__evalResult = e.name; } });";
      document.body.append(trusted);
      const fetched = await fetch(foreign).then(
        () => "fetched",
        (error: Error) => error.name,
      );
      return { fetched };
    }, "http://127.0.0.1:9/foreign");
    const evalResult = await page.waitForFunction(() => (window as { __evalResult?: string }).__evalResult);
    assert.equal(await evalResult.jsonValue(), "EvalError", "a script with the nonce ran, and eval was refused in it");
    assert.equal(result.fetched, "TypeError", "the foreign request was refused");
    // Violation events are dispatched as tasks, the image's error after its load: wait for all four.
    const arrived = () =>
      page.evaluate(() =>
        (window as unknown as { __csp: { directive: string }[] }).__csp.map((v) => v.directive).sort(),
      );
    await page
      .waitForFunction(() => (window as unknown as { __csp: unknown[] }).__csp.length >= 4, null, { timeout: 10_000 })
      .catch(() => {}); // the assertion below says what arrived
    assert.deepEqual(await arrived(), ["connect-src", "script-src", "script-src-attr", "script-src-elem"]);
    assert.equal(await page.evaluate(() => (window as { __injected?: number }).__injected), undefined);
  });
});
