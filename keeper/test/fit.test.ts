// Which deals a keeper takes, and its configuration: pure rules, no chain.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { parseEther, zeroAddress } from "viem";
import { ConfigError } from "@chorus/protocol/env";
import { CONFIG_DEFAULTS, EMBEDDED_CACHE_HEADROOM_BYTES, loadConfig } from "../src/config.ts";
import {
  assessDeal,
  currentPeriod,
  firstPeriodIfJoined,
  KeeperStatus,
  type DealFacts,
  type FitContext,
  type FitPolicy,
} from "../src/fit.ts";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

const deal = (overrides: Partial<DealFacts> = {}): DealFacts => ({
  token: zeroAddress,
  size: 1_000_000n,
  replicas: 2,
  keepers: 0,
  start: 1_000n,
  periodSeconds: 60,
  periods: 10,
  end: 1_600n,
  pricePerPeriod: parseEther("0.001"),
  stakePerReplica: parseEther("0.01"),
  ...overrides,
});
const policy: FitPolicy = {
  tokens: [zeroAddress],
  minPricePerPeriod: parseEther("0.001"),
  maxStakePerReplica: parseEther("0.01"),
  maxBytes: 2_000_000,
};
const context: FitContext = { now: 900n, status: KeeperStatus.None, heldBytes: 0 };

describe("which deals a keeper joins", () => {
  it("joins a deal whose terms fit and that has a free slot", () => {
    assert.deepEqual(assessDeal(deal(), policy, context), { verdict: "join" });
  });

  it("at exactly the minimum price, the maximum stake and the free space: joins", () => {
    assert.deepEqual(assessDeal(deal({ size: 1_500_000n }), policy, { ...context, heldBytes: 500_000 }), {
      verdict: "join",
    });
  });

  it("watches a full deal whose terms fit (to report its keepers' misses), instead of joining", () => {
    assert.deepEqual(assessDeal(deal({ keepers: 2 }), policy, context), { verdict: "full" });
  });

  const skips: [string, Partial<DealFacts>, Partial<FitContext>, RegExp][] = [
    ["a token it does not take", { token: TOKEN }, {}, /not accepted/],
    ["a price below its minimum", { pricePerPeriod: parseEther("0.001") - 1n }, {}, /below the minimum/],
    ["a stake above its maximum", { stakePerReplica: parseEther("0.01") + 1n }, {}, /above the maximum/],
    [
      "more bytes than it has free, counting what it holds",
      { size: 1_500_001n },
      { heldBytes: 500_000 },
      /needs 1500001 bytes, 1500000 of 2000000 are free/,
    ],
    ["content it rejected before", {}, { rejected: "root mismatch" }, /rejected: root mismatch/],
    [
      "a deal in its last period (no full period left to serve)",
      {},
      { now: 1_000n + 9n * 60n + 1n },
      /no full period left/,
    ],
    ["a deal that has ended", {}, { now: 1_600n }, /no full period left/],
    ["a deal it is in", {}, { status: KeeperStatus.Active }, /already active/],
    ["a deal it left", {}, { status: KeeperStatus.Left }, /already left/],
    ["a deal it was evicted from, even with a free slot", {}, { status: KeeperStatus.Evicted }, /already evicted/],
  ];
  for (const [what, dealOverrides, contextOverrides, reason] of skips) {
    it(`skips ${what}`, () => {
      const fit = assessDeal(deal(dealOverrides), policy, { ...context, ...contextOverrides });
      assert.equal(fit.verdict, "skip");
      assert.match((fit as { reason: string }).reason, reason);
    });
  }

  it("takes ERC-20 deals only when configured to", () => {
    assert.deepEqual(assessDeal(deal({ token: TOKEN }), { ...policy, tokens: [zeroAddress, TOKEN] }, context), {
      verdict: "join",
    });
  });

  it("counts periods as the contract does: up to the start it serves from 0, during period c from c + 1, and from c when joining as c opens", () => {
    const d = deal();
    assert.equal(firstPeriodIfJoined(d, 999n), 0n);
    assert.equal(firstPeriodIfJoined(d, 1_000n), 0n);
    assert.equal(firstPeriodIfJoined(d, 1_001n), 1n);
    assert.equal(firstPeriodIfJoined(d, 1_059n), 1n);
    assert.equal(firstPeriodIfJoined(d, 1_060n), 1n);
    assert.equal(firstPeriodIfJoined(d, 1_061n), 2n);
    assert.equal(currentPeriod(d, 999n), undefined);
    assert.equal(currentPeriod(d, 1_000n), 0);
    assert.equal(currentPeriod(d, 1_599n), 9);
    assert.equal(currentPeriod(d, 1_600n), undefined);
  });
});

