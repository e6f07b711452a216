import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { keyIdOfUri, keyUri, keyRequestSchema, manifestAccessSchema } from "../src/paid.ts";
import { accountPublicKey, openSealedKey, sealKey } from "../src/key-service.ts";

describe("paid videos: key URIs, request shape, sealing", () => {
  it("chorus-key: URIs round-trip and anything else is not a key URI", () => {
    const id = randomBytes(16).toString("hex");
    assert.equal(keyIdOfUri(keyUri(id)), id);
    assert.equal(keyIdOfUri(`https://example.com/${id}`), undefined);
    assert.equal(keyIdOfUri("chorus-key:XYZ"), undefined);
  });

  it("the manifest's access and a key request are checked for shape", () => {
    assert.ok(manifestAccessSchema.safeParse({ encrypted: true, keyId: "ab".repeat(16), previewSeconds: 10 }).success);
    assert.ok(!manifestAccessSchema.safeParse({ encrypted: true, keyId: "nope", previewSeconds: 10 }).success);
    const bad = keyRequestSchema.safeParse({ kind: 2, postId: "0", manifestCid: "", account: "0x1", expiry: -1 });
    assert.ok(!bad.success);
    assert.ok(bad.error.issues.length >= 5, "every field at fault is named");
  });

  it("a key sealed to an account's public key opens with that account's key only", () => {
    const keeper = generatePrivateKey();
    const other = generatePrivateKey();
    const { publicKey, address } = accountPublicKey(keeper);
    assert.equal(address, privateKeyToAccount(keeper).address, "the public key's address is the account");
    const key = new Uint8Array(randomBytes(16));
    const sealed = sealKey(key, publicKey);
    assert.deepEqual(openSealedKey(sealed, keeper), key);
    assert.equal(openSealedKey(sealed, other), undefined);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("00") ? "01" : "00"}` as `0x${string}`;
    assert.equal(openSealedKey(tampered, keeper), undefined, "GCM refuses a changed byte");
  });
});
