import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium, headless, with a fresh profile (or `options.profile`, kept on close, to reopen the same browser
 * as after a restart); flags keep it off the (closed) network; `options.args` adds more (e.g. a fake camera).
 */
export async function launchBrowser(options: { profile?: string; args?: string[] } = {}) {
  const profile = options.profile ?? (await mkdtemp(path.join(tmpdir(), "chorus-chromium-")));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
      ...(options.args ?? []),
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      if (!options.profile) await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until React has hydrated the page: the top bar's wallet button (connect or account) is enabled only then, so
 * clicks and keys are handled from there on. (A server-rendered page looks ready before; a key pressed on it is lost.)
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const button = document.querySelector<HTMLButtonElement>(
      ".topbar [data-testid=connect], .topbar [data-testid=account]",
    );
    return document.readyState === "complete" && button !== null && !button.disabled;
  });
}

/** What the web app needs in its environment for `waitForHlsPlayback`: the player's test hook (web/README.md). */
export const TEST_HOOKS_ENV = { CHORUS_TEST_HOOKS: "1" } as const;

/**
 * Keeps the watch page's video playing (muted, started by hand whenever it is paused: autoplay may be refused) until
 * `until`: `"past-1s"`, it has played more than a second; `"rung-named"`, the quality button names the rung it plays
 * ("Auto (240p)").
 */
export async function playMutedUntil(page: Page, until: "past-1s" | "rung-named") {
  await page.waitForFunction(
    (condition) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
      if (video?.paused) {
        video.muted = true;
        void video.play().catch(() => {});
      }
      if (condition === "rung-named")
        return /\(/.test(document.querySelector('[data-testid="quality-button"]')?.getAttribute("aria-label") ?? "");
      return !!video && video.currentTime > 1;
    },
    until,
    { timeout: 30_000, polling: 200 },
  );
}

/**
 * Waits until the watch page's player has attached hls.js (not native HLS) and the video has played past 1 s. Needs the
 * app started with `TEST_HOOKS_ENV`.
 */
export async function waitForHlsPlayback(page: Page) {
  await page.waitForFunction(
    () => (window as { __chorusPlayer?: { engine: string } }).__chorusPlayer?.engine === "hls.js",
    null,
    { timeout: 30_000 },
  );
  await playMutedUntil(page, "past-1s");
}

/**
 * Asserts that the page does not scroll sideways in its window (at 360 px: a phone). On failure it names what sticks
 * out, innermost last, so the message points at the culprit.
 */
export async function assertFitsWidth(page: Page, label: string) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    over: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(" ").join(".")}` : ""}`)
      .slice(-4),
  }));
  assert.ok(
    m.scrollWidth <= m.innerWidth,
    `${label}: the page is ${m.scrollWidth} px wide in a ${m.innerWidth} px window: ${m.over.join(", ")}`,
  );
}
