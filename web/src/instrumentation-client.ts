import { z } from "zod";

// Runs before the app's own client code (Next.js instrumentation-client). Zod compiles object parsers with
// `new Function` unless told not to, and probes for it the first time it builds one: under our
// Content-Security-Policy (no 'unsafe-eval', web/README.md "Security") the probe fails — zod falls back to its plain
// parser — but the browser reports a CSP violation and logs an error on every page. Zod's configuration lives on
// `globalThis`, so this one call covers every copy of zod in the bundle.
z.config({ jitless: true });
