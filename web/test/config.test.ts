import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULTS, parseConfig } from "../src/lib/config";

describe("parseConfig", () => {
  it("uses the local defaults when nothing is set", () => {
    assert.deepEqual(parseConfig({}), {
      ok: true,
      config: {
        chainId: 31337,
        chainName: "Local chain (Anvil)",
        chainRpcUrl: DEFAULTS.CHAIN_RPC_URL,
        indexerUrl: DEFAULTS.INDEXER_URL,
        gatewayUrl: DEFAULTS.IPFS_GATEWAY_URL,
        workerUrl: DEFAULTS.WORKER_URL,
        explorerUrl: null,
        testHooks: false,
      },
    });
  });

  it("turns the test hooks on only for CHORUS_TEST_HOOKS=1", () => {
    const on = parseConfig({ CHORUS_TEST_HOOKS: "1" });
    assert.ok(on.ok && on.config.testHooks);
    const off = parseConfig({ CHORUS_TEST_HOOKS: "0" });
    assert.ok(off.ok && !off.config.testHooks);
    const bad = parseConfig({ CHORUS_TEST_HOOKS: "yes" });
    assert.ok(!bad.ok && bad.problems.some((p) => p.includes("CHORUS_TEST_HOOKS must be 1 or 0")));
  });

  it("reads every variable and strips trailing slashes", () => {
    const result = parseConfig({
      CHAIN_RPC_URL: "http://127.0.0.1:9545",
      CHAIN_ID: "11155111",
      CHAIN_NAME: "Sepolia",
      INDEXER_URL: "http://127.0.0.1:50001/",
      IPFS_GATEWAY_URL: "https://gw.example.org//",
      WORKER_URL: "http://127.0.0.1:50003",
      EXPLORER_URL: "https://sepolia.etherscan.io/",
    });
    assert.ok(result.ok);
    assert.equal(result.config.chainId, 11155111);
    assert.equal(result.config.chainName, "Sepolia");
    assert.equal(result.config.indexerUrl, "http://127.0.0.1:50001");
    assert.equal(result.config.gatewayUrl, "https://gw.example.org");
    assert.equal(result.config.explorerUrl, "https://sepolia.etherscan.io");
  });

  it("names an unknown chain by its id", () => {
    const result = parseConfig({ CHAIN_ID: "8453" });
    assert.ok(result.ok);
    assert.equal(result.config.chainName, "Chain 8453");
  });

  it("treats empty variables as unset", () => {
    const result = parseConfig({ INDEXER_URL: "", CHAIN_ID: " ", CHAIN_NAME: "", EXPLORER_URL: "" });
    assert.ok(result.ok);
    assert.equal(result.config.indexerUrl, DEFAULTS.INDEXER_URL);
    assert.equal(result.config.chainId, 31337);
    assert.equal(result.config.explorerUrl, null);
  });

  it("lists every problem, naming the variable", () => {
    const result = parseConfig({
      INDEXER_URL: "not a url",
      CHAIN_ID: "abc",
      WORKER_URL: "ftp://127.0.0.1",
      IPFS_GATEWAY_URL: "http://x/?q=1",
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, 4);
    assert.ok(result.problems.some((p) => p.startsWith("INDEXER_URL")));
    assert.ok(result.problems.some((p) => p.startsWith("CHAIN_ID")));
    assert.ok(result.problems.some((p) => p.startsWith("WORKER_URL")));
    assert.ok(result.problems.some((p) => p.startsWith("IPFS_GATEWAY_URL")));
  });

  it("rejects a chain id that isn't a positive whole number", () => {
    for (const CHAIN_ID of ["0", "-1", "1.5"]) assert.equal(parseConfig({ CHAIN_ID }).ok, false, CHAIN_ID);
  });
});
