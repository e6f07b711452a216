import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  CHAT_RATE,
  CHAT_REPLAY_WINDOW_MS,
  type ChatEvent,
  type ChatMessageBody,
  ChatVerifier,
  MAX_CHAT_BODY_BYTES,
  canonicalJson,
  chatMessageId,
  chatTopic,
  delegationText,
  keyFingerprint,
  signChatMessage,
} from "../src/index.ts";

const streamer = privateKeyToAccount(generatePrivateKey());
const room = `chorus/live/${streamer.address.toLowerCase()}`;
const T0 = 1_765_000_000_000;

function setup() {
  let clock = T0;
  const verifier = new ChatVerifier({ room, streamKey: streamer.address, now: () => clock });
  return {
    verifier,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

let counter = 0;
function text(from: `0x${string}`, body: string, extra: Partial<Extract<ChatMessageBody, { kind: "msg" }>> = {}) {
  return { kind: "msg" as const, room, from, n: counter++, time: T0, body, ...extra };
}

const kinds = (events: ChatEvent[]) =>
  events.map((e) =>
    e.type === "dropped" ? `dropped ${e.reason}` : e.type === "message" ? `msg ${e.line.body}` : e.type,
  );

describe("chat (chorus.chat/1)", () => {
  it("accepts a signed message from an anonymous key and names its id by its bytes", async () => {
    const { verifier } = setup();
    const key = privateKeyToAccount(generatePrivateKey());
    const bytes = await signChatMessage(key, text(key.address, "hello <b>world</b> 👋"));
    const event = await verifier.push(bytes);
    assert.equal(event.type, "message");
    if (event.type !== "message") return;
    assert.equal(event.line.id, chatMessageId(bytes));
    assert.equal(event.line.speaker, key.address);
    assert.equal(event.line.wallet, null);
    assert.equal(event.line.body, "hello <b>world</b> 👋");
    assert.equal(chatTopic(room), `${room}/chat`);
    assert.equal(keyFingerprint(key.address).length, 6);
  });

  it("drops a replayed message: the same bytes again, a message older than the window, one signed for another room", async () => {
    const { verifier, advance } = setup();
    const key = privateKeyToAccount(generatePrivateKey());
    const bytes = await signChatMessage(key, text(key.address, "once"));
    const old = await signChatMessage(key, text(key.address, "old", { time: T0 - CHAT_REPLAY_WINDOW_MS - 1 }));
    const elsewhere = await signChatMessage(key, text(key.address, "elsewhere", { room: "chorus/live/0xother" }));
    const events = [
      await verifier.push(bytes),
      await verifier.push(bytes),
      await verifier.push(old),
      await verifier.push(elsewhere),
    ];
    assert.deepEqual(kinds(events), ["msg once", "dropped replayed", "dropped replayed", "dropped replayed"]);
    assert.equal(verifier.drops.replayed, 3);
    // Once out of the window, the old bytes are still refused, by their time.
    advance(CHAT_REPLAY_WINDOW_MS + 1);
    assert.deepEqual(kinds([await verifier.push(bytes)]), ["dropped replayed"]);
  });

  it("drops a spoofed message: signed by another key, a forged delegation, moderation not by the stream key", async () => {
    const { verifier } = setup();
    const victim = privateKeyToAccount(generatePrivateKey());
    const attacker = privateKeyToAccount(generatePrivateKey());
    // The attacker claims to be the victim's key: the signature recovers to the attacker.
    const unsigned = { ...text(victim.address, "I am the victim"), schema: "chorus.chat/1" };
    const sig = await attacker.signMessage({ message: canonicalJson(unsigned) });
    const spoof = canonicalJson({ ...unsigned, sig });
    // A delegation "from" a wallet, signed by the attacker itself.
    const wallet = privateKeyToAccount(generatePrivateKey());
    const d = { wallet: wallet.address, key: attacker.address, room, until: T0 + 3600_000 };
    const forged = await signChatMessage(
      attacker,
      text(attacker.address, "as the wallet", {
        delegation: { ...d, sig: await attacker.signMessage({ message: delegationText(d) }) },
      }),
    );
    const pin = await signChatMessage(attacker, {
      kind: "pin",
      room,
      from: attacker.address,
      n: 1,
      time: T0,
      target: null,
    });
    const events = [await verifier.push(spoof), await verifier.push(forged), await verifier.push(pin)];
    assert.deepEqual(kinds(events), ["dropped spoofed", "dropped spoofed", "dropped spoofed"]);
    assert.equal(verifier.drops.spoofed, 3);
    assert.equal(verifier.pinned, null);
  });

  it("shows a delegated key under its wallet, and refuses a delegation for another key, room or an expired one", async () => {
    const { verifier } = setup();
    const wallet = privateKeyToAccount(generatePrivateKey());
    const key = privateKeyToAccount(generatePrivateKey());
    const d = { wallet: wallet.address, key: key.address, room, until: T0 + 3600_000 };
    const delegation = { ...d, sig: await wallet.signMessage({ message: delegationText(d) }) };
    const ok = await verifier.push(await signChatMessage(key, text(key.address, "from my wallet", { delegation })));
    assert.equal(ok.type, "message");
    if (ok.type === "message") {
      assert.equal(ok.line.wallet, wallet.address);
      assert.equal(ok.line.speaker, wallet.address);
      assert.equal(ok.line.key, key.address);
    }
    const other = privateKeyToAccount(generatePrivateKey());
    const stolen = await signChatMessage(other, text(other.address, "stolen", { delegation }));
    const d2 = { ...d, room: "chorus/live/0xother" };
    const otherRoom = { ...d2, sig: await wallet.signMessage({ message: delegationText(d2) }) };
    const wrongRoom = await signChatMessage(key, text(key.address, "other room", { delegation: otherRoom }));
    const d3 = { ...d, until: T0 - 1 };
    const ranOut = { ...d3, sig: await wallet.signMessage({ message: delegationText(d3) }) };
    const expired = await signChatMessage(key, text(key.address, "late", { delegation: ranOut }));
    for (const bytes of [stolen, wrongRoom, expired])
      assert.deepEqual(kinds([await verifier.push(bytes)]), ["dropped spoofed"]);
  });

  it("drops malformed messages: not JSON, not the schema, not canonical, control characters", async () => {
    const { verifier } = setup();
    const key = privateKeyToAccount(generatePrivateKey());
    const good = new TextDecoder().decode(await signChatMessage(key, text(key.address, "fine")));
    const spaced = JSON.stringify(JSON.parse(good), null, 1);
    const events = [
      await verifier.push("not json"),
      await verifier.push(new Uint8Array([0xff, 0xfe])),
      await verifier.push(JSON.stringify({ schema: "chorus.chat/1", kind: "msg" })),
      await verifier.push(spaced),
      await verifier.push(canonicalJson({ ...JSON.parse(good), body: "two\nlines" })),
      await verifier.push(canonicalJson({ ...JSON.parse(good), extra: 1 })),
    ];
    assert.deepEqual(kinds(events), Array(6).fill("dropped malformed"));
    assert.equal(verifier.drops.malformed, 6);
    await assert.rejects(signChatMessage(key, text(key.address, "   ")), /must not be blank/);
  });

  it("drops oversize messages: a text over the byte limit (multi-byte characters count as bytes), a huge envelope", async () => {
    const { verifier } = setup();
    const key = privateKeyToAccount(generatePrivateKey());
    // 167 × "€" (3 bytes) = 501 bytes: under 500 characters but over the limit.
    const body = "€".repeat(Math.ceil((MAX_CHAT_BODY_BYTES + 1) / 3));
    const unsigned = { ...text(key.address, body), schema: "chorus.chat/1" };
    const long = canonicalJson({ ...unsigned, sig: await key.signMessage({ message: canonicalJson(unsigned) }) });
    await assert.rejects(signChatMessage(key, text(key.address, body)), /over 500 bytes/);
    const exact = await signChatMessage(key, text(key.address, "a".repeat(MAX_CHAT_BODY_BYTES)));
    const events = [await verifier.push(long), await verifier.push("x".repeat(5000)), await verifier.push(exact)];
    assert.deepEqual(kinds(events).slice(0, 2), ["dropped oversize", "dropped oversize"]);
    assert.equal(events[2]?.type, "message");
    assert.equal(verifier.drops.oversize, 2);
  });

  it("rate-limits each speaker with a token bucket: a burst, then one a second; others are not affected", async () => {
    const { verifier, advance, now } = setup();
    const flooder = privateKeyToAccount(generatePrivateKey());
    const calm = privateKeyToAccount(generatePrivateKey());
    const events: ChatEvent[] = [];
    for (let i = 0; i < 10; i++)
      events.push(await verifier.push(await signChatMessage(flooder, text(flooder.address, `spam ${i}`))));
    assert.equal(events.filter((e) => e.type === "message").length, CHAT_RATE.burst);
    assert.equal(verifier.drops["rate-limited"], 10 - CHAT_RATE.burst);
    assert.equal(
      (await verifier.push(await signChatMessage(calm, text(calm.address, "hi")))).type,
      "message",
      "another speaker still gets through",
    );
    advance(1000);
    const after = await signChatMessage(flooder, text(flooder.address, "a second later", { time: now() }));
    assert.equal((await verifier.push(after)).type, "message");
    const again = await signChatMessage(flooder, text(flooder.address, "too soon", { time: now() }));
    assert.deepEqual(kinds([await verifier.push(again)]), ["dropped rate-limited"]);
  });

  it("applies the stream key's pin and mute, the latest decision winning; muted lines stay accepted", async () => {
    const { verifier, advance, now } = setup();
    const viewer = privateKeyToAccount(generatePrivateKey());
    const line = await verifier.push(await signChatMessage(viewer, text(viewer.address, "pin me")));
    assert.equal(line.type, "message");
    const id = line.type === "message" ? line.line.id : "";
    const mod = (
      body: { kind: "pin"; target: string | null } | { kind: "mute"; target: string; until: number },
      t: number,
    ) => signChatMessage(streamer, { ...body, room, from: streamer.address, n: counter++, time: t } as ChatMessageBody);

    assert.deepEqual(await verifier.push(await mod({ kind: "pin", target: id }, T0 + 10)), {
      type: "pin",
      id,
      time: T0 + 10,
    });
    // An older unpin delivered late does not undo the newer pin.
    await verifier.push(await mod({ kind: "pin", target: null }, T0 + 5));
    assert.equal(verifier.pinned, id);

    const mute = await verifier.push(await mod({ kind: "mute", target: viewer.address, until: T0 + 60_000 }, T0 + 20));
    assert.equal(mute.type, "mute");
    assert.equal(verifier.isMuted(viewer.address), true);
    assert.deepEqual(verifier.mutes, [{ target: viewer.address, until: T0 + 60_000 }]);
    advance(10);
    const muted = await verifier.push(
      await signChatMessage(viewer, text(viewer.address, "still here", { time: now() })),
    );
    assert.equal(muted.type, "message", "a muted speaker's line is accepted, for readers who choose to see it");
    advance(60_000);
    assert.equal(verifier.isMuted(viewer.address), false, "the mute runs out");
  });
});
