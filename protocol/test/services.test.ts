// What the services share besides shapes: reading the environment (env.ts) and the one log format (log.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, httpUrl, parseEnv, port, required, text, withDefault, z } from "../src/env.ts";
import { createLogger, formatForHumans, parseLogLine } from "../src/log.ts";

describe("parseEnv", () => {
  const schema = z.object({
    PORT: withDefault(port("PORT"), 8700),
    URL: httpUrl("URL"),
    KEY: required("KEY", "the account key", text("KEY")),
  });

  it("takes defaults for unset and blank variables, trims, and drops a URL's trailing slash", () => {
    assert.deepEqual(parseEnv(schema, { PORT: " ", URL: " http://127.0.0.1:5001/ ", KEY: "k" }, { service: "test" }), {
      PORT: 8700,
      URL: "http://127.0.0.1:5001",
      KEY: "k",
    });
  });

  it("lists every variable at fault, each saying what it must be and what it got", () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: "80000", URL: "ws://x" }, { service: "test", hint: "see test/.env.example" });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems, [
      'PORT must be a whole number from 0 to 65535, got "80000"',
      'URL must be an http(s) URL without query or fragment, like http://127.0.0.1:5001, got "ws://x"',
      "KEY is required: the account key",
    ]);
    assert.match(error.message, /^test is misconfigured \(see test\/\.env\.example\):\n {2}- PORT/);
  });
});

describe("the log format", () => {
  it("writes one JSON object a line: time, level, service, msg, then the fields (errors and bigints made plain)", () => {
    const lines: string[] = [];
    const log = createLogger("worker", { write: (line) => lines.push(line), pretty: false });
    log("warn", "publish failed", { jobId: "j1", attempt: 2n, error: new Error("gone"), msg: "ignored" });
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith("}\n"));
    const record = parseLogLine(lines[0]!.trimEnd())!;
    assert.deepEqual(Object.keys(record).slice(0, 4), ["time", "level", "service", "msg"]);
    assert.equal(record.level, "warn");
    assert.equal(record.service, "worker");
    assert.equal(record.msg, "publish failed");
    assert.equal(record["jobId"], "j1");
    assert.equal(record["attempt"], "2");
    assert.match(String(record["error"]), /^Error: gone/);
    assert.ok(!Number.isNaN(Date.parse(record.time)));
  });

  it("prints the same record for a person on a terminal, and leaves other lines alone", () => {
    const lines: string[] = [];
    createLogger("keeper", { write: (line) => lines.push(line), pretty: true })("info", "proved deal=1", {
      period: 2,
      note: "a b",
    });
    assert.match(lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} info {2}keeper proved deal=1 period=2 note="a b"\n$/);
    assert.equal(parseLogLine("keeper ready address=0x…"), undefined);
    assert.equal(parseLogLine('{"not":"a record"}'), undefined);
    assert.match(
      formatForHumans({ time: "2026-12-06T10:00:00.000Z", level: "error", service: "ipfs-node", msg: "x" }),
      /error ipfs-node x$/,
    );
  });
});
