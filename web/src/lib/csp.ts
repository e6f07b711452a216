import type { PublicConfig } from "./config";

/**
 * The Content-Security-Policy every page is sent with (src/proxy.ts sets it per request). Pure, so it is unit-tested.
 * Why each directive is there: web/README.md, "Security". In short: scripts only from our own origin or carrying this
 * request's nonce (Next.js puts it on its own inline scripts), and the browser talks only to our origin and the
 * services the configuration names — so user text that somehow became markup could neither run nor send anything
 * anywhere.
 */

/** The services the browser talks to directly (all from the request-time configuration). */
type CspOrigins = Pick<PublicConfig, "chainRpcUrl" | "indexerUrl" | "gatewayUrl" | "workerUrl">;

export interface CspOptions {
  /** This request's nonce (base64), fresh for every request. */
  nonce: string;
  /** The configured services, or null when the configuration is invalid (the "misconfigured" page needs none). */
  origins: CspOrigins | null;
  /** `next dev`: React rebuilds server error stacks with eval, and the dev server injects styles without a nonce. */
  dev: boolean;
  /** The instance's logo (INSTANCE_LOGO_URL), which may live on a host of its own; null or absent: none. */
  logoUrl?: string | null;
}

/** A configured URL's origin (`http://127.0.0.1:8080`), the unit a CSP source list matches. */
const originOf = (url: string) => new URL(url).origin;

/** The WebSocket origin with the same host and port (`ws:` for `http:`, `wss:` for `https:`). */
const socketOriginOf = (origin: string) => origin.replace(/^http/, "ws");

export function contentSecurityPolicy({ nonce, origins, dev, logoUrl }: CspOptions): string {
  const services = origins
    ? [...new Set([origins.chainRpcUrl, origins.indexerUrl, origins.gatewayUrl, origins.workerUrl].map(originOf))]
    : [];
  const gateway = origins ? [originOf(origins.gatewayUrl)] : [];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // No 'unsafe-inline' (an injected <script> or onerror= does not run) and no 'unsafe-eval' outside `next dev`.
    ["script-src", "'self'", `'nonce-${nonce}'`, ...(dev ? ["'unsafe-eval'"] : [])],
    // Browsers without the -elem/-attr split below (Safari < 15.4) fall back to this one.
    ["style-src", "'self'", "'unsafe-inline'"],
    // <style> elements and stylesheets: ours, or Next.js's own inline ones (which carry the nonce). `next dev` injects
    // its styles without one, so there 'unsafe-inline' (a nonce in the list would make browsers ignore it).
    ["style-src-elem", "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    // style="…" attributes: React renders them (avatars' colours, progress bars, the seek preview's tile) and a
    // nonce cannot cover an attribute. A style attribute cannot run script; the worst an injected one could do is
    // restyle the page — and user text never becomes markup in the first place.
    ["style-src-attr", "'unsafe-inline'"],
    // Thumbnails, seek-preview sprites and channel pictures from the gateway; wallet icons are data: URLs; blob: for
    // local previews of a picked file.
    // The instance's logo, from its own origin (only images: it can run nothing).
    ["img-src", "'self'", "data:", "blob:", ...new Set([...gateway, ...(logoUrl ? [originOf(logoUrl)] : [])])],
    // hls.js plays through MediaSource (blob:); native HLS plays from the gateway; a camera preview is a mediastream:.
    ["media-src", "'self'", "blob:", "mediastream:", ...gateway],
    // hls.js runs its transmuxer in a worker made from a blob: URL.
    ["worker-src", "'self'", "blob:"],
    // fetch/XHR/WebSocket: our origin, the chain RPC, the indexer, the gateway and the worker — and nothing else.
    ["connect-src", "'self'", ...services, ...services.map(socketOriginOf)],
    ["font-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** A fresh nonce: 128 random bits, base64 (what a CSP nonce source expects). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
