import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  AnnouncementVerifier,
  type LiveAnnouncementBody,
  MAX_ANNOUNCEMENT_BYTES,
  type VerifierEvent,
  announcementId,
  canonicalJson,
  encodeAnnouncement,
  signAnnouncement,
  streamKeyAddress,
  verifyAnnouncements,
} from "../src/index.ts";

const key = generatePrivateKey();
const stream = streamKeyAddress(key);
const SEGMENT = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

/** A chain of `count` signed announcements as published: bytes and ids. */
async function chain(
  count: number,
  options: { end?: boolean; privateKey?: `0x${string}` } = {},
): Promise<{ bytes: Uint8Array; id: string; body: LiveAnnouncementBody }[]> {
  const privateKey = options.privateKey ?? key;
  const out: { bytes: Uint8Array; id: string; body: LiveAnnouncementBody }[] = [];
  for (let seq = 0; seq < count; seq++) {
    const body = makeBody(seq, out[seq - 1]?.id ?? null, streamKeyAddress(privateKey));
    if (options.end && seq === count - 1) body.end = true;
    const bytes = encodeAnnouncement(await signAnnouncement(privateKey, body));
    out.push({ bytes, id: announcementId(bytes), body });
  }
  return out;
}

function makeBody(seq: number, prev: string | null, streamKey: `0x${string}` = stream): LiveAnnouncementBody {
  return {
    schema: "chorus.live/1",
    stream: streamKey,
    seq,
    prev,
    time: 1_765_000_000_000 + seq * 1000,
    renditions: [
      { name: "240p", width: 426, height: 240, bandwidth: 470_000, cid: SEGMENT, duration: 1 },
      { name: "720p", width: 1280, height: 720, bandwidth: 3_100_000, cid: SEGMENT, duration: 1 },
    ],
  };
}

async function feed(verifier: AnnouncementVerifier, messages: (Uint8Array | string)[]): Promise<VerifierEvent[]> {
  const events: VerifierEvent[] = [];
  for (const message of messages) events.push(...(await verifier.push(message)));
  return events;
}

const summary = (events: VerifierEvent[]) =>
  events.map((e) =>
    e.type === "accepted"
      ? `ok ${e.announcement.seq}${e.late ? " late" : ""}`
      : e.type === "gap"
        ? `gap ${e.from}-${e.to}`
        : `${e.reason}${e.seq === undefined ? "" : ` ${e.seq}`}`,
  );

