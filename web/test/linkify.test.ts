import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { linkify, safeHref, type Segment } from "../src/lib/linkify";

const links = (segments: Segment[]) => segments.filter((s) => s.kind === "link");
const joined = (segments: Segment[]) => segments.map((s) => s.text).join("");

describe("linkify", () => {
  it("leaves plain text as one text segment", () => {
    assert.deepEqual(linkify("hello world"), [{ kind: "text", text: "hello world" }]);
    assert.deepEqual(linkify(""), []);
  });

  it("links http and https URLs and keeps the text around them", () => {
    const segments = linkify("See https://example.com/a?b=1#c and http://foo.org.");
    assert.deepEqual(segments, [
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.com/a?b=1#c", href: "https://example.com/a?b=1#c" },
      { kind: "text", text: " and " },
      { kind: "link", text: "http://foo.org", href: "http://foo.org/" },
      { kind: "text", text: "." },
    ]);
  });

  it("links bare www. hosts over https", () => {
    assert.deepEqual(links(linkify("visit www.example.org today")), [
      { kind: "link", text: "www.example.org", href: "https://www.example.org/" },
    ]);
  });

  it("never links javascript:, data: or other schemes", () => {
    for (const text of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://example.com/x",
    ]) {
      const segments = linkify(text);
      assert.equal(links(segments).length, 0, text);
      assert.equal(joined(segments), text, "the text itself is kept, as text");
    }
  });

  it("does not turn a javascript: URL hidden inside an http-looking string into a link", () => {
    const segments = linkify("xhttps://evil.com and javascript:https://example.com");
    // "xhttps://…" is not at a word boundary; the https part of the second one is a real https URL on its own.
    for (const link of links(segments)) assert.match((link as { href: string }).href, /^https:\/\//);
    assert.equal(joined(segments), "xhttps://evil.com and javascript:https://example.com");
  });

  it("keeps HTML as inert text and stops URLs at angle brackets and quotes", () => {
    const text = `<img src=x onerror="alert(1)"> <a href="https://evil.com">x</a> <script>alert(1)</script>`;
    const segments = linkify(text);
    assert.equal(joined(segments), text);
    for (const link of links(segments)) {
      assert.ok(!/[<>"]/.test(link.text), `link text has no markup: ${link.text}`);
      assert.equal((link as { href: string }).href, "https://evil.com/");
    }
  });

  it("drops trailing punctuation and unbalanced closing brackets", () => {
    assert.deepEqual(
      links(linkify("(see https://example.com/page), or https://en.wikipedia.org/wiki/Foo_(bar)!")).map((l) => l.text),
      ["https://example.com/page", "https://en.wikipedia.org/wiki/Foo_(bar)"],
    );
    assert.deepEqual(
      links(linkify("Is it https://example.com?")).map((l) => l.text),
      ["https://example.com"],
    );
  });

  it("refuses credentials in URLs, which mislead readers about the host", () => {
    assert.equal(links(linkify("https://trusted.com@evil.example/login")).length, 0);
  });

  it("keeps newlines and other text exactly", () => {
    const text = "line one\nhttps://a.example/x\n\nline three";
    assert.equal(joined(linkify(text)), text);
  });
});

describe("safeHref", () => {
  it("accepts only http(s) with a host", () => {
    assert.equal(safeHref("https://example.com"), "https://example.com/");
    assert.equal(safeHref("http://localhost:3000/x"), "http://localhost:3000/x");
    assert.equal(safeHref("javascript:alert(1)"), null);
    assert.equal(safeHref("https://"), null);
    assert.equal(safeHref("https://nodot"), null);
    assert.equal(safeHref("not a url"), null);
  });
});
