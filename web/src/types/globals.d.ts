import type Hls from "hls.js";

declare global {
  interface Window {
    /** Set by the watch page's player once attached, for end-to-end tests and debugging. */
    __chorusPlayer?: { engine: "hls.js" | "native"; hls: Hls | null };
  }
}

export {};
