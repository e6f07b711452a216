import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

/**
 * Debian's Chromium, headless, with a fresh profile (or `options.profile`, kept on close, to reopen the same browser
 * as after a restart); flags keep it off the (closed) network.
 */
export async function launchBrowser(options: { profile?: string } = {}) {
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
