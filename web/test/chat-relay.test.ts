import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type IpfsNode, startIpfsNode } from "@chorus/ipfs-node";
import { CHAT_RATE, type ChatMessageBody, canonicalJson, chatTopic, signChatMessage } from "@chorus/protocol";
import { create } from "kubo-rpc-client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { ChatFeedEvent } from "../src/lib/chat-feed";
import { ChatRelay } from "../src/lib/chat-relay";

/** Reads server-sent events from a relay's response into an array as they come. */
function readFeed(response: Response): ChatFeedEvent[] {
  const events: ChatFeedEvent[] = [];
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  void (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => ({ done: true as const, value: undefined }));
      if (!chunk || chunk.done) return;
      buffer += chunk.value;
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (data) events.push(JSON.parse(data.slice(6)) as ChatFeedEvent);
      }
    }
  })();
  return events;
}

async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Two instances, each with its own embedded IPFS node and chat relay, the nodes connected by swarm: a message posted to
 * one server arrives as a server-sent event on the other, which verifies it again. Replays, spoofs and floods injected
 * straight into the topic (as a hostile server would) are dropped and counted by the receiving relay.
 */
describe("chat relay (two servers, two IPFS nodes, pubsub)", () => {
  let dir: string;
  let nodes: IpfsNode[] = [];
  let relays: ChatRelay[] = [];
  const streamer = privateKeyToAccount(generatePrivateKey());
  const room = `chorus/live/${streamer.address.toLowerCase()}`;
  const stream = { room, streamKey: streamer.address };
  let n = 0;
  const text = (from: `0x${string}`, body: string): ChatMessageBody => ({
    kind: "msg",
    room,
    from,
    n: n++,
    time: Date.now(),
    body,
  });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "chat-relay-"));
    nodes = await Promise.all(
      ["a", "b"].map((name) => startIpfsNode({ dataDir: path.join(dir, name), rpcPort: 0, gatewayPort: 0 })),
    );
    const [a, b] = nodes as [IpfsNode, IpfsNode];
    await create({ url: b.rpcUrl }).swarm.connect(a.multiaddrs[0] as never);
    relays = await Promise.all(nodes.map((node) => ChatRelay.open(node.rpcUrl, stream, { log: () => {} })));
    // Gossip reaches a peer once each knows the other is in the topic.
    await waitFor(
      async () => (await create({ url: a.rpcUrl }).pubsub.peers(chatTopic(room))).map(String).includes(b.peerId),
      "node b in the chat topic",
    );
    await waitFor(
      async () => (await create({ url: b.rpcUrl }).pubsub.peers(chatTopic(room))).map(String).includes(a.peerId),
      "node a in the chat topic",
    );
  });
  after(async () => {
    for (const relay of relays) relay.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  it("delivers a message posted on one server as a server-sent event on the other; the sender sees it once", async () => {
    const [relayA, relayB] = relays as [ChatRelay, ChatRelay];
    const abort = new AbortController();
    const feedA = readFeed(relayA.sse(abort.signal));
    const feedB = readFeed(relayB.sse(abort.signal));
    await waitFor(() => feedB.length > 0 && feedA.length > 0, "the first state events");
    assert.equal(feedB[0]?.type, "state");

    const viewer = privateKeyToAccount(generatePrivateKey());
    const bytes = await signChatMessage(viewer, text(viewer.address, "<img src=x onerror=alert(1)> hi from A"));
    const answer = await relayA.post(bytes);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const got = await waitFor(
      () => feedB.find((e) => e.type === "message" && e.line.body.endsWith("hi from A")),
      "the message on server B",
    );
    assert.equal(got.type === "message" && got.line.speaker, viewer.address);
    // A late reader of B gets it in the scroll-back.
    assert.equal(relayB.snapshot().lines.at(-1)?.body, "<img src=x onerror=alert(1)> hi from A");
    // A's own node echoes its publish back: that is not shown twice, nor counted as a replay.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(feedA.filter((e) => e.type === "message").length, 1);
    assert.equal(relayA.snapshot().drops.replayed, 0);
    abort.abort();

    // Posting the same bytes again is refused with a sentence, and nothing is published.
    const again = await relayA.post(bytes);
    assert.equal(again.status, 409);
    assert.match("error" in again.body ? again.body.error : "", /already sent/);
  });

  it("drops a replayed and a spoofed message injected straight into the topic, and counts them", async () => {
    const [a] = nodes as [IpfsNode];
    const [relayA, relayB] = relays as [ChatRelay, ChatRelay];
    const viewer = privateKeyToAccount(generatePrivateKey());
    const bytes = await signChatMessage(viewer, text(viewer.address, "say it once"));
    assert.equal((await relayA.post(bytes)).status, 200);
    await waitFor(() => relayB.snapshot().lines.some((l) => l.body === "say it once"), "the original on B");

    const before = relayB.snapshot().drops;
    const kubo = create({ url: a.rpcUrl });
    // A hostile server republishes the same bytes: B has seen them.
    await kubo.pubsub.publish(chatTopic(room), bytes);
    // And forges a line in the viewer's name, signed by another key.
    const attacker = privateKeyToAccount(generatePrivateKey());
    const unsigned = { ...text(viewer.address, "I did not write this"), schema: "chorus.chat/1" };
    const spoof = canonicalJson({ ...unsigned, sig: await attacker.signMessage({ message: canonicalJson(unsigned) }) });
    await kubo.pubsub.publish(chatTopic(room), new TextEncoder().encode(spoof));

    await waitFor(
      () => relayB.snapshot().drops.replayed > before.replayed && relayB.snapshot().drops.spoofed > before.spoofed,
      "B to count the replay and the spoof",
    );
    assert.equal(relayB.snapshot().lines.filter((l) => l.body === "say it once").length, 1);
    assert.equal(
      relayB.snapshot().lines.some((l) => l.body === "I did not write this"),
      false,
    );
    // Posted to a server, the spoof is refused before it travels.
    const refused = await relayA.post(new TextEncoder().encode(spoof));
    assert.equal(refused.status, 403);
  });

  it("cuts a flood from one sender by its rate limit, on the posting server and on a receiving one", async () => {
    const [a] = nodes as [IpfsNode];
    const [relayA, relayB] = relays as [ChatRelay, ChatRelay];
    const flooder = privateKeyToAccount(generatePrivateKey());
    // Signed first, so the posts follow each other as fast as the server answers; the bucket still refills while they
    // run (perSecond), which on a loaded machine can let one more through — counted from the time they took.
    const flood = await Promise.all(
      Array.from({ length: 8 }, (_, i) => signChatMessage(flooder, text(flooder.address, `post ${i}`))),
    );
    const statuses: number[] = [];
    const started = performance.now();
    for (const message of flood) statuses.push((await relayA.post(message)).status);
    const refilled = Math.floor(((performance.now() - started) / 1000) * CHAT_RATE.perSecond);
    assert.deepEqual(statuses.slice(0, CHAT_RATE.burst), Array(CHAT_RATE.burst).fill(200), "a burst passes");
    const accepted = statuses.filter((s) => s === 200).length;
    assert.ok(accepted <= CHAT_RATE.burst + refilled, `${accepted} accepted in ${refilled} s of refill`);
    assert.equal(statuses.filter((s) => s === 429).length, 8 - accepted, "the rest are refused as too fast");
    assert.ok(accepted < 8, "the flood is cut");

    // A server that does not limit (publishing straight into the topic): the receiving server cuts it itself.
    const other = privateKeyToAccount(generatePrivateKey());
    const before = relayB.snapshot().drops["rate-limited"];
    const kubo = create({ url: a.rpcUrl });
    for (let i = 0; i < 12; i++)
      await kubo.pubsub.publish(chatTopic(room), await signChatMessage(other, text(other.address, `flood ${i}`)));
    await waitFor(
      () => relayB.snapshot().drops["rate-limited"] - before >= 12 - CHAT_RATE.burst - 2,
      "B to rate-limit the flood",
    );
    const shown = relayB.snapshot().lines.filter((l) => l.speaker === other.address).length;
    assert.ok(shown <= CHAT_RATE.burst + 2, `${shown} flood lines got through`);
  });

  it("passes the stream key's pin and mute on with the pinned line", async () => {
    const [relayA, relayB] = relays as [ChatRelay, ChatRelay];
    const viewer = privateKeyToAccount(generatePrivateKey());
    assert.equal((await relayA.post(await signChatMessage(viewer, text(viewer.address, "pin this")))).status, 200);
    const line = await waitFor(() => relayB.snapshot().lines.find((l) => l.body === "pin this"), "the line on B");
    const mod = (body: object) =>
      signChatMessage(streamer, { ...body, room, from: streamer.address, n: n++, time: Date.now() } as ChatMessageBody);
    assert.equal((await relayA.post(await mod({ kind: "pin", target: line.id }))).status, 200);
    assert.equal(
      (await relayA.post(await mod({ kind: "mute", target: viewer.address, until: Date.now() + 60_000 }))).status,
      200,
    );
    await waitFor(
      () => relayB.snapshot().pinned?.line?.body === "pin this" && relayB.snapshot().mutes.length === 1,
      "the pin and the mute on B",
    );
    assert.equal(relayB.snapshot().mutes[0]?.target, viewer.address);
  });
});
