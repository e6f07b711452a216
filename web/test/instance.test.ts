import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULTS, parseConfig, parseInstance } from "../src/lib/config";
import { accentPalette, contrast, describeScope, scopeQuery } from "../src/lib/instance";

const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

function instanceOf(env: Record<string, string | undefined>) {
  const result = parseInstance(env);
  assert.ok(result.ok, result.ok ? "" : result.problems.join("; "));
  return result.instance;
}

function problemsOf(env: Record<string, string | undefined>) {
  const result = parseInstance(env);
  assert.ok(!result.ok, "expected the settings to be refused");
  const config = parseConfig(env);
  assert.ok(!config.ok, "parseConfig refuses them too, so the misconfiguration page shows");
  assert.deepEqual(config.problems, result.problems);
  return result.problems;
}

describe("instance settings", () => {
  it("are Chorus's own when nothing is set: its name, logo and colours, no scope", () => {
    assert.deepEqual(instanceOf({}), { name: "Chorus", logoUrl: null, accent: null, scope: null });
    assert.deepEqual(
      instanceOf({ INSTANCE_NAME: " ", INSTANCE_LOGO_URL: "", INSTANCE_ACCENT: "", INSTANCE_SCOPE_TAGS: "" }),
      { name: "Chorus", logoUrl: null, accent: null, scope: null },
      "empty variables are unset",
    );
  });

  it("read the name, an http(s) logo, an accent and a scope of channels, creators and tags", () => {
    const instance = instanceOf({
      INSTANCE_NAME: "  Night Owls TV ",
      INSTANCE_LOGO_URL: "https://cdn.example.org/owl.png?v=2",
      INSTANCE_ACCENT: "#E0462F",
      INSTANCE_SCOPE_CHANNELS: "3, 7,3",
      INSTANCE_SCOPE_CREATORS: ALICE.toLowerCase(),
      INSTANCE_SCOPE_TAGS: "Lo Fi,#cooking,,lo-fi",
    });
    assert.equal(instance.name, "Night Owls TV");
    assert.equal(instance.logoUrl, "https://cdn.example.org/owl.png?v=2");
    assert.equal(instance.accent?.["--accent"], "#e0462f");
    assert.deepEqual(instance.scope, { channels: ["3", "7"], creators: [ALICE], tags: ["lo-fi", "cooking"] });
    assert.deepEqual(scopeQuery(instance.scope!), {
      channels: ["3", "7"],
      creators: [ALICE],
      tags: ["lo-fi", "cooking"],
    });
  });

  it("serve an ipfs:// logo through the configured gateway", () => {
    const instance = instanceOf({
      INSTANCE_LOGO_URL: `ipfs://${CID}/logo.svg`,
      IPFS_GATEWAY_URL: "https://gw.example/",
    });
    assert.equal(instance.logoUrl, `https://gw.example/ipfs/${CID}/logo.svg`);
    assert.equal(
      instanceOf({ INSTANCE_LOGO_URL: `ipfs://${CID}` }).logoUrl,
      `${DEFAULTS.IPFS_GATEWAY_URL}/ipfs/${CID}`,
    );
  });

  it("refuse bad values with a message that names the variable and shows a good one", () => {
    assert.match(problemsOf({ INSTANCE_NAME: "x".repeat(41) }).join(), /INSTANCE_NAME must be at most 40 characters/);
    assert.match(problemsOf({ INSTANCE_LOGO_URL: "ftp://example.org/logo.png" }).join(), /INSTANCE_LOGO_URL must be/);
    assert.match(problemsOf({ INSTANCE_LOGO_URL: "ipfs://not-a-cid" }).join(), /ipfs:\/\/<cid>/);
    assert.match(problemsOf({ INSTANCE_ACCENT: "red" }).join(), /INSTANCE_ACCENT must be a colour as #rrggbb/);
    assert.match(problemsOf({ INSTANCE_ACCENT: "#fff" }).join(), /INSTANCE_ACCENT/);
    assert.match(
      problemsOf({ INSTANCE_SCOPE_CHANNELS: "3,seven" }).join(),
      /INSTANCE_SCOPE_CHANNELS: "seven" is not a channel id/,
    );
    assert.match(problemsOf({ INSTANCE_SCOPE_CHANNELS: "0" }).join(), /"0" is not a channel id/);
    assert.match(problemsOf({ INSTANCE_SCOPE_CREATORS: "0x1234" }).join(), /INSTANCE_SCOPE_CREATORS: "0x1234"/);
    assert.match(problemsOf({ INSTANCE_SCOPE_TAGS: "ok,###" }).join(), /INSTANCE_SCOPE_TAGS: "###" is not a tag/);
    const many = Array.from({ length: 101 }, (_, i) => String(i + 1)).join(",");
    assert.match(problemsOf({ INSTANCE_SCOPE_CHANNELS: many }).join(), /names 101; at most 100/);
  });

  it("describe their scope in words", () => {
    assert.equal(describeScope({ channels: ["1", "2", "3"], creators: [], tags: [] }), "3 channels");
    assert.equal(
      describeScope({ channels: [], creators: [ALICE], tags: ["cooking"] }),
      "1 creator and the tag #cooking",
    );
    assert.equal(
      describeScope({ channels: ["1"], creators: [ALICE, ALICE], tags: ["a", "b", "c", "d"] }),
      "1 channel, 2 creators and 4 tags",
    );
  });
});

describe("accentPalette", () => {
  it("keeps Chorus's look for Chorus's own colour", () => {
    const palette = accentPalette("#6650f0");
    assert.equal(palette["--accent-strong"], "#6650f0", "already readable under white text");
  });

  it("makes button labels and links readable (WCAG AA, 4.5:1) whatever the colour", () => {
    const samples = ["#ffff00", "#00ff00", "#ffffff", "#000000", "#1a1a1a", "#e0462f", "#8b7bff", "#0000ff", "#00ffff"];
    for (let i = 0; i < 64; i++) samples.push(`#${((i * 0x3b9aca1) % 0xffffff).toString(16).padStart(6, "0")}`);
    for (const colour of samples) {
      const palette = accentPalette(colour);
      assert.equal(palette["--accent"], colour);
      assert.ok(
        contrast(palette["--accent-strong"], "#ffffff") >= 4.5,
        `${colour}: button ${palette["--accent-strong"]}`,
      );
      assert.ok(
        contrast(palette["--accent-strong-hover"], "#ffffff") >= 4.5,
        `${colour}: hover ${palette["--accent-strong-hover"]}`,
      );
      assert.ok(contrast(palette["--accent-text"], "#2b2b35") >= 4.5, `${colour}: link ${palette["--accent-text"]}`);
      for (const value of Object.values(palette)) assert.match(value, /^#[0-9a-f]{6}$/);
    }
  });

  it("measures contrast as WCAG does", () => {
    assert.equal(contrast("#000000", "#ffffff"), 21);
    assert.equal(contrast("#777777", "#777777"), 1);
  });
});
