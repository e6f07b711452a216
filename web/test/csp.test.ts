import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentSecurityPolicy, newNonce } from "../src/lib/csp";

const origins = {
  chainRpcUrl: "http://127.0.0.1:8545",
  indexerUrl: "http://127.0.0.1:42069",
  gatewayUrl: "https://gw.example.org/sub/path",
  workerUrl: "http://127.0.0.1:8700",
};

/** The policy as a map: directive → its sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split("; ").map((d) => {
      const [name, ...sources] = d.split(" ");
      return [name!, sources];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only from our origin or with the nonce, never inline or eval in production", () => {
    const p = parse(contentSecurityPolicy({ nonce: "abc=", origins, dev: false }));
    assert.deepEqual(p.get("script-src"), ["'self'", "'nonce-abc='"]);
    assert.deepEqual(p.get("style-src-elem"), ["'self'", "'nonce-abc='"]);
    assert.deepEqual(p.get("style-src-attr"), ["'unsafe-inline'"]);
    for (const [name, sources] of p) {
      if (name.startsWith("script-src")) assert.ok(!sources.some((s) => /unsafe/.test(s)), `${name}: ${sources}`);
    }
    assert.deepEqual(p.get("object-src"), ["'none'"]);
    assert.deepEqual(p.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(p.get("base-uri"), ["'self'"]);
    assert.deepEqual(p.get("form-action"), ["'self'"]);
    assert.deepEqual(p.get("default-src"), ["'self'"]);
  });

  it("lets the browser talk to exactly the configured services, by origin, and their WebSocket origins", () => {
    const p = parse(contentSecurityPolicy({ nonce: "n", origins, dev: false }));
    assert.deepEqual(p.get("connect-src"), [
      "'self'",
      "http://127.0.0.1:8545",
      "http://127.0.0.1:42069",
      "https://gw.example.org",
      "http://127.0.0.1:8700",
      "ws://127.0.0.1:8545",
      "ws://127.0.0.1:42069",
      "wss://gw.example.org",
      "ws://127.0.0.1:8700",
    ]);
    assert.deepEqual(p.get("media-src"), ["'self'", "blob:", "mediastream:", "https://gw.example.org"]);
    assert.deepEqual(p.get("img-src"), ["'self'", "data:", "blob:", "https://gw.example.org"]);
    assert.deepEqual(p.get("worker-src"), ["'self'", "blob:"]);
  });

  it("names each origin once when services share one", () => {
    const shared = { ...origins, indexerUrl: "http://127.0.0.1:8545/indexer" };
    const connect = parse(contentSecurityPolicy({ nonce: "n", origins: shared, dev: false })).get("connect-src")!;
    assert.equal(connect.filter((s) => s === "http://127.0.0.1:8545").length, 1);
  });

  it("allows only our own origin when the configuration is invalid", () => {
    const p = parse(contentSecurityPolicy({ nonce: "n", origins: null, dev: false }));
    assert.deepEqual(p.get("connect-src"), ["'self'"]);
    assert.deepEqual(p.get("img-src"), ["'self'", "data:", "blob:"]);
  });

  it("lets images come from the instance's logo's origin too, and only images", () => {
    const p = parse(
      contentSecurityPolicy({ nonce: "n", origins, dev: false, logoUrl: "https://cdn.example.org/brand/logo.png?v=2" }),
    );
    assert.ok(p.get("img-src")!.includes("https://cdn.example.org"));
    assert.ok(!p.get("connect-src")!.includes("https://cdn.example.org"));
    const onGateway = parse(
      contentSecurityPolicy({ nonce: "n", origins, dev: false, logoUrl: `${origins.gatewayUrl}/ipfs/bafy/logo.svg` }),
    );
    assert.deepEqual(
      onGateway.get("img-src"),
      parse(contentSecurityPolicy({ nonce: "n", origins, dev: false })).get("img-src"),
    );
  });

  it("adds eval for scripts and inline styles only under next dev", () => {
    const p = parse(contentSecurityPolicy({ nonce: "n", origins, dev: true }));
    assert.deepEqual(p.get("script-src"), ["'self'", "'nonce-n'", "'unsafe-eval'"]);
    assert.deepEqual(p.get("style-src-elem"), ["'self'", "'unsafe-inline'"]);
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const a = newNonce();
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(a, newNonce());
  });
});
