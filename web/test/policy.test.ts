import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffPolicy, diffSummary, type DiffLine } from "../src/lib/policy";

const lines = (diff: ReturnType<typeof diffPolicy>) => diff.lines.filter((l): l is DiffLine => l.kind !== "fold");

describe("policy diff", () => {
  it("shows removed and added lines with their line numbers", () => {
    const diff = diffPolicy("# Policy\nNo ads.\nBe kind.\n", "# Policy\nNo sponsored content.\nBe kind.\n");
    assert.equal(diff.added, 1);
    assert.equal(diff.removed, 1);
    assert.equal(diff.same, false);
    assert.deepEqual(lines(diff), [
      { kind: "unchanged", text: "# Policy", oldNumber: 1, newNumber: 1 },
      { kind: "removed", text: "No ads.", oldNumber: 2, newNumber: null },
      { kind: "added", text: "No sponsored content.", oldNumber: null, newNumber: 2 },
      { kind: "unchanged", text: "Be kind.", oldNumber: 3, newNumber: 3 },
    ]);
    assert.equal(diffSummary(diff), "1 line added, 1 line removed");
  });
  it("ignores line endings and a missing final newline", () => {
    assert.equal(diffPolicy("a\r\nb", "a\nb\n").same, true);
    assert.equal(diffSummary(diffPolicy("x", "x")), "No changes");
  });
  it("handles empty documents", () => {
    const diff = diffPolicy("", "one\ntwo\n");
    assert.equal(diff.added, 2);
    assert.equal(diff.removed, 0);
  });
  it("folds long unchanged runs, keeping context around changes", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 15", "line fifteen");
    const diff = diffPolicy(before, after, 2);
    const kinds = diff.lines.map((l) => (l.kind === "fold" ? `fold ${l.count}` : l.kind));
    assert.deepEqual(kinds, [
      "fold 12",
      "unchanged",
      "unchanged",
      "removed",
      "added",
      "unchanged",
      "unchanged",
      "fold 13",
    ]);
    assert.equal(diffPolicy(before, after, Infinity).lines.length, 31);
    // One or two lines are shown rather than folded.
    const short = diffPolicy("1\n2\n3\n4\n5\n6\n", "1\n2\n3\n4\n5\nsix\n", 3);
    assert.ok(short.lines.every((l) => l.kind !== "fold"));
  });
});
