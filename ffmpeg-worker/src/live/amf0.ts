/**
 * AMF0, the value encoding of RTMP commands (connect, createStream, publish) and of the encoder's metadata. Only what
 * an RTMP server needs to read a publisher's commands and answer them.
 */
export type Amf0Value = number | boolean | string | null | undefined | Amf0Object | Amf0Value[];
export interface Amf0Object {
  [key: string]: Amf0Value;
}

export class Amf0Error extends Error {
  override readonly name = "Amf0Error";
}

/** Decodes every value in `data` (a command: name, transaction id, then its arguments). */
export function decodeAmf0(data: Uint8Array): Amf0Value[] {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const values: Amf0Value[] = [];
  let offset = 0;
  const need = (n: number) => {
    if (offset + n > buffer.length) throw new Amf0Error("AMF0 value runs past the end of the message");
  };
  const readString = (long = false): string => {
    need(long ? 4 : 2);
    const length = long ? buffer.readUInt32BE(offset) : buffer.readUInt16BE(offset);
    offset += long ? 4 : 2;
    need(length);
    const text = buffer.toString("utf8", offset, offset + length);
    offset += length;
    return text;
  };
  const readProperties = (): Amf0Object => {
    const object: Amf0Object = {};
    for (;;) {
      const key = readString();
      need(1);
      if (key === "" && buffer[offset] === 0x09) {
        offset++;
        return object;
      }
      object[key] = readValue();
    }
  };
  const readValue = (): Amf0Value => {
    need(1);
    const marker = buffer[offset++];
    switch (marker) {
      case 0x00: {
        need(8);
        const value = buffer.readDoubleBE(offset);
        offset += 8;
        return value;
      }
      case 0x01:
        need(1);
        return buffer[offset++] !== 0;
      case 0x02:
        return readString();
      case 0x03:
        return readProperties();
      case 0x05:
        return null;
      case 0x06:
        return undefined;
      case 0x08:
        need(4);
        offset += 4; // ECMA array: an approximate count, then properties as in an object
        return readProperties();
      case 0x0a: {
        need(4);
        const count = buffer.readUInt32BE(offset);
        offset += 4;
        const items: Amf0Value[] = [];
        for (let i = 0; i < count; i++) items.push(readValue());
        return items;
      }
      case 0x0b: // date: 8-byte number + 2-byte time zone
        need(10);
        offset += 10;
        return null;
      case 0x0c:
        return readString(true);
      default:
        throw new Amf0Error(`unsupported AMF0 marker 0x${(marker ?? 0).toString(16)}`);
    }
  };
  while (offset < buffer.length) values.push(readValue());
  return values;
}

export function encodeAmf0(...values: Amf0Value[]): Buffer {
  const parts: Buffer[] = [];
  const string = (text: string) => {
    const bytes = Buffer.from(text, "utf8");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    parts.push(length, bytes);
  };
  const write = (value: Amf0Value): void => {
    if (typeof value === "number") {
      const b = Buffer.alloc(9);
      b[0] = 0x00;
      b.writeDoubleBE(value, 1);
      parts.push(b);
    } else if (typeof value === "boolean") parts.push(Buffer.from([0x01, value ? 1 : 0]));
    else if (typeof value === "string") {
      parts.push(Buffer.from([0x02]));
      string(value);
    } else if (value === null) parts.push(Buffer.from([0x05]));
    else if (value === undefined) parts.push(Buffer.from([0x06]));
    else if (Array.isArray(value)) {
      const head = Buffer.alloc(5);
      head[0] = 0x0a;
      head.writeUInt32BE(value.length, 1);
      parts.push(head);
      for (const item of value) write(item);
    } else {
      parts.push(Buffer.from([0x03]));
      for (const [key, item] of Object.entries(value)) {
        string(key);
        write(item);
      }
      parts.push(Buffer.from([0x00, 0x00, 0x09]));
    }
  };
  for (const value of values) write(value);
  return Buffer.concat(parts);
}
