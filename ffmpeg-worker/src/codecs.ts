/**
 * RFC 6381 codec strings for the master playlist's CODECS attribute, which players use to skip renditions they
 * cannot decode. The H.264 string is read from the sequence parameter set in the first segment: the profile,
 * constraint flags and level bytes as the encoder wrote them, with no table of names to keep in sync (and no
 * ffprobe run: the static npm ffprobe build crashes on MPEG-TS input).
 */
export const AAC_LC_CODEC = "mp4a.40.2";

export interface AvcParameters {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
}

/** e.g. High (100), no constraints, level 3.1 (31) → "avc1.64001f". */
export function avcCodecString(parameters: AvcParameters): string {
  return `avc1.${[parameters.profileIdc, parameters.constraintFlags, parameters.levelIdc].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

const TS_PACKET = 188;
const TS_SYNC = 0x47;
const NAL_TYPE_SPS = 7;

/**
 * Finds the first H.264 SPS in an MPEG-TS buffer: reassembles each PID's payload bytes (without the TS packet
 * and adaptation-field headers) and looks for a start code followed by a NAL unit of type 7.
 */
export function findAvcParameters(ts: Uint8Array): AvcParameters | undefined {
  const payloads = new Map<number, number[]>();
  for (let offset = 0; offset + TS_PACKET <= ts.length; offset += TS_PACKET) {
    if (ts[offset] !== TS_SYNC) return undefined;
    const pid = ((ts[offset + 1]! & 0x1f) << 8) | ts[offset + 2]!;
    const adaptation = (ts[offset + 3]! >> 4) & 0x3;
    if ((adaptation & 0x1) === 0) continue;
    const start = offset + 4 + (adaptation & 0x2 ? 1 + ts[offset + 4]! : 0);
    const bytes = payloads.get(pid) ?? [];
    for (let i = start; i < offset + TS_PACKET; i++) bytes.push(ts[i]!);
    payloads.set(pid, bytes);
    const found = searchSps(bytes);
    if (found) return found;
  }
  return undefined;
}

function searchSps(bytes: readonly number[]): AvcParameters | undefined {
  for (let i = 0; i + 6 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1 && (bytes[i + 3]! & 0x1f) === NAL_TYPE_SPS) {
      return { profileIdc: bytes[i + 4]!, constraintFlags: bytes[i + 5]!, levelIdc: bytes[i + 6]! };
    }
  }
  return undefined;
}
