// Live chat end to end, in headless Chromium against the whole real stack: the worker opens a live session (its stream
// key and room), test account 1 starts the stream on chain with that key's proof, and two browsers open the pop-out
// chat. A viewer without a wallet writes as "anonymous · <fingerprint>"; the streamer's browser (account 1, whose
// worker holds the stream key) receives it, and the viewer's message replayed by the test — posted to the route again
// and published straight into the chat topic — is not shown twice, only counted. The streamer chats under their
// wallet after one delegation signature, pins a line, and mutes the viewer: the line disappears for readers until they
// choose to show muted messages. No video is needed for chat.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, streamsAbi } from "@chorus/deployments";
import { chatTopic, liveSessionResponseSchema } from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import type { Page } from "playwright-core";
import { createPublicClient, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePorts, startStack, type Stack } from "../../scripts/lib/stack.ts";
import { launchBrowser } from "../lib/browser.ts";
import { CREATOR_KEY, addressOf, send } from "../lib/chain.ts";

describe("live chat end to end", () => {
  let tmp: string;
  let stack: Stack | undefined;
  let viewerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let streamerBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let viewer: Page;
  let streamer: Page;
  let streamId = "";
  let room = "";
  /** The bytes of the viewer's first message, as its browser posted them. */
  let posted = "";

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-chat-"));
    const dataDir = path.join(tmp, "data");
    stack = await startStack({
      dataDir,
      ports: await freePorts(),
      keepers: 0,
      onLine: process.env.CHORUS_VERBOSE === "1" ? (part, line) => console.log(`${part} | ${line}`) : undefined,
    });
    const urls = stack.urls;

    // The worker makes the stream key and room; the creator's wallet records them on chain with the key's proof.
    const created = await fetch(`${urls.worker}/live`, { method: "POST" });
    const session = liveSessionResponseSchema.parse(await created.json()).session;
    room = session.room;
    // The key proof is signed with the session's key, read from the worker's data directory (0600): the worker has no
    // route for it in this branch yet.
    const saved = JSON.parse(await readFile(path.join(dataDir, "worker", "live", session.id, "session.json"), "utf8"));
    const key = privateKeyToAccount(saved.privateKey);
    const chain = createPublicClient({ transport: http(urls.chain) });
    const streams = deployments[31337].Streams.address;
    const creator = addressOf(CREATOR_KEY);
    const proofHash = await chain.readContract({
      address: streams,
      abi: streamsAbi,
      functionName: "keyProofHash",
      args: [creator],
    });
    const proof = await key.signMessage({ message: { raw: proofHash } });
    const receipt = await send(urls.chain, CREATOR_KEY, {
      address: streams,
      abi: streamsAbi,
      functionName: "start",
      args: [0n, "Chat test stream", room, session.streamKey, proof],
    });
    const [started] = parseEventLogs({ abi: streamsAbi, logs: receipt.logs, eventName: "StreamStarted" });
    streamId = String(started!.args.streamId);
    // The indexer must know the stream before the chat route can find its room and key.
    const deadline = Date.now() + 60_000;
    while ((await fetch(`${urls.indexer}/streams/${streamId}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`The indexer never listed stream ${streamId}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    [viewerBrowser, streamerBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
    viewer = await viewerBrowser.context.newPage();
    streamer = await streamerBrowser.context.newPage();
    for (const page of [viewer, streamer]) page.setDefaultTimeout(30_000);
    await viewer.setViewportSize({ width: 360, height: 720 });
    viewer.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith(`/api/live/${streamId}/chat`) && !posted)
        posted = request.postData() ?? "";
    });
  });

  after(async () => {
    await Promise.all([viewerBrowser?.close(), streamerBrowser?.close()]);
    await stack?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  const lines = (page: Page, text: string) => page.getByTestId("chat-line").filter({ hasText: text });

  it("a viewer without a wallet chats anonymously; the other browser receives it, hostile text inert", async () => {
    const url = `${stack!.urls.web}/live/${streamId}/chat`;
    await Promise.all([viewer.goto(url), streamer.goto(url)]);
    await viewer.getByText("No messages yet").waitFor();
    assert.match(await viewer.getByTestId("chat-identity").innerText(), /^anonymous · [0-9a-f]{6}$/);
    // The viewer is not the streamer: no moderation buttons.
    assert.equal(await viewer.getByTestId("chat-mute").count(), 0);

    const hostile = `<img src=x onerror="window.__pwned=1"> hello from the viewer ${Date.now()}`;
    await viewer.getByLabel("Send a message").fill(hostile);
    assert.match(await viewer.getByText(/\d+\/500/).innerText(), new RegExp(`^${Buffer.byteLength(hostile)}/500`));
    await viewer.getByLabel("Send a message").press("Enter");
    await lines(streamer, "hello from the viewer").waitFor();
    assert.ok((await lines(streamer, "hello from the viewer").innerText()).includes("<img src=x"));
    assert.equal(await streamer.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    assert.equal(await streamer.locator("img[src=x]").count(), 0);
    assert.match(await lines(streamer, "hello from the viewer").innerText(), /anonymous · [0-9a-f]{6}/);
    // The draft clears once the server accepted it (the other browser may have the line first).
    await viewer.waitForFunction(
      () => (document.querySelector("[data-testid=chat-input]") as HTMLInputElement | null)?.value === "",
    );
    assert.ok(posted, "the viewer's browser posted its signed message");
    // At 360 px wide nothing scrolls sideways.
    assert.ok(await viewer.evaluate(() => document.documentElement.scrollWidth <= 360), "the page fits 360 px");
  });

  it("a replayed message is refused by the route, dropped from the topic, and never shown twice", async () => {
    const again = await fetch(`${stack!.urls.web}/api/live/${streamId}/chat`, {
      method: "POST",
      headers: { origin: stack!.urls.web!, "content-type": "application/json" },
      body: posted,
    });
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { error: string }).error, /already sent/);
    // A hostile peer republishes it in the room's chat topic: the server's verifier drops it.
    await create({ url: stack!.urls.ipfsRpc }).pubsub.publish(chatTopic(room), new TextEncoder().encode(posted));
    await streamer
      .getByTestId("chat-drops")
      .filter({ hasText: /2 replayed/ })
      .waitFor();
    assert.equal(await lines(streamer, "hello from the viewer").count(), 1);
    assert.equal(await lines(viewer, "hello from the viewer").count(), 1);
  });

  it("a flood from the viewer is cut by the rate limit with a sentence that says what to do", async () => {
    // Each line is sent once the one before it has its answer: sent (the input empties) or refused (the error shows).
    // The bucket holds 4 and refills 1 a second, so how many lines it takes depends on how fast a send is answered —
    // 5 on a quiet machine, more when a send takes most of a second — and a later send clears an earlier refusal's
    // error, so the check is made right after each answer, not once at the end.
    const input = viewer.getByLabel("Send a message");
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      await input.fill(`flood ${i}`);
      await input.press("Enter");
      refused = await viewer
        .waitForFunction(() => {
          const error = document.querySelector("[data-testid=chat-error]")?.textContent ?? "";
          if (error.startsWith("Slow down")) return "refused";
          const sent = (document.querySelector("[data-testid=chat-input]") as HTMLInputElement | null)?.value === "";
          return sent ? "sent" : false;
        })
        .then(async (answer) => (await answer.jsonValue()) === "refused");
    }
    assert.ok(refused, "the rate limit refused a line of the flood");
    assert.match(await viewer.getByTestId("chat-error").innerText(), /Slow down: 1 message per second/);
  });

  it("the streamer chats under their wallet after one signature, pins a line, and mutes the viewer", async () => {
    await streamer.getByTestId("connect").click();
    await streamer.getByTestId("connect-dev").click();
    await streamer.getByTestId("account").waitFor();
    await streamer.getByTestId("chat-delegate").click();
    const short = `${addressOf(CREATOR_KEY).slice(0, 6)}…${addressOf(CREATOR_KEY).slice(-4)}`;
    await streamer.getByText(`Chatting as ${short}`).waitFor();
    await streamer.getByLabel("Send a message").fill("Welcome, everyone");
    await streamer.getByLabel("Send a message").press("Enter");
    const welcome = lines(viewer, "Welcome, everyone");
    await welcome.waitFor();
    assert.ok((await welcome.innerText()).includes(short), "the viewer sees the streamer's wallet address");

    // Pin the viewer's first line: it shows on top for everyone.
    await lines(streamer, "hello from the viewer").getByTestId("chat-pin").click();
    await viewer.getByTestId("chat-pinned").filter({ hasText: "hello from the viewer" }).waitFor();

    // Mute the viewer: their lines disappear for readers, who can choose to see them.
    await lines(streamer, "hello from the viewer").getByTestId("chat-mute").click();
    await lines(streamer, "hello from the viewer").waitFor({ state: "detached" });
    assert.equal(await lines(streamer, "Welcome, everyone").count(), 1, "others' lines stay");
    await streamer.getByTestId("chat-show-muted").check();
    await lines(streamer, "hello from the viewer").waitFor();
    assert.equal(await lines(streamer, "hello from the viewer").getAttribute("data-muted"), "true");
    // The muted viewer is told, rather than left wondering.
    assert.match(await viewer.getByTestId("chat-muted-notice").innerText(), /The streamer muted you until/);
  });
});
