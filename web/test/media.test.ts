import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { explorerTxUrl, gatewayUrl, isSafeRelativePath } from "../src/lib/media";

const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

describe("gatewayUrl", () => {
  it("builds path-gateway URLs", () => {
    assert.equal(
      gatewayUrl("http://127.0.0.1:8080", CID, "master.m3u8"),
      `http://127.0.0.1:8080/ipfs/${CID}/master.m3u8`,
    );
    assert.equal(
      gatewayUrl("http://127.0.0.1:8080", CID, "240p/index.m3u8"),
      `http://127.0.0.1:8080/ipfs/${CID}/240p/index.m3u8`,
    );
  });
  it("encodes path segments", () => {
    assert.equal(gatewayUrl("http://g", CID, "a b/c%d.jpg"), `http://g/ipfs/${CID}/a%20b/c%25d.jpg`);
  });
  it("refuses paths that leave the CID's directory or name another origin", () => {
    for (const path of [
      "../other/x",
      "/etc/passwd",
      "a/../../b",
      "https://evil.com/x.m3u8",
      "javascript:alert(1)",
      "a\\b",
      "x?y=1",
      "",
      "./a",
    ]) {
      assert.equal(isSafeRelativePath(path), false, path);
      assert.equal(gatewayUrl("http://g", CID, path), null, path);
    }
  });
  it("refuses CIDs that aren't plain base32/base58 text", () => {
    assert.equal(gatewayUrl("http://g", "../../x", "master.m3u8"), null);
    assert.equal(gatewayUrl("http://g", `${CID}/..`, "master.m3u8"), null);
  });
});

describe("explorerTxUrl", () => {
  const hash = `0x${"1".repeat(64)}`;
  it("links to the explorer when there is one", () => {
    assert.equal(explorerTxUrl("https://etherscan.io", hash), `https://etherscan.io/tx/${hash}`);
  });
  it("gives nothing without an explorer or with a bad hash", () => {
    assert.equal(explorerTxUrl(null, hash), null);
    assert.equal(explorerTxUrl("https://etherscan.io", "0x12"), null);
  });
});
