import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Amf0Error, decodeAmf0, encodeAmf0 } from "../src/live/amf0.ts";
import { flvHeader, flvTag } from "../src/live/rtmp.ts";

describe("live ingest: AMF0 and FLV framing", () => {
  it("AMF0 round-trips what RTMP commands carry", () => {
    const values = [
      "connect",
      1,
      { app: "live", tcUrl: "rtmp://127.0.0.1/live", fpad: false, capabilities: 15 },
      null,
      undefined,
      [1, "a"],
    ];
    assert.deepEqual(decodeAmf0(encodeAmf0(...values)), values);
  });

  it("reads an ECMA array (onMetaData) and refuses a value cut short", () => {
    // "onMetaData", ECMA array { width: 640 }
    const ecma = Buffer.concat([
      encodeAmf0("onMetaData"),
      Buffer.from([0x08, 0, 0, 0, 1]),
      Buffer.from([0, 5]),
      Buffer.from("width"),
      encodeAmf0(640),
      Buffer.from([0, 0, 9]),
    ]);
    assert.deepEqual(decodeAmf0(ecma), ["onMetaData", { width: 640 }]);
    assert.throws(() => decodeAmf0(ecma.subarray(0, ecma.length - 4)), Amf0Error);
    assert.throws(() => decodeAmf0(Buffer.from([0x11])), /unsupported AMF0 marker 0x11/);
  });

  it("frames FLV tags with 32-bit timestamps and trailing sizes", () => {
    assert.deepEqual([...flvHeader().subarray(0, 3)], [0x46, 0x4c, 0x56]);
    const tag = flvTag(9, 0x12345678, Buffer.from([1, 2, 3]));
    assert.equal(tag.length, 11 + 3 + 4);
    assert.equal(tag[0], 9);
    assert.equal(tag.readUIntBE(1, 3), 3);
    assert.equal(tag.readUIntBE(4, 3) | (tag[7]! << 24), 0x12345678);
    assert.equal(tag.readUInt32BE(14), 14);
  });
});