describe("live announcements (chorus.live/1)", () => {
  it("canonical JSON sorts keys at every depth, drops undefined and refuses non-finite numbers", () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: "x", c: null }], e: undefined }), '{"a":[{"c":null,"d":"x"}],"b":1}');
    assert.throws(() => canonicalJson({ a: Number.NaN }), /finite/);
  });

  it("signs a body whose stream is the key, and refuses one naming another key", async () => {
    const signed = await signAnnouncement(key, makeBody(0, null));
    assert.match(signed.sig, /^0x[0-9a-f]{130}$/);
    await assert.rejects(signAnnouncement(generatePrivateKey(), makeBody(0, null)), /body\.stream is 0x/);
    await assert.rejects(signAnnouncement(key, makeBody(1, null)), /prev must be null exactly for seq 0/);
  });

  it("the id is a raw CIDv1 of the bytes, and each announcement names the previous one", async () => {
    const [a, b] = await chain(2);
    assert.ok(a && b);
    assert.match(a.id, /^bafkrei/);
    assert.equal(b.body.prev, a.id);
    assert.ok(a.bytes.length < 1024, `a two-rung announcement is ${a.bytes.length} bytes`);
  });

  it("accepts a stream in order, to its end, and nothing after", async () => {
    const all = await chain(3, { end: true });
    const verifier = new AnnouncementVerifier({ streamKey: stream.toLowerCase(), startAt: 0 });
    const events = await feed(
      verifier,
      all.map((a) => a.bytes),
    );
    assert.deepEqual(summary(events), ["ok 0", "ok 1", "ok 2"]);
    assert.ok(verifier.ended);
    const after = makeBody(3, all[2]!.id);
    const [rejected] = await verifier.push(encodeAnnouncement(await signAnnouncement(key, after)));
    assert.equal(rejected?.type === "rejected" && rejected.reason, "out-of-range");
  });

  it("rejects a spoof: the stream key named but signed by another key", async () => {
    const spoofer = generatePrivateKey();
    const body = makeBody(0, null);
    const sig = await privateKeyToAccount(spoofer).signMessage({ message: canonicalJson(body) });
    const forged = encodeAnnouncement({ ...body, sig });
    const events = await new AnnouncementVerifier({ streamKey: stream }).push(forged);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event?.type === "rejected");
    assert.equal(event.reason, "bad-signature");
    assert.match(event.message, new RegExp(`signed by ${streamKeyAddress(spoofer)}, not the stream key`));
  });

  it("rejects an announcement of another stream key (wrong key)", async () => {
    const other = generatePrivateKey();
    const [foreign] = await chain(1, { privateKey: other });
    const events = await new AnnouncementVerifier({ streamKey: stream }).push(foreign!.bytes);
    assert.deepEqual(summary(events), ["wrong-key 0"]);
  });

  it("rejects a signed announcement whose content was changed afterwards", async () => {
    const signed = await signAnnouncement(key, makeBody(0, null));
    const changed = encodeAnnouncement({ ...signed, time: signed.time + 1 });
    assert.deepEqual(summary(await new AnnouncementVerifier({ streamKey: stream }).push(changed)), ["bad-signature 0"]);
  });

  it("rejects malformed input: not JSON, not the schema, not canonical, bad signature shape", async () => {
    const verifier = new AnnouncementVerifier({ streamKey: stream });
    const signed = await signAnnouncement(key, makeBody(0, null));
    const events = await feed(verifier, [
      new Uint8Array([0xff, 0xfe]),
      '{"schema":"chorus.live/1"',
      canonicalJson({ ...signed, seq: -1 }),
      canonicalJson({ ...signed, extra: true }),
      canonicalJson({ ...signed, renditions: [] }),
      JSON.stringify(signed, null, 2),
      canonicalJson({ ...signed, sig: "0x1234" }),
    ]);
    assert.deepEqual(
      events.map((e) => e.type === "rejected" && e.reason),
      Array(7).fill("malformed"),
    );
    const messages = events.map((e) => (e.type === "rejected" ? e.message : ""));
    assert.match(messages[0]!, /not UTF-8 JSON/);
    assert.match(messages[4]!, /only an end announcement may carry no segment/);
    assert.match(messages[5]!, /canonical/);
    assert.equal(verifier.next, undefined, "nothing malformed moves the sequence");
  });

  it("rejects an oversize announcement before parsing it", async () => {
    const big = `{"pad":"${"x".repeat(MAX_ANNOUNCEMENT_BYTES)}"}`;
    const [event] = await new AnnouncementVerifier({ streamKey: stream }).push(big);
    assert.ok(event?.type === "rejected");
    assert.equal(event.reason, "oversize");
    assert.match(event.message, /over the 4096-byte limit/);
  });

  it("rejects a replay and a fork of an accepted sequence", async () => {
    const [a, b] = await chain(2);
    const verifier = new AnnouncementVerifier({ streamKey: stream, startAt: 0 });
    const other = encodeAnnouncement(await signAnnouncement(key, { ...makeBody(1, a!.id), time: 1 }));
    const events = await feed(verifier, [a!.bytes, b!.bytes, b!.bytes, other]);
    assert.deepEqual(summary(events), ["ok 0", "ok 1", "replay 1", "fork 1"]);
  });

  it("rejects a fork in the chain: a next sequence whose prev is not the accepted one", async () => {
    const [a] = await chain(1);
    const verifier = new AnnouncementVerifier({ streamKey: stream, startAt: 0 });
    const wrongPrev = encodeAnnouncement(await signAnnouncement(key, makeBody(1, SEGMENT)));
    assert.deepEqual(summary(await feed(verifier, [a!.bytes, wrongPrev])), ["ok 0", "fork 1"]);
  });

  it("reorders within the window", async () => {
    const all = await chain(4);
    const verifier = new AnnouncementVerifier({ streamKey: stream, startAt: 0 });
    const events = await feed(verifier, [all[1]!.bytes, all[0]!.bytes, all[3]!.bytes, all[2]!.bytes]);
    assert.deepEqual(summary(events), ["ok 0", "ok 1", "ok 2", "ok 3"]);
  });

  it("reports a gap once the window fills, goes on, and accepts the missing one late when fetched by prev", async () => {
    const all = await chain(7);
    const verifier = new AnnouncementVerifier({ streamKey: stream, startAt: 0, window: 3 });
    const events = await feed(verifier, [
      all[0]!.bytes,
      all[1]!.bytes,
      all[3]!.bytes,
      all[4]!.bytes,
      all[5]!.bytes,
      all[6]!.bytes,
    ]);
    assert.deepEqual(summary(events), ["ok 0", "ok 1", "gap 2-2", "ok 3", "ok 4", "ok 5", "ok 6"]);
    const gap = events.find((e) => e.type === "gap");
    assert.equal(gap?.type === "gap" && gap.lastId, all[2]!.id, "the gap names the missing announcement by id");
    assert.deepEqual(verifier.missing, [2]);
    // A forged filler is refused; the real one (fetched by its id) fills the gap.
    const forged = encodeAnnouncement(await signAnnouncement(key, { ...makeBody(2, all[1]!.id), time: 5 }));
    assert.deepEqual(summary(await verifier.push(forged)), ["fork 2"]);
    assert.deepEqual(summary(await verifier.push(all[2]!.bytes)), ["ok 2 late"]);
    assert.deepEqual(verifier.missing, []);
    assert.deepEqual(summary(await verifier.push(all[2]!.bytes)), ["replay 2"]);
  });

  it("a viewer joining mid-stream starts at the first announcement it gets; flush reports a gap at once", async () => {
    const all = await chain(6);
    const verifier = new AnnouncementVerifier({ streamKey: stream });
    const events = await feed(verifier, [all[3]!.bytes, all[5]!.bytes, all[1]!.bytes]);
    assert.deepEqual(summary(events), ["ok 3", "out-of-range 1"]);
    assert.deepEqual(summary(verifier.flush()), ["gap 4-4", "ok 5"]);
  });

  it("verifyAnnouncements yields events from a message stream and reports a trailing gap", async () => {
    const all = await chain(4);
    async function* messages() {
      yield all[0]!.bytes;
      yield all[2]!.bytes;
      yield "spoof";
    }
    const events: VerifierEvent[] = [];
    for await (const event of verifyAnnouncements({ streamKey: stream, startAt: 0 }, messages())) events.push(event);
    assert.deepEqual(summary(events), ["ok 0", "malformed", "gap 1-1", "ok 2"]);
  });
});
