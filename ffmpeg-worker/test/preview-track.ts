import assert from "node:assert/strict";

/** A seek-preview track's cues, read back from its text. */
export function parsePreviewVtt(
  text: string,
): { start: number; end: number; image: string; x: number; y: number; w: number; h: number }[] {
  assert.match(text, /^WEBVTT\n/);
  const seconds = (clock: string) => {
    const [h, m, s] = clock.split(":").map(Number);
    return h! * 3600 + m! * 60 + s!;
  };
  const cues = [];
  for (const match of text.matchAll(
    /^(\d{2}:\d{2}:\d{2}\.\d{3}) --> (\d{2}:\d{2}:\d{2}\.\d{3})\n([^#\n]+)#xywh=(\d+),(\d+),(\d+),(\d+)$/gm,
  )) {
    cues.push({
      start: seconds(match[1]!),
      end: seconds(match[2]!),
      image: match[3]!,
      x: Number(match[4]),
      y: Number(match[5]),
      w: Number(match[6]),
      h: Number(match[7]),
    });
  }
  return cues;
}

/** The track's cues run back to back from 0 to the duration, each naming a whole tile inside the sheet. */
export function assertTrackCovers(
  text: string,
  durationSeconds: number,
  sheet: { width: number; height: number },
): void {
  const cues = parsePreviewVtt(text);
  assert.ok(cues.length >= 1, "no cues");
  assert.equal(cues[0]!.start, 0);
  assert.ok(
    Math.abs(cues.at(-1)!.end - durationSeconds) < 0.002,
    `last cue ends at ${cues.at(-1)!.end}, duration ${durationSeconds}`,
  );
  for (const [i, cue] of cues.entries()) {
    assert.ok(cue.end > cue.start, `cue ${i} is empty`);
    if (i > 0) assert.equal(cue.start, cues[i - 1]!.end, `gap or overlap before cue ${i}`);
    assert.ok(
      cue.w > 0 && cue.h > 0 && cue.x + cue.w <= sheet.width && cue.y + cue.h <= sheet.height,
      `cue ${i} (${cue.x},${cue.y},${cue.w},${cue.h}) outside the ${sheet.width}x${sheet.height} sheet`,
    );
  }
}
