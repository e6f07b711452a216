import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  documentsUpsert,
  failedDocumentUpsert,
  SEARCH_DDL,
  type SearchDocument,
  type Statement,
} from "../src/api/search-document.ts";

const video = (cid: string, title: string): SearchDocument => ({
  kind: "video",
  cid,
  attempts: 0,
  text: { title, body: "A $5 video, 100% about $1", tags: ["cooking"], durationSeconds: 60 },
});

/** search-index.ts binds a statement by splitting its text at `$n`: the text holds no other `$`, and every n is bound. */
function assertPlaceholders({ text, params }: Statement) {
  const used = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  assert.equal(text.replace(/\$\d+/g, "").includes("$"), false, "a `$` that is not a placeholder");
  assert.deepEqual(
    [...new Set(used)].sort((a, b) => a - b),
    Array.from({ length: params.length }, (_, i) => i + 1),
  );
}

describe("search-document: the search table's statements", () => {
  it("numbers the parameters of a batch in order, each document's text a parameter (never in the SQL)", () => {
    const statement = documentsUpsert([video("bafy1", "Pasta's $1 night"), video("bafy2", "Bread")]);
    assertPlaceholders(statement);
    assert.equal(statement.params.length, 16);
    assert.deepEqual(statement.params.slice(0, 8), [
      "Pasta's $1 night",
      "bafy1",
      "video",
      1,
      '["cooking"]',
      60,
      "cooking",
      "A $5 video, 100% about $1",
    ]);
    assert.equal(statement.params[9], "bafy2");
    assert.equal(statement.text.includes("Pasta"), false);
  });

  it("keeps the failure and DDL statements free of stray placeholders", () => {
    assertPlaceholders(failedDocumentUpsert("policy", "bafy3", "unavailable", 2, 123));
    assert.deepEqual(failedDocumentUpsert("policy", "bafy3", "invalid", 2, null).params, [
      "bafy3",
      "policy",
      "invalid",
      3,
      null,
    ]);
    for (const text of SEARCH_DDL) assertPlaceholders({ text, params: [] });
  });
});