describe("the daemon's configuration", () => {
  const KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";

  it("needs only a key; everything else has a default, and empty means unset", () => {
    const config = loadConfig({ KEEPER_PRIVATE_KEY: KEY, KEEPER_IPFS_RPC_URL: "", KEEPER_POLL_MS: "" });
    assert.equal(config.chainRpcUrl, "http://127.0.0.1:8545");
    assert.equal(config.pollMs, CONFIG_DEFAULTS.pollMs);
    assert.deepEqual(config.tokens, [zeroAddress]);
    assert.deepEqual(config.ipfs, {
      embedded: {
        dataDir: path.join(CONFIG_DEFAULTS.dataDir, "ipfs"),
        rpcPort: 0,
        gatewayPort: 0,
        swarmPort: 0,
        cacheQuotaBytes: CONFIG_DEFAULTS.maxBytes + EMBEDDED_CACHE_HEADROOM_BYTES,
      },
    });
    assert.deepEqual(config.peers, []);
  });

  it("reads sizes with units, amounts in wei, peers, and an external node", () => {
    const config = loadConfig({
      KEEPER_PRIVATE_KEY: KEY,
      KEEPER_MAX_BYTES: "1.5GiB",
      KEEPER_MIN_PRICE_PER_PERIOD: "1000",
      KEEPER_MAX_STAKE: "20000000000000000",
      KEEPER_IPFS_RPC_URL: "http://127.0.0.1:5001/",
      KEEPER_PEERS: "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWA, /ip4/127.0.0.1/tcp/4002/p2p/12D3KooWB",
      KEEPER_TOKENS: `ETH,${TOKEN.toLowerCase()}`,
    });
    assert.equal(config.maxBytes, 1.5 * 1024 ** 3);
    assert.equal(config.minPricePerPeriod, 1000n);
    assert.equal(config.maxStakePerReplica, parseEther("0.02"));
    assert.deepEqual(config.ipfs, { rpcUrl: "http://127.0.0.1:5001", gatewayUrl: undefined });
    assert.equal(config.peers.length, 2);
    assert.deepEqual(config.tokens, [zeroAddress, TOKEN]);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{}, /KEEPER_PRIVATE_KEY is required/],
    [{ KEEPER_PRIVATE_KEY: "0x1234" }, /KEEPER_PRIVATE_KEY must be 0x followed by 64 hex digits/],
    [{ KEEPER_PRIVATE_KEY: KEY, KEEPER_MAX_STAKE: "0.1" }, /KEEPER_MAX_STAKE must be a whole number of wei/],
    [{ KEEPER_PRIVATE_KEY: KEY, KEEPER_MAX_BYTES: "lots" }, /KEEPER_MAX_BYTES must be a size/],
    [
      { KEEPER_PRIVATE_KEY: KEY, KEEPER_GATEWAY_PORT: "70000" },
      /KEEPER_GATEWAY_PORT must be a whole number from 0 to 65535/,
    ],
    [{ KEEPER_PRIVATE_KEY: KEY, KEEPER_PEERS: "127.0.0.1:4001" }, /KEEPER_PEERS must be multiaddrs/],
    [{ KEEPER_PRIVATE_KEY: KEY, KEEPER_CHAIN_RPC_URL: "ws://x" }, /KEEPER_CHAIN_RPC_URL must be an http\(s\) URL/],
  ];
  it("reports every problem at once and never echoes the private key", () => {
    const secret = `0x${"ab".repeat(31)}`;
    assert.throws(
      () => loadConfig({ KEEPER_PRIVATE_KEY: secret, KEEPER_POLL_MS: "soon" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 2 &&
        /KEEPER_POLL_MS must be a whole number from 10 to \d+, got "soon"/.test(error.message) &&
        !error.message.includes(secret),
    );
  });
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env).replace(KEY, "<key>")} with a clear message`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }
});
