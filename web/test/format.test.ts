import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  avatarGradient,
  formatAge,
  formatBytes,
  formatCount,
  formatDuration,
  formatDurationLong,
  formatEta,
  formatExactTime,
  formatPercent,
  formatRelative,
  shortAddress,
  shortHash,
  titleFromFilename,
} from "../src/lib/format";

describe("formatDuration", () => {
  it("formats minutes and seconds with two-digit seconds", () => {
    assert.equal(formatDuration(245), "4:05");
    assert.equal(formatDuration(5), "0:05");
    assert.equal(formatDuration(60), "1:00");
    assert.equal(formatDuration(599.9), "9:59");
  });
  it("adds hours with two-digit minutes", () => {
    assert.equal(formatDuration(3725), "1:02:05");
    assert.equal(formatDuration(36000), "10:00:00");
  });
  it("reads nonsense as 0:00", () => {
    assert.equal(formatDuration(0), "0:00");
    assert.equal(formatDuration(-3), "0:00");
    assert.equal(formatDuration(Number.NaN), "0:00");
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), "0:00");
  });
  it("has a spoken form", () => {
    assert.equal(formatDurationLong(245), "4 minutes 5 seconds");
    assert.equal(formatDurationLong(3601), "1 hour 1 second");
    assert.equal(formatDurationLong(0), "0 seconds");
  });
});

describe("formatRelative", () => {
  const now = Date.UTC(2025, 10, 22, 12, 0, 0);
  const at = (offsetSeconds: number) => formatRelative(now / 1000 + offsetSeconds, now);
  it("says how far ahead a future time is (a one-day deal opened a minute ago ends in 23 hours, not just now)", () => {
    assert.equal(at(86_400 - 60), "in 23 hours");
    assert.equal(at(86_400), "in 1 day");
    assert.equal(at(3 * 86_400), "in 3 days");
    assert.equal(at(120), "in 2 minutes");
  });
  it("reads the past like formatAge, and a time within a minute either way as just now", () => {
    assert.equal(at(-3 * 3600), "3 hours ago");
    assert.equal(at(30), "just now");
    assert.equal(at(-30), "just now");
  });
});

describe("formatAge", () => {
  const now = Date.UTC(2025, 10, 22, 12, 0, 0);
  const ago = (seconds: number) => formatAge(now / 1000 - seconds, now);
  it("says just now under a minute, and for future times", () => {
    assert.equal(ago(0), "just now");
    assert.equal(ago(59), "just now");
    assert.equal(ago(-3600), "just now");
  });
  it("uses the largest unit that fits, singular and plural", () => {
    assert.equal(ago(60), "1 minute ago");
    assert.equal(ago(150), "2 minutes ago");
    assert.equal(ago(3 * 3600 + 59), "3 hours ago");
    assert.equal(ago(3600), "1 hour ago");
    assert.equal(ago(86_400), "1 day ago");
    assert.equal(ago(8 * 86_400), "1 week ago");
    assert.equal(ago(45 * 86_400), "1 month ago");
    assert.equal(ago(400 * 86_400), "1 year ago");
    assert.equal(ago(3 * 365 * 86_400), "3 years ago");
  });
});

describe("formatExactTime", () => {
  it("gives the exact UTC time by default", () => {
    const text = formatExactTime(Date.UTC(2025, 10, 22, 14, 5, 9) / 1000);
    assert.match(text, /22 Nov 2025/);
    assert.match(text, /14:05:09/);
    assert.match(text, /UTC/);
  });
  it("honours a time zone", () => {
    assert.match(formatExactTime(Date.UTC(2025, 0, 1, 0, 30, 0) / 1000, "Asia/Tokyo"), /09:30:00/);
  });
});

describe("formatCount", () => {
  it("keeps small numbers whole", () => {
    assert.equal(formatCount(0), "0");
    assert.equal(formatCount(999), "999");
  });
  it("abbreviates with one decimal below ten", () => {
    assert.equal(formatCount(1000), "1K");
    assert.equal(formatCount(1234), "1.2K");
    assert.equal(formatCount(1299), "1.2K");
    assert.equal(formatCount(15_300), "15K");
    assert.equal(formatCount(999_999), "999K");
    assert.equal(formatCount(1_250_000), "1.2M");
    assert.equal(formatCount(2_000_000_000), "2B");
  });
  it("handles negatives and nonsense", () => {
    assert.equal(formatCount(-1500), "-1.5K");
    assert.equal(formatCount(Number.NaN), "0");
  });
});

describe("addresses and hashes", () => {
  it("shortens an address to 0x12ab…cd34", () => {
    assert.equal(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), "0x7099…79C8");
    assert.equal(shortAddress("0x1234"), "0x1234");
  });
  it("shortens a hash", () => {
    const hash = `0x${"ab".repeat(32)}`;
    assert.equal(shortHash(hash), "0xababab…ababab");
    assert.equal(shortHash("0x12"), "0x12");
  });
  it("gives every address its own stable avatar, regardless of case", () => {
    const a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    assert.equal(avatarGradient(a), avatarGradient(a.toLowerCase()));
    assert.notEqual(avatarGradient(a), avatarGradient("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
    assert.match(avatarGradient(a), /^linear-gradient\(\d+deg, hsl\(\d+ 70% 55%\), hsl\(\d+ 65% 40%\)\)$/);
  });
});

describe("upload helpers", () => {
  it("formats bytes in decimal units", () => {
    assert.equal(formatBytes(512), "512 B");
    assert.equal(formatBytes(1500), "1.5 kB");
    assert.equal(formatBytes(12_345_678), "12.3 MB");
    assert.equal(formatBytes(250_000_000), "250 MB");
    assert.equal(formatBytes(2_500_000_000), "2.50 GB");
  });
  it("formats an estimate, or nothing without one", () => {
    assert.equal(formatEta(undefined), null);
    assert.equal(formatEta(-1), null);
    assert.equal(formatEta(2), "almost done");
    assert.equal(formatEta(42), "45 s left");
    assert.equal(formatEta(130), "about 2 min left");
    assert.equal(formatEta(3900), "about 1 h 5 min left");
  });
  it("clamps percentages", () => {
    assert.equal(formatPercent(0.456), "45%");
    assert.equal(formatPercent(1.2), "100%");
    assert.equal(formatPercent(-1), "0%");
  });
  it("turns a file name into a starting title", () => {
    assert.equal(titleFromFilename("my_holiday_clip.MP4"), "my holiday clip");
    assert.equal(titleFromFilename("talk.final.mov"), "talk.final");
    assert.equal(titleFromFilename("C:\\videos\\intro.webm"), "intro");
    assert.equal(titleFromFilename("noextension"), "noextension");
    assert.equal([...titleFromFilename(`${"x".repeat(300)}.mp4`)].length, 100);
  });
});
