import type Hls from "hls.js";

declare global {
  interface Window {
    /** Set by the player once attached, only with CHORUS_TEST_HOOKS=1 (the browser tests); never in production. */
    __chorusPlayer?: { engine: "hls.js" | "native"; hls: Hls | null };
  }
}
