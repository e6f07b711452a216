import { type NextRequest, NextResponse } from "next/server";
import { parseConfig, parseInstance } from "@/lib/config";
import { contentSecurityPolicy, newNonce } from "@/lib/csp";

/**
 * Sends every page with a Content-Security-Policy carrying a fresh nonce (src/lib/csp.ts; web/README.md, "Security").
 * Next.js reads the nonce from the policy on the *request* and puts it on its own inline scripts, so the policy goes on
 * both; `x-nonce` carries it for a server component that renders a <Script> of its own (`headers()`).
 * Proxy runs on Node.js in Next 16, so the origins come from the same request-time environment as the pages'
 * configuration.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const config = parseConfig(process.env);
  const instance = parseInstance(process.env);
  const policy = contentSecurityPolicy({
    nonce,
    origins: config.ok ? config.config : null,
    dev: process.env.NODE_ENV === "development",
    logoUrl: instance.ok ? instance.instance.logoUrl : null,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages, not static files (hashed, script-free of user data) nor /api (JSON answers).
      source: "/((?!api/|_next/static/|_next/image/|favicon.ico).*)",
      // Prefetches carry no HTML to protect; the navigation that uses them gets its own policy.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
