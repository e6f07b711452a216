import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commentsAbi, handlesAbi } from "@chorus/deployments";
import type { Account, Comment } from "@chorus/protocol";
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, type Abi } from "viem";
import { buildThreads, threadSize } from "../src/lib/comment-threads";
import { describeError } from "../src/lib/errors";
import {
  checkHandle,
  commentAccess,
  displayName,
  policiesFor,
  policyName,
  policyValue,
  postKindValue,
  utf8Length,
} from "../src/lib/social";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("checkHandle (the Handles contract's rule, checked as the user types)", () => {
  it("normalises what is typed: trim, lower case, a leading @ dropped", () => {
    assert.deepEqual(checkHandle("  @Alice_B "), { handle: "alice_b", error: null });
  });
  it("accepts the contract's examples and refuses its counter-examples with a reason", () => {
    for (const ok of ["abc", "a-b", "a1_b2", "x".repeat(24)]) assert.equal(checkHandle(ok).error, null, ok);
    const cases: [string, RegExp][] = [
      ["", /Type the handle/],
      ["ab", /at least 3/],
      ["x".repeat(25), /at most 24/],
      ["1abc", /starts with a letter/],
      ["-ab", /starts with a letter/],
      ["ab-", /can't end/],
      ["a--b", /next to each other/],
      ["a-_b", /next to each other/],
      ["al ice", /“ ” can't be in a handle/],
      ["аlice", /“а” can't be in a handle/], // Cyrillic а
      ["a.b", /“\.” can't be in a handle/],
    ];
    for (const [typed, reason] of cases) assert.match(checkHandle(typed).error ?? "", reason, typed);
  });
});

describe("names and policies", () => {
  const account = (over: Partial<Account>): Account => ({
    address: ALICE,
    fingerprint: "0x7099…79C8",
    nickname: null,
    handle: null,
    ...over,
  });
  it("shows a live handle, else the nickname, else the address — never an expired or released handle", () => {
    const handle = { handle: "alice", status: "live" as const, expiresAt: 2e9, releasedAt: null };
    assert.deepEqual(displayName(account({ handle, nickname: "Al" })), { kind: "handle", text: "alice" });
    assert.deepEqual(displayName(account({ handle: { ...handle, status: "expired" }, nickname: "Al" })), {
      kind: "nickname",
      text: "Al",
    });
    assert.deepEqual(displayName(account({ handle: { ...handle, status: "released" } })), {
      kind: "address",
      text: null,
    });
    assert.deepEqual(displayName(account({ nickname: "   " })), { kind: "address", text: null });
    assert.deepEqual(displayName(null), { kind: "address", text: null });
  });
  it("maps policies and post kinds to the contract's enum values and back", () => {
    assert.equal(postKindValue("video"), 0);
    assert.equal(postKindValue("release"), 1);
    for (const p of ["open", "verified-only", "members-only", "off"] as const)
      assert.equal(policyName(policyValue(p)), p);
    assert.equal(policyName(9), null);
  });
  it("offers members-only for channel releases only (the contract refuses it on a video)", () => {
    assert.ok(!policiesFor("video").includes("members-only"));
    assert.ok(policiesFor("release").includes("members-only"));
  });
  it("counts bytes as the contract does", () => {
    assert.equal(utf8Length("abc"), 3);
    assert.equal(utf8Length("é"), 2);
    assert.equal(utf8Length("👋"), 4);
  });
});

describe("commentAccess: the web never offers what will be refused", () => {
  const base = { connected: true, wrongChain: false, canComment: true };
  it("offers the form only when the chain said yes", () => {
    assert.equal(commentAccess({ ...base, policy: "open" }), "form");
    assert.equal(commentAccess({ ...base, policy: "open", canComment: undefined }), "checking");
    assert.equal(commentAccess({ ...base, policy: "open", canComment: undefined, failed: true }), "unavailable");
  });
  it("says why not: off, no wallet, wrong chain, no handle, not a member", () => {
    assert.equal(commentAccess({ ...base, policy: "off" }), "off");
    assert.equal(commentAccess({ ...base, connected: false, policy: "verified-only" }), "connect");
    assert.equal(commentAccess({ ...base, wrongChain: true, policy: "open" }), "switch");
    assert.equal(commentAccess({ ...base, canComment: false, policy: "verified-only" }), "needs-handle");
    assert.equal(commentAccess({ ...base, canComment: false, policy: "members-only" }), "needs-membership");
    assert.equal(commentAccess({ ...base, canComment: false, policy: "open" }), "refused");
  });
});

describe("buildThreads", () => {
  const c = (id: string, parentId: string | null = null): Comment => ({
    id,
    kind: "video",
    postId: "1",
    parentId,
    author: { address: ALICE, fingerprint: "0x7099…79C8", nickname: null, handle: null },
    body: `comment ${id}`,
    postedAt: Number(id),
    editedAt: null,
    deletedAt: null,
    txHash: "0x00",
  });
  const flat = [c("1"), c("2", "1"), c("3"), c("4", "2"), c("5", "1"), c("10")];
  it("nests replies under their parents, oldest first, and orders top-level comments as asked", () => {
    const newest = buildThreads(flat, "newest");
    assert.deepEqual(
      newest.map((t) => t.comment.id),
      ["10", "3", "1"],
    );
    const one = newest[2]!;
    assert.deepEqual(
      one.replies.map((t) => t.comment.id),
      ["2", "5"],
    );
    assert.deepEqual(
      one.replies[0]!.replies.map((t) => t.comment.id),
      ["4"],
    );
    assert.equal(threadSize(one), 4);
    assert.deepEqual(
      buildThreads(flat, "oldest").map((t) => t.comment.id),
      ["1", "3", "10"],
    );
  });
  it("keeps a reply whose parent isn't loaded, at the top level", () => {
    assert.deepEqual(
      buildThreads([c("7", "6")], "oldest").map((t) => t.comment.id),
      ["7"],
    );
  });
});

describe("Handles and Comments errors as sentences", () => {
  const revert = (abi: Abi, errorName: string, args: readonly unknown[]) => {
    const data = encodeErrorResult({ abi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
    const cause = new ContractFunctionRevertedError({ abi, data, functionName: "x" });
    return new ContractFunctionExecutionError(cause, {
      abi,
      functionName: "x",
      args: [],
      contractAddress: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    });
  };
  it("explains a taken handle and a refusal by policy, and says what to do", () => {
    const taken = describeError(revert(handlesAbi, "HandlesTaken", ["alice", ALICE, 2_000_000_000n]), {
      outcome: "no handle was claimed",
    });
    assert.equal(taken.kind, "revert");
    assert.match(taken.message, /@alice is held by 0x7099…79C8 .* Choose another/);
    const refused = describeError(revert(commentsAbi, "CommentsRefusedByPolicy", [0, 4n, 1, ALICE]), {
      outcome: "the comment wasn't posted",
    });
    assert.match(refused.message, /only accounts with a live verified handle may comment there — get a handle/);
  });
  it("has a sentence for every Handles and Comments error (none falls back to the error's name)", () => {
    for (const abi of [handlesAbi, commentsAbi] as Abi[])
      for (const item of abi) {
        if (item.type !== "error") continue;
        const args = item.inputs.map((input) =>
          input.type === "string" ? "x" : input.type === "address" ? ALICE : input.type === "uint8" ? 0 : 1n,
        );
        const message = describeError(revert(abi, item.name, args), { outcome: "nothing changed" }).message;
        assert.doesNotMatch(message, new RegExp(`\\(${item.name}\\)`), item.name);
      }
  });
});
