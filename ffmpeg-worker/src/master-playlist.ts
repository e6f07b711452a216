/**
 * master.m3u8, written by the worker rather than ffmpeg so that it carries measured bandwidths and exact codec
 * strings, lists renditions lowest first, and does not depend on ffmpeg features that older builds lack.
 */
export interface MasterVariant {
  /** Relative URI of the variant playlist, e.g. "240p/index.m3u8". */
  uri: string;
  /** Peak segment bitrate, bits per second (what BANDWIDTH means in RFC 8216). */
  bandwidth: number;
  /** Mean bitrate over the whole rendition. */
  averageBandwidth: number;
  width: number;
  height: number;
  /** e.g. "avc1.64001f,mp4a.40.2". */
  codecs: string;
  framesPerSecond: number;
}

export function buildMasterPlaylist(variants: readonly MasterVariant[]): string {
  if (variants.length === 0) throw new RangeError("A master playlist needs at least one variant");
  const lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-INDEPENDENT-SEGMENTS"];
  for (const v of variants) {
    const attributes = [
      `BANDWIDTH=${Math.round(v.bandwidth)}`,
      `AVERAGE-BANDWIDTH=${Math.round(v.averageBandwidth)}`,
      `RESOLUTION=${v.width}x${v.height}`,
      `CODECS="${v.codecs}"`,
      `FRAME-RATE=${v.framesPerSecond.toFixed(3)}`,
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(",")}`, v.uri);
  }
  return `${lines.join("\n")}\n`;
}

export interface ParsedMasterVariant {
  uri: string;
  attributes: Record<string, string>;
  bandwidth: number;
  width: number | undefined;
  height: number | undefined;
  codecs: string | undefined;
}

/** Reads the variants of a master playlist (used to check the worker's own output and by tests and tools). */
export function parseMasterPlaylist(text: string): ParsedMasterVariant[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== "#EXTM3U") throw new SyntaxError("Not an HLS playlist (no #EXTM3U header)");
  const variants: ParsedMasterVariant[] = [];
  let pending: Record<string, string> | undefined;
  for (const line of lines.slice(1)) {
    if (line.startsWith("#EXT-X-STREAM-INF:")) pending = parseAttributeList(line.slice("#EXT-X-STREAM-INF:".length));
    else if (line && !line.startsWith("#") && pending) {
      const resolution = /^(\d+)x(\d+)$/.exec(pending["RESOLUTION"] ?? "");
      variants.push({
        uri: line,
        attributes: pending,
        bandwidth: Number(pending["BANDWIDTH"]),
        width: resolution ? Number(resolution[1]) : undefined,
        height: resolution ? Number(resolution[2]) : undefined,
        codecs: pending["CODECS"],
      });
      pending = undefined;
    }
  }
  return variants;
}

/** RFC 8216 attribute list: KEY=value pairs separated by commas; quoted values may contain commas. */
export function parseAttributeList(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /([A-Z0-9-]+)=("[^"]*"|[^,]*)(?:,|$)/g;
  for (const match of text.matchAll(pattern)) {
    const [, key, raw] = match;
    if (key !== undefined && raw !== undefined) attributes[key] = raw.startsWith('"') ? raw.slice(1, -1) : raw;
  }
  return attributes;
}
